"""Booking, waiting list, cancelling and changing, against a real database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.booking import operations
from bot.booking.models import BookableSession, BookingNotice, NoticeKind, NoticeStatus
from bot.booking.operations import BookingError
from bot.models import CaseRequest, Conversation, Practitioner
from tests.booking.conftest import NOW


def _book(
    session: Session, family: str, session_id: int, places: int = 1
) -> operations.BookingOutcome:
    return operations.book(
        session, family, session_id, places=places, name="Jo", contact="07700 900123", now=NOW
    )


def test_booking_takes_places_and_opens_a_case_request_for_the_sessions_team(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    family, session_id = new_family(), new_session(capacity=5, team="care-leavers")
    with sessions.begin() as session:
        outcome = _book(session, family, session_id, places=2)
    assert (outcome.status, outcome.already) == ("active", False)
    with sessions() as session:
        assert session.get_one(BookableSession, session_id).booked == 2
        [request] = session.scalars(select(CaseRequest)).all()
        assert (request.kind, request.team, request.conversation_id) == (
            "booking",
            "care-leavers",
            family,
        )
        assert "2 place(s) for Jo" in request.summary
        [notice] = session.scalars(select(BookingNotice)).all()
        assert notice.kind == NoticeKind.REMINDER.value
        assert notice.due_at == NOW + timedelta(days=3) - operations.REMINDER_LEAD


def test_a_family_with_a_named_practitioner_sees_the_booking_assigned_to_them(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    family, session_id = new_family(), new_session()
    with sessions.begin() as session:
        sam = Practitioner(username="sam", display_name="Sam", team="early-help", password_hash="x")
        session.add(sam)
        session.flush()
        session.get_one(Conversation, family).named_practitioner_id = sam.id
        sam_id = sam.id
    with sessions.begin() as session:
        _book(session, family, session_id)
    with sessions() as session:
        assert session.scalars(select(CaseRequest.assigned_to_id)).one() == sam_id


def test_booking_twice_keeps_one_booking(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    family, session_id = new_family(), new_session()
    with sessions.begin() as session:
        first = _book(session, family, session_id)
    with sessions.begin() as session:
        second = _book(session, family, session_id, places=3)
    assert second.already and second.booking_id == first.booking_id
    with sessions() as session:
        assert session.get_one(BookableSession, session_id).booked == 1


def test_past_sessions_cannot_be_booked(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(starts_in=timedelta(hours=-1))
    with sessions.begin() as session, pytest.raises(BookingError, match="past_session"):
        _book(session, new_family(), session_id)


def test_full_then_waiting_list_then_promoted_on_cancellation(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=2)
    booked, waiter_big, waiter = new_family(), new_family(), new_family()
    with sessions.begin() as session:
        first = _book(session, booked, session_id, places=2)
        big = _book(session, waiter_big, session_id, places=3)
        small = _book(session, waiter, session_id, places=1)
    assert (big.status, big.waiting_position) == ("waiting", 1)
    assert (small.status, small.waiting_position) == ("waiting", 2)

    with sessions.begin() as session:
        promoted = operations.cancel(session, booked, first.booking_id, now=NOW)
    # The group of three still does not fit; the family of one gets the place.
    assert promoted == [small.booking_id]
    with sessions() as session:
        assert session.get_one(BookableSession, session_id).booked == 1
        notices = session.execute(
            select(BookingNotice.booking_id, BookingNotice.kind, BookingNotice.status)
        ).all()
    assert set(notices) == {
        (first.booking_id, NoticeKind.REMINDER.value, NoticeStatus.DROPPED.value),
        (small.booking_id, NoticeKind.PROMOTED.value, NoticeStatus.PENDING.value),
        (small.booking_id, NoticeKind.REMINDER.value, NoticeStatus.PENDING.value),
    }


def test_a_family_cannot_cancel_or_change_another_familys_booking(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session()
    owner, intruder = new_family(), new_family()
    with sessions.begin() as session:
        outcome = _book(session, owner, session_id)
    with sessions.begin() as session, pytest.raises(BookingError, match="not_found"):
        operations.cancel(session, intruder, outcome.booking_id, now=NOW)
    with sessions.begin() as session, pytest.raises(BookingError, match="not_found"):
        operations.change_places(session, intruder, outcome.booking_id, 5, now=NOW)
    with sessions() as session:
        assert [b.id for b in operations.family_bookings(session, owner, now=NOW)] == [
            outcome.booking_id
        ]
        assert operations.family_bookings(session, intruder, now=NOW) == []


def test_changing_places_must_fit_and_freed_places_go_to_the_waiting_list(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=3)
    family, waiter = new_family(), new_family()
    with sessions.begin() as session:
        mine = _book(session, family, session_id, places=3)
        theirs = _book(session, waiter, session_id, places=1)
    with sessions.begin() as session, pytest.raises(BookingError, match="no_room"):
        operations.change_places(session, family, mine.booking_id, 4, now=NOW)
    with sessions.begin() as session:
        assert operations.change_places(session, family, mine.booking_id, 2, now=NOW) == "active"
    with sessions() as session:
        views = operations.family_bookings(session, waiter, now=NOW)
        assert [(v.id, v.status) for v in views] == [(theirs.booking_id, "active")]
        assert session.get_one(BookableSession, session_id).booked == 3


def test_find_sessions_filters_by_date_and_age(
    sessions: sessionmaker[Session], new_session: Callable[..., int]
) -> None:
    soon = new_session(starts_in=timedelta(days=1))
    later = new_session(starts_in=timedelta(days=8))
    new_session(starts_in=timedelta(days=-1))
    with sessions() as session:
        every = operations.find_sessions(session, operations.SessionFilter(), now=NOW)
        next_week = operations.find_sessions(
            session,
            operations.SessionFilter(start=NOW + timedelta(days=7), end=NOW + timedelta(days=14)),
            now=NOW,
        )
    assert [s.id for s in every] == [soon, later]
    assert [s.id for s in next_week] == [later]


def test_find_sessions_prefers_the_area_named(
    sessions: sessionmaker[Session], new_session: Callable[..., int]
) -> None:
    north, south = new_session(), new_session()
    with sessions.begin() as session:
        session.get_one(BookableSession, north).area = "north"
        session.get_one(BookableSession, south).area = "south"
    with sessions() as session:
        named = operations.find_sessions(
            session, operations.SessionFilter(text="anything in the south?"), now=NOW
        )
        unnamed = operations.find_sessions(session, operations.SessionFilter(text="any"), now=NOW)
    assert [s.id for s in named] == [south]
    assert [s.id for s in unnamed] == [north, south]
