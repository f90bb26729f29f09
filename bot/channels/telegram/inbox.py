"""The durable inbox: each Telegram update is stored, then acknowledged, then processed.

Life of a row::

    stored (event) --route--> routed (outbox) --deliver--> processed (id + timestamps)

Storing is an ``INSERT`` keyed by ``update_id``, so Telegram's retries and duplicate
deliveries fail on the primary key, on every database and across gateway instances.
A worker takes a row with a conditional ``UPDATE`` (a lease), so two workers never
process it at once; a lease left by a crashed worker simply expires.

Each function is one step inside the caller's transaction (``sessions.begin()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.channels.telegram.keyboards import Outgoing
from bot.channels.telegram.models import TelegramInboxUpdate
from bot.channels.telegram.updates import Inbound, Kind, chat_id_or_none

Row = TelegramInboxUpdate


class Outcome:
    DONE = "done"
    IGNORED = "ignored"
    UNDELIVERABLE = "undeliverable"
    FAILED = "failed"


@dataclass(frozen=True)
class Outbox:
    """What processing an update decided to send: replies, and the answer to a button press."""

    chat_id: int | None
    messages: list[Outgoing] = field(default_factory=list)
    callback_id: str | None = None
    callback_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "messages": [message.to_json() for message in self.messages],
            "callback_id": self.callback_id,
            "callback_text": self.callback_text,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Outbox:
        return cls(
            chat_id=chat_id_or_none(raw.get("chat_id")),
            messages=[Outgoing.from_json(message) for message in raw.get("messages", [])],
            callback_id=raw.get("callback_id"),
            callback_text=raw.get("callback_text"),
        )


@dataclass(frozen=True)
class Claimed:
    update_id: int
    attempts: int
    sent: int
    event: Inbound | None
    outbox: Outbox | None


def store(session: Session, update_id: int, event: Inbound, now: datetime) -> bool:
    """Insert the update; ``False`` if this ``update_id`` was already stored.

    Updates Baton ignores are recorded as processed, with nothing of their content.
    """
    ignored = event.kind is Kind.IGNORED
    row = Row(
        update_id=update_id,
        received_at=now,
        event=None if ignored else event.to_json(),
        processed_at=now if ignored else None,
        outcome=Outcome.IGNORED if ignored else None,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def claim(
    session: Session, update_id: int, owner: str, now: datetime, lease: timedelta
) -> Claimed | None:
    """Take the lease on an unprocessed row; ``None`` if it is done or someone holds it."""
    taken = session.execute(
        update(Row)
        .where(
            Row.update_id == update_id,
            Row.processed_at.is_(None),
            or_(Row.locked_until.is_(None), Row.locked_until <= now),
        )
        .values(locked_by=owner, locked_until=now + lease, attempts=Row.attempts + 1)
        .returning(Row.attempts, Row.sent, Row.event, Row.outbox)
    ).first()
    if taken is None:
        return None
    attempts, sent, event, outbox = taken
    return Claimed(
        update_id=update_id,
        attempts=attempts,
        sent=sent,
        event=None if event is None else Inbound.from_json(event),
        outbox=None if outbox is None else Outbox.from_json(outbox),
    )


def _owned(update_id: int, owner: str) -> Any:
    return (Row.update_id == update_id, Row.locked_by == owner, Row.processed_at.is_(None))


def save_outbox(session: Session, update_id: int, owner: str, outbox: Outbox) -> None:
    """Routed: keep what to send and drop what the family sent (the router stored it)."""
    session.execute(
        update(Row).where(*_owned(update_id, owner)).values(outbox=outbox.to_json(), event=None)
    )


def mark_sent(session: Session, update_id: int, owner: str, sent: int) -> None:
    session.execute(update(Row).where(*_owned(update_id, owner)).values(sent=sent))


def finish(session: Session, update_id: int, outcome: str, now: datetime) -> None:
    """Processed: only the id, timestamps and outcome remain."""
    session.execute(
        update(Row)
        .where(Row.update_id == update_id)
        .values(
            processed_at=now,
            outcome=outcome,
            event=None,
            outbox=None,
            locked_by=None,
            locked_until=None,
        )
    )


def release(session: Session, update_id: int, owner: str, not_before: datetime | None) -> None:
    """Give the row back, to be retried no earlier than ``not_before``."""
    session.execute(
        update(Row).where(*_owned(update_id, owner)).values(locked_by=None, locked_until=not_before)
    )


def release_all(session: Session, owner: str) -> int:
    """On shutdown: free every row this worker holds, for the next start to take at once."""
    result = session.execute(
        update(Row)
        .where(Row.locked_by == owner, Row.processed_at.is_(None))
        .values(locked_by=None, locked_until=None)
        .returning(Row.update_id)
    )
    return len(result.all())


def pending(session: Session, now: datetime, limit: int = 100) -> list[tuple[int, int | None]]:
    """Unprocessed rows free to take, oldest first, with the chat each belongs to."""
    rows = session.execute(
        select(Row.update_id, Row.event, Row.outbox)
        .where(
            Row.processed_at.is_(None),
            or_(Row.locked_until.is_(None), Row.locked_until <= now),
        )
        .order_by(Row.update_id)
        .limit(limit)
    ).all()
    return [(update_id, _chat_of(event, outbox)) for update_id, event, outbox in rows]


def _chat_of(event: Any, outbox: Any) -> int | None:
    """The chat a row belongs to; ``None`` if it names none, or something that is no chat id.

    Never raises: the sweep lists every pending row at once, and one bad row (a chat id
    of ``"abc"`` stored before updates were checked) must not stop the others' retries.
    """
    for part in (outbox, event):
        if isinstance(part, dict):
            chat_id = chat_id_or_none(part.get("chat_id"))
            if chat_id is not None:
                return chat_id
    return None


def prune(session: Session, processed_before: datetime) -> int:
    """Forget processed updates older than any retry Telegram could still make."""
    result = session.execute(
        delete(Row)
        .where(Row.processed_at.is_not(None), Row.processed_at < processed_before)
        .returning(Row.update_id)
    )
    return len(result.all())
