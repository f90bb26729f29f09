"""Delivering messages to a family on their own channel.

Web chat families fetch new messages themselves (polling the family API), so the web
channel needs no pusher. Channels that push (Telegram) register one at startup.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.models import Conversation

log = logging.getLogger(__name__)


class Pusher(Protocol):
    async def push(self, channel_ref: str, message: dict[str, Any]) -> None: ...


class ChannelNotifier:
    """The gateway's ``FamilyNotifier``: routes a message to its conversation's channel."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._pushers: dict[str, Pusher] = {}

    def register(self, channel: str, pusher: Pusher) -> None:
        self._pushers[channel] = pusher

    async def notify_family(self, conversation_id: str, message: dict[str, Any]) -> None:
        def lookup() -> tuple[str, str | None] | None:
            with self._sessions() as session:
                conversation = session.get(Conversation, conversation_id)
                return (
                    None
                    if conversation is None
                    else (conversation.channel, conversation.channel_ref)
                )

        found = await asyncio.to_thread(lookup)
        if found is None:
            return
        channel, channel_ref = found
        pusher = self._pushers.get(channel)
        if pusher is None or channel_ref is None:
            return  # web chat: the family's page fetches it
        try:
            await pusher.push(channel_ref, message)
        except Exception:  # the message is stored; a failed push must not fail the reply
            log.exception("push to %s failed for conversation", channel)
