"""bot.stack's process layout for several instances, and the SQLite tracker's WAL mode."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest

from bot import action_server
from bot.config import ROOT
from bot.stack import LISTEN_FROM, Stack, StackConfig, prepare_sqlite_tracker
from tests.integration.stack import free_port


def test_free_ports_are_never_ones_the_kernel_gives_outgoing_connections() -> None:
    # A full test run once lost Rasa to "address already in use": the port the kernel had
    # picked for it was given to an outgoing connection before Rasa bound it.
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == len(ports)
    assert all(LISTEN_FROM <= port < low for port in ports)
    for port in ports[:5]:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))  # still free to listen on


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


def test_the_action_server_is_served_in_one_process() -> None:
    """bot.action_server: rasa_sdk's app without Sanic's manager and worker processes,
    each of which imported the actions (and built the knowledge base) again."""
    stack = Stack(StackConfig(action_port=6100))
    command = stack.commands()["actions"]
    assert command[1:] == ["-m", "bot.action_server", "--actions", "actions", "--port", "6100"]
    port = free_port()
    env = {**os.environ, "SANIC_HOST": "127.0.0.1"}
    env.pop("BATON_WARM_ACTIONS", None)
    env.pop("ACTION_SERVER_SANIC_WORKERS", None)
    server = subprocess.Popen(  # noqa: S603 (fixed argv)
        [*command[:5], "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "the action server exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "no /health within 60 s"
                time.sleep(0.25)
        assert psutil.Process(server.pid).children(recursive=True) == []
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_more_sanic_workers_get_rasa_sdks_own_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa_sdk import endpoint

    served: list[tuple[Any, ...]] = []
    monkeypatch.setattr(endpoint, "run", lambda *args: served.append(args))
    monkeypatch.setenv("ACTION_SERVER_SANIC_WORKERS", "2")
    action_server.serve_in_one_process("executor", 5055)
    assert served == [("executor", 5055, "*", None, None, None, False, "endpoints.yml")]
