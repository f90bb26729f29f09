"""Is "stop" really a stop? Forms that ask a family for their own words.

While a form asks for a name, a phone number or "what is going on", the family's reply
is the answer, whatever intent the classifier guesses for it. A rule still has to let
"stop" and "never mind" end the form, so the action that rule runs asks
:func:`is_an_answer` first: a short reply is the answer unless it says no or stop in so
many words, and a longer one ends the form only if the classifier is sure. "Bea" once
came back as ``deny`` (0.47) and "Noor" as ``deny`` (0.9); both stopped a booking.
"""

from __future__ import annotations

import re

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
