"""Requests in the case queue and what practitioners do with them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from bot.casequeue import audit, handoff
from bot.casequeue.conversations import append_message
from bot.models import (
    AuditEvent,
    CaseNote,
    CaseRequest,
    Conversation,
    ConversationMode,
    Message,
    Practitioner,
    Priority,
    RequestKind,
    RequestStatus,
    Role,
    Sender,
    Team,
    utcnow,
)


class CaseError(Exception):
    """A request cannot change as asked; ``status`` is the HTTP status that fits."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CaseSummary:
    id: int
    conversation_id: str
    team: str
    kind: str
    priority: str
    status: str
    summary: str
    assigned_to: str | None
    created_at: str


def create_request(
    session: Session,
    conversation_id: str,
    *,
    team: Team,
    kind: RequestKind,
    summary: str = "",
    priority: Priority = Priority.NORMAL,
) -> CaseRequest:
    """Open a request; a family with a named practitioner goes back to that person first."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise CaseError("unknown conversation", 404)
    request = CaseRequest(
        conversation_id=conversation_id,
        team=team.value,
        kind=kind.value,
        priority=priority.value,
        summary=summary,
    )
    named = _named_practitioner(session, conversation)
    if named is not None and kind in RETURNS_TO_NAMED:
        # "Allocation to the previous worker is attempted": the family does not have to
        # repeat their story. The request starts claimed by them, in their team's queue,
        # where a manager can reassign it if they are away.
        request.team = named.team
        request.status = RequestStatus.CLAIMED.value
        request.assigned_to_id = named.id
        request.claimed_at = utcnow()
        conversation.mode = ConversationMode.PRACTITIONER.value
    session.add(request)
    session.flush()
    audit.record(
        session,
        "request.created",
        request_id=request.id,
        conversation_id=conversation_id,
        kind=kind.value,
        team=request.team,
        priority=priority.value,
        to_named_practitioner=request.assigned_to_id is not None,
    )
    return request


# Safeguarding alerts always go to the duty team, never only to one person.
RETURNS_TO_NAMED = frozenset({RequestKind.HANDOFF, RequestKind.INFORMATION})


def _named_practitioner(session: Session, conversation: Conversation) -> Practitioner | None:
    if conversation.named_practitioner_id is None:
        return None
    practitioner = session.get(Practitioner, conversation.named_practitioner_id)
    return practitioner if practitioner is not None and practitioner.active else None


def list_requests(
    session: Session, team: str, statuses: tuple[str, ...] | None = None
) -> list[CaseSummary]:
    """A team's queue: urgent first, then oldest first."""
    query = (
        select(CaseRequest, Practitioner.display_name)
        .outerjoin(Practitioner, CaseRequest.assigned_to_id == Practitioner.id)
        .where(CaseRequest.team == team)
        .order_by(
            case((CaseRequest.priority == Priority.URGENT.value, 0), else_=1),
            CaseRequest.created_at,
            CaseRequest.id,
        )
    )
    if statuses:
        query = query.where(CaseRequest.status.in_(statuses))
    return [
        CaseSummary(
            id=request.id,
            conversation_id=request.conversation_id,
            team=request.team,
            kind=request.kind,
            priority=request.priority,
            status=request.status,
            summary=request.summary,
            assigned_to=assignee,
            created_at=request.created_at.isoformat(),
        )
        for request, assignee in session.execute(query).all()
    ]


def get_request_for(session: Session, request_id: int, practitioner: Practitioner) -> CaseRequest:
    """Fetch a request the practitioner may see (their team's only), else raise."""
    request = session.get(CaseRequest, request_id)
    if request is None:
        raise CaseError("no such request", 404)
    if request.team != practitioner.team:
        raise CaseError("this request belongs to another team", 403)
    return request


def claim(session: Session, request_id: int, practitioner: Practitioner) -> CaseRequest:
    """Claim a new request: exactly one of several simultaneous claimants wins.

    The conditional UPDATE is the arbiter; the loser sees zero rows changed.
    The claimant becomes the family's named practitioner and takes the conversation.
    """
    request = get_request_for(session, request_id, practitioner)
    now = utcnow()
    won = session.execute(
        update(CaseRequest)
        .where(CaseRequest.id == request_id, CaseRequest.status == RequestStatus.NEW.value)
        .values(status=RequestStatus.CLAIMED.value, assigned_to_id=practitioner.id, claimed_at=now)
        .returning(CaseRequest.id)
        .execution_options(synchronize_session=False)
    ).first()
    if won is None:
        raise CaseError("this request has already been claimed", 409)
    session.execute(
        update(Conversation)
        .where(Conversation.id == request.conversation_id)
        .values(named_practitioner_id=practitioner.id, mode=ConversationMode.PRACTITIONER.value)
    )
    session.refresh(request)
    audit.record(
        session,
        "request.claimed",
        actor_id=practitioner.id,
        request_id=request_id,
        conversation_id=request.conversation_id,
    )
    return request


