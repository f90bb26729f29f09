"""Console routes for sessions: team-only, CSRF on every change, clear 400s for bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.booking import operations
from bot.booking.console_routes import SESSIONS_PATH, setup_booking_console
from bot.booking.models import BookableSession
from bot.config import Settings
from bot.console import accounts, setup_console
from bot.gateway.keys import NOTIFIER, SESSIONS, SETTINGS
from bot.models import AuditEvent, Team, utcnow

PASSWORD = "correct horse battery"
SOON = (utcnow() + timedelta(days=5)).replace(microsecond=0)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
async def server(database_url: str, sessions: sessionmaker[Session]) -> AsyncIterator[TestServer]:
    app = web.Application()
    app[SETTINGS] = Settings(database_url=database_url)
    app[SESSIONS] = sessions
    app[NOTIFIER] = cast(Any, None)
    setup_console(app)
    setup_booking_console(app)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    yield test_server
    await test_server.close()


async def _logged_in(
    server: TestServer, sessions: sessionmaker[Session], username: str, team: Team
) -> tuple[TestClient[web.Request, web.Application], dict[str, str]]:
    with sessions.begin() as session:
        accounts.add_practitioner(session, username, username.title(), team, password=PASSWORD)
    client: TestClient[web.Request, web.Application] = TestClient(server)
    await client.start_server()
    response = await client.post(
        "/console/api/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status == 200
    return client, {"X-CSRF-Token": (await response.json())["csrf_token"]}


def _new_session() -> dict[str, Any]:
    return {
        "title": "Dads' group",
        "venue": "Family hub",
        "starts_at": SOON.isoformat(),
        "ends_at": (SOON + timedelta(hours=2)).isoformat(),
        "capacity": 2,
        "audience": "dads",
        "age_min": 0,
        "age_max": 11,
        "service_id": "walk-and-talk-group",
    }


async def test_add_edit_and_see_attendees_of_a_teams_session(
    server: TestServer, sessions: sessionmaker[Session]
) -> None:
    client, csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    try:
        response = await client.post(SESSIONS_PATH, json=_new_session(), headers=csrf)
        assert response.status == 201, await response.text()
        created = await response.json()
        assert (created["team"], created["capacity"], created["sample"]) == ("early-help", 2, False)

        with sessions.begin() as session:
            from bot.casequeue.conversations import create_conversation

            family = create_conversation(session, "web").id
            operations.book(session, family, created["id"], places=2, name="Jo", contact="j@x.org")

        path = f"{SESSIONS_PATH}/{created['id']}"
        response = await client.post(path, json={"capacity": 1}, headers=csrf)
        assert response.status == 400
        assert "already booked" in (await response.json())["error"]
        response = await client.post(path, json={"capacity": 6, "venue": "Library"}, headers=csrf)
        assert response.status == 200
        assert ((await response.json())["capacity"], (await response.json())["venue"]) == (
            6,
            "Library",
        )

        response = await client.get(path + "/attendees")
        [attendee] = (await response.json())["attendees"]
        assert (attendee["name"], attendee["places"], attendee["status"]) == ("Jo", 2, "active")
        response = await client.get(SESSIONS_PATH)
        assert [s["id"] for s in (await response.json())["sessions"]] == [created["id"]]
        with sessions() as session:
            actions = session.scalars(select(AuditEvent.action)).all()
        assert "booking.attendees_viewed" in actions and "booking.session_edited" in actions
    finally:
        await client.close()


async def test_another_team_cannot_edit_or_see_attendees(
    server: TestServer, sessions: sessionmaker[Session]
) -> None:
    owner, owner_csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    other, other_csrf = await _logged_in(server, sessions, "kim", Team.CARE_LEAVERS)
    try:
        created = await (
            await owner.post(SESSIONS_PATH, json=_new_session(), headers=owner_csrf)
        ).json()
        path = f"{SESSIONS_PATH}/{created['id']}"
        assert (await other.post(path, json={"capacity": 50}, headers=other_csrf)).status == 403
        assert (await other.get(path + "/attendees")).status == 403
        assert (await other.get(f"{SESSIONS_PATH}/999999/attendees")).status == 404
        assert (await other.get(SESSIONS_PATH)).status == 200
        assert (await (await other.get(SESSIONS_PATH)).json())["sessions"] == []
    finally:
        await owner.close()
        await other.close()


async def test_changes_need_login_and_the_csrf_token(
    server: TestServer, sessions: sessionmaker[Session]
) -> None:
    client, _ = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    anonymous: TestClient[web.Request, web.Application] = TestClient(server)
    await anonymous.start_server()
    try:
        assert (await anonymous.get(SESSIONS_PATH)).status == 401
        assert (await client.post(SESSIONS_PATH, json=_new_session())).status == 403
        wrong = {"X-CSRF-Token": "not-the-token"}
        assert (await client.post(SESSIONS_PATH, json=_new_session(), headers=wrong)).status == 403
        with sessions() as session:
            assert session.scalars(select(BookableSession)).all() == []
    finally:
        await client.close()
        await anonymous.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"capacity": 0}, '"capacity" must be a whole number'),
        ({"capacity": "10"}, '"capacity" must be a whole number'),
        ({"starts_at": "next tuesday"}, '"starts_at" must be a date and time'),
        ({"ends_at": (SOON - timedelta(hours=1)).isoformat()}, '"ends_at" must be after'),
        (
            {
                "starts_at": (SOON - timedelta(days=30)).isoformat(),
                "ends_at": (SOON - timedelta(days=30, hours=-1)).isoformat(),
            },
            "start in the future",
        ),
        ({"title": ""}, '"title" must be non-empty'),
        ({"team": "safeguarding"}, "Unknown fields: team"),
        ({"age_min": 12, "age_max": 3}, '"age_min" must not be more'),
    ],
)
async def test_bad_input_is_a_clear_400(
    server: TestServer, sessions: sessionmaker[Session], change: dict[str, Any], message: str
) -> None:
    client, csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    try:
        response = await client.post(SESSIONS_PATH, json={**_new_session(), **change}, headers=csrf)
        assert response.status == 400
        assert message in (await response.json())["error"]
    finally:
        await client.close()


@pytest.mark.parametrize(
    "spelling",
    ["%C2%B2", "%D9%A3", "%EF%BC%91", "0{id}", "0", "2147483648", "999999999999", "9" * 4301],
)
async def test_a_session_has_one_spelling_of_its_id_and_others_are_404(
    server: TestServer, sessions: sessionmaker[Session], spelling: str
) -> None:
    # "²" passes str.isdigit() but not int(); "٣", "１" and "01" pass both; past 2**31-1
    # PostgreSQL refuses the query; past 4300 digits int() refuses the string.
    client, csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    try:
        created = await (await client.post(SESSIONS_PATH, json=_new_session(), headers=csrf)).json()
        path = f"{SESSIONS_PATH}/{spelling.format(id=created['id'])}"

        attendees = await client.get(path + "/attendees")
        edit = await client.post(path, json={"capacity": 3}, headers=csrf)

        assert (attendees.status, await attendees.json()) == (404, {"error": "No such session."})
        assert (edit.status, await edit.json()) == (404, {"error": "No such session."})
        with sessions() as session:
            assert session.scalars(select(BookableSession.capacity)).all() == [2]
    finally:
        await client.close()


FAR = "9999-12-31T23:00:00-12:00"
HOSTILE_CREATES = [
    ({"kind": []}, '"kind" must be'),
    ({"kind": {}}, '"kind" must be'),
    ({"starts_at": FAR, "ends_at": "9999-12-31T23:30:00-12:00"}, '"starts_at" must be no more'),
    ({"starts_at": "0001-01-01T00:00:00+14:00"}, '"starts_at" must be no more'),
    ({"ends_at": (SOON + timedelta(days=4 * 365)).isoformat()}, '"ends_at" must be no more'),
    ({"title": "\u0000"}, '"title" must be non-empty'),
    ({"title": "\u200b\u202e "}, '"title" must be non-empty'),
    ({"title": ["x"]}, '"title" must be non-empty'),
    ({"venue": {"a": 1}}, '"venue" must be non-empty'),
    ({"audience": 5}, '"audience" must be non-empty'),
    ({"weeks": None}, '"weeks" must be a whole number'),
    ({"capacity": None}, '"capacity" is required'),
]


@pytest.mark.parametrize(("change", "message"), HOSTILE_CREATES)
async def test_hostile_fields_on_a_new_session_are_a_400_naming_the_field(
    server: TestServer, sessions: sessionmaker[Session], change: dict[str, Any], message: str
) -> None:
    client, csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    try:
        response = await client.post(SESSIONS_PATH, json={**_new_session(), **change}, headers=csrf)

        assert response.status == 400, await response.text()
        assert message in (await response.json())["error"]
        with sessions() as session:
            assert session.scalars(select(BookableSession)).all() == []
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": ["x"]}, '"kind" must be'),
        ({"starts_at": None}, '"starts_at" must be a date and time'),
        ({"ends_at": "9999-12-31T23:30:00-12:00"}, '"ends_at" must be no more'),
        ({"weeks": None}, '"weeks" must be a whole number'),
        ({"capacity": None}, '"capacity" must be a whole number'),
        ({"title": "\u0000\u0085"}, '"title" must be non-empty'),
        ({"area": ["north"]}, '"area" must be non-empty'),
    ],
)
async def test_hostile_fields_on_an_edit_are_a_400_and_change_nothing(
    server: TestServer, sessions: sessionmaker[Session], change: dict[str, Any], message: str
) -> None:
    client, csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    try:
        created = await (await client.post(SESSIONS_PATH, json=_new_session(), headers=csrf)).json()

        response = await client.post(f"{SESSIONS_PATH}/{created['id']}", json=change, headers=csrf)

        assert response.status == 400, await response.text()
        assert message in (await response.json())["error"]
        [listed] = (await (await client.get(SESSIONS_PATH)).json())["sessions"]
        assert listed == created
    finally:
        await client.close()


async def test_session_text_is_stored_without_nul_controls_or_direction_overrides(
    server: TestServer, sessions: sessionmaker[Session]
) -> None:
    # PostgreSQL refused the NUL (a 500); SQLite stored it. Families read these fields.
    client, csrf = await _logged_in(server, sessions, "sam", Team.EARLY_HELP)
    try:
        body = {
            **_new_session(),
            "title": "Dads\u0000 group\u202e",
            "venue": "\u202eFamily\r\nhub\u0085",
            "area": "north\u0007",
        }
        response = await client.post(SESSIONS_PATH, json=body, headers=csrf)
        assert response.status == 201, await response.text()
        created = await response.json()
        edited = await client.post(
            f"{SESSIONS_PATH}/{created['id']}", json={"audience": "\u2066dads\u0000"}, headers=csrf
        )
        assert edited.status == 200, await edited.text()

        with sessions() as session:
            stored = session.get_one(BookableSession, created["id"])
            assert (stored.title, stored.venue, stored.area, stored.audience) == (
                "Dads group",
                "Family hub",
                "north",
                "dads",
            )
    finally:
        await client.close()
