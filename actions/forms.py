"""Is "stop" really a stop? Forms that ask a family for their own words.

While a form asks for a name, a phone number or "what is going on", the family's reply
is the answer, whatever intent the classifier guesses for it. A rule still has to let
"stop" and "never mind" end the form, so the action that rule runs (action_stop_booking,
action_cancel_handoff) asks :func:`answer_taken_for_a_stop` first: a short reply is the
answer unless it says no or stop in so many words, and a longer one ends the form only
if the classifier is sure. "Bea" once came back as ``deny`` (0.47) and "Noor" as
``deny`` (0.9); both stopped a booking.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet

SURE_INTERRUPTION = 0.8
SHORT_REPLY_WORDS = 3
REFUSAL_WORDS = frozenset({"no", "nope", "nah", "stop", "cancel", "quit", "exit", "nevermind"})
REFUSALS = frozenset({
    "never mind", "forget it", "leave it", "not now", "changed my mind", "i've changed my mind",
    "don't book it", "dont book it", "i don't want to", "i dont want to",
})  # fmt: skip


def is_an_answer(text: str, confidence: float) -> bool:
    """Whether a reply the classifier took for "stop" or "no" is the answer asked for."""
    if text.startswith("/"):
        return False
    words = re.findall(r"[a-z']+", text.lower())
    if " ".join(words) in REFUSALS:
        return False
    if len(words) <= SHORT_REPLY_WORDS:
        return not REFUSAL_WORDS.intersection(words)
    return confidence < SURE_INTERRUPTION


def answer_taken_for_a_stop(
    tracker: Tracker, free_text_slots: Collection[str], form: str
) -> list[EventType] | None:
    """Events taking ``form`` back with the reply as its answer; None for a real stop.

    The slot is set last, so the form's validation sees it as the new candidate and
    checks it as usual.
    """
    slot = tracker.get_slot("requested_slot")
    text = tracker.latest_message.get("text") or ""
    confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)
    if slot in free_text_slots and is_an_answer(text, confidence):
        return [FollowupAction(form), SlotSet(slot, text)]
    return None
