"""Baton messages rendered for Telegram; long payloads mapped through stored tokens."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.telegram import texts
from bot.channels.telegram.keyboards import (
    MAPPED_PREFIX,
    Outgoing,
    callback_data_for,
    render,
    resolve_callback_data,
)
from bot.channels.telegram.models import TelegramCallbackToken

LONG = '/inform{"service": "' + "x" * 80 + '"}'


def test_a_payload_that_fits_is_sent_as_it_is(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert callback_data_for(session, "/request_human") == "/request_human"
        assert callback_data_for(session, "é" * 32) == "é" * 32  # 64 bytes exactly
        assert session.scalar(select(func.count()).select_from(TelegramCallbackToken)) == 0


def test_a_long_payload_becomes_one_short_token_that_maps_back(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        data = callback_data_for(session, LONG)
        again = callback_data_for(session, LONG)
        multibyte = callback_data_for(session, "é" * 33)  # 66 bytes
    assert data == again
    assert data.startswith(MAPPED_PREFIX)
    assert len(data.encode()) <= 64
    assert multibyte.startswith(MAPPED_PREFIX)
    with sessions.begin() as session:
        assert resolve_callback_data(session, data) == LONG
        assert resolve_callback_data(session, multibyte) == "é" * 33
        assert session.scalar(select(func.count()).select_from(TelegramCallbackToken)) == 2


def test_a_payload_that_looks_like_a_token_is_mapped_too(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        data = callback_data_for(session, MAPPED_PREFIX + "abc")
        assert data != MAPPED_PREFIX + "abc"
        assert resolve_callback_data(session, data) == MAPPED_PREFIX + "abc"


def test_an_unknown_token_resolves_to_nothing(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert resolve_callback_data(session, MAPPED_PREFIX + "A" * 22) is None
        assert resolve_callback_data(session, "/plain") == "/plain"


def test_a_practitioner_message_names_who_is_talking(sessions: sessionmaker[Session]) -> None:
    message = {
        "from": "practitioner",
        "text": "I've booked you in.",
        "buttons": [],
        "practitioner": {"name": "Sam Taylor", "team": "care-leavers"},
    }
    with sessions.begin() as session:
        assert render(session, message) == [
            Outgoing("Sam Taylor (care-leavers): I've booked you in.")
        ]


def test_bot_buttons_become_one_button_per_row(sessions: sessionmaker[Session]) -> None:
    message = {
        "from": "bot",
        "text": "Pick one",
        "buttons": [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}],
    }
    with sessions.begin() as session:
        [outgoing] = render(session, message)
    markup = outgoing.reply_markup()
    assert markup is not None
    assert [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard] == [
        [("A", "/a")],
        [("B", "/b")],
    ]


def test_buttons_without_text_get_a_prompt_and_empty_messages_are_skipped(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        [prompt] = render(session, {"text": "", "buttons": [{"title": "A", "payload": "/a"}]})
        assert render(session, {"text": "  ", "buttons": []}) == []
    assert prompt == Outgoing(texts.CHOOSE, (("A", "/a"),))


def test_a_long_message_is_split_with_the_buttons_on_the_last_part(
    sessions: sessionmaker[Session],
) -> None:
    message = {"text": "word " * 1200, "buttons": [{"title": "A", "payload": "/a"}]}
    with sessions.begin() as session:
        parts = render(session, message)
    assert len(parts) == 2
    assert [bool(part.buttons) for part in parts] == [False, True]


def test_outgoing_survives_storage() -> None:
    outgoing = Outgoing("Hi", (("A", "/a"),))
    assert Outgoing.from_json(outgoing.to_json()) == outgoing
