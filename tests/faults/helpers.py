"""Fault injection against the real processes started by tests/integration/stack.py.

Each helper breaks (or mends) one thing the way it breaks in production: a process
killed, a database refusing connections, a Redis server gone.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text

from bot.db import make_engine
from bot.stack import Stack
from tests.conftest import POSTGRES_ADMIN_URL
from tests.integration.stack import free_port

FAMILY_MESSAGE = "can i keep my personal advisor until im 25"
RISK_MESSAGE = "my mums boyfriend hit me again and i dont feel safe at home"


def kill(stack: Stack, name: str) -> None:
    """Kill one of the stack's processes (and its children) as a crash would."""
    process = stack.processes[name]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


async def healthz(stack: Stack) -> tuple[int, dict[str, bool]]:
    async with aiohttp.ClientSession() as http, http.get(stack.healthz_url()) as response:
        return response.status, dict((await response.json())["checks"])


async def open_conversation(family: aiohttp.ClientSession) -> str:
    async with family.post("/api/conversations") as response:
        assert response.status == 201
        return str((await response.json())["conversation_id"])


async def say(
    family: aiohttp.ClientSession, cid: str, *, text: str | None = None, payload: str | None = None
) -> tuple[int, dict[str, Any]]:
    body = {"text": text} if text is not None else {"payload": payload}
    async with family.post(f"/api/conversations/{cid}/messages", json=body) as response:
        return response.status, dict(await response.json())


async def history(family: aiohttp.ClientSession, cid: str) -> list[dict[str, Any]]:
    async with family.get(f"/api/conversations/{cid}/messages?after=0") as response:
        assert response.status == 200
        return list((await response.json())["messages"])


def family_texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m["from"] == "family"]


def wait_for(condition: Any, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def postgres_database() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL database; yields (name, SQLAlchemy URL). Dropped afterwards."""
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"baton_fault_{secrets.token_hex(6)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name, POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        set_connections_allowed(name, allowed=True)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def set_connections_allowed(name: str, *, allowed: bool) -> None:
    """Take a database down (refuse and cut every connection) or bring it back."""
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            flag = "true" if allowed else "false"
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {flag}'))
            if not allowed:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
    finally:
        admin.dispose()


@contextmanager
def redis_server(tmp: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """A Redis server of our own on a free port (so killing it harms no one else)."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server")
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _pings(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def ready(stack: Stack) -> bool:
    """/healthz answers 200 (blocking; for wait_for)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(stack.healthz_url(), timeout=5) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False
