"""Booking journey: browse sessions, the booking form, list / change / cancel bookings.

Thin: the rules live in ``bot.booking``. Every action acts on the bookings of
``tracker.sender_id`` (the gateway's conversation id) only; an id in a button payload
or a typed ``/intent{...}`` is looked up *within* that conversation's bookings, so it
cannot reach another family's booking.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions import runtime
from actions.forms import answer_taken_for_a_stop
from actions.questions import answer_from_content, reply
from bot.booking import answers, operations
from bot.booking.answers import Problem
from bot.booking.dates import When, find_when
from bot.booking.models import BookableSession, BookingStatus
from bot.booking.operations import BookingError, SessionFilter, when_text
from bot.booking.timetable import ensure_sessions
from bot.models import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

FORM_SLOTS = (
    "booking_session",
    "booking_name",
    "booking_contact",
    "booking_places",
    "booking_access_needs",
    "booking_confirmed",
    "booking_offer",
)
# The questions a family answers in their own words (see actions.forms).
FREE_TEXT_SLOTS = frozenset(
    {"booking_session", "booking_name", "booking_contact", "booking_places", "booking_access_needs"}
)


def now() -> datetime:
    """The current time; tests replace it to judge dates from a fixed day."""
    return utcnow()


async def in_transaction(work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction on a worker thread (the event loop stays free)."""

    def run() -> T:
        sessions = runtime.sessions()
        ensure_sessions(sessions, now())
        with sessions.begin() as session:
            return work(session)

    return await asyncio.to_thread(run)


