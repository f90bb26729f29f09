"""Rasa stops: families still hear back, keep their messages, and can reach a person."""

from __future__ import annotations

from collections.abc import Iterator

import aiohttp
import pytest
from sqlalchemy import select

from bot.db import make_engine, make_sessionmaker
from bot.gateway.routing import GREETING_WHEN_DOWN, HANDOFF_BY_GATEWAY_TEXT, TALK_TO_PERSON
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
    say,
)
from tests.integration.stack import sqlite_stack

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    with sqlite_stack(tmp_path_factory, "rasa-down") as running:
        yield running


async def test_rasa_stopped(stack: tuple[Stack, str]) -> None:
    running, url = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    async with aiohttp.ClientSession(base) as family:
        cid = await open_conversation(family)
        kill(running, "rasa")

        status, checks = await healthz(running)
        assert status == 503
        assert checks["rasa"] is False and checks["tracker_store"] is False
        assert checks["database"] is True

        status, body = await say(family, cid, text=FAMILY_MESSAGE)
        assert status == 200
        [reply] = body["messages"]
        assert "saved" in reply["text"] and "999" in reply["text"]
        assert reply["buttons"] == [TALK_TO_PERSON] and reply["seq"] > 0

        status, body = await say(family, cid, text=RISK_MESSAGE)
        assert status == 200 and "999" in body["messages"][0]["text"]

        status, body = await say(family, cid, text="hello?")
        status, body = await say(family, cid, payload=TALK_TO_PERSON["payload"])
        assert status == 200
        assert [m["text"] for m in body["messages"]] == [HANDOFF_BY_GATEWAY_TEXT]
        assert family_texts(await history(family, cid)) == [
            FAMILY_MESSAGE,
            RISK_MESSAGE,
            "hello?",
            TALK_TO_PERSON["title"],
        ]

        # A new family is greeted honestly, with the way to a person.
        async with family.post("/api/conversations") as response:
            assert response.status == 201
            # The greeting, then the privacy notice (which needs no Rasa).
            greeting, notice = (await response.json())["messages"]
        assert notice["text"].startswith("Privacy:")
        assert greeting["text"] == GREETING_WHEN_DOWN
        assert greeting["buttons"] == [TALK_TO_PERSON]

    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            kinds = sorted(
                session.scalars(select(CaseRequest.kind).where(CaseRequest.conversation_id == cid))
            )
    finally:
        engine.dispose()
    assert kinds == ["handoff", "safeguarding"]
