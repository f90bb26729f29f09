"""What a practitioner can do in the console, shared by the JSON API and the HTML pages.

Each function is one unit of work: one database transaction, run in a worker thread
so the gateway's event loop keeps serving families meanwhile. Rules about who may do
what live in ``bot.casequeue.cases``; this module only shapes the results.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypedDict, TypeVar, cast

from aiohttp import web
from sqlalchemy.orm import Session

from bot.casequeue import audit, cases
from bot.casequeue.cases import CaseError
from bot.casequeue.conversations import messages_after, to_api
from bot.console.accounts import authenticate
from bot.console.sessions import ConsoleUser, end_session, start_session
from bot.gateway.keys import NOTIFIER, SESSIONS, SETTINGS
from bot.models import CaseRequest, Practitioner, RequestStatus, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_REPLY_LENGTH = 2000
MAX_OUTCOME_LENGTH = 120  # the column's length
OPEN_STATUSES = (RequestStatus.NEW.value, RequestStatus.CLAIMED.value, RequestStatus.WAITING.value)
# Control characters other than tab and newline would reach families' screens.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Ids beyond a 32-bit integer cannot exist and make PostgreSQL raise.
MAX_ID = 2**31 - 1


class CaseOut(TypedDict):
    id: int
    team: str
    kind: str
    priority: str
    status: str
    summary: str
    assigned_to: str | None
    created_at: str
    waited_seconds: int


class CaseDetail(CaseOut):
    assigned_to_me: bool
    outcome: str | None
    claimed_at: str | None
    closed_at: str | None


class InvalidInput(ValueError):
    """Input a practitioner can correct; the message is written for them."""


def parse_statuses(raw: str | None) -> tuple[str, ...]:
    """``new,claimed`` -> ("new", "claimed"); nothing given means every open status."""
    if raw is None or not raw.strip():
        return OPEN_STATUSES
    statuses = tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    allowed = {status.value for status in RequestStatus}
    if not statuses or not set(statuses) <= allowed:
        raise InvalidInput(
            "status must be a comma-separated list of: " + ", ".join(sorted(allowed))
        )
    return statuses


def clean_reply(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidInput("The reply must be text.")
    cleaned = _CONTROL_CHARS.sub("", text).strip()
    if not cleaned:
        raise InvalidInput("The reply must not be empty.")
    if len(cleaned) > MAX_REPLY_LENGTH:
        raise InvalidInput(f"Please keep replies to {MAX_REPLY_LENGTH} characters or fewer.")
    return cleaned


def clean_outcome(outcome: object) -> str:
    if not isinstance(outcome, str):
        raise InvalidInput("The outcome must be text.")
    cleaned = _CONTROL_CHARS.sub("", outcome).strip()
    if not cleaned:
        raise InvalidInput("Please give an outcome when closing a request.")
    if len(cleaned) > MAX_OUTCOME_LENGTH:
        raise InvalidInput(f"Please keep the outcome to {MAX_OUTCOME_LENGTH} characters or fewer.")
    return cleaned


def parse_case_id(raw: str) -> int:
    """A route's id as an int; anything that cannot be a request id is 'no such request'."""
    try:
        value = int(raw)
    except ValueError:
        raise CaseError("no such request", 404) from None
    if not 0 < value <= MAX_ID:
        raise CaseError("no such request", 404)
    return value


