"""Tables the Telegram channel owns, on the shared declarative ``Base``.

``bot/migrations/env.py`` must import this module so that autogenerate sees them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base, utcnow


class TelegramInboxUpdate(Base):
    """One update Telegram delivered, stored before it is acknowledged.

    The primary key is Telegram's ``update_id``: a retried or duplicated delivery
    collides with it and is dropped, whichever gateway instance receives it.

    ``event`` (what the family sent, already reduced to what Baton uses) lives only
    until the routing core has stored what it keeps; ``outbox`` (the replies still to
    send) only until they are delivered. A processed row is an id and timestamps.
    """

    __tablename__ = "telegram_inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    outbox: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # Replies of the outbox already delivered: a retry resumes after them.
    sent: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A lease: the worker holding the row, and until when. Without an owner,
    # ``locked_until`` is a "not before" time for the next retry.
    locked_by: Mapped[str | None] = mapped_column(String(32), default=None)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)

    __table_args__ = (Index("ix_telegram_inbox_processed_at", "processed_at"),)


class TelegramChat(Base):
    """Per-chat channel state. Today only whether the family asked us to stop (``/stop``)."""

    __tablename__ = "telegram_chats"

    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stopped_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TelegramCallbackToken(Base):
    """A short stand-in for a button payload longer than Telegram's 64-byte callback data.

    The token is derived from the payload, so one payload has one row however often it
    is offered. Knowing a token grants nothing: the router still accepts only payloads
    offered in the family's own conversation.
    """

    __tablename__ = "telegram_callback_tokens"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
