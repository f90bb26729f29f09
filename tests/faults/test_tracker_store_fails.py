"""Rasa's tracker store fails: never a silent switch to an empty in-memory store.

At start-up, Rasa with an unusable tracker database must stop with a clear error (and
/healthz must say not ready meanwhile). At run time, a tracker database that goes away
must make the family hear back, keep their message, and make /healthz report it; when
the database returns, the conversation carries on with its history intact.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from bot.gateway.routing import TALK_TO_PERSON
from bot.stack import Stack, StackConfig
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
from tests.integration.stack import MODEL, free_port, running_stack

pytestmark = pytest.mark.stack


async def test_rasa_refuses_to_start_on_an_unusable_tracker_database(
    tmp_path: Path, sqlite_url: str
) -> None:
    unusable = tmp_path / "no-such-directory" / "tracker.db"
    stack = Stack(
        StackConfig(
            gateway_port=free_port(),
            rasa_port=free_port(),
            action_port=free_port(),
            database_url=sqlite_url,
            model_path=MODEL,
            log_dir=tmp_path / "log",
            extra_env={
                "RASA_TRACKER_DIALECT": "sqlite",
                "RASA_TRACKER_URL": f"sqlite:///{unusable}",
                "RASA_TRACKER_STARTUP_TIMEOUT": "2",
                "RASA_LOCK_STORE": "in_memory",
            },
        )
    )
    stack.start()
    try:
        rasa = stack.processes["rasa"]
        wait_for(lambda: rasa.poll() is not None, timeout=240, what="rasa to stop")
        assert rasa.returncode != 0
        log = (tmp_path / "log" / "rasa.log").read_text(errors="replace")
        assert "tracker store database is unusable" in log
        assert "Rasa server is up and running" not in log
        status, checks = await healthz(stack)
        assert status == 503
        assert checks["rasa"] is False and checks["tracker_store"] is False
    finally:
        stack.stop()


@pytest.mark.postgres
async def test_tracker_database_lost_at_run_time(tmp_path: Path, sqlite_url: str) -> None:
    require_server("PostgreSQL", "127.0.0.1", 5432)
    with postgres_database() as (name, url):
        tracker_url = url.replace("postgresql+psycopg://", "postgresql://")
        env = {"RASA_TRACKER_DIALECT": "postgresql", "RASA_TRACKER_URL": tracker_url}
        with running_stack(tmp_path, sqlite_url, env) as stack:
            base = f"http://127.0.0.1:{stack.config.gateway_port}"
            async with aiohttp.ClientSession(base) as family:
                cid = await open_conversation(family)
                status, body = await say(family, cid, text=FAMILY_MESSAGE)
                assert status == 200 and "Source:" in body["messages"][0]["text"]

                set_connections_allowed(name, allowed=False)
                status, checks = await healthz(stack)
                assert status == 503
                assert checks["tracker_store"] is False
                assert checks["database"] and checks["rasa"] and checks["action_server"]

                status, body = await say(family, cid, text="what about my housing")
                assert status == 200
                [reply] = body["messages"]
                assert "saved" in reply["text"] and "999" in reply["text"]
                assert reply["buttons"] == [TALK_TO_PERSON]
                status, body = await say(family, cid, text=RISK_MESSAGE)
                assert status == 200 and "999" in body["messages"][0]["text"]

                set_connections_allowed(name, allowed=True)
                wait_for(lambda: ready(stack), timeout=60, what="/healthz 200 again")
                status, body = await say(family, cid, text=FAMILY_MESSAGE)
                assert status == 200 and "Source:" in body["messages"][0]["text"]
                assert family_texts(await history(family, cid)) == [
                    FAMILY_MESSAGE,
                    "what about my housing",
                    RISK_MESSAGE,
                    FAMILY_MESSAGE,
                ]

        # Rasa kept the conversation in PostgreSQL, not in memory: the first message
        # (before the outage) and the last (after) are both in the tracker database.
        engine = create_engine(tracker_url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            with engine.connect() as connection:
                users = connection.execute(
                    text(
                        "SELECT COUNT(*) FROM events WHERE sender_id = :cid AND type_name = 'user'"
                    ),
                    {"cid": cid},
                ).scalar_one()
        finally:
            engine.dispose()
        assert users >= 3  # the opening /greet, the first and the last message