def reply(session: Session, request_id: int, practitioner: Practitioner, text: str) -> Message:
    """Send the family a message from the practitioner holding the request.

    The request row is locked first (on PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serialises writers), so a reply cannot land after a concurrent close.
    """
    get_request_for(session, request_id, practitioner)
    request = session.get_one(CaseRequest, request_id, with_for_update=True, populate_existing=True)
    if request.assigned_to_id != practitioner.id:
        raise CaseError("claim this request before replying", 409)
    if request.status == RequestStatus.CLOSED.value:
        raise CaseError("this request is closed", 409)
    message = append_message(
        session,
        request.conversation_id,
        Sender.PRACTITIONER,
        text,
        [handoff.BACK_BUTTON],
        practitioner_id=practitioner.id,
    )
    # Replying takes the conversation back if the family had gone back to the assistant.
    session.execute(
        update(Conversation)
        .where(Conversation.id == request.conversation_id)
        .values(mode=ConversationMode.PRACTITIONER.value, named_practitioner_id=practitioner.id)
    )
    audit.record(
        session,
        "request.replied",
        actor_id=practitioner.id,
        request_id=request_id,
        conversation_id=request.conversation_id,
        seq=message.seq,
    )
    return message


def close(
    session: Session, request_id: int, practitioner: Practitioner, outcome: str
) -> CaseRequest:
    """Close with an outcome; the conversation goes back to the assistant.

    Only the practitioner holding the request, or a team manager, may close a claimed
    one. The conditional UPDATE makes a double close fail rather than record twice.
    """
    request = get_request_for(session, request_id, practitioner)
    holder = request.assigned_to_id
    if holder not in (None, practitioner.id) and practitioner.role != Role.MANAGER.value:
        raise CaseError("only the practitioner holding this request can close it", 403)
    closed = session.execute(
        update(CaseRequest)
        .where(CaseRequest.id == request_id, CaseRequest.status != RequestStatus.CLOSED.value)
        .values(status=RequestStatus.CLOSED.value, outcome=outcome, closed_at=utcnow())
        .returning(CaseRequest.id)
        .execution_options(synchronize_session=False)
    ).first()
    if closed is None:
        raise CaseError("this request is already closed", 409)
    session.execute(
        update(Conversation)
        .where(Conversation.id == request.conversation_id)
        .values(mode=ConversationMode.BOT.value)
    )
    session.refresh(request)
    audit.record(
        session,
        "request.closed",
        actor_id=practitioner.id,
        request_id=request_id,
        conversation_id=request.conversation_id,
    )
    return request


def _holder_or_manager(request: CaseRequest, practitioner: Practitioner, doing: str) -> None:
    """Only the practitioner holding a request, or a team manager, may pass it on or close."""
    if request.assigned_to_id != practitioner.id and practitioner.role != Role.MANAGER.value:
        raise CaseError(f"only the practitioner holding this request can {doing} it", 403)


def _locked(session: Session, request_id: int, practitioner: Practitioner) -> CaseRequest:
    """The request, visible to this practitioner, locked for the rest of the transaction."""
    get_request_for(session, request_id, practitioner)
    return session.get_one(CaseRequest, request_id, with_for_update=True, populate_existing=True)


def add_note(session: Session, request_id: int, practitioner: Practitioner, text: str) -> CaseNote:
    """A private note: seen by the team in the console, never by the family."""
    get_request_for(session, request_id, practitioner)
    note = CaseNote(request_id=request_id, author_id=practitioner.id, kind="note", text=text)
    session.add(note)
    session.flush()
    audit.record(session, "request.noted", actor_id=practitioner.id, request_id=request_id)
    return note


def notes_for(session: Session, request_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(CaseNote, Practitioner.display_name)
        .join(Practitioner, CaseNote.author_id == Practitioner.id)
        .where(CaseNote.request_id == request_id)
        .order_by(CaseNote.created_at, CaseNote.id)
    ).all()
    return [
        {
            "kind": note.kind,
            "text": note.text,
            "author": author,
            "created_at": note.created_at.isoformat(),
        }
        for note, author in rows
    ]


def set_waiting(session: Session, request_id: int, practitioner: Practitioner) -> CaseRequest:
    """Waiting for the family: the request leaves "claimed" until the family writes."""
    request = _locked(session, request_id, practitioner)
    _holder_or_manager(request, practitioner, "update")
    if request.status != RequestStatus.CLAIMED.value:
        raise CaseError("only a claimed request can wait for the family", 409)
    request.status = RequestStatus.WAITING.value
    audit.record(
        session,
        "request.waiting",
        actor_id=practitioner.id,
        request_id=request_id,
        conversation_id=request.conversation_id,
    )
    return request


