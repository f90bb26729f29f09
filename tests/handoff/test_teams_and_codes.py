"""Council-supplied service hours and targets, and the link-code format."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.casequeue import linkcodes, teams

SAMPLE = {
    "status": "sample",
    "timezone": "Europe/London",
    "teams": {"early-help": {"days": ["mon", "tue"], "opens": "09:00", "closes": "17:00"}},
    "targets_minutes": {"urgent": 60, "normal": 1440},
}
MONDAY_NOON_LONDON_WINTER = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TUESDAY_EVENING = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def test_working_now_says_so_and_flags_sample_times() -> None:
    config = teams.parse(SAMPLE)
    text = config.next_steps("early-help", MONDAY_NOON_LONDON_WINTER)
    assert text.startswith("The Early Help team is working now")
    assert text.endswith(teams.SAMPLE_NOTE)


def test_outside_hours_names_the_next_opening() -> None:
    text = teams.parse(SAMPLE).next_steps("early-help", TUESDAY_EVENING)
    assert "not working right now" in text
    assert "Monday from 09:00" in text


def test_confirmed_hours_carry_no_sample_note() -> None:
    text = teams.parse({**SAMPLE, "status": "confirmed"}).next_steps(
        "early-help", MONDAY_NOON_LONDON_WINTER
    )
    assert teams.SAMPLE_NOTE not in text


def test_no_hours_for_a_team_invents_none() -> None:
    text = teams.parse(SAMPLE).next_steps("care-leavers", MONDAY_NOON_LONDON_WINTER)
    assert text == (
        "Your request is with the Care Leavers team. A practitioner will pick it up "
        "when the team is next working."
    )
    assert not any(char.isdigit() for char in text)


def test_a_missing_file_gives_no_hours(tmp_path: Path) -> None:
    config = teams.load(tmp_path / "absent.yml")
    assert config.hours == {} and config.target_minutes("urgent") is None


@pytest.mark.parametrize(
    "broken",
    [
        {**SAMPLE, "status": "maybe"},
        {**SAMPLE, "teams": {"nowhere": {"days": ["mon"], "opens": "09:00", "closes": "17:00"}}},
        {**SAMPLE, "teams": {"early-help": {"days": ["mon"], "opens": "17:00", "closes": "09:00"}}},
        {**SAMPLE, "targets_minutes": {"urgent": -5}},
    ],
)
def test_a_malformed_config_is_refused(broken: dict[str, object]) -> None:
    with pytest.raises(teams.TeamsConfigError):
        teams.parse(broken)


def test_the_shipped_config_is_marked_sample() -> None:
    config = teams.load()
    assert config.sample
    assert config.target_minutes("urgent") and config.canned_replies


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("K7M3-QX2P", "K7M3-QX2P"),
        (" k7m3 qx2p ", "K7M3-QX2P"),
        ("k7m3qx2p", "K7M3-QX2P"),
        ("strawberry", None),  # an ordinary word is never a code
        ("ABCD-EFGH", None),  # no digit
        ("K7M3-QX2O", None),  # O is not in the alphabet
        ("my code is K7M3-QX2P", None),
    ],
)
def test_what_counts_as_a_link_code(typed: str, expected: str | None) -> None:
    assert linkcodes.normalise(typed) == expected
