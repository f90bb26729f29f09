"""Fixtures for the console: a real aiohttp server on loopback, one HTTP client per
practitioner (each with its own cookie jar) and a notifier that records what would
have been pushed to families.

The database comes from ``tests/conftest.py``: every test here runs on SQLite and on
PostgreSQL (``database_url`` is parametrised there).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.cases import create_request
from bot.casequeue.conversations import append_message, create_conversation
from bot.config import Settings
from bot.console import accounts, setup_console
from bot.gateway.keys import NOTIFIER, SESSIONS, SETTINGS
from bot.models import Channel, Message, Priority, RequestKind, Sender, Team

PASSWORD = "correct horse battery"

# Cheap argon2 parameters keep the suite fast; production uses argon2-cffi's defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", FAST_HASHER)


@dataclass
class RecordingNotifier:
    """Records pushes; checks each message is already committed when it is pushed."""

    sessions: sessionmaker[Session]
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    committed_at_push: list[bool] = field(default_factory=list)
    fail: bool = False

    async def notify_family(self, conversation_id: str, message: dict[str, Any]) -> None:
        def stored() -> bool:
            # A fresh session sees only committed rows.
            with self.sessions() as session:
                found = session.scalar(
                    select(Message.id).where(
                        Message.conversation_id == conversation_id, Message.seq == message["seq"]
                    )
                )
            return found is not None

        self.committed_at_push.append(await asyncio.to_thread(stored))
        self.calls.append((conversation_id, message))
        if self.fail:
            raise ConnectionError("telegram said no, about a family's words")


@pytest.fixture
def notifier(sessions: sessionmaker[Session]) -> RecordingNotifier:
    return RecordingNotifier(sessions)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, console_idle_timeout=30 * 60, secure_cookies=False)


def build_app(
    settings: Settings, sessions: sessionmaker[Session], notifier: RecordingNotifier
) -> web.Application:
    app = web.Application()
    app[SETTINGS] = settings
    app[SESSIONS] = sessions
    # The key is typed with the gateway's notifier class; this fake has its one method.
    app[NOTIFIER] = cast(Any, notifier)
    setup_console(app)
    return app


ServerFactory = Callable[..., Awaitable[TestServer]]


@pytest.fixture
async def start_server(
    settings: Settings, sessions: sessionmaker[Session], notifier: RecordingNotifier
) -> AsyncIterator[ServerFactory]:
    """start_server(settings=None) -> a console on loopback; closed after the test."""
    servers: list[TestServer] = []

    async def start(custom: Settings | None = None) -> TestServer:
        test_server = TestServer(
            build_app(custom or settings, sessions, notifier), host="127.0.0.1"
        )
        await test_server.start_server()
        servers.append(test_server)
        return test_server

    yield start
    for test_server in servers:
        await test_server.close()


@pytest.fixture
async def server(start_server: ServerFactory) -> TestServer:
    return await start_server()


ClientFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]


@pytest.fixture
async def new_client(server: TestServer) -> AsyncIterator[ClientFactory]:
    """Each call gives a browser of its own: a separate cookie jar on the same server.

    Pass ``cookie_jar=aiohttp.DummyCookieJar()`` for a client that sends only the
    cookies a test puts in the headers itself."""
    clients: list[TestClient[web.Request, web.Application]] = []

    async def make(**kwargs: Any) -> TestClient[web.Request, web.Application]:
        client: TestClient[web.Request, web.Application] = TestClient(server, **kwargs)
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
async def client(new_client: ClientFactory) -> TestClient[web.Request, web.Application]:
    return await new_client()


UserFactory = Callable[..., int]
CaseFactory = Callable[..., tuple[int, str]]
LogIn = Callable[..., Awaitable[str]]


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def make_user(sessions: sessionmaker[Session]) -> UserFactory:
    """make_user("alice", Team.EARLY_HELP, name=..., role=...) -> practitioner id."""

    def make(
        username: str,
        team: Team = Team.EARLY_HELP,
        *,
        name: str | None = None,
        role: str = "practitioner",
    ) -> int:
        with sessions.begin() as session:
            practitioner = accounts.add_practitioner(
                session, username, name or username.title(), team, password=PASSWORD, role=role
            )
            return practitioner.id

    return make


@pytest.fixture
def make_case(sessions: sessionmaker[Session]) -> CaseFactory:
    """make_case(team, summary=..., priority=..., messages=...) -> (request id, conversation id)."""

    def make(
        team: Team = Team.EARLY_HELP,
        *,
        summary: str = "Asked about parenting support",
        priority: Priority = Priority.NORMAL,
        kind: RequestKind = RequestKind.HANDOFF,
        messages: tuple[tuple[Sender, str], ...] = (
            (Sender.BOT, "Hello, I'm Baton."),
            (Sender.FAMILY, "I would like to talk to someone."),
        ),
    ) -> tuple[int, str]:
        with sessions.begin() as session:
            conversation = create_conversation(session, Channel.WEB.value)
            for sender, text in messages:
                append_message(session, conversation.id, sender, text)
            request = create_request(
                session, conversation.id, team=team, kind=kind, summary=summary, priority=priority
            )
            return request.id, conversation.id

    return make


@pytest.fixture
def log_in() -> LogIn:
    """await log_in(client, "alice") logs in through the API and returns the CSRF token."""

    async def do(
        client: TestClient[web.Request, web.Application], username: str, password: str = PASSWORD
    ) -> str:
        response = await client.post(
            "/console/api/login", json={"username": username, "password": password}
        )
        assert response.status == 200, await response.text()
        body = await response.json()
        return str(body["csrf_token"])

    return do
