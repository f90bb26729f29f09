"""Booking, cancelling, changing and promoting from the waiting list.

Every function takes an open session inside the caller's transaction (``sessions.begin()``)
and acts only on bookings of the given ``conversation_id``: the Rasa sender id, never an
id the family typed. Capacity changes are conditional UPDATEs (``booked + n <=
capacity``) evaluated by the database, so simultaneous bookings cannot oversell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.booking.models import (
    LIVE_STATUSES,
    BookableSession,
    Booking,
    BookingNotice,
    BookingStatus,
    NoticeKind,
    NoticeStatus,
    SessionKind,
)
from bot.booking.timetable import LONDON
from bot.casequeue.cases import create_request
from bot.models import CaseRequest, Conversation, RequestKind, Team, utcnow

REMINDER_LEAD = timedelta(hours=24)


class BookingError(Exception):
    """A booking cannot be made or changed; ``reason`` is a short code for the action."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class BookingOutcome:
    booking_id: int
    status: str  # active or waiting
    already: bool  # the family already had a live booking for this session
    waiting_position: int | None


@dataclass(frozen=True)
class BookingView:
    """A booking as the family sees it: no other family's data, ever."""

    id: int
    status: str
    places: int
    title: str
    starts_at: datetime
    venue: str
    sample: bool
    weeks: int


def when_text(starts_at: datetime, weeks: int = 1) -> str:
    local = starts_at.astimezone(LONDON)
    text = f"{local:%A} {local.day} {local:%B}, {local:%H:%M}"
    return f"{text} (first of {weeks} weekly sessions)" if weeks > 1 else text


def bookable(session: Session, session_id: int, now: datetime) -> BookableSession:
    found = session.get(BookableSession, session_id)
    if found is None or found.cancelled:
        raise BookingError("unknown_session")
    if found.starts_at <= now:
        raise BookingError("past_session")
    return found


def _live_booking(session: Session, session_id: int, conversation_id: str) -> Booking | None:
    return session.scalars(
        select(Booking).where(
            Booking.session_id == session_id,
            Booking.conversation_id == conversation_id,
            Booking.status.in_(LIVE_STATUSES),
        )
    ).first()


def _take_places(session: Session, session_id: int, places: int) -> bool:
    """Take places if they fit; the database decides, inside this transaction."""
    taken = session.execute(
        update(BookableSession)
        .where(
            BookableSession.id == session_id,
            BookableSession.booked + places <= BookableSession.capacity,
        )
        .values(booked=BookableSession.booked + places)
        .returning(BookableSession.id)
        .execution_options(synchronize_session=False)
    ).first()
    return taken is not None


def _release_places(session: Session, session_id: int, places: int) -> None:
    session.execute(
        update(BookableSession)
        .where(BookableSession.id == session_id)
        .values(booked=BookableSession.booked - places)
        .execution_options(synchronize_session=False)
    )


def waiting_position(session: Session, booking: Booking) -> int:
    ahead = session.scalars(
        select(Booking.id).where(
            Booking.session_id == booking.session_id,
            Booking.status == BookingStatus.WAITING.value,
            Booking.id <= booking.id,
        )
    ).all()
    return len(ahead)


def book(
    session: Session,
    conversation_id: str,
    session_id: int,
    *,
    places: int,
    name: str,
    contact: str,
    access_needs: str = "",
    now: datetime | None = None,
) -> BookingOutcome:
    """Book places, or join the waiting list when they do not fit.

    A second attempt by the same family returns their existing booking: the partial
    unique index settles a race between two such attempts, and the savepoint undoes
    the places the loser took.
    """
    now = now or utcnow()
    target = bookable(session, session_id, now)
    existing = _live_booking(session, session_id, conversation_id)
    if existing is not None:
        return _outcome(session, existing, already=True)
    try:
        with session.begin_nested():
            status = (
                BookingStatus.ACTIVE
                if _take_places(session, session_id, places)
                else BookingStatus.WAITING
            )
            booking = Booking(
                session_id=session_id,
                conversation_id=conversation_id,
                status=status.value,
                places=places,
                name=name,
                contact=contact,
                access_needs=access_needs,
                created_at=now,
                updated_at=now,
            )
            session.add(booking)
            session.flush()
    except IntegrityError:
        existing = _live_booking(session, session_id, conversation_id)
        if existing is None:
            raise
        return _outcome(session, existing, already=True)
    booking.request_id = _case_request(session, booking, target)
    if status is BookingStatus.ACTIVE:
        _schedule_reminder(session, booking, target, now)
    return _outcome(session, booking, already=False)


