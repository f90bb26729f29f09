from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.gateway.app import create_app
from tests.gateway.fakes import FakeRasa


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@asynccontextmanager
async def running_gateway(
    database_url: str, fake_rasa: FakeRasa, **overrides: Any
) -> AsyncIterator[TestClient]:
    """The gateway on ``database_url``, talking to ``fake_rasa`` over loopback HTTP."""
    rasa_server = TestServer(fake_rasa.app(), host="127.0.0.1")
    await rasa_server.start_server()
    base = str(rasa_server.make_url("")).rstrip("/")
    settings = Settings(
        database_url=database_url,
        rasa_url=base,
        action_server_url=base,
        rasa_timeout=5,
        **overrides,
    )
    client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()
        await rasa_server.close()


@pytest.fixture
async def gateway(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[TestClient]:
    async with running_gateway(sqlite_url, fake_rasa) as client:
        yield client
