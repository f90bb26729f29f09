"""Every message Baton sends on Telegram goes through one :class:`TelegramSender`.

It keeps under Telegram's flood limits (about one message a second in a chat, with
short bursts, and about thirty a second overall), waits out ``RetryAfter`` when
Telegram says so, and retries network errors a bounded number of times. Failures are
logged by error type only: never the text, the chat id or the exception message (PTB
puts the bot token in some of those).
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

# Telegram's hard limit on a message's text.
MAX_MESSAGE_LENGTH = 4096


class DeliveryDeferred(Exception):
    """Not delivered now (flood wait too long, network down); worth trying again later."""


class RecipientUnavailable(Exception):
    """The chat cannot receive messages: the family blocked the bot or the chat is gone."""


class DeliveryRejected(Exception):
    """Telegram refused this one message for good (a bad request); retrying cannot help."""


@dataclass(frozen=True)
class SendLimits:
    per_chat_interval: float = 1.0
    per_chat_burst: int = 3
    global_interval: float = 1 / 30
    global_burst: int = 1
    # Bounded retries: attempts per message, and the longest RetryAfter we wait in-line.
    max_attempts: int = 4
    max_retry_after: float = 60.0
    network_backoff: float = 1.0


class _Gcra:
    """Generic cell rate algorithm: a token bucket kept as one timestamp."""

    __slots__ = ("burst", "interval", "tat")

    def __init__(self, interval: float, burst: int) -> None:
        self.interval = interval
        self.burst = max(burst, 1)
        self.tat = 0.0  # theoretical arrival time of the next message

    def earliest(self, now: float) -> float:
        return max(now, self.tat - self.interval * (self.burst - 1))

    def take(self, at: float) -> None:
        self.tat = max(self.tat, at) + self.interval

    def hold(self, until: float) -> None:
        """Nothing may go before ``until`` (Telegram asked us to wait)."""
        self.tat = max(self.tat, until + self.interval * (self.burst - 1))


def retry_after_seconds(error: RetryAfter) -> float:
    # PTB 22 returns an int (with a deprecation warning) or a timedelta (PTB_TIMEDELTA=1).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    def __init__(
        self,
        bot: Bot,
        limits: SendLimits | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._limits = limits or SendLimits()
        self._sleep = sleep
        self._global = _Gcra(self._limits.global_interval, self._limits.global_burst)
        self._chats: dict[int, _Gcra] = {}
        self._lock = asyncio.Lock()

    async def send_message(
        self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Send one plain-text message (no parse mode: nothing in it is interpreted)."""
        limits = self._limits
        for attempt in range(1, limits.max_attempts + 1):
            await self._wait_turn(chat_id)
            try:
                await self._bot.send_message(
                    chat_id=chat_id, text=text, reply_markup=reply_markup, parse_mode=None
                )
                return
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                log.warning("telegram flood limit: retry after %.0fs (attempt %d)", wait, attempt)
                if wait > limits.max_retry_after:
                    raise DeliveryDeferred("flood wait too long") from None
                await self._hold(chat_id, wait)
            except Forbidden:
                raise RecipientUnavailable("forbidden") from None
            except ChatMigrated:
                # Only groups migrate; Baton writes to private chats only.
                raise RecipientUnavailable("chat migrated") from None
            except BadRequest as error:
                if "chat not found" in error.message.lower():
                    raise RecipientUnavailable("chat not found") from None
                log.error("telegram rejected a message (%s)", type(error).__name__)
                raise DeliveryRejected(type(error).__name__) from None
            except InvalidToken:
                log.error("telegram rejected the bot token")
                raise DeliveryDeferred("invalid token") from None
            except NetworkError as error:  # includes TimedOut: the message may have gone
                log.warning("telegram send failed (%s), attempt %d", type(error).__name__, attempt)
                if attempt < limits.max_attempts:
                    await self._sleep(limits.network_backoff * 2 ** (attempt - 1))
            except TelegramError as error:
                log.error("telegram send failed (%s)", type(error).__name__)
                raise DeliveryDeferred(type(error).__name__) from None
        raise DeliveryDeferred("retries exhausted")

    async def answer_callback(self, callback_id: str, text: str | None = None) -> None:
        """Stop the button's spinner; best effort (an old query can no longer be answered)."""
        try:
            await self._bot.answer_callback_query(callback_query_id=callback_id, text=text)
        except TelegramError as error:
            log.info("callback query not answered (%s)", type(error).__name__)

    async def _wait_turn(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            now = loop.time()
            chat = self._chats.get(chat_id)
            if chat is None:
                chat = self._chats[chat_id] = _Gcra(
                    self._limits.per_chat_interval, self._limits.per_chat_burst
                )
            at = max(self._global.earliest(now), chat.earliest(now))
            self._global.take(at)
            chat.take(at)
            self._forget_idle_chats(now)
        if at > now:
            await self._sleep(at - now)

    async def _hold(self, chat_id: int, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            chat = self._chats.get(chat_id)
            if chat is not None:
                chat.hold(loop.time() + seconds)

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._chats) < 1024:
            return
        for chat_id in [key for key, gcra in self._chats.items() if gcra.tat < now]:
            del self._chats[chat_id]


def split_text(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split text that is too long for one message, at a line or word break if there is one."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    parts.append(rest)
    return parts
