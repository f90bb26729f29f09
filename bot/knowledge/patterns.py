"""Patterns for contact details and times, shared by the content check and the evaluation.

One definition keeps the two honest with each other: whatever the check refuses to let
into non-sample content is exactly what the evaluation treats as an invented detail.
"""

from __future__ import annotations

import re

PHONE = re.compile(r"(?<![\w.])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
"""UK-style phone numbers: 01632 960 000, 07985 123456, +44 1325 000000, 03000 268659."""

MASKED_PHONE = re.compile(r"\b0\d[\dX*]{2,4}[ ]?[X*]{3,}", re.IGNORECASE)
"""Partly masked numbers such as the social worker's mobile in the seeds (07XXX XXXXXX)."""

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|nhs\.uk|com|org|net|uk)\b",
    re.IGNORECASE,
)
TIME = re.compile(
    r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b(?:1[0-2]|0?[1-9])\s?(?:am|pm)\b",
    re.IGNORECASE,
)
"""Clock times (10:30, 9.15, 3pm): the seeds contain none for Darlington."""


def digits(text: str) -> str:
    """Keep only digits, so '03000 268659' and '03000268659' compare equal."""
    return "".join(ch for ch in text if ch.isdigit())


def contact_strings(text: str) -> list[str]:
    """Return every phone number, email address or URL found in text."""
    found: list[str] = []
    for pattern in (PHONE, MASKED_PHONE, EMAIL):
        found.extend(match.group(0).strip() for match in pattern.finditer(text))
    emails = [f for f in found if "@" in f]
    for match in URL.finditer(text):
        url = match.group(0).strip()
        if not any(url in email for email in emails):  # the domain of an email is not a URL
            found.append(url)
    return found


def kind_of(detail: str) -> str:
    """Name the kind of detail for messages to officers."""
    if TIME.fullmatch(detail):
        return "clock time"
    if "@" in detail:
        return "email address"
    if PHONE.fullmatch(detail) or MASKED_PHONE.fullmatch(detail):
        return "phone number"
    return "web address"


def operational_strings(text: str) -> list[str]:
    """Contact strings plus clock times: the details an answer must not invent."""
    return contact_strings(text) + [m.group(0) for m in TIME.finditer(text)]
