"""The webhook endpoint: who may post, what it accepts, and exactly-once storage."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.channels.telegram.inbox import Outcome
from bot.channels.telegram.models import TelegramInboxUpdate
from bot.channels.telegram.webhook import MAX_UPDATE_BYTES, secret_ok
from bot.gateway.keys import SESSIONS
from tests.channels.conftest import (
    NOTICE,
    SECRET,
    Fakes,
    Gateway,
    gateway_settings,
    start_gateway,
)
from tests.channels.fakes import text_update
from tests.channels.test_updates import MALFORMED

CHAT = 777


def stored_count(gateway: Gateway) -> int:
    with gateway.app[SESSIONS]() as session:
        return int(session.scalar(select(func.count()).select_from(TelegramInboxUpdate)) or 0)


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x", "é" * 8])
async def test_a_missing_or_wrong_secret_token_is_refused(
    gateway: Gateway, secret: str | None
) -> None:
    response = await gateway.post_update(text_update(1, CHAT, "hello"), secret=secret)

    assert response.status == 403
    await gateway.settle()
    assert stored_count(gateway) == 0
    assert gateway.rasa.received == []
    assert gateway.telegram.sent == []


async def test_the_right_secret_token_is_accepted(gateway: Gateway) -> None:
    response = await gateway.post_update(text_update(1, CHAT, "hello"), secret=SECRET)

    assert response.status == 200
    assert stored_count(gateway) == 1


async def test_without_a_configured_secret_every_request_is_refused(
    sqlite_url: str, fakes: Fakes
) -> None:
    settings = gateway_settings(sqlite_url, fakes, telegram_webhook_secret="")
    gateway = await start_gateway(settings, fakes)
    try:
        for secret in (None, "", "anything"):
            response = await gateway.post_update(text_update(1, CHAT, "hi"), secret=secret)
            assert response.status == 403
        assert stored_count(gateway) == 0
    finally:
        await gateway.client.close()


def test_secret_comparison() -> None:
    assert secret_ok("abc", "abc")
    assert not secret_ok("abd", "abc")
    assert not secret_ok(None, "abc")
    assert not secret_ok("", "")  # nothing configured: nothing matches
    assert not secret_ok("\udcff", "abc")  # undecodable header bytes do not crash


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"{}", b'{"update_id": "7"}',
     b'{"update_id": -1}', b'{"update_id": true}', b'{"update_id": 99999999999999999999}',
     b'{"update_id": 1, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"],
)  # fmt: skip
async def test_a_body_that_is_not_an_update_is_a_bad_request(gateway: Gateway, body: bytes) -> None:
    response = await gateway.client.post(
        "/telegram/webhook",
        data=body,
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert stored_count(gateway) == 0


@pytest.mark.parametrize("update", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_update_is_acknowledged_and_recorded_as_ignored(
    gateway: Gateway, update: dict[str, object]
) -> None:
    """Refused or failed (500), it would be sent again for ever: it is stored as ignored."""
    response = await gateway.post_update(update)
    await gateway.settle()

    assert response.status == 200
    with gateway.app[SESSIONS]() as session:
        row = session.get(TelegramInboxUpdate, 1)
        assert row is not None
        assert (row.event, row.outcome) == (None, Outcome.IGNORED)
    assert gateway.rasa.received == []
    assert gateway.telegram.sent == []


async def test_an_oversized_body_is_refused(gateway: Gateway) -> None:
    update = text_update(1, CHAT, "x" * (MAX_UPDATE_BYTES + 1))
    response = await gateway.post_update(update)

    assert response.status == 413
    assert stored_count(gateway) == 0


async def test_an_update_telegram_sends_again_is_processed_once(
    database_url: str, fakes: Fakes
) -> None:
    gateway = await start_gateway(gateway_settings(database_url, fakes), fakes)
    try:
        update = text_update(41, CHAT, "hello")
        first = await gateway.post_update(update)
        # Telegram retries (it did not see our 200), some of them at the same moment.
        again = await asyncio.gather(*(gateway.post_update(update) for _ in range(5)))
        await gateway.settle()
        later = await gateway.post_update(update)
        await gateway.settle()

        assert [first.status, *(r.status for r in again), later.status] == [200] * 7
        assert gateway.rasa.messages() == ["/greet", "hello"]
        assert gateway.telegram.texts_to(CHAT) == [
            "Hello, I'm an automated assistant.",
            NOTICE,
            "echo: hello",
        ]
        assert stored_count(gateway) == 1
    finally:
        await gateway.client.close()


async def test_concurrent_first_deliveries_of_one_update_are_processed_once(
    database_url: str, fakes: Fakes
) -> None:
    gateway = await start_gateway(gateway_settings(database_url, fakes), fakes)
    try:
        update = text_update(42, CHAT, "hello")
        responses = await asyncio.gather(*(gateway.post_update(update) for _ in range(8)))
        await gateway.settle()

        assert {r.status for r in responses} == {200}
        assert gateway.rasa.messages() == ["/greet", "hello"]
        assert len(gateway.telegram.sent) == 3  # greeting, privacy notice, answer
    finally:
        await gateway.client.close()
