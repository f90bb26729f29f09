"""A slow action cannot let a later message of the same conversation overtake an earlier one.

A loopback stand-in for Rasa takes two seconds over the first message (a slow custom
action) and answers the second at once. Both are sent concurrently; the stored
transcript, what Rasa received and each request's reply must stay in sending order.
The same scenario without the conversation lock misorders, which shows the test can fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.db import make_engine, make_sessionmaker
from bot.gateway.locks import InProcessConversationLock, PostgresConversationLock
from bot.gateway.rasa_client import RasaClient
from bot.gateway.routing import Router
from bot.models import Channel
from tests.gateway.fakes import FakeRasa

SLOW, QUICK = "first, with a slow action", "second, sent straight after"


class NoLock:
    """What the routing core would do without a conversation lock."""

    def hold(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        @asynccontextmanager
        async def nothing() -> AsyncIterator[None]:
            yield

        return nothing()


async def _send_both(router: Router, fake: FakeRasa) -> tuple[str, list[list[dict[str, Any]]]]:
    cid, _ = await router.start_conversation(Channel.WEB.value)
    first = asyncio.create_task(router.handle_family_message(cid, text=SLOW))
    await asyncio.sleep(0.2)  # the first message is with the slow action now
    second = asyncio.create_task(router.handle_family_message(cid, text=QUICK))
    return cid, list(await asyncio.gather(first, second))


@asynccontextmanager
async def _router(database_url: str, fake: FakeRasa, locks: Any) -> AsyncIterator[Router]:
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    engine = make_engine(database_url)
    try:
        async with aiohttp.ClientSession() as http:
            rasa = RasaClient(str(server.make_url("")), http, timeout=10)
            yield Router(make_sessionmaker(engine), rasa, locks=locks)
    finally:
        engine.dispose()
        await server.close()


def _transcript(database_url: str, cid: str) -> list[tuple[str, str]]:
    from bot.casequeue.conversations import messages_after

    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            turns = [(m["from"], m["text"]) for m in messages_after(session, cid, 0)]
    finally:
        engine.dispose()
    # From the family's first message: the opening (greeting, privacy notice) is not
    # what this test is about.
    first = next((i for i, (sender, _) in enumerate(turns) if sender == "family"), len(turns))
    return turns[first:]


async def test_messages_are_answered_and_stored_in_sending_order(database_url: str) -> None:
    fake = FakeRasa(delays={SLOW: 2.0})
    async with _router(database_url, fake, InProcessConversationLock()) as router:
        cid, (first_replies, second_replies) = await _send_both(router, fake)

    assert [body["message"] for body in fake.received[1:]] == [SLOW, QUICK]
    assert [m["text"] for m in first_replies] == [f"echo: {SLOW}"]
    assert [m["text"] for m in second_replies] == [f"echo: {QUICK}"]
    assert _transcript(database_url, cid) == [
        ("family", SLOW),
        ("bot", f"echo: {SLOW}"),
        ("family", QUICK),
        ("bot", f"echo: {QUICK}"),
    ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_without_the_lock_the_slow_message_is_overtaken(database_url: str) -> None:
    fake = FakeRasa(delays={SLOW: 2.0})
    async with _router(database_url, fake, NoLock()) as router:
        cid, _ = await _send_both(router, fake)
    transcript = _transcript(database_url, cid)
    assert transcript.index(("bot", f"echo: {QUICK}")) < transcript.index(("bot", f"echo: {SLOW}"))


async def test_the_lock_is_dropped_when_the_conversation_is_idle() -> None:
    locks = InProcessConversationLock()
    async with locks.hold("a"), locks.hold("b"):
        assert locks.busy() == 2
    assert locks.busy() == 0


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("shared", "in_order"), [(True, True), (False, False)], ids=["advisory-lock", "in-process"]
)
async def test_two_gateway_instances_keep_order_with_the_shared_lock(
    postgres_url: str, shared: bool, in_order: bool
) -> None:
    """Two gateway instances, one conversation: only the shared lock keeps it in order."""
    fake = FakeRasa(delays={SLOW: 2.0})

    def locks() -> Any:
        return PostgresConversationLock(postgres_url) if shared else InProcessConversationLock()

    lock_a, lock_b = locks(), locks()
    async with (
        _router(postgres_url, fake, lock_a) as instance_a,
        _router(postgres_url, fake, lock_b) as instance_b,
    ):
        cid, _ = await instance_a.start_conversation(Channel.WEB.value)
        first = asyncio.create_task(instance_a.handle_family_message(cid, text=SLOW))
        await asyncio.sleep(0.3)
        second = asyncio.create_task(instance_b.handle_family_message(cid, text=QUICK))
        await asyncio.gather(first, second)
    for lock in (lock_a, lock_b):
        if isinstance(lock, PostgresConversationLock):
            lock.dispose()
    expected = [
        ("family", SLOW),
        ("bot", f"echo: {SLOW}"),
        ("family", QUICK),
        ("bot", f"echo: {QUICK}"),
    ]
    assert (_transcript(postgres_url, cid) == expected) is in_order
