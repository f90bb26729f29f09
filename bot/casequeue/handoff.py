"""Who holds the baton: moving a conversation between the assistant and a practitioner.

Every change the family should know about leaves a message from the assistant in the
transcript (with a button where there is something to do), so web chat shows it on
the next fetch and Telegram gets it pushed. Texts use names from the database, never
anything the family typed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.casequeue import audit
from bot.casequeue.conversations import Button, append_message, to_api
from bot.casequeue.teams import TEAM_NAMES
from bot.models import (
    CaseRequest,
    Conversation,
    ConversationMode,
    Practitioner,
    RequestKind,
    RequestStatus,
    Sender,
    Team,
    utcnow,
)

# Payloads the gateway answers itself (never sent to Rasa).
BACK_TO_ASSISTANT = "/back_to_assistant"
MESSAGE_PRACTITIONER = "/message_practitioner"
GATEWAY_PAYLOADS = frozenset({BACK_TO_ASSISTANT, MESSAGE_PRACTITIONER})
BACK_BUTTON: Button = {"title": "Back to the assistant", "payload": BACK_TO_ASSISTANT}
OPEN_STATUSES = (RequestStatus.NEW.value, RequestStatus.CLAIMED.value, RequestStatus.WAITING.value)


def team_name(team: str) -> str:
    return TEAM_NAMES.get(team, team)


def message_button(practitioner: Practitioner) -> Button:
    return {
        "title": f"Pass a message to {practitioner.display_name}",
        "payload": MESSAGE_PRACTITIONER,
    }


def tell_family(
    session: Session, conversation_id: str, text: str, buttons: list[Button] | None = None
) -> dict[str, Any]:
    """Store an assistant message for the family; returns it in the family API shape."""
    return to_api(append_message(session, conversation_id, Sender.BOT, text, buttons))


def _set_mode(session: Session, conversation_id: str, mode: ConversationMode) -> None:
    session.execute(
        update(Conversation).where(Conversation.id == conversation_id).values(mode=mode.value)
    )


def announce_holder(
    session: Session, conversation_id: str, practitioner: Practitioner, *, reassigned: bool
) -> dict[str, Any]:
    """Tell the family who now holds the baton; their messages go to that person."""
    name, team = practitioner.display_name, team_name(practitioner.team)
    if reassigned:
        text = (
            f"Your request is now with {name} from the {team} team, who holds it from here. "
            f"Your messages here now go to {name}."
        )
    else:
        text = (
            f"{name} from the {team} team has picked up your request and is now your named "
            f"practitioner. Your messages here now go to {name}."
        )
    text += ' To go back to the automated assistant, say "back to the assistant".'
    return tell_family(session, conversation_id, text, [BACK_BUTTON])


def announce_team(session: Session, conversation_id: str, team: str) -> dict[str, Any]:
    return tell_family(
        session,
        conversation_id,
        f"Your request has been passed to the {team_name(team)} team. A practitioner there "
        "will pick it up, and you will see their name when they reply.",
    )


def hand_back(
    session: Session, conversation_id: str, practitioner: Practitioner, *, by_family: bool
) -> dict[str, Any]:
    """The conversation returns to the assistant; the practitioner stays the named one."""
    _set_mode(session, conversation_id, ConversationMode.BOT)
    audit.record(
        session,
        "conversation.handed_back",
        actor_id=None if by_family else practitioner.id,
        conversation_id=conversation_id,
        by="family" if by_family else "practitioner",
    )
    name = practitioner.display_name
    if by_family:
        text = (
            f"You're back with the automated assistant. {name} is still your named "
            f"practitioner and can see this conversation. To reach {name} again, press the "
            "button or ask to talk to a person."
        )
    else:
        text = (
            f"{name} has handed you back to the automated assistant. {name} is still your "
            "named practitioner: to reach them again, press the button or ask to talk to a "
            "person."
        )
    return tell_family(session, conversation_id, text, [message_button(practitioner)])


def named_practitioner(session: Session, conversation: Conversation) -> Practitioner | None:
    if conversation.named_practitioner_id is None:
        return None
    practitioner = session.get(Practitioner, conversation.named_practitioner_id)
    return practitioner if practitioner is not None and practitioner.active else None


def open_request_with(
    session: Session, conversation: Conversation, practitioner: Practitioner
) -> CaseRequest:
    """The family's open request held by ``practitioner``, or a new one claimed by them."""
    existing = session.scalars(
        select(CaseRequest)
        .where(
            CaseRequest.conversation_id == conversation.id,
            CaseRequest.assigned_to_id == practitioner.id,
            CaseRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(CaseRequest.id.desc())
    ).first()
    if existing is not None:
        return existing
    request = CaseRequest(
        conversation_id=conversation.id,
        team=Team(practitioner.team).value,
        kind=RequestKind.HANDOFF.value,
        summary="The family asked to pass a message to their named practitioner.",
        status=RequestStatus.CLAIMED.value,
        assigned_to_id=practitioner.id,
        claimed_at=utcnow(),
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        "request.created",
        request_id=request.id,
        conversation_id=conversation.id,
        kind=request.kind,
        team=request.team,
        to_named_practitioner=True,
    )
    return request


def pass_message_on(session: Session, conversation: Conversation) -> dict[str, Any]:
    """"Pass a message to Sam": the conversation goes to the named practitioner."""
    practitioner = named_practitioner(session, conversation)
    if practitioner is None:
        return tell_family(
            session,
            conversation.id,
            "I can't find a named practitioner for this conversation any more. "
            "Ask to talk to a person and I'll pass you to the team.",
        )
    open_request_with(session, conversation, practitioner)
    _set_mode(session, conversation.id, ConversationMode.PRACTITIONER)
    name = practitioner.display_name
    return tell_family(
        session,
        conversation.id,
        f"OK. Type your message for {name} and I'll pass it on. {name} will reply here.",
        [BACK_BUTTON],
    )


def returning_greeting(
    session: Session, conversation_id: str, practitioner: Practitioner
) -> dict[str, Any]:
    name, team = practitioner.display_name, team_name(practitioner.team)
    return tell_family(
        session,
        conversation_id,
        f"Welcome back. {name} from the {team} team is your named practitioner. "
        f"Would you like me to pass a message to {name}?",
        [
            message_button(practitioner),
            {"title": "No, ask the assistant", "payload": "/ask_question"},
        ],
    )
