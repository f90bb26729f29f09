"""The one outbound sender: flood limits, RetryAfter, bounded retries, quiet logs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import RetryAfter

from bot.channels.telegram.sender import (
    DeliveryDeferred,
    RecipientUnavailable,
    SendLimits,
    TelegramSender,
    retry_after_seconds,
    split_text,
)
from tests.channels.fakes import TOKEN, FakeTelegram

# PTB's own RetryAfter constructor warns that retry_after will become a timedelta.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

QUICK = SendLimits(
    per_chat_interval=0.0, per_chat_burst=1, global_interval=0.0, network_backoff=0.01
)


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    fake = FakeTelegram()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    bot = Bot(TOKEN, base_url=str(server.make_url("/bot")))
    await bot.initialize()
    yield fake, bot
    await bot.shutdown()
    await server.close()


def gaps(fake: FakeTelegram, method: str = "sendMessage") -> list[float]:
    times = [call.at for call in fake.calls if call.method == method]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


async def test_a_message_is_sent_as_plain_text_with_its_keyboard(
    telegram: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = telegram
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="/yes")]])
    await TelegramSender(bot, QUICK).send_message(5, "Hello", markup)

    [sent] = fake.sent
    assert sent["chat_id"] == 5
    assert sent["text"] == "Hello"
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "Yes", "callback_data": "/yes"}]]}
    assert "parse_mode" not in sent


async def test_retry_after_is_waited_out_then_the_message_delivered(
    telegram: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = telegram
    fake.flood[5] = 2
    fake.retry_after = 1

    await TelegramSender(bot, QUICK).send_message(5, "Hello")

    assert len(fake.called("sendMessage")) == 3
    assert [round(gap) for gap in gaps(fake)] == [1, 1]
    assert [p["text"] for p in fake.sent] == ["Hello"]


async def test_a_flood_wait_longer_than_allowed_is_deferred_not_slept(
    telegram: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = telegram
    fake.flood[5] = 1
    fake.retry_after = 600
    limits = SendLimits(max_retry_after=60, network_backoff=0.01)

    with pytest.raises(DeliveryDeferred):
        await TelegramSender(bot, limits).send_message(5, "Hello")
    assert len(fake.called("sendMessage")) == 1


async def test_retries_are_bounded(telegram: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = telegram
    fake.failures["sendMessage"] = 100

    with pytest.raises(DeliveryDeferred):
        await TelegramSender(bot, QUICK).send_message(5, "Hello")
    assert len(fake.called("sendMessage")) == QUICK.max_attempts


async def test_a_passing_network_error_is_retried(telegram: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = telegram
    fake.failures["sendMessage"] = 2

    await TelegramSender(bot, QUICK).send_message(5, "Hello")
    assert [p["text"] for p in fake.sent] == ["Hello"]


async def test_a_blocked_bot_is_reported_not_retried(telegram: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = telegram
    fake.blocked.add(5)

    with pytest.raises(RecipientUnavailable):
        await TelegramSender(bot, QUICK).send_message(5, "Hello")
    assert len(fake.called("sendMessage")) == 1


class DispatchClock:
    """Records when the sender hands each message to the Bot, and each wait it asks for.

    Timing is taken at the sender, not at the fake server: HTTP jitter on a busy
    machine must not decide whether the flood limits hold.
    """

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self.dispatched: list[float] = []
        self.waits: list[float] = []

    async def send_message(self, **params: Any) -> Any:
        self.dispatched.append(asyncio.get_running_loop().time())
        return await self._bot.send_message(**params)

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(seconds)

    def gaps(self) -> list[float]:
        times = self.dispatched
        return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


async def test_one_chat_gets_at_most_one_message_per_interval_after_its_burst(
    telegram: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = telegram
    clock = DispatchClock(bot)
    limits = SendLimits(per_chat_interval=0.2, per_chat_burst=2, global_interval=0.0)
    sender = TelegramSender(clock, limits, sleep=clock.sleep)  # type: ignore[arg-type]
    for n in range(5):
        await sender.send_message(5, f"m{n}")

    assert [call.params["text"] for call in fake.calls if call.method == "sendMessage"] == [
        f"m{n}" for n in range(5)
    ]
    # The burst of two goes without waiting; each later message waits for its turn. The
    # turns are counted from the first message (a token bucket), so the k-th message goes
    # no sooner than (k - 1) intervals after it: the gap right after the burst may be
    # shorter than one interval by however long the first send took.
    assert len(clock.waits) == 3
    first = clock.dispatched[0]
    assert all(clock.dispatched[k] - first >= (k - 1) * 0.2 - 0.005 for k in range(2, 5)), (
        clock.gaps()
    )


async def test_all_chats_together_stay_under_the_global_rate(
    telegram: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = telegram
    clock = DispatchClock(bot)
    limits = SendLimits(per_chat_interval=0.0, global_interval=0.1, global_burst=1)
    sender = TelegramSender(clock, limits, sleep=clock.sleep)  # type: ignore[arg-type]
    for chat in range(1, 6):
        await sender.send_message(chat, "hi")

    assert len([call for call in fake.calls if call.method == "sendMessage"]) == 5
    # Counted from the first message, as above: a late wake-up must not count against
    # the next one.
    first = clock.dispatched[0]
    assert all(clock.dispatched[k] - first >= k * 0.1 - 0.005 for k in range(1, 5)), clock.gaps()


async def test_failures_are_logged_without_text_chat_or_token(
    telegram: tuple[FakeTelegram, Bot], caplog: pytest.LogCaptureFixture
) -> None:
    fake, bot = telegram
    fake.failures["sendMessage"] = 100
    caplog.set_level(logging.INFO, logger="bot")

    with pytest.raises(DeliveryDeferred):
        await TelegramSender(bot, QUICK).send_message(987654, "private words")

    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "NetworkError" in logged
    for private in ("private words", "987654", TOKEN):
        assert private not in logged


async def test_answering_an_expired_button_press_is_not_an_error(
    telegram: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = telegram
    fake.failures["answerCallbackQuery"] = 100
    await TelegramSender(bot, QUICK).answer_callback("cq-1", "x")  # does not raise
    assert len(fake.called("answerCallbackQuery")) == 1


@pytest.mark.parametrize("opt_in", ["", "true"])
def test_retry_after_is_read_as_seconds(monkeypatch: pytest.MonkeyPatch, opt_in: str) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", opt_in)  # PTB 22: int today, timedelta when opted in
    assert retry_after_seconds(RetryAfter(3)) == 3.0


def test_long_text_is_split_under_telegrams_limit_at_a_break() -> None:
    text = ("word " * 1000).strip()
    parts = split_text(text, limit=4096)
    assert all(len(part) <= 4096 for part in parts)
    assert " ".join(parts) == text
    assert split_text("short") == ["short"]
    assert split_text("x" * 10, limit=4) == ["xxxx", "xxxx", "xx"]
