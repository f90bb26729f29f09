"""Fixtures for booking tests: conversations and sessions in a real, migrated database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.booking.models import BookableSession, SessionKind
from bot.casequeue.conversations import create_conversation
from bot.models import Channel, utcnow

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=utcnow().tzinfo)


@pytest.fixture
def new_family(sessions: sessionmaker[Session]) -> Callable[..., str]:
    def make(channel: Channel = Channel.WEB, channel_ref: str | None = None) -> str:
        with sessions.begin() as session:
            return create_conversation(session, channel.value, channel_ref).id

    return make


@pytest.fixture
def new_session(sessions: sessionmaker[Session]) -> Callable[..., int]:
    counter = iter(range(1, 10_000))

    def make(
        capacity: int = 10,
        starts_in: timedelta = timedelta(days=3),
        team: str = "early-help",
        kind: SessionKind = SessionKind.DROP_IN,
        title: str = "Walk and Talk (sample)",
    ) -> int:
        starts = NOW + starts_in
        with sessions.begin() as session:
            row = BookableSession(
                ref=f"test:{next(counter)}",
                kind=kind.value,
                title=title,
                team=team,
                venue="Family hub (sample)",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                capacity=capacity,
                sample=True,
            )
            session.add(row)
            session.flush()
            return row.id

    return make
