"""A tracker store that fails loudly instead of forgetting conversations.

Rasa 3.6 has two silent fallbacks that are not acceptable for Baton:

* at start-up, ``SQLTrackerStore`` logs and carries on when it cannot create its
  tables (an unusable SQLite file), and retries for ever when the server is down;
* at run time, the agent wraps every store in ``FailSafeTrackerStore``, which answers
  a failed read with "no tracker" (the family silently starts again) and writes into
  an in-memory store instead (the conversation is lost on restart).

``StrictSQLTrackerStore`` checks the database before Rasa starts serving and stops the
server with a clear error if it stays unusable for ``startup_timeout`` seconds. Importing
this module makes the agent use a strict store unwrapped, so a database failure at run
time is an error that the gateway sees (an empty reply from the REST channel, a 500
from the tracker API) and reports to the family and on ``/healthz``.

Configure it in ``endpoints.yml``::

    tracker_store:
      type: bot.rasa_ext.tracker_store.StrictSQLTrackerStore
      dialect: ...
      url: ...
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

DEFAULT_STARTUP_TIMEOUT = 30.0
RETRY_INTERVAL = 2.0


class TrackerStoreUnavailable(RasaException):
    """The tracker database cannot be used; Rasa must not start (or answer) without it."""


class StrictSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that refuses to start on a database it cannot use."""

    def __init__(
        self,
        domain: Domain | None = None,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = "rasa.db",
        username: str | None = None,
        password: str | None = None,
        event_broker: Any = None,
        login_db: str | None = None,
        query: dict | None = None,
        startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        url = self.get_db_url(dialect, host, port, db, username, password, login_db, query)
        # Check first: the parent's constructor would swallow or retry for ever.
        _wait_until_usable(url, float(startup_timeout))
        super().__init__(
            domain,
            dialect,
            host,
            port,
            db,
            username,
            password,
            event_broker,
            login_db,
            query,
            **kwargs,
        )
        logger.info("strict tracker store ready: dialect=%s", self.engine.dialect.name)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's own query and tracker, reading only the events' ``data`` column.

        Rasa builds an ORM object per stored event only to read its JSON; selecting the
        column alone halves the time to load a 100-event conversation.
        """
        with self.session_scope() as session:
            query = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            )
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if self.domain is None or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)


def _wait_until_usable(url: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _check_usable(url)
            return
        except sa.exc.SQLAlchemyError as error:
            if time.monotonic() >= deadline:
                # The class name only: a database URL can carry a password.
                raise TrackerStoreUnavailable(
                    "the tracker store database is unusable "
                    f"({type(error).__name__}); Rasa will not start without it"
                ) from None
            logger.warning(
                "tracker store database not usable yet (%s); retrying",
                type(error).__name__,
            )
            time.sleep(RETRY_INTERVAL)


def _check_usable(url: Any) -> None:
    """Create the events table if needed, then read and write inside a transaction."""
    engine = sa.create_engine(url)
    try:
        SQLTrackerStore.Base.metadata.create_all(engine)
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(sa.text("SELECT COUNT(*) FROM events WHERE 1 = 0"))
            transaction.rollback()
    finally:
        engine.dispose()


def _strict_or_fail_safe(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    """The agent's store factory, keeping a strict store unwrapped (see module docstring)."""
    if isinstance(store, StrictSQLTrackerStore):
        store.domain = domain
        return store
    return _original_create_tracker_store(store, domain)


_original_create_tracker_store = Agent._create_tracker_store
Agent._create_tracker_store = staticmethod(_strict_or_fail_safe)  # type: ignore[method-assign]
