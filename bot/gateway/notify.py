"""Delivering messages to a family on their own channel, and live to open pages.

Two paths, both after the message is committed:

- **Pushers** (Telegram) send a message to the family's own channel once, from the
  gateway that stored it.
- **The live feed** tells listeners (an open web chat page's event stream) that a new
  message exists. With several gateway instances, a practitioner's reply may be stored by
  one gateway while the family's page listens on another: with ``BATON_REDIS_URL`` set,
  the feed publishes ``{conversation_id, seq}`` on a Redis channel and every gateway
  reads the message itself from the shared database. Only ids cross Redis, never text.
  Without Redis, the feed is in-process (one gateway, the embedded default).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.conversations import messages_after
from bot.models import Conversation

log = logging.getLogger(__name__)

LIVE_QUEUE_SIZE = 100
RECONNECT_DELAY = 1.0


class Pusher(Protocol):
    async def push(self, channel_ref: str, message: dict[str, Any]) -> None: ...


END_OF_STREAM: dict[str, Any] = {}
"""Put on every listener's queue when the gateway shuts down (compared by identity)."""


class LiveFeed:
    """New-message events for listeners on this gateway, shared across gateways by Redis."""

    def __init__(
        self, sessions: sessionmaker[Session], redis_url: str = "", prefix: str = "baton"
    ) -> None:
        self._sessions = sessions
        self._redis_url = redis_url
        self._channel = f"{prefix}:live"
        self._listeners: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}
        self._redis: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    @property
    def shared(self) -> bool:
        return bool(self._redis_url)

    async def start(self) -> None:
        if not self._redis_url:
            return
        import redis.asyncio as redis

        self._redis = redis.Redis.from_url(self._redis_url)
        self._reader = asyncio.create_task(self._read_forever())
        # Wait briefly for the subscription so a reply right after startup is heard;
        # a Redis outage must not stop the gateway from starting.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._subscribed.wait(), timeout=5)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._redis is not None:
            await self._redis.aclose()

    @contextlib.asynccontextmanager
    async def listen(self, conversation_id: str) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """A queue of this conversation's new messages (API shape) while the block runs."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(LIVE_QUEUE_SIZE)
        self._listeners.setdefault(conversation_id, set()).add(queue)
        try:
            yield queue
        finally:
            queues = self._listeners.get(conversation_id, set())
            queues.discard(queue)
            if not queues:
                self._listeners.pop(conversation_id, None)

    def end_streams(self) -> None:
        """Tell every open stream to finish: the gateway is shutting down and would
        otherwise wait for each page's stream to time out."""
        for queues in self._listeners.values():
            for queue in queues:
                if queue.full():  # the page refetches with ?after=seq when it reconnects
                    queue.get_nowait()
                queue.put_nowait(END_OF_STREAM)

    async def publish(self, conversation_id: str, message: dict[str, Any]) -> None:
        """Announce a stored message to listeners on every gateway."""
        if self._redis is None:
            self._deliver(conversation_id, message)
            return
        event = json.dumps({"conversation_id": conversation_id, "seq": int(message["seq"])})
        await self._redis.publish(self._channel, event)

    def _deliver(self, conversation_id: str, message: dict[str, Any]) -> None:
        for queue in self._listeners.get(conversation_id, ()):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:  # a stalled page: it refetches with ?after=seq
                log.warning("live listener queue full: message dropped from the live feed")

    async def _read_forever(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(self._channel)
                    self._subscribed.set()
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            await self._on_event(item["data"])
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis down: keep serving, retry the subscription
                log.warning("live feed: redis subscription lost (%s)", type(error).__name__)
                await asyncio.sleep(RECONNECT_DELAY)

    async def _on_event(self, data: bytes | str) -> None:
        try:
            event = json.loads(data)
            conversation_id, seq = str(event["conversation_id"]), int(event["seq"])
        except (ValueError, KeyError, TypeError):
            log.warning("live feed: malformed event ignored")
            return
        if conversation_id not in self._listeners:
            return

        def load() -> list[dict[str, Any]]:
            with self._sessions() as session:
                return messages_after(session, conversation_id, seq - 1)

        for message in await asyncio.to_thread(load):
            if message["seq"] == seq:
                self._deliver(conversation_id, message)


class ChannelNotifier:
    """The gateway's ``FamilyNotifier``: routes a message to its conversation's channel."""

    def __init__(self, sessions: sessionmaker[Session], feed: LiveFeed | None = None) -> None:
        self._sessions = sessions
        self._pushers: dict[str, Pusher] = {}
        self.feed = feed if feed is not None else LiveFeed(sessions)

    def register(self, channel: str, pusher: Pusher) -> None:
        self._pushers[channel] = pusher

    async def notify_family(self, conversation_id: str, message: dict[str, Any]) -> None:
        try:
            await self.feed.publish(conversation_id, message)
        except Exception as error:  # stored is what matters; pages also refetch
            log.warning("live feed publish failed (%s)", type(error).__name__)

        def lookup() -> tuple[str, str | None] | None:
            with self._sessions() as session:
                conversation = session.get(Conversation, conversation_id)
                return (
                    None
                    if conversation is None
                    else (conversation.channel, conversation.channel_ref)
                )

        found = await asyncio.to_thread(lookup)
        if found is None:
            return
        channel, channel_ref = found
        pusher = self._pushers.get(channel)
        if pusher is None or channel_ref is None:
            return  # web chat: the family's page fetches it
        try:
            await pusher.push(channel_ref, message)
        except Exception:  # the message is stored; a failed push must not fail the reply
            log.exception("push to %s failed for conversation", channel)
