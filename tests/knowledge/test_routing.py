"""Questions the classifier sends elsewhere still get the content's answer.

The classifier reads "i want to find my real dad, can the council help" as a request for
a person, "is there anything for dads" as a look at the timetable and "can i change my
social worker" as a change to a booking. The actions answer
such a question from the content when its own words ask for no person and no session,
and leave every real request (each training example of those intents) where it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session, sessionmaker

import actions.booking as booking_actions
from actions import runtime
from actions.questions import (
    CLASSIFIER_OVERRULE,
    TALK_TO_A_PERSON,
    ActionAnswerQuestion,
    ActionRouteRequestHuman,
    asks_for_a_person,
)
from bot.booking import answers
from bot.booking.dates import find_when
from bot.knowledge import Answer, KnowledgeBase
from tests.booking.conftest import NOW

NLU = Path(__file__).resolve().parents[2] / "data" / "nlu"


def examples(file: str, intent: str) -> list[str]:
    for block in yaml.safe_load((NLU / file).read_text())["nlu"]:
        if block.get("intent") == intent:
            return [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
    raise AssertionError(f"no {intent} in {file}")


@pytest.fixture(autouse=True)
def _knowledge(monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase) -> None:
    monkeypatch.setattr(runtime, "knowledge", lambda: kb)
    monkeypatch.setattr(booking_actions, "now", lambda: NOW)


def tracker(text: str, intent: str) -> Tracker:
    return Tracker(
        "someone",
        {},
        {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        [],
        False,
        None,
        {},
        "action_listen",
    )


def slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(action: Any, text: str, intent: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """What ``action`` says and returns for ``text`` classified as ``intent``."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(text, intent), {})
    return dispatcher.messages, events


async def route(text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ActionRouteRequestHuman().run(dispatcher, tracker(text, "request_human"), {})
    return slots(events), dispatcher.messages


@pytest.mark.parametrize("text", examples("basics.yml", "request_human"))
async def test_every_request_for_a_person_in_the_training_data_goes_to_a_person(
    text: str,
) -> None:
    assert asks_for_a_person(text)
    found, said = await route(text)
    assert found == {"route_to_person": True}
    assert said == []


@pytest.mark.parametrize("text", ["/request_human", "", "i need help", "help me please"])
async def test_a_button_or_a_request_the_content_cannot_answer_goes_to_a_person(
    text: str,
) -> None:
    assert await route(text) == ({"route_to_person": True}, [])


async def test_a_question_taken_for_a_request_for_a_person_is_answered_with_the_offer() -> None:
    found, said = await route("i want to find my real dad, can the council help")
    assert found["route_to_person"] is False
    assert found["handoff_offered"] is False
    assert found["topic"] == "item:lifelong-links"
    [message] = said
    assert "Source:" in message["text"]
    assert message["buttons"] == [TALK_TO_A_PERSON]


@pytest.mark.parametrize("text", examples("booking.yml", "browse_sessions"))
def test_every_browse_example_in_the_training_data_asks_for_sessions(text: str) -> None:
    when = find_when(text, NOW)
    assert answers.asks_for_sessions(text, booking_actions._filter_for(text, when))


async def test_a_question_taken_for_browsing_is_answered_from_the_content() -> None:
    messages, events = await run(
        booking_actions.ActionListSessions(), "is there anything for dads", "browse_sessions"
    )
    [message] = messages
    assert "Source:" in message["text"] and message["buttons"] == [TALK_TO_A_PERSON]
    assert "booking_offer" not in slots(events)
    assert slots(events)["topic"] == "item:fathers-included"


async def test_something_neither_the_timetable_nor_the_content_has_is_refused_honestly() -> None:
    messages, events = await run(
        booking_actions.ActionListSessions(), "apply for a dropped kerb", "browse_sessions"
    )
    assert [m.get("response") for m in messages] == ["utter_cannot_answer"]
    assert SlotSet("handoff_offered", True) in events
    assert SlotSet("unanswered_question", "apply for a dropped kerb") in events


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("when is the next incredible years course", "incredible-years"),
        ("any cookery classes next week", "cookery-classes"),  # plural meets the name
        ("can my PA book me on the cookery class", "cookery-classes"),  # a service is no name
        ("is there a mockingbird group near me", None),  # part of a name names nothing
        ("any groups on tuesday", None),  # "Groups for children in care": one word
        ("what can i book", None),
    ],
)
def test_a_programme_is_named_by_its_name_word_for_word(
    kb: KnowledgeBase, text: str, named: str | None
) -> None:
    item = kb.named_item(text)
    assert (item.id if item else None) == named


