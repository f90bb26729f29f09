"""Start the whole stack (Rasa, action server, gateway) and stop it cleanly.

Used by ``make run``, the integration tests and ``make bench``, so all exercise the
same process layout. Each child runs in its own process group; Ctrl-C (or SIGTERM)
stops them all, and if any one dies the others are stopped too.

The production profile runs several Rasa instances (``rasa_ports``; the gateways route
each conversation to one of them, see ``bot.gateway.rasa_client``) and several gateways
(``gateway_ports``) sharing the database and, for live push, Redis. Several Rasa
instances need a shared tracker store (PostgreSQL) and the Redis lock store.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import ROOT

LISTEN_FROM = 20000
"""Loopback ports for a stack's children are chosen from here up to the kernel's ephemeral
range (:func:`free_port`)."""
_handed_out: set[int] = set()


def _ephemeral_low() -> int:
    """The lowest port the kernel gives outgoing connections (Linux; 32768 elsewhere)."""
    try:
        text = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text()
        return int(text.split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A loopback port nothing listens on, for a child to bind a few seconds later.

    Not one the kernel picks (binding to port 0): those come from the ephemeral range, which
    the kernel also gives outgoing connections, and Rasa binds only after loading its model,
    so a full test run once lost Rasa to one ("address already in use"). Ports between
    ``LISTEN_FROM`` and that range are never given to outgoing connections; each is handed
    out once per process and checked free by binding it.
    """
    low = _ephemeral_low()
    span = low - LISTEN_FROM
    for _ in range(200 if span > 0 else 0):
        port = LISTEN_FROM + secrets.randbelow(span)
        if port in _handed_out:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    with socket.socket() as sock:  # no such range here: let the kernel choose
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StackConfig:
    gateway_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    # Several instances: every port listed (empty means just the single port above).
    rasa_ports: list[int] = field(default_factory=list)
    gateway_ports: list[int] = field(default_factory=list)
    database_url: str = ""
    model_path: Path = ROOT / "models"
    rasa_bin: Path = Path(
        os.environ.get("BATON_RASA_BIN", str(ROOT / ".venv-rasa" / "bin" / "rasa"))
    )
    log_dir: Path = ROOT / "var" / "log"
    extra_env: dict[str, str] = field(default_factory=dict)

    def all_rasa_ports(self) -> list[int]:
        return list(self.rasa_ports) or [self.rasa_port]

    def all_gateway_ports(self) -> list[int]:
        return list(self.gateway_ports) or [self.gateway_port]

    @classmethod
    def from_env(cls) -> StackConfig:
        """``make run``: BATON_RASA_INSTANCES and BATON_GATEWAY_INSTANCES on consecutive ports."""
        port = int(os.environ.get("BATON_PORT", "8000") or 8000)
        rasa_port = int(os.environ.get("BATON_RASA_PORT", "5005") or 5005)
        rasa_count = int(os.environ.get("BATON_RASA_INSTANCES", "1") or 1)
        gateway_count = int(os.environ.get("BATON_GATEWAY_INSTANCES", "1") or 1)
        return cls(
            gateway_port=port,
            rasa_port=rasa_port,
            rasa_ports=[rasa_port + i for i in range(max(rasa_count, 1))],
            gateway_ports=[port + i for i in range(max(gateway_count, 1))],
        )


def rasa_store_env(var_dir: Path) -> dict[str, str]:
    """Tracker and lock store settings for endpoints.yml, with embedded defaults.

    Set RASA_TRACKER_URL (e.g. postgresql://...) and RASA_LOCK_STORE=redis with
    RASA_LOCK_STORE_HOST to use the production stores.
    """
    defaults = {
        "RASA_TRACKER_DIALECT": "sqlite",
        "RASA_TRACKER_URL": f"sqlite:///{var_dir / 'rasa-tracker.db'}",
        "RASA_TRACKER_DB": "rasa",
        # Seconds Rasa waits for an unusable tracker database before refusing to start.
        "RASA_TRACKER_STARTUP_TIMEOUT": "30",
        # Conversations whose latest session Rasa keeps between messages (0: none).
        "RASA_TRACKER_CACHED_CONVERSATIONS": "256",
        "RASA_LOCK_STORE": "in_memory",
        "RASA_LOCK_STORE_HOST": "127.0.0.1",
        "RASA_LOCK_STORE_PORT": "6379",
        "RASA_LOCK_STORE_DB": "1",
    }
    return {name: os.environ.get(name) or value for name, value in defaults.items()}


def _with_root(pythonpath: str) -> str:
    return os.pathsep.join([str(ROOT), *(p for p in pythonpath.split(os.pathsep) if p)])


