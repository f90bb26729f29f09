"""Telegram updates reduced to what Baton acts on, and nothing more."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from telegram import Update

from bot.channels.telegram.updates import Inbound, Kind, parse_update, reduce_update
from tests.channels.fakes import callback_update, group_update, photo_update, text_update

CHAT = 31337


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", Inbound(Kind.TEXT, chat_id=CHAT, text="hello")),
        ("/start", Inbound(Kind.START, chat_id=CHAT)),
        ("/start PA-42x", Inbound(Kind.START, chat_id=CHAT, text="PA-42x")),
        ("/start@baton_test_bot PA-42x", Inbound(Kind.START, chat_id=CHAT, text="PA-42x")),
        ("/help", Inbound(Kind.HELP, chat_id=CHAT)),
        ("/HELP", Inbound(Kind.HELP, chat_id=CHAT)),
        ("/stop please", Inbound(Kind.STOP, chat_id=CHAT)),
        ("/request_human", Inbound(Kind.TEXT, chat_id=CHAT, text="/request_human")),
        ("/starting", Inbound(Kind.TEXT, chat_id=CHAT, text="/starting")),
        # The routing core removes control characters; commands are read without them too.
        ("hello\x00", Inbound(Kind.TEXT, chat_id=CHAT, text="hello\x00")),
        ("\u202e/help\x00", Inbound(Kind.HELP, chat_id=CHAT)),
        ("/start \x00PA-42x", Inbound(Kind.START, chat_id=CHAT, text="PA-42x")),
        # An argument with nothing visible in it is no argument.
        ("/start \x00", Inbound(Kind.START, chat_id=CHAT)),
        ("/start \u200b\u200b", Inbound(Kind.START, chat_id=CHAT)),
    ],
)
def test_private_text_and_commands(text: str, expected: Inbound) -> None:
    assert parse_update(text_update(1, CHAT, text)) == expected


# Nothing the routing core could store or Rasa read: treated like a sticker.
INVISIBLE = [
    "/",
    "//",
    "\x00",
    "\x00\x1f\x7f",
    "\u200b\u200b",
    "\ufeff",
    "/ \u2060",
    "\u202e\u2066",
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_text_with_nothing_visible_is_not_text(text: str) -> None:
    assert parse_update(text_update(1, CHAT, text)) == Inbound(Kind.MEDIA, chat_id=CHAT)


def test_nothing_but_the_chat_and_text_is_kept() -> None:
    event = parse_update(text_update(1, CHAT, "hello"))
    assert event.to_json() == {"kind": "text", "chat_id": CHAT, "text": "hello"}
    assert Inbound.from_json(event.to_json()) == event


def test_group_and_channel_messages_are_ignored() -> None:
    assert parse_update(group_update(1, -5, "hello")) == Inbound(Kind.IGNORED)
    supergroup = group_update(2, -1005, "/start")
    supergroup["message"]["chat"]["type"] = "supergroup"
    assert parse_update(supergroup) == Inbound(Kind.IGNORED)
    post = {"update_id": 3, "channel_post": group_update(3, -1009, "news")["message"]}
    assert parse_update(post) == Inbound(Kind.IGNORED)


def test_edits_are_noticed_in_private_chats_only() -> None:
    private = {"update_id": 1, "edited_message": text_update(1, CHAT, "hi")["message"]}
    group = {"update_id": 2, "edited_message": group_update(2, -5, "hi")["message"]}
    assert parse_update(private) == Inbound(Kind.EDITED, chat_id=CHAT)
    assert parse_update(group) == Inbound(Kind.IGNORED)


def media_update(kind: str, content: Any) -> dict[str, Any]:
    update = photo_update(1, CHAT, caption="words in a caption")
    del update["message"]["photo"]
    update["message"][kind] = content
    return update


@pytest.mark.parametrize(
    "update",
    [
        photo_update(1, CHAT, caption="words in a caption"),
        media_update("voice", {"file_id": "v", "file_unique_id": "v1", "duration": 3}),
        media_update(
            "sticker",
            {"file_id": "s", "file_unique_id": "s1", "type": "regular", "width": 5,
             "height": 5, "is_animated": False, "is_video": False},
        ),
        media_update("document", {"file_id": "d", "file_unique_id": "d1"}),
    ],
)  # fmt: skip
def test_media_is_recognised_and_its_caption_dropped(update: dict[str, Any]) -> None:
    event = parse_update(update)
    assert event == Inbound(Kind.MEDIA, chat_id=CHAT)
    assert "words" not in str(event.to_json())


def test_a_button_press_in_a_private_chat() -> None:
    assert parse_update(callback_update(1, CHAT, "/yes")) == Inbound(
        Kind.CALLBACK, chat_id=CHAT, callback_id="cq-1", data="/yes"
    )


@pytest.mark.parametrize("data", [5, True, None, {"payload": "/yes"}, ["/yes"]])
def test_callback_data_that_is_not_a_string_is_no_button(data: Any) -> None:
    update = callback_update(1, CHAT, "/yes")
    update["callback_query"]["data"] = data
    expected = Inbound(Kind.CALLBACK, chat_id=CHAT, callback_id="cq-1")
    assert parse_update(update) == expected
    # Stored as it came by an earlier version: read back as no button either.
    stored = {"kind": "callback", "chat_id": CHAT, "callback_id": "cq-1", "data": data}
    assert Inbound.from_json(stored) == expected


def test_a_button_press_in_a_group_is_answered_but_goes_nowhere() -> None:
    update = callback_update(1, CHAT, "/yes")
    update["callback_query"]["message"]["chat"] = {"id": -5, "type": "group", "title": "G"}
    assert parse_update(update) == Inbound(Kind.CALLBACK, callback_id="cq-1")


@pytest.mark.parametrize(
    "raw",
    [
        {"update_id": 1},
        {"update_id": 1, "message": "not an object"},
        {"update_id": 1, "message": {"message_id": 1}},
        {"update_id": 1, "my_chat_member": {}},
    ],
)
def test_anything_else_is_ignored(raw: dict[str, Any]) -> None:
    assert parse_update(raw) == Inbound(Kind.IGNORED)


def with_message(**fields: Any) -> dict[str, Any]:
    update = text_update(1, CHAT, "hello")
    update["message"].update(fields)
    return update


def without_chat(key: str) -> dict[str, Any]:
    message = text_update(1, CHAT, "hello")["message"]
    del message["chat"]
    return {"update_id": 1, key: message}


def pressed_in_chat(chat_id: Any) -> dict[str, Any]:
    update = callback_update(1, CHAT, "/yes")
    update["callback_query"]["message"]["chat"]["id"] = chat_id
    return update


# What a forged update can hold that the Bot API never sends. Each of these once made
# the webhook answer 500, and Telegram sends an update again until it gets a 200.
MALFORMED = {
    "text is a number": with_message(text=123),
    "text is an object": with_message(text={"a": 1}),
    "text is a list": with_message(text=["hello"]),
    "date too big for datetime": with_message(date=2**62),
    "date too small for datetime": with_message(date=-(2**62)),
    "message without a chat": without_chat("message"),
    "edit without a chat": without_chat("edited_message"),
    "chat id is a string": with_message(chat={"id": "abc", "type": "private"}),
    "chat id is a float": with_message(chat={"id": 1.5, "type": "private"}),
    "chat id is a boolean": with_message(chat={"id": True, "type": "private"}),
    "edit with a string chat id": {
        "update_id": 1,
        "edited_message": with_message(chat={"id": "abc", "type": "private"})["message"],
    },
    "button in a string chat id": pressed_in_chat("abc"),
}
# The webhook refuses a body with these (bot.jsonbody); long polling does not.
BEYOND_64_BITS = {
    "chat id beyond 64 bits": with_message(chat={"id": 2**63, "type": "private"}),
    "chat id below 64 bits": with_message(chat={"id": -(2**63), "type": "private"}),
}


@pytest.mark.parametrize(
    "raw", [*MALFORMED.values(), *BEYOND_64_BITS.values()], ids=[*MALFORMED, *BEYOND_64_BITS]
)
def test_a_malformed_update_is_ignored(raw: dict[str, Any]) -> None:
    assert parse_update(raw) == Inbound(Kind.IGNORED)


@pytest.mark.parametrize(
    "raw", [without_chat("message"), with_message(text=123)], ids=["no chat", "text a number"]
)
def test_long_polling_ignores_a_malformed_update_too(raw: dict[str, Any]) -> None:
    # Long polling hands PTB's own parse of the update to ``reduce_update``.
    assert reduce_update(Update.de_json(raw, None)) == Inbound(Kind.IGNORED)


HOSTILE = [None, True, 0, -1, 1.5, 2**62, -(2**62), "", "x", [], [1], {}, {"id": 1}]


def replacements(value: Any) -> list[Any]:
    """``value`` with one field (at any depth) replaced by each hostile value in turn."""
    found: list[Any] = []
    if isinstance(value, dict):
        for key, item in value.items():
            for replacement in HOSTILE + replacements(item):
                changed = copy.copy(value)
                changed[key] = replacement
                found.append(changed)
    return found


@pytest.mark.parametrize(
    "update",
    [text_update(1, CHAT, "/start PA-1"), callback_update(1, CHAT, "/yes")],
    ids=["message", "button"],
)
def test_parsing_never_raises(update: dict[str, Any]) -> None:
    for raw in replacements(update):
        assert isinstance(parse_update(raw), Inbound)
