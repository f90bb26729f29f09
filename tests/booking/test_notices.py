"""Reminders and waiting-list places: claimed atomically, stored once, pushed on the channel."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.booking import operations
from bot.booking.models import BookingNotice, NoticeStatus
from bot.booking.notices import LEASE, NoticeJob
from bot.config import Settings
from bot.gateway.app import create_app
from bot.models import Message
from tests.booking.conftest import NOW


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    async def notify_family(self, conversation_id: str, message: dict[str, Any]) -> None:
        with self._lock:
            self.sent.append((conversation_id, message))


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _bot_messages(sessions: sessionmaker[Session], family: str) -> list[str]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Message.text).where(
                    Message.conversation_id == family, Message.sender == "bot"
                )
            ).all()
        )


def _book(sessions: sessionmaker[Session], family: str, session_id: int, places: int = 1) -> int:
    with sessions.begin() as session:
        return operations.book(
            session, family, session_id, places=places, name="Jo", contact="j@x.org", now=NOW
        ).booking_id


async def test_a_reminder_is_sent_once_when_due_and_not_before(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(starts_in=timedelta(days=3))
    family = new_family()
    _book(sessions, family, session_id)
    notifier, clock = RecordingNotifier(), Clock(NOW)
    job = NoticeJob(sessions, notifier, clock=clock)

    assert await job.run_once() == 0  # due 24 hours before the session
    clock.at = NOW + timedelta(days=2, minutes=1)
    assert await job.run_once() == 1
    assert await job.run_once() == 0

    [text] = _bot_messages(sessions, family)
    assert text.startswith("Reminder: you're booked on Walk and Talk")
    assert "Sample data" in text
    assert [conversation for conversation, _ in notifier.sent] == [family]


async def test_two_gateways_never_send_the_same_reminder_twice(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=40, starts_in=timedelta(hours=30))
    families = [new_family() for _ in range(20)]
    for family in families:
        _book(sessions, family, session_id)
    notifier, clock = RecordingNotifier(), Clock(NOW + timedelta(hours=7))
    gateways = [NoticeJob(sessions, notifier, clock=clock, batch=3) for _ in range(2)]

    async def drain(job: NoticeJob) -> int:
        total = 0
        while sent := await job.run_once():
            total += sent
        return total

    totals = await asyncio.gather(*(drain(job) for job in gateways))
    assert sum(totals) == 20
    assert sorted(conversation for conversation, _ in notifier.sent) == sorted(families)
    for family in families:
        assert len(_bot_messages(sessions, family)) == 1


async def test_a_gateway_that_dies_after_claiming_loses_nothing(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(starts_in=timedelta(hours=30))
    family = new_family()
    _book(sessions, family, session_id)
    clock = Clock(NOW + timedelta(hours=7))
    crashed = NoticeJob(sessions, RecordingNotifier(), clock=clock)
    [claimed] = crashed.claim()  # ... and then the process dies

    notifier = RecordingNotifier()
    survivor = NoticeJob(sessions, notifier, clock=clock)
    assert await survivor.run_once() == 0  # the lease still holds
    clock.at += LEASE + timedelta(seconds=1)
    assert await survivor.run_once() == 1
    # The first gateway comes back and tries to finish: it no longer holds the claim.
    assert crashed.store(claimed) is None
    assert len(_bot_messages(sessions, family)) == 1
    assert len(notifier.sent) == 1


async def test_a_waiting_family_is_told_when_a_place_frees_and_a_cancelled_reminder_is_dropped(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=1, starts_in=timedelta(days=3))
    booked, waiting = new_family(), new_family()
    first = _book(sessions, booked, session_id)
    _book(sessions, waiting, session_id)
    with sessions.begin() as session:
        operations.cancel(session, booked, first, now=NOW)

    notifier = RecordingNotifier()
    job = NoticeJob(sessions, notifier, clock=Clock(NOW))
    assert await job.run_once() == 1
    [text] = _bot_messages(sessions, waiting)
    assert text.startswith("Good news: a place has come up")
    assert _bot_messages(sessions, booked) == []
    with sessions() as session:
        statuses = sorted(session.scalars(select(BookingNotice.status)).all())
    assert statuses == sorted(
        [NoticeStatus.DROPPED.value, NoticeStatus.SENT.value, NoticeStatus.PENDING.value]
    )


async def test_the_gateway_runs_the_job_in_the_background(sqlite_url: str) -> None:
    """A notice due now reaches the conversation through create_app's background job."""
    from bot.db import make_engine, make_sessionmaker

    own = make_sessionmaker(make_engine(sqlite_url))
    with own.begin() as session:
        from bot.booking.models import BookableSession
        from bot.casequeue.conversations import create_conversation

        family = create_conversation(session, "web").id
        starts = datetime.now(NOW.tzinfo) + timedelta(hours=2)
        target = BookableSession(
            ref="bg:1", title="Drop-in (sample)", team="early-help", venue="Hub (sample)",
            starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=5, sample=True,
        )  # fmt: skip
        session.add(target)
        session.flush()
        target_id = target.id
    with own.begin() as session:
        operations.book(session, family, target_id, places=1, name="Jo", contact="j@x.org")

    server = TestServer(
        create_app(Settings(database_url=sqlite_url, booking_notice_interval=0.05)),
        host="127.0.0.1",
    )
    await server.start_server()
    try:
        for _ in range(100):
            if _bot_messages(own, family):
                break
            await asyncio.sleep(0.05)
    finally:
        await server.close()
    [text] = _bot_messages(own, family)
    assert text.startswith("Reminder:")
