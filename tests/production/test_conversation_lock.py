"""The shared conversation lock (bot/gateway/locks.py) on a real PostgreSQL server.

Ordering across gateway instances is proven end to end in
tests/faults/test_a_slow_action_keeps_messages_in_order.py; these tests are about what
the lock costs and how it behaves when a turn is abandoned or its connection is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from bot.db import make_engine
from bot.gateway.locks import PostgresConversationLock


@pytest.fixture
def locks(postgres_url: str) -> Iterator[list[PostgresConversationLock]]:
    """Gateway instances' locks: ``locks[0]``, ``locks[1]``, ... made on demand."""
    made: list[PostgresConversationLock] = []
    yield made
    for lock in made:
        lock.dispose()


def _instance(
    made: list[PostgresConversationLock], url: str, wait: float = 10
) -> PostgresConversationLock:
    made.append(PostgresConversationLock(url, wait_seconds=wait))
    return made[-1]


def _advisory_locks(url: str) -> tuple[int, int]:
    """(advisory locks granted, distinct connections holding them) on this database."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT count(*), count(DISTINCT pid) FROM pg_locks l"
                    " JOIN pg_database d ON d.oid = l.database"
                    " WHERE l.locktype = 'advisory' AND l.granted"
                    " AND d.datname = current_database()"
                )
            ).one()
    finally:
        engine.dispose()
    return int(row[0]), int(row[1])


async def test_many_turns_at_once_hold_their_locks_on_one_connection(
    postgres_url: str, locks: list[PostgresConversationLock]
) -> None:
    """More turns in progress than PostgreSQL's default connection limit (100): a
    connection per lock ran the server out of connections under the benchmark."""
    lock = _instance(locks, postgres_url)
    inside = asyncio.Event()
    entered = 0

    async def turn(conversation_id: str) -> None:
        nonlocal entered
        async with lock.hold(conversation_id):
            entered += 1
            await inside.wait()

    turns = [asyncio.create_task(turn(f"conversation-{n:03d}")) for n in range(150)]
    while entered < 150:
        await asyncio.sleep(0.05)
    assert await asyncio.to_thread(_advisory_locks, postgres_url) == (150, 1)
    inside.set()
    await asyncio.gather(*turns)
    assert await asyncio.to_thread(_advisory_locks, postgres_url) == (0, 0)


async def test_another_instance_waits_for_the_turn_to_end(
    postgres_url: str, locks: list[PostgresConversationLock]
) -> None:
    first, second = _instance(locks, postgres_url), _instance(locks, postgres_url)
    order: list[str] = []

    async def turn(lock: PostgresConversationLock, name: str, seconds: float) -> None:
        async with lock.hold("one-conversation"):
            order.append(f"{name} in")
            await asyncio.sleep(seconds)
            order.append(f"{name} out")

    slow = asyncio.create_task(turn(first, "first", 0.5))
    await asyncio.sleep(0.1)
    await asyncio.gather(slow, turn(second, "second", 0))
    assert order == ["first in", "first out", "second in", "second out"]
    # A different conversation is never held up by it.
    async with first.hold("one-conversation"):
        await asyncio.wait_for(_enter(second, "another-conversation"), timeout=2)


async def _enter(lock: PostgresConversationLock, conversation_id: str) -> None:
    async with lock.hold(conversation_id):
        pass


async def test_a_waiter_that_gives_up_leaves_nothing_locked(
    postgres_url: str, locks: list[PostgresConversationLock]
) -> None:
    """A request cancelled while it waits (the family's connection dropped) must not
    leave the conversation locked for the next message."""
    first, second = _instance(locks, postgres_url), _instance(locks, postgres_url)
    release = asyncio.Event()

    async def holder() -> None:
        async with first.hold("one-conversation"):
            await release.wait()

    holding = asyncio.create_task(holder())
    await asyncio.sleep(0.1)
    waiter = asyncio.create_task(_enter(second, "one-conversation"))
    await asyncio.sleep(0.3)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    release.set()
    await holding
    await asyncio.sleep(0.2)  # an unlock after a cancelled try runs on its own thread
    third = _instance(locks, postgres_url)
    await asyncio.wait_for(_enter(third, "one-conversation"), timeout=2)
    assert await asyncio.to_thread(_advisory_locks, postgres_url) == (0, 0)


async def test_a_wait_that_runs_out_goes_ahead_under_the_local_lock(
    postgres_url: str, locks: list[PostgresConversationLock], caplog: pytest.LogCaptureFixture
) -> None:
    """As documented: the turn is not refused; the failure is logged (without the id)."""
    first, second = _instance(locks, postgres_url), _instance(locks, postgres_url, wait=0.3)
    async with first.hold("one-conversation"):
        await asyncio.wait_for(_enter(second, "one-conversation"), timeout=3)
    assert "shared conversation lock not granted in time" in caplog.text
    assert "one-conversation" not in caplog.text


async def test_a_lost_lock_connection_is_replaced(
    postgres_url: str, locks: list[PostgresConversationLock]
) -> None:
    lock = _instance(locks, postgres_url)
    await _enter(lock, "one-conversation")
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:  # the connection is cut, as by a restart
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND query ILIKE '%advisory%'"
                )
            )
    finally:
        engine.dispose()
    await _enter(lock, "one-conversation")  # that turn goes ahead; the lock reconnects
    other = _instance(locks, postgres_url, wait=0.5)
    async with lock.hold("one-conversation"):
        assert await asyncio.to_thread(_advisory_locks, postgres_url) == (1, 1)
        held_elsewhere = asyncio.create_task(_enter(other, "one-conversation"))
        await asyncio.sleep(0.2)
        assert not held_elsewhere.done()
    await held_elsewhere
