"""The handoff form's validators and actions, with real tracker objects and a real database."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions import handoff as actions
from actions import runtime
from bot.casequeue.conversations import create_conversation
from bot.config import Settings
from bot.console import accounts
from bot.models import CaseRequest, Channel, Conversation, Team


def tracker(slots: dict[str, Any], sender: str = "someone") -> Tracker:
    return Tracker(sender, slots, {"text": "", "intent": {}}, [], False, None, {}, "action_listen")


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def wired(
    monkeypatch: pytest.MonkeyPatch, sessions: sessionmaker[Session]
) -> sessionmaker[Session]:
    """Point the action server's runtime at the test database."""
    monkeypatch.setattr(runtime, "sessions", lambda: sessions)
    monkeypatch.setattr(runtime, "settings", lambda: Settings())
    return sessions


FORM = actions.ValidateHandoffForm()


@pytest.mark.parametrize(
    ("slot", "value", "expected"),
    [
        ("handoff_summary", "  my son will not go to school  ", "my son will not go to school"),
        ("handoff_summary", "ok", None),
        ("handoff_summary", "/request_human", None),
        ("handoff_summary", "x" * 1001, None),
        ("handoff_children_ages", "14 and 9", "14 and 9"),
        ("handoff_children_ages", "   ", None),
        ("handoff_contact", "reply here", "reply here"),
        ("handoff_contact", "/affirm", None),
        ("handoff_consent", True, True),
        ("handoff_consent", False, False),
        ("handoff_consent", "yes", None),
    ],
)
def test_every_slot_has_a_validator(
    dispatcher: CollectingDispatcher, slot: str, value: Any, expected: Any
) -> None:
    validate = getattr(FORM, f"validate_{slot}")
    assert validate(value, dispatcher, tracker({}), {}) == {slot: expected}


def test_a_too_short_summary_is_asked_again_kindly(dispatcher: CollectingDispatcher) -> None:
    FORM.validate_handoff_summary("ok", dispatcher, tracker({}), {})
    assert dispatcher.messages[0]["response"] == "utter_handoff_summary_too_short"


def _after(*responses: str, reply: str) -> Tracker:
    """A tracker whose family has just sent ``reply`` after the assistant's ``responses``."""
    events = [{"event": "user", "text": "I need some help"}]
    events += [{"event": "bot", "text": "...", "metadata": {"utter_action": r}} for r in responses]
    events.append({"event": "user", "text": reply})
    return Tracker("someone", {}, {"text": reply, "intent": {}}, events, False, None, {}, "")


@pytest.mark.parametrize(
    "reply",
    ["14 and 9", "a baby and a toddler", "twins", "its about me", "im nineteen", "rather not say",
     "she's at primary school", "dunno"],
)  # fmt: skip
def test_any_kind_of_age_is_taken_at_once(dispatcher: CollectingDispatcher, reply: str) -> None:
    tracker = _after("utter_ask_handoff_children_ages", reply=reply)
    result = FORM.validate_handoff_children_ages(reply, dispatcher, tracker, {})
    assert result == {"handoff_children_ages": reply}
    assert dispatcher.messages == []


def test_a_reply_with_no_age_is_asked_again_once_then_taken(
    dispatcher: CollectingDispatcher,
) -> None:
    first = _after("utter_ask_handoff_children_ages", reply="Sam")
    assert FORM.validate_handoff_children_ages("Sam", dispatcher, first, {}) == {
        "handoff_children_ages": None
    }
    assert dispatcher.messages[0]["response"] == actions.AGES_UNCLEAR

    second = _after(actions.AGES_UNCLEAR, "utter_ask_handoff_children_ages", reply="Sam Jones")
    again = CollectingDispatcher()
    assert FORM.validate_handoff_children_ages("Sam Jones", again, second, {}) == {
        "handoff_children_ages": "Sam Jones"
    }
    assert again.messages == []


FILLED = {
    "handoff_summary": "We argue every night",
    "handoff_children_ages": "14",
    "handoff_contact": "reply here",
    "unanswered_question": None,
}


async def test_without_consent_nothing_is_written(
    wired: sessionmaker[Session], dispatcher: CollectingDispatcher
) -> None:
    with wired.begin() as session:
        cid = create_conversation(session, Channel.WEB.value).id
    events = await actions.ActionRequestHuman().run(
        dispatcher, tracker({**FILLED, "handoff_consent": False}, cid), {}
    )
    assert dispatcher.messages[0]["response"] == "utter_handoff_not_shared"
    assert SlotSet("handoff_summary", None) in events
    with wired() as session:
        assert session.scalars(select(CaseRequest)).all() == []


