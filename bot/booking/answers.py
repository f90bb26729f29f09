"""Checking what a family types into the booking form, and wording sessions for them.

Each check returns the cleaned value or a ``Problem`` naming what is wrong, so the
assistant re-asks for that one thing instead of restarting the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.booking.models import BookableSession, SessionKind
from bot.booking.operations import SessionFilter, when_text

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "just me": 1, "me": 1,
}  # fmt: skip
NO_NEEDS = {"none", "no", "nope", "nothing", "n/a", "na", "no thanks", "no access needs", "nah"}
EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")
NAME = re.compile(r"^[^\W\d_][\w' .-]*$")


@dataclass(frozen=True)
class Problem:
    """Why a value was refused: ``code`` picks the response, ``detail`` fills it in."""

    code: str
    detail: str = ""


def check_name(text: str) -> str | Problem:
    name = " ".join(text.split())
    name = re.sub(r"^(my name is|i'm|im|it's|call me)\s+", "", name, flags=re.IGNORECASE)
    if not name or len(name) > 40 or not NAME.match(name):
        return Problem("name_invalid")
    return name


def check_contact(text: str) -> str | Problem:
    contact = text.strip()
    if "@" in contact:
        return contact if EMAIL.match(contact) and len(contact) <= 120 else Problem("email_invalid")
    digits = re.sub(r"\D", "", contact)
    if digits and re.search(r"[A-Za-z]", contact):
        return Problem("phone_letters")
    if not PHONE_CHARS.match(contact) or not 10 <= len(digits) <= 13:
        return Problem("contact_invalid")
    return " ".join(contact.split())


def check_places(text: str, maximum: int) -> int | Problem:
    lowered = text.strip().lower()
    found = re.search(r"-?\d+", lowered)
    if found:
        number = int(found[0])
    else:
        words = [n for word, n in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", lowered)]
        if not words:
            return Problem("places_not_a_number")
        number = words[0]
    if number < 1:
        return Problem("places_too_few")
    if number > maximum:
        return Problem("places_too_many", str(maximum))
    return number


def check_access_needs(text: str) -> str | Problem:
    needs = " ".join(text.split())
    if needs.lower().strip(".! ") in NO_NEEDS:
        return ""
    if len(needs) > 300:
        return Problem("access_needs_too_long")
    return needs


def session_line(target: BookableSession) -> str:
    """One line about a session: what, when, where, places left (no personal data)."""
    kind = (
        f"{target.weeks}-week course, booked as a whole"
        if target.kind == (SessionKind.PROGRAMME.value)
        else "drop-in"
    )
    left = target.places_left
    places = f"{left} place{'s' if left != 1 else ''} left" if left else "full: waiting list"
    return f"{target.title} ({kind}): {when_text(target.starts_at)}, {target.venue}. {places}."


AGE_WORDS = {"baby": 0, "babies": 0, "toddler": 2, "under 5": 3, "under five": 3, "preschool": 3,
             "teen": 14, "teenager": 14, "teenage": 14}  # fmt: skip
PROGRAMME_WORDS = ("course", "programme", "program", "classes", "weeks")
DROP_IN_WORDS = ("drop-in", "drop in", "dropin", "group", "stay and play", "chat")
TOPIC_WORDS = ("walk", "parenting", "teen", "care leaver", "baby", "mother", "stay and play")


def child_age(text: str) -> int | None:
    lowered = text.lower()
    if found := re.search(r"\b(\d{1,2})[- ]?(?:year|yr)s?[- ]?old\b", lowered):
        return int(found[1])
    if found := re.search(r"\bunder (\d{1,2})s?\b", lowered):
        return max(int(found[1]) - 1, 0)
    return next((age for word, age in AGE_WORDS.items() if word in lowered), None)


def session_kind(text: str) -> SessionKind | None:
    lowered = text.lower()
    if any(word in lowered for word in PROGRAMME_WORDS):
        return SessionKind.PROGRAMME
    if any(word in lowered for word in DROP_IN_WORDS):
        return SessionKind.DROP_IN
    return None


# Words that ask about the timetable itself: "what's on", "sessions", "when is the next".
_SESSION_WORDS = re.compile(
    r"\b(?:what'?s on|anything on|on (?:this|next)|sessions?|timetable|book(?:ing|able)?"
    r"|happening|coming up|start(?:s|ing)?|next|when|what time|times|dates?|events?"
    r"|activit(?:y|ies)|workshops?|clubs?)\b"
)


def asks_for_sessions(text: str, wanted: SessionFilter) -> bool:
    """True if the words ask what is on (a day, a kind, an age, a session word).

    Used to tell "is there a drop in on tuesday" (the timetable) from "is there anything
    for dads" (a question about the offer), both of which the classifier may call browsing.
    """
    return (
        wanted.start is not None
        or wanted.kind is not None
        or wanted.child_age is not None
        or bool(wanted.words)
        or _SESSION_WORDS.search(text.lower()) is not None
    )


_BOOKING_WORDS = re.compile(
    r"\b(?:book(?:ing|ings|ed)?|places?|spaces?|seats?|people|person|persons|waiting list"
    r"|sessions?)\b"
)


def mentions_a_booking(text: str) -> bool:
    """True if the words are about a booking or its places ("change my booking", "make it
    4 places", "can i bring one more person").

    Used to tell a change to a booking from a question the classifier also calls one ("can
    i change my social worker", "my 3 year old's worker changed again"), which the content
    answers. A number alone is not enough: most numbers in questions are ages.
    """
    return _BOOKING_WORDS.search(text.lower()) is not None


def topic_words(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    return tuple(word for word in TOPIC_WORDS if word in lowered)


def places_in(text: str, maximum: int) -> int | Problem | None:
    """ "change it to 3 places": the new number, a problem, or None if no number is given."""
    found = re.search(
        r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(places?|people|of us)\b",
        text.lower(),
    )
    if found is None:
        found = re.search(r"\bto (\d{1,3})\b", text.lower())
    if found is None:
        return None
    return check_places(found[1], maximum)
