"""Privacy through the real running stack: Rasa, the action server and the gateway.

- canary values (a name, a phone number, an email, a phrase) sent through a whole
  conversation (question, handoff, practitioner reply, safeguarding message, bad
  requests) appear in no process's log and in no error response, although they are
  stored (the export finds them, so the test would see them if they leaked);
- subject access and erasure reach the tracker database the real Rasa wrote;
- Rasa runs with telemetry off.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text

from bot.config import ROOT
from bot.db import make_engine
from bot.privacy.tracker import TrackerStore
from bot.stack import Stack
from tests.integration.stack import add_practitioner, running_stack

pytestmark = pytest.mark.stack

NAME = "Wrenna Canarybrook"
PHONE = "07700 900461"
EMAIL = "wren.canary.4471@example.org"
PHRASE = "zebracanary"
CANARIES = (NAME, PHONE, EMAIL, PHRASE, "Canarybrook", "900461", "wren.canary")
PASSWORD = "correct horse battery staple"


@dataclass
class Running:
    stack: Stack
    database_url: str
    tracker_db: Path
    tmp: Path
    cli_output: list[str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.stack.config.gateway_port}"

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "privacy", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={
                "DATABASE_URL": self.database_url,
                "RASA_TRACKER_URL": f"sqlite:///{self.tracker_db}",
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            },
            check=False,
        )
        self.cli_output.append(result.stdout + result.stderr)
        return result

    def tracker_senders(self) -> set[str]:
        with sqlite3.connect(self.tracker_db) as connection:
            return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}

    def tracker_text(self, sender_id: str) -> str:
        with sqlite3.connect(self.tracker_db) as connection:
            rows = connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender_id,))
            return "\n".join(row[0] for row in rows)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    from bot.migrate import upgrade

    tmp = tmp_path_factory.mktemp("privacy-stack")
    url = f"sqlite:///{tmp / 'baton.db'}"
    upgrade(url)
    # Telemetry is forced off by bot.stack whatever the environment says.
    with running_stack(tmp, url, {"RASA_TELEMETRY_ENABLED": "true"}) as stack:
        yield Running(stack, url, tmp / "tracker.db", tmp, [])


async def _say(family: aiohttp.ClientSession, cid: str, text: str) -> list[dict[str, Any]]:
    async with family.post(f"/api/conversations/{cid}/messages", json={"text": text}) as response:
        assert response.status == 200
        return list((await response.json())["messages"])


async def _open(family: aiohttp.ClientSession) -> tuple[str, list[dict[str, Any]]]:
    async with family.post("/api/conversations") as response:
        assert response.status == 201
        body = await response.json()
    return str(body["conversation_id"]), list(body["messages"])


async def _bad_requests(family: aiohttp.ClientSession, cid: str) -> list[tuple[int, str]]:
    """Requests the gateway must refuse; returns (status, body) of each."""
    attempts: list[tuple[str, str, Any]] = [
        ("POST", f"/api/conversations/{cid}/messages", {"text": f"{PHRASE} " * 400}),
        ("POST", f"/api/conversations/{cid}/messages", {"payload": f"/inform{{'{NAME}'}}"}),
        ("POST", f"/api/conversations/{cid}/messages", {"text": PHONE, "payload": EMAIL}),
        ("POST", f"/api/conversations/{cid}/messages", {"text": [NAME]}),
        ("POST", f"/api/conversations/{cid}/messages", f'{{"text": "{EMAIL}"'),
        ("POST", f"/api/conversations/{PHRASE}-no-such-conversation/messages", {"text": NAME}),
        ("GET", f"/api/conversations/{cid}/messages?after={PHRASE}", None),
        ("GET", f"/api/conversations/{PHRASE}{PHRASE}{PHRASE}/messages", None),
    ]
    results = []
    for method, path, body in attempts:
        kwargs: dict[str, Any] = {}
        if isinstance(body, str):
            kwargs["data"] = body.encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        elif body is not None:
            kwargs["json"] = body
        async with family.request(method, path, **kwargs) as response:
            results.append((response.status, await response.text()))
    return results


async def test_canary_values_reach_no_log_and_no_error_response(running: Running) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with (
        aiohttp.ClientSession(running.base) as family,
        aiohttp.ClientSession(running.base, cookie_jar=jar) as console,
    ):
        cid, opening = await _open(family)
        assert opening[-1]["text"].startswith("Privacy:")

        await _say(
            family,
            cid,
            f"hi my name is {NAME}, {PHRASE}, can i keep my personal advisor until im 25",
        )
        replies = await _say(family, cid, "can I talk to someone please")
        assert "In your own words" in replies[-1]["text"], replies
        await _say(family, cid, f"my son {NAME} will not go to school ({PHRASE})")
        await _say(family, cid, "14")
        await _say(family, cid, f"you can call me on {PHONE} or email {EMAIL}")
        replies = await _say(family, cid, "yes")
        assert any("I've passed this to the team" in m["text"] for m in replies), replies

        add_practitioner(running.database_url, "kit", "Kit Morgan", "early-help", PASSWORD)
        async with console.post(
            "/console/api/login", json={"username": "kit", "password": PASSWORD}
        ) as response:
            assert response.status == 200
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        async with console.get("/console/api/cases") as response:
            [case] = (await response.json())["cases"]
        async with console.post(f"/console/api/cases/{case['id']}/claim", headers=csrf) as r:
            assert r.status == 200
        async with console.post(
            f"/console/api/cases/{case['id']}/reply",
            json={"text": f"Hello {NAME}, I will ring {PHONE} today ({PHRASE})"},
            headers=csrf,
        ) as response:
            assert response.status == 201
        async with console.post(
            "/console/api/cases/999999/reply", json={"text": f"{NAME} {PHONE}"}, headers=csrf
        ) as response:
            console_error = (response.status, await response.text())

        replies = await _say(family, cid, f"{NAME} here. he hit me again, {PHRASE}")
        assert any("999" in m["text"] for m in replies), replies

        refusals = await _bad_requests(family, cid)

    # Every bad request was refused, kindly, without echoing what was sent.
    for status, body in [*refusals, console_error]:
        assert status >= 400, body
        for canary in CANARIES:
            assert canary not in body, (status, body)

    # The values were stored (so a leak would have been visible): the export has them.
    exported = running.cli("export", f"--conversation={cid}")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    stored = json.dumps(document["case_queue"]["messages"])
    assert NAME in stored and PHONE in stored and EMAIL in stored
    assert NAME in json.dumps(document["rasa_tracker_events"])  # written by the real Rasa

    # The safeguarding message put the conversation under a hold: erasure is refused.
    refused = running.cli("erase", f"--conversation={cid}")
    assert refused.returncode == 3
    assert "safeguarding hold" in refused.stderr
    running.cli_output.pop(0)  # the export printed the data on purpose, to stdout

    logs = sorted((running.tmp / "log").glob("*.log"))
    assert {log.name for log in logs} == {"rasa.log", "actions.log", "gateway.log"}
    # The logs were written (the scan below is not vacuous): the events are there.
    gateway_log = (running.tmp / "log" / "gateway.log").read_text(errors="replace")
    assert "conversation opened" in gateway_log
    assert "safety check fired" in gateway_log
    for log in logs:
        text = log.read_text(errors="replace")
        for canary in CANARIES:
            assert canary not in text, f"{canary!r} found in {log.name}"
    for output in running.cli_output:
        for canary in CANARIES:
            assert canary not in output


async def test_erasure_reaches_the_tracker_the_real_rasa_wrote(running: Running) -> None:
    async with aiohttp.ClientSession(running.base) as family:
        cid, _ = await _open(family)
        await _say(family, cid, f"what support is there for care leavers, {PHRASE}")
        keep, _ = await _open(family)
    assert {cid, keep} <= running.tracker_senders()
    assert PHRASE in running.tracker_text(cid)

    erased = running.cli("erase", f"--conversation={cid}")
    assert erased.returncode == 0, erased.stderr
    assert cid not in running.tracker_senders()
    assert keep in running.tracker_senders()
    async with aiohttp.ClientSession(running.base) as family:
        async with family.get(f"/api/conversations/{cid}/messages") as response:
            assert response.status == 404


@pytest.mark.postgres
async def test_erasure_reaches_a_postgresql_tracker_the_real_rasa_wrote(
    tmp_path: Path, postgres_url: str
) -> None:
    """The production profile: case queue and Rasa's tracker store in PostgreSQL."""
    tracker_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    env = {"RASA_TRACKER_DIALECT": "postgresql", "RASA_TRACKER_URL": tracker_url}
    try:
        with running_stack(tmp_path, postgres_url, env) as stack:
            base = f"http://127.0.0.1:{stack.config.gateway_port}"
            async with aiohttp.ClientSession(base) as family:
                cid, _ = await _open(family)
                await _say(family, cid, f"what is early help, {PHRASE}")
                keep, _ = await _open(family)
            store = TrackerStore(tracker_url)
            try:
                assert PHRASE in json.dumps(store.events(cid))
                erased = subprocess.run(
                    [sys.executable, "-m", "bot", "privacy", "erase", f"--conversation={cid}"],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                    env={
                        "DATABASE_URL": postgres_url,
                        "RASA_TRACKER_URL": tracker_url,
                        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    },
                    check=False,
                )
                assert erased.returncode == 0, erased.stderr
                assert store.events(cid) == []
                assert store.events(keep) != []
            finally:
                store.close()
    finally:
        # Rasa's table is not ours: leave the shared test database as the migrations made it.
        engine = make_engine(postgres_url)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS events"))
        engine.dispose()


def test_rasa_runs_with_telemetry_off(running: Running) -> None:
    pid = running.stack.processes["rasa"].pid
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    assert b"RASA_TELEMETRY_ENABLED=false" in environ
    assert b"RASA_TELEMETRY_ENABLED=true" not in environ