def _outcome(session: Session, booking: Booking, *, already: bool) -> BookingOutcome:
    position = (
        waiting_position(session, booking)
        if booking.status == BookingStatus.WAITING.value
        else None
    )
    return BookingOutcome(booking.id, booking.status, already, position)


def _summary(booking: Booking, target: BookableSession) -> str:
    state = {"active": "Booked", "waiting": "Waiting list", "cancelled": "Cancelled"}[
        booking.status
    ]
    kind = "programme (whole course)" if target.kind == SessionKind.PROGRAMME.value else "session"
    needs = booking.access_needs or "none given"
    return (
        f"{state}: {target.title}, {kind} starting {when_text(target.starts_at)}. "
        f"{booking.places} place(s) for {booking.name}; contact {booking.contact}; "
        f"access needs: {needs}."
    )


def _case_request(session: Session, booking: Booking, target: BookableSession) -> int:
    """The booking in the case queue: the session's team sees attendees; a family's
    named practitioner is set as the request's assignee so it shows against them."""
    request = create_request(
        session,
        booking.conversation_id,
        team=Team(target.team),
        kind=RequestKind.BOOKING,
        summary=_summary(booking, target),
    )
    conversation = session.get_one(Conversation, booking.conversation_id)
    if conversation.named_practitioner_id is not None:
        request.assigned_to_id = conversation.named_practitioner_id
    return request.id


def _update_request(session: Session, booking: Booking) -> None:
    if booking.request_id is None:
        return
    target = session.get_one(BookableSession, booking.session_id)
    session.execute(
        update(CaseRequest)
        .where(CaseRequest.id == booking.request_id)
        .values(summary=_summary(booking, target))
    )


def _schedule_reminder(
    session: Session, booking: Booking, target: BookableSession, now: datetime
) -> None:
    due = max(target.starts_at - REMINDER_LEAD, now)
    if due >= target.starts_at:
        return
    session.add(BookingNotice(booking_id=booking.id, kind=NoticeKind.REMINDER.value, due_at=due))


def _drop_notices(session: Session, booking_id: int) -> None:
    session.execute(
        update(BookingNotice)
        .where(
            BookingNotice.booking_id == booking_id,
            BookingNotice.status == NoticeStatus.PENDING.value,
        )
        .values(status=NoticeStatus.DROPPED.value)
    )


def owned_booking(session: Session, conversation_id: str, booking_id: int) -> Booking:
    """The family's own live booking, or ``not_found``: another family's id looks absent."""
    booking = session.scalars(
        select(Booking)
        .where(
            Booking.id == booking_id,
            Booking.conversation_id == conversation_id,
            Booking.status.in_(LIVE_STATUSES),
        )
        .with_for_update()
    ).first()
    if booking is None:
        raise BookingError("not_found")
    return booking


def cancel(
    session: Session, conversation_id: str, booking_id: int, now: datetime | None = None
) -> list[int]:
    """Cancel the family's booking; return the ids of bookings promoted into its places."""
    now = now or utcnow()
    booking = owned_booking(session, conversation_id, booking_id)
    was = booking.status
    changed = session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status == was)
        .values(status=BookingStatus.CANCELLED.value, updated_at=now)
        .returning(Booking.id)
        .execution_options(synchronize_session=False)
    ).first()
    if changed is None:
        raise BookingError("not_found")
    session.refresh(booking)
    _drop_notices(session, booking.id)
    _update_request(session, booking)
    if was != BookingStatus.ACTIVE.value:
        return []
    _release_places(session, booking.session_id, booking.places)
    return promote_waiting(session, booking.session_id, now)


def promote_waiting(session: Session, session_id: int, now: datetime) -> list[int]:
    """Give freed places to waiting families, first come first served.

    A waiting group too big for the places left is skipped, not blocking smaller ones.
    Each promoted family gets a notice on its channel (delivered by the gateway's job).
    """
    target = session.get_one(BookableSession, session_id, populate_existing=True)
    if target.starts_at <= now:
        return []
    promoted: list[int] = []
    waiting = session.scalars(
        select(Booking)
        .where(Booking.session_id == session_id, Booking.status == BookingStatus.WAITING.value)
        .order_by(Booking.created_at, Booking.id)
    ).all()
    for booking in waiting:
        if not _take_places(session, session_id, booking.places):
            continue
        booking.status = BookingStatus.ACTIVE.value
        booking.updated_at = now
        session.add(
            BookingNotice(booking_id=booking.id, kind=NoticeKind.PROMOTED.value, due_at=now)
        )
        _schedule_reminder(session, booking, target, now)
        session.flush()
        _update_request(session, booking)
        promoted.append(booking.id)
    return promoted


