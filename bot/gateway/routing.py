"""The routing core: every family message, from any channel, goes through here.

Order matters and is the same for web chat and Telegram:

1. the message is stored (nothing a family sends is lost);
2. the safety check runs (signposting comes first, whatever else is down; a question
   asked with a disclosure may then get its content answer, nothing else);
3. a Personal Adviser's link code, or a handoff button ("Back to the assistant",
   "Pass a message to Sam"), is answered here, never by Rasa;
4. if a practitioner holds the conversation, the message is theirs, not the bot's;
5. otherwise Rasa answers, and its replies are stored and returned; a family with a
   named practitioner who comes back after a while is first greeted with their name.

Messages of one conversation are handled one at a time, in arrival order.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot import plaintext
from bot.answer_format import is_content_answer
from bot.casequeue import audit, handoff, linkcodes
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
    Conversation,
    ConversationMode,
    Priority,
    RequestKind,
    RequestStatus,
    Sender,
    Team,
    utcnow,
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

# A question asked with a disclosure is answered after the signposting (see
# Router._answer_after_signposting) within this many seconds, or not at all.
ANSWER_AFTER_SIGNPOSTING_SECONDS = 3.0
QUESTION_INTENT = "ask_question"

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

# Typed ways of asking to leave the practitioner for the assistant.
_BACK_TO_ASSISTANT = re.compile(
    r"^\s*(go |take me |send me )?back to the (assistant|bot|chatbot)\W*$"
    r"|^\s*(i want to |can i )?(talk|speak) to the (assistant|bot|chatbot)( again)?\W*$",
    re.IGNORECASE,
)
# A bare hello: a returning family is greeted here, and Rasa need not greet again.
_BARE_GREETING = re.compile(
    r"^\s*(hi|hiya|hello|hey|heya|hallo|helo|morning|evening|good (morning|afternoon|evening)|"
    r"start)( there| baton)?\W*$",
    re.IGNORECASE,
)


class UnknownConversation(Exception):
    pass


class InvalidPayload(Exception):
    """A payload the bot did not offer in this conversation (stale or forged)."""


class StorageUnavailable(Exception):
    """The database failed: the family's message could not be kept, so ask them to resend."""


@dataclass(frozen=True)
class Stored:
    """A family message just stored, and what the router needs to know to route it."""

    mode: str
    message: str  # the cleaned text or the payload, as Rasa would see it
    is_payload: bool
    has_named_practitioner: bool
    # When the family (or anyone) last wrote before this message.
    previous_activity: datetime


def _load_contacts() -> Signposting:
    try:
        return load_signposting()
    except (SignpostingError, OSError, ValueError):
        log.exception("signposting contacts unreadable: using national lines only")
        return NATIONAL_ONLY


# Slashes at the start, also behind spaces and zero-width characters ("\u200b/greet").
_LEADING_SLASHES = re.compile(f"^[{plaintext.INVISIBLE}/]+")


def clean_text(text: str) -> str:
    """The family's text as Rasa reads it: :func:`bot.plaintext.clean`, without leading slashes.

    Rasa reads text starting with ``/`` as an intent with entities; a family must not
    be able to trigger intents or set slots that way.
    """
    return _LEADING_SLASHES.sub("", plaintext.clean(text))


def has_words(text: str) -> bool:
    """Whether Rasa would see anything in ``text`` ("/", a NUL or zero-width spaces: no).
    The web chat refuses such a message, Telegram answers it like a sticker."""
    return plaintext.has_visible(clean_text(text))


