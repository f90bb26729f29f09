"""The live feed: a message stored through one gateway reaches a listener on another.

Two LiveFeed instances stand for two gateway processes: they share only the database
and a Redis channel, as in the production profile.
"""

from __future__ import annotations

import asyncio
import json
import secrets

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.conversations import append_message, create_conversation, to_api
from bot.gateway.notify import ChannelNotifier, LiveFeed
from bot.models import Sender

pytestmark = pytest.mark.redis


def _store_reply(sessions: sessionmaker[Session], conversation_id: str, text: str) -> dict:  # type: ignore[type-arg]
    with sessions.begin() as session:
        return to_api(append_message(session, conversation_id, Sender.BOT, text))


def _open(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as session:
        return create_conversation(session, "web").id


async def test_a_reply_published_on_one_gateway_reaches_a_listener_on_the_other(
    sessions: sessionmaker[Session], redis_server: tuple[str, int]
) -> None:
    url = f"redis://{redis_server[0]}:{redis_server[1]}/0"
    prefix = f"baton-test-{secrets.token_hex(4)}"
    gateway_a = ChannelNotifier(sessions, LiveFeed(sessions, url, prefix))
    gateway_b = ChannelNotifier(sessions, LiveFeed(sessions, url, prefix))
    await gateway_a.feed.start()
    await gateway_b.feed.start()
    try:
        listened, other = _open(sessions), _open(sessions)
        async with gateway_b.feed.listen(listened) as queue:
            await gateway_a.notify_family(other, _store_reply(sessions, other, "not yours"))
            sent = _store_reply(sessions, listened, "Hello, I'm Sam")
            await gateway_a.notify_family(listened, sent)
            heard = await asyncio.wait_for(queue.get(), timeout=5)
            assert heard == sent  # read back from the shared database, not from Redis
            assert queue.empty()
    finally:
        await gateway_a.feed.close()
        await gateway_b.feed.close()


async def test_without_redis_only_this_gateway_hears(sessions: sessionmaker[Session]) -> None:
    gateway = ChannelNotifier(sessions)
    conversation_id = _open(sessions)
    async with gateway.feed.listen(conversation_id) as queue:
        sent = _store_reply(sessions, conversation_id, "Hello")
        await gateway.notify_family(conversation_id, sent)
        assert queue.get_nowait() == sent
    assert not gateway.feed.shared


async def test_a_malformed_event_is_ignored(
    sessions: sessionmaker[Session], redis_server: tuple[str, int]
) -> None:
    import redis.asyncio as redis

    url = f"redis://{redis_server[0]}:{redis_server[1]}/0"
    prefix = f"baton-test-{secrets.token_hex(4)}"
    feed = LiveFeed(sessions, url, prefix)
    await feed.start()
    publisher = redis.Redis.from_url(url)
    try:
        conversation_id = _open(sessions)
        async with feed.listen(conversation_id) as queue:
            await publisher.publish(f"{prefix}:live", b"not json")
            await publisher.publish(f"{prefix}:live", b'{"conversation_id": "x"}')
            sent = _store_reply(sessions, conversation_id, "still works")
            event = json.dumps({"conversation_id": conversation_id, "seq": sent["seq"]})
            await publisher.publish(f"{prefix}:live", event)
            assert await asyncio.wait_for(queue.get(), timeout=5) == sent
    finally:
        await publisher.aclose()
        await feed.close()
