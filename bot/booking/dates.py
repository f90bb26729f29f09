"""Reading the dates families type: "next Tuesday", "the 3rd", "tomorrow morning".

No Duckling server: the action server finds the DATE and TIME phrases with spaCy's
named entities (the model the knowledge base already loads) and this module turns a
phrase into a span of time in Europe/London. Deliberately small and predictable;
anything it cannot read gives ``None`` and the assistant asks again.

Conventions (see docs/booking.md): a bare weekday or "next <weekday>" is the next
such day (today counts for a bare weekday, not for "next"); "the 3rd" is the next 3rd
of a month; a day and month without a year is this year's, so a date already gone is
reported as past rather than silently moved to next year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
PARTS = {"morning": (time(0), time(12)), "afternoon": (time(12), time(17)),
         "evening": (time(17), time(23, 59)), "tonight": (time(17), time(23, 59))}  # fmt: skip

_WEEKDAY = r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class When:
    """A span of time the family meant, as London-aware datetimes [start, end)."""

    start: datetime
    end: datetime
    past: bool


def _weekday_index(word: str) -> int | None:
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word[:3]):
            return index
    return None


def _month_index(word: str) -> int | None:
    for index, name in enumerate(MONTHS):
        if name.startswith(word[:3]):
            return index + 1
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_ordinal(today: date, day: int) -> date | None:
    """The next date (today or later) falling on this day of a month."""
    for offset in range(0, 3):
        month = (today.month - 1 + offset) % 12 + 1
        year = today.year + (today.month - 1 + offset) // 12
        found = _safe_date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def _one(day: date | None) -> tuple[date, date] | None:
    return (day, day) if day is not None else None


def _days(text: str, today: date) -> tuple[date, date] | None:
    """The first and last day the text names, or None."""
    if re.search(r"\bday after tomorrow\b", text):
        day = today + timedelta(days=2)
        return day, day
    if re.search(r"\b(today|tonight)\b", text):
        return today, today
    if re.search(r"\b(tomorrow|tmrw|tmr)\b", text):
        day = today + timedelta(days=1)
        return day, day
    if re.search(r"\byesterday\b", text):
        day = today - timedelta(days=1)
        return day, day
    if re.search(r"\bnext week\b", text):
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=6)
    if re.search(r"\bthis week\b", text):
        return today, today + timedelta(days=6 - today.weekday())
    if re.search(r"\b(this |the )?weekend\b", text):
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return saturday, saturday + timedelta(days=1)
    if found := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        return _one(_safe_date(int(found[1]), int(found[2]), int(found[3])))
    if found := re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b", text):
        year = int(found[3]) if found[3] else today.year
        year = year + 2000 if year < 100 else year
        return _one(_safe_date(year, int(found[2]), int(found[1])))  # UK order: day/month
    if found := re.search(rf"\b{_ORD}(?: of)? {_MONTH}(?: (\d{{4}}))?\b", text) or re.search(
        rf"\b{_MONTH} (?:the )?{_ORD}(?:,? (\d{{4}}))?\b", text
    ):
        groups = found.groups()
        day_str, month_str = (
            (groups[0], groups[1]) if groups[0].isdigit() else (groups[1], groups[0])
        )
        month = _month_index(month_str)
        year = int(groups[2]) if groups[2] else today.year
        return _one(_safe_date(year, month, int(day_str)) if month else None)
    if found := re.search(rf"\b(last|next|this|on)? ?{_WEEKDAY}\b", text):
        index = _weekday_index(found[2])
        if index is None:
            return None
        ahead = (index - today.weekday()) % 7
        if found[1] == "last":
            ahead = ahead - 7 if ahead else -7
        elif found[1] == "next" and ahead == 0:
            ahead = 7
        day = today + timedelta(days=ahead)
        return day, day
    if found := re.search(rf"\bthe {_ORD}\b", text) or re.fullmatch(rf"\s*(?:on )?{_ORD}\s*", text):
        return _one(_next_ordinal(today, int(found[1])))
    return None


def parse_when(text: str, now: datetime) -> When | None:
    """The span of time ``text`` names, judged from ``now``; None if it names none."""
    lowered = " ".join(text.lower().split())
    today = now.astimezone(LONDON).date()
    days = _days(lowered, today)
    part = next((PARTS[word] for word in PARTS if re.search(rf"\b{word}\b", lowered)), None)
    if days is None:
        if part is None:
            return None
        days = today, today  # "in the morning": this morning
    first, last = days
    start_time, end_time = part or (time(0), time(0))
    start = datetime.combine(first, start_time, tzinfo=LONDON)
    end = datetime.combine(last + (timedelta(0) if part else timedelta(days=1)), end_time)
    end = end.replace(tzinfo=LONDON)
    return When(start=start, end=end, past=end <= now)


def date_phrases(text: str) -> list[str]:
    """DATE and TIME phrases spaCy finds in ``text`` (the model is loaded once per process)."""
    from bot.nlp import load_spacy  # heavy: only the action server needs it

    return [ent.text for ent in load_spacy()(text).ents if ent.label_ in ("DATE", "TIME")]


def find_when(text: str, now: datetime, *, use_spacy: bool = True) -> When | None:
    """The span a message names: spaCy's DATE/TIME phrases first, then the whole text.

    The small English model misses some forms ("the 3rd of December" is an ORDINAL to
    it), so the whole message is the fallback rather than the only input.
    """
    for phrase in date_phrases(text) if use_spacy else []:
        when = parse_when(phrase, now)
        if when is not None:
            return when
    return parse_when(text, now)
