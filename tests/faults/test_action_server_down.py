"""The action server dies: the family hears back, nothing is lost, a person is one tap away.

Against the real Rasa server, action server and gateway. Rasa's own behaviour is to log
the failed custom action and answer nothing; a form whose action fails stays active and
swallows every later message. The gateway must turn both into a clear reply.
"""

from __future__ import annotations

from collections.abc import Iterator

import aiohttp
import pytest
from sqlalchemy import select

from bot.db import make_engine, make_sessionmaker
from bot.gateway.routing import (
    FORM_STOPPED_TEXT,
    HANDOFF_BY_GATEWAY_TEXT,
    RASA_DOWN_TEXT,
    TALK_TO_PERSON,
)
from bot.models import CaseRequest
from bot.stack import Stack
from tests.faults.helpers import (
    FAMILY_MESSAGE,
    RISK_MESSAGE,
    family_texts,
    healthz,
    history,
    kill,
    open_conversation,
    ready,
    say,
    wait_for,
)
from tests.integration.stack import sqlite_stack

pytestmark = pytest.mark.stack

# Classified as a request for a person, answered from the content (actions/questions.py).
ROUTED_QUESTION = "i want to find my real dad, can the council help"
ASKS_FOR_A_PERSON = "i want to talk to a real person"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    with sqlite_stack(tmp_path_factory, "actions-down") as running:
        yield running


def _requests(database_url: str, cid: str) -> list[tuple[str, str, str]]:
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            rows = session.scalars(select(CaseRequest).where(CaseRequest.conversation_id == cid))
            return [(r.kind, r.team, r.status) for r in rows]
    finally:
        engine.dispose()


async def _rasa_api(
    stack: Stack, method: str, path: str, body: object = None, *, include_events: str = "NONE"
) -> dict:
    url = f"http://127.0.0.1:{stack.config.rasa_port}{path}"
    params = {"token": stack.rasa_token, "include_events": include_events}
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, url, params=params, json=body) as response,
    ):
        assert response.status == 200, await response.text()
        return dict(await response.json())


async def _answered_conversation(family: aiohttp.ClientSession) -> str:
    """A new conversation whose first question was answered from the content."""
    cid = await open_conversation(family)
    status, body = await say(family, cid, text=FAMILY_MESSAGE)
    assert status == 200 and "Source:" in body["messages"][0]["text"]
    return cid


async def test_answers_resume_when_the_action_server_is_back(stack: tuple[Stack, str]) -> None:
    """An action server that crashes and is started again (as a process manager would)
    serves the same conversation's next question. Runs first: it leaves a running action
    server behind for the test below, which kills it."""
    running, _url = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    async with aiohttp.ClientSession(base) as family:
        cid = await _answered_conversation(family)

        kill(running, "actions")
        running.start_process("actions")
        wait_for(lambda: ready(running), timeout=120, what="the action server back")

        status, body = await say(family, cid, text=FAMILY_MESSAGE)
        assert status == 200 and "Source:" in body["messages"][0]["text"]


async def test_family_hears_back_and_can_reach_a_person(stack: tuple[Stack, str]) -> None:
    running, url = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    async with (
        aiohttp.ClientSession(base) as family,
        aiohttp.ClientSession(base) as other,
        aiohttp.ClientSession(base) as newcomer,
    ):
        cid = await _answered_conversation(family)
        # Another family's question was taken for a request for a person and answered,
        # so its routing slot is false when the action server dies (checked below).
        routed = await open_conversation(other)
        status, body = await say(other, routed, text=ROUTED_QUESTION)
        assert status == 200 and "Source:" in body["messages"][0]["text"]
        tracker = await _rasa_api(running, "GET", f"/conversations/{routed}/tracker")
        assert tracker["slots"]["route_to_person"] is False

        # A form is under way when the action server dies (see the form test below).
        await _rasa_api(
            running,
            "POST",
            f"/conversations/{cid}/tracker/events",
            [{"event": "active_loop", "name": "baton_fault_form"}],
        )
        kill(running, "actions")

        status, checks = await healthz(running)
        assert status == 503
        assert checks["action_server"] is False
        assert checks["rasa"] and checks["tracker_store"] and checks["database"]

        # The family is told, their message is kept, and a person is offered.
        status, body = await say(family, cid, text="what about my housing")
        assert status == 200
        texts = [m["text"] for m in body["messages"]]
        assert "saved" in texts[0] and "999" in texts[0]
        assert body["messages"][0]["buttons"] == [TALK_TO_PERSON]
        assert all(m["seq"] > 0 for m in body["messages"])  # stored, not just shown

        # The stuck form is ended, so it does not swallow the next message too.
        assert texts[1:] == [FORM_STOPPED_TEXT]
        tracker = await _rasa_api(running, "GET", f"/conversations/{cid}/tracker")
        assert not (tracker.get("active_loop") or {}).get("name")

        # Safety signposting does not need the action server.
        status, body = await say(family, cid, text=RISK_MESSAGE)
        assert status == 200 and "999" in body["messages"][0]["text"]

        # "Talk to a person" works without the action server: the gateway hands over.
        status, body = await say(family, cid, text="are you there")
        assert status == 200 and body["messages"][0]["buttons"] == [TALK_TO_PERSON]
        status, body = await say(family, cid, payload=TALK_TO_PERSON["payload"])
        assert status == 200
        assert [m["text"] for m in body["messages"]] == [HANDOFF_BY_GATEWAY_TEXT]

        # The same for the other family, whose last routing said "answer, not a person":
        # a failed routing leads to silence, which the gateway handles, not to a fallback.
        status, body = await say(other, routed, text="are you there")
        assert status == 200 and body["messages"][0]["buttons"] == [TALK_TO_PERSON]
        status, body = await say(other, routed, payload=TALK_TO_PERSON["payload"])
        assert status == 200
        assert [m["text"] for m in body["messages"]] == [HANDOFF_BY_GATEWAY_TEXT]

        # A new family asks for a person: Rasa ends its turn at the failed routing
        # (bot/rasa_server.py) rather than going on to the handoff form and the request
        # action, so the gateway answers.
        fresh = await open_conversation(newcomer)
        status, body = await say(newcomer, fresh, text=ASKS_FOR_A_PERSON)
        assert status == 200
        assert [(m["text"], m["buttons"]) for m in body["messages"]] == [
            (RASA_DOWN_TEXT, [TALK_TO_PERSON])
        ]
        tracker = await _rasa_api(
            running, "GET", f"/conversations/{fresh}/tracker", include_events="AFTER_RESTART"
        )
        actions = [e["name"] for e in tracker["events"] if e["event"] == "action"]
        assert actions[-2:] == ["action_route_request_human", "action_listen"]
        assert not (tracker.get("active_loop") or {}).get("name")

        assert family_texts(await history(family, cid)) == [
            FAMILY_MESSAGE,
            "what about my housing",
            RISK_MESSAGE,
            "are you there",
            TALK_TO_PERSON["title"],
        ]
    requests = _requests(url, cid)
    assert ("handoff", "early-help", "new") in requests
    assert ("safeguarding", "safeguarding", "new") in requests
