"""Text from strangers: what is removed before it is stored or shown (bot/plaintext.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient

from bot import plaintext
from bot.gateway.routing import clean_text
from tests.gateway.conftest import running_gateway
from tests.gateway.fakes import FakeRasa

FAMILY_EMOJI = "family \U0001f468\u200d\U0001f469\u200d\U0001f467 kept"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("my son\x00 is 9", "my son is 9"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("tab\tkept", "tab\tkept"),
        ("call us \u202e0800 123\u202c now", "call us 0800 123 now"),
        ("isolated \u2066text\u2069", "isolated text"),
        ("c1 \x85\x9b controls", "c1  controls"),
        ("half an emoji \ud83d", "half an emoji"),
        (FAMILY_EMOJI, FAMILY_EMOJI),  # joined by zero-width joiners, which are kept
        ("  Ffion  ", "Ffion"),
    ],
)  # fmt: skip
def test_clean_removes_what_no_database_or_screen_should_get(raw: str, cleaned: str) -> None:
    assert plaintext.clean(raw) == cleaned


@pytest.mark.parametrize("text", ["\u200b", "\ufeff", " \u200b\u200c\u2060 ", "\x00", "\u202e", ""])
def test_only_invisible_characters_is_nothing_visible(text: str) -> None:
    assert not plaintext.has_visible(text)


@pytest.mark.parametrize("text", ["a", "?", "\U0001f600", "\u0663"])
def test_anything_seen_is_visible(text: str) -> None:
    assert plaintext.has_visible(text)


@pytest.fixture
async def gateway_on(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[TestClient]:
    """The gateway on SQLite and on PostgreSQL (which refuses a NUL in text)."""
    async with running_gateway(database_url, fake_rasa) as client:
        yield client


async def test_a_message_with_a_nul_is_kept_on_every_database(
    gateway_on: TestClient, fake_rasa: FakeRasa
) -> None:
    cid = (await (await gateway_on.post("/api/conversations")).json())["conversation_id"]
    url = f"/api/conversations/{cid}/messages"

    response = await gateway_on.post(url, json={"text": "my son\u0000 is 9 \u202eand scared"})

    assert response.status == 200
    history = await (await gateway_on.get(f"{url}?after=0")).json()
    family = [m["text"] for m in history["messages"] if m["from"] == "family"]
    assert family == ["my son is 9 and scared"]
    assert fake_rasa.received[-1]["message"] == "my son is 9 and scared"


@pytest.mark.parametrize(
    "text", ["\u0000", "/", "///", "\u200b\u200b", "\u0001\u0002", "\u200b /"]
)
async def test_a_message_with_nothing_to_read_is_refused_kindly(
    gateway_on: TestClient, fake_rasa: FakeRasa, text: str
) -> None:
    cid = (await (await gateway_on.post("/api/conversations")).json())["conversation_id"]
    url = f"/api/conversations/{cid}/messages"

    response = await gateway_on.post(url, json={"text": text})

    assert response.status == 400
    assert (await response.json())["error"] == "Please type a message with some words in it."
    history = await (await gateway_on.get(f"{url}?after=0")).json()
    assert [m for m in history["messages"] if m["from"] == "family"] == []
    assert len(fake_rasa.received) == 1  # only the greeting


def test_rasa_never_reads_a_slash_behind_invisible_characters_as_an_intent() -> None:
    assert clean_text("\u200b\ufeff /request_human") == "request_human"
    assert clean_text("  //greet ") == "greet"
