"""Loopback stand-ins for Rasa and the action server, for fast gateway tests.

They are real HTTP servers; the real Rasa is exercised in tests/integration.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeRasa:
    received: list[dict[str, Any]] = field(default_factory=list)
    healthy: bool = True
    # Rasa answers [] when a custom action fails; set to imitate that.
    silent: bool = False
    # The form Rasa's tracker reports as active, and events appended through the API.
    active_loop: str | None = None
    appended_events: list[dict[str, Any]] = field(default_factory=list)
    # Seconds to wait before answering a message (a slow custom action), by message text.
    delays: dict[str, float] = field(default_factory=dict)
    # What /model/parse says a text is (otherwise nlu_fallback), and the texts parsed.
    intents: dict[str, str] = field(default_factory=dict)
    parsed: list[str] = field(default_factory=list)
    # Replies to a message, by message text (otherwise an echo).
    replies: dict[str, list[str]] = field(default_factory=dict)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/status", self.status)
        app.router.add_get("/health", self.status)  # doubles as the action server
        app.router.add_get("/conversations/{sender}/tracker", self.tracker)
        app.router.add_post("/conversations/{sender}/tracker/events", self.append_events)
        app.router.add_post("/model/parse", self.parse)
        return app

    async def webhook(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.Response(status=500, text="boom: secret internals")
        body = await request.json()
        self.received.append(body)
        await asyncio.sleep(self.delays.get(body["message"], 0))
        if self.silent:
            return web.json_response([])
        message = body["message"]
        if message == "/greet":
            return web.json_response(
                [
                    {
                        "recipient_id": body["sender"],
                        "text": "Hello, I'm an automated assistant.",
                        "buttons": [{"title": "Talk to a person", "payload": "/request_human"}],
                    }
                ]
            )
        if message in self.replies:
            return web.json_response(
                [{"recipient_id": body["sender"], "text": text} for text in self.replies[message]]
            )
        return web.json_response([{"recipient_id": body["sender"], "text": f"echo: {message}"}])

    async def parse(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.Response(status=500)
        text = (await request.json())["text"]
        self.parsed.append(text)
        intent = self.intents.get(text, "nlu_fallback")
        return web.json_response({"text": text, "intent": {"name": intent, "confidence": 0.9}})

    async def status(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.Response(status=503)
        return web.json_response({"model_id": "fake", "status": "ok"})

    async def tracker(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.Response(status=500)
        loop = {"name": self.active_loop} if self.active_loop else {}
        return web.json_response(
            {"sender_id": request.match_info["sender"], "active_loop": loop, "events": None}
        )

    async def append_events(self, request: web.Request) -> web.Response:
        events = await request.json()
        self.appended_events.extend(events)
        if {"event": "active_loop", "name": None} in events:
            self.active_loop = None
        return web.json_response({"sender_id": request.match_info["sender"]})