async def run(request: web.Request, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction, in a thread; it commits unless ``work`` raises."""
    sessions = request.app[SESSIONS]

    def unit() -> T:
        with sessions.begin() as session:
            return work(session)

    return await asyncio.to_thread(unit)


def _seconds_since(moment: datetime) -> int:
    return max(0, int((utcnow() - moment).total_seconds()))


def _practitioner(session: Session, user: ConsoleUser) -> Practitioner:
    practitioner = session.get(Practitioner, user.practitioner_id)
    if practitioner is None or not practitioner.active:
        raise CaseError("please log in", 401)
    return practitioner


def _detail(session: Session, request: CaseRequest, user: ConsoleUser) -> CaseDetail:
    assignee = session.get(Practitioner, request.assigned_to_id) if request.assigned_to_id else None
    return CaseDetail(
        id=request.id,
        team=request.team,
        kind=request.kind,
        priority=request.priority,
        status=request.status,
        summary=request.summary,
        assigned_to=assignee.display_name if assignee else None,
        created_at=request.created_at.isoformat(),
        waited_seconds=_seconds_since(request.created_at),
        assigned_to_me=request.assigned_to_id == user.practitioner_id,
        outcome=request.outcome,
        claimed_at=request.claimed_at.isoformat() if request.claimed_at else None,
        closed_at=request.closed_at.isoformat() if request.closed_at else None,
    )


async def login(
    request: web.Request, username: str, password: str, previous_token: str | None
) -> tuple[str, ConsoleUser] | None:
    """Check credentials and open a new session; None for any failure, whatever the cause."""
    idle_timeout = request.app[SETTINGS].console_idle_timeout

    def work(session: Session) -> tuple[str, ConsoleUser] | None:
        practitioner = authenticate(session, username, password)
        if practitioner is None:
            return None
        token, user = start_session(
            session, practitioner, previous_token=previous_token, idle_timeout=idle_timeout
        )
        audit.record(session, "console.login", actor_id=practitioner.id)
        return token, user

    result = await run(request, work)
    if result is None:
        log.info("console login failed")
    return result


async def logout(request: web.Request, user: ConsoleUser, token: str) -> None:
    def work(session: Session) -> None:
        end_session(session, token)
        audit.record(session, "console.logout", actor_id=user.practitioner_id)

    await run(request, work)


async def list_cases(
    request: web.Request, user: ConsoleUser, statuses: tuple[str, ...]
) -> list[CaseOut]:
    """The practitioner's own team's queue, urgent first, then longest waiting."""

    def work(session: Session) -> list[CaseOut]:
        practitioner = _practitioner(session, user)
        return [
            CaseOut(
                id=summary.id,
                team=summary.team,
                kind=summary.kind,
                priority=summary.priority,
                status=summary.status,
                summary=summary.summary,
                assigned_to=summary.assigned_to,
                created_at=summary.created_at,
                waited_seconds=_seconds_since(datetime.fromisoformat(summary.created_at)),
            )
            for summary in cases.list_requests(session, practitioner.team, statuses)
        ]

    return await run(request, work)


async def case_with_transcript(
    request: web.Request, user: ConsoleUser, case_id: int
) -> tuple[CaseDetail, list[dict[str, Any]]]:
    """A case and its whole transcript; every view, and every refused view, is audited."""

    def work(session: Session) -> tuple[CaseDetail, list[dict[str, Any]]] | CaseError:
        practitioner = _practitioner(session, user)
        try:
            case_request = cases.get_request_for(session, case_id, practitioner)
        except CaseError as error:
            if error.status == 403:
                audit.record(
                    session, "request.view_denied", actor_id=practitioner.id, request_id=case_id
                )
            return error  # returned, not raised, so the audit event is committed
        audit.record(
            session,
            "request.viewed",
            actor_id=practitioner.id,
            request_id=case_id,
            conversation_id=case_request.conversation_id,
        )
        # messages_after is annotated list[MessageOut] but returns to_api() dicts,
        # whose "from" key that TypedDict lacks; treat them as what they are.
        transcript = cast(
            list[dict[str, Any]], messages_after(session, case_request.conversation_id, 0)
        )
        return _detail(session, case_request, user), transcript

    result = await run(request, work)
    if isinstance(result, CaseError):
        raise result
    return result


async def claim(request: web.Request, user: ConsoleUser, case_id: int) -> CaseDetail:
    def work(session: Session) -> CaseDetail:
        practitioner = _practitioner(session, user)
        return _detail(session, cases.claim(session, case_id, practitioner), user)

    return await run(request, work)


async def reply(request: web.Request, user: ConsoleUser, case_id: int, text: str) -> dict[str, Any]:
    """Store the reply, then push it to the family's channel.

    The push happens only after the commit, so a family is never sent a message that
    was rolled back. A failed push does not fail the reply: it is stored, web chat
    families fetch it, and a retry would send the family the same words twice.
    """

    def work(session: Session) -> tuple[str, dict[str, Any]]:
        practitioner = _practitioner(session, user)
        message = cases.reply(session, case_id, practitioner, text)
        return message.conversation_id, to_api(message, practitioner)

    conversation_id, message = await run(request, work)
    try:
        await request.app[NOTIFIER].notify_family(conversation_id, message)
    except Exception as error:  # stored is what matters; log ids and the error type only
        log.warning(
            "console reply to request %s stored but not pushed (%s)", case_id, type(error).__name__
        )
    return message


async def close(request: web.Request, user: ConsoleUser, case_id: int, outcome: str) -> CaseDetail:
    def work(session: Session) -> CaseDetail:
        practitioner = _practitioner(session, user)
        return _detail(session, cases.close(session, case_id, practitioner, outcome), user)

    return await run(request, work)
