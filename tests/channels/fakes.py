"""Loopback stand-ins for the Telegram Bot API and Rasa.

``FakeTelegram`` answers the Bot API methods the channel uses, the way PTB calls them
(``POST {base_url}{token}/{method}``, form-encoded, JSON inside form fields), and can
be told to answer with flood limits, a blocked user or network-level failures.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token-not-real"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Baton", "username": "baton_test_bot"}
_JSON_FIELDS = {"reply_markup", "allowed_updates"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class FakeTelegram:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    # getUpdates queue (long polling).
    updates: list[dict[str, Any]] = field(default_factory=list)
    # sendMessage: chat id -> how many 429s to answer first, and with what retry_after.
    flood: dict[int, int] = field(default_factory=dict)
    retry_after: int = 1
    # sendMessage to these chats: 403 "bot was blocked by the user".
    blocked: set[int] = field(default_factory=set)
    # method -> how many HTTP 502s to answer first.
    failures: dict[str, int] = field(default_factory=dict)
    _new_updates: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        return app

    # -- test helpers ----------------------------------------------------------------

    def called(self, method: str) -> list[dict[str, Any]]:
        return [call.params for call in self.calls if call.method == method]

    @property
    def sent(self) -> list[dict[str, Any]]:
        """sendMessage calls that succeeded."""
        return [call.params for call in self.calls if call.method == "sendMessage:ok"]

    def texts_to(self, chat_id: int) -> list[str]:
        return [str(params["text"]) for params in self.sent if params["chat_id"] == chat_id]

    def push_update(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        self._new_updates.set()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; Bot API calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.01)

    # -- the Bot API -------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append(Call(method, params, time.monotonic()))
        if self.failures.get(method, 0) > 0:
            self.failures[method] -= 1
            return web.Response(status=502, text="Bad Gateway")
        if method == "getMe":
            return _ok(BOT_USER)
        if method in {"setWebhook", "deleteWebhook", "answerCallbackQuery"}:
            return _ok(True)
        if method == "getUpdates":
            return await self._get_updates(params)
        if method == "sendMessage":
            return self._send_message(params)
        return _error(404, "Not Found: method not found")

    def _send_message(self, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        if self.flood.get(chat_id, 0) > 0:
            self.flood[chat_id] -= 1
            return _error(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                {"retry_after": self.retry_after},
            )
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        params["chat_id"] = chat_id
        self.calls.append(Call("sendMessage:ok", params, time.monotonic()))
        message = {
            "message_id": len(self.sent),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": params.get("text", ""),
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return _ok(message)

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset", 0))
        timeout = float(params.get("timeout", 0))
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout:
            self._new_updates.clear()
            try:
                await asyncio.wait_for(self._new_updates.wait(), timeout)
            except TimeoutError:
                pass
        return _ok([u for u in self.updates if u["update_id"] >= offset])


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        text = str(value)
        params[key] = json.loads(text) if key in _JSON_FIELDS else text
    return params


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


# -- Updates as Telegram sends them -----------------------------------------------------


def private_chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Jordan", "username": "jordan_cl"}


def sender(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Jordan", "username": "jordan_cl"}


def text_update(update_id: int, chat_id: int, text: str, **extra: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 1_700_000_000,
        "chat": private_chat(chat_id),
        "from": sender(chat_id),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    message.update(extra)
    return {"update_id": update_id, "message": message}


def group_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    update = text_update(update_id, chat_id, text)
    update["message"]["chat"] = {"id": chat_id, "type": "group", "title": "Friends"}
    return update


def photo_update(update_id: int, chat_id: int, caption: str = "") -> dict[str, Any]:
    update = text_update(update_id, chat_id, "")
    message = update["message"]
    del message["text"]
    message["photo"] = [
        {"file_id": "AgAD-photo", "file_unique_id": "u1", "width": 90, "height": 90}
    ]
    if caption:
        message["caption"] = caption
    return update


def callback_update(update_id: int, chat_id: int, data: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cq-{update_id}",
            "from": sender(chat_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": private_chat(chat_id),
                "from": BOT_USER,
                "text": "earlier bot message",
            },
        },
    }


# -- Rasa -------------------------------------------------------------------------------

LONG_PAYLOAD = '/choose_service{"service": "' + "family-group-conferencing-" * 4 + '"}'


@dataclass
class FakeRasa:
    """Greets with a button; "menu" offers a short and an over-64-byte payload; else echoes."""

    received: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/status", self.status)
        app.router.add_get("/health", self.status)
        return app

    def messages(self) -> list[str]:
        return [str(body["message"]) for body in self.received]

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        message, sender_id = body["message"], body["sender"]
        if message == "/greet":
            reply: dict[str, Any] = {
                "recipient_id": sender_id,
                "text": "Hello, I'm an automated assistant.",
                "buttons": [{"title": "Talk to a person", "payload": "/request_human"}],
            }
        elif message == "menu":
            reply = {
                "recipient_id": sender_id,
                "text": "What would you like to know about?",
                "buttons": [
                    {"title": "Money", "payload": "/ask_money"},
                    {"title": "Family group conferences", "payload": LONG_PAYLOAD},
                ],
            }
        else:
            reply = {"recipient_id": sender_id, "text": f"echo: {message}"}
        return web.json_response([reply])

    async def status(self, request: web.Request) -> web.Response:
        return web.json_response({"model_id": "fake", "status": "ok"})
