"""Conversations and their transcripts."""

from __future__ import annotations

import secrets
from typing import Any, TypedDict

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import Conversation, Message, Practitioner, Sender, utcnow


class Button(TypedDict):
    title: str
    payload: str


def new_conversation_id() -> str:
    """256 random bits, URL-safe: the id is the family's only credential on web chat.

    Never starting with "-", so an operator can paste it after ``--conversation`` (one id
    in 64 would otherwise be read as an option by the privacy commands).
    """
    while (found := secrets.token_urlsafe(32)).startswith("-"):
        continue
    return found


def create_conversation(
    session: Session, channel: str, channel_ref: str | None = None
) -> Conversation:
    conversation = Conversation(id=new_conversation_id(), channel=channel, channel_ref=channel_ref)
    session.add(conversation)
    session.flush()
    return conversation


def get_conversation(session: Session, conversation_id: str) -> Conversation | None:
    return session.get(Conversation, conversation_id)


def find_by_channel_ref(session: Session, channel: str, channel_ref: str) -> Conversation | None:
    return session.scalars(
        select(Conversation).where(
            Conversation.channel == channel, Conversation.channel_ref == channel_ref
        )
    ).first()


def append_message(
    session: Session,
    conversation_id: str,
    sender: Sender,
    text: str,
    buttons: list[Button] | None = None,
    practitioner_id: int | None = None,
) -> Message:
    """Add a message with the conversation's next sequence number.

    The number comes from one atomic ``UPDATE ... RETURNING``, so concurrent writers
    (gateway, console, several gateway instances) never hand out the same one.
    """
    now = utcnow()
    seq = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(last_seq=Conversation.last_seq + 1, last_activity_at=now)
        .returning(Conversation.last_seq)
    ).scalar_one()
    message = Message(
        conversation_id=conversation_id,
        seq=seq,
        sender=sender.value,
        text=text,
        buttons=list(buttons or []),
        practitioner_id=practitioner_id,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def messages_after(
    session: Session, conversation_id: str, after: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Messages with a seq above ``after``, in order; the first ``limit`` of them if given."""
    rows = session.execute(
        select(Message, Practitioner)
        .outerjoin(Practitioner, Message.practitioner_id == Practitioner.id)
        .where(Message.conversation_id == conversation_id, Message.seq > after)
        .order_by(Message.seq)
        .limit(limit)
    ).all()
    return [to_api(message, practitioner) for message, practitioner in rows]


def to_api(message: Message, practitioner: Practitioner | None = None) -> dict[str, Any]:
    """The family API's Message shape (see README, "Family API")."""
    out: dict[str, Any] = {
        "seq": message.seq,
        "from": message.sender,
        "text": message.text,
        "buttons": list(message.buttons or []),
        "sent_at": message.created_at.isoformat(),
    }
    if practitioner is not None:
        out["practitioner"] = {"name": practitioner.display_name, "team": practitioner.team}
    return out


def offered_buttons(session: Session, conversation_id: str) -> dict[str, str]:
    """Buttons (payload -> title) the bot offered since the family last wrote.

    Only these payloads may be sent back: a family cannot trigger arbitrary intents
    (``/intent{...}``) by crafting one.
    """
    messages = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.seq.desc())
        .limit(20)
    ).all()
    offered: dict[str, str] = {}
    for message in messages:
        if message.sender == Sender.FAMILY.value:
            break
        for button in message.buttons or []:
            offered.setdefault(str(button.get("payload", "")), str(button.get("title", "")))
    return offered
