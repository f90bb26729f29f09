"""A question asked with a disclosure: signposting and the urgent case first, then the answer.

Only a content answer (the "Source:" line of actions/questions.py) may follow the
signposting, only when Rasa takes the message for a question, no form is open and no
practitioner holds the conversation, and only within a few seconds.
"""

from __future__ import annotations

import time

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.answer_format import with_source
from bot.gateway import routing
from bot.models import CaseRequest
from tests.gateway.fakes import FakeRasa
from tests.gateway.people import hand_to_practitioner

QUESTION = "my ex was violent to me, is there support for my children"
ANSWER = with_source("Moving Forward is a programme for children who lived with abuse.", "a")


@pytest.fixture
def asked(fake_rasa: FakeRasa) -> FakeRasa:
    fake_rasa.intents[QUESTION] = "ask_question"
    fake_rasa.replies[QUESTION] = [ANSWER]
    return fake_rasa


async def _say(gateway: TestClient, text: str) -> tuple[str, list[dict]]:
    cid = str((await (await gateway.post("/api/conversations")).json())["conversation_id"])
    response = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": text})
    assert response.status == 200
    return cid, (await response.json())["messages"]


def _cases(sqlite_url: str) -> list[CaseRequest]:
    engine = create_engine(sqlite_url)
    with Session(engine) as session:
        found = list(session.scalars(select(CaseRequest)))
    engine.dispose()
    return found


async def test_the_answer_follows_the_signposting_and_is_kept(
    gateway: TestClient, asked: FakeRasa, sqlite_url: str
) -> None:
    cid, replies = await _say(gateway, QUESTION)
    assert "999" in replies[0]["text"] and "Childline" in replies[0]["text"]
    assert [reply["text"] for reply in replies[1:]] == [ANSWER]
    [case] = _cases(sqlite_url)
    assert (case.kind, case.priority) == ("safeguarding", "urgent")
    history = await (await gateway.get(f"/api/conversations/{cid}/messages?after=0")).json()
    assert history["messages"][-1]["text"] == ANSWER


async def test_only_a_content_answer_follows_nothing_else(
    gateway: TestClient, asked: FakeRasa
) -> None:
    asked.replies[QUESTION] = ["Sorry, I don't have an answer to that.", "Anything else?"]
    _, replies = await _say(gateway, QUESTION)
    assert len(replies) == 1 and "Childline" in replies[0]["text"]


async def test_a_disclosure_that_is_no_question_never_reaches_the_conversation(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    _, replies = await _say(gateway, "he hit me again and im scared")
    assert len(replies) == 1
    assert fake_rasa.parsed == ["he hit me again and im scared"]
    assert [m["message"] for m in fake_rasa.received] == ["/greet"]


async def test_inside_a_form_the_question_is_not_sent(gateway: TestClient, asked: FakeRasa) -> None:
    asked.active_loop = "booking_form"
    _, replies = await _say(gateway, QUESTION)
    assert len(replies) == 1
    assert [m["message"] for m in asked.received] == ["/greet"]


async def test_while_a_practitioner_holds_the_conversation_rasa_is_not_asked(
    gateway: TestClient, asked: FakeRasa, sqlite_url: str
) -> None:
    cid = str((await (await gateway.post("/api/conversations")).json())["conversation_id"])
    hand_to_practitioner(sqlite_url, cid)
    response = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": QUESTION})
    replies = (await response.json())["messages"]
    assert len(replies) == 1 and "Childline" in replies[0]["text"]
    assert asked.parsed == []


async def test_a_slow_answer_is_dropped_and_the_signposting_is_not_held_up(
    gateway: TestClient, asked: FakeRasa, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routing, "ANSWER_AFTER_SIGNPOSTING_SECONDS", 0.5)
    asked.delays[QUESTION] = 3.0
    started = time.monotonic()
    _, replies = await _say(gateway, QUESTION)
    assert time.monotonic() - started < 2.5
    assert len(replies) == 1 and "Childline" in replies[0]["text"]
