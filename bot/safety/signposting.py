"""The help a family or young person is shown the moment a message may be a disclosure.

The reply comes before anything else and asks nothing: where to get help now, and that a
person from the council will see the conversation. It is built only from fixed wording
and the contacts in ``data/safety/signposting.yml``; the family's own words are never
repeated back (they could be read over a shoulder, and they belong in the case, not in
a template).

No Darlington number is known (shared/domain/DOMAIN.md section 5.7), so the council's
Front Door and out-of-hours lines are placeholders that the council fills in at deploy
time through ``BATON_FRONT_DOOR_PHONE`` and ``BATON_OUT_OF_HOURS_PHONE``. Until then the
reply names only national services and says the council's team will be told.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from bot.safety.categories import (
    BULLYING_ONLINE_HARM,
    DOMESTIC_ABUSE,
    EMOTIONAL_ABUSE,
    EXPLOITATION,
    IMMEDIATE_DANGER,
    MISSING,
    NEGLECT,
    PHYSICAL_ABUSE,
    SELF_HARM_SUICIDE,
    SEXUAL_ABUSE,
    SafetyAssessment,
)

log = logging.getLogger(__name__)

SIGNPOSTING_FILE = Path(__file__).resolve().parents[2] / "data" / "safety" / "signposting.yml"

CONFIRMED, SAMPLE, CONFIGURED = "confirmed", "sample", "configured"
_STATUSES = {CONFIRMED, SAMPLE}
# A phone number as a council would give it: digits, spaces, +, brackets, hyphens.
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{1,24}$")
_REQUIRED_KEYS = (
    "emergency",
    "childline",
    "nspcc",
    "samaritans",
    "shout",
    "front_door",
    "out_of_hours",
)


class SignpostingError(ValueError):
    """The signposting file is missing, malformed or holds an unconfirmed number."""


@dataclass(frozen=True)
class Contact:
    """One place to get help."""

    key: str
    name: str
    number: str | None
    how: str  # "call" or "text"
    audience: str
    status: str  # "confirmed", "sample" or "configured" (a sample filled in from the environment)
    source: str
    text_word: str | None = None
    env: str | None = None
    note: str | None = None

    @property
    def available(self) -> bool:
        return self.number is not None


@dataclass(frozen=True)
class Signposting:
    """The contacts, by key (``emergency``, ``childline``, ``front_door`` ...)."""

    contacts: Mapping[str, Contact]

    def get(self, key: str) -> Contact | None:
        return self.contacts.get(key)


def _contact(key: str, raw: Any) -> Contact:
    if not isinstance(raw, dict):
        raise SignpostingError(f"contact {key!r} is not a mapping")

    def text(name: str, *, required: bool) -> str | None:
        value = raw.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise SignpostingError(f"contact {key!r} needs {name} as text")
        return value.strip()

    name, how, audience, status, source = (
        text(field, required=True) or ""
        for field in ("name", "how", "audience", "status", "source")
    )
    number = raw.get("number")
    if number is not None and not isinstance(number, str):
        raise SignpostingError(f"contact {key!r}: write the number in quotes")
    if status not in _STATUSES:
        raise SignpostingError(f"contact {key!r}: status must be confirmed or sample")
    if status == CONFIRMED and not number:
        raise SignpostingError(f"contact {key!r} is confirmed but has no number")
    if status == SAMPLE and number is not None:
        # A sample number in the file is how an invented number would reach a child.
        raise SignpostingError(
            f"contact {key!r} is a sample: its number must be null (use {raw.get('env')})"
        )
    if how not in ("call", "text"):
        raise SignpostingError(f"contact {key!r}: how must be call or text")
    return Contact(
        key=key,
        name=name,
        number=number,
        how=how,
        audience=audience,
        status=status,
        source=source,
        text_word=text("text_word", required=False),
        env=text("env", required=False),
        note=text("note", required=False),
    )


def _from_environment(contact: Contact, environ: Mapping[str, str]) -> Contact:
    if contact.env is None:
        return contact
    value = environ.get(contact.env, "").strip()
    if not value:
        return contact
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 3:
        # Name the variable, never its value: it is configuration, but keep logs plain.
        log.warning("ignoring %s: it does not look like a phone number", contact.env)
        return contact
    return replace(contact, number=value, status=CONFIGURED)


def load_signposting(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Signposting:
    """Read the contacts, filling council placeholders from the environment.

    Read when called (at gateway start-up), not at import, so a deployment's
    ``BATON_FRONT_DOOR_PHONE`` and ``BATON_OUT_OF_HOURS_PHONE`` are picked up. Raises
    :class:`SignpostingError` on a bad file; the gateway can fall back to
    :data:`NATIONAL_ONLY`, which needs no file.
    """
    source = Path(path) if path is not None else SIGNPOSTING_FILE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SignpostingError(f"cannot read {source.name}: {type(error).__name__}") from error
    if (
        not isinstance(data, dict)
        or data.get("version") != 1
        or not isinstance(data.get("contacts"), dict)
    ):
        raise SignpostingError("expected version: 1 and a contacts mapping")
    env = os.environ if environ is None else environ
    contacts = {
        key: _from_environment(_contact(str(key), raw), env)
        for key, raw in data["contacts"].items()
    }
    missing = [key for key in _REQUIRED_KEYS if key not in contacts]
    if missing:
        raise SignpostingError(f"missing contacts: {', '.join(missing)}")
    return Signposting(contacts)


NATIONAL_ONLY = Signposting(
    {
        contact.key: contact
        for contact in (
            Contact(
                "emergency",
                "999",
                "999",
                "call",
                "anyone in danger right now",
                CONFIRMED,
                "national service",
            ),
            Contact(
                "childline",
                "Childline",
                "0800 1111",
                "call",
                "children and young people under 19",
                CONFIRMED,
                "national service",
            ),
            Contact(
                "nspcc",
                "NSPCC helpline",
                "0808 800 5000",
                "call",
                "adults worried about a child",
                CONFIRMED,
                "national service",
            ),
            Contact(
                "samaritans",
                "Samaritans",
                "116 123",
                "call",
                "anyone struggling to cope",
                CONFIRMED,
                "national service",
            ),
            Contact(
                "shout",
                "Shout",
                "85258",
                "text",
                "anyone who would rather text",
                CONFIRMED,
                "national service",
                text_word="SHOUT",
            ),
        )
    }
)
"""National lines only, for when the signposting file cannot be read: help still goes out."""

# Which lines to offer, by category, in the order they are listed.
_CHILD_OR_WORRIED_ADULT = ("childline", "nspcc")
_LINES_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    SELF_HARM_SUICIDE: ("samaritans", "shout", "childline"),
    IMMEDIATE_DANGER: _CHILD_OR_WORRIED_ADULT,
    PHYSICAL_ABUSE: _CHILD_OR_WORRIED_ADULT,
    SEXUAL_ABUSE: _CHILD_OR_WORRIED_ADULT,
    DOMESTIC_ABUSE: _CHILD_OR_WORRIED_ADULT,
    EXPLOITATION: _CHILD_OR_WORRIED_ADULT,
    MISSING: _CHILD_OR_WORRIED_ADULT,
    NEGLECT: _CHILD_OR_WORRIED_ADULT,
    EMOTIONAL_ABUSE: _CHILD_OR_WORRIED_ADULT,
    BULLYING_ONLINE_HARM: _CHILD_OR_WORRIED_ADULT,
}
_ORDER = ("samaritans", "shout", "childline", "nspcc")

_WHO = {
    "childline": "if you're under 19",
    "nspcc": "if you're an adult worried about a child",
    "samaritans": "if you are struggling to cope",
    "shout": "if you'd rather text",
}


def _line(contact: Contact) -> str:
    if contact.how == "text":
        action = f"text {contact.text_word or ''} to {contact.number}".replace("  ", " ")
    else:
        action = f"call {contact.number}"
    who = _WHO.get(contact.key)
    return f"- {contact.name}: {action}" + (f" ({who})" if who else "")


def _danger_line(categories: tuple[str, ...], emergency: Contact) -> str:
    number = emergency.number or "999"
    if IMMEDIATE_DANGER in categories:
        return f"If you or anyone else is in danger right now, call {number} now."
    if SELF_HARM_SUICIDE in categories:
        return (
            "If you have hurt yourself, taken something, or feel you might act on these "
            f"thoughts now, call {number}."
        )
    if MISSING in categories:
        return f"If a child is missing and you think they are in danger, call {number}."
    return f"If you or anyone else is in danger right now, call {number}."


def signposting_message(assessment: SafetyAssessment, contacts: Signposting | None = None) -> str:
    """Calm, short help to send at once when ``assessment.at_risk``.

    Uses only fixed wording and ``contacts`` (national lines only if None). The user's
    text is not an input, so it cannot appear. Asks no questions.
    """
    book = contacts if contacts is not None else NATIONAL_ONLY
    categories = assessment.categories
    emergency = book.get("emergency") or NATIONAL_ONLY.contacts["emergency"]

    wanted: set[str] = set()
    for category in categories or (IMMEDIATE_DANGER,):
        wanted.update(_LINES_BY_CATEGORY.get(category, _CHILD_OR_WORRIED_ADULT))
    lines_to_offer = [
        book.get(key) or NATIONAL_ONLY.contacts[key] for key in _ORDER if key in wanted
    ]

    parts = []
    if IMMEDIATE_DANGER in categories:
        parts.append(_danger_line(categories, emergency))
        parts.append("Thank you for telling me. You don't have to deal with this on your own.")
    else:
        parts.append("Thank you for telling me. You don't have to deal with this on your own.")
        parts.append(_danger_line(categories, emergency))
    parts.append("You can talk to someone now, free:")
    parts.extend(_line(contact) for contact in lines_to_offer if contact.available)

    front_door, out_of_hours = book.get("front_door"), book.get("out_of_hours")
    council = []
    if front_door is not None and front_door.available:
        council.append(f"- Darlington Children's Initial Advice Team: call {front_door.number}")
    if out_of_hours is not None and out_of_hours.available:
        council.append(f"- Evenings and weekends: call {out_of_hours.number}")
    if council:
        parts.append("You can also talk to the council's children's team:")
        parts.extend(council)
    else:
        parts.append("I'm letting the council's children's services team know.")
    parts.append(
        "A person from the council's safeguarding team will see this conversation. "
        "You can keep writing here if you want to."
    )
    return "\n".join(parts)


__all__ = [
    "CONFIGURED",
    "CONFIRMED",
    "NATIONAL_ONLY",
    "SAMPLE",
    "SIGNPOSTING_FILE",
    "Contact",
    "Signposting",
    "SignpostingError",
    "load_signposting",
    "signposting_message",
]
