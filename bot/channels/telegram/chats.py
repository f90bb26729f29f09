"""Per-chat channel state: whether the family has asked Baton to stop writing (``/stop``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.channels.telegram.models import TelegramChat


def is_stopped(session: Session, chat_id: int) -> bool:
    chat = session.get(TelegramChat, str(chat_id))
    return chat is not None and chat.stopped_at is not None


def set_stopped(session: Session, chat_id: int, stopped: bool, now: datetime) -> None:
    """Record ``/stop`` (or a blocked bot), or that the family wrote again."""
    chat = session.get(TelegramChat, str(chat_id))
    if chat is None:
        if not stopped:
            return  # no row means "not stopped"
        try:
            with session.begin_nested():
                session.add(TelegramChat(chat_id=str(chat_id), stopped_at=now, updated_at=now))
            return
        except IntegrityError:  # created concurrently by another worker
            chat = session.get(TelegramChat, str(chat_id))
            if chat is None:
                raise
    chat.stopped_at = now if stopped else None
    chat.updated_at = now
