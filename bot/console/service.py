"""What a practitioner can do in the console, shared by the JSON API and the HTML pages.

Each function is one unit of work: one database transaction, run in a worker thread
so the gateway's event loop keeps serving families meanwhile. Rules about who may do
what live in ``bot.casequeue.cases``; this module only shapes the results.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypedDict, TypeVar, cast

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import plaintext
from bot.casequeue import audit, cases, handoff, linkcodes, teams
from bot.casequeue.cases import CaseError
from bot.casequeue.conversations import messages_after, to_api
from bot.console import throttle
from bot.console.accounts import AccountError, add_practitioner, authenticate
from bot.console.sessions import ConsoleUser, end_session, start_session
from bot.gateway.keys import NOTIFIER, SESSIONS, SETTINGS
from bot.models import CaseRequest, Practitioner, RequestStatus, Role, Team, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_REPLY_LENGTH = 2000
MAX_OUTCOME_LENGTH = 120  # the column's length
OPEN_STATUSES = (RequestStatus.NEW.value, RequestStatus.CLAIMED.value, RequestStatus.WAITING.value)
# A new request may already name a practitioner (a booking by their family); it is held
# only once claimed.
HELD_STATUSES = (RequestStatus.CLAIMED.value, RequestStatus.WAITING.value)
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
    # The council's response target for this priority, and whether it is passed.
    target_seconds: int | None
    overdue: bool


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
    cleaned = plaintext.clean(text)
    if not plaintext.has_visible(cleaned):
        raise InvalidInput("The reply must not be empty.")
    if len(cleaned) > MAX_REPLY_LENGTH:
        raise InvalidInput(f"Please keep replies to {MAX_REPLY_LENGTH} characters or fewer.")
    return cleaned


def clean_outcome(outcome: object) -> str:
    if not isinstance(outcome, str):
        raise InvalidInput("The outcome must be text.")
    cleaned = plaintext.clean(outcome)
    if not plaintext.has_visible(cleaned):
        raise InvalidInput("Please give an outcome when closing a request.")
    if len(cleaned) > MAX_OUTCOME_LENGTH:
        raise InvalidInput(f"Please keep the outcome to {MAX_OUTCOME_LENGTH} characters or fewer.")
    return cleaned


def row_id(raw: str) -> int | None:
    """A route's id as an int, or ``None`` if no row can have it.

    One spelling per row: ``int()`` also reads "٣", "１", "0001" and " 1", and
    ``isdigit()`` accepts "²", which ``int()`` refuses. Past a 32-bit integer PostgreSQL
    raises, and past 4,300 digits ``int()`` does.
    """
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID))):
        return None
    value = int(raw)
    return value if str(value) == raw and 0 < value <= MAX_ID else None


def parse_case_id(raw: str) -> int:
    """A route's id as an int; anything that cannot be a request id is 'no such request'."""
    value = row_id(raw)
    if value is None:
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


def _target(request: web.Request, priority: str) -> int | None:
    minutes = teams.cached(request.app[SETTINGS].teams_config).target_minutes(priority)
    return None if minutes is None else minutes * 60


def _overdue(status: str, waited: int, target: int | None) -> bool:
    """Only a request nobody has picked up yet can breach its response target."""
    return status == RequestStatus.NEW.value and target is not None and waited > target


