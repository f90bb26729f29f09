"""The booking actions against a real database: response names and events, not English.

Trackers are built by hand the way the Rasa server sends them; ``sender_id`` is the
conversation id, and every action must act on that conversation's bookings only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import actions.booking as booking_actions
from actions import runtime
from bot.booking import operations
from bot.booking.models import BookableSession, Booking
from bot.booking.timetable import LONDON
from bot.config import ROOT
from tests.booking.conftest import NOW


@pytest.fixture(autouse=True)
def _database(monkeypatch: pytest.MonkeyPatch, sessions: sessionmaker[Session]) -> None:
    monkeypatch.setattr(runtime, "sessions", lambda: sessions)
    monkeypatch.setattr(booking_actions, "now", lambda: NOW)


def tracker(
    sender: str,
    text: str = "",
    *,
    intent: str = "inform",
    confidence: float = 1.0,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
) -> Tracker:
    parsed = {"name": intent, "confidence": confidence}
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message={"text": text, "intent": parsed, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "booking_form"},
        latest_action_name="action_listen",
    )


def responses(dispatcher: CollectingDispatcher) -> list[str | None]:
    return [message.get("response") for message in dispatcher.messages]


async def _validate(slot: str, value: Any, sender: str = "x", **kwargs: Any) -> tuple[Any, list]:
    dispatcher = CollectingDispatcher()
    method = getattr(booking_actions.ValidateBookingForm(), f"validate_{slot}")
    result = await method(value, dispatcher, tracker(sender, str(value), **kwargs), {})
    return result[slot], responses(dispatcher)


def test_every_form_slot_has_a_validator() -> None:
    domain = yaml.safe_load((ROOT / "domain" / "booking.yml").read_text())
    required = domain["forms"]["booking_form"]["required_slots"]
    form = booking_actions.ValidateBookingForm
    assert [slot for slot in required if not hasattr(form, f"validate_{slot}")] == []


@pytest.mark.parametrize(
    ("slot", "value", "response"),
    [
        ("booking_places", "40", "utter_booking_places_too_many"),
        ("booking_places", "0", "utter_booking_places_too_few"),
        ("booking_places", "lots", "utter_booking_places_not_a_number"),
        ("booking_contact", "07700 9OO123", "utter_booking_phone_letters"),
        ("booking_contact", "jo@example", "utter_booking_email_invalid"),
        ("booking_contact", "12345", "utter_booking_contact_invalid"),
        ("booking_name", "<script>alert(1)</script>", "utter_booking_name_invalid"),
        ("booking_name", "x" * 41, "utter_booking_name_invalid"),
        ("booking_access_needs", "y" * 301, "utter_booking_access_needs_too_long"),
    ],
)
async def test_bad_values_are_re_asked_naming_the_problem(
    slot: str, value: str, response: str
) -> None:
    kept, said = await _validate(slot, value)
    assert kept is None
    assert said == [response]


@pytest.mark.parametrize(
    ("slot", "value", "kept"),
    [
        ("booking_places", "two of us", "2"),
        ("booking_places", "6", "6"),
        ("booking_contact", "+44 7700 900123", "+44 7700 900123"),
        ("booking_contact", "jo@example.com", "jo@example.com"),
        ("booking_name", "my name is Jo", "Jo"),
        ("booking_access_needs", "none", "none"),
        ("booking_access_needs", "step free access", "step free access"),
        ("booking_confirmed", True, True),
    ],
)
async def test_good_values_are_kept(slot: str, value: Any, kept: Any) -> None:
    assert await _validate(slot, value) == (kept, [])


async def test_a_date_in_the_past_is_re_asked(new_session: Callable[..., int]) -> None:
    new_session()
    kept, said = await _validate("booking_session", "yesterday")
    assert (kept, said) == (None, ["utter_booking_date_past"])


async def test_a_full_session_chosen_from_a_button_warns_of_the_waiting_list(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=1)
    with sessions.begin() as session:
        operations.book(
            session, new_family(), session_id, places=1, name="A", contact="a@x.org", now=NOW
        )
    kept, said = await _validate(
        "booking_session",
        f'/book_session{{"session_choice":"{session_id}"}}',
        intent="book_session",
        entities=[{"entity": "session_choice", "value": str(session_id)}],
    )
    assert kept == str(session_id)
    assert said == [None, "utter_booking_session_full"]  # the session's line, then the warning


async def test_a_number_picks_from_the_list_shown(new_session: Callable[..., int]) -> None:
    first, second = new_session(), new_session()
    kept, _ = await _validate(
        "booking_session", "2", slots={"booking_offer": [str(first), str(second)]}
    )
    assert kept == str(second)
    kept, said = await _validate("booking_session", "7", slots={"booking_offer": [str(first)]})
    assert (kept, said) == (None, ["utter_booking_session_unknown"])


def _form_slots(session_id: int, places: str = "2") -> dict[str, Any]:
    return {
        "booking_session": str(session_id),
        "booking_name": "Jo",
        "booking_contact": "07700 900123",
        "booking_places": places,
        "booking_access_needs": "none",
        "booking_confirmed": True,
    }


async def _run(action: Any, track: Tracker) -> tuple[list[str | None], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, {})
    return responses(dispatcher), events


async def test_booking_when_full_joins_the_waiting_list_and_forgets_the_answers(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=2)
    family = new_family()
    said, events = await _run(
        booking_actions.ActionBookSession(), tracker(family, slots=_form_slots(session_id))
    )
    assert said[0] == "utter_booked"
    assert SlotSet("booking_name", None) in events and SlotSet("booking_contact", None) in events

    said, _ = await _run(
        booking_actions.ActionBookSession(),
        tracker(new_family(), slots=_form_slots(session_id, "1")),
    )
    assert said == ["utter_booked_waiting"]


async def test_saying_no_at_the_read_back_saves_nothing(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session()
    slots = {**_form_slots(session_id), "booking_confirmed": False}
    said, _ = await _run(booking_actions.ActionBookSession(), tracker(new_family(), slots=slots))
    assert said == ["utter_booking_not_made"]
    with sessions() as session:
        assert session.scalars(select(Booking)).all() == []


async def test_stop_leaves_the_form_and_clears_every_answer() -> None:
    said, events = await _run(booking_actions.ActionStopBooking(), tracker("x", "never mind"))
    assert said == ["utter_booking_stopped"]
    assert ActiveLoop(None) in events
    assert SlotSet("booking_contact", None) in events and SlotSet("booking_name", None) in events


@pytest.mark.parametrize(
    ("text", "confidence", "asked"),
    [
        ("never mind", 0.47, "booking_name"),  # the words are a plain refusal
        ("no", 0.5, "booking_contact"),
        ("stop please", 0.6, "booking_places"),
        ("actually I don't want to do this now", 0.93, "booking_name"),  # long and sure
        ("Bea", 0.47, "booking_confirmed"),  # yes/no question: not free text
        ("Bea", 0.47, None),
    ],
)
async def test_a_stop_that_is_a_refusal_or_sure_stops(
    text: str, confidence: float, asked: str | None
) -> None:
    track = tracker(
        "x", text, intent="deny", confidence=confidence, slots={"requested_slot": asked}
    )
    said, events = await _run(booking_actions.ActionStopBooking(), track)
    assert said == ["utter_booking_stopped"] and ActiveLoop(None) in events


@pytest.mark.parametrize(
    ("text", "confidence", "asked"),
    [
        ("Bea", 0.47, "booking_name"),
        ("Noor", 0.95, "booking_name"),  # short and no refusal in it: a name, however sure
        ("1", 0.6, "booking_places"),
        ("my son has no wheelchair but needs a ramp", 0.6, "booking_access_needs"),
    ],
)
async def test_a_doubtful_stop_on_a_free_text_question_is_the_answer(
    text: str, confidence: float, asked: str
) -> None:
    """The form goes on with the text as the answer; the form validates it as usual."""
    track = tracker(
        "x", text, intent="deny", confidence=confidence, slots={"requested_slot": asked}
    )
    said, events = await _run(booking_actions.ActionStopBooking(), track)
    assert said == []
    # The slot is last, so the form's validation sees it as the new candidate.
    assert events == [FollowupAction("booking_form"), SlotSet(asked, text)]


async def test_the_places_question_names_the_configured_most() -> None:
    dispatcher = CollectingDispatcher()
    await booking_actions.ActionAskBookingPlaces().run(dispatcher, tracker("x"), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_booking_places"
    assert message["max_places"] == runtime.settings().booking_max_places


async def test_cancel_my_tuesday_one_cancels_only_that_booking(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    tuesday = new_session(starts_in=timedelta(days=1))  # NOW is Monday 30 November
    thursday = new_session(starts_in=timedelta(days=3))
    family = new_family()
    with sessions.begin() as session:
        for session_id in (tuesday, thursday):
            operations.book(
                session, family, session_id, places=1, name="J", contact="j@x.org", now=NOW
            )
    said, _ = await _run(
        booking_actions.ActionCancelBooking(),
        tracker(family, "cancel my Tuesday one", intent="cancel_booking"),
    )
    assert said == ["utter_booking_cancelled"]
    with sessions() as session:
        left = operations.family_bookings(session, family, now=NOW)
        assert [view.starts_at.astimezone(LONDON).strftime("%A") for view in left] == ["Thursday"]
        assert session.get_one(BookableSession, tuesday).booked == 0


async def test_a_typed_intent_with_another_familys_booking_id_touches_nothing(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session()
    owner, intruder = new_family(), new_family()
    with sessions.begin() as session:
        theirs = operations.book(
            session, owner, session_id, places=2, name="Owner", contact="o@x.org", now=NOW
        )
    forged = f'/cancel_booking{{"booking_choice":"{theirs.booking_id}"}}'
    entities = [{"entity": "booking_choice", "value": str(theirs.booking_id)}]
    for action, intent in (
        (booking_actions.ActionCancelBooking(), "cancel_booking"),
        (booking_actions.ActionChangeBooking(), "change_booking"),
    ):
        said, _ = await _run(
            action, tracker(intruder, forged + " to 1 place", intent=intent, entities=entities)
        )
        assert said == ["utter_no_bookings"]
    # Even with a booking of their own, the intruder's id lookup finds only their own.
    mine_session = new_session()
    with sessions.begin() as session:
        operations.book(
            session, intruder, mine_session, places=1, name="I", contact="i@x.org", now=NOW
        )
    dispatcher = CollectingDispatcher()
    await booking_actions.ActionCancelBooking().run(
        dispatcher, tracker(intruder, forged, intent="cancel_booking", entities=entities), {}
    )
    assert responses(dispatcher)[0] == "utter_booking_not_found"
    assert all("Owner" not in str(message) for message in dispatcher.messages)
    with sessions() as session:
        booking = session.get_one(Booking, theirs.booking_id)
        assert (booking.status, booking.places) == ("active", 2)


async def test_change_places_on_the_only_booking(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    session_id = new_session(capacity=3)
    family = new_family()
    with sessions.begin() as session:
        operations.book(session, family, session_id, places=1, name="J", contact="j@x.org", now=NOW)
    said, _ = await _run(
        booking_actions.ActionChangeBooking(),
        tracker(family, "change my booking to 3 places", intent="change_booking"),
    )
    assert said == ["utter_booking_changed"]
    said, _ = await _run(
        booking_actions.ActionChangeBooking(),
        tracker(family, "change my booking to 40 places", intent="change_booking"),
    )
    assert said == ["utter_booking_places_too_many"]
    with sessions() as session:
        assert session.get_one(BookableSession, session_id).booked == 3


async def test_browse_next_week_lists_sample_sessions_with_the_sample_note() -> None:
    dispatcher = CollectingDispatcher()
    events = await booking_actions.ActionListSessions().run(
        dispatcher,
        tracker("x", "any drop-ins for under 5s next week?", intent="browse_sessions"),
        {},
    )
    listing, note = dispatcher.messages
    assert note["response"] == "utter_booking_sample_note"
    assert "Stay and play" in listing["text"]  # the sample timetable's under-5s drop-in
    assert "Thursday 10 December" in listing["text"]
    assert all(
        b["payload"].startswith('/book_session{"session_choice":') for b in listing["buttons"]
    )
    [offer] = events
    assert offer["name"] == "booking_offer" and offer["value"]


async def test_browse_a_past_date_is_refused_with_a_re_ask() -> None:
    said, _ = await _run(
        booking_actions.ActionListSessions(),
        tracker("x", "what was on yesterday", intent="browse_sessions"),
    )
    assert said == ["utter_booking_date_past"]
