"""The gateway's booking notices job: reminders and waiting-list places, on the family's channel.

Notices are rows in ``booking_notices`` (written by the action server when a booking is
made or a place is given to a waiting family). Every ``interval`` seconds each gateway:

1. claims due notices with a conditional UPDATE (pending and due, or claimed by a
   gateway whose lease ran out): of two gateways, exactly one wins each notice;
2. for each claimed notice, in one transaction, appends the message to the family's
   conversation and marks the notice sent, only if it still holds the claim;
3. after the commit, pushes the message to the family's channel (Telegram); web chat
   families fetch it from the conversation.

So a notice is stored in the conversation exactly once. A gateway that dies after
claiming delays the notice until its lease ends; one that dies between commit and push
leaves the message stored (seen on web chat, or on the next Telegram reply).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiohttp import web
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.booking.models import (
    BookableSession,
    Booking,
    BookingNotice,
    BookingStatus,
    NoticeKind,
    NoticeStatus,
)
from bot.booking.operations import when_text
from bot.casequeue.conversations import append_message, to_api
from bot.gateway.keys import NOTIFIER, SESSIONS, SETTINGS
from bot.models import Sender, utcnow

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
SAMPLE_NOTE = " (Sample data for this demo: the council still has to confirm times and venues.)"


class FamilyNotifier(Protocol):
    async def notify_family(self, conversation_id: str, message: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Delivered:
    notice_id: int
    conversation_id: str
    message: dict[str, Any]


def notice_text(kind: str, booking: Booking, target: BookableSession) -> str:
    """The family's words for a notice: what, when, where; never anyone else's details."""
    when = when_text(target.starts_at, target.weeks)
    note = SAMPLE_NOTE if target.sample else ""
    if kind == NoticeKind.PROMOTED.value:
        return (
            f"Good news: a place has come up on {target.title} ({when}) and it's yours. "
            f"You're now booked for {booking.places} place(s) at {target.venue}. "
            f'If you can\'t make it, just say "cancel my booking".{note}'
        )
    return (
        f"Reminder: you're booked on {target.title}, {when}, at {target.venue}, "
        f'for {booking.places} place(s). If you can\'t make it, just say "cancel my booking".{note}'
    )


class NoticeJob:
    """Claims and delivers due notices; run one per gateway (several may share a database)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        notifier: FamilyNotifier,
        *,
        clock: Callable[[], datetime] = utcnow,
        worker: str | None = None,
        batch: int = 50,
    ) -> None:
        self._sessions = sessions
        self._notifier = notifier
        self._clock = clock
        self.worker = worker or secrets.token_hex(8)
        self._batch = batch

    def claim(self) -> list[int]:
        """Claim due notices for this worker; each one is won by exactly one worker."""
        now = self._clock()
        claimable = or_(
            and_(BookingNotice.status == NoticeStatus.PENDING.value, BookingNotice.due_at <= now),
            and_(
                BookingNotice.status == NoticeStatus.SENDING.value, BookingNotice.lease_until < now
            ),
        )
        won: list[int] = []
        with self._sessions.begin() as session:
            candidates = session.scalars(
                select(BookingNotice.id)
                .where(claimable)
                .order_by(BookingNotice.due_at)
                .limit(self._batch)
            ).all()
            for notice_id in candidates:
                claimed = session.execute(
                    update(BookingNotice)
                    .where(BookingNotice.id == notice_id, claimable)
                    .values(
                        status=NoticeStatus.SENDING.value,
                        claimed_by=self.worker,
                        lease_until=now + LEASE,
                        attempts=BookingNotice.attempts + 1,
                    )
                    .returning(BookingNotice.id)
                    .execution_options(synchronize_session=False)
                ).first()
                if claimed is not None:
                    won.append(notice_id)
        return won

    def store(self, notice_id: int) -> Delivered | None:
        """Put the notice in the family's conversation and mark it sent, in one transaction."""
        now = self._clock()
        with self._sessions.begin() as session:
            notice = session.get_one(
                BookingNotice, notice_id, with_for_update=True, populate_existing=True
            )
            if notice.status != NoticeStatus.SENDING.value or notice.claimed_by != self.worker:
                return None  # another gateway took it over after our lease ran out
            booking = session.get_one(Booking, notice.booking_id)
            target = session.get_one(BookableSession, booking.session_id)
            if booking.status != BookingStatus.ACTIVE.value or target.starts_at <= now:
                notice.status = NoticeStatus.DROPPED.value
                return None
            if notice.attempts > MAX_ATTEMPTS:
                notice.status = NoticeStatus.DROPPED.value
                log.error(
                    "booking notice dropped after %s attempts: notice_id=%s",
                    notice.attempts,
                    notice.id,
                )
                return None
            message = append_message(
                session,
                booking.conversation_id,
                Sender.BOT,
                notice_text(notice.kind, booking, target),
            )
            notice.status = NoticeStatus.SENT.value
            notice.sent_at = now
            return Delivered(notice.id, booking.conversation_id, to_api(message))

    async def run_once(self) -> int:
        """One round: claim, store, push. Returns how many notices were delivered."""
        claimed = await asyncio.to_thread(self.claim)
        delivered = 0
        for notice_id in claimed:
            try:
                result = await asyncio.to_thread(self.store, notice_id)
            except Exception as error:  # retried after the lease; ids and error type only
                log.error(
                    "booking notice not stored: notice_id=%s (%s)", notice_id, type(error).__name__
                )
                continue
            if result is None:
                continue
            delivered += 1
            log.info("booking notice sent: notice_id=%s", result.notice_id)
            try:
                await self._notifier.notify_family(result.conversation_id, result.message)
            except Exception as error:  # stored is what matters: web chat fetches it
                log.warning("booking notice stored but not pushed (%s)", type(error).__name__)
        return delivered

    async def run_forever(self, interval: float) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as error:  # keep the job alive through a database blip
                log.error("booking notices round failed (%s)", type(error).__name__)
            await asyncio.sleep(interval)


async def booking_notices(app: web.Application) -> AsyncIterator[None]:
    """``cleanup_ctx`` for the gateway: run the notices job while the app runs."""
    job = NoticeJob(app[SESSIONS], app[NOTIFIER])
    task = asyncio.create_task(job.run_forever(app[SETTINGS].booking_notice_interval))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
