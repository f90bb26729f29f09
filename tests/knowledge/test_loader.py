from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.knowledge.loader import load_content
from bot.knowledge.model import Contact, Eligibility, SourceRef

from .conftest import BAD, VALID


def test_loads_every_kind_of_item_with_typed_fields() -> None:
    content, problems = load_content(VALID)

    assert problems == []
    items = content.by_id()
    assert {item.kind for item in content.items} == {
        "organisation",
        "service",
        "programme",
        "entitlement",
    }
    bikes = items["bike-library"]
    assert bikes.last_reviewed == date(2024, 1, 1)
    assert bikes.sources == (SourceRef("current.txt", "Getting about"),)
    assert bikes.contacts == (Contact(name="Bike desk", phone="01632 960 555", status="sample"),)
    assert items["bike-repair-club"].service == "bike-library"
    assert items["bike-repair-club"].bookable is True
    assert items["free-helmet"].condition == "Young people who borrow a bike."


def test_loads_the_register_lists_and_language() -> None:
    content, _ = load_content(VALID)

    assert content.sources["old.txt"].current is False
    assert content.sources["elsewhere.txt"].national_context_only is True
    assert content.allowlist == frozenset({"01325 000111"})
    assert len(content.denylist) == 4
    assert content.language.replacements["wot"] == "what"
    assert content.language.synonyms["kids"] == "child"
    assert content.language.decline == ("council tax",)
    assert content.language.decline_unless == {}


def test_decline_exceptions_are_loaded(content_with: Callable[..., Path]) -> None:
    directory = content_with()
    language = directory / "language.yml"
    language.write_text(
        language.read_text() + "  decline_unless:\n    Council Tax: [bike-library]\n"
    )

    content, _ = load_content(directory)

    assert content.language.decline_unless == {"council tax": frozenset({"bike-library"})}


def test_a_council_supplied_source_can_be_a_plain_string(
    content_with: Callable[..., Path],
) -> None:
    content, _ = load_content(content_with(BAD / "sample_real_phone.yml"))

    assert content.by_id()["sample-real-phone"].sources == (SourceRef("council-supplied"),)


def test_eligibility_ages_are_parsed(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text(
        "services:\n  - id: a\n"
        "    eligibility: {description: Kids, minimum_age: 5, maximum_age: '18'}\n"
    )

    content, problems = load_content(tmp_path)

    assert problems == []
    assert content.items[0].eligibility == Eligibility("Kids", 5, 18)


def test_unparseable_files_and_sections_are_reported_not_raised(
    content_with: Callable[..., Path], tmp_path: Path
) -> None:
    directory = content_with(BAD / "bad_yaml.yml")
    (directory / "odd.yml").write_text("recipes: []\n")

    _, problems = load_content(directory)

    assert [(p.file, p.message.split(":")[0]) for p in problems] == [
        ("bad_yaml.yml", "not valid YAML near line 4"),
        ("odd.yml", "unknown section 'recipes'"),
    ]


def test_a_missing_directory_is_a_problem(tmp_path: Path) -> None:
    _, problems = load_content(tmp_path / "nowhere")

    assert [p.message for p in problems] == ["content directory not found"]


def test_a_bad_date_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("services:\n  - id: a\n    last_reviewed: last tuesday\n")

    content, problems = load_content(tmp_path)

    assert content.items[0].last_reviewed is None
    assert [str(p) for p in problems] == [
        "x.yml: a: last_reviewed 'last tuesday' is not an ISO date (YYYY-MM-DD)"
    ]
