"""A thin client for the Rasa server's REST channel and HTTP API.

The HTTP API (``--enable-api``, token-protected, loopback only) is used for health
(status, a probe of the tracker store) and for recovery after a failed action
(ending a form that would otherwise keep swallowing the family's messages).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp

from bot.casequeue.conversations import Button

log = logging.getLogger(__name__)

# A conversation id no family can hold (ids are random URL-safe tokens of 43 characters).
HEALTH_PROBE_ID = "baton-health-probe"
RECOVERY_TIMEOUT = 5.0


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
    """Talks to one or more Rasa instances; with ``concurrency``, admits a few at a time.

    Admission control: at most ``concurrency`` messages are in each Rasa instance at once
    from this process; the others wait here, first come first served, for at most
    ``queue_timeout`` seconds. A burst (100 families at once) then queues in the gateway
    instead of inside Rasa, where every waiting message would count against ``timeout``
    and time out together.
    """

    def __init__(
        self,
        base_url: str,
        session: aiohttp.ClientSession,
        timeout: float,
        token: str = "",
        *,
        concurrency: int = 0,
        queue_timeout: float = 60.0,
    ) -> None:
        self._base_urls = split_rasa_urls(base_url)
        self._base_url = self._base_urls[0]
        self._token = token
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        # Recovery calls come after a failure: do not keep the family waiting long.
        self._recovery_timeout = aiohttp.ClientTimeout(total=min(timeout, RECOVERY_TIMEOUT))
        self._gates = (
            {url: asyncio.Semaphore(concurrency) for url in self._base_urls} if concurrency else {}
        )
        self._queue_timeout = queue_timeout

    async def send(self, conversation_id: str, message: str) -> list[BotReply]:
        """Send one user message; return the bot's replies, merged where Rasa splits them."""
        instance = rasa_instance_for(conversation_id, self._base_urls)
        gate = self._gates.get(instance)
        if gate is None:
            return await self._post(instance, conversation_id, message)
        try:
            await asyncio.wait_for(gate.acquire(), self._queue_timeout)
        except TimeoutError as error:
            raise RasaUnavailable("no turn within the queue timeout") from error
        try:
            return await self._post(instance, conversation_id, message)
        finally:
            gate.release()

    async def _post(self, instance: str, conversation_id: str, message: str) -> list[BotReply]:
        url = f"{instance}/webhooks/rest/webhook"
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

    async def tracker_store_ready(self) -> bool:
        """True when Rasa can read its tracker store (a fixed probe conversation).

        The strict tracker store (bot/rasa_ext) makes a database failure an HTTP error
        here instead of a silent switch to memory.
        """
        try:
            async with self._session.get(
                f"{self._base_url}/conversations/{HEALTH_PROBE_ID}/tracker",
                params=self._params(include_events="NONE"),
                timeout=aiohttp.ClientTimeout(total=3),
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def active_loop(self, conversation_id: str) -> str | None:
        """The form Rasa is running for this conversation, if any."""
        tracker = await self._api(
            "GET", f"/conversations/{conversation_id}/tracker", "tracker", include_events="NONE"
        )
        return _name_under(tracker, "active_loop")

    async def intent_of(self, text: str) -> str | None:
        """What Rasa's classifier makes of ``text`` (``/model/parse``: no tracker touched)."""
        return _name_under(
            await self._api("POST", "/model/parse", "parse", body={"text": text}), "intent"
        )

    async def end_active_loop(self, conversation_id: str) -> None:
        """End the active form (and its requested slot), as a form's own exit would."""
        events = [
            {"event": "active_loop", "name": None},
            {"event": "slot", "name": "requested_slot", "value": None},
        ]
        await self._api(
            "POST",
            f"/conversations/{conversation_id}/tracker/events",
            "events",
            body=events,
            read=False,
            include_events="NONE",
        )

    async def _api(
        self,
        method: str,
        path: str,
        what: str,
        *,
        body: Any = None,
        read: bool = True,
        **params: str,
    ) -> Any:
        """One call to Rasa's HTTP API (first instance, recovery timeout); its JSON if ``read``.

        Any failure (refused, timed out, not 200, not JSON) is :class:`RasaUnavailable`.
        """
        try:
            async with self._session.request(
                method,
                f"{self._base_url}{path}",
                json=body,
                params=self._params(**params),
                timeout=self._recovery_timeout,
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"rasa {what} answered HTTP {response.status}")
                return await response.json() if read else None
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from error

    def _params(self, **params: str) -> dict[str, str]:
        if self._token:
            params["token"] = self._token
        return params


def _name_under(found: Any, key: str) -> str | None:
    """``found[key]["name"]`` from Rasa's JSON, or None if any part is missing."""
    part = found.get(key) if isinstance(found, dict) else None
    name = part.get("name") if isinstance(part, dict) else None
    return str(name) if name else None


def _to_reply(item: dict[str, Any]) -> BotReply:
    buttons: list[Button] = []
    for button in item.get("buttons") or []:
        if isinstance(button, dict) and button.get("title") and button.get("payload"):
            buttons.append({"title": str(button["title"]), "payload": str(button["payload"])})
    return BotReply(text=str(item.get("text") or ""), buttons=buttons)
