"""Loopback stand-ins for Rasa and the action server, for fast gateway tests.

They are real HTTP servers; the real Rasa is exercised in tests/integration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeRasa:
    received: list[dict[str, Any]] = field(default_factory=list)
    healthy: bool = True
    # Rasa answers [] when a custom action fails; set to imitate that.
    silent: bool = False

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/status", self.status)
        app.router.add_get("/health", self.status)  # doubles as the action server
        return app

    async def webhook(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.Response(status=500, text="boom: secret internals")
        body = await request.json()
        self.received.append(body)
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
        return web.json_response([{"recipient_id": body["sender"], "text": f"echo: {message}"}])

    async def status(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.Response(status=503)
        return web.json_response({"model_id": "fake", "status": "ok"})