def hand_back(
    session: Session, request_id: int, practitioner: Practitioner
) -> tuple[CaseRequest, dict[str, Any]]:
    """The practitioner hands the conversation back to the assistant; the request stays theirs."""
    request = _locked(session, request_id, practitioner)
    _holder_or_manager(request, practitioner, "hand back")
    if request.status == RequestStatus.CLOSED.value:
        raise CaseError("this request is closed", 409)
    holder = session.get_one(Practitioner, request.assigned_to_id or practitioner.id)
    message = handoff.hand_back(session, request.conversation_id, holder, by_family=False)
    return request, message


def reassign(
    session: Session,
    request_id: int,
    practitioner: Practitioner,
    *,
    note: str,
    to_practitioner: Practitioner | None = None,
    to_team: Team | None = None,
) -> tuple[CaseRequest, dict[str, Any]]:
    """Pass a request to a colleague (who then holds the baton) or to another team's queue.

    The note goes with it (private, for the next practitioner); the family is told who
    now holds the baton.
    """
    if (to_practitioner is None) == (to_team is None):
        raise CaseError("choose either a colleague or a team", 400)
    request = _locked(session, request_id, practitioner)
    _holder_or_manager(request, practitioner, "reassign")
    if request.status == RequestStatus.CLOSED.value:
        raise CaseError("this request is closed", 409)
    conversation = session.get_one(Conversation, request.conversation_id)
    if to_practitioner is not None:
        if not to_practitioner.active:
            raise CaseError("that colleague's account is not active", 400)
        request.team = to_practitioner.team
        request.assigned_to_id = to_practitioner.id
        request.status = RequestStatus.CLAIMED.value
        request.claimed_at = utcnow()
        conversation.named_practitioner_id = to_practitioner.id
        conversation.mode = ConversationMode.PRACTITIONER.value
        message = handoff.announce_holder(
            session, request.conversation_id, to_practitioner, reassigned=True
        )
        target = {"to_practitioner_id": to_practitioner.id, "team": to_practitioner.team}
    else:
        assert to_team is not None  # noqa: S101 (checked above; narrows the type)
        request.team = to_team.value
        request.assigned_to_id = None
        request.status = RequestStatus.NEW.value
        request.claimed_at = None
        conversation.mode = ConversationMode.BOT.value
        message = handoff.announce_team(session, request.conversation_id, to_team.value)
        target = {"team": to_team.value}
    session.add(
        CaseNote(request_id=request_id, author_id=practitioner.id, kind="reassign", text=note)
    )
    session.flush()
    audit.record(
        session,
        "request.reassigned",
        actor_id=practitioner.id,
        request_id=request_id,
        conversation_id=request.conversation_id,
        **target,
    )
    return request, message


def reopen(session: Session, request_id: int, practitioner: Practitioner) -> CaseRequest:
    """A closed request comes back, held by the practitioner who reopens it."""
    request = _locked(session, request_id, practitioner)
    if request.status != RequestStatus.CLOSED.value:
        raise CaseError("only a closed request can be reopened", 409)
    request.status = RequestStatus.CLAIMED.value
    request.assigned_to_id = practitioner.id
    request.claimed_at = utcnow()
    request.closed_at = None
    request.outcome = None
    session.execute(
        update(Conversation)
        .where(Conversation.id == request.conversation_id)
        .values(named_practitioner_id=practitioner.id, mode=ConversationMode.PRACTITIONER.value)
    )
    audit.record(
        session,
        "request.reopened",
        actor_id=practitioner.id,
        request_id=request_id,
        conversation_id=request.conversation_id,
    )
    return request


def audit_trail(session: Session, request_id: int) -> list[dict[str, Any]]:
    """Who viewed and changed this request, oldest first (names, actions and times)."""
    rows = session.execute(
        select(AuditEvent, Practitioner.display_name)
        .outerjoin(Practitioner, AuditEvent.actor_id == Practitioner.id)
        .where(AuditEvent.request_id == request_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return [
        {"at": event.at.isoformat(), "action": event.action, "actor": actor or "the family/system"}
        for event, actor in rows
    ]


def workload(session: Session, team: str) -> list[dict[str, Any]]:
    """Open requests per practitioner in a team, for its manager."""
    people = session.scalars(
        select(Practitioner)
        .where(Practitioner.team == team, Practitioner.active.is_(True))
        .order_by(Practitioner.display_name)
    ).all()
    counts = dict(
        session.execute(
            select(CaseRequest.assigned_to_id, func.count())
            .where(
                CaseRequest.team == team,
                CaseRequest.status.in_(handoff.OPEN_STATUSES),
                CaseRequest.assigned_to_id.is_not(None),
            )
            .group_by(CaseRequest.assigned_to_id)
        ).all()
    )
    unassigned = session.scalar(
        select(func.count()).where(
            CaseRequest.team == team, CaseRequest.status == RequestStatus.NEW.value
        )
    )
    rows: list[dict[str, Any]] = [
        {"name": person.display_name, "username": person.username, "open": counts.get(person.id, 0)}
        for person in people
    ]
    rows.append({"name": "Not yet claimed", "username": None, "open": unassigned or 0})
    return rows
