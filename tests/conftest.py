"""Shared fixtures: real databases (SQLite file, PostgreSQL server) migrated with Alembic.

PostgreSQL and Redis tests skip on a machine without those servers, except in CI
(``CI`` set), where a missing server is a failure: they must never silently skip there.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine, make_sessionmaker
from bot.migrate import upgrade

POSTGRES_ADMIN_URL = os.environ.get(
    "BATON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_server(name: str, host: str, port: int) -> None:
    if _reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must not skip it")
    pytest.skip(message)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'baton.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    require_server("PostgreSQL", "127.0.0.1", 5432)
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"baton_test_{secrets.token_hex(6)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _application_tables(connection: Any) -> str:
    """Every table the migrations made, bar Alembic's own, so new tables are emptied too."""
    names = inspect(connection).get_table_names()
    return ", ".join(f'"{name}"' for name in names if name != "alembic_version")


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """The session's PostgreSQL database, emptied after each test."""
    yield postgres_server_url
    engine = make_engine(postgres_server_url)
    with engine.begin() as connection:
        connection.execute(
            text(f"TRUNCATE {_application_tables(connection)} RESTART IDENTITY CASCADE")
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run a test on both supported databases."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def redis_server() -> tuple[str, int]:
    require_server("Redis", REDIS_HOST, REDIS_PORT)
    return REDIS_HOST, REDIS_PORT
