"""The case queue database goes down: nothing is silently lost, safety still answers.

The family's message cannot be kept, so they are told to send it again (503 with a
kind message); a risk message still gets the safety signposting at once; /healthz says
not ready; when the database is back the resent message is stored and answered.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.gateway.family_api import STORAGE_DOWN
from bot.gateway.routing import SAFETY_NOT_SAVED_TEXT
from bot.migrate import upgrade
from tests.conftest import require_server
from tests.faults.helpers import (
    FAMILY_MESSAGE,
    RISK_MESSAGE,
    family_texts,
    healthz,
    history,
    open_conversation,
    postgres_database,
    ready,
    say,
    set_connections_allowed,
    wait_for,
)
from tests.integration.stack import running_stack

pytestmark = [pytest.mark.stack, pytest.mark.postgres]


async def test_case_queue_database_down(tmp_path: Path) -> None:
    require_server("PostgreSQL", "127.0.0.1", 5432)
    with postgres_database() as (name, url):
        upgrade(url)
        with running_stack(tmp_path, url) as stack:
            base = f"http://127.0.0.1:{stack.config.gateway_port}"
            async with aiohttp.ClientSession(base) as family:
                cid = await open_conversation(family)
                status, body = await say(family, cid, text="hello")
                assert status == 200

                set_connections_allowed(name, allowed=False)
                status, checks = await healthz(stack)
                assert status == 503
                assert checks["database"] is False and checks["rasa"] is True

                status, body = await say(family, cid, text=FAMILY_MESSAGE)
                assert status == 503
                assert body == {"error": STORAGE_DOWN}
                assert "send it again" in STORAGE_DOWN and "999" in STORAGE_DOWN

                status, body = await say(family, cid, text=RISK_MESSAGE)
                assert status == 200
                [signposting, not_saved] = body["messages"]
                assert "999" in signposting["text"] and "Childline" in signposting["text"]
                # The human promise cannot be kept: the family is told not to rely on it.
                assert not_saved["text"] == SAFETY_NOT_SAVED_TEXT
                assert signposting["seq"] == not_saved["seq"] == 0  # shown, marked not kept

                async with family.post("/api/conversations") as response:
                    assert response.status == 503

                set_connections_allowed(name, allowed=True)
                wait_for(lambda: ready(stack), timeout=60, what="/healthz 200 again")
                status, body = await say(family, cid, text=FAMILY_MESSAGE)
                assert status == 200 and "Source:" in body["messages"][0]["text"]
                assert family_texts(await history(family, cid)) == ["hello", FAMILY_MESSAGE]
