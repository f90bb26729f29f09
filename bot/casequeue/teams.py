"""Council-supplied team configuration: service hours, response targets, canned replies.

The values live in ``data/service/teams.yml`` (``BATON_TEAMS_CONFIG``). The council's
documents contain no opening hours, so the shipped file is marked ``status: sample``;
while it is, every sentence built from it tells the family the times are still to be
confirmed. Nothing here invents a time: no file, or no entry for a team, means the
family is told only that the team will pick the request up when it is next working.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.config import ROOT

DEFAULT_PATH = ROOT / "data" / "service" / "teams.yml"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEAM_NAMES = {
    "early-help": "Early Help",
    "care-leavers": "Care Leavers",
    "family-information": "Family Information Service",
    "safeguarding": "Safeguarding duty",
}
SAMPLE_NOTE = " (These times are sample values, still to be confirmed by the council.)"


class TeamsConfigError(ValueError):
    """The file is malformed; the message names the field, never a family's data."""


@dataclass(frozen=True)
class Hours:
    days: frozenset[int]  # 0 = Monday
    opens: time
    closes: time


@dataclass(frozen=True)
class TeamsConfig:
    sample: bool = True
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    hours: dict[str, Hours] = field(default_factory=dict)
    targets_minutes: dict[str, int] = field(default_factory=dict)
    canned_replies: tuple[str, ...] = ()

    def target_minutes(self, priority: str) -> int | None:
        return self.targets_minutes.get(priority)

    def is_working(self, team: str, moment: datetime) -> bool | None:
        """Whether ``team`` is working at ``moment``; None when the council gave no hours."""
        hours = self.hours.get(team)
        if hours is None:
            return None
        local = moment.astimezone(self.timezone)
        return local.weekday() in hours.days and hours.opens <= local.time() < hours.closes

    def next_opening(self, team: str, moment: datetime) -> datetime | None:
        """The start of the team's next working period after ``moment`` (local time)."""
        hours = self.hours.get(team)
        if hours is None or not hours.days:
            return None
        local = moment.astimezone(self.timezone)
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            start = datetime.combine(day, hours.opens, tzinfo=self.timezone)
            if day.weekday() in hours.days and start > local:
                return start
        return None

    def next_steps(self, team: str, moment: datetime) -> str:
        """What happens next, in plain words, for a request to ``team`` made at ``moment``."""
        name = TEAM_NAMES.get(team, team)
        working = self.is_working(team, moment)
        if working is None:
            return (
                f"Your request is with the {name} team. A practitioner will pick it up "
                "when the team is next working."
            )
        if working:
            text = f"The {name} team is working now, so a practitioner should pick this up soon."
        else:
            opening = self.next_opening(team, moment)
            when = (
                f"{DAY_NAMES[opening.weekday()]} from {opening.strftime('%H:%M')}"
                if opening
                else "their next working day"
            )
            text = (
                f"The {name} team is not working right now. A practitioner will see your "
                f"request when they are next working: {when}."
            )
        return text + (SAMPLE_NOTE if self.sample else "")


def _time(raw: Any, where: str) -> time:
    try:
        return time.fromisoformat(str(raw))
    except ValueError:
        raise TeamsConfigError(f"{where} must be a time like 09:00") from None


def parse(data: Any) -> TeamsConfig:
    if not isinstance(data, dict):
        raise TeamsConfigError("the teams config must be a mapping")
    status = data.get("status")
    if status not in ("sample", "confirmed"):
        raise TeamsConfigError("status must be 'sample' or 'confirmed'")
    hours: dict[str, Hours] = {}
    for team, entry in (data.get("teams") or {}).items():
        if team not in TEAM_NAMES or not isinstance(entry, dict):
            raise TeamsConfigError(f"unknown team or bad entry: {team}")
        days = entry.get("days") or []
        if not isinstance(days, list) or not set(days) <= set(DAYS):
            raise TeamsConfigError(f"teams.{team}.days must list days like mon, tue")
        opens = _time(entry.get("opens"), f"teams.{team}.opens")
        closes = _time(entry.get("closes"), f"teams.{team}.closes")
        if closes <= opens:
            raise TeamsConfigError(f"teams.{team}.closes must be after opens")
        hours[team] = Hours(frozenset(DAYS.index(day) for day in days), opens, closes)
    targets = data.get("targets_minutes") or {}
    if not isinstance(targets, dict) or not all(
        isinstance(value, int) and value > 0 for value in targets.values()
    ):
        raise TeamsConfigError("targets_minutes must map priorities to whole minutes")
    canned = data.get("canned_replies") or []
    if not isinstance(canned, list) or not all(isinstance(item, str) for item in canned):
        raise TeamsConfigError("canned_replies must be a list of texts")
    return TeamsConfig(
        sample=status == "sample",
        timezone=ZoneInfo(str(data.get("timezone") or "Europe/London")),
        hours=hours,
        targets_minutes={str(key): int(value) for key, value in targets.items()},
        canned_replies=tuple(item.strip() for item in canned if item.strip()),
    )


def load(path: Path = DEFAULT_PATH) -> TeamsConfig:
    """Read the file; a missing file gives a config with no hours (nothing invented)."""
    if not path.exists():
        return TeamsConfig(sample=False)
    with path.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


@functools.lru_cache(maxsize=4)
def cached(path: Path = DEFAULT_PATH) -> TeamsConfig:
    return load(path)
