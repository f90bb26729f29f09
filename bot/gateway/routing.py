"""The routing core: every family message, from any channel, goes through here.

Order matters and is the same for web chat and Telegram:

1. the message is stored (nothing a family sends is lost);
2. the safety check runs (signposting comes first, whatever else is down);
3. if a practitioner holds the conversation, the message is theirs, not the bot's;
4. otherwise Rasa answers, and its replies are stored and returned.

Messages of one conversation are handled one at a time, in arrival order.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue import audit
from bot.casequeue.cases import CaseError, create_request
from bot.casequeue.conversations import (
    Button,
    append_message,
    create_conversation,
    get_conversation,
    offered_buttons,
    to_api,
)
from bot.gateway.locks import ConversationLock, InProcessConversationLock
from bot.gateway.rasa_client import BotReply, RasaClient, RasaUnavailable
from bot.models import (
    CaseRequest,
    Channel,
    ConversationMode,
    Priority,
    RequestKind,
    RequestStatus,
    Sender,
    Team,
)
from bot.privacy.notice import PrivacyNotice, asks_about_privacy, record_notice
from bot.safety import (
    NATIONAL_ONLY,
    SafetyAssessment,
    Signposting,
    SignpostingError,
    assess,
    load_signposting,
    signposting_message,
)

log = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 2000
# The internal message that opens a conversation; families cannot send it (see _as_text).
OPENING_MESSAGE = "/greet"

RASA_DOWN_TEXT = (
    "I'm sorry, I can't answer right now because of a problem on our side. "
    "Your message has been saved. Please try again in a few minutes, or ask to talk "
    "to a person. If a child is in danger, call 999."
)
GREETING_WHEN_DOWN = (
    "Hello, I'm Baton, an automated assistant for Darlington Borough Council's "
    "children's services. I'm having a problem on our side just now, so I may not be "
    "able to answer. If a child is in danger, call 999."
)

# Said after the signposting when the database is down: the promise that a person will
# see the conversation cannot be kept, and the family must not rely on it.
SAFETY_NOT_SAVED_TEXT = (
    "Because of a problem on our side, your message could not be saved, so please do not "
    "wait for us to reply: use one of the numbers above now, or call 999 if you or a child "
    "are in danger. You can send your message again later."
)
# Offered whenever the assistant fails: the gateway can hand over even without Rasa.
TALK_TO_PERSON: Button = {"title": "Talk to a person", "payload": "/request_human"}
FORM_STOPPED_TEXT = (
    "I've stopped what we were filling in, so nothing half-finished is sent. "
    "You can start again when I'm working, or talk to a person."
)
HANDOFF_BY_GATEWAY_TEXT = (
    "I've passed your conversation to the team and a practitioner will pick it up. "
    "They will reply here, in this conversation. If a child is in danger, call 999."
)

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnknownConversation(Exception):
    pass


class InvalidPayload(Exception):
    """A payload the bot did not offer in this conversation (stale or forged)."""


class StorageUnavailable(Exception):
    """The database failed: the family's message could not be kept, so ask them to resend."""


def _load_contacts() -> Signposting:
    try:
        return load_signposting()
    except (SignpostingError, OSError, ValueError):
        log.exception("signposting contacts unreadable: using national lines only")
        return NATIONAL_ONLY


def clean_text(text: str) -> str:
    """Drop control characters and leading slashes.

    Rasa reads text starting with ``/`` as an intent with entities; a family must not
    be able to trigger intents or set slots that way.
    """
    return _CONTROL_CHARS.sub("", text).strip().lstrip("/").strip()


