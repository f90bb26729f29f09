"""The routing core's recovery after a failure, against a loopback Rasa stand-in (fast).

The same behaviour is proven against the real processes in the other tests here; these
pin down the details: the stuck form, one handoff at most, replies kept on screen when
the database fails after Rasa answered.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import sessionmaker

from bot.db import make_engine, make_sessionmaker
from bot.gateway.rasa_client import RasaClient
from bot.gateway.routing import (
    FORM_STOPPED_TEXT,
    HANDOFF_BY_GATEWAY_TEXT,
    RASA_DOWN_TEXT,
    TALK_TO_PERSON,
    Router,
)
from bot.models import CaseRequest, Channel
from tests.gateway.fakes import FakeRasa


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeRasa, str]]:
    rasa = FakeRasa()
    server = TestServer(rasa.app(), host="127.0.0.1")
    await server.start_server()
    yield rasa, str(server.make_url(""))
    await server.close()


@pytest.fixture
async def router(fake: tuple[FakeRasa, str], sqlite_url: str) -> AsyncIterator[Router]:
    engine = make_engine(sqlite_url)
    async with aiohttp.ClientSession() as http:
        yield Router(make_sessionmaker(engine), RasaClient(fake[1], http, timeout=5))
    engine.dispose()


def _requests(sqlite_url: str) -> list[str]:
    engine = make_engine(sqlite_url)
    with sessionmaker(engine).begin() as session:
        kinds = list(session.scalars(select(CaseRequest.kind)))
    engine.dispose()
    return kinds


async def test_a_failed_action_in_a_form_ends_the_form(
    router: Router, fake: tuple[FakeRasa, str]
) -> None:
    rasa, _ = fake
    cid, _ = await router.start_conversation(Channel.WEB.value)
    rasa.silent, rasa.active_loop = True, "booking_form"
    replies = await router.handle_family_message(cid, text="tuesday please")
    assert [(m["text"], m["buttons"]) for m in replies] == [
        (RASA_DOWN_TEXT, [TALK_TO_PERSON]),
        (FORM_STOPPED_TEXT, []),
    ]
    assert rasa.active_loop is None
    assert rasa.appended_events == [
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "requested_slot", "value": None},
    ]


async def test_no_form_means_nothing_is_ended(router: Router, fake: tuple[FakeRasa, str]) -> None:
    rasa, _ = fake
    cid, _ = await router.start_conversation(Channel.WEB.value)
    rasa.silent = True
    replies = await router.handle_family_message(cid, text="hello")
    assert [m["text"] for m in replies] == [RASA_DOWN_TEXT]
    assert rasa.appended_events == []


async def test_talk_to_a_person_without_the_assistant_opens_one_request(
    router: Router, fake: tuple[FakeRasa, str], sqlite_url: str
) -> None:
    rasa, _ = fake
    cid, _ = await router.start_conversation(Channel.WEB.value)
    rasa.healthy = False
    for _ in range(2):
        await router.handle_family_message(cid, text="hello")
        replies = await router.handle_family_message(cid, payload=TALK_TO_PERSON["payload"])
        assert [m["text"] for m in replies] == [HANDOFF_BY_GATEWAY_TEXT]
    assert _requests(sqlite_url) == ["handoff"]


async def test_replies_are_still_shown_when_the_database_fails_after_rasa_answered(
    router: Router, fake: tuple[FakeRasa, str], sqlite_url: str
) -> None:
    rasa, _ = fake
    cid, _ = await router.start_conversation(Channel.WEB.value)
    rasa.delays = {"hello": 1.0}

    task = asyncio.create_task(router.handle_family_message(cid, text="hello"))
    await asyncio.sleep(0.5)  # the family's message is stored; Rasa is answering
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE messages"))
    engine.dispose()
    [reply] = await task
    assert reply["text"] == "echo: hello" and reply["seq"] == 0