def prepare_sqlite_tracker(env: Mapping[str, str]) -> None:
    """Put Rasa's SQLite tracker store in WAL mode before Rasa opens it.

    Rasa opens SQLite with the default rollback journal and commits on every message.
    Measured on the project machine under load: 23 ms per commit, against 7.7 ms in WAL
    mode, with the same durability (``synchronous`` stays FULL). WAL is a property of
    the database file, so setting it once here is enough.
    """
    if env.get("RASA_TRACKER_DIALECT") != "sqlite":
        return
    url = env.get("RASA_TRACKER_URL", "")
    path = url.removeprefix("sqlite:///")
    if path == url or not path or path == ":memory:":
        return
    if not Path(path).parent.is_dir():
        return  # an unusable location: the strict tracker store reports it, loudly
    try:
        with contextlib.closing(sqlite3.connect(path)) as database:
            database.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error:
        return  # likewise left to the tracker store's start-up check


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.rasa_token = secrets.token_urlsafe(24)

    def environment(self) -> dict[str, str]:
        c = self.config
        env = dict(os.environ)
        env.update(rasa_store_env(ROOT / "var"))
        env.update(
            {
                "RASA_TELEMETRY_ENABLED": "false",
                "BATON_ACTION_ENDPOINT": f"http://127.0.0.1:{c.action_port}/webhook",
                "BATON_RASA_URL": ",".join(
                    f"http://127.0.0.1:{port}" for port in c.all_rasa_ports()
                ),
                "BATON_RASA_TOKEN": self.rasa_token,
                "BATON_ACTION_SERVER_URL": f"http://127.0.0.1:{c.action_port}",
                "BATON_PORT": str(c.gateway_port),
                "SANIC_HOST": "127.0.0.1",  # rasa_sdk's bind address: loopback only
                "PYTHONUNBUFFERED": "1",
                # Rasa imports bot.rasa_ext (the strict tracker store) from the repository.
                "PYTHONPATH": _with_root(os.environ.get("PYTHONPATH", "")),
            }
        )
        if c.database_url:
            env["DATABASE_URL"] = c.database_url
        env.update(c.extra_env)
        # Privacy: Rasa's telemetry stays off whatever the environment or caller asks.
        env["RASA_TELEMETRY_ENABLED"] = "false"
        return env

    def commands(self) -> Mapping[str, list[str]]:
        """Each process's argv, by name: ``rasa``, ``rasa-2`` ..., ``actions``, ``gateway`` ..."""
        c = self.config
        commands: dict[str, list[str]] = {}
        for index, port in enumerate(c.all_rasa_ports()):
            commands[_instance_name("rasa", index)] = self._rasa_command(port)
        commands["actions"] = [
            sys.executable,
            "-m",
            "bot.action_server",
            "--actions",
            "actions",
            "--port",
            str(c.action_port),
        ]
        for index, _port in enumerate(c.all_gateway_ports()):
            commands[_instance_name("gateway", index)] = [sys.executable, "-m", "bot", "serve"]
        return commands

    def process_environment(self, name: str, base: dict[str, str]) -> dict[str, str]:
        """A gateway instance's own port, the action server's warm start; the rest is shared."""
        if name == "actions":
            return {**base, "BATON_WARM_ACTIONS": "1"}  # see actions/__init__.py
        if not name.startswith("gateway"):
            return base
        ports = self.config.all_gateway_ports()
        index = int(name.partition("-")[2] or 1) - 1
        return {**base, "BATON_PORT": str(ports[index])}

    def _rasa_command(self, port: int) -> list[str]:
        c = self.config
        # Rasa's own command line, through bot.rasa_server (same arguments, faster
        # action-response check); with the interpreter of the Rasa environment.
        return [
            str(c.rasa_bin.with_name("python")),
            "-m",
            "bot.rasa_server",
            "run",
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--model",
            str(c.model_path),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
            # One argument: a token may start with "-", which argparse would take for
            # an option if it came separately.
            f"--auth-token={self.rasa_token}",
        ]

    def start(self) -> None:
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        prepare_sqlite_tracker(self.environment())
        for name in self.commands():
            self.start_process(name)

    def start_process(self, name: str) -> None:
        """Start (or, after a crash, start again) one process, logging to its file."""
        command = self.commands()[name]
        log = open(self.config.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (owned by the child)
        self.processes[name] = subprocess.Popen(  # noqa: S603 (fixed argv, no shell)
            command,
            cwd=ROOT,
            env=self.process_environment(name, self.environment()),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def healthz_url(self) -> str:
        return self.healthz_urls()[0]

    def healthz_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}/healthz" for port in self.config.all_gateway_ports()]

    def wait_ready(
        self, timeout: float = 180.0, cancelled: Callable[[], bool] = lambda: False
    ) -> bool:
        """Wait for /healthz = 200 on every gateway; False if cancelled first."""
        deadline = time.monotonic() + timeout
        pending = self.healthz_urls()
        while time.monotonic() < deadline:
            if cancelled():
                return False
            self.check_alive()
            pending = [url for url in pending if not _healthy(url)]
            if not pending:
                return True
            time.sleep(0.25)
        raise TimeoutError(
            f"the stack was not ready within {timeout:.0f}s (see {self.config.log_dir})"
        )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                log = self.config.log_dir / f"{name}.log"
                raise RuntimeError(f"{name} exited with code {process.returncode} (see {log})")

    def stop(self, grace: float = 10.0) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()


def _instance_name(kind: str, index: int) -> str:
    return kind if index == 0 else f"{kind}-{index + 1}"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (loopback)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def run_forever() -> int:
    """``make run``: start, print where to go, and stop everything on Ctrl-C."""
    config = StackConfig.from_env()
    port = config.gateway_port
    stack = Stack(config)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print("Starting Rasa, the action server and the gateway (logs in var/log/) ...", flush=True)
    stack.start()
    try:
        start = time.monotonic()
        if not stack.wait_ready(cancelled=lambda: stopping):
            return 0
        base = os.environ.get("BATON_PUBLIC_URL") or f"http://127.0.0.1:{port}"
        print(f"Ready in {time.monotonic() - start:.1f}s.", flush=True)
        print(f"  Web chat:  {base}/", flush=True)
        print(f"  Console:   {base}/console/", flush=True)
        print(f"  Health:    {base}/healthz", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        while not stopping:
            stack.check_alive()
            time.sleep(0.5)
    except (RuntimeError, TimeoutError) as error:
        print(f"Stopping: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        print("Stopping ...", flush=True)
        stack.stop()
        print("Stopped.", flush=True)
    return 0
