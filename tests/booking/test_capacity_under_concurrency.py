"""Capacity is enforced by the database: 50 simultaneous attempts at the last place.

Real threads, each with its own connection and transaction, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.booking import operations
from bot.booking.models import BookableSession, Booking, BookingStatus
from tests.booking.conftest import NOW

ATTEMPTS = 50


def _race(sessions: sessionmaker[Session], attempts: list[Callable[[Session], object]]) -> None:
    barrier = threading.Barrier(len(attempts))

    def run(attempt: Callable[[Session], object]) -> object:
        barrier.wait()
        with sessions.begin() as session:
            return attempt(session)

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        for future in [pool.submit(run, attempt) for attempt in attempts]:
            future.result()


def _counts(sessions: sessionmaker[Session], session_id: int) -> tuple[int, dict[str, int]]:
    with sessions() as session:
        booked = session.scalars(
            select(BookableSession.booked).where(BookableSession.id == session_id)
        ).one()
        by_status = dict(
            session.execute(
                select(Booking.status, func.count())
                .where(Booking.session_id == session_id)
                .group_by(Booking.status)
            ).all()
        )
    return booked, by_status


def test_fifty_families_race_for_the_last_place(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=3)
    first = new_family()
    with sessions.begin() as session:  # two of three places already gone
        operations.book(session, first, session_id, places=2, name="A", contact="a@x.org", now=NOW)
    families = [new_family() for _ in range(ATTEMPTS)]

    def attempt(family: str) -> Callable[[Session], object]:
        return lambda session: operations.book(
            session, family, session_id, places=1, name="B", contact="b@x.org", now=NOW
        )

    _race(sessions, [attempt(family) for family in families])

    booked, by_status = _counts(sessions, session_id)
    assert booked == 3
    # Exactly one of the fifty got the last place; the rest are on the waiting list.
    assert by_status == {BookingStatus.ACTIVE.value: 2, BookingStatus.WAITING.value: ATTEMPTS - 1}
    with sessions() as session:
        winners = session.scalars(
            select(Booking.conversation_id).where(
                Booking.session_id == session_id,
                Booking.status == BookingStatus.ACTIVE.value,
                Booking.places == 1,
            )
        ).all()
    assert len(winners) == 1 and winners[0] in families


def test_one_family_booking_fifty_times_at_once_gets_one_booking(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=100)
    family = new_family()
    attempt = lambda session: operations.book(  # noqa: E731
        session, family, session_id, places=2, name="A", contact="a@x.org", now=NOW
    )
    _race(sessions, [attempt] * ATTEMPTS)

    booked, by_status = _counts(sessions, session_id)
    assert booked == 2
    assert by_status == {BookingStatus.ACTIVE.value: 1}
