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
      cached_conversations: 256

**Each conversation's latest session, kept between messages.** Rasa reads every event
of the latest session from the database at the start of each message (one query, the
JSON of each row parsed) and, to save, counts those rows again to know which events are
new. The store keeps, for the ``cached_conversations`` most recently used conversations,
the rows Rasa's query returned and how many rows and which largest row id the
conversation had. Each read first asks the database for that count and id (one indexed
query): if both are unchanged, no row has been added or deleted since, and the tracker
is rebuilt from the kept rows; otherwise it is read as before. An erasure or retention
purge (rows deleted), or another Rasa instance writing the conversation (rows added),
therefore makes the next read go to the database. (Rows are deleted by conversation,
and PostgreSQL never reuses an id; SQLite can give new rows the ids of deleted ones, so
there the check could be fooled only by a second writer of the conversation, which the
embedded profile does not have.) A save of the tracker built by the last read writes
the events after the kept ones, which is what Rasa's count would give under its lock
store, and adds them to the kept rows; any other save is Rasa's own. The one
difference: a conversation erased while a message is handled gets that message's
events stored, where Rasa, counting no rows, would store the whole session again.

The rows are kept as ``marshal`` bytes of their parsed JSON, so that each read gets
fresh dicts: Rasa's events keep references into the dicts they are built from (slot
values, parse data), and a turn that changed one in place and then failed must not
change what the next read sees. Loading them is three times faster than parsing the
JSON again (0.27 against 0.82 ms for a 204-event session). About 355 bytes an event:
memory and measurements are in ``docs/deploy.md``, "Tracker cache".
"""

from __future__ import annotations

import itertools
import json
import logging
import marshal
import time
import weakref
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

DEFAULT_STARTUP_TIMEOUT = 30.0
RETRY_INTERVAL = 2.0
DEFAULT_CACHED_CONVERSATIONS = 256
CACHE_IDLE_SECONDS = 3600.0
"""A conversation unused this long leaves the cache at the next read or save of any
conversation: Rasa's default session expiry, after which its next message starts a new
session (and drops the entry) anyway, and a bound on how long an erased conversation's
words stay in memory while others still talk (docs/privacy.md)."""


class TrackerStoreUnavailable(RasaException):
    """The tracker database cannot be used; Rasa must not start (or answer) without it."""


class StrictSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that refuses to start on a database it cannot use.

    It also keeps the latest session of recent conversations (module docstring).
    """

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
        cached_conversations: int = DEFAULT_CACHED_CONVERSATIONS,
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
        # 0 turns the cache off: every read and save is then Rasa's (data column only).
        self._cache_size = max(int(cached_conversations), 0)
        self._latest: OrderedDict[str, _LatestSession] = OrderedDict()
        events = self.SQLEvent
        self._fingerprint = sa.select(sa.func.count(events.id), sa.func.max(events.id)).where(
            events.sender_id == sa.bindparam("sender_id")
        )
        logger.info(
            "strict tracker store ready: dialect=%s, cached conversations=%d",
            self.engine.dialect.name,
            self._cache_size,
        )

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's own query and tracker, reading only the events' ``data`` column.

        Rasa builds an ORM object per stored event only to read its JSON; selecting the
        column alone halves the time to load a 100-event conversation. The latest
        session comes from the cache while the conversation's rows are unchanged.
        """
        if fetch_events_from_all_sessions or not self._cache_size:
            with self.session_scope() as session:
                rows = self._rows(session, sender_id, fetch_events_from_all_sessions)
            return self._tracker(sender_id, rows)
        try:
            return self._retrieve_latest_session(sender_id)
        except BaseException:
            self._latest.pop(sender_id, None)
            raise

    def _retrieve_latest_session(self, sender_id: str) -> DialogueStateTracker | None:
        self._forget_idle()
        with self.session_scope() as session:
            # Counted before the rows are read: a write in between makes the next read
            # miss, where counting after could let stale rows pass for current ones.
            stored, last_id = session.execute(self._fingerprint, {"sender_id": sender_id}).one()
            kept = self._latest.get(sender_id)
            if kept is not None and kept.stored == stored and kept.last_id == last_id:
                rows = kept.rows()
            else:
                self._latest.pop(sender_id, None)
                kept = None
                rows = self._rows(session, sender_id, False) if stored else []
                if rows and self.domain is not None:
                    kept = self._keep(sender_id, _LatestSession(rows, stored, last_id))
        tracker = self._tracker(sender_id, rows)
        if kept is not None and tracker is not None:
            kept.tracker = weakref.ref(tracker)
            kept.used = time.monotonic()
            self._latest.move_to_end(sender_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, counting the stored events from the cache when it can.

        Only the tracker built by the last read of this conversation is saved that way,
        once: the kept rows are what the database held at that read, and Rasa's lock
        store keeps other writers of the conversation out until this save. Any other
        tracker (Rasa's API replacing events, a second save) is counted by Rasa's query.
        """
        sender_id = tracker.sender_id
        self._forget_idle()
        kept = self._latest.get(sender_id)
        if kept is not None and not kept.built(tracker):
            kept = None
        if kept is not None:
            kept.tracker = None
        try:
            await self.stream_events(tracker)  # with an event broker, reads the tracker
            if kept is not None and self._latest.get(sender_id) is not kept:
                kept = None
            if kept is None:
                self._latest.pop(sender_id, None)
            with self.session_scope() as session:
                if kept is None:
                    new_events = list(self._additional_events(session, tracker))
                else:
                    new_events = list(itertools.islice(tracker.events, len(kept.events), None))
                rows = [self._row(sender_id, event) for event in new_events]
                session.add_all(rows)
                session.flush()  # Rasa's commit flushes the same inserts; here the ids are kept
                added = [(row.id, row.type_name, row.timestamp, row.data) for row in rows]
                session.commit()
            if kept is not None:
                if any(type_name == SessionStarted.type_name for _, type_name, _, _ in added):
                    # A new session moves Rasa's session start: read it back next time.
                    self._latest.pop(sender_id, None)
                else:
                    kept.add(added)
                    kept.used = time.monotonic()
                    self._latest.move_to_end(sender_id)
        except BaseException:
            self._latest.pop(sender_id, None)
            raise
        logger.debug("tracker stored: new events=%d", len(added))

    def _rows(self, session: Any, sender_id: str, all_sessions: bool) -> list[dict[str, Any]]:
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=all_sessions)
        return [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]

    def _tracker(self, sender_id: str, rows: list[dict[str, Any]]) -> DialogueStateTracker | None:
        if self.domain is None or not rows:
            return None
        return DialogueStateTracker.from_dict(sender_id, rows, self.domain.slots)

    def _row(self, sender_id: str, event: Event) -> Any:
        """The row Rasa's ``save`` stores for ``event``."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _forget_idle(self) -> None:
        """Drop the conversations unused for ``CACHE_IDLE_SECONDS`` (oldest first)."""
        oldest = time.monotonic() - CACHE_IDLE_SECONDS
        while self._latest:
            sender_id, kept = next(iter(self._latest.items()))
            if kept.used >= oldest:
                return
            del self._latest[sender_id]

    def _keep(self, sender_id: str, kept: _LatestSession) -> _LatestSession:
        self._latest[sender_id] = kept
        while len(self._latest) > self._cache_size:
            self._latest.popitem(last=False)
        return kept


class _LatestSession:
    """The rows Rasa's latest-session query returns for one conversation, parsed.

    ``stored`` and ``last_id`` count every row of the conversation, in all sessions.
    Rows are only ever added or deleted, never changed, so while the database gives the
    same two numbers the kept rows are still what the query would return.
    """

    __slots__ = ("events", "last_event", "last_id", "session_start", "stored", "tracker", "used")

    def __init__(self, rows: list[dict[str, Any]], stored: int, last_id: int) -> None:
        self.events = [marshal.dumps(row) for row in rows]
        self.used = time.monotonic()
        self.stored = stored
        self.last_id = last_id
        # Rasa's query keeps rows stamped at or after the latest session start; the row
        # of that start is always among them, so its time can be found here.
        starts = [
            row["timestamp"]
            for row in rows
            if row.get("event") == SessionStarted.type_name and row.get("timestamp") is not None
        ]
        self.session_start: float | None = max(starts, default=None)
        self.last_event = (rows[-1].get("event"), rows[-1].get("timestamp"))
        self.tracker: weakref.ref[DialogueStateTracker] | None = None

    def rows(self) -> list[dict[str, Any]]:
        """Fresh dicts each time (module docstring)."""
        return [marshal.loads(event) for event in self.events]  # noqa: S302 (our own bytes)

    def built(self, tracker: DialogueStateTracker) -> bool:
        """True for the tracker the last read built from these rows, grown at its end."""
        events = tracker.events
        if self.tracker is None or self.tracker() is not tracker:
            return False
        count = len(self.events)
        if len(events) < count:
            return False
        # An event Rasa cannot deserialise is stored but missing from the tracker.
        event = events[count - 1]
        return (event.type_name, event.timestamp) == self.last_event

    def add(self, added: list[tuple[int, str, float | None, str]]) -> None:
        """Rows just stored, in id order, none of them a session start."""
        for row_id, type_name, timestamp, data in added:
            self.stored += 1
            self.last_id = max(self.last_id, row_id)
            if self.session_start is None or (
                timestamp is not None and timestamp >= self.session_start
            ):
                self.events.append(marshal.dumps(json.loads(data)))
                self.last_event = (type_name, timestamp)


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
