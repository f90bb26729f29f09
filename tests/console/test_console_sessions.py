"""Logging in and out through the console API: cookies, rotation, idle expiry."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from http.cookies import Morsel, SimpleCookie
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.console.sessions import COOKIE_NAME
from bot.models import AuditEvent, ConsoleSession, Practitioner, utcnow

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
LogIn = Callable[..., Awaitable[str]]


def set_cookie(response: aiohttp.ClientResponse) -> Morsel[str]:
    """The console cookie from the response's Set-Cookie header, attributes and all."""
    cookie: SimpleCookie = SimpleCookie()
    for header in response.headers.getall("Set-Cookie", []):
        cookie.load(header)
    assert COOKIE_NAME in cookie, response.headers
    return cookie[COOKIE_NAME]


async def api_login(client: Client, username: str, password: str) -> aiohttp.ClientResponse:
    return await client.post(
        "/console/api/login", json={"username": username, "password": password}
    )


def as_cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE_NAME}={token}"}


def session_rows(sessions: sessionmaker[Session]) -> list[ConsoleSession]:
    with sessions() as session:
        return list(session.scalars(select(ConsoleSession)).all())


async def test_login_returns_the_practitioner_and_a_csrf_token(
    client: Client, make_user: UserFactory, password: str, sessions: sessionmaker[Session]
) -> None:
    alice_id = make_user("alice", name="Alice Example")

    response = await api_login(client, "alice", password)

    assert response.status == 200
    body = await response.json()
    assert body["practitioner"] == {
        "username": "alice",
        "name": "Alice Example",
        "team": "early-help",
        "role": "practitioner",
    }
    assert len(body["csrf_token"]) >= 32
    token = set_cookie(response).value
    assert token != body["csrf_token"]
    [row] = session_rows(sessions)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.practitioner_id == alice_id
    assert row.csrf_token == body["csrf_token"]
    with sessions() as session:
        assert session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor_id == alice_id)
        ).all() == ["console.login"]


async def test_session_cookie_is_httponly_samesite_strict_and_scoped_to_the_console(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    cookie = set_cookie(await api_login(client, "alice", password))

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/console"
    assert not cookie["secure"]


async def test_session_cookie_is_secure_when_served_over_https(
    start_server: Callable[..., Awaitable[TestServer]],
    settings: Settings,
    make_user: UserFactory,
    password: str,
) -> None:
    make_user("alice")
    secure_server = await start_server(dataclasses.replace(settings, secure_cookies=True))
    async with TestClient(secure_server) as secure_client:
        cookie = set_cookie(await api_login(secure_client, "alice", password))

    assert cookie["secure"] is True
    assert cookie["httponly"] is True


async def test_wrong_password_and_unknown_user_get_the_same_401(
    client: Client, make_user: UserFactory, password: str, sessions: sessionmaker[Session]
) -> None:
    make_user("alice")

    wrong = await api_login(client, "alice", password + "x")
    unknown = await api_login(client, "mallory", password)

    assert (wrong.status, unknown.status) == (401, 401)
    assert await wrong.json() == await unknown.json() == {"error": "Wrong username or password."}
    assert "Set-Cookie" not in wrong.headers and "Set-Cookie" not in unknown.headers
    assert session_rows(sessions) == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'"alice"',
        b"{}",
        b'{"username": "alice"}',
        b'{"username": "alice", "password": 12345678901234}',
        b'{"username": ["alice"], "password": "correct horse battery"}',
        b'{"username": "", "password": "correct horse battery"}',
        b"\xff\xfe",
        b'{"username": "alice", "password": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
)
async def test_malformed_login_bodies_are_400(
    client: Client, make_user: UserFactory, body: bytes
) -> None:
    make_user("alice")

    response = await client.post(
        "/console/api/login", data=body, headers={"Content-Type": "application/json"}
    )

    assert response.status == 400
    assert set(await response.json()) == {"error"}


async def test_an_oversized_login_body_is_refused(client: Client) -> None:
    response = await client.post("/console/api/login", json={"username": "a" * 20_000})

    assert response.status == 413
    assert set(await response.json()) == {"error"}


async def test_me_needs_a_session(client: Client, make_user: UserFactory, log_in: LogIn) -> None:
    make_user("alice")

    assert (await client.get("/console/api/me")).status == 401
    csrf = await log_in(client, "alice")
    response = await client.get("/console/api/me")

    assert response.status == 200
    assert await response.json() == {
        "practitioner": {
            "username": "alice",
            "name": "Alice",
            "team": "early-help",
            "role": "practitioner",
        },
        "csrf_token": csrf,
    }


