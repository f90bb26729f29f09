"""One message at a time per conversation: the ``ConversationLock`` interface.

The routing core holds a conversation's lock from storing the family's message until
the replies are stored, so a slow action cannot let a later message overtake an earlier
one (in the database, in Rasa's tracker or in the replies).

``InProcessConversationLock`` is enough while one gateway process serves every
conversation (the embedded SQLite profile). Several gateway instances behind a load
balancer need a shared lock: ``PostgresConversationLock`` (an advisory lock per
conversation) is used whenever the case queue is on PostgreSQL. See
docs/safety/failures.md.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

from sqlalchemy import Connection, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from bot.config import Settings
from bot.db import make_engine

log = logging.getLogger(__name__)


class ConversationLock(Protocol):
    def hold(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        """Wait for, then hold, the conversation's lock; waiters are served in arrival order."""
        ...


class InProcessConversationLock:
    """asyncio locks (first come, first served), one per busy conversation, dropped when idle."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiters: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._waiters[conversation_id] = self._waiters.get(conversation_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiters[conversation_id] -= 1
            if self._waiters[conversation_id] == 0:
                del self._waiters[conversation_id]
                del self._locks[conversation_id]

    def busy(self) -> int:
        """How many conversations have a message in progress or waiting (for tests)."""
        return len(self._locks)


class PostgresConversationLock:
    """Shared by every gateway instance on one PostgreSQL database.

    A session-level advisory lock per conversation, keyed by its id. One connection per
    gateway process holds the locks of all its conversations at once (a session may
    hold any number), so a hundred families mid-turn cost one connection, not a hundred:
    a connection per held lock ran PostgreSQL out of connections at 100 families at once
    (``max_connections`` is 100 by default), and the case queue's own writes then failed.
    Within one process the in-process lock is taken first (first come, first served);
    across instances a lock held elsewhere is retried with ``pg_try_advisory_lock``
    until ``wait_seconds``. PostgreSQL releases every lock if the connection dies.

    If the database cannot be reached, or the wait runs out, the turn goes ahead under
    the in-process lock only: the family's message then meets the database failure and
    its handling (safety signposting, "please send it again"), rather than an error from
    the lock.
    """

    RETRY_FIRST, RETRY_MAX = 0.02, 0.5  # seconds between tries while another instance holds it

    def __init__(self, database_url: str, wait_seconds: float = 60.0) -> None:
        # NullPool: the one lock connection is kept here, never lent to the main pool.
        self._engine = make_engine(database_url, poolclass=NullPool)
        self._wait_seconds = wait_seconds
        self._local = InProcessConversationLock()
        self._connection: Connection | None = None
        self._statements = threading.Lock()  # one statement at a time on that connection

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        async with self._local.hold(conversation_id):
            held = False
            try:
                held = await self._acquire(conversation_id)
            except SQLAlchemyError as error:
                log.error("shared conversation lock unavailable: %s", type(error).__name__)
            try:
                yield
            finally:
                if held:
                    await asyncio.to_thread(self._unlock, conversation_id)

    def dispose(self) -> None:
        with self._statements:
            self._drop_connection()
        self._engine.dispose()

    async def _acquire(self, conversation_id: str) -> bool:
        """True once this process holds the lock; False if the wait ran out."""
        deadline = time.monotonic() + self._wait_seconds
        pause = self.RETRY_FIRST
        while True:
            trying = asyncio.ensure_future(asyncio.to_thread(self._try_lock, conversation_id))
            try:
                if await asyncio.shield(trying):
                    return True
            except asyncio.CancelledError:
                trying.add_done_callback(
                    lambda done: self._unlock_if_granted(done, conversation_id)
                )
                raise
            if time.monotonic() + pause > deadline:
                log.error("shared conversation lock not granted in time")
                return False
            await asyncio.sleep(pause)
            pause = min(pause * 2, self.RETRY_MAX)

    def _try_lock(self, conversation_id: str) -> bool:
        return bool(
            self._execute("SELECT pg_try_advisory_lock(hashtextextended(:id, 0))", conversation_id)
        )

    def _unlock(self, conversation_id: str) -> None:
        try:
            self._execute("SELECT pg_advisory_unlock(hashtextextended(:id, 0))", conversation_id)
        except SQLAlchemyError as error:  # a lost connection has released it anyway
            log.error("shared conversation lock release failed: %s", type(error).__name__)

    def _unlock_if_granted(self, trying: asyncio.Future[bool], conversation_id: str) -> None:
        """A waiter was cancelled mid-try: give the lock back if that try got it."""
        if not trying.cancelled() and trying.exception() is None and trying.result():
            threading.Thread(target=self._unlock, args=(conversation_id,)).start()

    def _execute(self, statement: str, conversation_id: str) -> Any:
        with self._statements:
            if self._connection is None:
                self._connection = self._engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            try:
                return self._connection.execute(text(statement), {"id": conversation_id}).scalar()
            except SQLAlchemyError:
                self._drop_connection()  # the next statement reconnects
                raise

    def _drop_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except SQLAlchemyError:
                pass
            self._connection = None


def conversation_lock_for(settings: Settings) -> ConversationLock:
    """Shared advisory locks on PostgreSQL (several gateways may run), else in-process."""
    if make_url(settings.database_url).get_backend_name() == "postgresql":
        # Wait at most a little longer than one slow turn before giving up.
        return PostgresConversationLock(
            settings.database_url, settings.rasa_queue_timeout + settings.rasa_timeout + 30
        )
    return InProcessConversationLock()
