"""Processing Telegram updates from the inbox, and pushing practitioner replies.

An update is processed in two recorded steps, so a restart resumes where it stopped:

1. **route**: the family's text or button goes through the routing core (stored, safety
   checked, answered by Rasa or held for a practitioner); the replies to send are saved
   in the inbox row and what the family sent is dropped from it;
2. **deliver**: the replies are sent, each one recorded as sent, then the row is done.

Updates of one chat are processed one at a time, in the order they arrived.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.conversations import find_by_channel_ref
from bot.channels.telegram import chats, inbox, keyboards, texts
from bot.channels.telegram.inbox import Outbox, Outcome
from bot.channels.telegram.keyboards import Outgoing
from bot.channels.telegram.sender import (
    DeliveryRejected,
    RecipientUnavailable,
    SendLimits,
    TelegramSender,
)
from bot.channels.telegram.updates import Inbound, Kind
from bot.gateway.routing import InvalidPayload, Router, UnknownConversation
from bot.models import Channel, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

StartCodeHandler = Callable[[Router, str, str], Awaitable[list[dict[str, Any]]]]
"""``(router, conversation_id, code) -> replies``: what ``/start CODE`` does with the code."""

# Deep-link payloads: https://core.telegram.org/bots/features#deep-linking
START_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def pass_code_to_router(
    router: Router, conversation_id: str, code: str
) -> list[dict[str, Any]]:
    """Default ``/start CODE`` hook: the code becomes the family's first message.

    This is the seam for the Personal Adviser link-code feature: replace it (through
    ``TelegramOptions.on_start_code``) with a handler that checks the code and links the
    conversation. Until then Rasa sees the code as ordinary text, so a care leaver who
    opened a link from their PA is answered, not ignored.
    """
    return await router.handle_family_message(conversation_id, text=code)


@dataclass(frozen=True)
class TelegramOptions:
    """Tuning for the Telegram channel; the defaults suit production."""

    limits: SendLimits = field(default_factory=SendLimits)
    # Long polling (no public URL): seconds each getUpdates call waits for news.
    poll_timeout: int = 30
    # How often stored updates not yet processed (a failed attempt, a crash) are retried.
    sweep_interval: float = 30.0
    # How long a worker may hold an update before another may take it over.
    lease: timedelta = timedelta(minutes=2)
    # Attempts before an update is given up as failed (and the family asked to resend),
    # and the first wait before a retry (doubling each time, at most five minutes).
    max_attempts: int = 5
    retry_backoff: float = 5.0
    # Processed updates are remembered (for de-duplication) this long, content-free.
    retention: timedelta = timedelta(days=7)
    on_start_code: StartCodeHandler = pass_code_to_router


class TelegramChannel:
    """The Telegram side of the gateway; also the notifier's ``telegram`` pusher."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        router: Router,
        sender: TelegramSender,
        options: TelegramOptions,
    ) -> None:
        self._sessions = sessions
        self._router = router
        self._sender = sender
        self._options = options
        # Identifies this worker's leases in the inbox.
        self.owner = secrets.token_hex(8)
        self._tasks: set[asyncio.Task[None]] = set()
        self._inflight: set[int] = set()
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._waiters: dict[int | None, int] = {}
        self._closed = False

    # -- receiving ---------------------------------------------------------------

    async def accept(self, update_id: int, event: Inbound) -> bool:
        """Store an update durably, then start processing it; ``False`` for a duplicate.

        The caller acknowledges the update to Telegram only after this returns.
        """
        stored = await self._db(lambda session: inbox.store(session, update_id, event, utcnow()))
        if not stored:
            log.info("telegram update %d is a duplicate; ignored", update_id)
        elif event.kind is not Kind.IGNORED:
            self.dispatch(update_id, event.chat_id)
        return stored

    def dispatch(self, update_id: int, chat_id: int | None) -> None:
        """Process a stored update in the background (in arrival order within its chat)."""
        if self._closed or update_id in self._inflight:
            return
        self._inflight.add(update_id)
        task = asyncio.create_task(self._run(update_id, chat_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def sweep(self) -> int:
        """Take up stored updates that are not processed yet (after a restart or a failure)."""
        now = utcnow()
        rows = await self._db(lambda session: inbox.pending(session, now))
        for update_id, chat_id in rows:
            self.dispatch(update_id, chat_id)
        return len(rows)

    async def prune(self) -> None:
        cutoff = utcnow() - self._options.retention
        removed = await self._db(lambda session: inbox.prune(session, cutoff))
        if removed:
            log.info("telegram inbox: %d processed updates forgotten", removed)

    async def idle(self) -> None:
        """Wait until every update handed to this worker has been dealt with (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Stop processing; updates in progress stay in the inbox for the next start."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        released = await self._db(lambda session: inbox.release_all(session, self.owner))
        if released:
            log.info("telegram inbox: %d updates left for the next start", released)

    async def _run(self, update_id: int, chat_id: int | None) -> None:
        try:
            async with self._chat_lock(chat_id):
                await self.process(update_id)
        except Exception as error:  # logged by type: exception text can hold message content
            log.error("telegram update %d: unexpected %s", update_id, type(error).__name__)
        finally:
            self._inflight.discard(update_id)

    # -- processing ----------------------------------------------------------------

    async def process(self, update_id: int) -> None:
        options = self._options
        claimed = await self._db(
            lambda session: inbox.claim(session, update_id, self.owner, utcnow(), options.lease)
        )
        if claimed is None:
            return  # done already, or another worker has it
        outbox = claimed.outbox
        try:
            if outbox is None:
                if claimed.event is None:
                    raise ValueError("inbox row has neither event nor outbox")
                outbox = await self._route(claimed.event)
                routed = outbox
                await self._db(
                    lambda session: inbox.save_outbox(session, update_id, self.owner, routed)
                )
            outcome = await self._deliver(update_id, outbox, claimed.sent)
        except Exception as error:
            await self._failed(update_id, claimed, routed=outbox is not None, error=error)
            return
        await self._db(lambda session: inbox.finish(session, update_id, outcome, utcnow()))
        log.info("telegram update %d processed: %s", update_id, outcome)

    async def _failed(
        self, update_id: int, claimed: inbox.Claimed, *, routed: bool, error: Exception
    ) -> None:
        stage = "delivery" if routed else "routing"
        if claimed.attempts < self._options.max_attempts:
            backoff = self._options.retry_backoff * 2 ** (claimed.attempts - 1)
            delay = timedelta(seconds=min(backoff, 300))
            log.warning(
                "telegram update %d: %s failed (%s), attempt %d; will retry",
                update_id,
                stage,
                type(error).__name__,
                claimed.attempts,
            )
            not_before = utcnow() + delay
            await self._db(
                lambda session: inbox.release(session, update_id, self.owner, not_before)
            )
            return
        log.error(
            "telegram update %d: %s failed (%s) after %d attempts; given up",
            update_id,
            stage,
            type(error).__name__,
            claimed.attempts,
        )
        await self._db(lambda session: inbox.finish(session, update_id, Outcome.FAILED, utcnow()))
        chat_id = claimed.event.chat_id if claimed.event is not None else None
        if not routed and chat_id is not None:
            # What the family sent was never stored: ask them to send it again.
            try:
                await self._sender.send_message(chat_id, texts.NOT_PROCESSED)
            except Exception as notice_error:
                log.warning("telegram failure notice not sent (%s)", type(notice_error).__name__)

    async def _route(self, event: Inbound) -> Outbox:
        chat_id = event.chat_id
        if event.kind is Kind.CALLBACK:
            return await self._route_callback(event)
        if chat_id is None or event.kind is Kind.IGNORED:
            return Outbox(chat_id=None)
        if event.kind is Kind.HELP:
            return self._notice(chat_id, texts.HELP)
        if event.kind is Kind.MEDIA:
            return self._notice(chat_id, texts.MEDIA)
        if event.kind is Kind.EDITED:
            return self._notice(chat_id, texts.EDITED)
        if event.kind is Kind.STOP:
            await self._set_stopped(chat_id, stopped=True)
            return self._notice(chat_id, texts.STOPPED)
        if event.kind is Kind.START:
            return await self._route_start(chat_id, event.text)
        return await self._route_text(chat_id, event.text or "")

    async def _route_start(self, chat_id: int, argument: str | None) -> Outbox:
        await self._set_stopped(chat_id, stopped=False)
        conversation_id, replies, created = await self._conversation(chat_id)
        if not created:
            replies = [{"from": "bot", "text": texts.WELCOME_BACK, "buttons": []}]
        if argument is not None:
            router = self._router
            if START_CODE.match(argument):
                replies += await self._options.on_start_code(router, conversation_id, argument)
            else:  # "/start I need help": words, not a link code
                replies += await router.handle_family_message(conversation_id, text=argument)
        return await self._render(chat_id, replies)

    async def _route_text(self, chat_id: int, text: str) -> Outbox:
        # No length check: Telegram caps a message at 4096 characters, and a long message
        # (often the one that matters most) must reach the safety check, not be refused.
        await self._set_stopped(chat_id, stopped=False)
        conversation_id, replies, _created = await self._conversation(chat_id)
        replies += await self._router.handle_family_message(conversation_id, text=text)
        return await self._render(chat_id, replies)

    async def _route_callback(self, event: Inbound) -> Outbox:
        chat_id, callback_id = event.chat_id, event.callback_id
        if chat_id is None:
            return Outbox(chat_id=None, callback_id=callback_id)
        unavailable = Outbox(
            chat_id=chat_id, callback_id=callback_id, callback_text=texts.OPTION_UNAVAILABLE
        )
        data = event.data
        if not data:
            return unavailable

        def lookup(session: Session) -> tuple[str | None, str | None]:
            conversation = find_by_channel_ref(session, Channel.TELEGRAM.value, str(chat_id))
            payload = keyboards.resolve_callback_data(session, data)
            return (None if conversation is None else conversation.id), payload

        conversation_id, payload = await self._db(lookup)
        if conversation_id is None or payload is None:
            return unavailable
        try:
            replies = await self._router.handle_family_message(conversation_id, payload=payload)
        except (InvalidPayload, UnknownConversation):
            log.info("telegram button press refused: not offered in this conversation")
            return unavailable
        await self._set_stopped(chat_id, stopped=False)
        rendered = await self._render(chat_id, replies)
        return Outbox(chat_id=chat_id, messages=rendered.messages, callback_id=callback_id)

    async def _conversation(self, chat_id: int) -> tuple[str, list[dict[str, Any]], bool]:
        """The chat's conversation, opened (with the bot's greeting) on first contact."""
        ref = str(chat_id)

        def find(session: Session) -> str | None:
            conversation = find_by_channel_ref(session, Channel.TELEGRAM.value, ref)
            return None if conversation is None else conversation.id

        found = await self._db(find)
        if found is not None:
            return found, [], False
        try:
            conversation_id, greeting = await self._router.start_conversation(
                Channel.TELEGRAM.value, ref
            )
        except IntegrityError:  # another gateway instance opened it a moment ago
            found = await self._db(find)
            if found is None:
                raise
            return found, [], False
        return conversation_id, list(greeting), True

    def _notice(self, chat_id: int, text: str) -> Outbox:
        return Outbox(chat_id=chat_id, messages=[Outgoing(text)])

    async def _render(self, chat_id: int, replies: list[dict[str, Any]]) -> Outbox:
        def render(session: Session) -> list[Outgoing]:
            return [part for reply in replies for part in keyboards.render(session, reply)]

        return Outbox(chat_id=chat_id, messages=await self._db(render))

    async def _set_stopped(self, chat_id: int, *, stopped: bool) -> None:
        now = utcnow()
        await self._db(lambda session: chats.set_stopped(session, chat_id, stopped, now))

    # -- sending -------------------------------------------------------------------

    async def _deliver(self, update_id: int, outbox: Outbox, sent: int) -> str:
        if outbox.callback_id is not None and sent == 0:
            await self._sender.answer_callback(outbox.callback_id, outbox.callback_text)
        if outbox.chat_id is None:
            return Outcome.DONE
        for index in range(sent, len(outbox.messages)):
            message = outbox.messages[index]
            try:
                await self._sender.send_message(
                    outbox.chat_id, message.text, message.reply_markup()
                )
            except RecipientUnavailable:
                await self._set_stopped(outbox.chat_id, stopped=True)
                log.info("telegram update %d: chat unavailable; replies dropped", update_id)
                return Outcome.UNDELIVERABLE
            except DeliveryRejected:
                pass  # logged by the sender; the rest may still go
            await self._mark_sent(update_id, index + 1)
        return Outcome.DONE

    async def _mark_sent(self, update_id: int, sent: int) -> None:
        await self._db(lambda session: inbox.mark_sent(session, update_id, self.owner, sent))

    async def push(self, channel_ref: str, message: dict[str, Any]) -> None:
        """Send a message the family did not just ask for (a practitioner's reply).

        Raises :class:`RecipientUnavailable` if the family sent ``/stop`` or blocked the
        bot, and ``DeliveryDeferred`` if Telegram could not be reached: the message
        is stored either way, and the notifier logs the failure.
        """
        chat_id = int(channel_ref)
        if await self._db(lambda session: chats.is_stopped(session, chat_id)):
            raise RecipientUnavailable("the family asked not to be messaged")
        parts = await self._db(lambda session: keyboards.render(session, message))
        try:
            for part in parts:
                await self._sender.send_message(chat_id, part.text, part.reply_markup())
        except RecipientUnavailable:
            await self._set_stopped(chat_id, stopped=True)
            raise

    # -- plumbing ------------------------------------------------------------------

    async def _db(self, work: Callable[[Session], T]) -> T:
        def run() -> T:
            with self._sessions.begin() as session:
                return work(session)

        return await asyncio.to_thread(run)

    @asynccontextmanager
    async def _chat_lock(self, chat_id: int | None) -> AsyncIterator[None]:
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._waiters[chat_id] = self._waiters.get(chat_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiters[chat_id] -= 1
            if self._waiters[chat_id] == 0:
                del self._waiters[chat_id]
                del self._locks[chat_id]
