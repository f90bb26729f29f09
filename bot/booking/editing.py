"""Practitioners adding and editing sessions (the console's booking routes call these).

Input is checked field by field with messages written for the practitioner. Text is
:func:`bot.plaintext.clean`ed (PostgreSQL refuses a NUL, and families read titles and
venues); a value of the wrong JSON type, or a null where the column needs a value, is
refused naming the field; times stay within a few years of today (year 9999 at -12:00
does not fit the database). A session belongs to a team; only that team edits it.
Capacity cannot drop below the places already booked: that is a conditional UPDATE,
like every capacity change.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import plaintext
from bot.booking.models import BookableSession, Booking, BookingStatus, SessionKind
from bot.booking.timetable import LONDON
from bot.casequeue import audit
from bot.models import utcnow

# How far from today a session's times may be: a council plans a year or two ahead,
# and an edit may correct a session that has already run.
FURTHEST_AHEAD = timedelta(days=3 * 365)
FURTHEST_BACK = timedelta(days=365)
KINDS = frozenset(kind.value for kind in SessionKind)
TEXT_LIMITS = {"title": 200, "venue": 200, "audience": 120, "area": 80, "service_id": 120}
EDITABLE = (
    "title", "venue", "audience", "area", "service_id", "starts_at", "ends_at",
    "capacity", "age_min", "age_max", "kind", "weeks",
)  # fmt: skip


class SessionInputError(ValueError):
    """The practitioner's input cannot be used; the message says what to fix."""


