"""Personal Adviser link codes: one-time, short-lived codes that link a conversation.

A PA creates a code in the console and gives it to the young person, who sends it on
Telegram (deep link ``/start CODE``) or types it into web chat. The conversation is
then linked to that PA: the PA becomes its named practitioner.

Codes look like ``K7M3-QX2P``: eight characters from an alphabet without look-alikes
(no 0/O, 1/I/L), always with at least one digit so ordinary words are never mistaken
for a code. Only the SHA-256 of the code is stored.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.casequeue import audit
from bot.models import Conversation, LinkCode, Practitioner, utcnow

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_DIGITS = frozenset("23456789")
# "K7M3-QX2P", "k7m3qx2p" or "K7M3 QX2P"; the whole message, nothing else.
CODE_PATTERN = re.compile(r"^\s*([A-Za-z2-9]{4})[\s-]?([A-Za-z2-9]{4})\s*$")


class Redemption(enum.StrEnum):
    LINKED = "linked"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Redeemed:
    outcome: Redemption
    practitioner_name: str | None = None
    practitioner_team: str | None = None


def normalise(raw: str) -> str | None:
    """The canonical ``XXXX-XXXX`` form if ``raw`` looks like a link code, else None."""
    match = CODE_PATTERN.match(raw)
    if match is None:
        return None
    code = (match.group(1) + match.group(2)).upper()
    if not set(code) <= set(ALPHABET) or not set(code) & _DIGITS:
        return None
    return f"{code[:4]}-{code[4:]}"


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def _generate() -> str:
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
        if set(raw) & _DIGITS:
            return f"{raw[:4]}-{raw[4:]}"


def create_code(
    session: Session, practitioner: Practitioner, *, lifetime: timedelta
) -> tuple[str, datetime]:
    """A new code for ``practitioner``; the plain code is returned once and never stored."""
    code = _generate()
    expires_at = utcnow() + lifetime
    session.add(
        LinkCode(code_hash=hash_code(code), practitioner_id=practitioner.id, expires_at=expires_at)
    )
    session.flush()
    audit.record(session, "link_code.created", actor_id=practitioner.id)
    return code, expires_at


def redeem(session: Session, conversation_id: str, raw_code: str) -> Redeemed:
    """Link the conversation to the code's PA if the code is valid, unexpired and unused.

    The conditional UPDATE decides: of two redemptions at once, exactly one links.
    """
    code = normalise(raw_code)
    if code is None:
        return Redeemed(Redemption.UNKNOWN)
    row = session.query(LinkCode).filter(LinkCode.code_hash == hash_code(code)).one_or_none()
    if row is None:
        audit.record(session, "link_code.unknown", conversation_id=conversation_id)
        return Redeemed(Redemption.UNKNOWN)
    now = utcnow()
    won = session.execute(
        update(LinkCode)
        .where(LinkCode.id == row.id, LinkCode.used_at.is_(None), LinkCode.expires_at > now)
        .values(used_at=now, conversation_id=conversation_id)
        .returning(LinkCode.id)
        .execution_options(synchronize_session=False)
    ).first()
    if won is None:
        session.refresh(row)
        outcome = Redemption.USED if row.used_at is not None else Redemption.EXPIRED
        audit.record(
            session, f"link_code.{outcome.value}", conversation_id=conversation_id, code_id=row.id
        )
        return Redeemed(outcome)
    practitioner = session.get(Practitioner, row.practitioner_id)
    if practitioner is None or not practitioner.active:
        return Redeemed(Redemption.EXPIRED)
    session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(named_practitioner_id=practitioner.id)
    )
    audit.record(
        session,
        "link_code.linked",
        actor_id=practitioner.id,
        conversation_id=conversation_id,
        code_id=row.id,
    )
    return Redeemed(Redemption.LINKED, practitioner.display_name, practitioner.team)
