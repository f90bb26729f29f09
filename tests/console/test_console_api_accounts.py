"""Admins managing accounts, through the JSON API and the HTML form: hostile input.

Every test runs on SQLite and PostgreSQL (PostgreSQL refuses a NUL in text; SQLite
stored it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.accounts import OWN_ACCOUNT
from bot.models import AuditEvent, Practitioner, Team

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
LogIn = Callable[..., Awaitable[str]]

ACCOUNTS = "/console/api/accounts"
NEW = {"username": "eve", "name": "Eve Example", "team": "early-help", "password": "x" * 12}


@pytest.fixture
async def ada(
    new_client: ClientFactory, make_user: UserFactory, log_in: LogIn
) -> tuple[Client, dict[str, str]]:
    """Ada, an Early Help admin, logged in through the API, with her CSRF header."""
    make_user("ada", Team.EARLY_HELP, name="Ada Admin", role="admin")
    client = await new_client()
    return client, {"X-CSRF-Token": await log_in(client, "ada")}


def stored_names(sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        rows = session.execute(select(Practitioner.username, Practitioner.display_name)).all()
    return {username: name for username, name in rows}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Eve\u0000", "Eve"), ("\u202eEve\u0085 Example\r\n", "Eve Example")],
)
async def test_a_name_with_nul_or_controls_is_stored_as_plain_text(
    ada: tuple[Client, dict[str, str]], sessions: sessionmaker[Session], typed: str, stored: str
) -> None:
    client, csrf = ada

    response = await client.post(ACCOUNTS, json={**NEW, "name": typed}, headers=csrf)

    assert response.status == 201, await response.text()
    assert stored_names(sessions)["eve"] == stored


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"name": {"a": 1}}, '"name" must be text'),
        ({"name": ["x"]}, '"name" must be text'),
        ({"name": 42}, '"name" must be text'),
        ({"password": 123456789012}, '"password" must be text'),
        ({"username": ["eve"]}, '"username" must be text'),
        ({"team": {"early-help": True}}, '"team" must be text'),
        ({"role": 1}, '"role" must be text'),
        ({"name": "\u0000"}, "display name must not be empty"),
        ({"name": "\u200b\u202e"}, "display name must not be empty"),
    ],
)
async def test_a_field_that_is_not_visible_text_is_a_400_naming_it(
    ada: tuple[Client, dict[str, str]],
    sessions: sessionmaker[Session],
    change: dict[str, Any],
    complaint: str,
) -> None:
    client, csrf = ada

    response = await client.post(ACCOUNTS, json={**NEW, **change}, headers=csrf)

    assert response.status == 400
    assert complaint in (await response.json())["error"]
    assert stored_names(sessions) == {"ada": "Ada Admin"}


async def test_the_account_form_stores_a_name_as_plain_text_and_refuses_an_invisible_one(
    ada: tuple[Client, dict[str, str]], sessions: sessionmaker[Session]
) -> None:
    client, csrf = ada
    form = {**NEW, "csrf_token": csrf["X-CSRF-Token"]}

    refused = await client.post("/console/accounts", data={**form, "name": "\u0000\u200b"})
    created = await client.post("/console/accounts", data={**form, "name": "Eve\u0000 \u202eEx"})

    assert refused.status == 400
    assert "display name must not be empty" in await refused.text()
    assert created.status == 200, await created.text()
    assert stored_names(sessions) == {"ada": "Ada Admin", "eve": "Eve Ex"}


async def test_an_admin_cannot_deactivate_their_own_account_through_the_api_or_the_page(
    ada: tuple[Client, dict[str, str]], sessions: sessionmaker[Session]
) -> None:
    client, csrf = ada

    api = await client.post(f"{ACCOUNTS}/ada/deactivate", headers=csrf)
    page = await client.post(
        "/console/accounts/ada/deactivate", data={"csrf_token": csrf["X-CSRF-Token"]}
    )

    assert (api.status, await api.json()) == (400, {"error": OWN_ACCOUNT})
    assert page.status == 400 and OWN_ACCOUNT in await page.text()
    with sessions() as session:
        assert session.scalars(select(Practitioner.active)).all() == [True]
        assert "account.deactivated" not in session.scalars(select(AuditEvent.action)).all()
    assert (await client.get("/console/api/me")).status == 200


async def test_an_admin_still_deactivates_a_colleague_through_the_api(
    ada: tuple[Client, dict[str, str]], make_user: UserFactory, sessions: sessionmaker[Session]
) -> None:
    client, csrf = ada
    make_user("bob", Team.EARLY_HELP)

    response = await client.post(f"{ACCOUNTS}/bob/deactivate", headers=csrf)

    assert (response.status, await response.json()) == (200, {"active": False})
    with sessions() as session:
        active = session.execute(select(Practitioner.username, Practitioner.active)).all()
    assert sorted(active) == [("ada", True), ("bob", False)]
