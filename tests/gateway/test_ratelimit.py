"""Flood limits on the family API (bot/gateway/ratelimit.py), and safety first under them."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from bot.config import Settings
from bot.gateway.family_api import TOO_FAST, TOO_MANY_CONVERSATIONS
from bot.gateway.ratelimit import SlidingWindowLimiter
from tests.gateway.conftest import running_gateway
from tests.gateway.fakes import FakeRasa


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_limit_per_window_and_refusals_are_not_counted() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, 60, clock=clock)

    assert [limiter.retry_after("a") for _ in range(3)] == [None, None, None]
    assert limiter.retry_after("b") is None  # every key its own count
    clock.now += 10
    assert limiter.retry_after("a") == 50
    clock.now += 45
    assert limiter.retry_after("a") == 5  # still refused; the refusals were not counted
    clock.now += 5
    assert limiter.retry_after("a") is None  # the oldest left the window


def test_no_limit_and_a_bounded_memory() -> None:
    assert all(SlidingWindowLimiter(0).retry_after("a") is None for _ in range(1000))
    limiter = SlidingWindowLimiter(1, 60, max_keys=2)
    for key in ("a", "b", "c"):
        limiter.retry_after(key)
    assert limiter.retry_after("a") is None  # forgotten: the least recently seen went first
    assert limiter.retry_after("c") is not None


async def _open(gateway: TestClient, **headers: str) -> Any:
    return await gateway.post("/api/conversations", headers=headers)


async def test_too_many_new_conversations_from_one_address_is_a_kind_429(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with running_gateway(sqlite_url, fake_rasa, new_conversations_per_minute=3) as gateway:
        opened = [(await _open(gateway)).status for _ in range(3)]
        refused = await _open(gateway)

        assert opened == [201] * 3
        assert refused.status == 429
        assert await refused.json() == {"error": TOO_MANY_CONVERSATIONS}
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert len(fake_rasa.received) == 3  # no greeting asked of Rasa for the refused one


async def test_behind_a_trusted_proxy_each_family_has_its_own_limit(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with running_gateway(
        sqlite_url, fake_rasa, new_conversations_per_minute=1, trusted_proxies=("127.0.0.1",)
    ) as gateway:
        first = await _open(gateway, **{"X-Forwarded-For": "203.0.113.7"})
        again = await _open(gateway, **{"X-Forwarded-For": "203.0.113.7"})
        other = await _open(gateway, **{"X-Forwarded-For": "203.0.113.8"})

    assert (first.status, again.status, other.status) == (201, 429, 201)


async def test_too_many_messages_in_one_conversation_are_refused_but_a_disclosure_never_is(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with running_gateway(sqlite_url, fake_rasa, messages_per_minute=2) as gateway:
        cid = (await (await _open(gateway)).json())["conversation_id"]
        url = f"/api/conversations/{cid}/messages"
        answered = [(await gateway.post(url, json={"text": f"hello {n}"})).status for n in (1, 2)]
        refused = await gateway.post(url, json={"text": "hello 3"})
        disclosure = await gateway.post(url, json={"text": "my dad hits me and i'm scared"})

        assert answered == [200, 200]
        assert refused.status == 429
        assert await refused.json() == {"error": TOO_FAST}
        assert disclosure.status == 200
        reply = (await disclosure.json())["messages"][0]
        assert "999" in reply["text"] and "Childline" in reply["text"]
        history = await (await gateway.get(f"{url}?after=0")).json()
        family = [m["text"] for m in history["messages"] if m["from"] == "family"]
        assert family == ["hello 1", "hello 2", "my dad hits me and i'm scared"]


def test_the_limits_are_configuration(monkeypatch: Any) -> None:
    monkeypatch.setenv("BATON_NEW_CONVERSATIONS_PER_MINUTE", "0")
    monkeypatch.setenv("BATON_MESSAGES_PER_MINUTE", "120")
    settings = Settings.from_env()
    assert (settings.new_conversations_per_minute, settings.messages_per_minute) == (0, 120)
    assert (Settings().new_conversations_per_minute, Settings().messages_per_minute) == (20, 60)