async def test_with_consent_the_request_holds_the_familys_words(
    wired: sessionmaker[Session], dispatcher: CollectingDispatcher
) -> None:
    with wired.begin() as session:
        cid = create_conversation(session, Channel.WEB.value).id
    await actions.ActionRequestHuman().run(
        dispatcher, tracker({**FILLED, "handoff_consent": True}, cid), {}
    )
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_created"
    assert "still to be confirmed by the council" in message["next_steps"]
    with wired() as session:
        [request] = session.scalars(select(CaseRequest)).all()
    assert (request.team, request.kind, request.status) == ("early-help", "handoff", "new")
    assert "In their own words: We argue every night" in request.summary
    assert "Ages of children: 14" in request.summary
    assert "How and when to contact: reply here" in request.summary


async def test_a_question_the_assistant_could_not_answer_becomes_an_information_request(
    wired: sessionmaker[Session], dispatcher: CollectingDispatcher
) -> None:
    # Issue #3: an unanswerable question, offered to a person and accepted, reaches the
    # queue as an information request carrying the question itself.
    question = "what is the phone number for the care leaver base"
    with wired.begin() as session:
        cid = create_conversation(session, Channel.TELEGRAM.value).id
    slots = {**FILLED, "handoff_consent": True, "unanswered_question": question}
    await actions.ActionRequestHuman().run(dispatcher, tracker(slots, cid), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_created"]
    with wired() as session:
        [request] = session.scalars(select(CaseRequest)).all()
    assert (request.team, request.kind) == ("care-leavers", "information")
    assert f"Question the assistant could not answer: {question}" in request.summary


async def test_a_family_with_a_named_practitioner_goes_to_them_first(
    wired: sessionmaker[Session], dispatcher: CollectingDispatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts, "_hasher", accounts.PasswordHasher(time_cost=1, memory_cost=1024))
    with wired.begin() as session:
        pat = accounts.add_practitioner(
            session, "pat", "Pat Jones", Team.CARE_LEAVERS, password="x" * 12
        )
        conversation = create_conversation(session, Channel.WEB.value)
        conversation.named_practitioner_id = pat.id
        cid = conversation.id
    await actions.ActionRequestHuman().run(
        dispatcher, tracker({**FILLED, "handoff_consent": True}, cid), {}
    )
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_created_named"
    assert message["practitioner_name"] == "Pat Jones"
    with wired() as session:
        [request] = session.scalars(select(CaseRequest)).all()
        assert (request.team, request.status, request.assigned_to_id) == (
            "care-leavers",
            "claimed",
            pat.id,
        )
        assert session.get_one(Conversation, cid).mode == "practitioner"


async def test_stop_shares_nothing_and_forgets_the_answers(
    dispatcher: CollectingDispatcher,
) -> None:
    events = await actions.ActionCancelHandoff().run(dispatcher, tracker(FILLED), {})
    assert dispatcher.messages[0]["response"] == "utter_handoff_cancelled"
    for slot in actions.FORM_SLOTS:
        assert SlotSet(slot, None) in events


@pytest.mark.parametrize(
    ("asked", "text", "confidence", "stops"),
    [
        ("handoff_summary", "never mind", 0.99, True),
        ("handoff_contact", "no", 0.6, True),
        ("handoff_consent", "Nora", 0.5, True),  # yes/no question: its own mappings decide
        ("handoff_summary", "leaving care", 0.9, False),  # short, no refusal: an answer
        ("handoff_children_ages", "none", 0.6, False),
        ("handoff_summary", "my son keeps running off and i dont know what to do", 0.55, False),
        ("handoff_summary", "actually i dont want to talk to anyone now thanks", 0.95, True),
    ],
)
async def test_a_stop_is_believed_only_when_it_says_stop(
    dispatcher: CollectingDispatcher, asked: str, text: str, confidence: float, stops: bool
) -> None:
    message = {"text": text, "intent": {"name": "stop", "confidence": confidence}}
    slots = {"requested_slot": asked}
    track = Tracker("someone", slots, message, [], False, None, {"name": "handoff_form"}, "")
    events = await actions.ActionCancelHandoff().run(dispatcher, track, {})
    if stops:
        assert ActiveLoop(None) in events and dispatcher.messages
    else:
        assert events == [FollowupAction("handoff_form"), SlotSet(asked, text)]
        assert dispatcher.messages == []
