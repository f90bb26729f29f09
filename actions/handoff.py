"""Handing the family to a person: the handoff form, consent, and the case-queue request.

Nothing is shared without the family's explicit "yes": with consent the request goes
into the case queue (to the family's named practitioner first, if they have one);
without it, nothing is written and the family is told what else they can do.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from actions.forms import answer_taken_for_a_stop
from bot.casequeue import teams
from bot.casequeue.cases import CaseError, create_request
from bot.models import Channel, Conversation, Practitioner, RequestKind, Team, utcnow

log = logging.getLogger(__name__)

FORM_SLOTS = ("handoff_summary", "handoff_children_ages", "handoff_contact", "handoff_consent")
FREE_TEXT_SLOTS = frozenset(FORM_SLOTS) - {"handoff_consent"}
MIN_SUMMARY_LENGTH = 3
MAX_ANSWER_LENGTH = 1000
AGES_UNCLEAR = "utter_handoff_ages_unclear"
SAYS_AN_AGE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twins?|bab(?:y|ies)|newborn|toddlers?|"
    r"teens?|teenagers?|months?|years?|yrs?|yo|age[sd]?|under|over|nursery|primary|secondary|"
    r"school|college|uni|pregnant|expecting|unborn|due|adults?|grown|none|no (?:kids|children)|"
    r"me|myself|i am|im|not sure|don'?t know|dunno|rather not|prefer not|n/?a)\b",
    re.IGNORECASE,
)
"""Anything that could be an answer to "how old are the children?": a number, a stage of
life, "it's about me", or not wanting to say. A reply with none of these ("Sam") is asked
again once; a second such reply is taken as it is, so no family is kept in the form."""


def _reset_slots() -> list[EventType]:
    """Forget everything the form gathered: it is in the request (or was not shared)."""
    return [SlotSet(slot, None) for slot in FORM_SLOTS] + [
        SlotSet("unanswered_question", None),
        SlotSet("handoff_offered", False),
    ]


def _free_text(value: Any) -> str | None:
    """The family's words, or None for a button payload or nothing at all."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or text.startswith("/"):
        return None
    return text


def _responses_before_this_reply(tracker: Tracker) -> set[str]:
    """Names of the responses sent between the family's previous message and this one
    (Rasa records each response's name on its event)."""
    names: set[str] = set()
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            names.add((event.get("metadata") or {}).get("utter_action") or "")
    return names


class ValidateHandoffForm(FormValidationAction):
    """Every slot of ``handoff_form`` has a validator (tests/handoff prove it)."""

    def name(self) -> str:
        return "validate_handoff_form"

    def _answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, minimum: int = 1
    ) -> dict[str, Any]:
        text = _free_text(value)
        if text is None or len(text) < minimum:
            if slot == "handoff_summary":
                dispatcher.utter_message(response="utter_handoff_summary_too_short")
            return {slot: None}
        if len(text) > MAX_ANSWER_LENGTH:
            dispatcher.utter_message(response="utter_handoff_answer_too_long")
            return {slot: None}
        return {slot: text}

    def validate_handoff_summary(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("handoff_summary", value, dispatcher, MIN_SUMMARY_LENGTH)

    def validate_handoff_children_ages(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = _free_text(value)
        asked_again = AGES_UNCLEAR in _responses_before_this_reply(tracker)
        if text and not SAYS_AN_AGE.search(text) and not asked_again:
            dispatcher.utter_message(response=AGES_UNCLEAR)
            return {"handoff_children_ages": None}
        return self._answer("handoff_children_ages", value, dispatcher)

    def validate_handoff_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("handoff_contact", value, dispatcher)

    def validate_handoff_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Only an explicit yes or no counts; anything else asks again."""
        return {"handoff_consent": value if isinstance(value, bool) else None}


@dataclass(frozen=True)
class Created:
    request_id: int
    team: str
    named_practitioner: str | None


def summary_text(slots: dict[str, Any]) -> str:
    """The request's summary for the practitioner: the family's own words, labelled."""
    lines = [
        f"In their own words: {slots.get('handoff_summary') or ''}",
        f"Ages of children: {slots.get('handoff_children_ages') or ''}",
        f"How and when to contact: {slots.get('handoff_contact') or ''}",
    ]
    if slots.get("unanswered_question"):
        lines.append(f"Question the assistant could not answer: {slots['unanswered_question']}")
    lines.append("Consent to share with the team: given in this conversation.")
    return "\n".join(lines)


def open_request(conversation_id: str, slots: dict[str, Any]) -> Created:
    """Create the request in one transaction."""
    with runtime.sessions().begin() as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            raise CaseError("unknown conversation", 404)
        team = (
            Team.CARE_LEAVERS if conversation.channel == Channel.TELEGRAM.value else Team.EARLY_HELP
        )
        kind = RequestKind.INFORMATION if slots.get("unanswered_question") else RequestKind.HANDOFF
        request = create_request(
            session, conversation_id, team=team, kind=kind, summary=summary_text(slots)
        )
        named = None
        if request.assigned_to_id is not None:
            holder = session.get(Practitioner, request.assigned_to_id)
            named = holder.display_name if holder else None
        return Created(request.id, request.team, named)


class ActionRequestHuman(Action):
    """After the form: with consent, write the request and say what happens next."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        slots = {name: tracker.get_slot(name) for name in (*FORM_SLOTS, "unanswered_question")}
        if slots["handoff_consent"] is not True:
            log.info("handoff not shared: no consent")
            dispatcher.utter_message(response="utter_handoff_not_shared")
            return _reset_slots()
        try:
            created = await asyncio.to_thread(open_request, tracker.sender_id, slots)
        except (SQLAlchemyError, CaseError) as error:
            log.error("handoff request not created: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_failed")
            return _reset_slots()
        log.info("handoff request created: request_id=%s", created.request_id)
        config = teams.cached(runtime.settings().teams_config)
        next_steps = config.next_steps(created.team, utcnow())
        if created.named_practitioner:
            dispatcher.utter_message(
                response="utter_handoff_created_named",
                practitioner_name=created.named_practitioner,
                next_steps=next_steps,
            )
        else:
            dispatcher.utter_message(response="utter_handoff_created", next_steps=next_steps)
        return _reset_slots()


class ActionCancelHandoff(Action):
    """ "stop" during the form: nothing is shared and everything gathered is forgotten."""

    def name(self) -> str:
        return "action_cancel_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        resumed = answer_taken_for_a_stop(tracker, FREE_TEXT_SLOTS, "handoff_form")
        if resumed is not None:
            return resumed  # the family's answer, not a stop
        dispatcher.utter_message(response="utter_handoff_cancelled")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *_reset_slots()]