class Router:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        rasa: RasaClient,
        contacts: Signposting | None = None,
        notice: PrivacyNotice | None = None,
        locks: ConversationLock | None = None,
    ) -> None:
        self._sessions = sessions
        self._rasa = rasa
        self._notice = notice if notice is not None else PrivacyNotice()
        self._contacts = contacts if contacts is not None else _load_contacts()
        self._locks = locks if locks is not None else InProcessConversationLock()

    def _conversation_lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        """One message at a time per conversation (see bot/gateway/locks.py)."""
        return self._locks.hold(conversation_id)

    async def _db(self, work: Callable[[Session], Any]) -> Any:
        def run() -> Any:
            with self._sessions.begin() as session:
                return work(session)

        return await asyncio.to_thread(run)

    async def start_conversation(
        self, channel: str, channel_ref: str | None = None
    ) -> tuple[str, list[dict[str, Any]]]:
        """Open a conversation and return its id with the bot's greeting."""
        try:
            conversation_id: str = await self._db(
                lambda session: create_conversation(session, channel, channel_ref).id
            )
        except SQLAlchemyError as error:
            log.error("conversation not opened: %s", type(error).__name__)
            raise StorageUnavailable from error
        log.info("conversation opened: channel=%s", channel)
        async with self._conversation_lock(conversation_id):
            replies = await self._ask_rasa(conversation_id, OPENING_MESSAGE, GREETING_WHEN_DOWN)
            replies += await self._privacy_notice(conversation_id, once=True)
        return conversation_id, replies

    async def handle_family_message(
        self, conversation_id: str, *, text: str | None = None, payload: str | None = None
    ) -> list[dict[str, Any]]:
        """Store, check and answer one family message; return the replies to it."""
        async with self._conversation_lock(conversation_id):
            # The safety check is pure and runs first: it needs no database, Rasa or
            # action server. Button payloads are our own words, so only text is checked.
            safety = assess(text) if text is not None else None
            try:
                mode, message = await self._db(
                    lambda session: self._store_family_message(
                        session, conversation_id, text, payload
                    )
                )
            except SQLAlchemyError as error:
                log.error("family message not stored: %s", type(error).__name__)
                if safety is not None and safety.at_risk:
                    return self._signposting_unsaved(safety)
                raise StorageUnavailable from error
            if safety is not None and safety.at_risk:
                return await self._safeguard(conversation_id, safety)
            if text is not None and asks_about_privacy(message):
                return await self._privacy_notice(conversation_id, once=False)
            if mode == ConversationMode.PRACTITIONER.value:
                # The named practitioner holds the baton: they read it in the console.
                return []
            return await self._ask_rasa(conversation_id, message, RASA_DOWN_TEXT)

    async def _safeguard(
        self, conversation_id: str, safety: SafetyAssessment
    ) -> list[dict[str, Any]]:
        """Signpost at once, then put an urgent request on the safeguarding duty queue.

        The message does not go to Rasa: no form or cheerful answer after a disclosure.
        """
        text = signposting_message(safety, self._contacts)
        log.warning("safety check fired: rules=%s", ",".join(safety.rule_ids))

        def record(session: Session) -> dict[str, Any]:
            reply = to_api(append_message(session, conversation_id, Sender.BOT, text))
            open_case = session.scalars(
                select(CaseRequest.id).where(
                    CaseRequest.conversation_id == conversation_id,
                    CaseRequest.kind == RequestKind.SAFEGUARDING.value,
                    CaseRequest.status != RequestStatus.CLOSED.value,
                )
            ).first()
            summary = "Safety check: " + ", ".join(safety.categories)
            if open_case is None:
                create_request(
                    session,
                    conversation_id,
                    team=Team.SAFEGUARDING,
                    kind=RequestKind.SAFEGUARDING,
                    priority=Priority.URGENT,
                    summary=summary,
                )
            else:
                audit.record(
                    session,
                    "safeguarding.repeat",
                    request_id=open_case,
                    conversation_id=conversation_id,
                    categories=list(safety.categories),
                )
            return reply

        try:
            return [await self._db(record)]
        except SQLAlchemyError as error:
            log.error("safeguarding request not stored: %s", type(error).__name__)
            return self._signposting_unsaved(safety)

    def _signposting_unsaved(self, safety: SafetyAssessment) -> list[dict[str, Any]]:
        """Signposting when the database failed: no person will see it, so say so."""
        return [
            self._unstored_reply(signposting_message(safety, self._contacts)),
            self._unstored_reply(SAFETY_NOT_SAVED_TEXT),
        ]

    async def _privacy_notice(self, conversation_id: str, *, once: bool) -> list[dict[str, Any]]:
        """The privacy notice, stored as a bot message (see bot.privacy.notice)."""
        try:
            return list(
                await self._db(
                    lambda session: record_notice(
                        session, conversation_id, self._notice, once=once
                    )
                )
            )
        except SQLAlchemyError as error:
            log.error("privacy notice not stored: %s", type(error).__name__)
            return [self._unstored_reply(self._notice.text(""))]

    @staticmethod
    def _unstored_reply(text: str) -> dict[str, Any]:
        """A reply we could not store (database down); seq 0 marks it as not kept."""
        return {"seq": 0, "from": Sender.BOT.value, "text": text, "buttons": [], "sent_at": ""}

    def _store_family_message(
        self, session: Session, conversation_id: str, text: str | None, payload: str | None
    ) -> tuple[str, str]:
        conversation = get_conversation(session, conversation_id)
        if conversation is None:
            raise UnknownConversation(conversation_id)
        if payload is not None:
            offered = offered_buttons(session, conversation_id)
            if payload not in offered:
                raise InvalidPayload(payload)
            append_message(session, conversation_id, Sender.FAMILY, offered[payload])
            return conversation.mode, payload
        cleaned = clean_text(text or "")
        append_message(session, conversation_id, Sender.FAMILY, text or "")
        return conversation.mode, cleaned

    async def _ask_rasa(
        self, conversation_id: str, message: str, text_when_down: str
    ) -> list[dict[str, Any]]:
        try:
            replies = await self._rasa.send(conversation_id, message) if message else []
            failed = bool(message) and not replies
            if failed:
                # Rasa carries on silently when a custom action fails (action server down
                # or raising) or its tracker store fails: the family would get nothing.
                log.error("rasa gave no reply: treating as a failed action")
        except RasaUnavailable as error:
            log.error("rasa unavailable: %s", error)
            failed = True
        if failed:
            replies = await self._when_assistant_failed(conversation_id, message, text_when_down)
        return await self._store_bot_replies(conversation_id, replies)

    # --- No silent failures (docs/safety/failures.md) -----------------------------------

    async def _when_assistant_failed(
        self, conversation_id: str, message: str, text_when_down: str
    ) -> list[BotReply]:
        """The family's message is stored; say so, offer a person, and unstick any form."""
        if message == TALK_TO_PERSON["payload"]:
            # They asked for a person and the assistant could not do it: the gateway can.
            return [await self._handoff_without_assistant(conversation_id)]
        replies = [BotReply(text_when_down, [TALK_TO_PERSON])]
        if await self._end_stuck_form(conversation_id):
            replies.append(BotReply(FORM_STOPPED_TEXT, []))
        return replies

    async def _end_stuck_form(self, conversation_id: str) -> bool:
        """End the active form, if any; True when one was ended.

        Otherwise every later message would go back into the broken form.
        """
        try:
            form = await self._rasa.active_loop(conversation_id)
            if form is None:
                return False
            await self._rasa.end_active_loop(conversation_id)
        except RasaUnavailable as error:
            log.error("active form not checked or ended: %s", error)
            return False
        log.warning("active form ended after a failure: form=%s", form)
        return True

    async def _handoff_without_assistant(self, conversation_id: str) -> BotReply:
        """Open a handoff request directly in the case queue (one open handoff at most)."""

        def open_request(session: Session) -> int:
            existing = session.scalars(
                select(CaseRequest.id).where(
                    CaseRequest.conversation_id == conversation_id,
                    CaseRequest.kind == RequestKind.HANDOFF.value,
                    CaseRequest.status != RequestStatus.CLOSED.value,
                )
            ).first()
            if existing is not None:
                return int(existing)
            conversation = get_conversation(session, conversation_id)
            team = Team.EARLY_HELP
            if conversation is not None and conversation.channel == Channel.TELEGRAM.value:
                team = Team.CARE_LEAVERS
            request = create_request(
                session,
                conversation_id,
                team=team,
                kind=RequestKind.HANDOFF,
                summary="Asked to talk to a person while the assistant was failing.",
            )
            return request.id

        try:
            request_id = await self._db(open_request)
        except (SQLAlchemyError, CaseError) as error:
            log.error("handoff without assistant failed: %s", type(error).__name__)
            return BotReply(RASA_DOWN_TEXT, [])
        log.warning("handoff opened by the gateway: request_id=%s", request_id)
        return BotReply(HANDOFF_BY_GATEWAY_TEXT, [])

    async def _store_bot_replies(
        self, conversation_id: str, replies: list[BotReply]
    ) -> list[dict[str, Any]]:
        """Store and return the replies; if the database fails now, still return them."""

        def store(session: Session) -> list[dict[str, Any]]:
            return [
                to_api(
                    append_message(session, conversation_id, Sender.BOT, reply.text, reply.buttons)
                )
                for reply in replies
            ]

        try:
            return list(await self._db(store))
        except SQLAlchemyError as error:
            log.error("bot replies not stored: %s", type(error).__name__)
            return [self._unstored_reply(reply.text) for reply in replies]


__all__ = [
    "Button",
    "InvalidPayload",
    "Router",
    "StorageUnavailable",
    "UnknownConversation",
    "clean_text",
]
