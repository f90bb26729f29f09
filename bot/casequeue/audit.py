"""The audit trail: who viewed and changed what (ids and event names only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.models import AuditEvent


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    request_id: int | None = None,
    conversation_id: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEvent(
            action=action,
            actor_id=actor_id,
            request_id=request_id,
            conversation_id=conversation_id,
            detail=detail,
        )
    )
