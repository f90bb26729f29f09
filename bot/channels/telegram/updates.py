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

from bot import plaintext
from bot.gateway.routing import has_words
from bot.jsonbody import MAX_INT

log = logging.getLogger(__name__)

# "/start", "/start CODE", "/help@SomeBot": a command, an optional bot name, an argument.
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(?P<arg>.*))?$", re.DOTALL)


class Kind(enum.StrEnum):
    TEXT = "text"
    START = "start"
    HELP = "help"
    STOP = "stop"
    CALLBACK = "callback"
    # Photos, voice notes, stickers, documents..., text with nothing visible in it:
    # answered, never stored or routed.
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
            chat_id=chat_id_or_none(raw.get("chat_id")),
            text=raw.get("text"),
            callback_id=raw.get("callback_id"),
            # Stored before updates were checked: a button that is no button is unavailable.
            data=_data(raw.get("data")),
        )


def chat_id_or_none(value: object) -> int | None:
    """``value`` if it can be a Telegram chat id (an integer a ``BIGINT`` holds), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INT:
        return value
    return None


class _Malformed(ValueError):
    """A field Baton reads has a type or value the Bot API never sends."""


def parse_update(raw: dict[str, Any]) -> Inbound:
    """Parse a Bot API update; anything malformed is ignored rather than retried forever.

    Never raises, whatever ``raw`` holds: an exception here is a 500, and Telegram would
    send the update again and again. PTB trusts the Bot API's types, so a forged update
    makes it raise almost anything (a huge ``date`` is an ``OSError`` from ``datetime``).
    """
    try:
        update = Update.de_json(raw, None)
    except Exception as error:
        return _not_understood(error)
    return reduce_update(update)


def reduce_update(update: Update) -> Inbound:
    """Like :func:`parse_update`, never raises (long polling hands PTB's updates here)."""
    try:
        return _reduce(update)
    except Exception as error:
        return _not_understood(error)


def _not_understood(error: Exception) -> Inbound:
    # Our own reason names a field; anyone else's message may quote the update: type only.
    reason = str(error) if isinstance(error, _Malformed) else type(error).__name__
    log.warning("telegram update not understood (%s)", reason)
    return Inbound(Kind.IGNORED)


def _chat_id(value: object) -> int:
    chat_id = chat_id_or_none(value)
    if chat_id is None:
        raise _Malformed("chat id")
    return chat_id


def _reduce(update: Update) -> Inbound:
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        if chat is None or chat.type != ChatType.PRIVATE:
            # Baton never sends buttons outside private chats: answer, but do nothing.
            return Inbound(Kind.CALLBACK, callback_id=query.id)
        return Inbound(
            Kind.CALLBACK, chat_id=_chat_id(chat.id), callback_id=query.id, data=_data(query.data)
        )

    if update.edited_message is not None:
        edited_in = _private_chat_id(update.edited_message)
        if edited_in is None:
            return Inbound(Kind.IGNORED)
        return Inbound(Kind.EDITED, chat_id=edited_in)

    message = update.message
    chat_id = None if message is None else _private_chat_id(message)
    if message is None or chat_id is None:
        return Inbound(Kind.IGNORED)
    if message.text is not None:
        if not isinstance(message.text, str):
            raise _Malformed("text")
        return _reduce_text(chat_id, message.text)
    if _has_attachment(message):
        return Inbound(Kind.MEDIA, chat_id=chat_id)
    return Inbound(Kind.IGNORED)


def _data(data: object) -> str | None:
    # Callback data that is not a string is no button Baton sent: answered "unavailable".
    return data if isinstance(data, str) else None


def _private_chat_id(message: Message) -> int | None:
    """The chat id of a private chat; ``None`` for a group or channel."""
    if message.chat is None:  # typed as always there, but a forged update can leave it out
        raise _Malformed("chat")
    if message.chat.type != ChatType.PRIVATE:
        return None
    return _chat_id(message.chat.id)


def _reduce_text(chat_id: int, text: str) -> Inbound:
    match = _COMMAND.match(plaintext.clean(text))
    if match is not None:
        kind = _COMMANDS.get(match["name"].lower())
        if kind is not None:
            argument = match["arg"] if kind is Kind.START else None
            return Inbound(kind, chat_id=chat_id, text=argument if _readable(argument) else None)
    if not _readable(text):
        # "/", a NUL, zero-width spaces: nothing to store or for Rasa to read (the web chat
        # refuses it too). Answered like a sticker, not with silence.
        return Inbound(Kind.MEDIA, chat_id=chat_id)
    # Any other "/word" is ordinary text: the router strips the slash before Rasa sees it.
    return Inbound(Kind.TEXT, chat_id=chat_id, text=text)


def _readable(text: str | None) -> bool:
    """Whether the routing core would see any words in ``text``."""
    return text is not None and has_words(text)


def _has_attachment(message: Message) -> bool:
    # Not ``message.effective_attachment``: it warns about payments, which Baton never takes.
    return any(
        message[attachment]
        for attachment in MessageAttachmentType
        if attachment != MessageAttachmentType.SUCCESSFUL_PAYMENT
    )
