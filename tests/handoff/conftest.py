"""Fixtures for handoff tests: the whole gateway (family API + console) on loopback.

Rasa is the loopback fake from ``tests/gateway/fakes.py`` (the real one is driven in
``tests/integration``); the database is real, SQLite and PostgreSQL (``database_url``).
Each family and each practitioner gets their own HTTP client and cookie jar.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from argon2 import PasswordHasher
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.console import accounts
from bot.gateway.app import create_app
from bot.models import Team
from tests.gateway.fakes import FakeRasa

PASSWORD = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", FAST_HASHER)


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
async def base_url(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[str]:
    """The gateway's address: a real aiohttp server with a fake Rasa behind it."""
    rasa_server = TestServer(fake_rasa.app(), host="127.0.0.1")
    await rasa_server.start_server()
    rasa = str(rasa_server.make_url("")).rstrip("/")
    settings = Settings(
        database_url=database_url, rasa_url=rasa, action_server_url=rasa, rasa_timeout=5
    )
    gateway = TestServer(create_app(settings), host="127.0.0.1")
    await gateway.start_server()
    yield str(gateway.make_url("")).rstrip("/")
    await gateway.close()
    await rasa_server.close()


@pytest.fixture
def make_user(sessions: sessionmaker[Session]) -> Callable[..., int]:
    def make(
        username: str, team: Team = Team.EARLY_HELP, *, name: str = "", role: str = "practitioner"
    ) -> int:
        with sessions.begin() as session:
            return accounts.add_practitioner(
                session, username, name or username.title(), team, password=PASSWORD, role=role
            ).id

    return make


class Browser:
    """One person's HTTP client: a family on web chat, or a practitioner in the console."""

    def __init__(self, base: str) -> None:
        self.http = aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.conversation_id = ""

    async def log_in(self, username: str) -> None:
        async with self.http.post(
            "/console/api/login", json={"username": username, "password": PASSWORD}
        ) as response:
            assert response.status == 200, await response.text()
            self.csrf = (await response.json())["csrf_token"]

    async def post(
        self, path: str, body: dict[str, Any] | None = None, *, csrf: bool = True
    ) -> tuple[int, Any]:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        async with self.http.post(path, json=body or {}, headers=headers) as response:
            return response.status, await response.json()

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.http.get(path) as response:
            return response.status, await response.json()

    # The family side.
    async def open_chat(self) -> list[dict[str, Any]]:
        status, body = await self.post("/api/conversations", csrf=False)
        assert status == 201, body
        self.conversation_id = body["conversation_id"]
        return list(body["messages"])

    async def say(self, text: str) -> list[dict[str, Any]]:
        status, body = await self.post(
            f"/api/conversations/{self.conversation_id}/messages", {"text": text}, csrf=False
        )
        assert status == 200, body
        return list(body["messages"])

    async def press(self, payload: str) -> tuple[int, Any]:
        return await self.post(
            f"/api/conversations/{self.conversation_id}/messages", {"payload": payload}, csrf=False
        )

    async def transcript(self, after: int = 0) -> list[dict[str, Any]]:
        status, body = await self.get(
            f"/api/conversations/{self.conversation_id}/messages?after={after}"
        )
        assert status == 200, body
        return list(body["messages"])


BrowserFactory = Callable[[], Awaitable[Browser]]


@pytest.fixture
async def browser(base_url: str) -> AsyncIterator[BrowserFactory]:
    made: list[Browser] = []

    async def make() -> Browser:
        made.append(Browser(base_url))
        return made[-1]

    yield make
    for item in made:
        await item.http.close()
