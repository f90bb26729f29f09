"""A thin client for the Rasa server's REST channel and status endpoint."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp

from bot.casequeue.conversations import Button

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa could not be reached or answered with an error; the cause is logged, not shown."""


class BotReply:
    __slots__ = ("buttons", "text")

    def __init__(self, text: str, buttons: list[Button]) -> None:
        self.text = text
        self.buttons = buttons


def rasa_instance_for(conversation_id: str, base_urls: Sequence[str]) -> str:
    """The Rasa instance that serves this conversation: the same one every time.

    A stable hash (not Python's salted ``hash``), so every gateway process routes a
    conversation to the same instance and its tracker stays warm in that instance.
    """
    digest = hashlib.sha256(conversation_id.encode()).digest()
    return base_urls[int.from_bytes(digest[:8], "big") % len(base_urls)]


def split_rasa_urls(base_url: str) -> list[str]:
    """``BATON_RASA_URL`` may list several instances, separated by commas."""
    urls = [url.strip().rstrip("/") for url in base_url.split(",") if url.strip()]
    if not urls:
        raise ValueError("no Rasa URL configured")
    return urls


class RasaClient:
    def __init__(
        self, base_url: str, session: aiohttp.ClientSession, timeout: float, token: str = ""
    ) -> None:
        self._base_urls = split_rasa_urls(base_url)
        self._base_url = self._base_urls[0]
        self._token = token
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(self, conversation_id: str, message: str) -> list[BotReply]:
        """Send one user message; return the bot's replies, merged where Rasa splits them."""
        url = f"{rasa_instance_for(conversation_id, self._base_urls)}/webhooks/rest/webhook"
        try:
            async with self._session.post(
                url, json={"sender": conversation_id, "message": message}, timeout=self._timeout
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"rasa answered HTTP {response.status}")
                body = await response.json()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(type(error).__name__) from error
        if not isinstance(body, list):
            raise RasaUnavailable("unexpected rasa response")
        return [_to_reply(item) for item in body if isinstance(item, dict)]

    async def ready(self) -> bool:
        """True when every Rasa instance is up with a model loaded."""
        return all([await self._instance_ready(base_url) for base_url in self._base_urls])

    async def _instance_ready(self, base_url: str) -> bool:
        try:
            async with self._session.get(
                f"{base_url}/status",
                params={"token": self._token} if self._token else None,
                timeout=aiohttp.ClientTimeout(total=3),
            ) as response:
                if response.status != 200:
                    return False
                status = await response.json()
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return False
        return bool(status.get("model_id") or status.get("model_file"))


def _to_reply(item: dict[str, Any]) -> BotReply:
    buttons: list[Button] = []
    for button in item.get("buttons") or []:
        if isinstance(button, dict) and button.get("title") and button.get("payload"):
            buttons.append({"title": str(button["title"]), "payload": str(button["payload"])})
    return BotReply(text=str(item.get("text") or ""), buttons=buttons)
