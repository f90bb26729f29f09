"""Baton messages as Telegram messages: plain text and inline keyboards.

Button payloads travel as callback data, which Telegram caps at 64 bytes. A longer
payload (or one that looks like a token) is replaced by a token derived from it and
stored in ``telegram_callback_tokens``; :func:`resolve_callback_data` maps it back.
Callback data coming back from Telegram is untrusted: the router accepts only payloads
it offered in that conversation.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram import texts
from bot.channels.telegram.models import TelegramCallbackToken
from bot.channels.telegram.sender import split_text

MAX_CALLBACK_DATA_BYTES = 64
MAPPED_PREFIX = "~"
_TOKEN_LENGTH = 22  # 132 bits of SHA-256


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One Telegram message to send: text and ``(title, callback_data)`` buttons."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": [list(button) for button in self.buttons]}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Outgoing:
        return cls(
            text=str(raw["text"]),
            buttons=tuple((str(title), str(data)) for title, data in raw.get("buttons", [])),
        )

    def reply_markup(self) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(text=title, callback_data=data)] for title, data in self.buttons]
        )


def token_for(payload: str) -> str:
    digest = hashlib.sha256(payload.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:_TOKEN_LENGTH]


def callback_data_for(session: Session, payload: str) -> str:
    """The callback data for a payload: the payload itself when it fits, else a token."""
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES and not payload.startswith(
        MAPPED_PREFIX
    ):
        return payload
    token = token_for(payload)
    if session.get(TelegramCallbackToken, token) is None:
        try:
            with session.begin_nested():
                session.add(TelegramCallbackToken(token=token, payload=payload))
        except IntegrityError:
            pass  # another worker stored the same payload's token first
    return MAPPED_PREFIX + token


def resolve_callback_data(session: Session, data: str) -> str | None:
    """The payload behind callback data; ``None`` for a token Baton never issued."""
    if not data.startswith(MAPPED_PREFIX):
        return data
    row = session.get(TelegramCallbackToken, data[len(MAPPED_PREFIX) :])
    return None if row is None else row.payload


def render(session: Session, message: dict[str, Any]) -> list[Outgoing]:
    """A Baton message (the family API's shape) as Telegram messages.

    A practitioner's message names who is talking, as the web chat does. Text too long
    for one message is split; the buttons go with the last part.
    """
    text = str(message.get("text") or "")
    practitioner = message.get("practitioner")
    if message.get("from") == "practitioner" and isinstance(practitioner, dict):
        text = f"{practitioner.get('name', '')} ({practitioner.get('team', '')}): {text}"
    buttons = tuple(
        (str(button["title"]), callback_data_for(session, str(button["payload"])))
        for button in message.get("buttons") or []
        if isinstance(button, dict) and button.get("title") and button.get("payload")
    )
    if not text.strip():
        if not buttons:
            return []
        text = texts.CHOOSE
    parts = split_text(text)
    return [Outgoing(part) for part in parts[:-1]] + [Outgoing(parts[-1], buttons)]
