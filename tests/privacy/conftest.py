"""Families' data at known times, on both databases, with a Rasa-shaped tracker store.

The tracker table here has exactly the columns of Rasa 3.6's ``SQLTrackerStore``
(``rasa/core/tracker_store.py``, ``SQLEvent``); tests/privacy/test_stack_privacy.py
checks the same code against a tracker written by the real Rasa.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import (
    Column,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
)
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.cases import create_request
from bot.casequeue.conversations import append_message, create_conversation
from bot.db import make_engine
from bot.models import (
    CaseRequest,
    Channel,
    Priority,
    RequestKind,
    RequestStatus,
    Sender,
    Team,
    utcnow,
)
from bot.privacy.tracker import TrackerStore

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
"""When the families in these tests first wrote."""
DAY = timedelta(days=1)


def at(when: datetime) -> time_machine.travel:
    """Freeze the clock (Python's and ``time.time``) at ``when``."""
    return time_machine.travel(when, tick=False)


rasa_metadata = MetaData()
RASA_EVENTS = Table(
    "events",
    rasa_metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# Tables another feature might add; the privacy code must find them by column name.
extra_metadata = MetaData()
BOOKINGS = Table(
    "privacy_test_bookings",
    extra_metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(64), ForeignKey("conversations.id"), nullable=False),
    Column("child_name", String(120)),
)
NOTES = Table(
    "privacy_test_notes",
    extra_metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("requests.id"), nullable=False),
    Column("text", Text),
)


@dataclass
class Tracker:
    """Writes events the way Rasa's SQLTrackerStore does, and counts them."""

    engine: Engine
    url: str

    def write(self, sender_id: str, text: str) -> None:
        event = {"event": "user", "timestamp": time.time(), "text": text}
        with self.engine.begin() as connection:
            connection.execute(
                insert(RASA_EVENTS).values(
                    sender_id=sender_id,
                    type_name="user",
                    timestamp=time.time(),
                    intent_name="ask_question",
                    data=json.dumps(event),
                )
            )

    def senders(self) -> list[str]:
        with self.engine.connect() as connection:
            return sorted(set(connection.scalars(select(RASA_EVENTS.c.sender_id))))

    def store(self) -> TrackerStore:
        return TrackerStore(self.url)


@pytest.fixture
def tracker(database_url: str) -> Iterator[Tracker]:
    """A Rasa tracker store in the same kind of database (SQLite file or PostgreSQL)."""
    if database_url.startswith("sqlite"):
        url = database_url.replace("baton.db", "rasa-tracker.db")
    else:
        # Rasa's own form of the URL: the privacy code must map it to psycopg 3.
        url = database_url.replace("postgresql+psycopg://", "postgresql://")
    engine = make_engine(database_url if not database_url.startswith("sqlite") else url)
    rasa_metadata.create_all(engine)
    yield Tracker(engine, url)
    rasa_metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def extra_tables(engine: Engine) -> Iterator[None]:
    """A bookings table and a notes table as another feature might add them."""
    extra_metadata.reflect(engine, only=["conversations", "requests"])
    extra_metadata.create_all(engine, tables=[BOOKINGS, NOTES])
    yield
    extra_metadata.drop_all(engine, tables=[BOOKINGS, NOTES])


def open_conversation(
    sessions: sessionmaker[Session],
    text: str = "my name is Alex, how do I get help with my son",
    *,
    channel: Channel = Channel.WEB,
    chat_id: str | None = None,
) -> str:
    with sessions.begin() as session:
        conversation = create_conversation(session, channel.value, chat_id)
        append_message(session, conversation.id, Sender.BOT, "Hello")
        append_message(session, conversation.id, Sender.FAMILY, text)
        return conversation.id


def say(sessions: sessionmaker[Session], conversation_id: str, text: str) -> None:
    with sessions.begin() as session:
        append_message(session, conversation_id, Sender.FAMILY, text)


def request(
    sessions: sessionmaker[Session],
    conversation_id: str,
    *,
    kind: RequestKind = RequestKind.HANDOFF,
    priority: Priority = Priority.NORMAL,
    closed: bool = False,
) -> int:
    team = Team.SAFEGUARDING if kind is RequestKind.SAFEGUARDING else Team.EARLY_HELP
    with sessions.begin() as session:
        made = create_request(
            session, conversation_id, team=team, kind=kind, priority=priority, summary="help"
        )
        if closed:
            made.status = RequestStatus.CLOSED.value
            made.closed_at = utcnow()
            made.outcome = "advice given"
        return made.id


def close(sessions: sessionmaker[Session], request_id: int) -> None:
    with sessions.begin() as session:
        made = session.get_one(CaseRequest, request_id)
        made.status = RequestStatus.CLOSED.value
        made.closed_at = utcnow()
        made.outcome = "advice given"
