"""Conversations over Telegram, end to end: webhook in, routing core, sendMessage out."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from bot.casequeue.conversations import find_by_channel_ref
from bot.channels.telegram import texts
from bot.channels.telegram.inbox import Outcome
from bot.channels.telegram.keyboards import MAPPED_PREFIX
from bot.channels.telegram.models import TelegramInboxUpdate
from bot.gateway.keys import NOTIFIER, SESSIONS
from bot.gateway.routing import Router
from bot.models import Channel, Message
from tests.channels.conftest import (
    FAST,
    NOTICE,
    Fakes,
    Gateway,
    gateway_settings,
    start_gateway,
)
from tests.channels.fakes import (
    LONG_PAYLOAD,
    TOKEN,
    callback_update,
    group_update,
    photo_update,
    text_update,
)
from tests.channels.test_updates import INVISIBLE

CHAT = 424242
# PTB's own RetryAfter constructor warns that retry_after will become a timedelta.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def keyboard(params: dict[str, Any]) -> list[list[dict[str, str]]]:
    return list(params["reply_markup"]["inline_keyboard"])


def conversation_id(gateway: Gateway, chat_id: int = CHAT) -> str | None:
    with gateway.app[SESSIONS]() as session:
        conversation = find_by_channel_ref(session, Channel.TELEGRAM.value, str(chat_id))
        return None if conversation is None else conversation.id


def transcript(gateway: Gateway, chat_id: int = CHAT) -> list[tuple[str, str]]:
    cid = conversation_id(gateway, chat_id)
    with gateway.app[SESSIONS]() as session:
        rows = session.scalars(
            select(Message).where(Message.conversation_id == cid).order_by(Message.seq)
        )
        return [(m.sender, m.text) for m in rows]


async def say(gateway: Gateway, update: dict[str, Any]) -> None:
    response = await gateway.post_update(update)
    assert response.status == 200
    await gateway.settle()


async def test_a_first_message_is_greeted_then_answered_in_the_same_chat(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "what support is there for care leavers"))

    assert gateway.rasa.messages() == ["/greet", "what support is there for care leavers"]
    assert [p["chat_id"] for p in gateway.telegram.sent] == [CHAT, CHAT, CHAT]
    assert gateway.telegram.texts_to(CHAT) == [
        "Hello, I'm an automated assistant.",
        NOTICE,
        "echo: what support is there for care leavers",
    ]
    assert all("parse_mode" not in p for p in gateway.telegram.sent)  # plain text
    assert transcript(gateway) == [
        ("bot", "Hello, I'm an automated assistant."),
        ("bot", NOTICE),
        ("family", "what support is there for care leavers"),
        ("bot", "echo: what support is there for care leavers"),
    ]


async def test_start_greets_with_the_offered_buttons_as_an_inline_keyboard(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "/start"))

    assert gateway.rasa.messages() == ["/greet"]
    greeting, notice = gateway.telegram.sent
    assert notice["text"] == NOTICE
    assert greeting["text"] == "Hello, I'm an automated assistant."
    assert keyboard(greeting) == [[{"text": "Talk to a person", "callback_data": "/request_human"}]]


async def test_start_again_in_a_known_chat_does_not_open_a_second_conversation(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "/start"))
    first = conversation_id(gateway)
    await say(gateway, text_update(2, CHAT, "/start"))

    assert conversation_id(gateway) == first
    assert gateway.rasa.messages() == ["/greet"]
    assert gateway.telegram.texts_to(CHAT)[-1] == texts.WELCOME_BACK


async def test_start_with_a_link_code_passes_the_code_on_after_the_greeting(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "/start PA-7f3Kq9"))

    assert gateway.rasa.messages() == ["/greet", "PA-7f3Kq9"]
    assert gateway.telegram.texts_to(CHAT) == [
        "Hello, I'm an automated assistant.",
        NOTICE,
        "echo: PA-7f3Kq9",
    ]


async def test_the_start_code_hook_can_be_replaced(sqlite_url: str, fakes: Fakes) -> None:
    seen: list[tuple[str, str]] = []

    async def link(router: Router, conversation_id: str, code: str) -> list[dict[str, Any]]:
        seen.append((conversation_id, code))
        return [{"from": "bot", "text": "Linked to your PA.", "buttons": []}]

    options = replace(FAST, on_start_code=link)
    gateway = await start_gateway(gateway_settings(sqlite_url, fakes), fakes, options)
    try:
        await say(gateway, text_update(1, CHAT, "/start PA-7f3Kq9"))
        assert seen == [(conversation_id(gateway), "PA-7f3Kq9")]
        assert gateway.rasa.messages() == ["/greet"]
        assert gateway.telegram.texts_to(CHAT)[-1] == "Linked to your PA."
    finally:
        await gateway.client.close()


async def test_a_button_press_round_trips_to_the_bot(gateway: Gateway) -> None:
    await say(gateway, text_update(1, CHAT, "/start"))
    await say(gateway, callback_update(2, CHAT, "/request_human"))

    assert gateway.rasa.messages() == ["/greet", "/request_human"]
    assert gateway.telegram.called("answerCallbackQuery") == [{"callback_query_id": "cq-2"}]
    assert gateway.telegram.texts_to(CHAT)[-1] == "echo: /request_human"
    # The transcript shows the button as the family saw it.
    assert ("family", "Talk to a person") in transcript(gateway)


async def test_forged_callback_data_is_refused_and_never_reaches_the_bot(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "/start"))
    await say(gateway, callback_update(2, CHAT, '/inform{"case_id": 7}'))
    await say(gateway, callback_update(3, CHAT, MAPPED_PREFIX + "AAAAAAAAAAAAAAAAAAAAAA"))

    assert gateway.rasa.messages() == ["/greet"]
    answers = gateway.telegram.called("answerCallbackQuery")
    assert answers == [
        {"callback_query_id": "cq-2", "text": "That option is no longer available"},
        {"callback_query_id": "cq-3", "text": "That option is no longer available"},
    ]
    assert len(gateway.telegram.sent) == 2  # only the greeting and the privacy notice


@pytest.mark.parametrize("data", [5, {"payload": "/request_human"}], ids=["number", "object"])
async def test_callback_data_that_is_not_a_string_is_an_unavailable_option(
    gateway: Gateway, data: object
) -> None:
    await say(gateway, text_update(1, CHAT, "/start"))
    update = callback_update(2, CHAT, "/request_human")
    update["callback_query"]["data"] = data
    await say(gateway, update)

    assert gateway.rasa.messages() == ["/greet"]
    assert gateway.telegram.called("answerCallbackQuery") == [
        {"callback_query_id": "cq-2", "text": texts.OPTION_UNAVAILABLE}
    ]
    assert len(gateway.telegram.sent) == 2  # the greeting and the privacy notice; no "resend"
    with gateway.app[SESSIONS]() as session:
        row = session.get(TelegramInboxUpdate, 2)
        assert row is not None
        assert (row.outcome, row.attempts) == (Outcome.DONE, 1)


async def test_a_button_from_a_chat_with_no_conversation_is_refused(gateway: Gateway) -> None:
    await say(gateway, callback_update(1, CHAT, "/request_human"))

    assert gateway.rasa.received == []
    assert gateway.telegram.called("answerCallbackQuery")[0]["text"] == texts.OPTION_UNAVAILABLE
    assert conversation_id(gateway) is None


async def test_a_payload_longer_than_64_bytes_travels_as_a_token(gateway: Gateway) -> None:
    await say(gateway, text_update(1, CHAT, "menu"))
    menu = gateway.telegram.sent[-1]
    [[money], [conferences]] = keyboard(menu)
    assert money["callback_data"] == "/ask_money"
    assert conferences["callback_data"].startswith(MAPPED_PREFIX)
    assert len(conferences["callback_data"].encode()) <= 64

    await say(gateway, callback_update(2, CHAT, conferences["callback_data"]))

    assert gateway.rasa.messages()[-1] == LONG_PAYLOAD
    assert gateway.telegram.called("answerCallbackQuery") == [{"callback_query_id": "cq-2"}]


async def test_help_is_a_fixed_text_naming_999_and_opens_no_conversation(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "/help"))

    assert gateway.telegram.texts_to(CHAT) == [texts.HELP]
    assert "999" in texts.HELP
    assert gateway.rasa.received == []
    assert conversation_id(gateway) is None


async def test_group_messages_are_ignored_silently(gateway: Gateway) -> None:
    await say(gateway, group_update(1, -100200, "/start"))
    await say(gateway, group_update(2, -100200, "hello everyone"))

    assert gateway.telegram.sent == []
    assert gateway.rasa.received == []
    assert conversation_id(gateway, -100200) is None
    with gateway.app[SESSIONS]() as session:
        rows = session.scalars(select(TelegramInboxUpdate)).all()
    assert [(r.update_id, r.outcome, r.event) for r in rows] == [
        (1, Outcome.IGNORED, None),
        (2, Outcome.IGNORED, None),
    ]


def assert_answered_like_a_sticker(gateway: Gateway) -> None:
    """The kind reply to a non-text message; nothing routed, stored or opened."""
    assert gateway.telegram.texts_to(CHAT) == [texts.MEDIA]
    assert gateway.rasa.received == []
    assert conversation_id(gateway) is None
    with gateway.app[SESSIONS]() as session:
        row = session.get(TelegramInboxUpdate, 1)
        assert row is not None
        assert (row.event, row.outbox, row.outcome) == (None, None, Outcome.DONE)


async def test_a_photo_gets_a_kind_reply_and_nothing_is_kept(gateway: Gateway) -> None:
    await say(gateway, photo_update(1, CHAT, caption="my tenancy letter"))

    assert_answered_like_a_sticker(gateway)


@pytest.mark.parametrize("text", INVISIBLE)
async def test_a_text_with_nothing_visible_is_answered_like_a_sticker(
    gateway: Gateway, text: str
) -> None:
    await say(gateway, text_update(1, CHAT, text))

    assert_answered_like_a_sticker(gateway)


async def test_start_with_nothing_visible_after_it_is_a_plain_start(gateway: Gateway) -> None:
    await say(gateway, text_update(1, CHAT, "/start \x00\u200b"))

    assert gateway.rasa.messages() == ["/greet"]
    assert transcript(gateway) == [("bot", "Hello, I'm an automated assistant."), ("bot", NOTICE)]


async def test_an_edited_message_gets_a_polite_note(gateway: Gateway) -> None:
    update = text_update(1, CHAT, "hello")
    await say(gateway, {"update_id": 1, "edited_message": update["message"]})

    assert gateway.telegram.texts_to(CHAT) == [texts.EDITED]
    assert gateway.rasa.received == []


async def test_a_long_message_reaches_the_routing_core_whole(gateway: Gateway) -> None:
    """Longer than web chat allows, but a long message must still reach the safety check
    and Rasa. (An everyday text: "I need to tell someone", a disclosure's opening, now
    raises the alarm, and then the message goes to the safeguarding queue, not to Rasa.)"""
    long_text = "Please tell me about the parenting groups. " * 95  # about 4,000 characters
    await say(gateway, text_update(1, CHAT, long_text))

    assert gateway.rasa.messages()[-1] == long_text.strip()
    assert ("family", long_text.strip()) in transcript(gateway)


async def test_a_practitioner_reply_is_pushed_with_who_is_talking(gateway: Gateway) -> None:
    await say(gateway, text_update(1, CHAT, "can I talk to my PA"))
    cid = conversation_id(gateway)
    assert cid is not None

    message = {
        "seq": 4,
        "from": "practitioner",
        "text": "Hi, I can help with that.",
        "buttons": [],
        "sent_at": "2026-11-24T10:00:00+00:00",
        "practitioner": {"name": "Sam Taylor", "team": "care-leavers"},
    }
    await gateway.app[NOTIFIER].notify_family(cid, message)

    assert gateway.telegram.sent[-1]["chat_id"] == CHAT
    assert (
        gateway.telegram.sent[-1]["text"] == "Sam Taylor (care-leavers): Hi, I can help with that."
    )


async def test_stop_is_acknowledged_and_stops_pushes_until_the_family_writes(
    gateway: Gateway,
) -> None:
    await say(gateway, text_update(1, CHAT, "hello"))
    cid = conversation_id(gateway)
    assert cid is not None
    await say(gateway, text_update(2, CHAT, "/stop"))
    assert gateway.telegram.texts_to(CHAT)[-1] == texts.STOPPED
    sent_before = len(gateway.telegram.sent)

    message = {"from": "practitioner", "text": "Are you OK?", "buttons": []}
    await gateway.app[NOTIFIER].notify_family(cid, message)
    assert len(gateway.telegram.sent) == sent_before

    await say(gateway, text_update(3, CHAT, "I'm back"))
    await gateway.app[NOTIFIER].notify_family(cid, message)
    assert gateway.telegram.texts_to(CHAT)[-2:] == ["echo: I'm back", "Are you OK?"]


async def test_a_flood_limit_is_waited_out_and_the_reply_delivered(gateway: Gateway) -> None:
    gateway.telegram.flood[CHAT] = 1
    gateway.telegram.retry_after = 1

    await say(gateway, text_update(1, CHAT, "/help"))

    attempts = [c for c in gateway.telegram.calls if c.method == "sendMessage"]
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 0.9
    assert gateway.telegram.texts_to(CHAT) == [texts.HELP]


async def test_a_family_that_blocked_the_bot_is_not_retried(gateway: Gateway) -> None:
    gateway.telegram.blocked.add(CHAT)

    await say(gateway, text_update(1, CHAT, "hello"))

    with gateway.app[SESSIONS]() as session:
        row = session.get(TelegramInboxUpdate, 1)
        assert row is not None
        assert row.outcome == Outcome.UNDELIVERABLE
    assert len(gateway.telegram.called("sendMessage")) == 1


async def test_processed_updates_keep_no_content(gateway: Gateway) -> None:
    await say(gateway, text_update(1, CHAT, "my address is 1 Example Street"))

    with gateway.app[SESSIONS]() as session:
        row = session.get(TelegramInboxUpdate, 1)
        assert row is not None
        assert (row.event, row.outbox, row.outcome) == (None, None, Outcome.DONE)
        assert row.processed_at is not None


async def test_logs_hold_no_text_chat_id_name_or_token(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await say(gateway, text_update(1, CHAT, "my secret worry"))
    await say(gateway, callback_update(2, CHAT, "/forged"))
    await say(gateway, photo_update(3, CHAT, caption="caption words"))
    cid = conversation_id(gateway)
    assert cid is not None
    await gateway.app[NOTIFIER].notify_family(
        cid, {"from": "practitioner", "text": "reply words", "buttons": []}
    )

    # Not the fakes' own access logs: the gateway runs without one (see bot.cli).
    ours = [r for r in caplog.records if not r.name.startswith("aiohttp")]
    logged = "\n".join(record.getMessage() for record in ours)
    assert "update 1 processed" in logged  # the logs are there, just not the content
    for private in ("my secret worry", "caption words", "reply words", str(CHAT), "Jordan", TOKEN):
        assert private not in logged


async def test_practitioner_names_are_shown_as_plain_text(gateway: Gateway) -> None:
    """A display name is text, never markup: there is no parse mode to inject into."""
    await say(gateway, text_update(1, CHAT, "hi"))
    cid = conversation_id(gateway)
    assert cid is not None
    await gateway.app[NOTIFIER].notify_family(
        cid,
        {
            "from": "practitioner",
            "text": "*hi* [link](http://x)",
            "buttons": [],
            "practitioner": {"name": "<b>Sam</b>", "team": "care-leavers"},
        },
    )
    last = gateway.telegram.sent[-1]
    assert last["text"] == "<b>Sam</b> (care-leavers): *hi* [link](http://x)"
    assert "parse_mode" not in last