def _clear_form() -> list[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


def _filter_for(text: str, when: When | None) -> SessionFilter:
    return SessionFilter(
        start=when.start if when else None,
        end=when.end if when else None,
        kind=answers.session_kind(text),
        child_age=answers.child_age(text),
        words=answers.topic_words(text),
        text=text,
    )


def _session_buttons(found: list[BookableSession]) -> list[dict[str, str]]:
    return [
        {
            "title": f"Book {number}",
            "payload": f'/book_session{{"session_choice":"{target.id}"}}',
        }
        for number, target in enumerate(found, start=1)
    ]


def _show_sessions(
    dispatcher: CollectingDispatcher, found: list[BookableSession], intro: str
) -> None:
    lines = [f"{number}. {answers.session_line(s)}" for number, s in enumerate(found, start=1)]
    dispatcher.utter_message(text=intro + "\n" + "\n".join(lines), buttons=_session_buttons(found))
    if any(target.sample for target in found):
        dispatcher.utter_message(response="utter_booking_sample_note")


class ActionListSessions(Action):
    """What's on, filtered by what the family said (day, course or drop-in, child's age)."""

    def name(self) -> str:
        return "action_list_sessions"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        when = find_when(text, now())
        if when is not None and when.past:
            dispatcher.utter_message(response="utter_booking_date_past")
            return []
        wanted = _filter_for(text, when)
        if not text.startswith("/") and not answers.asks_for_sessions(text, wanted):
            # "is there anything for dads": a question about the offer, not the timetable.
            return answer_from_content(dispatcher, tracker, text.strip())
        # "when is the next Incredible Years course": that programme's sessions only.
        named = None if text.startswith("/") else runtime.knowledge().named_item(text)
        if named is not None:
            wanted = replace(wanted, service_id=named.id)
        try:
            found = await in_transaction(lambda s: operations.find_sessions(s, wanted, now=now()))
        except SQLAlchemyError as error:
            log.error("sessions not listed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return []
        if not found and named is not None:
            # Nothing of it to book here: say so, and what the content says about it.
            dispatcher.utter_message(response="utter_booking_none_of", title=named.name)
            answer = runtime.knowledge().answer_about(named.id, text)
            return reply(dispatcher, text.strip(), answer)
        if not found:
            dispatcher.utter_message(response="utter_booking_no_sessions")
            return []
        _show_sessions(dispatcher, found, "Here's what I found:")
        return [SlotSet("booking_offer", [str(s.id) for s in found])]


class ActionAskBookingSession(Action):
    """Ask which session, listing the likely ones (from the family's last words)."""

    def name(self) -> str:
        return "action_ask_booking_session"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        when = find_when(text, now()) if not text.startswith("/") else None
        wanted = _filter_for(text, None if when is None or when.past else when)

        def work(session: Session) -> list[BookableSession]:
            found = operations.find_sessions(session, wanted, now=now())
            return found or operations.find_sessions(session, SessionFilter(), now=now())

        try:
            found = await in_transaction(work)
        except SQLAlchemyError as error:
            log.error("sessions not listed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return [ActiveLoop(None), *_clear_form()]
        if not found:
            dispatcher.utter_message(response="utter_booking_no_sessions")
            return [ActiveLoop(None), *_clear_form()]
        _show_sessions(dispatcher, found, "Which session would you like to book?")
        return [SlotSet("booking_offer", [str(s.id) for s in found])]


class ActionAskBookingPlaces(Action):
    """Ask how many places, with the configured most for one family."""

    def name(self) -> str:
        return "action_ask_booking_places"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        maximum = runtime.settings().booking_max_places
        dispatcher.utter_message(response="utter_ask_booking_places", max_places=maximum)
        return []


def _problem(dispatcher: CollectingDispatcher, problem: Problem, slot: str) -> dict[str, Any]:
    max_places = runtime.settings().booking_max_places
    dispatcher.utter_message(response=f"utter_booking_{problem.code}", max_places=max_places)
    return {slot: None}


class ValidateBookingForm(FormValidationAction):
    """Every slot is checked; a bad value is re-asked naming the problem."""

    def name(self) -> str:
        return "validate_booking_form"

    async def validate_booking_session(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        chosen = next(tracker.get_latest_entity_values("session_choice"), None)
        text = str(slot_value or "")
        offer = [str(item) for item in tracker.get_slot("booking_offer") or []]
        when = None if chosen else find_when(text, now())
        if when is not None and when.past:
            dispatcher.utter_message(response="utter_booking_date_past")
            return {"booking_session": None}

        def work(session: Session) -> BookableSession | str:
            if chosen is not None or text.strip().isdigit():
                session_id = _session_id(str(chosen or text), offer, from_button=chosen is not None)
            else:
                found = operations.find_sessions(session, _filter_for(text, when), now=now())
                matching = [s for s in found if not offer or str(s.id) in offer] or found
                session_id = (
                    matching[0].id if len(matching) == 1 and (when or _words(text)) else None
                )
            if session_id is None:
                return "session_unknown"
            try:
                return operations.bookable(session, session_id, now())
            except BookingError as error:
                return "session_past" if error.reason == "past_session" else "session_unknown"

        try:
            result = await in_transaction(work)
        except SQLAlchemyError as error:
            log.error("session not checked: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return {"booking_session": None}
        if isinstance(result, str):
            dispatcher.utter_message(response=f"utter_booking_{result}")
            return {"booking_session": None}
        dispatcher.utter_message(text=f"You've chosen: {answers.session_line(result)}")
        if result.places_left == 0:
            dispatcher.utter_message(response="utter_booking_session_full")
        return {"booking_session": str(result.id)}

    async def validate_booking_name(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        checked = answers.check_name(str(slot_value or ""))
        if isinstance(checked, Problem):
            return _problem(dispatcher, checked, "booking_name")
        return {"booking_name": checked}

    async def validate_booking_contact(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        checked = answers.check_contact(str(slot_value or ""))
        if isinstance(checked, Problem):
            return _problem(dispatcher, checked, "booking_contact")
        return {"booking_contact": checked}

    async def validate_booking_places(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        maximum = runtime.settings().booking_max_places
        checked = answers.check_places(str(slot_value or ""), maximum)
        if isinstance(checked, Problem):
            return _problem(dispatcher, checked, "booking_places")
        return {"booking_places": str(checked)}

    async def validate_booking_access_needs(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        checked = answers.check_access_needs(str(slot_value or ""))
        if isinstance(checked, Problem):
            return _problem(dispatcher, checked, "booking_access_needs")
        return {"booking_access_needs": checked or "none"}

    async def validate_booking_confirmed(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if isinstance(slot_value, bool):
            return {"booking_confirmed": slot_value}
        return {"booking_confirmed": None}


def _words(text: str) -> bool:
    return bool(answers.topic_words(text) or answers.session_kind(text))


def _session_id(raw: str, offer: list[str], *, from_button: bool) -> int | None:
    """A button carries a session id; a typed number is a position in the list shown."""
    raw = raw.strip()
    if not raw.isdigit():
        return None
    if from_button:
        return int(raw)
    position = int(raw)
    return int(offer[position - 1]) if 1 <= position <= len(offer) else None


class ActionAskBookingConfirmed(Action):
    """Read everything back before booking."""

    def name(self) -> str:
        return "action_ask_booking_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        session_id = int(tracker.get_slot("booking_session"))
        try:
            target = await in_transaction(lambda s: s.get_one(BookableSession, session_id))
        except SQLAlchemyError as error:
            log.error("booking not read back: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return [ActiveLoop(None), *_clear_form()]
        needs = tracker.get_slot("booking_access_needs") or "none"
        summary = (
            f"- {answers.session_line(target)}\n"
            f"- Name: {tracker.get_slot('booking_name')}\n"
            f"- Contact: {tracker.get_slot('booking_contact')}\n"
            f"- Places: {tracker.get_slot('booking_places')}\n"
            f"- Access needs: {needs}"
        )
        dispatcher.utter_message(response="utter_booking_confirm", summary=summary)
        return []


class ActionBookSession(Action):
    """The form is complete: book (or join the waiting list), then forget the answers."""

    def name(self) -> str:
        return "action_book_session"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("booking_confirmed") is not True:
            dispatcher.utter_message(response="utter_booking_not_made")
            return _clear_form()
        session_id = int(tracker.get_slot("booking_session"))
        needs = tracker.get_slot("booking_access_needs") or "none"

        def work(session: Session) -> tuple[operations.BookingOutcome, BookableSession]:
            outcome = operations.book(
                session,
                tracker.sender_id,
                session_id,
                places=int(tracker.get_slot("booking_places")),
                name=str(tracker.get_slot("booking_name")),
                contact=str(tracker.get_slot("booking_contact")),
                access_needs="" if needs == "none" else str(needs),
                now=now(),
            )
            return outcome, session.get_one(BookableSession, session_id)

        try:
            outcome, target = await in_transaction(work)
        except BookingError as error:
            log.info("booking refused: reason=%s", error.reason)
            dispatcher.utter_message(response="utter_booking_session_past")
            return _clear_form()
        except SQLAlchemyError as error:
            log.error("booking not made: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return _clear_form()
        log.info("booking made: booking_id=%s status=%s", outcome.booking_id, outcome.status)
        if outcome.already:
            dispatcher.utter_message(response="utter_booking_already", title=target.title)
        elif outcome.status == BookingStatus.WAITING.value:
            dispatcher.utter_message(
                response="utter_booked_waiting",
                title=target.title,
                position=outcome.waiting_position,
            )
        else:
            dispatcher.utter_message(response="utter_booked", summary=answers.session_line(target))
            if target.sample:
                dispatcher.utter_message(response="utter_booking_sample_note")
        return _clear_form()


class ActionStopBooking(Action):
    """ "Stop" / "never mind" mid-form: leave the form; nothing was saved, nothing is kept."""

    def name(self) -> str:
        return "action_stop_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        resumed = answer_taken_for_a_stop(tracker, FREE_TEXT_SLOTS, "booking_form")
        if resumed is not None:
            return resumed  # a name or a number the classifier half-mistook for "stop"
        dispatcher.utter_message(response="utter_booking_stopped")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *_clear_form()]


def _booking_buttons(
    views: list[operations.BookingView], verb: str, intent: str
) -> list[dict[str, str]]:
    return [
        {
            "title": f"{verb} {number}",
            "payload": f'/{intent}{{"booking_choice":"{view.id}"}}',
        }
        for number, view in enumerate(views, start=1)
    ]


def _booking_line(view: operations.BookingView) -> str:
    state = "on the waiting list" if view.status == BookingStatus.WAITING.value else "booked"
    return (
        f"{view.title}: {when_text(view.starts_at, view.weeks)}, {view.venue}. "
        f"{view.places} place(s), {state}."
    )


def _show_bookings(
    dispatcher: CollectingDispatcher, views: list[operations.BookingView], intro: str
) -> None:
    lines = [f"{number}. {_booking_line(v)}" for number, v in enumerate(views, start=1)]
    dispatcher.utter_message(
        text=intro + "\n" + "\n".join(lines),
        buttons=_booking_buttons(views, "Cancel", "cancel_booking"),
    )


class ActionListBookings(Action):
    """The family's own bookings and waiting-list places."""

    def name(self) -> str:
        return "action_list_bookings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            views = await in_transaction(
                lambda s: operations.family_bookings(s, tracker.sender_id, now=now())
            )
        except SQLAlchemyError as error:
            log.error("bookings not listed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return []
        if not views:
            dispatcher.utter_message(response="utter_no_bookings")
            return []
        _show_bookings(dispatcher, views, "Your bookings:")
        return []


def _pick(tracker: Tracker, views: list[operations.BookingView]) -> list[operations.BookingView]:
    """Which of the family's bookings the message means: a button's id, a day, or the only one."""
    chosen = next(tracker.get_latest_entity_values("booking_choice"), None)
    if chosen is not None:
        return [v for v in views if str(v.id) == str(chosen)]
    text = tracker.latest_message.get("text") or ""
    when = find_when(text, now())
    if when is not None:
        return [v for v in views if when.start <= v.starts_at < when.end]
    words = answers.topic_words(text)
    if words:
        return [v for v in views if any(word in v.title.lower() for word in words)]
    return views


class ActionCancelBooking(Action):
    """Cancel one of the family's bookings ("cancel my Tuesday one")."""

    def name(self) -> str:
        return "action_cancel_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        def work(session: Session) -> tuple[str, list[operations.BookingView]]:
            views = operations.family_bookings(session, tracker.sender_id, now=now())
            if not views:
                return "none", []
            picked = _pick(tracker, views)
            if len(picked) != 1:
                return "ambiguous", views
            operations.cancel(session, tracker.sender_id, picked[0].id, now=now())
            return "cancelled", picked

        try:
            result, views = await in_transaction(work)
        except BookingError:
            dispatcher.utter_message(response="utter_booking_not_found")
            return []
        except SQLAlchemyError as error:
            log.error("booking not cancelled: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return []
        if result == "none":
            dispatcher.utter_message(response="utter_no_bookings")
        elif result == "ambiguous":
            if next(tracker.get_latest_entity_values("booking_choice"), None) is not None:
                dispatcher.utter_message(response="utter_booking_not_found")
            _show_bookings(dispatcher, views, "Which booking would you like to cancel?")
        else:
            [view] = views
            log.info("booking cancelled: booking_id=%s", view.id)
            dispatcher.utter_message(
                response="utter_waiting_cancelled"
                if view.status == BookingStatus.WAITING.value
                else "utter_booking_cancelled",
                title=view.title,
                when=when_text(view.starts_at, view.weeks),
            )
        return []


class ActionChangeBooking(Action):
    """Change the number of places on one of the family's bookings."""

    def name(self) -> str:
        return "action_change_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if not text.startswith("/") and not answers.mentions_a_booking(text):
            # "can i change my social worker": a question about the offer, not a booking.
            return answer_from_content(dispatcher, tracker, text.strip())
        places = answers.places_in(text, runtime.settings().booking_max_places)
        if places is None:
            dispatcher.utter_message(response="utter_booking_change_how")
            return []
        if isinstance(places, Problem):
            _problem(dispatcher, places, "booking_places")
            return []

        def work(session: Session) -> tuple[str, list[operations.BookingView]]:
            views = operations.family_bookings(session, tracker.sender_id, now=now())
            if not views:
                return "none", []
            picked = _pick(tracker, views)
            if len(picked) != 1:
                return "ambiguous", views
            try:
                operations.change_places(session, tracker.sender_id, picked[0].id, places, now())
            except BookingError as error:
                return error.reason, picked
            return "changed", picked

        try:
            result, views = await in_transaction(work)
        except SQLAlchemyError as error:
            log.error("booking not changed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_failed")
            return []
        if result == "none":
            dispatcher.utter_message(response="utter_no_bookings")
        elif result == "ambiguous":
            dispatcher.utter_message(response="utter_booking_change_how")
            _show_bookings(dispatcher, views, "Your bookings:")
        elif result == "changed":
            dispatcher.utter_message(
                response="utter_booking_changed", title=views[0].title, places=places
            )
        elif result == "no_room":
            dispatcher.utter_message(response="utter_booking_change_no_room", title=views[0].title)
        else:
            dispatcher.utter_message(response="utter_booking_not_found")
        return []
