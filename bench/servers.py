"""The two systems under test, started on free loopback ports.

- Baton: ``bot.stack.Stack`` (the same process layout as ``make run``), on a fresh
  database; the ``production`` profile uses a new PostgreSQL database for the case queue
  and the Rasa tracker store, the Redis lock store and several Rasa instances.
- Baseline: ``rasa init``'s starter assistant, served by ``rasa run`` with its own
  (default) endpoints, generated and trained under ``var/bench/baseline`` on first use.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.memory import tree_cpu
from bot.config import ROOT
from bot.stack import Stack, StackConfig, free_port

MODEL = ROOT / "models" / "baton.tar.gz"
BASELINE_DIR = ROOT / "var" / "bench" / "baseline"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
POSTGRES_ADMIN_URL = os.environ.get(
    "BATON_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_HOST = os.environ.get("BATON_BENCH_REDIS_HOST", "127.0.0.1")


@dataclass
class Running:
    """A started system: where to send load, its processes' pids, and its cold start."""

    base_url: str
    pids: dict[str, int]
    cold_start: float
    token: str = ""
    # CPU seconds each process used until ready: the cold start's cost without the noise.
    cold_start_cpu: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cold_start_cpu = {
            name: round(tree_cpu(psutil.Process(pid)), 1) for name, pid in self.pids.items()
        }


@contextmanager
def baton(
    work: Path, profile: str = "embedded", rasa_instances: int = 1, gateways: int = 1
) -> Iterator[Running]:
    if not MODEL.exists():
        raise SystemExit(f"{MODEL} is missing: run `make train` first")
    with _databases(work, profile) as (database_url, env):
        gateway_ports = [free_port() for _ in range(gateways)]
        stack = Stack(
            StackConfig(
                gateway_port=gateway_ports[0],
                gateway_ports=gateway_ports,
                rasa_port=free_port(),
                rasa_ports=[free_port() for _ in range(rasa_instances)],
                action_port=free_port(),
                database_url=database_url,
                model_path=MODEL,
                log_dir=work / "log",
                # The load generator is one address sending without pause: the family
                # API's flood limits (bot/gateway/ratelimit.py) would stop it.
                extra_env={
                    **env,
                    "BATON_NEW_CONVERSATIONS_PER_MINUTE": "0",
                    "BATON_MESSAGES_PER_MINUTE": "0",
                },
            )
        )
        started = time.monotonic()
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            cold_start = time.monotonic() - started
            pids = {name: process.pid for name, process in stack.processes.items()}
            yield Running(f"http://127.0.0.1:{gateway_ports[0]}", pids, cold_start)
        finally:
            stack.stop()


@contextmanager
def _databases(work: Path, profile: str) -> Iterator[tuple[str, dict[str, str]]]:
    from bot.migrate import upgrade

    if profile == "embedded":
        url = f"sqlite:///{work / 'baton.db'}"
        upgrade(url)
        yield (
            url,
            {
                "RASA_TRACKER_DIALECT": "sqlite",
                "RASA_TRACKER_URL": f"sqlite:///{work / 'tracker.db'}",
                "RASA_LOCK_STORE": "in_memory",
            },
        )
        return
    from sqlalchemy import text

    from bot.db import make_engine

    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"baton_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield (
            url,
            {
                "RASA_TRACKER_DIALECT": "postgresql",
                "RASA_TRACKER_URL": url.replace("postgresql+psycopg://", "postgresql://"),
                "RASA_LOCK_STORE": "redis",
                "RASA_LOCK_STORE_HOST": REDIS_HOST,
                "RASA_LOCK_STORE_PORT": "6379",
                "BATON_REDIS_URL": f"redis://{REDIS_HOST}:6379/0",
                "BATON_REDIS_PREFIX": name,
            },
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def ensure_baseline_model() -> float | None:
    """Generate and train the starter assistant once; return the seconds it took, if it ran."""
    if list((BASELINE_DIR / "models").glob("*.tar.gz")):
        return None
    shutil.rmtree(BASELINE_DIR, ignore_errors=True)
    BASELINE_DIR.mkdir(parents=True)
    started = time.monotonic()
    # `rasa init` copies the starter project and trains it (its default config).
    subprocess.run(  # noqa: S603 (fixed argv)
        [str(RASA_BIN), "init", "--no-prompt", "--init-dir", str(BASELINE_DIR)],
        cwd=tempfile.gettempdir(),
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    return time.monotonic() - started


@contextmanager
def baseline(work: Path) -> Iterator[Running]:
    port = free_port()
    token = secrets.token_urlsafe(24)
    log_path = work / "log" / "baseline-rasa.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 (fixed argv)
            [
                str(RASA_BIN),
                "run",
                "--enable-api",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--model",
                "models",
                f"--auth-token={token}",  # one argument: a token may start with "-"
            ],
            cwd=BASELINE_DIR,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_model_loaded(base_url, token, process)
        yield Running(base_url, {"rasa": process.pid}, time.monotonic() - started, token)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_model_loaded(
    base_url: str, token: str, process: subprocess.Popen[bytes], timeout: float = 300
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the baseline rasa server exited (see var/bench/*/log)")
        try:
            url = f"{base_url}/status?token={token}"
            with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (loopback)
                if json.loads(response.read()).get("model_id"):
                    return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.25)
    raise TimeoutError("the baseline rasa server did not load its model")
