"""bot.stack's process layout for several instances, and the SQLite tracker's WAL mode."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.stack import Stack, StackConfig, prepare_sqlite_tracker


def test_two_rasa_instances_and_two_gateways() -> None:
    stack = Stack(
        StackConfig(rasa_ports=[6001, 6002], gateway_ports=[7001, 7002], action_port=6100)
    )
    commands = stack.commands()
    assert list(commands) == ["rasa", "rasa-2", "actions", "gateway", "gateway-2"]
    assert commands["rasa-2"][commands["rasa-2"].index("--port") + 1] == "6002"
    env = stack.environment()
    # Every gateway knows every Rasa instance, and listens on its own port.
    assert env["BATON_RASA_URL"] == "http://127.0.0.1:6001,http://127.0.0.1:6002"
    assert stack.process_environment("gateway", env)["BATON_PORT"] == "7001"
    assert stack.process_environment("gateway-2", env)["BATON_PORT"] == "7002"
    assert stack.process_environment("rasa-2", env) == env
    assert stack.process_environment("actions", env) == {**env, "BATON_WARM_ACTIONS": "1"}
    assert stack.healthz_urls() == [
        "http://127.0.0.1:7001/healthz",
        "http://127.0.0.1:7002/healthz",
    ]


def test_one_of_each_is_the_default() -> None:
    stack = Stack(StackConfig())
    assert list(stack.commands()) == ["rasa", "actions", "gateway"]
    assert stack.environment()["BATON_RASA_URL"] == "http://127.0.0.1:5005"


def test_the_sqlite_tracker_store_is_put_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "trackers" / "tracker.db"
    path.parent.mkdir()
    prepare_sqlite_tracker(
        {"RASA_TRACKER_DIALECT": "sqlite", "RASA_TRACKER_URL": f"sqlite:///{path}"}
    )
    with sqlite3.connect(path) as database:  # WAL persists in the file
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_missing_directory_is_not_created_so_the_strict_store_reports_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "no-such-directory" / "tracker.db"
    prepare_sqlite_tracker(
        {"RASA_TRACKER_DIALECT": "sqlite", "RASA_TRACKER_URL": f"sqlite:///{path}"}
    )
    assert not path.parent.exists()


def test_other_tracker_stores_are_left_alone(tmp_path: Path) -> None:
    prepare_sqlite_tracker(
        {"RASA_TRACKER_DIALECT": "postgresql", "RASA_TRACKER_URL": f"sqlite:///{tmp_path / 'x'}"}
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(("flag", "built"), [("1", True), ("", False)])
def test_the_action_server_builds_the_knowledge_base_before_it_listens(
    flag: str, built: bool
) -> None:
    """rasa_sdk imports the actions package before serving: with the flag the stack sets,
    the first question does not pay for loading spaCy and the content."""
    script = (
        "import actions\n"
        "from actions import runtime\n"
        "print(runtime.knowledge.cache_info().currsize)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "BATON_WARM_ACTIONS": flag},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert run.stdout.strip() == ("1" if built else "0")
