"""The gateway's scheduled purge: due by the database's record, and really started."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.gateway.app import create_app
from bot.models import AuditEvent, Conversation
from bot.privacy.schedule import purge_if_due
from tests.privacy.conftest import DAY, T0, at, open_conversation


def runs(sessions: sessionmaker[Session]) -> list[str]:
    with sessions.begin() as session:
        return [
            str(event.detail["trigger"])
            for event in session.scalars(
                select(AuditEvent).where(AuditEvent.action == "privacy.purged")
            )
        ]


def test_a_run_is_due_only_when_the_last_one_is_older_than_the_interval(
    database_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    settings = Settings(
        database_url=database_url,
        rasa_tracker_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        purge_interval=6 * 60 * 60,
    )
    with at(T0):
        open_conversation(sessions)
    with at(T0 + 400 * DAY):
        assert purge_if_due(sessions, settings, T0 + 400 * DAY)
    assert runs(sessions) == ["schedule"]
    with sessions.begin() as session:
        assert session.scalars(select(Conversation)).all() == []
    with at(T0 + 400 * DAY + DAY / 24 * 5):
        assert not purge_if_due(sessions, settings, T0 + 400 * DAY + DAY / 24 * 5)
    with at(T0 + 400 * DAY + DAY / 24 * 7):
        assert purge_if_due(sessions, settings, T0 + 400 * DAY + DAY / 24 * 7)
    assert runs(sessions) == ["schedule", "schedule"]


async def test_the_gateway_runs_the_purge_on_its_own(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)
    sessions = make_sessionmaker(engine)
    settings = Settings(
        database_url=sqlite_url,
        rasa_tracker_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        purge_interval=1,
    )
    client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
    await client.start_server()
    try:
        for _ in range(100):
            if runs(sessions):
                break
            await asyncio.sleep(0.1)
        assert runs(sessions)[:1] == ["schedule"]
    finally:
        await client.close()
        engine.dispose()
