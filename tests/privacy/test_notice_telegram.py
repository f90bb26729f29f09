"""The privacy notice on Telegram: after the greeting of a new chat, and on /privacy."""

from __future__ import annotations

from tests.channels.conftest import NOTICE, Gateway, fakes, gateway  # noqa: F401  (fixtures)
from tests.channels.fakes import text_update

CHAT = 31337


async def _say(gateway: Gateway, update: dict[str, object]) -> None:  # noqa: F811
    response = await gateway.post_update(update)
    assert response.status == 200
    await gateway.settle()


async def test_a_new_chat_gets_the_notice_once_and_slash_privacy_brings_it_back(
    gateway: Gateway,  # noqa: F811
) -> None:
    await _say(gateway, text_update(1, CHAT, "/start"))
    await _say(gateway, text_update(2, CHAT, "hello"))
    assert gateway.telegram.texts_to(CHAT).count(NOTICE) == 1
    assert "send /privacy" in NOTICE
    assert "https://baton.example.org/static/privacy.html" in NOTICE

    await _say(gateway, text_update(3, CHAT, "/privacy"))
    assert gateway.telegram.texts_to(CHAT)[-1] == NOTICE
    assert gateway.rasa.messages() == ["/greet", "hello"]
