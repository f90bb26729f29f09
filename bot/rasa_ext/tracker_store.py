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

It also writes faster than Rasa's own store, with the same rows (measured with
``python -m bench --profile-seconds``: saving was 31% of Rasa's samples at 20 families
at once, all of it blocking Rasa's event loop):

* SQLAlchemy 1.4 gives a SQLite file no connection pool, so Rasa opened and closed a
  connection on every save, and closing the last connection to a WAL database
  checkpoints it: half of each save. Here SQLite connections stay open.
* A save runs on one writer thread, so other conversations' NLU and policies go on
  while a commit waits for the disk. Rasa holds the conversation's lock until the save
  returns, so one conversation's turns still read what the turn before wrote.
* New events go in as one Core ``INSERT`` instead of one ORM object each.

Configure it in ``endpoints.yml``::

    tracker_store:
      type: bot.rasa_ext.tracker_store.StrictSQLTrackerStore
      dialect: ...
      url: ...
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

DEFAULT_STARTUP_TIMEOUT = 30.0
RETRY_INTERVAL = 2.0


class TrackerStoreUnavailable(RasaException):
    """The tracker database cannot be used; Rasa must not start (or answer) without it."""


class StrictSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that refuses to start on a database it cannot use."""

    engine: sa.engine.Engine

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
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            self._keep_sqlite_connections()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-store")
        logger.info("strict tracker store ready: dialect=%s", self.engine.dialect.name)

    def _keep_sqlite_connections(self) -> None:
        """Replace SQLAlchemy 1.4's ``NullPool`` for SQLite files with a pool.

        The writer thread and the event loop each check a connection out; a connection
        is only ever used by one of them at a time (the pool hands it out).
        """
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
        )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events Rasa has not stored yet (Rasa's rule), on the writer thread."""
        await self.stream_events(tracker)
        await asyncio.get_running_loop().run_in_executor(
            self._writer, self._store_new_events, tracker
        )

    def _store_new_events(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            stored = self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False
            ).count()
            rows = [
                _event_row(tracker.sender_id, event)
                for event in itertools.islice(tracker.events, stored, None)
            ]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

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


def _event_row(sender_id: str, event: Any) -> dict[str, Any]:
    """The columns ``SQLTrackerStore.save`` writes for one event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


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
