"""Answering questions from the council's content (``data/content``).

The classifier sometimes sends a question elsewhere: "i want to find my real dad, can the
council help" reads like a request for a person, "is there anything for dads" like a look
at the timetable. When the words of the request itself do not ask for that (no person, no
session), and the content answers confidently, the family gets the answer, with the offer
of a person beside it. Answers still scale with the content: no intent or story per topic.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.answer_format import with_source
from bot.knowledge import Answer

TALK_TO_A_PERSON = {"title": "Talk to a person", "payload": "/request_human"}
# A classifier's guess other than a question (out of scope, a request for a person) is
# overruled only by a confident match: above the content's own floor (0.5), because on
# dev sets 1-6 not one of the 100 questions that should be refused got any match at all,
# while 45 answerable ones matched at 0.5-0.7 (docs/content.md, "Routing").
CLASSIFIER_OVERRULE = 0.6

# Words that ask for a person rather than for information, text-speak included.
_ASKS_FOR_A_PERSON = re.compile(
    r"\b(?:talk|tlk|speak|spk|chat|call|ring|phone|contact|message|msg|connect|through"
    r"|someone|somebody|some1|sum1|anyone|anybody|any1|person|people|ppl|human|worker"
    r"|practitioner|advi[sc]or|advi[sc]er|pa|team|staff|officer)\b",
    re.IGNORECASE,
)


def overrules_the_classifier(answer: Answer | None) -> bool:
    """Whether a content match is sure enough to answer against the classifier's guess."""
    return answer is not None and answer.confidence >= CLASSIFIER_OVERRULE


def asks_for_a_person(text: str) -> bool:
    """True if the words ask for a person ("can i talk to someone"), not only for help."""
    return text.startswith("/") or _ASKS_FOR_A_PERSON.search(text) is not None


def answer_from_content(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, *, out_of_scope: bool = False
) -> list[EventType]:
    """Answer ``text`` from the content, or say honestly that we can't and offer a person.

    ``out_of_scope``: the classifier thought the question was not ours, so only a match of
    at least ``CLASSIFIER_OVERRULE`` is answered, and a refusal says what the assistant is for.
    """
    answer = runtime.knowledge().answer(text, topic=tracker.get_slot("topic"))
    return reply(dispatcher, text, answer, out_of_scope=out_of_scope)


def reply(
    dispatcher: CollectingDispatcher,
    text: str,
    answer: Answer | None,
    *,
    out_of_scope: bool = False,
) -> list[EventType]:
    """Give ``answer`` (or the honest refusal, if there is none) and set the slots it implies."""
    if answer is None or (out_of_scope and not overrules_the_classifier(answer)):
        dispatcher.utter_message(
            response="utter_out_of_scope" if out_of_scope else "utter_cannot_answer"
        )
        return [SlotSet("unanswered_question", text), SlotSet("handoff_offered", True)]

    dispatcher.utter_message(
        text=with_source(answer.text, answer.source),
        buttons=[TALK_TO_A_PERSON],
    )
    return [
        SlotSet("topic", answer.topic),
        SlotSet("unanswered_question", None),
        SlotSet("handoff_offered", False),
    ]


class ActionAnswerQuestion(Action):
    """Answer from retrieval over the content, or say honestly that we can't and offer a person."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if not text or text.startswith("/"):
            # A button such as "Help for my family": invite the question itself.
            dispatcher.utter_message(response="utter_ask_what_question")
            return []

        return answer_from_content(dispatcher, tracker, text, out_of_scope=intent == "out_of_scope")


class ActionRouteRequestHuman(Action):
    """A request for a person, unless it is a question the content answers confidently.

    Sets ``route_to_person``: true starts the handoff form (data/rules/handoff.yml),
    false means the question was answered, with the "Talk to a person" button beside it.
    """

    def name(self) -> str:
        return "action_route_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        if not text or asks_for_a_person(text):
            return [SlotSet("route_to_person", True)]
        answer = runtime.knowledge().answer(text, topic=tracker.get_slot("topic"))
        if not overrules_the_classifier(answer):
            return [SlotSet("route_to_person", True)]
        return [*reply(dispatcher, text, answer), SlotSet("route_to_person", False)]


class ActionDeclineHandoff(Action):
    """The family said no to being passed to a person: forget the pending question."""

    def name(self) -> str:
        return "action_decline_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_ok_anything_else")
        return [SlotSet("unanswered_question", None), SlotSet("handoff_offered", False)]
