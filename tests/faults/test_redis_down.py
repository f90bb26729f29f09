"""Rasa's Redis lock store dies: the family hears back, keeps their message, /healthz 503."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.gateway.routing import TALK_TO_PERSON
from tests.faults.helpers import (
    FAMILY_MESSAGE,
    RISK_MESSAGE,
    family_texts,
    healthz,
    history,
    open_conversation,
    redis_server,
    say,
)
from tests.integration.stack import running_stack

pytestmark = [pytest.mark.stack, pytest.mark.redis]


async def test_redis_lock_store_killed(tmp_path: Path, sqlite_url: str) -> None:
    with redis_server(tmp_path) as (redis_process, port):
        env = {
            "RASA_LOCK_STORE": "redis",
            "RASA_LOCK_STORE_HOST": "127.0.0.1",
            "RASA_LOCK_STORE_PORT": str(port),
        }
        with running_stack(tmp_path, sqlite_url, env) as stack:
            base = f"http://127.0.0.1:{stack.config.gateway_port}"
            async with aiohttp.ClientSession(base) as family:
                status, checks = await healthz(stack)
                assert status == 200 and checks["lock_store"] is True
                cid = await open_conversation(family)
                status, body = await say(family, cid, text=FAMILY_MESSAGE)
                assert status == 200 and "Source:" in body["messages"][0]["text"]

                redis_process.kill()
                redis_process.wait(timeout=10)
                status, checks = await healthz(stack)
                assert status == 503
                assert checks["lock_store"] is False and checks["database"] is True

                status, body = await say(family, cid, text="what about my housing")
                assert status == 200
                [reply] = body["messages"]
                assert "saved" in reply["text"] and "999" in reply["text"]
                assert reply["buttons"] == [TALK_TO_PERSON] and reply["seq"] > 0

                status, body = await say(family, cid, text=RISK_MESSAGE)
                assert status == 200 and "999" in body["messages"][0]["text"]
                assert family_texts(await history(family, cid)) == [
                    FAMILY_MESSAGE,
                    "what about my housing",
                    RISK_MESSAGE,
                ]