def _detail(
    session: Session, request: CaseRequest, user: ConsoleUser, target: int | None = None
) -> CaseDetail:
    assignee = session.get(Practitioner, request.assigned_to_id) if request.assigned_to_id else None
    waited = _seconds_since(request.created_at)
    return CaseDetail(
        id=request.id,
        team=request.team,
        kind=request.kind,
        priority=request.priority,
        status=request.status,
        summary=request.summary,
        assigned_to=assignee.display_name if assignee else None,
        created_at=request.created_at.isoformat(),
        waited_seconds=waited,
        target_seconds=target,
        overdue=_overdue(request.status, waited, target),
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


async def throttled_login(
    request: web.Request, username: str, password: str, previous_token: str | None
) -> tuple[str, ConsoleUser] | throttle.Refused | None:
    """:func:`login` behind the login throttle (bot/console/throttle.py): past the limit,
    ``Refused`` without the password being checked; otherwise the attempt is counted."""
    attempt = await throttle.admit(request, username)
    if isinstance(attempt, throttle.Refused):
        return attempt
    result = await login(request, username, password, previous_token)
    if result is None:
        await throttle.failed(request, attempt)
    else:
        await throttle.succeeded(request, attempt)
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

    def out(summary: cases.CaseSummary) -> CaseOut:
        waited = _seconds_since(datetime.fromisoformat(summary.created_at))
        target = _target(request, summary.priority)
        return CaseOut(
            id=summary.id,
            team=summary.team,
            kind=summary.kind,
            priority=summary.priority,
            status=summary.status,
            summary=summary.summary,
            assigned_to=summary.assigned_to,
            created_at=summary.created_at,
            waited_seconds=waited,
            target_seconds=target,
            overdue=_overdue(summary.status, waited, target),
        )

    def work(session: Session) -> list[CaseOut]:
        practitioner = _practitioner(session, user)
        queue = cases.list_requests(session, practitioner.team, statuses)
        return [out(summary) for summary in queue]

    return await run(request, work)


def _bookings(session: Session, conversation_id: str) -> list[dict[str, Any]] | None:
    """The family's bookings, if the booking module is installed (None when it is not)."""
    try:  # bot.booking belongs to the booking feature and may not be installed yet
        booking = importlib.import_module("bot.booking")
    except ImportError:
        return None
    for_conversation = getattr(booking, "bookings_for_conversation", None)
    if for_conversation is None:
        return None
    return list(for_conversation(session, conversation_id))


async def case_with_transcript(
    request: web.Request, user: ConsoleUser, case_id: int
) -> tuple[CaseDetail, list[dict[str, Any]]]:
    """A case and its whole transcript; every view, and every refused view, is audited."""
    case, extras = await case_view(request, user, case_id)
    return case, extras["transcript"]


async def case_view(
    request: web.Request, user: ConsoleUser, case_id: int
) -> tuple[CaseDetail, dict[str, Any]]:
    """Everything the case page shows: transcript, private notes, audit trail, bookings."""

    def work(session: Session) -> tuple[CaseDetail, dict[str, Any]] | CaseError:
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
        session.flush()
        transcript = cast(
            list[dict[str, Any]], messages_after(session, case_request.conversation_id, 0)
        )
        extras = {
            "transcript": transcript,
            "notes": cases.notes_for(session, case_id),
            "audit": cases.audit_trail(session, case_id),
            "bookings": _bookings(session, case_request.conversation_id),
        }
        target = _target(request, case_request.priority)
        return _detail(session, case_request, user, target), extras

    result = await run(request, work)
    if isinstance(result, CaseError):
        raise result
    return result


def canned_replies(request: web.Request) -> tuple[str, ...]:
    return teams.cached(request.app[SETTINGS].teams_config).canned_replies


async def _notify(request: web.Request, conversation_id: str, message: dict[str, Any]) -> None:
    """Push to the family's channel after the commit; a failed push fails nothing."""
    try:
        await request.app[NOTIFIER].notify_family(conversation_id, message)
    except Exception as error:  # stored is what matters; log the error type only
        log.warning("family message stored but not pushed (%s)", type(error).__name__)


async def claim(request: web.Request, user: ConsoleUser, case_id: int) -> CaseDetail:
    """Claim; the family is told the practitioner's name and team at once."""

    def work(session: Session) -> tuple[CaseDetail, str, dict[str, Any]]:
        practitioner = _practitioner(session, user)
        claimed = cases.claim(session, case_id, practitioner)
        notice = handoff.announce_holder(
            session, claimed.conversation_id, practitioner, reassigned=False
        )
        return _detail(session, claimed, user), claimed.conversation_id, notice

    detail, conversation_id, notice = await run(request, work)
    await _notify(request, conversation_id, notice)
    return detail


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
    await _notify(request, conversation_id, message)
    return message


async def close(request: web.Request, user: ConsoleUser, case_id: int, outcome: str) -> CaseDetail:
    def work(session: Session) -> CaseDetail:
        practitioner = _practitioner(session, user)
        return _detail(session, cases.close(session, case_id, practitioner, outcome), user)

    return await run(request, work)


async def reopen(request: web.Request, user: ConsoleUser, case_id: int) -> CaseDetail:
    def work(session: Session) -> CaseDetail:
        practitioner = _practitioner(session, user)
        return _detail(session, cases.reopen(session, case_id, practitioner), user)

    return await run(request, work)


async def set_waiting(request: web.Request, user: ConsoleUser, case_id: int) -> CaseDetail:
    def work(session: Session) -> CaseDetail:
        practitioner = _practitioner(session, user)
        return _detail(session, cases.set_waiting(session, case_id, practitioner), user)

    return await run(request, work)


async def add_note(request: web.Request, user: ConsoleUser, case_id: int, text: str) -> None:
    def work(session: Session) -> None:
        cases.add_note(session, case_id, _practitioner(session, user), text)

    await run(request, work)


async def hand_back(request: web.Request, user: ConsoleUser, case_id: int) -> CaseDetail:
    def work(session: Session) -> tuple[CaseDetail, str, dict[str, Any]]:
        practitioner = _practitioner(session, user)
        held, message = cases.hand_back(session, case_id, practitioner)
        return _detail(session, held, user), held.conversation_id, message

    detail, conversation_id, message = await run(request, work)
    await _notify(request, conversation_id, message)
    return detail


def parse_reassignment(body: dict[str, Any]) -> tuple[str | None, Team | None, str]:
    """``{"to": username}`` or ``{"team": team}``, and a ``note`` for the next practitioner."""
    to, team, note = body.get("to"), body.get("team"), body.get("note")
    if (to is None) == (team is None):
        raise InvalidInput('Send either "to" (a colleague\'s username) or "team".')
    if to is not None and not isinstance(to, str):
        raise InvalidInput('"to" must be a username.')
    parsed_team = None
    if team is not None:
        try:
            parsed_team = Team(team)
        except ValueError:
            raise InvalidInput(
                "team must be one of: " + ", ".join(t.value for t in Team)
            ) from None
    return to, parsed_team, clean_note(note)


def clean_note(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidInput("The note must be text.")
    cleaned = plaintext.clean(text)
    if not plaintext.has_visible(cleaned):
        raise InvalidInput("Please write a note.")
    if len(cleaned) > MAX_REPLY_LENGTH:
        raise InvalidInput(f"Please keep notes to {MAX_REPLY_LENGTH} characters or fewer.")
    return cleaned


async def reassign(
    request: web.Request,
    user: ConsoleUser,
    case_id: int,
    *,
    to_username: str | None,
    to_team: Team | None,
    note: str,
) -> CaseDetail:
    def work(session: Session) -> tuple[CaseDetail, str, dict[str, Any]]:
        practitioner = _practitioner(session, user)
        colleague = None
        if to_username is not None:
            colleague = session.scalars(
                select(Practitioner).where(Practitioner.username == to_username)
            ).first()
            if colleague is None or not colleague.active:
                raise CaseError("there is no active colleague with that username", 400)
            _refuse_current_holder(session, case_id, practitioner, colleague)
        moved, message = cases.reassign(
            session, case_id, practitioner, note=note, to_practitioner=colleague, to_team=to_team
        )
        return _detail(session, moved, user), moved.conversation_id, message

    detail, conversation_id, message = await run(request, work)
    await _notify(request, conversation_id, message)
    return detail


def _refuse_current_holder(
    session: Session, case_id: int, practitioner: Practitioner, colleague: Practitioner
) -> None:
    """Passing a request to the person already holding it changes nothing but would tell
    the family again who holds it (and audit a move that did not happen)."""
    # Another team's request stays a 403 that says nothing about who holds it.
    cases.get_request_for(session, case_id, practitioner)
    # Locked, so a reassignment racing this one cannot change the holder under the check.
    held = session.get_one(CaseRequest, case_id, with_for_update=True, populate_existing=True)
    if held.assigned_to_id == colleague.id and held.status in HELD_STATUSES:
        if colleague.id == practitioner.id:
            raise CaseError("you already hold this request", 409)
        raise CaseError("that colleague already holds this request", 409)


def _require_role(user: ConsoleUser, *roles: Role) -> None:
    if user.role not in {role.value for role in roles}:
        raise CaseError("your role does not allow this", 403)


async def workload(request: web.Request, user: ConsoleUser) -> list[dict[str, Any]]:
    """The team's open requests per practitioner: managers (and admins) only."""
    _require_role(user, Role.MANAGER, Role.ADMIN)

    def work(session: Session) -> list[dict[str, Any]]:
        practitioner = _practitioner(session, user)
        audit.record(session, "team.workload_viewed", actor_id=practitioner.id)
        return cases.workload(session, practitioner.team)

    return await run(request, work)


async def create_link_code(request: web.Request, user: ConsoleUser) -> dict[str, str]:
    """A one-time code linking a young person's conversation to this practitioner (their PA)."""
    lifetime = timedelta(seconds=request.app[SETTINGS].link_code_lifetime)

    def work(session: Session) -> dict[str, str]:
        code, expires_at = linkcodes.create_code(
            session, _practitioner(session, user), lifetime=lifetime
        )
        return {"code": code, "expires_at": expires_at.isoformat()}

    return await run(request, work)


async def list_accounts(request: web.Request, user: ConsoleUser) -> list[dict[str, Any]]:
    _require_role(user, Role.ADMIN)

    def work(session: Session) -> list[dict[str, Any]]:
        return [
            {
                "username": p.username,
                "name": p.display_name,
                "team": p.team,
                "role": p.role,
                "active": p.active,
            }
            for p in session.scalars(select(Practitioner).order_by(Practitioner.username)).all()
        ]

    return await run(request, work)


async def create_account(
    request: web.Request, user: ConsoleUser, body: dict[str, Any]
) -> dict[str, Any]:
    """An admin creates an account; the rules are those of ``python -m bot practitioner add``."""
    _require_role(user, Role.ADMIN)

    def work(session: Session) -> dict[str, Any]:
        try:
            created = add_practitioner(
                session,
                str(body.get("username") or ""),
                str(body.get("name") or ""),
                str(body.get("team") or ""),
                password=str(body.get("password") or ""),
                role=str(body.get("role") or Role.PRACTITIONER.value),
            )
        except AccountError as problem:
            raise InvalidInput(str(problem)) from None
        session.flush()
        audit.record(session, "account.created", actor_id=user.practitioner_id, account=created.id)
        return {"username": created.username, "team": created.team, "role": created.role}

    return await run(request, work)


async def set_account_active(
    request: web.Request, user: ConsoleUser, username: str, *, active: bool
) -> None:
    _require_role(user, Role.ADMIN)

    def work(session: Session) -> None:
        account = session.scalars(
            select(Practitioner).where(Practitioner.username == username)
        ).first()
        if account is None:
            raise CaseError("no such account", 404)
        account.active = active
        audit.record(
            session,
            "account.activated" if active else "account.deactivated",
            actor_id=user.practitioner_id,
            account=account.id,
        )

    await run(request, work)
