"""GET /api/conversations/{id}/live: server-sent events of a conversation's new messages."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.casequeue.conversations import append_message, create_conversation, to_api
from bot.config import Settings
from bot.gateway.app import create_app
from bot.gateway.keys import NOTIFIER, SESSIONS
from bot.gateway.live import REPLAY_LIMIT
from bot.models import Sender


@pytest.fixture
async def gateway(sqlite_url: str) -> AsyncIterator[TestClient]:
    # Nothing here reaches Rasa: the live stream reads the database and the feed only.
    settings = Settings(database_url=sqlite_url, rasa_url="http://127.0.0.1:9", rasa_timeout=1)
    client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


def _app_and_new_conversation(gateway: TestClient) -> tuple[web.Application, str]:
    app = gateway.server.app
    assert app is not None
    with app[SESSIONS].begin() as session:
        return app, create_conversation(session, "web").id


async def test_a_new_message_arrives_on_the_open_stream(gateway: TestClient) -> None:
    app, conversation_id = _app_and_new_conversation(gateway)
    async with gateway.get(f"/api/conversations/{conversation_id}/live") as stream:
        assert stream.status == 200
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert (await stream.content.readline()).startswith(b": open")
        with app[SESSIONS].begin() as session:
            message = to_api(append_message(session, conversation_id, Sender.BOT, "Hi <b>"))
        await app[NOTIFIER].notify_family(conversation_id, message)
        line = b""
        while not line.startswith(b"data: "):
            line = await asyncio.wait_for(stream.content.readline(), timeout=5)
        assert json.loads(line.removeprefix(b"data: ")) == message


@pytest.mark.parametrize("conversation_id", ["x" * 43, "short", "bad%20chars-but-long-enough-123"])
async def test_unknown_or_malformed_ids_are_not_found(
    gateway: TestClient, conversation_id: str
) -> None:
    async with gateway.get(f"/api/conversations/{conversation_id}/live") as response:
        assert response.status == 404
        assert await response.json() == {"error": "No such conversation."}


async def test_open_streams_end_when_the_gateway_shuts_down(gateway: TestClient) -> None:
    """Otherwise a restart waits on every open page's stream (aiohttp's shutdown timeout)."""
    app, conversation_id = _app_and_new_conversation(gateway)
    async with gateway.get(f"/api/conversations/{conversation_id}/live") as stream:
        assert (await stream.content.readline()).startswith(b": open")
        await app.shutdown()  # the on_shutdown signal, as the runner sends it
        rest = await asyncio.wait_for(stream.content.read(), timeout=5)
        assert b"data:" not in rest
        assert stream.content.at_eof()


async def _events(stream: aiohttp.ClientResponse, count: int) -> list[tuple[int, dict]]:
    """The next ``count`` events as (id, data), skipping comments (open, heartbeat)."""
    events: list[tuple[int, dict]] = []
    event_id = None
    while len(events) < count:
        line = await asyncio.wait_for(stream.content.readline(), timeout=5)
        if line.startswith(b"id: "):
            event_id = int(line.removeprefix(b"id: "))
        elif line.startswith(b"data: "):
            assert event_id is not None, "every event carries its seq as id"
            events.append((event_id, json.loads(line.removeprefix(b"data: "))))
            event_id = None
    return events


def _store(app: web.Application, conversation_id: str, *texts: str) -> list[dict]:
    with app[SESSIONS].begin() as session:
        return [
            to_api(append_message(session, conversation_id, Sender.BOT, text)) for text in texts
        ]


async def test_a_stream_first_replays_what_was_stored_after_the_pages_watermark(
    gateway: TestClient,
) -> None:
    """A reply stored while the page was between polls and stream still arrives."""
    app, conversation_id = _app_and_new_conversation(gateway)
    first, second, third = _store(app, conversation_id, "one", "two", "three")
    url = f"/api/conversations/{conversation_id}/live?after={first['seq']}"
    async with gateway.get(url) as stream:
        assert await _events(stream, 2) == [(second["seq"], second), (third["seq"], third)]
        (fourth,) = _store(app, conversation_id, "four")
        await app[NOTIFIER].notify_family(conversation_id, fourth)
        assert await _events(stream, 1) == [(fourth["seq"], fourth)]


async def test_the_browsers_last_event_id_wins_over_the_url_on_reconnect(
    gateway: TestClient,
) -> None:
    """EventSource reconnects to the same URL, whose ?after= is stale by then."""
    app, conversation_id = _app_and_new_conversation(gateway)
    first, second, third = _store(app, conversation_id, "one", "two", "three")
    url = f"/api/conversations/{conversation_id}/live?after=0"
    async with gateway.get(url, headers={"Last-Event-ID": str(second["seq"])}) as stream:
        assert await _events(stream, 1) == [(third["seq"], third)]


async def test_a_message_both_replayed_and_announced_is_sent_once(gateway: TestClient) -> None:
    """The stream listens before it reads the store, so an announcement can follow the
    replay of the same message: it is not sent twice."""
    app, conversation_id = _app_and_new_conversation(gateway)
    (stored,) = _store(app, conversation_id, "stored as the page connected")
    async with gateway.get(f"/api/conversations/{conversation_id}/live?after=0") as stream:
        assert await _events(stream, 1) == [(stored["seq"], stored)]
        await app[NOTIFIER].notify_family(conversation_id, stored)
        (later,) = _store(app, conversation_id, "later")
        await app[NOTIFIER].notify_family(conversation_id, later)
        assert await _events(stream, 1) == [(later["seq"], later)]


async def test_a_page_far_behind_is_replayed_the_first_page_then_live(
    gateway: TestClient,
) -> None:
    """The replay reads at most REPLAY_LIMIT messages; the page polls for the rest (it sees
    a seq beyond its watermark). A message announced later still arrives."""
    app, conversation_id = _app_and_new_conversation(gateway)
    stored = _store(app, conversation_id, *(f"reply {n}" for n in range(REPLAY_LIMIT + 5)))
    async with gateway.get(f"/api/conversations/{conversation_id}/live?after=0") as stream:
        replayed = await _events(stream, REPLAY_LIMIT)
        assert replayed == [(m["seq"], m) for m in stored[:REPLAY_LIMIT]]
        (later,) = _store(app, conversation_id, "later")
        await app[NOTIFIER].notify_family(conversation_id, later)
        assert await _events(stream, 1) == [(later["seq"], later)]


@pytest.mark.parametrize("after", ["", "abc", "-1", "1e3", "99999999999999", "٣"])
async def test_a_missing_or_odd_watermark_replays_nothing(gateway: TestClient, after: str) -> None:
    app, conversation_id = _app_and_new_conversation(gateway)
    _store(app, conversation_id, "already on the page")
    async with gateway.get(
        f"/api/conversations/{conversation_id}/live", params={"after": after}
    ) as stream:
        assert stream.status == 200
        (live,) = _store(app, conversation_id, "new")
        await app[NOTIFIER].notify_family(conversation_id, live)
        assert await _events(stream, 1) == [(live["seq"], live)]
