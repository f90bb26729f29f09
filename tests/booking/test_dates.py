"""Dates as families type them, judged from Monday 30 November 2026, 09:00 in London."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.booking.dates import LONDON, find_when, parse_when

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)  # a Monday


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("tomorrow", date(2026, 12, 1), date(2026, 12, 1)),
        ("next Tuesday", date(2026, 12, 1), date(2026, 12, 1)),
        ("next monday", date(2026, 12, 7), date(2026, 12, 7)),
        ("monday", date(2026, 11, 30), date(2026, 11, 30)),
        ("cancel my thursday one", date(2026, 12, 3), date(2026, 12, 3)),
        ("the 3rd", date(2026, 12, 3), date(2026, 12, 3)),
        ("on the 30th", date(2026, 11, 30), date(2026, 11, 30)),
        ("the 29th", date(2026, 12, 29), date(2026, 12, 29)),
        ("3rd of December", date(2026, 12, 3), date(2026, 12, 3)),
        ("december 10th", date(2026, 12, 10), date(2026, 12, 10)),
        ("8/12", date(2026, 12, 8), date(2026, 12, 8)),
        ("2027-01-05", date(2027, 1, 5), date(2027, 1, 5)),
        ("any drop-ins for under 5s next week?", date(2026, 12, 7), date(2026, 12, 13)),
        ("this week", date(2026, 11, 30), date(2026, 12, 6)),
    ],
)
def test_days(text: str, first: date, last: date) -> None:
    when = parse_when(text, NOW)
    assert when is not None
    assert when.start.date() == first
    assert when.end.astimezone(LONDON).date() == last.fromordinal(last.toordinal() + 1)
    assert not when.past


def test_tomorrow_morning_is_a_timezone_aware_span_in_london() -> None:
    when = parse_when("tomorrow morning", NOW)
    assert when is not None
    assert when.start == datetime(2026, 12, 1, 0, 0, tzinfo=LONDON)
    assert when.end == datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
    assert when.start.utcoffset() is not None


def test_summer_time_is_applied_to_dates_in_june() -> None:
    when = parse_when("5 June 2027", NOW)
    assert when is not None and when.start.utcoffset() is not None
    assert when.start.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["yesterday", "last tuesday", "1 november", "2026-11-02"])
def test_past_dates_are_flagged(text: str) -> None:
    when = parse_when(text, NOW)
    assert when is not None and when.past


@pytest.mark.parametrize("text", ["hello", "40", "walk and talk", "the 45th", "31/02"])
def test_no_date_gives_none(text: str) -> None:
    assert parse_when(text, NOW) is None


def test_spacy_finds_the_phrase_in_a_longer_message() -> None:
    when = find_when("could I come along to something tomorrow morning please", NOW)
    assert when is not None and when.start.date() == date(2026, 12, 1)
