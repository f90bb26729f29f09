"""Safeguarding holds: set by default on urgent safeguarding requests, changed on purpose.

A hold keeps a request and everything linked to its conversation out of the retention
purge and refuses erasure. Setting or releasing one by hand is recorded in the audit
trail; the decision belongs to the council's safeguarding lead, not to this code.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.casequeue import audit
from bot.models import CaseRequest

HOLD_SET = "privacy.hold_set"
HOLD_RELEASED = "privacy.hold_released"


class NoSuchRequest(Exception):
    pass


def set_hold(session: Session, request_id: int, *, held: bool, reason: str) -> bool:
    """Set or release a hold; returns whether anything changed. ``reason`` is audited,
    so it must be a short category ("case closed by MASH"), never personal details."""
    request = session.get(CaseRequest, request_id, with_for_update=True)
    if request is None:
        raise NoSuchRequest(str(request_id))
    if request.safeguarding_hold == held:
        return False
    request.safeguarding_hold = held
    audit.record(
        session,
        HOLD_SET if held else HOLD_RELEASED,
        request_id=request_id,
        conversation_id=request.conversation_id,
        reason=reason[:120],
    )
    return True
