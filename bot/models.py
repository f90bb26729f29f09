"""The case queue's schema: conversations, their messages, requests, practitioners.

Rules that must hold under concurrency (one sequence number per message, one
claimant per request) are enforced by constraints and conditional updates, not by
reading first and writing later.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import false
from sqlalchemy.types import TypeDecorator

from bot.config import hold_urgent_safeguarding


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Team(enum.StrEnum):
    EARLY_HELP = "early-help"
    CARE_LEAVERS = "care-leavers"
    FAMILY_INFORMATION = "family-information"
    SAFEGUARDING = "safeguarding"


class Role(enum.StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    ADMIN = "admin"


class Channel(enum.StrEnum):
    WEB = "web"
    TELEGRAM = "telegram"


class ConversationMode(enum.StrEnum):
    BOT = "bot"
    PRACTITIONER = "practitioner"


class Sender(enum.StrEnum):
    FAMILY = "family"
    BOT = "bot"
    PRACTITIONER = "practitioner"


class RequestKind(enum.StrEnum):
    HANDOFF = "handoff"
    INFORMATION = "information"
    BOOKING = "booking"
    SAFEGUARDING = "safeguarding"


class RequestStatus(enum.StrEnum):
    NEW = "new"
    CLAIMED = "claimed"
    WAITING = "waiting"
    CLOSED = "closed"


class Priority(enum.StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"


def _hold_by_default(context: DefaultExecutionContext) -> bool:
    """New urgent safeguarding requests are held (``BATON_HOLD_URGENT_SAFEGUARDING``)."""
    params = context.get_current_parameters()
    urgent_safeguarding = (
        params.get("kind") == RequestKind.SAFEGUARDING.value
        and params.get("priority") == Priority.URGENT.value
    )
    return urgent_safeguarding and hold_urgent_safeguarding()


class Practitioner(Base):
    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    team: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16), default=Role.PRACTITIONER.value)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    # Telegram chat id for pushing replies; None for web chat.
    channel_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    mode: Mapped[str] = mapped_column(String(16), default=ConversationMode.BOT.value)
    named_practitioner_id: Mapped[int | None] = mapped_column(
        ForeignKey("practitioners.id"), default=None
    )
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the privacy notice was shown: once per conversation (bot.privacy.notice).
    privacy_notice_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        UniqueConstraint("channel", "channel_ref", name="uq_conversation_channel_ref"),
    )


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    buttons: Mapped[list[Any]] = mapped_column(default=list)
    practitioner_id: Mapped[int | None] = mapped_column(
        ForeignKey("practitioners.id"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("conversation_id", "seq", name="uq_message_seq"),)


class CaseRequest(Base):
    """A case queue request: handoff, booking, unanswered question or safeguarding alert."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    team: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16), default=Priority.NORMAL.value)
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.NEW.value)
    summary: Mapped[str] = mapped_column(Text, default="")
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"), default=None)
    outcome: Mapped[str | None] = mapped_column(String(120), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    # A safeguarding hold keeps the request and its whole conversation out of the
    # retention purge and refuses erasure (bot.privacy). Urgent safeguarding requests
    # get it when created, unless configured otherwise.
    safeguarding_hold: Mapped[bool] = mapped_column(
        Boolean, default=_hold_by_default, server_default=false()
    )

    __table_args__ = (Index("ix_requests_team_status", "team", "status"),)


class ConsoleSession(Base):
    """A practitioner's console session, stored server-side so gateways can share it."""

    __tablename__ = "console_sessions"

    # SHA-256 of the cookie value: a leaked table does not yield usable cookies.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Who viewed or changed what. Details hold ids and event names, never message text."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"), default=None)
    action: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[int | None] = mapped_column(default=None)
    conversation_id: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class LinkCode(Base):
    """A Personal Adviser's one-time code that links a young person's conversation to them.

    Only the SHA-256 of the code is kept. Single use is enforced by a conditional
    UPDATE on ``used_at IS NULL``, so two redemptions at once cannot both succeed.
    """

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    conversation_id: Mapped[str | None] = mapped_column(String(64), default=None)


class CaseNote(Base):
    """A practitioner's private note on a request (never shown to the family).

    ``kind`` is "note" for a note, "reassign" for the note left when passing a request on.
    """

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    kind: Mapped[str] = mapped_column(String(16), default="note")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_case_notes_request", "request_id"),)