class Router:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        rasa: RasaClient,
        contacts: Signposting | None = None,
        notice: PrivacyNotice | None = None,
        locks: ConversationLock | None = None,
        *,
        returning_after: timedelta = timedelta(hours=1),
    ) -> None:
        self._sessions = sessions
        self._rasa = rasa
        self._notice = notice if notice is not None else PrivacyNotice()
        self._returning_after = returning_after
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
                stored: Stored = await self._db(
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
                signposting = await self._safeguard(conversation_id, safety)
                return signposting + await self._answer_after_signposting(conversation_id, stored)
            if not stored.is_payload and asks_about_privacy(stored.message):
                return await self._privacy_notice(conversation_id, once=False)
            handled = await self._handoff_command(conversation_id, stored)
            if handled is not None:
                return handled
            if stored.mode == ConversationMode.PRACTITIONER.value:
                # The named practitioner holds the baton: they read it in the console.
                await self._db(lambda session: self._family_answered(session, conversation_id))
                return []
            greeting: list[dict[str, Any]] = []
            if self._is_returning(stored):
                greeting = await self._db(
                    lambda session: self._greet_returning(session, conversation_id)
                )
                if greeting and _BARE_GREETING.match(stored.message):
                    return greeting
            return greeting + await self._ask_rasa(conversation_id, stored.message, RASA_DOWN_TEXT)

    def _is_returning(self, stored: Stored) -> bool:
        return (
            stored.has_named_practitioner
            and not stored.is_payload
            and utcnow() - stored.previous_activity >= self._returning_after
        )

    async def _handoff_command(
        self, conversation_id: str, stored: Stored
    ) -> list[dict[str, Any]] | None:
        """Link codes and handoff buttons, answered here; None when it is neither."""
        if not stored.is_payload and linkcodes.normalise(stored.message) is not None:
            return [await self._db(lambda s: self._redeem(s, conversation_id, stored.message))]
        back = stored.message == handoff.BACK_TO_ASSISTANT or (
            not stored.is_payload and _BACK_TO_ASSISTANT.match(stored.message) is not None
        )
        if back and stored.mode == ConversationMode.PRACTITIONER.value:
            return [await self._db(lambda s: self._back_to_assistant(s, conversation_id))]
        if back and stored.is_payload:
            return [
                await self._db(
                    lambda s: handoff.tell_family(
                        s, conversation_id, "You're already talking to the automated assistant."
                    )
                )
            ]
        if stored.message == handoff.MESSAGE_PRACTITIONER:
            return [await self._db(lambda s: self._pass_message_on(s, conversation_id))]
        return None

    @staticmethod
    def _redeem(session: Session, conversation_id: str, raw: str) -> dict[str, Any]:
        result = linkcodes.redeem(session, conversation_id, raw)
        log.info("link code: %s", result.outcome.value)
        if result.outcome is linkcodes.Redemption.LINKED:
            conversation = session.get_one(Conversation, conversation_id)
            practitioner = handoff.named_practitioner(session, conversation)
            if practitioner is None:  # deactivated in the same instant
                return handoff.tell_family(session, conversation_id, "Thank you.")
            name = practitioner.display_name
            return handoff.tell_family(
                session,
                conversation_id,
                f"Thank you. This conversation is now linked to {name}, your Personal "
                f"Adviser in the {handoff.team_name(practitioner.team)} team. When you ask "
                f"to talk to a person, your messages go to {name} first.",
                [handoff.message_button(practitioner)],
            )
        texts = {
            linkcodes.Redemption.EXPIRED: "That link code has expired: codes only work for a "
            "short time. Please ask your Personal Adviser for a new one.",
            linkcodes.Redemption.USED: "That link code has already been used, and each code "
            "works once. Please ask your Personal Adviser for a new one.",
            linkcodes.Redemption.UNKNOWN: "I don't recognise that link code. Please check it, "
            "or ask your Personal Adviser for a new one.",
        }
        return handoff.tell_family(session, conversation_id, texts[result.outcome])

    @staticmethod
    def _back_to_assistant(session: Session, conversation_id: str) -> dict[str, Any]:
        conversation = session.get_one(Conversation, conversation_id)
        practitioner = handoff.named_practitioner(session, conversation)
        if practitioner is None:
            conversation.mode = ConversationMode.BOT.value
            return handoff.tell_family(
                session, conversation_id, "You're back with the automated assistant."
            )
        return handoff.hand_back(session, conversation_id, practitioner, by_family=True)

    @staticmethod
    def _pass_message_on(session: Session, conversation_id: str) -> dict[str, Any]:
        conversation = session.get_one(Conversation, conversation_id)
        return handoff.pass_message_on(session, conversation)

    @staticmethod
    def _family_answered(session: Session, conversation_id: str) -> None:
        """A reply from the family moves "waiting for family" requests back to claimed."""
        session.execute(
            update(CaseRequest)
            .where(
                CaseRequest.conversation_id == conversation_id,
                CaseRequest.status == RequestStatus.WAITING.value,
            )
            .values(status=RequestStatus.CLAIMED.value)
        )

    @staticmethod
    def _greet_returning(session: Session, conversation_id: str) -> list[dict[str, Any]]:
        conversation = get_conversation(session, conversation_id)
        practitioner = handoff.named_practitioner(session, conversation) if conversation else None
        if practitioner is None:
            return []
        audit.record(session, "conversation.returning_greeted", conversation_id=conversation_id)
        return [handoff.returning_greeting(session, conversation_id, practitioner)]

    async def _safeguard(
        self, conversation_id: str, safety: SafetyAssessment
    ) -> list[dict[str, Any]]:
        """Signpost at once, then put an urgent request on the safeguarding duty queue.

        No form or chatter after a disclosure: only a content answer to a question asked
        with it may follow (:meth:`_answer_after_signposting`).
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

    async def _answer_after_signposting(
        self, conversation_id: str, stored: Stored
    ) -> list[dict[str, Any]]:
        """After the signposting, the content answer to a question asked with a disclosure.

        "My ex was violent to me, is there support for my children?" gets the signposting
        and the urgent request first, then what the council's content says (Moving
        Forward), if Rasa takes the message for a question, no form is open and no
        practitioner holds the conversation. Only a content answer is kept (not a
        refusal or anything else), and the whole try is bounded by
        ``ANSWER_AFTER_SIGNPOSTING_SECONDS``: whatever fails here, the family already has
        the signposting, and nothing else is said.
        """
        if stored.mode == ConversationMode.PRACTITIONER.value or stored.is_payload:
            return []
        try:
            return await asyncio.wait_for(
                self._content_answer(conversation_id, stored.message),
                ANSWER_AFTER_SIGNPOSTING_SECONDS,
            )
        except (RasaUnavailable, SQLAlchemyError, TimeoutError) as error:
            log.warning("no answer after signposting: %s", type(error).__name__)
            return []

    async def _content_answer(self, conversation_id: str, message: str) -> list[dict[str, Any]]:
        if await self._rasa.intent_of(message) != QUESTION_INTENT:
            return []
        if await self._rasa.active_loop(conversation_id) is not None:
            return []
        replies = await self._rasa.send(conversation_id, message)
        answers = [reply for reply in replies if is_content_answer(reply.text)]
        return await self._store_bot_replies(conversation_id, answers) if answers else []

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
                    lambda session: record_notice(session, conversation_id, self._notice, once=once)
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
    ) -> Stored:
        conversation = get_conversation(session, conversation_id)
        if conversation is None:
            raise UnknownConversation(conversation_id)
        mode, previous = conversation.mode, conversation.last_activity_at
        named = conversation.named_practitioner_id is not None
        if payload is not None:
            offered = offered_buttons(session, conversation_id)
            if payload not in offered:
                raise InvalidPayload(payload)
            append_message(session, conversation_id, Sender.FAMILY, offered[payload])
            return Stored(mode, payload, True, named, previous)
        cleaned = clean_text(text or "")
        # Stored as written, less what no database or screen should get (plaintext.py):
        # PostgreSQL refuses a NUL, and the family's message would be lost.
        append_message(session, conversation_id, Sender.FAMILY, plaintext.clean(text or ""))
        return Stored(mode, cleaned, False, named, previous)

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
    "has_words",
]
