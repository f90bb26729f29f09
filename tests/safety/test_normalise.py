"""Normalisation: every spelling of a disclosure folds to one form the rules can read."""

from __future__ import annotations

import pytest

from bot.safety import lexicon
from bot.safety.normalise import collapse_runs, fold_pattern, fuzzy_correct, normalise, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He HIT me AGAIN!!!", "he hit me again"),
        ("hiiiiit", "hit"),
        ("i dont want to be here anymore", "i do not want to be here anymore"),
        ("I don't want to be here any more", "i do not want to be here anymore"),
        ("im gonna end it", "i am going to end it"),
        ("wanna die", "want to die"),
        ("my mum's boyfriend", "my mums boyfriend"),
        ("my mums bf", "my mums boyfriend"),
        ("my step-dad", "my stepdad"),
        ("my step dad", "my stepdad"),
        ("me mam", "my mum"),
        ("ma da", "my dad"),
        ("ma wee brother", "my we brother"),  # "wee" folds to "we"
        ("he hits me, we are scared", "he hits me we are scared"),  # not "my we"
        ("my 14 yr old", "my 14 year old"),
        ("my 14yo", "my 14 year old"),
        ("my 14 y/o", "my 14 year old"),
        ("kms", "kil myself"),
        ("k1ll mys3lf", "kil myself"),
        ("$uicide", "suicide"),
        ("sum1 at home", "someone at home"),
        ("want 2 die", "want to die"),
        ("my 2 kids", "my 2 kids"),
        ("u r", "you are"),
        ("sewerslide", "suicide"),
        ("café naïve", "cafe naive"),
        ("ＨＥ ＨＩＴ ＭＥ", "he hit me"),
        ("he\u200bhit me", "hehit me"),
        ("i think ill end it", "i think i wil end it"),
        ("my son is ill", "my son is il"),
        ("hit!", "hit"),
        ("3am", "3am"),
    ],
)
def test_normalise_folds_spellings(text: str, expected: str) -> None:
    assert normalise(text) == collapse_runs(expected)


def test_collapse_runs_folds_any_repeated_letter() -> None:
    assert collapse_runs("kiiilllll") == "kil"
    assert collapse_runs("sooo scared") == "so scared"


def test_fold_pattern_leaves_regex_escapes_alone() -> None:
    assert fold_pattern(r"\bbeat kill") == r"\bbeat kil"


def test_fold_pattern_folds_across_a_group_boundary() -> None:
    # Folded text never has "tt" or "ll", so "cut(?:ting)" could never match as written.
    assert fold_pattern("cut(?:ting)?") == "cut(?:ing)?"
    assert fold_pattern("sexual(?:ly)?") == "sexual(?:y)?"


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("sucidal", "suicidal"),
        ("boyfreind", "boyfriend"),
        ("threatend", "threatened"),
        ("strangeld", "strangled"),
    ],
)
def test_fuzzy_correct_fixes_one_slip_in_a_risk_word(typo: str, expected: str) -> None:
    assert fuzzy_correct(collapse_runs(typo)) == collapse_runs(expected)


@pytest.mark.parametrize(
    "word", ["asked", "amused", "shared", "picked", "strangers", "picture", "scarce"]
)
def test_fuzzy_correct_never_turns_a_real_word_into_a_risk_word(word: str) -> None:
    assert fuzzy_correct(collapse_runs(word)) == collapse_runs(word)


def test_fuzzy_block_list_holds_real_words_next_to_targets() -> None:
    blocked = {collapse_runs(w) for w in lexicon.FUZZY_BLOCK}
    assert {"amused", "shared", "strangers"} <= blocked


def test_tokens_of_empty_and_symbol_only_text_are_empty() -> None:
    assert tokens("") == []
    assert tokens("!!! ??? 🙂🙂") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>when</b> is the course", "when is the course"),
        ("<script>alert(1)</script>hello", "helo"),
        ("&lt;script&gt;alert(1)&lt;/script&gt; hi", "hi"),
        ('<img src=x onerror=alert(1)><a href="https://x.com">he hit me</a>', "he hit me"),
        ("details at https://www.darlington.gov.uk/kill-switch?id=1 ok", "details at ok"),
        ("see www.example.org/page and bbc.co.uk", "se and"),
        ("i <3 my kids", "i 3 my kids"),
        ("a < b and c > d", "a b and c d"),
        ("my dad hit.me", "my dad hit me"),
    ],
)
def test_markup_and_urls_are_removed_before_anything_reads_the_words(
    text: str, expected: str
) -> None:
    assert normalise(text) == expected