@pytest.fixture
def timetable(monkeypatch: pytest.MonkeyPatch, sessions: sessionmaker[Session]) -> None:
    """The sample timetable in a real database (filled on first use, as in production)."""
    monkeypatch.setattr(runtime, "sessions", lambda: sessions)


@pytest.mark.usefixtures("timetable")
async def test_a_named_programme_with_nothing_to_book_is_described_not_listed() -> None:
    # Before: every upcoming course of any kind ("Parenting teenagers course") was listed.
    messages, events = await run(
        booking_actions.ActionListSessions(),
        "when is the next incredible years course",
        "browse_sessions",
    )
    lead, answer = messages
    assert lead["response"] == "utter_booking_none_of" and lead["title"] == "Incredible Years"
    assert "Incredible Years" in answer["text"] and "Source:" in answer["text"]
    assert answer["buttons"] == [TALK_TO_A_PERSON]
    assert slots(events)["topic"] == "item:incredible-years"
    assert "booking_offer" not in slots(events)


@pytest.mark.usefixtures("timetable")
async def test_a_named_programme_with_sessions_lists_only_its_own() -> None:
    messages, events = await run(
        booking_actions.ActionListSessions(),
        "any walk and talk groups coming up",
        "browse_sessions",
    )
    listing = messages[0]["text"].splitlines()[1:]
    assert listing and all("Walk and Talk" in line for line in listing)
    assert len(slots(events)["booking_offer"]) == len(listing)


@pytest.mark.usefixtures("timetable")
async def test_a_look_at_the_timetable_naming_no_programme_lists_every_kind() -> None:
    messages, _ = await run(
        booking_actions.ActionListSessions(), "what sessions are coming up", "browse_sessions"
    )
    titles = {
        line.split(". ", 1)[1].split(" (")[0] for line in messages[0]["text"].splitlines()[1:]
    }
    assert len(titles) > 1  # not narrowed to one programme


@pytest.mark.parametrize("text", examples("booking.yml", "change_booking"))
def test_every_change_example_in_the_training_data_mentions_a_booking(text: str) -> None:
    assert answers.mentions_a_booking(text)


async def test_a_question_taken_for_a_booking_change_is_answered_from_the_content() -> None:
    messages, events = await run(
        booking_actions.ActionChangeBooking(),
        "can i change my social worker if we dont get on",
        "change_booking",
    )
    [message] = messages
    assert "Source:" in message["text"] and message["buttons"] == [TALK_TO_A_PERSON]
    assert slots(events)["topic"] == "item:same-worker-on-re-referral"


async def test_a_change_without_a_number_of_places_is_still_asked_how() -> None:
    messages, events = await run(
        booking_actions.ActionChangeBooking(), "i need to change my booking", "change_booking"
    )
    assert [m.get("response") for m in messages] == ["utter_booking_change_how"]
    assert events == []


class _Confidence:
    """The real knowledge base, with the confidence of every answer set to ``value``."""

    def __init__(self, kb: KnowledgeBase, value: float) -> None:
        self._kb, self._value = kb, value

    def answer(self, text: str, topic: str | None = None) -> Answer | None:
        found = self._kb.answer(text, topic=topic)
        return None if found is None else dataclasses.replace(found, confidence=self._value)


@pytest.mark.parametrize(
    ("confidence", "answered"),
    [(CLASSIFIER_OVERRULE, True), (CLASSIFIER_OVERRULE - 0.01, False), (1.0, True)],
)
async def test_out_of_scope_is_overruled_only_by_a_confident_match(
    monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase, confidence: float, answered: bool
) -> None:
    monkeypatch.setattr(runtime, "knowledge", lambda: _Confidence(kb, confidence))
    dispatcher = CollectingDispatcher()
    text = "is there anything for dads"
    events = await ActionAnswerQuestion().run(dispatcher, tracker(text, "out_of_scope"), {})
    [message] = dispatcher.messages
    if answered:
        assert "Source:" in message["text"] and slots(events)["handoff_offered"] is False
    else:
        assert message["response"] == "utter_out_of_scope"
        assert slots(events) == {"unanswered_question": text, "handoff_offered": True}


async def test_out_of_scope_with_no_match_is_refused_honestly() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerQuestion().run(
        dispatcher, tracker("when are my bins collected", "out_of_scope"), {}
    )
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]
    assert slots(events)["handoff_offered"] is True
