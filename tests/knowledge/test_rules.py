"""Each content rule, proved with a small bad fixture file added to a valid content set."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.knowledge.loader import load_content
from bot.knowledge.model import DenyEntry
from bot.knowledge.rules import check_content, check_directory, find_denied

from .conftest import BAD, VALID

NOW = datetime(2024, 6, 1, tzinfo=UTC)
ALLOWLIST_HINT = (
    "mark it status: sample or, if the council has confirmed it, add it to allowlist.yml"
)


def problems_for(directory: Path) -> list[str]:
    content, problems = load_content(directory)
    return [str(p) for p in problems + check_content(content, now=NOW)]


def test_the_valid_fixture_passes() -> None:
    assert problems_for(VALID) == []


def invented(item: str, kind: str, value: str, field: str) -> str:
    return f"{item}: {kind} '{value}' in {field} is not in the documents; {ALLOWLIST_HINT}"


def reachable(item: str, value: str) -> str:
    return (
        f"{item}: sample phone number '{value}' in contacts could reach a real person; "
        "use 01632 960xxx or an example.org address"
    )


def denied(item: str, field: str, reason: str) -> str:
    return f"{item}: {field} contains a denylisted string ({reason})"


MISSING_SOURCE = "missing source (seed document file name and section, or council-supplied)"
RULES = [
    ("missing_source", [f"no-source: {MISSING_SOURCE}"]),
    (
        "missing_last_reviewed",
        ["no-review-date: missing last_reviewed (ISO date, e.g. 2024-11-23)"],
    ),
    ("missing_status", ["no-status: missing status (confirmed, dated or sample)"]),
    ("bad_status", ["maybe-status: status 'maybe' must be one of confirmed, dated, sample"]),
    ("broken_reference", ["orphan-group: service 'deleted-service' does not exist"]),
    ("future_review", ["reviewed-tomorrow: last_reviewed 2999-01-01 is in the future"]),
    ("phone_on_confirmed", [invented("invented-phone", "phone number", "01325 987654", "answer")]),
    (
        "email_on_confirmed",
        [invented("invented-email", "email address", "team@darlington.gov.uk", "contacts")],
    ),
    (
        "url_on_confirmed",
        [invented("invented-url", "web address", "https://www.darlington.gov.uk/invented", "url")],
    ),
    (
        "time_on_confirmed",
        [
            invented("invented-time", "clock time", "10:30", "schedules"),
            invented("invented-time", "clock time", "12:00", "schedules"),
        ],
    ),
    ("masked_mobile", [invented("masked-mobile", "phone number", "07XXX XXXXXX", "answer")]),
    ("sample_real_phone", [reachable("sample-real-phone", "01325 987654")]),
    ("denylisted_name", [denied("quotes-a-family", "answer", "a name from family feedback")]),
    ("denylisted_hash", [denied("names-a-child", "answer", "a child's name")]),
    (
        "other_council_phone",
        [
            reachable("other-council-number", "03000 268659"),
            denied("other-council-number", "contacts", "another council's phone number"),
        ],
    ),
    (
        "other_council_service",
        [
            denied("other-council-programme", "name", "another council's programme"),
            denied("other-council-programme", "answer", "another council's programme"),
        ],
    ),
    (
        "entitlement_without_condition",
        ["vague-entitlement: entitlement must state its condition: exactly who qualifies"],
    ),
    (
        "confirmed_but_historical",
        [
            "old-as-new: status is confirmed but every source is a 2011-2016 document; "
            "use status: dated"
        ],
    ),
    (
        "unknown_document",
        [
            "unknown-document: source document 'blog-post.txt' is not in the source register "
            "(sources.yml)"
        ],
    ),
    (
        "only_other_council",
        [
            "only-elsewhere: cites only a document that is not about Darlington; "
            "add the Darlington source",
            "only-elsewhere: status is dated but no cited document is a historical (2011-2016) one",
        ],
    ),
]


@pytest.mark.parametrize(("fixture", "expected"), RULES)
def test_each_rule_rejects_its_bad_fixture(
    content_with: Callable[..., Path], fixture: str, expected: list[str]
) -> None:
    directory = content_with(BAD / f"{fixture}.yml")

    assert problems_for(directory) == [f"{fixture}.yml: {line}" for line in expected]


def test_a_duplicate_id_names_both_files(content_with: Callable[..., Path]) -> None:
    assert problems_for(content_with(BAD / "duplicate_id.yml")) == [
        "content.yml, duplicate_id.yml: bike-library: id is used 2 times"
    ]


def test_an_allowlisted_contact_is_accepted(
    content_with: Callable[..., Path], tmp_path: Path
) -> None:
    directory = content_with()
    text = (BAD / "phone_on_confirmed.yml").read_text().replace("01325 987654", "01325 000111")
    (directory / "confirmed_by_council.yml").write_text(text)

    assert problems_for(directory) == []


def test_decline_exceptions_must_name_a_declined_phrase_and_existing_items(
    content_with: Callable[..., Path],
) -> None:
    directory = content_with()
    language = directory / "language.yml"
    language.write_text(
        language.read_text()
        + "  decline_unless:\n"
        + "    council tax: [bike-library, no-such-item]\n"
        + "    bin day: [bike-library]\n"
    )

    assert problems_for(directory) == [
        "language.yml: decline_unless: 'bin day' is not in decline",
        "language.yml: decline_unless: 'council tax': item 'no-such-item' does not exist "
        "or cannot answer",
    ]


def test_check_directory_combines_parse_and_rule_problems(
    content_with: Callable[..., Path],
) -> None:
    _, problems = check_directory(content_with(BAD / "bad_yaml.yml", BAD / "missing_source.yml"))

    assert [p.file for p in problems] == ["bad_yaml.yml", "missing_source.yml"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ring 03000268659", True),
        ("In 2007, 985 children", False),  # digits across punctuation are not one number
        ("Building Stronger Families", False),
        ("Durham's Stronger Families programme", True),
        ("Warren's school", True),
        ("a warren of rabbits", True),
        ("Jane Doe", True),
        ("Jane Doughnut", False),
    ],
)
def test_find_denied(text: str, found: bool) -> None:
    entries = load_content(VALID)[0].denylist + (
        DenyEntry(text="07985", match="digits", reason="r"),
    )

    assert bool(find_denied(text, entries)) is found
