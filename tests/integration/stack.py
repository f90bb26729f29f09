"""Start the real stack (Rasa, action server, gateway) on free loopback ports for a test."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.config import ROOT
from bot.migrate import upgrade
from bot.stack import Stack, StackConfig, free_port

MODEL = ROOT / "models" / "baton.tar.gz"


@contextmanager
def running_stack(
    tmp: Path, database_url: str, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it first)")
    env = {
        "RASA_TRACKER_DIALECT": "sqlite",
        "RASA_TRACKER_URL": f"sqlite:///{tmp / 'tracker.db'}",
        "RASA_LOCK_STORE": "in_memory",
    }
    env.update(extra_env or {})
    stack = Stack(
        StackConfig(
            gateway_port=free_port(),
            rasa_port=free_port(),
            action_port=free_port(),
            database_url=database_url,
            model_path=MODEL,
            log_dir=tmp / "log",
            extra_env=env,
        )
    )
    stack.start()
    try:
        stack.wait_ready(timeout=240)
        yield stack
    except BaseException:
        for log in sorted((tmp / "log").glob("*.log")):
            sys.stderr.write(f"--- {log.name} (last lines) ---\n")
            sys.stderr.write("\n".join(log.read_text(errors="replace").splitlines()[-40:]) + "\n")
        raise
    finally:
        stack.stop()


def add_practitioner(database_url: str, username: str, name: str, team: str, password: str) -> None:
    """Create an account through the documented CLI, password on standard input."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "practitioner",
            "add",
            username,
            "--name",
            name,
            "--team",
            team,
        ],
        input=password + "\n",
        text=True,
        check=True,
        cwd=ROOT,
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
    )


@contextmanager
def sqlite_stack(
    tmp_path_factory: pytest.TempPathFactory, name: str, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[Stack, str]]:
    """The real stack on a new, migrated SQLite database: ``(stack, database URL)``.

    For module-scoped fixtures: one stack start (about 40 s) serves a module's tests.
    """
    tmp = tmp_path_factory.mktemp(name)
    url = f"sqlite:///{tmp / 'baton.db'}"
    upgrade(url)
    with running_stack(tmp, url, extra_env) as running:
        yield running, url
