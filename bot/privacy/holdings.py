"""What the case queue holds about one family, found generically.

A family is a conversation. Everything linked to it is found by column name, so a
table another feature adds (``bookings``, case notes ...) is exported and erased
without a change here: any table with a ``conversation_id`` column, and any table with
a ``request_id`` column (pointing at one of the conversation's requests).

The audit trail is the exception: it is the record of what was done, holds ids and
event names only, and is exported but never erased.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, MetaData, Table, delete, select
from sqlalchemy.orm import Session

from bot.models import CaseRequest

CONVERSATIONS = "conversations"
REQUESTS = "requests"
AUDIT = "audit_events"
# Never erased: the audit trail (ids and event names), and Alembic's bookkeeping.
KEPT = frozenset({AUDIT, "alembic_version"})


@dataclass(frozen=True)
class Linked:
    """The reflected tables that hold rows about a family, parents before children."""

    by_conversation: list[Table]
    by_request: list[Table]
    all_tables: dict[str, Table]


def reflect(connection: Connection) -> Linked:
    metadata = MetaData()
    metadata.reflect(bind=connection)
    by_conversation: list[Table] = []
    by_request: list[Table] = []
    for table in metadata.sorted_tables:
        if table.name in KEPT:
            continue
        if table.name == CONVERSATIONS:
            continue
        if "conversation_id" in table.c:
            by_conversation.append(table)
        elif "request_id" in table.c:
            by_request.append(table)
    return Linked(by_conversation, by_request, dict(metadata.tables))


def request_ids(session: Session, conversation_ids: Collection[str]) -> list[int]:
    return list(
        session.scalars(
            select(CaseRequest.id).where(CaseRequest.conversation_id.in_(list(conversation_ids)))
        )
    )


def held(session: Session, conversation_ids: Collection[str]) -> list[int]:
    """Ids of requests under a safeguarding hold among these conversations'."""
    return list(
        session.scalars(
            select(CaseRequest.id).where(
                CaseRequest.conversation_id.in_(list(conversation_ids)),
                CaseRequest.safeguarding_hold.is_(True),
            )
        )
    )


def export_rows(session: Session, conversation_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row linked to the conversation, by table name (JSON-ready values)."""
    connection = session.connection()
    linked = reflect(connection)
    requests = request_ids(session, [conversation_id])
    out: dict[str, list[dict[str, Any]]] = {}
    conversations = linked.all_tables[CONVERSATIONS]
    out[CONVERSATIONS] = _rows(connection, conversations, conversations.c.id == conversation_id)
    for table in linked.by_conversation:
        out[table.name] = _rows(connection, table, table.c.conversation_id == conversation_id)
    for table in linked.by_request:
        out[table.name] = _rows(connection, table, table.c.request_id.in_(requests))
    audit = linked.all_tables.get(AUDIT)
    if audit is not None:
        condition = audit.c.conversation_id == conversation_id
        if requests:
            condition = condition | audit.c.request_id.in_(requests)
        out[AUDIT] = _rows(connection, audit, condition)
    return out


def erase_rows(session: Session, conversation_ids: Collection[str]) -> dict[str, int]:
    """Delete everything linked to these conversations, children first; rows per table."""
    ids = list(conversation_ids)
    if not ids:
        return {}
    connection = session.connection()
    linked = reflect(connection)
    requests = request_ids(session, ids)
    counts: dict[str, int] = {}
    for table in reversed(linked.by_request):
        if requests:
            counts[table.name] = _delete(connection, table, table.c.request_id.in_(requests))
    for table in reversed(linked.by_conversation):
        counts[table.name] = _delete(connection, table, table.c.conversation_id.in_(ids))
    conversations = linked.all_tables[CONVERSATIONS]
    counts[CONVERSATIONS] = _delete(connection, conversations, conversations.c.id.in_(ids))
    # The ORM must not hand out objects for rows deleted behind its back.
    session.expire_all()
    return {name: count for name, count in counts.items() if count}


def erase_requests(session: Session, ids: Collection[int]) -> dict[str, int]:
    """Delete requests (and rows linked to them), leaving their conversations."""
    if not ids:
        return {}
    connection = session.connection()
    linked = reflect(connection)
    counts: dict[str, int] = {}
    for table in reversed(linked.by_request):
        counts[table.name] = _delete(connection, table, table.c.request_id.in_(list(ids)))
    requests = linked.all_tables[REQUESTS]
    counts[REQUESTS] = _delete(connection, requests, requests.c.id.in_(list(ids)))
    session.expire_all()
    return {name: count for name, count in counts.items() if count}


def _rows(connection: Connection, table: Table, condition: Any) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.c)[:1]
    result = connection.execute(select(table).where(condition).order_by(*order)).mappings()
    return [{key: _json_value(value) for key, value in row.items()} for row in result]


def _delete(connection: Connection, table: Table, condition: Any) -> int:
    return int(connection.execute(delete(table).where(condition)).rowcount or 0)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value
