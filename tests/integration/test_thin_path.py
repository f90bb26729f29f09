"""The walking skeleton's thin path through the real processes, over HTTP.

A parent opens a conversation, asks a question answered from data/content with its
source, asks for a person; a practitioner logs in, claims and replies; the parent
sees the reply, with the practitioner's name, in the same conversation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.stack import Stack
from tests.conftest import require_server
from tests.integration.stack import add_practitioner, running_stack

pytestmark = pytest.mark.stack
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def sqlite_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    from bot.migrate import upgrade

    tmp = tmp_path_factory.mktemp("stack")
    url = f"sqlite:///{tmp / 'baton.db'}"
    upgrade(url)
    with running_stack(tmp, url) as stack:
        yield stack, url


async def _thin_path(stack: Stack, database_url: str, username: str) -> None:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    # The console's cookie is for 127.0.0.1: the client's jar must accept an IP host.
    jar = aiohttp.CookieJar(unsafe=True)
    async with (
        aiohttp.ClientSession(base) as family,
        aiohttp.ClientSession(base, cookie_jar=jar) as console,
    ):
        # 1. The parent opens a conversation and is told it is an automated assistant.
        async with family.post("/api/conversations") as response:
            assert response.status == 201
            opened = await response.json()
        cid = opened["conversation_id"]
        assert "automated assistant" in opened["messages"][0]["text"]

        # ... and asks a question; the answer comes from data/content, with its source.
        replies = await _say(family, cid, "can i keep my personal advisor until im 25")
        answer = " ".join(m["text"] for m in replies)
        assert "Source:" in answer, answer
        assert "25" in answer, answer

        # 2. The parent asks for a person; a request lands in the case queue.
        # The assistant asks for a short summary, the children's ages and how to
        # contact them, then for consent; only then is the request created.
        replies = await _say(family, cid, "can I talk to someone please")
        assert "In your own words" in replies[-1]["text"], replies
        await _say(family, cid, "my son is 14 and will not go to school")
        await _say(family, cid, "14")
        replies = await _say(family, cid, "reply here please")
        assert "Nothing is shared unless you say yes" in replies[-1]["text"], replies
        replies = await _say(family, cid, "yes")
        assert any("I've passed this to the team" in m["text"] for m in replies), replies

        # 3. A practitioner logs in, claims the request and replies.
        add_practitioner(database_url, username, "Sam Taylor", "early-help", PASSWORD)
        async with console.post(
            "/console/api/login", json={"username": username, "password": PASSWORD}
        ) as response:
            assert response.status == 200
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        async with console.get("/console/api/cases") as response:
            cases = (await response.json())["cases"]
        # The console never sees the conversation id (the family's credential): this
        # database holds only this family's request.
        assert [(c["kind"], c["status"]) for c in cases] == [("handoff", "new")]
        case_id = cases[0]["id"]
        async with console.post(f"/console/api/cases/{case_id}/claim", headers=csrf) as response:
            assert response.status == 200
        async with console.post(
            f"/console/api/cases/{case_id}/reply",
            json={"text": "Hello, I'm Sam from early help. How can I help?"},
            headers=csrf,
        ) as response:
            assert response.status == 201

        # The parent receives it in the same conversation, with the practitioner's name.
        async with family.get(f"/api/conversations/{cid}/messages?after=0") as response:
            history = (await response.json())["messages"]
        [from_sam] = [m for m in history if m["from"] == "practitioner"]
        assert from_sam["practitioner"] == {"name": "Sam Taylor", "team": "early-help"}
        assert from_sam["text"].startswith("Hello, I'm Sam")

        # While Sam holds the baton, the family's next message is for Sam, not the bot.
        assert await _say(family, cid, "thanks Sam, it's about my son") == []


async def _say(session: aiohttp.ClientSession, cid: str, text: str) -> list[dict[str, Any]]:
    async with session.post(f"/api/conversations/{cid}/messages", json={"text": text}) as response:
        assert response.status == 200
        return list((await response.json())["messages"])


async def test_thin_path_on_the_embedded_default(sqlite_stack: tuple[Stack, str]) -> None:
    stack, url = sqlite_stack
    await _thin_path(stack, url, "sam")


async def test_health_and_loopback_only(sqlite_stack: tuple[Stack, str]) -> None:
    stack, _ = sqlite_stack
    async with aiohttp.ClientSession() as http:
        async with http.get(stack.healthz_url()) as response:
            assert response.status == 200
            assert (await response.json())["checks"] == {
                "database": True,
                "rasa": True,
                "tracker_store": True,
                "action_server": True,
            }
    # Rasa's API and the action server listen on loopback only.
    listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
    for port in (stack.config.rasa_port, stack.config.action_port):
        local = {line.split()[1] for line in listening if line.split()[3] == "0A"}
        assert f"0100007F:{port:04X}" in local
        assert f"00000000:{port:04X}" not in local


@pytest.mark.postgres
@pytest.mark.redis
async def test_thin_path_on_postgresql_and_redis(
    tmp_path: Path, postgres_url: str, redis_server: tuple[str, int]
) -> None:
    """The production profile: case queue and Rasa trackers in PostgreSQL, Redis locks."""
    require_server("PostgreSQL", "127.0.0.1", 5432)
    tracker_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    env = {
        "RASA_TRACKER_DIALECT": "postgresql",
        "RASA_TRACKER_URL": tracker_url,
        "RASA_LOCK_STORE": "redis",
        "RASA_LOCK_STORE_HOST": redis_server[0],
        "RASA_LOCK_STORE_PORT": str(redis_server[1]),
    }
    with running_stack(tmp_path, postgres_url, env) as stack:
        await _thin_path(stack, postgres_url, "sam_pg")
