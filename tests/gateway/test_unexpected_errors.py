"""A bug in the gateway: the family gets a plain answer and the log gets no family's words."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.gateway.app import UNEXPECTED
from bot.gateway.keys import ROUTER

CANARY = "Jo Canary 07700 900999"


async def test_an_unexpected_error_is_answered_plainly_and_logged_without_the_message(
    gateway: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cid = str((await (await gateway.post("/api/conversations")).json())["conversation_id"])

    async def broken(conversation_id: str, **message: Any) -> list[dict[str, Any]]:
        raise ValueError(f"cannot handle {message['text']!r}")

    monkeypatch.setattr(gateway.app[ROUTER], "handle_family_message", broken)
    with caplog.at_level(logging.DEBUG):
        response = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": CANARY})

    assert response.status == 500
    assert await response.json() == {"error": UNEXPECTED}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += "\n".join(str(record.exc_info) for record in caplog.records if record.exc_info)
    assert "unexpected ValueError on POST /api/conversations/{conversation_id}/messages" in logged
    assert "broken" in logged  # the code frames are kept for whoever mends it
    assert "Canary" not in logged and "07700" not in logged
    assert cid not in logged
