from __future__ import annotations

import pytest

from bot.knowledge import patterns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring 03000 268659 today", ["03000 268659"]),
        ("call 01632 960000", ["01632 960000"]),
        ("+44 1325 123 456", ["+44 1325 123 456"]),
        ("TEL: 07XXX XXXXXX", ["07XXX XXXXXX"]),
        ("email fis@example.org", ["fis@example.org"]),
        (
            "see https://example.org/a and www.darlington.gov.uk",
            ["https://example.org/a", "www.darlington.gov.uk"],
        ),
        ("Tuesdays 10:30 or 3pm", ["10:30", "3pm"]),
    ],
)
def test_operational_strings_finds_contact_details_and_times(
    text: str, expected: list[str]
) -> None:
    assert patterns.operational_strings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "11,324 contacts in 2023/24",
        "children aged 16-25",
        "schools@onedarlington",  # the name of a schools partnership, not an email address
        "24/7 support and 7 days a week",
        "1,554 children were assessed; 62.7% in time",
    ],
)
def test_figures_and_names_are_not_mistaken_for_contact_details(text: str) -> None:
    assert patterns.operational_strings(text) == []


def test_digits_ignores_spacing() -> None:
    assert patterns.digits("03000 268659") == patterns.digits("03000268659")


@pytest.mark.parametrize(
    ("detail", "kind"),
    [
        ("10:30", "clock time"),
        ("a@example.org", "email address"),
        ("01632 960000", "phone number"),
        ("www.example.org", "web address"),
    ],
)
def test_kind_of_names_the_detail(detail: str, kind: str) -> None:
    assert patterns.kind_of(detail) == kind
