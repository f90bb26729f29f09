"""Booking tables: sessions families can book, their bookings, and notices to send.

Capacity is a column on the session (``booked`` against ``capacity``) changed only by
conditional UPDATEs, and a CHECK constraint backs it up. One live booking per family
and session is a partial unique index, so a double booking fails in the database.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base, utcnow


class SessionKind(enum.StrEnum):
    DROP_IN = "drop-in"
    PROGRAMME = "programme"  # a course of several weeks, booked as a whole


class BookingStatus(enum.StrEnum):
    ACTIVE = "active"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class NoticeKind(enum.StrEnum):
    REMINDER = "reminder"
    PROMOTED = "promoted"  # a place freed up and the waiting family now has it


class NoticeStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DROPPED = "dropped"  # the booking was cancelled before the notice was due


LIVE_STATUSES = (BookingStatus.ACTIVE.value, BookingStatus.WAITING.value)


class BookableSession(Base):
    """One bookable thing: a drop-in on a date, or a whole run of a programme."""

    __tablename__ = "booking_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable key: "<timetable entry>:<first date>" for timetable sessions,
    # "console:<uuid>" for sessions added in the console.
    ref: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=SessionKind.DROP_IN.value)
    title: Mapped[str] = mapped_column(String(200))
    service_id: Mapped[str | None] = mapped_column(String(120), default=None)
    team: Mapped[str] = mapped_column(String(32))
    venue: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(80), default="")
    audience: Mapped[str] = mapped_column(String(120), default="")
    age_min: Mapped[int | None] = mapped_column(Integer, default=None)
    age_max: Mapped[int | None] = mapped_column(Integer, default=None)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    weeks: Mapped[int] = mapped_column(Integer, default=1)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    # True for the demo timetable: the family is told times and venues are samples.
    sample: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="ck_booking_sessions_capacity"),
        CheckConstraint("capacity >= 0", name="ck_booking_sessions_capacity_positive"),
        Index("ix_booking_sessions_starts_at", "starts_at"),
    )

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked, 0)


class Booking(Base):
    """A family's booking or waiting-list place. Names and contacts are personal data:
    they are shown to the family and to practitioners, never logged."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("booking_sessions.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    places: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    contact: Mapped[str] = mapped_column(String(120))
    access_needs: Mapped[str] = mapped_column(Text, default="")
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("places >= 1", name="ck_bookings_places"),
        # One live (booked or waiting) entry per family and session.
        Index(
            "uq_bookings_live_per_family",
            "session_id",
            "conversation_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'waiting')"),
            postgresql_where=text("status IN ('active', 'waiting')"),
        ),
        Index("ix_bookings_conversation", "conversation_id"),
        Index("ix_bookings_waiting", "session_id", "status", "created_at"),
    )


class BookingNotice(Base):
    """A message to deliver to a family later (reminder) or soon (waiting-list place).

    The gateway's job claims due notices with a conditional UPDATE and a lease, so two
    gateways never both send one, and a crash mid-send only delays it until the lease ends.
    """

    __tablename__ = "booking_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=NoticeStatus.PENDING.value)
    claimed_by: Mapped[str | None] = mapped_column(String(40), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_booking_notices_due", "status", "due_at"),)
