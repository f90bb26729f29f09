"""A fake Rasa for browser tests: the gateway tests' fake, plus replies a test scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.gateway.fakes import FakeRasa

Reply = dict[str, Any]  # {"text": str, "buttons": [{"title": str, "payload": str}]}

BOOKING_QUESTION = "Which Stay and Play session would you like?"
BOOKING_OPTIONS = [
    {"title": "Tuesday 10am, Central Library", "payload": '/choose_session{"session":"tue-10"}'},
    {"title": "Thursday 1pm, Firthmoor", "payload": '/choose_session{"session":"thu-13"}'},
]
BOOKED = "You're booked in for Tuesday at 10am. Details: https://example.org/sessions/tue-10."
HANDOFF = "I've passed this to a person in the Early Help team. They will reply here."


@dataclass
class ScriptedRasa(FakeRasa):
    """Answers scripted messages (after the gateway's cleaning) and echoes the rest."""

    script: dict[str, list[Reply]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.script.setdefault(
            "book a session", [{"text": BOOKING_QUESTION, "buttons": BOOKING_OPTIONS}]
        )
        self.script.setdefault(BOOKING_OPTIONS[0]["payload"], [{"text": BOOKED}])
        self.script.setdefault(BOOKING_OPTIONS[1]["payload"], [{"text": BOOKED}])
        self.script.setdefault("/request_human", [{"text": HANDOFF}])

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        replies = self.script.get(str(body.get("message", "")))
        if replies is None or not self.healthy or self.silent:
            return await super().webhook(request)
        self.received.append(body)
        return web.json_response(
            [{"recipient_id": body["sender"], **({"buttons": []} | reply)} for reply in replies]
        )