@pytest.mark.parametrize("token", ["", "garbage", "x" * 5000, "é"])
async def test_an_unknown_cookie_is_unauthenticated(new_client: ClientFactory, token: str) -> None:
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())

    response = await raw.get("/console/api/me", headers=as_cookie(token))

    assert response.status == 401
    assert await response.json() == {"error": "Please log in."}


async def test_every_login_rotates_the_session_and_ends_the_one_presented(
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
) -> None:
    make_user("alice")
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())
    first = await api_login(raw, "alice", password)
    first_token, first_csrf = set_cookie(first).value, (await first.json())["csrf_token"]

    second = await raw.post(
        "/console/api/login",
        json={"username": "alice", "password": password},
        headers=as_cookie(first_token),
    )
    second_token, second_csrf = set_cookie(second).value, (await second.json())["csrf_token"]

    assert second_token != first_token
    assert second_csrf != first_csrf
    assert (await raw.get("/console/api/me", headers=as_cookie(first_token))).status == 401
    assert (await raw.get("/console/api/me", headers=as_cookie(second_token))).status == 200
    assert len(session_rows(sessions)) == 1


async def test_a_token_planted_before_login_is_worthless_after_it(
    new_client: ClientFactory, make_user: UserFactory, password: str
) -> None:
    """Session fixation: a cookie an attacker set is not adopted by the victim's login."""
    make_user("alice")
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())
    planted = "attacker-chosen-token-0123456789abcdefghijk"

    response = await raw.post(
        "/console/api/login",
        json={"username": "alice", "password": password},
        headers=as_cookie(planted),
    )

    assert set_cookie(response).value != planted
    assert (await raw.get("/console/api/me", headers=as_cookie(planted))).status == 401


async def test_an_idle_session_expires_and_is_deleted(
    client: Client,
    make_user: UserFactory,
    log_in: LogIn,
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user("alice")
    await log_in(client, "alice")
    with sessions.begin() as session:
        session.execute(
            update(ConsoleSession).values(
                last_seen_at=utcnow() - timedelta(seconds=settings.console_idle_timeout + 1)
            )
        )

    response = await client.get("/console/api/me")

    assert response.status == 401
    assert session_rows(sessions) == []


async def test_activity_keeps_a_session_alive(
    client: Client,
    make_user: UserFactory,
    log_in: LogIn,
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user("alice")
    await log_in(client, "alice")
    almost_expired = utcnow() - timedelta(seconds=settings.console_idle_timeout - 60)
    with sessions.begin() as session:
        session.execute(update(ConsoleSession).values(last_seen_at=almost_expired))

    assert (await client.get("/console/api/me")).status == 200

    [row] = session_rows(sessions)
    assert row.last_seen_at > almost_expired + timedelta(seconds=30)


async def test_logout_needs_the_csrf_token(
    client: Client, make_user: UserFactory, log_in: LogIn, sessions: sessionmaker[Session]
) -> None:
    make_user("alice")
    csrf = await log_in(client, "alice")

    missing = await client.post("/console/api/logout")
    wrong = await client.post("/console/api/logout", headers={"X-CSRF-Token": csrf[:-1] + "x"})

    assert (missing.status, wrong.status) == (403, 403)
    assert len(session_rows(sessions)) == 1
    assert (await client.get("/console/api/me")).status == 200


async def test_logout_deletes_the_session_and_clears_the_cookie(
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
) -> None:
    make_user("alice")
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())
    login = await api_login(raw, "alice", password)
    token, csrf = set_cookie(login).value, (await login.json())["csrf_token"]

    response = await raw.post(
        "/console/api/logout", headers={**as_cookie(token), "X-CSRF-Token": csrf}
    )

    assert response.status == 200
    cleared = set_cookie(response)
    assert cleared.value == ""
    assert cleared["max-age"] == "0"
    assert cleared["path"] == "/console"
    assert session_rows(sessions) == []
    assert (await raw.get("/console/api/me", headers=as_cookie(token))).status == 401


async def test_a_deactivated_practitioner_is_logged_out(
    client: Client, make_user: UserFactory, log_in: LogIn, sessions: sessionmaker[Session]
) -> None:
    alice_id = make_user("alice")
    await log_in(client, "alice")
    with sessions.begin() as session:
        practitioner: Any = session.get(Practitioner, alice_id)
        practitioner.active = False

    assert (await client.get("/console/api/me")).status == 401
    assert session_rows(sessions) == []
