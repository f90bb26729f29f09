"""Reduce a Telegram update to the few facts Baton acts on.

The reduced form (:class:`Inbound`) is what the inbox stores until the update is
routed: no names, usernames, captions, quoted messages or media, only the chat id and
the text or button the family sent. Everything else in the update is dropped before it
reaches the database.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import asdict, dataclass
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType, MessageAttachmentType

log = logging.getLogger(__name__)

# "/start", "/start CODE", "/help@SomeBot": a command, an optional bot name, an argument.
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(?P<arg>.*))?$", re.DOTALL)


class Kind(enum.StrEnum):
    TEXT = "text"
    START = "start"
    HELP = "help"
    STOP = "stop"
    CALLBACK = "callback"
    # Photos, voice notes, stickers, documents...: answered, never stored or routed.
    MEDIA = "media"
    EDITED = "edited"
    # Groups, channels, service messages, anything not from a family in a private chat.
    IGNORED = "ignored"


_COMMANDS = {"start": Kind.START, "help": Kind.HELP, "stop": Kind.STOP}


@dataclass(frozen=True, slots=True)
class Inbound:
    """One update as Baton sees it; ``chat_id`` is set only for private chats."""

    kind: Kind
    chat_id: int | None = None
    # TEXT: what the family wrote. START: the argument after /start, if any.
    text: str | None = None
    callback_id: str | None = None
    # CALLBACK: the button's callback data, as Telegram returned it (untrusted).
    data: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Inbound:
        return cls(
            kind=Kind(raw["kind"]),
            chat_id=raw.get("chat_id"),
            text=raw.get("text"),
            callback_id=raw.get("callback_id"),
            data=raw.get("data"),
        )


def parse_update(raw: dict[str, Any]) -> Inbound:
    """Parse a Bot API update; anything malformed is ignored rather than retried forever."""
    try:
        update = Update.de_json(raw, None)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        log.warning("telegram update not understood (%s)", type(error).__name__)
        return Inbound(Kind.IGNORED)
    return reduce_update(update)


def reduce_update(update: Update) -> Inbound:
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        if chat is None or chat.type != ChatType.PRIVATE:
            # Baton never sends buttons outside private chats: answer, but do nothing.
            return Inbound(Kind.CALLBACK, callback_id=query.id)
        return Inbound(Kind.CALLBACK, chat_id=chat.id, callback_id=query.id, data=query.data)

    if update.edited_message is not None:
        if update.edited_message.chat.type != ChatType.PRIVATE:
            return Inbound(Kind.IGNORED)
        return Inbound(Kind.EDITED, chat_id=update.edited_message.chat.id)

    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return Inbound(Kind.IGNORED)
    chat_id = message.chat.id
    if message.text is not None:
        return _reduce_text(chat_id, message.text)
    if _has_attachment(message):
        return Inbound(Kind.MEDIA, chat_id=chat_id)
    return Inbound(Kind.IGNORED)


def _reduce_text(chat_id: int, text: str) -> Inbound:
    match = _COMMAND.match(text.strip())
    if match is not None:
        kind = _COMMANDS.get(match["name"].lower())
        if kind is not None:
            argument = (match["arg"] or "").strip() or None
            return Inbound(kind, chat_id=chat_id, text=argument if kind is Kind.START else None)
    # Any other "/word" is ordinary text: the router strips the slash before Rasa sees it.
    return Inbound(Kind.TEXT, chat_id=chat_id, text=text)


def _has_attachment(message: Message) -> bool:
    # Not ``message.effective_attachment``: it warns about payments, which Baton never takes.
    return any(
        message[attachment]
        for attachment in MessageAttachmentType
        if attachment != MessageAttachmentType.SUCCESSFUL_PAYMENT
    )
