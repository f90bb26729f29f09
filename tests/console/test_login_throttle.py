"""Login throttling: failures per username and per address, shared through the database.

Real HTTP on loopback, on SQLite and PostgreSQL. Time is a frozen clock moved by the
tests (``throttle.clock``), never a sleep.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from bot import cli
from bot.config import Settings
from bot.console import accounts, throttle
from bot.gateway import clientaddr
from bot.models import AuditEvent
from tests.migrations import assert_downgrades_and_upgrades, schema_differences

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
ServerFactory = Callable[..., Awaitable[TestServer]]
UserFactory = Callable[..., int]

WRONG = "not the password at all"
LOCKED_MESSAGE = "Too many attempts. Please wait 15 minutes or ask your manager or an admin."
THROTTLE_TABLES = {"login_throttles", "login_failures", "login_throttle_secret"}


@dataclass
class FrozenClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    frozen = FrozenClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(throttle, "clock", frozen)
    return frozen


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password verification the login makes (argon2, known or unknown user)."""
    checks: list[str] = []
    verify = accounts.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checks.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    return checks


async def api_login(client: Client, username: str, password: str) -> aiohttp.ClientResponse:
    return await client.post(
        "/console/api/login", json={"username": username, "password": password}
    )


async def form_login(client: Client, username: str, password: str) -> aiohttp.ClientResponse:
    return await client.post(
        "/console/login", data={"username": username, "password": password}, allow_redirects=False
    )


async def statuses(client: Client, username: str, password: str, times: int) -> list[int]:
    return [(await api_login(client, username, password)).status for _ in range(times)]


def rows(sessions: sessionmaker[Session]) -> dict[str, list[dict[str, Any]]]:
    """Everything throttling and the audit trail hold, column by column."""
    with sessions() as session:
        return {
            model.__tablename__: [
                {column.key: getattr(row, column.key) for column in model.__table__.columns}
                for row in session.scalars(select(model))
            ]
            for model in (
                throttle.LoginThrottle,
                throttle.LoginFailure,
                throttle.LoginThrottleSecret,
                AuditEvent,
            )
        }


def lockouts(sessions: sessionmaker[Session]) -> list[tuple[int | None, dict[str, Any]]]:
    with sessions() as session:
        found = session.execute(
            select(AuditEvent.actor_id, AuditEvent.detail)
            .where(AuditEvent.action == throttle.LOCKED)
            .order_by(AuditEvent.id)
        ).all()
    return [(actor, detail) for actor, detail in found]


async def test_after_five_wrong_passwords_the_right_one_is_refused_without_being_checked(
    client: Client, make_user: UserFactory, password: str, password_checks: list[str]
) -> None:
    make_user("alice")

    assert await statuses(client, "alice", WRONG, 5) == [401] * 5
    refused = await api_login(client, "alice", password)

    assert refused.status == 429
    assert refused.headers["Retry-After"] == "900"
    assert await refused.json() == {"error": LOCKED_MESSAGE}
    assert "Set-Cookie" not in refused.headers
    assert password_checks == [WRONG] * 5