class SessionAccessError(PermissionError):
    """The session is another team's, or does not exist (``status`` 403 or 404)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _text(body: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise SessionInputError(f'"{name}" must be non-empty text.')
    cleaned = " ".join(plaintext.clean(value).split())
    if not plaintext.has_visible(cleaned):
        raise SessionInputError(f'"{name}" must be non-empty text.')
    if len(cleaned) > TEXT_LIMITS[name]:
        raise SessionInputError(f'"{name}" must be at most {TEXT_LIMITS[name]} characters.')
    return cleaned


def _moment(body: dict[str, Any], name: str, now: datetime) -> datetime:
    value = body.get(name)
    if not isinstance(value, str):  # null too: a session cannot lose its times
        raise SessionInputError(f'"{name}" must be a date and time like 2026-12-03T10:00.')
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SessionInputError(
            f'"{name}" must be a date and time like 2026-12-03T10:00.'
        ) from None
    # A time without a zone is London time, as practitioners read it on the wall clock.
    moment = moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
    # Compared before any conversion: year 9999 at -12:00 is past year 9999 in UTC.
    if not now - FURTHEST_BACK <= moment <= now + FURTHEST_AHEAD:
        raise SessionInputError(
            f'"{name}" must be no more than a year ago and no more than three years ahead.'
        )
    return moment


def _whole(body: dict[str, Any], name: str, low: int, high: int, *, optional: bool) -> int | None:
    value = body.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SessionInputError(f'"{name}" must be a whole number from {low} to {high}.')
    return value


def parse_fields(
    body: dict[str, Any], *, creating: bool, now: datetime | None = None
) -> dict[str, Any]:
    """The fields present in ``body``, checked; on create the essentials are required."""
    now = now or utcnow()
    fields: dict[str, Any] = {}
    for name in ("title", "venue"):
        if creating or name in body:
            fields[name] = _text(body, name, required=True)
    for name in ("audience", "area", "service_id"):
        if name in body:
            fields[name] = _text(body, name, required=False) or ""
    for name in ("starts_at", "ends_at"):
        if creating and body.get(name) is None:
            raise SessionInputError(f'"{name}" is required.')
        if name in body:
            fields[name] = _moment(body, name, now)
    if creating and body.get("capacity") is None:
        raise SessionInputError('"capacity" is required.')
    # An age limit can be removed (null); capacity and weeks cannot (NOT NULL columns).
    for name, low, high, optional in (
        ("capacity", 1, 500, False),
        ("age_min", 0, 25, True),
        ("age_max", 0, 25, True),
        ("weeks", 1, 52, False),
    ):
        if name in body:
            fields[name] = _whole(body, name, low, high, optional=optional)
    if "kind" in body:
        # A list or object is not a kind (and would not even be looked up in a set).
        if not isinstance(body["kind"], str) or body["kind"] not in KINDS:
            raise SessionInputError('"kind" must be "drop-in" or "programme".')
        fields["kind"] = body["kind"]
    unknown = set(body) - set(EDITABLE)
    if unknown:
        raise SessionInputError("Unknown fields: " + ", ".join(sorted(unknown)) + ".")
    return fields


def _check_consistent(target: BookableSession) -> None:
    if target.ends_at <= target.starts_at:
        raise SessionInputError('"ends_at" must be after "starts_at".')
    if (
        target.age_min is not None
        and target.age_max is not None
        and target.age_min > target.age_max
    ):
        raise SessionInputError('"age_min" must not be more than "age_max".')


def create_session(
    session: Session, team: str, actor_id: int, body: dict[str, Any]
) -> BookableSession:
    fields = parse_fields(body, creating=True)
    if fields["starts_at"] <= utcnow():
        raise SessionInputError("A new session must start in the future.")
    target = BookableSession(
        ref=f"console:{secrets.token_hex(8)}", team=team, sample=False, **fields
    )
    _check_consistent(target)
    session.add(target)
    session.flush()
    audit.record(session, "booking.session_created", actor_id=actor_id, session_id=target.id)
    return target


def team_session(session: Session, team: str, session_id: int) -> BookableSession:
    target = session.get(BookableSession, session_id)
    if target is None:
        raise SessionAccessError("No such session.", 404)
    if target.team != team:
        raise SessionAccessError("This session belongs to another team.", 403)
    return target


def edit_session(
    session: Session, team: str, actor_id: int, session_id: int, body: dict[str, Any]
) -> BookableSession:
    fields = parse_fields(body, creating=False)
    target = team_session(session, team, session_id)
    capacity = fields.pop("capacity", None)
    if capacity is not None:
        changed = session.execute(
            update(BookableSession)
            .where(BookableSession.id == session_id, BookableSession.booked <= capacity)
            .values(capacity=capacity)
            .returning(BookableSession.id)
            .execution_options(synchronize_session=False)
        ).first()
        if changed is None:
            raise SessionInputError("Capacity cannot be less than the places already booked.")
        session.refresh(target)
    for name, value in fields.items():
        setattr(target, name, value)
    _check_consistent(target)
    session.flush()
    audit.record(
        session, "booking.session_edited", actor_id=actor_id, session_id=session_id,
        fields=sorted([*fields, *(["capacity"] if capacity is not None else [])]),
    )  # fmt: skip
    return target


def session_to_api(target: BookableSession) -> dict[str, Any]:
    return {
        "id": target.id,
        "kind": target.kind,
        "title": target.title,
        "team": target.team,
        "venue": target.venue,
        "area": target.area,
        "audience": target.audience,
        "age_min": target.age_min,
        "age_max": target.age_max,
        "service_id": target.service_id,
        "starts_at": target.starts_at.astimezone(LONDON).isoformat(),
        "ends_at": target.ends_at.astimezone(LONDON).isoformat(),
        "weeks": target.weeks,
        "capacity": target.capacity,
        "booked": target.booked,
        "sample": target.sample,
    }


def upcoming_sessions(session: Session, team: str, now: datetime) -> list[BookableSession]:
    return list(
        session.scalars(
            select(BookableSession)
            .where(BookableSession.team == team, BookableSession.ends_at > now)
            .order_by(BookableSession.starts_at, BookableSession.id)
        ).all()
    )


def attendees(session: Session, team: str, actor_id: int, session_id: int) -> list[dict[str, Any]]:
    """Who is booked or waiting: personal data for the session's team only, audited."""
    team_session(session, team, session_id)
    rows = session.scalars(
        select(Booking)
        .where(
            Booking.session_id == session_id,
            Booking.status.in_((BookingStatus.ACTIVE.value, BookingStatus.WAITING.value)),
        )
        .order_by(Booking.created_at, Booking.id)
    ).all()
    audit.record(session, "booking.attendees_viewed", actor_id=actor_id, session_id=session_id)
    return [
        {
            "booking_id": row.id,
            "status": row.status,
            "places": row.places,
            "name": row.name,
            "contact": row.contact,
            "access_needs": row.access_needs,
            "request_id": row.request_id,
        }
        for row in rows
    ]
