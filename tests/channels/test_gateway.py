"""The channel in the gateway's life cycle: webhook or polling, restarts, setup."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.casequeue.conversations import find_by_channel_ref
from bot.channels import setup_telegram
from bot.channels.telegram import TELEGRAM, inbox
from bot.channels.telegram.inbox import Outbox, Outcome
from bot.channels.telegram.keyboards import Outgoing
from bot.channels.telegram.models import TelegramInboxUpdate
from bot.channels.telegram.updates import parse_update
from bot.db import make_engine, make_sessionmaker
from bot.gateway.app import create_app
from bot.gateway.keys import SESSIONS
from bot.models import Channel, utcnow
from tests.channels.conftest import (
    FAST,
    NOTICE,
    PUBLIC_URL,
    SECRET,
    Fakes,
    Gateway,
    gateway_settings,
    start_gateway,
)
from tests.channels.fakes import text_update

CHAT = 99


def store_unprocessed(database_url: str, update: dict[str, object]) -> None:
    """As if a gateway stored and acknowledged the update, then died before processing it."""
    engine = make_engine(database_url)
    with make_sessionmaker(engine).begin() as session:
        update_id = update["update_id"]
        assert isinstance(update_id, int)
        assert inbox.store(session, update_id, parse_update(dict(update)), utcnow())
    engine.dispose()


def webhook_routes(app: web.Application) -> int:
    return sum(
        1
        for route in app.router.routes()
        if route.resource is not None and route.resource.canonical == "/telegram/webhook"
    )


def inbox_row(gateway: Gateway, update_id: int) -> TelegramInboxUpdate:
    with gateway.app[SESSIONS]() as session:
        row = session.get(TelegramInboxUpdate, update_id)
        assert row is not None
        return row


async def test_webhook_mode_registers_the_webhook_with_its_secret(gateway: Gateway) -> None:
    [registered] = gateway.telegram.called("setWebhook")
    assert registered == {
        "url": f"{PUBLIC_URL}/telegram/webhook",
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query", "edited_message"],
    }
    assert gateway.telegram.called("getUpdates") == []


async def test_without_a_webhook_secret_no_webhook_is_registered(
    sqlite_url: str, fakes: Fakes
) -> None:
    settings = gateway_settings(sqlite_url, fakes, telegram_webhook_secret="")
    gateway = await start_gateway(settings, fakes)
    try:
        await fakes.telegram.wait_for(lambda: bool(fakes.telegram.called("getMe")))
        await gateway.channel.sweep()
        assert fakes.telegram.called("setWebhook") == []
    finally:
        await gateway.client.close()


async def test_without_a_public_url_updates_are_long_polled(sqlite_url: str, fakes: Fakes) -> None:
    gateway = await start_gateway(gateway_settings(sqlite_url, fakes, public_url=""), fakes)
    try:
        fakes.telegram.push_update(text_update(500, CHAT, "hello"))
        await fakes.telegram.wait_for(lambda: len(fakes.telegram.texts_to(CHAT)) == 3)
        # The next poll confirms the update (offset past it) only after it was stored.
        await fakes.telegram.wait_for(
            lambda: any(p.get("offset") == "501" for p in fakes.telegram.called("getUpdates"))
        )
        assert fakes.telegram.called("deleteWebhook") == [{}]
        assert fakes.telegram.called("setWebhook") == []
        assert fakes.rasa.messages() == ["/greet", "hello"]
        assert fakes.telegram.called("getUpdates")[0]["allowed_updates"] == [
            "message",
            "callback_query",
            "edited_message",
        ]
    finally:
        await gateway.client.close()


async def test_an_acknowledged_update_is_processed_after_a_restart_and_only_once(
    database_url: str, fakes: Fakes
) -> None:
    update = text_update(600, CHAT, "are you there")
    store_unprocessed(database_url, update)

    gateway = await start_gateway(gateway_settings(database_url, fakes), fakes)
    try:
        await fakes.telegram.wait_for(lambda: len(fakes.telegram.texts_to(CHAT)) == 3)
        # Telegram, not having seen the first 200, delivers it again after the restart.
        assert (await gateway.post_update(update)).status == 200
        await gateway.channel.sweep()
        await gateway.settle()
    finally:
        await gateway.client.close()

    second = await start_gateway(gateway_settings(database_url, fakes), fakes)
    try:
        await second.channel.sweep()
        await second.settle()
        assert (await second.post_update(update)).status == 200
        await second.settle()
        assert fakes.rasa.messages() == ["/greet", "are you there"]
        assert fakes.telegram.texts_to(CHAT) == [
            "Hello, I'm an automated assistant.",
            NOTICE,
            "echo: are you there",
        ]
        assert inbox_row(second, 600).outcome == Outcome.DONE
    finally:
        await second.client.close()


async def test_a_stored_update_with_a_chat_id_that_is_no_chat_id_does_not_stop_the_sweep(
    sqlite_url: str, fakes: Fakes
) -> None:
    """A row stored before updates were checked made every sweep fail (``int("abc")``), so
    no other update was ever retried. Now it is processed as belonging to no chat."""
    engine = make_engine(sqlite_url)
    with make_sessionmaker(engine).begin() as session:
        event = {"kind": "text", "chat_id": "abc", "text": "hi"}
        session.add(TelegramInboxUpdate(update_id=500, event=event, received_at=utcnow()))
    engine.dispose()
    store_unprocessed(sqlite_url, text_update(501, CHAT, "are you there"))

    gateway = await start_gateway(gateway_settings(sqlite_url, fakes), fakes)
    try:
        await fakes.telegram.wait_for(lambda: len(fakes.telegram.texts_to(CHAT)) == 3)
        await gateway.settle()
        assert fakes.rasa.messages() == ["/greet", "are you there"]
        assert inbox_row(gateway, 500).outcome == Outcome.DONE
        assert [p["chat_id"] for p in fakes.telegram.sent] == [CHAT] * 3
        with gateway.app[SESSIONS]() as session:
            assert find_by_channel_ref(session, Channel.TELEGRAM.value, "abc") is None
    finally:
        await gateway.client.close()


async def test_a_restart_mid_delivery_sends_only_what_was_not_sent(
    sqlite_url: str, fakes: Fakes
) -> None:
    engine = make_engine(sqlite_url)
    with make_sessionmaker(engine).begin() as session:
        inbox.store(session, 700, parse_update(text_update(700, CHAT, "x")), utcnow())
        inbox.claim(session, 700, "dead-worker", utcnow(), FAST.lease)
        outbox = Outbox(chat_id=CHAT, messages=[Outgoing("one"), Outgoing("two")])
        inbox.save_outbox(session, 700, "dead-worker", outbox)
        inbox.mark_sent(session, 700, "dead-worker", 1)
        inbox.release_all(session, "dead-worker")
    engine.dispose()

    gateway = await start_gateway(gateway_settings(sqlite_url, fakes), fakes)
    try:
        await fakes.telegram.wait_for(lambda: bool(fakes.telegram.sent))
        await gateway.settle()
        assert fakes.telegram.texts_to(CHAT) == ["two"]
        assert fakes.rasa.received == []  # routed before the restart: not routed again
    finally:
        await gateway.client.close()


async def test_a_failed_delivery_is_retried_without_routing_again(
    sqlite_url: str, fakes: Fakes
) -> None:
    gateway = await start_gateway(gateway_settings(sqlite_url, fakes), fakes)
    try:
        fakes.telegram.failures["sendMessage"] = FAST.limits.max_attempts  # one whole attempt
        await gateway.post_update(text_update(800, CHAT, "hello"))
        await fakes.telegram.wait_for(lambda: len(fakes.telegram.sent) == 3)
        await gateway.settle()

        row = inbox_row(gateway, 800)
        assert (row.outcome, row.attempts) == (Outcome.DONE, 2)
        assert fakes.rasa.messages() == ["/greet", "hello"]  # routed once, delivered later
        assert fakes.telegram.texts_to(CHAT) == [
            "Hello, I'm an automated assistant.",
            NOTICE,
            "echo: hello",
        ]
    finally:
        await gateway.client.close()


async def test_an_update_that_keeps_failing_is_given_up_and_the_family_told(
    sqlite_url: str, fakes: Fakes
) -> None:
    options = replace(FAST, max_attempts=2)
    gateway = await start_gateway(gateway_settings(sqlite_url, fakes), fakes, options)
    try:
        channel = gateway.channel

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("routing broke")  # e.g. the database went away mid-update

        channel._route = broken  # type: ignore[method-assign,assignment]
        await gateway.post_update(text_update(900, CHAT, "my words"))
        await fakes.telegram.wait_for(lambda: bool(fakes.telegram.sent), timeout=10)
        await gateway.settle()
        row = inbox_row(gateway, 900)
        assert (row.outcome, row.attempts, row.event) == (Outcome.FAILED, 2, None)
        assert "send it again" in fakes.telegram.texts_to(CHAT)[0]
    finally:
        await gateway.client.close()


async def test_telegram_down_at_startup_does_not_stop_the_gateway(
    sqlite_url: str, fakes: Fakes
) -> None:
    fakes.telegram.failures["getMe"] = 2
    app = create_app(gateway_settings(sqlite_url, fakes))
    setup_telegram(app, options=FAST)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        # Web chat works while the channel is still retrying Telegram.
        assert (await client.post("/api/conversations")).status == 201
        response = await client.post(
            "/telegram/webhook",
            json=text_update(1000, CHAT, "hello"),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        assert response.status == 200
        await fakes.telegram.wait_for(lambda: len(fakes.telegram.texts_to(CHAT)) == 3, 15)
        # ...and the channel keeps retrying Telegram in the background until it answers.
        await fakes.telegram.wait_for(lambda: len(fakes.telegram.called("getMe")) == 3, 15)
        await fakes.telegram.wait_for(lambda: bool(fakes.telegram.called("setWebhook")))
    finally:
        await client.close()


def test_setup_is_idempotent_and_needs_a_token(sqlite_url: str, fakes: Fakes) -> None:
    app = create_app(gateway_settings(sqlite_url, fakes))
    setup_telegram(app)
    setup_telegram(app, options=FAST)
    assert webhook_routes(app) == 1
    assert app[TELEGRAM].options is FAST

    no_token = create_app(gateway_settings(sqlite_url, fakes, telegram_token=""))
    setup_telegram(no_token)
    assert TELEGRAM not in no_token
    assert webhook_routes(no_token) == 0
