"""The word lists are plain data in the shape the normaliser and rules expect."""

from __future__ import annotations

import re

from bot.safety import lexicon

_WORDS = re.compile(r"^[a-z0-9 ]+$")


def test_word_lists_hold_only_lower_case_words() -> None:
    for name in (
        "DETERMINERS",
        "ADJECTIVES",
        "PARENT_NOUNS",
        "PARTNER_NOUNS",
        "SIBLING_NOUNS",
        "OTHER_ADULT_NOUNS",
        "CHILD_NOUNS",
        "YOUNG_CHILD_ACTORS",
        "HER_OBJECT_FOLLOWERS",
        "INTIMATE_PARTS",
        "BODY_PARTS",
        "FUZZY_TARGETS",
        "FUZZY_BLOCK",
    ):
        for word in getattr(lexicon, name):
            assert _WORDS.match(word), (name, word)


def test_mapping_tables_map_words_to_words() -> None:
    for table in (
        lexicon.TEXT_SPEAK,
        lexicon.MISSPELLINGS,
        lexicon.CANONICAL_WORDS,
        lexicon.PHRASE_MERGES,
    ):
        for key, value in table.items():
            assert key == key.lower()
            assert value.strip() == value
            assert value


def test_no_fuzzy_target_is_blocked() -> None:
    assert not set(lexicon.FUZZY_TARGETS) & set(lexicon.FUZZY_BLOCK)


def test_toddlers_are_never_listed_as_people_who_harm() -> None:
    assert not set(lexicon.YOUNG_CHILD_ACTORS) & set(
        lexicon.OTHER_ADULT_NOUNS + lexicon.PARENT_NOUNS
    )
