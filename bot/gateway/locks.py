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
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

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

    A session-level advisory lock keyed by the conversation id, held on its own
    connection for the whole turn; PostgreSQL grants waiting requests in order and
    releases the lock if the holder's connection dies. Within one process the in-process
    lock is taken first, so a conversation never holds more than one connection here.

    If the database cannot be reached the turn goes ahead under the in-process lock
    only: the family's message then meets the database failure and its handling (safety
    signposting, "please send it again"), rather than an error from the lock.
    """

    def __init__(self, database_url: str, wait_seconds: float = 60.0) -> None:
        # NullPool: a held lock pins its connection; never starve the main pool.
        self._engine = make_engine(database_url, poolclass=NullPool)
        self._wait_ms = int(wait_seconds * 1000)
        self._local = InProcessConversationLock()

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        async with self._local.hold(conversation_id):
            acquiring = asyncio.ensure_future(asyncio.to_thread(self._acquire, conversation_id))
            try:
                connection = await asyncio.shield(acquiring)
            except asyncio.CancelledError:
                acquiring.add_done_callback(self._release_later)
                raise
            except SQLAlchemyError as error:
                log.error("shared conversation lock unavailable: %s", type(error).__name__)
                connection = None
            try:
                yield
            finally:
                if connection is not None:
                    await asyncio.to_thread(self._release, connection)

    def dispose(self) -> None:
        self._engine.dispose()

    def _acquire(self, conversation_id: str) -> Connection:
        connection = self._engine.connect()
        try:
            connection.execute(text(f"SET lock_timeout = {self._wait_ms}"))
            connection.execute(
                text("SELECT pg_advisory_lock(hashtextextended(:id, 0))"), {"id": conversation_id}
            )
            connection.commit()  # the advisory lock is held by the session, not the transaction
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _release(connection: Connection) -> None:
        try:
            connection.execute(text("SELECT pg_advisory_unlock_all()"))
            connection.commit()
        except SQLAlchemyError as error:  # closing the connection releases it anyway
            log.error("shared conversation lock release failed: %s", type(error).__name__)
        finally:
            connection.close()

    def _release_later(self, acquiring: asyncio.Future[Connection]) -> None:
        """A waiter was cancelled after all: release the lock once it has been granted."""
        if not acquiring.cancelled() and acquiring.exception() is None:
            threading.Thread(target=self._release, args=(acquiring.result(),)).start()


def conversation_lock_for(settings: Settings) -> ConversationLock:
    """Shared advisory locks on PostgreSQL (several gateways may run), else in-process."""
    if make_url(settings.database_url).get_backend_name() == "postgresql":
        # Wait at most a little longer than one slow turn before giving up.
        return PostgresConversationLock(
            settings.database_url, settings.rasa_queue_timeout + settings.rasa_timeout + 30
        )
    return InProcessConversationLock()
