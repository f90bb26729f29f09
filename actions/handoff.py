"""Handing the family to a person: a request in the case queue."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from bot.casequeue.cases import CaseError, create_request
from bot.models import Channel, Conversation, RequestKind, Team

log = logging.getLogger(__name__)


def _open_request(conversation_id: str, question: str | None) -> int:
    """Create the request in one transaction; returns its id."""
    with runtime.sessions().begin() as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            raise CaseError("unknown conversation", 404)
        team = (
            Team.CARE_LEAVERS if conversation.channel == Channel.TELEGRAM.value else Team.EARLY_HELP
        )
        if question:
            kind, summary = RequestKind.INFORMATION, f"Unanswered question: {question}"
        else:
            kind, summary = RequestKind.HANDOFF, "Asked to talk to a person."
        request = create_request(session, conversation_id, team=team, kind=kind, summary=summary)
        return request.id


class ActionRequestHuman(Action):
    """Write a request into the case queue and tell the family what happens next."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        question = tracker.get_slot("unanswered_question")
        try:
            request_id = await asyncio.to_thread(_open_request, tracker.sender_id, question)
        except (SQLAlchemyError, CaseError) as error:
            log.error("handoff request not created: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_failed")
            return [SlotSet("handoff_offered", False)]
        log.info("handoff request created: request_id=%s", request_id)
        dispatcher.utter_message(response="utter_handoff_created")
        return [SlotSet("unanswered_question", None), SlotSet("handoff_offered", False)]
