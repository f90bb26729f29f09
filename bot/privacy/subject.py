"""Subject access and erasure for one family (one conversation).

``export`` gathers everything held: the case queue rows linked to the conversation
(found generically, see :mod:`bot.privacy.holdings`), the audit events about it, and the
Rasa tracker events. ``erase`` removes all of it except the audit trail, and refuses
while any of the conversation's requests is under a safeguarding hold.

Both are recorded in the audit trail with ids and counts only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue import audit
from bot.casequeue.conversations import find_by_channel_ref, get_conversation
from bot.channels.telegram.inbox import Outcome
from bot.channels.telegram.models import TelegramChat, TelegramInboxUpdate
from bot.models import Channel, utcnow
from bot.privacy import holdings
from bot.privacy.tracker import TrackerStore

log = logging.getLogger(__name__)
EXPORTED = "privacy.exported"
ERASED = "privacy.erased"
ERASE_REFUSED = "privacy.erase_refused"


class SubjectNotFound(Exception):
    """No conversation matches what was given."""


class UnderSafeguardingHold(Exception):
    """Erasure refused: a request of this conversation is under a safeguarding hold."""

    def __init__(self, request_ids: list[int]) -> None:
        super().__init__(
            "This conversation is under a safeguarding hold (request "
            + ", ".join(f"#{rid}" for rid in request_ids)
            + "), so it cannot be erased. A safeguarding manager must release the hold "
            "first (python -m bot privacy release-hold --request ID --reason ...); see "
            "docs/privacy.md."
        )
        self.request_ids = request_ids


@dataclass(frozen=True)
class ErasureReport:
    conversation_id: str
    rows: dict[str, int]
    tracker_events: int


def resolve(
    session: Session, *, conversation_id: str | None = None, telegram_chat: str | None = None
) -> str:
    """The conversation id for a web conversation id or a Telegram chat id."""
    if conversation_id is not None:
        if get_conversation(session, conversation_id) is None:
            raise SubjectNotFound("no conversation with that id")
        return conversation_id
    if telegram_chat is not None:
        conversation = find_by_channel_ref(session, Channel.TELEGRAM.value, telegram_chat)
        if conversation is None:
            raise SubjectNotFound("no conversation for that Telegram chat")
        return conversation.id
    raise SubjectNotFound("give a conversation id or a Telegram chat id")


def export(
    sessions: sessionmaker[Session],
    tracker: TrackerStore | None,
    *,
    conversation_id: str | None = None,
    telegram_chat: str | None = None,
) -> dict[str, Any]:
    """Everything held about one family, as a JSON-ready document."""
    with sessions.begin() as session:
        subject = resolve(session, conversation_id=conversation_id, telegram_chat=telegram_chat)
        tables = holdings.export_rows(session, subject)
        tables.update(_telegram_export(session, subject))
    events = tracker.events(subject) if tracker is not None else []
    document = {
        "exported_at": utcnow().isoformat(),
        "conversation_id": subject,
        "case_queue": tables,
        "rasa_tracker_events": events,
    }
    with sessions.begin() as session:
        audit.record(
            session,
            EXPORTED,
            conversation_id=subject,
            tables={name: len(rows) for name, rows in tables.items()},
            tracker_events=len(events),
        )
    log.info("subject access export: %d tracker events", len(events))
    return document


def erase(
    sessions: sessionmaker[Session],
    tracker: TrackerStore | None,
    *,
    conversation_id: str | None = None,
    telegram_chat: str | None = None,
) -> ErasureReport:
    """Erase one family everywhere; raises :class:`UnderSafeguardingHold` if held.

    The case queue's deletions are made and the tracker is emptied before the case
    queue commits: if the tracker store fails, nothing is erased and the command can
    simply be run again.
    """
    with sessions.begin() as session:
        subject = resolve(session, conversation_id=conversation_id, telegram_chat=telegram_chat)
        held = holdings.held(session, [subject])
    if held:
        with sessions.begin() as session:
            audit.record(session, ERASE_REFUSED, conversation_id=subject, held_requests=held)
        raise UnderSafeguardingHold(held)
    with sessions.begin() as session:
        # Re-checked inside the erasing transaction: a hold set meanwhile wins.
        held = holdings.held(session, [subject])
        if held:
            raise UnderSafeguardingHold(held)
        telegram = _telegram_erase(session, subject)
        rows = holdings.erase_rows(session, [subject])
        rows.update(telegram)
        removed = tracker.erase(subject) if tracker is not None else 0
        audit.record(
            session, ERASED, conversation_id=subject, tables=rows, tracker_events=removed
        )
    log.info("erasure done: %d tables, %d tracker events", len(rows), removed)
    return ErasureReport(subject, rows, removed)


def _telegram_chat_id(session: Session, conversation_id: str) -> str | None:
    conversation = get_conversation(session, conversation_id)
    if conversation is None or conversation.channel != Channel.TELEGRAM.value:
        return None
    return conversation.channel_ref


def _pending_updates(session: Session, chat_id: str) -> list[TelegramInboxUpdate]:
    """Inbox rows still holding this chat's words or replies (processed rows hold none)."""
    rows = session.query(TelegramInboxUpdate).filter(
        (TelegramInboxUpdate.event.is_not(None)) | (TelegramInboxUpdate.outbox.is_not(None))
    )
    return [
        row
        for row in rows
        if str((row.event or {}).get("chat_id")) == chat_id
        or str((row.outbox or {}).get("chat_id")) == chat_id
    ]


def _telegram_export(session: Session, conversation_id: str) -> dict[str, list[dict[str, Any]]]:
    chat_id = _telegram_chat_id(session, conversation_id)
    if chat_id is None:
        return {}
    chat = session.get(TelegramChat, chat_id)
    return {
        "telegram_chats": []
        if chat is None
        else [{"chat_id": chat.chat_id, "stopped_at": _iso(chat.stopped_at)}],
        "telegram_inbox": [
            {
                "update_id": row.update_id,
                "received_at": _iso(row.received_at),
                "event": row.event,
                "outbox": row.outbox,
            }
            for row in _pending_updates(session, chat_id)
        ],
    }


def _telegram_erase(session: Session, conversation_id: str) -> dict[str, int]:
    chat_id = _telegram_chat_id(session, conversation_id)
    if chat_id is None:
        return {}
    counts: dict[str, int] = {}
    chat = session.get(TelegramChat, chat_id)
    if chat is not None:
        session.delete(chat)
        counts["telegram_chats"] = 1
    pending = _pending_updates(session, chat_id)
    for row in pending:
        # Keep the update id (de-duplication needs it); drop what the family sent, and
        # mark it done so no worker tries to route or deliver it.
        row.event = None
        row.outbox = None
        row.processed_at = utcnow()
        row.outcome = Outcome.IGNORED
        row.locked_by = None
    if pending:
        counts["telegram_inbox"] = len(pending)
    session.flush()
    return counts


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())
