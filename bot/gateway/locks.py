"""One message at a time per conversation: the ``ConversationLock`` interface.

The routing core holds a conversation's lock from storing the family's message until
the replies are stored, so a slow action cannot let a later message overtake an earlier
one (in the database, in Rasa's tracker or in the replies).

``InProcessConversationLock`` is enough while one gateway process serves every
conversation (the embedded profile and a single production instance). Several gateway
instances behind a load balancer would need a shared lock (for example a PostgreSQL
advisory lock or a Redis lock keyed by conversation) implementing this same interface;
see docs/safety/failures.md.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol


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
