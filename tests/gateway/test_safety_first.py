"""The safety check runs on every family message before anything else, in the gateway."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from bot.models import AuditEvent, CaseRequest
from tests.gateway.fakes import FakeRasa
from tests.gateway.people import hand_to_practitioner

DISCLOSURE = "my mums boyfriend hit me again and im scared to go home"


async def _open(gateway: TestClient) -> str:
    return str((await (await gateway.post("/api/conversations")).json())["conversation_id"])


def _requests(sqlite_url: str) -> list[CaseRequest]:
    engine = create_engine(sqlite_url)
    with Session(engine) as session:
        found = list(session.scalars(select(CaseRequest).order_by(CaseRequest.id)))
    engine.dispose()
    return found


async def test_a_disclosure_gets_signposting_and_an_urgent_case_not_the_bot(
    gateway: TestClient, fake_rasa: FakeRasa, sqlite_url: str
) -> None:
    cid = await _open(gateway)
    response = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": DISCLOSURE})
    [reply] = (await response.json())["messages"]
    assert response.status == 200
    assert "999" in reply["text"] and "Childline" in reply["text"]
    assert DISCLOSURE not in reply["text"]
    assert [m["message"] for m in fake_rasa.received] == ["/greet"]  # Rasa never saw it
    [case] = _requests(sqlite_url)
    assert (case.team, case.kind, case.priority, case.status) == (
        "safeguarding",
        "safeguarding",
        "urgent",
        "new",
    )


async def test_an_ordinary_look_alike_goes_to_the_bot(
    gateway: TestClient, fake_rasa: FakeRasa, sqlite_url: str
) -> None:
    cid = await _open(gateway)
    await gateway.post(
        f"/api/conversations/{cid}/messages", json={"text": "my son hurt his knee at football"}
    )
    assert fake_rasa.received[-1]["message"] == "my son hurt his knee at football"
    assert _requests(sqlite_url) == []


async def test_a_second_disclosure_does_not_open_a_second_case(
    gateway: TestClient, sqlite_url: str
) -> None:
    cid = await _open(gateway)
    for _ in range(2):
        await gateway.post(f"/api/conversations/{cid}/messages", json={"text": DISCLOSURE})
    assert len(_requests(sqlite_url)) == 1
    engine = create_engine(sqlite_url)
    with Session(engine) as session:
        repeats = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "safeguarding.repeat")
        ).all()
    engine.dispose()
    assert len(repeats) == 1


async def test_a_disclosure_during_a_practitioner_handoff_is_still_caught(
    gateway: TestClient, sqlite_url: str
) -> None:
    cid = await _open(gateway)
    hand_to_practitioner(sqlite_url, cid)
    response = await gateway.post(
        f"/api/conversations/{cid}/messages", json={"text": "i dont want to be here anymore"}
    )
    [reply] = (await response.json())["messages"]
    assert "Samaritans" in reply["text"]
    assert [c.kind for c in _requests(sqlite_url)] == ["handoff", "safeguarding"]


async def test_signposting_works_when_rasa_is_down(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    cid = await _open(gateway)
    fake_rasa.healthy = False
    response = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": DISCLOSURE})
    [reply] = (await response.json())["messages"]
    assert "999" in reply["text"] and "Childline" in reply["text"]


async def test_when_the_database_fails_signposting_still_works_and_others_are_asked_to_resend(
    gateway: TestClient, sqlite_url: str
) -> None:
    cid = await _open(gateway)
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE messages"))
    engine.dispose()

    risk = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": DISCLOSURE})
    [reply, not_saved] = (await risk.json())["messages"]
    assert risk.status == 200
    assert "999" in reply["text"] and reply["seq"] == 0
    assert "could not be saved" in not_saved["text"] and not_saved["seq"] == 0

    ordinary = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": "hello"})
    body = await ordinary.json()
    assert ordinary.status == 503
    assert "send it again" in body["error"] and "999" in body["error"]
    assert "messages" not in body["error"]  # no database detail leaks
