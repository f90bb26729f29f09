"""Answering questions from the council's content (``data/content``)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.answer_format import with_source

TALK_TO_A_PERSON = {"title": "Talk to a person", "payload": "/request_human"}
# An out-of-scope guess by the classifier is overruled only by a very confident match.
OUT_OF_SCOPE_OVERRULE = 0.7


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

        answer = runtime.knowledge().answer(text, topic=tracker.get_slot("topic"))
        refuse = answer is None or (
            intent == "out_of_scope" and answer.confidence < OUT_OF_SCOPE_OVERRULE
        )
        if refuse or answer is None:
            dispatcher.utter_message(
                response="utter_out_of_scope" if intent == "out_of_scope" else "utter_cannot_answer"
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


class ActionDeclineHandoff(Action):
    """The family said no to being passed to a person: forget the pending question."""

    def name(self) -> str:
        return "action_decline_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_ok_anything_else")
        return [SlotSet("unanswered_question", None), SlotSet("handoff_offered", False)]