async def test_an_admin_can_lift_a_lock_early_from_the_command_line(
    client: Client,
    make_user: UserFactory,
    password: str,
    settings: Settings,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_user("alice")
    assert await statuses(client, "alice", WRONG, 5) == [401] * 5
    assert (await api_login(client, "alice", password)).status == 429

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert cli.main(["practitioner", "unlock", "Alice"]) == 0

    assert "Cleared 5 failed login(s) for Alice" in capsys.readouterr().out
    assert (await api_login(client, "alice", password)).status == 200
    with sessions() as session:
        unlocked = session.scalars(
            select(AuditEvent).where(AuditEvent.action == throttle.UNLOCKED)
        ).one()
        assert unlocked.actor_id is not None
        assert unlocked.detail == {"failures": 5}


async def test_an_unknown_username_is_throttled_exactly_like_a_real_one(
    new_client: ClientFactory, make_user: UserFactory, clock: FrozenClock
) -> None:
    make_user("alice")
    seen = {}
    for username in ("alice", "nobody"):
        client = await new_client()
        responses = [await api_login(client, username, WRONG) for _ in range(7)]
        seen[username] = [
            (r.status, r.headers.get("Retry-After"), await r.json()) for r in responses
        ]

    assert seen["alice"] == seen["nobody"]
    assert [status for status, _, _ in seen["nobody"]] == [401] * 5 + [429] * 2


async def test_the_window_slides_one_failure_at_a_time(
    client: Client, make_user: UserFactory, password: str, clock: FrozenClock
) -> None:
    make_user("alice")
    for _ in range(5):  # failures at 09:00, 09:01, ... 09:04
        assert (await api_login(client, "alice", WRONG)).status == 401
        clock.advance(minutes=1)

    clock.now = datetime(2026, 12, 1, 9, 14, 59, tzinfo=UTC)
    almost = await api_login(client, "alice", password)
    clock.now = datetime(2026, 12, 1, 9, 15, tzinfo=UTC)  # 09:00's failure has left
    wrong_again = await api_login(client, "alice", WRONG)
    locked_again = await api_login(client, "alice", password)
    clock.now = datetime(2026, 12, 1, 9, 16, tzinfo=UTC)
    let_in = await api_login(client, "alice", password)

    assert (almost.status, almost.headers["Retry-After"]) == (429, "1")
    assert (await almost.json())["error"].startswith("Too many attempts. Please wait 1 minute ")
    assert wrong_again.status == 401
    assert (locked_again.status, locked_again.headers["Retry-After"]) == (429, "60")
    assert let_in.status == 200


async def test_a_successful_login_clears_the_usernames_failures(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    assert await statuses(client, "alice", WRONG, 4) == [401] * 4
    assert (await api_login(client, "alice", password)).status == 200
    assert await statuses(client, "alice", WRONG, 6) == [401] * 5 + [429]


async def test_usernames_are_counted_in_one_spelling(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    for spelling in ("alice", "Alice", "ALICE ", " alice", "ａｌｉｃｅ"):
        assert (await api_login(client, spelling, WRONG)).status == 401

    assert (await api_login(client, "alice", password)).status == 429


@pytest.fixture
def slow_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each check open for 20 ms after taking its key, so 20 attempts at once overlap.

    Without the key's row lock, PostgreSQL then lets 7 or more through (SQLite runs
    one write transaction at a time whatever the code does).
    """
    take = throttle._lock

    def slowly(session: Session, key: str, now: datetime) -> None:
        take(session, key, now)
        time.sleep(0.02)

    monkeypatch.setattr(throttle, "_lock", slowly)


@pytest.mark.parametrize("gateways", [1, 2])
@pytest.mark.usefixtures("slow_checks")
async def test_twenty_wrong_passwords_at_once_let_only_five_reach_the_password_check(
    start_server: ServerFactory,
    make_user: UserFactory,
    password: str,
    password_checks: list[str],
    gateways: int,
) -> None:
    """With two gateways on one database, the limit is still the limit."""
    make_user("alice")
    clients = []
    for _ in range(gateways):
        client: Client = TestClient(await start_server())
        await client.start_server()
        clients.append(client)
    try:
        responses = await asyncio.gather(
            *(api_login(clients[i % gateways], "alice", WRONG) for i in range(20))
        )
        after = [await api_login(client, "alice", password) for client in clients]
    finally:
        for client in clients:
            await client.close()

    assert Counter(r.status for r in responses) == {401: 5, 429: 15}
    assert len(password_checks) == 5
    assert [r.status for r in after] == [429] * gateways


async def test_too_many_failures_from_one_address_refuse_every_username(
    start_server: ServerFactory,
    new_client: ClientFactory,
    make_user: UserFactory,
    settings: Settings,
    password: str,
) -> None:
    make_user("alice")
    server = await start_server(dataclasses.replace(settings, login_max_failures_per_ip=3))
    client: Client = TestClient(server)
    await client.start_server()
    try:
        guesses = [(await api_login(client, f"user{n}", WRONG)).status for n in range(3)]
        alice = await api_login(client, "alice", password)
    finally:
        await client.close()

    assert guesses == [401] * 3
    assert (alice.status, alice.headers["Retry-After"]) == (429, "900")


async def test_the_login_form_is_throttled_too(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    wrong = [(await form_login(client, "alice", WRONG)).status for _ in range(5)]
    refused = await form_login(client, "alice", password)

    assert wrong == [401] * 5
    assert (refused.status, refused.headers["Retry-After"]) == (429, "900")
    assert LOCKED_MESSAGE in await refused.text()
    assert "Set-Cookie" not in refused.headers


async def test_a_lockout_is_audited_once_with_no_username_address_or_password(
    client: Client,
    make_user: UserFactory,
    sessions: sessionmaker[Session],
    password: str,
) -> None:
    alice_id = make_user("alice")

    await statuses(client, "alice", WRONG, 8)
    await statuses(client, "Nobody-Here", password, 8)

    window = {"failures": 5, "window_seconds": 900}
    assert lockouts(sessions) == [
        (alice_id, {"scope": "username", **window}),
        (None, {"scope": "username", **window}),
    ]
    stored = repr(rows(sessions)).lower()
    for secret in ("alice", "nobody", "127.0.0.1", WRONG, password):
        assert secret not in stored


async def test_an_address_lockout_is_audited_without_the_address(
    start_server: ServerFactory, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    server = await start_server(dataclasses.replace(settings, login_max_failures_per_ip=3))
    client: Client = TestClient(server)
    await client.start_server()
    try:
        assert [(await api_login(client, f"user{n}", WRONG)).status for n in range(4)] == [
            401,
            401,
            401,
            429,
        ]
    finally:
        await client.close()

    assert lockouts(sessions) == [(None, {"scope": "ip", "failures": 3, "window_seconds": 900})]


async def test_rows_older_than_the_window_are_purged(
    client: Client,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
    clock: FrozenClock,
) -> None:
    make_user("alice")
    await statuses(client, "nobody", WRONG, 3)
    await statuses(client, "alice", WRONG, 2)
    assert len(rows(sessions)["login_failures"]) == 5 + 5  # username and address each
    clock.advance(minutes=16)

    assert (await api_login(client, "alice", password)).status == 200

    stored = rows(sessions)
    assert stored["login_failures"] == []
    # Left: alice's and the address's keys, touched by this login; nobody's is gone.
    assert [row["touched_at"] for row in stored["login_throttles"]] == [clock.now, clock.now]


async def test_a_limit_of_zero_turns_that_limit_off(
    start_server: ServerFactory, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    off = dataclasses.replace(settings, login_max_failures=0, login_max_failures_per_ip=0)
    client: Client = TestClient(await start_server(off))
    await client.start_server()
    try:
        assert await statuses(client, "alice", WRONG, 8) == [401] * 8
    finally:
        await client.close()

    assert rows(sessions)["login_failures"] == []


async def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(
    start_server: ServerFactory, make_user: UserFactory, settings: Settings, password: str
) -> None:
    make_user("alice")
    behind = dataclasses.replace(
        settings, login_max_failures_per_ip=3, trusted_proxies=("127.0.0.0/8",)
    )
    client: Client = TestClient(await start_server(behind))
    await client.start_server()

    async def login_from(address: str, username: str, secret: str) -> int:
        response = await client.post(
            "/console/api/login",
            json={"username": username, "password": secret},
            headers={"X-Forwarded-For": f"198.51.100.99, {address}"},  # the first is forged
        )
        return response.status

    try:
        attacker = [await login_from("203.0.113.7", f"user{n}", WRONG) for n in range(4)]
        colleague = await login_from("203.0.113.8", "alice", password)
    finally:
        await client.close()

    assert attacker == [401, 401, 401, 429]
    assert colleague == 200


async def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(
    start_server: ServerFactory, make_user: UserFactory, settings: Settings, password: str
) -> None:
    make_user("alice")
    client: Client = TestClient(
        await start_server(dataclasses.replace(settings, login_max_failures_per_ip=3))
    )
    await client.start_server()
    try:
        for n in range(3):  # a new forged address each time changes nothing
            forged = {"X-Forwarded-For": f"203.0.113.{n}"}
            await client.post(
                "/console/api/login", json={"username": "x", "password": WRONG}, headers=forged
            )
        alice = await api_login(client, "alice", password)
    finally:
        await client.close()

    assert alice.status == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "client"),
    [
        ("10.0.0.5", "203.0.113.7", ("10.0.0.5",), "203.0.113.7"),
        ("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.6", ("10.0.0.0/24",), "203.0.113.7"),
        ("10.0.0.5", "10.0.0.6, 10.0.0.7", ("10.0.0.0/24",), "10.0.0.5"),
        ("10.0.0.5", None, ("10.0.0.5",), "10.0.0.5"),
        ("203.0.113.9", "1.2.3.4", ("10.0.0.5",), "203.0.113.9"),
        ("10.0.0.5", "1.2.3.4", (), "10.0.0.5"),
    ],
)
def test_the_client_is_the_last_address_a_trusted_proxy_did_not_add(
    remote: str, forwarded: str | None, trusted: tuple[str, ...], client: str
) -> None:
    assert clientaddr.forwarded_client(remote, forwarded, trusted) == client


def test_trusted_proxies_must_be_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16")
    assert Settings.from_env().trusted_proxies == ("10.0.0.5", "10.1.0.0/16")
    monkeypatch.setenv("BATON_TRUSTED_PROXIES", "10.0.0.5, proxy.example")
    with pytest.raises(ValueError, match="BATON_TRUSTED_PROXIES"):
        Settings.from_env()


@pytest.mark.parametrize(
    ("remote", "counted"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        (None, "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_addresses_are_counted_per_host_and_ipv6_per_64(remote: str | None, counted: str) -> None:
    assert clientaddr.address_group(remote) == counted
    if counted != "unknown":
        ipaddress.ip_network(counted)  # a real address or network, never a stray string


def test_refusals_say_how_many_minutes_to_wait() -> None:
    assert throttle.Refused(900).message == LOCKED_MESSAGE
    assert "wait 1 minute or" in throttle.Refused(1).message
    assert "wait 2 minutes or" in throttle.Refused(61).message


def test_the_settings_refuse_a_negative_limit_or_an_empty_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BATON_LOGIN_MAX_FAILURES", "-1")
    with pytest.raises(ValueError, match="BATON_LOGIN_MAX_FAILURES"):
        Settings.from_env()
    monkeypatch.setenv("BATON_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("BATON_LOGIN_FAILURE_WINDOW", "0")
    with pytest.raises(ValueError, match="BATON_LOGIN_FAILURE_WINDOW"):
        Settings.from_env()
    monkeypatch.setenv("BATON_LOGIN_FAILURE_WINDOW", "60")
    monkeypatch.setenv("BATON_LOGIN_MAX_FAILURES_PER_IP", "0")
    configured = Settings.from_env()
    assert (
        configured.login_max_failures,
        configured.login_max_failures_per_ip,
        configured.login_failure_window,
    ) == (3, 0, 60)


def test_the_migrated_schema_matches_the_throttle_models(engine: Engine) -> None:
    with engine.connect() as connection:
        assert THROTTLE_TABLES <= set(inspect(connection).get_table_names())
        assert schema_differences(connection) == []


def test_the_throttle_migration_downgrades_and_upgrades_cleanly(tmp_path: Path) -> None:
    assert_downgrades_and_upgrades(
        tmp_path, "a1e5f7c2b304", THROTTLE_TABLES, kept="practitioners"
    )
