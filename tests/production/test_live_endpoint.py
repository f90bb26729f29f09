"""GET /api/conversations/{id}/live: server-sent events of a conversation's new messages."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.casequeue.conversations import append_message, create_conversation, to_api
from bot.config import Settings
from bot.gateway.app import create_app
from bot.gateway.keys import NOTIFIER, SESSIONS
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
