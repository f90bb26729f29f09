from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.gateway.app import create_app
from tests.gateway.fakes import FakeRasa


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
async def gateway(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[TestClient]:
    rasa_server = TestServer(fake_rasa.app(), host="127.0.0.1")
    await rasa_server.start_server()
    base = str(rasa_server.make_url("")).rstrip("/")
    settings = Settings(
        database_url=sqlite_url, rasa_url=base, action_server_url=base, rasa_timeout=5
    )
    client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()
    await rasa_server.close()
