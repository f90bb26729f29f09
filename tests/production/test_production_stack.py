"""The production profile on real servers: 2 Rasa instances and 2 gateways, PostgreSQL
for the case queue and the Rasa tracker store, Redis for locks and live push.

A family's conversation continues through either gateway; a practitioner's reply given
on one gateway reaches the family's live stream on the other; and both gateways send a
conversation to the same Rasa instance (stopping one instance affects exactly the
conversations the hash gives it, whichever gateway they come through).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.gateway.rasa_client import rasa_instance_for
from bot.stack import Stack, StackConfig
from tests.conftest import require_server
from tests.integration.stack import MODEL, add_practitioner, free_port

pytestmark = [pytest.mark.stack, pytest.mark.postgres, pytest.mark.redis]
PASSWORD = "correct horse battery staple"
HANDOFF_CONFIRMED = "I've passed this to the team"
RASA_DOWN = "problem on our side"


@contextmanager
def production_stack(tmp: Path, database_url: str, redis: tuple[str, int]) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it first)")
    stack = Stack(
        StackConfig(
            rasa_ports=[free_port(), free_port()],
            gateway_ports=[free_port(), free_port()],
            action_port=free_port(),
            database_url=database_url,
            model_path=MODEL,
            log_dir=tmp / "log",
            extra_env={
                "RASA_TRACKER_DIALECT": "postgresql",
                "RASA_TRACKER_URL": database_url.replace("postgresql+psycopg://", "postgresql://"),
                "RASA_LOCK_STORE": "redis",
                "RASA_LOCK_STORE_HOST": redis[0],
                "RASA_LOCK_STORE_PORT": str(redis[1]),
                "BATON_REDIS_URL": f"redis://{redis[0]}:{redis[1]}/0",
                "BATON_REDIS_PREFIX": f"baton-test-{tmp.name}",
            },
        )
    )
    stack.start()
    try:
        stack.wait_ready(timeout=300)
        yield stack
    except BaseException:
        for log in sorted((tmp / "log").glob("*.log")):
            sys.stderr.write(f"--- {log.name} (last lines) ---\n")
            sys.stderr.write("\n".join(log.read_text(errors="replace").splitlines()[-30:]) + "\n")
        raise
    finally:
        stack.stop()


async def _say(http: aiohttp.ClientSession, base: str, cid: str, text: str) -> list[dict[str, Any]]:
    url = f"{base}/api/conversations/{cid}/messages"
    async with http.post(url, json={"text": text}) as response:
        assert response.status == 200
        return list((await response.json())["messages"])


async def _open(http: aiohttp.ClientSession, base: str) -> str:
    async with http.post(f"{base}/api/conversations") as response:
        assert response.status == 201
        return str((await response.json())["conversation_id"])


async def _next_event(stream: aiohttp.ClientResponse) -> dict[str, Any]:
    while True:
        line = (await stream.content.readline()).decode().strip()
        if line.startswith("data: "):
            return dict(json.loads(line.removeprefix("data: ")))


async def test_two_gateways_two_rasa_instances_on_postgresql_and_redis(
    tmp_path: Path, postgres_url: str, redis_server: tuple[str, int]
) -> None:
    require_server("PostgreSQL", "127.0.0.1", 5432)
    with production_stack(tmp_path, postgres_url, redis_server) as stack:
        a, b = (f"http://127.0.0.1:{port}" for port in stack.config.all_gateway_ports())
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession() as family, aiohttp.ClientSession(cookie_jar=jar) as desk:
            # A conversation opened on gateway A carries on through B, then A again.
            cid = await _open(family, a)
            answer = await _say(family, b, cid, "can i keep my personal advisor until im 25")
            assert "Source:" in " ".join(m["text"] for m in answer)
            # The handoff form, its turns spread over both gateways.
            asked = await _say(family, a, cid, "can I talk to someone please")
            assert "In your own words" in asked[-1]["text"], asked
            await _say(family, b, cid, "my son is 14 and will not go to school")
            await _say(family, a, cid, "14")
            await _say(family, b, cid, "reply here please")
            handoff = await _say(family, a, cid, "yes")
            assert any(HANDOFF_CONFIRMED in m["text"] for m in handoff), handoff
            async with family.get(f"{b}/api/conversations/{cid}/messages?after=0") as response:
                history = (await response.json())["messages"]
            assert [m["seq"] for m in history] == list(range(1, len(history) + 1))
            assert [m["text"] for m in history if m["from"] == "family"] == [
                "can i keep my personal advisor until im 25",
                "can I talk to someone please",
                "my son is 14 and will not go to school",
                "14",
                "reply here please",
                "yes",
            ]

            # The family's page listens on gateway B; the practitioner works on gateway A.
            async with family.get(f"{b}/api/conversations/{cid}/live") as stream:
                assert stream.status == 200
                assert (await stream.content.readline()).startswith(b": open")
                add_practitioner(postgres_url, "sam_prod", "Sam Taylor", "early-help", PASSWORD)
                login = {"username": "sam_prod", "password": PASSWORD}
                async with desk.post(f"{a}/console/api/login", json=login) as response:
                    assert response.status == 200
                    csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
                async with desk.get(f"{a}/console/api/cases") as response:
                    [case] = (await response.json())["cases"]
                async with desk.post(
                    f"{a}/console/api/cases/{case['id']}/claim", headers=csrf
                ) as response:
                    assert response.status == 200
                # Claiming tells the family who now holds the baton: B hears it first.
                claimed = await asyncio.wait_for(_next_event(stream), timeout=10)
                assert claimed["from"] == "bot" and "Sam Taylor" in claimed["text"]
                async with desk.post(
                    f"{a}/console/api/cases/{case['id']}/reply",
                    json={"text": "Hello, I'm Sam from early help."},
                    headers=csrf,
                ) as response:
                    assert response.status == 201
                    sent = (await response.json())["message"]
                heard = await asyncio.wait_for(_next_event(stream), timeout=10)
            assert heard == sent
            assert heard["practitioner"] == {"name": "Sam Taylor", "team": "early-help"}

            # Consistent routing: stop the second Rasa instance. Conversations the hash
            # gives to it fail through both gateways; the others are answered by both.
            rasa_urls = [f"http://127.0.0.1:{port}" for port in stack.config.all_rasa_ports()]
            conversations = [await _open(family, a) for _ in range(12)]
            stack.processes["rasa-2"].terminate()
            stack.processes["rasa-2"].wait(timeout=30)
            routed_to_second = {
                c for c in conversations if rasa_instance_for(c, rasa_urls) == rasa_urls[1]
            }
            assert routed_to_second and routed_to_second != set(conversations)
            for conversation in conversations:
                for gateway in (a, b):
                    replies = await _say(family, gateway, conversation, "hello")
                    down = any(RASA_DOWN in m["text"] for m in replies)
                    assert down == (conversation in routed_to_second), (gateway, replies)
