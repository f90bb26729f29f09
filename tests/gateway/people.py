"""Setting up who holds a conversation, for gateway tests."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.casequeue.cases import claim, create_request
from bot.models import Practitioner, RequestKind, Team


def hand_to_practitioner(sqlite_url: str, conversation_id: str) -> None:
    """A handoff request for the conversation, claimed by Sam of Early Help."""
    engine = create_engine(sqlite_url)
    with Session(engine) as session, session.begin():
        worker = Practitioner(
            username="sam", display_name="Sam", team="early-help", password_hash="x"
        )
        session.add(worker)
        session.flush()
        request = create_request(
            session, conversation_id, team=Team.EARLY_HELP, kind=RequestKind.HANDOFF
        )
        claim(session, request.id, worker)
    engine.dispose()
