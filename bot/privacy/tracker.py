"""Rasa's SQL tracker store, read and trimmed from outside Rasa.

Rasa 3.6's ``SQLTrackerStore`` keeps one ``events`` table: ``sender_id`` (our
conversation id), ``type_name``, ``timestamp`` (seconds since the epoch, a float),
``intent_name``, ``action_name`` and ``data`` (the event as JSON text, including what
the family wrote). The table is reflected, not declared, so a store Rasa has not
created yet simply holds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, MetaData, Table, delete, func, inspect, select
from sqlalchemy.engine import make_url

from bot.db import make_engine

EVENTS = "events"


def app_driver_url(url: str) -> str:
    """Rasa's URL (SQLAlchemy 1.4, psycopg2) as this environment's driver needs it."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class TrackerStore:
    """The tracker events of conversations, by conversation id (Rasa's ``sender_id``)."""

    def __init__(self, url: str) -> None:
        self._engine: Engine = make_engine(app_driver_url(url))
        self._table: Table | None = None

    def close(self) -> None:
        self._engine.dispose()

    def _events(self) -> Table | None:
        if self._table is None and inspect(self._engine).has_table(EVENTS):
            self._table = Table(EVENTS, MetaData(), autoload_with=self._engine)
        return self._table

    def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """Every event Rasa holds for one conversation, oldest first, ``data`` parsed."""
        table = self._events()
        if table is None:
            return []
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(table).where(table.c.sender_id == conversation_id).order_by(table.c.id)
            ).mappings()
            return [_event(dict(row)) for row in rows]

    def erase(self, conversation_id: str) -> int:
        """Delete one conversation's tracker; returns the number of events removed."""
        table = self._events()
        if table is None:
            return 0
        with self._engine.begin() as connection:
            result = connection.execute(delete(table).where(table.c.sender_id == conversation_id))
            return int(result.rowcount or 0)

    def purge(self, older_than: datetime, keep: Collection[str]) -> tuple[int, int]:
        """Delete trackers whose last event is before ``older_than``, except ``keep``.

        Returns (trackers removed, events removed).
        """
        table = self._events()
        if table is None:
            return 0, 0
        cutoff = older_than.timestamp()
        with self._engine.begin() as connection:
            stale = [
                sender
                for sender, last in connection.execute(
                    select(table.c.sender_id, func.max(table.c.timestamp)).group_by(
                        table.c.sender_id
                    )
                )
                if last is not None and last < cutoff and sender not in keep
            ]
            removed = 0
            for chunk in _chunks(stale, 500):
                result = connection.execute(delete(table).where(table.c.sender_id.in_(chunk)))
                removed += int(result.rowcount or 0)
        return len(stale), removed

    def erase_many(self, conversation_ids: Collection[str]) -> int:
        table = self._events()
        if table is None or not conversation_ids:
            return 0
        removed = 0
        with self._engine.begin() as connection:
            for chunk in _chunks(list(conversation_ids), 500):
                result = connection.execute(delete(table).where(table.c.sender_id.in_(chunk)))
                removed += int(result.rowcount or 0)
        return removed


def _event(row: dict[str, Any]) -> dict[str, Any]:
    raw = row.get("data")
    if isinstance(raw, str):
        try:
            row["data"] = json.loads(raw)
        except ValueError:
            pass
    return row


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