def change_places(
    session: Session,
    conversation_id: str,
    booking_id: int,
    places: int,
    now: datetime | None = None,
) -> str:
    """Change how many places a booking holds; returns the booking's status afterwards.

    More places must fit (else ``no_room``, and the booking stays as it was); fewer
    places free the rest for the waiting list.
    """
    now = now or utcnow()
    booking = owned_booking(session, conversation_id, booking_id)
    bookable(session, booking.session_id, now)
    delta = places - booking.places
    if booking.status == BookingStatus.ACTIVE.value and delta > 0:
        if not _take_places(session, booking.session_id, delta):
            raise BookingError("no_room")
    elif booking.status == BookingStatus.ACTIVE.value and delta < 0:
        _release_places(session, booking.session_id, -delta)
    booking.places = places
    booking.updated_at = now
    session.flush()
    _update_request(session, booking)
    if booking.status == BookingStatus.ACTIVE.value and delta < 0:
        promote_waiting(session, booking.session_id, now)
    return booking.status


def family_bookings(
    session: Session, conversation_id: str, now: datetime | None = None
) -> list[BookingView]:
    """The family's live bookings for sessions that have not started yet, soonest first."""
    now = now or utcnow()
    rows = session.execute(
        select(Booking, BookableSession)
        .join(BookableSession, Booking.session_id == BookableSession.id)
        .where(
            Booking.conversation_id == conversation_id,
            Booking.status.in_(LIVE_STATUSES),
            BookableSession.starts_at > now,
        )
        .order_by(BookableSession.starts_at, Booking.id)
    ).all()
    return [
        BookingView(
            id=booking.id,
            status=booking.status,
            places=booking.places,
            title=target.title,
            starts_at=target.starts_at,
            venue=target.venue,
            sample=target.sample,
            weeks=target.weeks,
        )
        for booking, target in rows
    ]


@dataclass(frozen=True)
class SessionFilter:
    """What the family asked for; every field optional."""

    start: datetime | None = None
    end: datetime | None = None
    kind: SessionKind | None = None
    child_age: int | None = None
    words: tuple[str, ...] = ()
    # The family's words: sessions whose area they name ("in the north") are preferred.
    text: str = ""
    # The content item (``service_id``) the family named: only its sessions.
    service_id: str | None = None


def find_sessions(
    session: Session, wanted: SessionFilter, now: datetime | None = None, limit: int = 5
) -> list[BookableSession]:
    """Upcoming sessions matching the filter, soonest first."""
    now = now or utcnow()
    query = select(BookableSession).where(
        BookableSession.starts_at > now, BookableSession.cancelled.is_(False)
    )
    if wanted.start is not None:
        query = query.where(BookableSession.starts_at >= wanted.start)
    if wanted.end is not None:
        query = query.where(BookableSession.starts_at < wanted.end)
    if wanted.kind is not None:
        query = query.where(BookableSession.kind == wanted.kind.value)
    if wanted.service_id is not None:
        query = query.where(BookableSession.service_id == wanted.service_id)
    if wanted.child_age is not None:
        age = wanted.child_age
        query = query.where(
            (BookableSession.age_min.is_(None)) | (BookableSession.age_min <= age),
            (BookableSession.age_max.is_(None)) | (BookableSession.age_max >= age),
        )
    found = session.scalars(query.order_by(BookableSession.starts_at, BookableSession.id)).all()
    lowered = wanted.text.lower()
    in_area = [
        s for s in found if s.area and re.search(rf"\b{re.escape(s.area.lower())}\b", lowered)
    ]
    found = in_area or list(found)
    if wanted.words:
        matching = [s for s in found if _mentions(s, wanted.words)]
        found = matching or list(found)  # words narrow the list; they never empty it
    return list(found[:limit])


def _mentions(target: BookableSession, words: tuple[str, ...]) -> bool:
    haystack = f"{target.title} {target.audience} {target.area} {target.service_id or ''}".lower()
    return any(word in haystack for word in words)
