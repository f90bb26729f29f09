"""Hostile JSON bodies: every internet-facing surface reads them with bot.jsonbody."""

from __future__ import annotations

import pytest

from bot.jsonbody import MAX_INT, BodyError, parse_object

DEEP = b'{"text": "hi", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def test_a_lone_surrogate_becomes_a_replacement_character_and_the_rest_is_kept() -> None:
    body = parse_object(b'{"text": "half an emoji \\ud83d then more", "k\\udc00": ["\\udfff"]}')
    assert body == {"text": "half an emoji \ufffd then more", "k\ufffd": ["\ufffd"]}
    body["text"].encode("utf-8")  # storable text


def test_a_whole_emoji_written_as_a_surrogate_pair_is_kept() -> None:
    assert parse_object(b'{"text": "\\ud83d\\ude00"}') == {"text": "\U0001f600"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (DEEP, "The request body must be JSON."),
        (b'{"update_id": 9223372036854775808}', "The request body must be JSON."),
        (b'{"n": -9223372036854775808}', "The request body must be JSON."),
        (b"{not json", "The request body must be JSON."),
        (b"\xff\xfe", "The request body must be JSON."),
        (b"[1]", "The request body must be a JSON object."),
    ],
)
def test_unusable_bodies_are_refused_with_a_reason(raw: bytes, message: str) -> None:
    with pytest.raises(BodyError, match=message):
        parse_object(raw)


def test_the_largest_storable_integer_is_accepted() -> None:
    assert parse_object(b'{"n": 9223372036854775807}') == {"n": MAX_INT}
