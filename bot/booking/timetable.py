"""The timetable file (``data/timetable/*.yml``) and its materialisation into sessions.

Weekly patterns become concrete, dated ``BookableSession`` rows for the next few weeks.
Each row's ``ref`` is "<entry id>:<first date>", unique in the database, so running
the materialisation again (every action, every gateway start, several processes at
once) adds only what is missing and never duplicates a session.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.booking.models import BookableSession, SessionKind
from bot.config import ROOT

LONDON = ZoneInfo("Europe/London")
TIMETABLE_DIR = ROOT / "data" / "timetable"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class TimetableError(ValueError):
    """The timetable file is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Pattern:
    """A weekly drop-in, or a programme whose runs start every few weeks."""

    id: str
    kind: SessionKind
    title: str
    service: str | None
    team: str
    venue: str
    area: str
    audience: str
    age_min: int | None
    age_max: int | None
    weekday: int
    start: time
    end: time
    capacity: int
    weeks: int
    every_weeks: int
    sample: bool


@dataclass(frozen=True)
class Timetable:
    patterns: tuple[Pattern, ...]
    horizon_weeks: int


def load_timetable(folder: Path = TIMETABLE_DIR) -> Timetable:
    patterns: list[Pattern] = []
    horizon = 4
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sample = data.get("status") == "sample"
        horizon = int(data.get("horizon_weeks", horizon))
        for raw in data.get("drop_ins") or []:
            patterns.append(_pattern(raw, SessionKind.DROP_IN, sample))
        for raw in data.get("programmes") or []:
            patterns.append(_pattern(raw, SessionKind.PROGRAMME, sample))
    return Timetable(tuple(patterns), horizon)


def _pattern(raw: dict[str, Any], kind: SessionKind, sample: bool) -> Pattern:
    entry = str(raw.get("id", "?"))
    try:
        weekday = WEEKDAYS.index(str(raw["weekday"]).lower())
        start = time.fromisoformat(str(raw["start"]))
        end = time.fromisoformat(str(raw["end"]))
        return Pattern(
            id=entry,
            kind=kind,
            title=str(raw["title"]),
            service=raw.get("service"),
            team=str(raw["team"]),
            venue=str(raw["venue"]),
            area=str(raw.get("area", "")),
            audience=str(raw.get("audience", "")),
            age_min=raw.get("age_min"),
            age_max=raw.get("age_max"),
            weekday=weekday,
            start=start,
            end=end,
            capacity=int(raw["capacity"]),
            weeks=int(raw.get("weeks", 1)),
            every_weeks=int(raw.get("new_run_every_weeks", 1)),
            sample=sample,
        )
    except (KeyError, ValueError) as error:
        raise TimetableError(f"timetable entry {entry!r}: {error}") from error


def occurrences(pattern: Pattern, today: date, horizon_weeks: int) -> list[date]:
    """First dates of the pattern's sessions (or programme runs) from today on.

    Programme runs are anchored on ISO week numbers so every process agrees on them.
    """
    first = today + timedelta(days=(pattern.weekday - today.weekday()) % 7)
    dates = []
    for week in range(horizon_weeks + 1):
        day = first + timedelta(weeks=week)
        if day.isocalendar().week % pattern.every_weeks == 0 or pattern.every_weeks == 1:
            dates.append(day)
    return dates


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LONDON)


def session_rows(timetable: Timetable, now: datetime) -> list[dict[str, Any]]:
    today = now.astimezone(LONDON).date()
    rows = []
    for pattern in timetable.patterns:
        for day in occurrences(pattern, today, timetable.horizon_weeks):
            last_day = day + timedelta(weeks=pattern.weeks - 1)
            if _at(day, pattern.start) <= now:
                continue
            rows.append(
                {
                    "ref": f"{pattern.id}:{day.isoformat()}",
                    "kind": pattern.kind.value,
                    "title": pattern.title,
                    "service_id": pattern.service,
                    "team": pattern.team,
                    "venue": pattern.venue,
                    "area": pattern.area,
                    "audience": pattern.audience,
                    "age_min": pattern.age_min,
                    "age_max": pattern.age_max,
                    "starts_at": _at(day, pattern.start),
                    "ends_at": _at(last_day, pattern.end),
                    "weeks": pattern.weeks,
                    "capacity": pattern.capacity,
                    "booked": 0,
                    "sample": pattern.sample,
                    "cancelled": False,
                    "created_at": now,
                }
            )
    return rows


def materialise(session: Session, timetable: Timetable, now: datetime) -> int:
    """Insert the sessions that are missing; return how many were added."""
    rows = session_rows(timetable, now)
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    added = session.scalars(
        insert(BookableSession)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["ref"])
        .returning(BookableSession.id)
    ).all()
    return len(added)


# Weakly keyed: keyed by id(), a sessionmaker made after another was freed could reuse
# its id and be taken for one already filled today (a test on a fresh database found no
# sessions that way).
_materialised: weakref.WeakKeyDictionary[sessionmaker[Session], date] = (
    weakref.WeakKeyDictionary()
)


def ensure_sessions(sessions: sessionmaker[Session], now: datetime) -> None:
    """Materialise the timetable at most once a day per process (and database)."""
    today = now.astimezone(LONDON).date()
    if _materialised.get(sessions) == today:
        return
    with sessions.begin() as session:
        materialise(session, load_timetable(), now)
    _materialised[sessions] = today
