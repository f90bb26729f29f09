"""Reassigning a request to the practitioner who already holds it is refused: the family
is not told again who holds it, and nothing is noted or audited (API and HTML form)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import AuditEvent, CaseNote, CaseRequest, Message, Team
from tests.console.conftest import RecordingNotifier

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
CaseFactory = Callable[..., tuple[int, str]]
LogIn = Callable[..., Awaitable[str]]


def csrf(token: str) -> dict[str, str]:
    return {"X-CSRF-Token": token}


def snapshot(sessions: sessionmaker[Session], request_id: int) -> tuple[object, ...]:
    """Everything a reassignment writes: the request, notes, audit events, family messages."""
    with sessions() as session:
        row = session.get_one(CaseRequest, request_id)
        return (
            row.status,
            row.assigned_to_id,
            row.claimed_at,
            session.scalars(select(CaseNote.id)).all(),
            # Showing the case page again is audited as a view; nothing else may be.
            session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.action != "request.viewed")
                .order_by(AuditEvent.id)
            ).all(),
            session.scalars(select(Message.id)).all(),
        )


@pytest.fixture
async def held(
    new_client: ClientFactory, make_user: UserFactory, make_case: CaseFactory, log_in: LogIn
) -> tuple[Client, str, int]:
    """Alice of Early Help holds a request: (her client, her CSRF token, the request id)."""
    make_user("alice", Team.EARLY_HELP, name="Alice Example")
    make_user("bob", Team.EARLY_HELP, name="Bob Example")
    client = await new_client()
    token = await log_in(client, "alice")
    request_id, _ = make_case()
    claimed = await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))
    assert claimed.status == 200
    return client, token, request_id


@pytest.mark.parametrize("waiting", [False, True], ids=["claimed", "waiting"])
async def test_the_holder_reassigning_to_themselves_is_409_and_the_family_hears_nothing(
    held: tuple[Client, str, int],
    sessions: sessionmaker[Session],
    notifier: RecordingNotifier,
    waiting: bool,
) -> None:
    client, token, request_id = held
    if waiting:
        response = await client.post(
            f"/console/api/cases/{request_id}/waiting", headers=csrf(token)
        )
        assert response.status == 200
    before, pushed = snapshot(sessions, request_id), len(notifier.calls)

    response = await client.post(
        f"/console/api/cases/{request_id}/reassign",
        json={"to": "alice", "note": "mine again"},
        headers=csrf(token),
    )

    assert (response.status, await response.json()) == (
        409,
        {"error": "you already hold this request"},
    )
    assert snapshot(sessions, request_id) == before
    assert len(notifier.calls) == pushed


async def test_a_manager_reassigning_to_the_holder_is_409(
    held: tuple[Client, str, int],
    new_client: ClientFactory,
    make_user: UserFactory,
    log_in: LogIn,
    sessions: sessionmaker[Session],
    notifier: RecordingNotifier,
) -> None:
    _, _, request_id = held
    make_user("mo", Team.EARLY_HELP, role="manager")
    manager = await new_client()
    token = await log_in(manager, "mo")
    before, pushed = snapshot(sessions, request_id), len(notifier.calls)

    response = await manager.post(
        f"/console/api/cases/{request_id}/reassign",
        json={"to": "alice", "note": "x"},
        headers=csrf(token),
    )

    assert (response.status, await response.json()) == (
        409,
        {"error": "that colleague already holds this request"},
    )
    assert snapshot(sessions, request_id) == before
    assert len(notifier.calls) == pushed


async def test_the_reassign_form_to_the_holder_reshows_the_page_with_the_reason(
    held: tuple[Client, str, int], sessions: sessionmaker[Session], notifier: RecordingNotifier
) -> None:
    client, token, request_id = held
    before, pushed = snapshot(sessions, request_id), len(notifier.calls)

    response = await client.post(
        f"/console/cases/{request_id}/reassign",
        data={"csrf_token": token, "to": "alice", "note": "mine again"},
        allow_redirects=False,
    )

    assert response.status == 409
    assert "You already hold this request." in await response.text()
    assert snapshot(sessions, request_id) == before
    assert len(notifier.calls) == pushed


async def test_reassigning_to_a_colleague_still_tells_the_family(
    held: tuple[Client, str, int], sessions: sessionmaker[Session], notifier: RecordingNotifier
) -> None:
    client, token, request_id = held
    pushed = len(notifier.calls)

    response = await client.post(
        f"/console/api/cases/{request_id}/reassign",
        json={"to": "bob", "note": "Bob knows the school"},
        headers=csrf(token),
    )

    assert response.status == 200, await response.text()
    assert (await response.json())["assigned_to"] == "Bob Example"
    assert len(notifier.calls) == pushed + 1
    assert "Bob Example" in notifier.calls[-1][1]["text"]
