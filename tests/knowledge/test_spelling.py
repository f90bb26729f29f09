from __future__ import annotations

from bot.knowledge.spelling import Speller

VOCABULARY = {"membership": 3, "accommodation": 2, "root": 5, "leaver": 9, "mentor": 2}


def test_one_letter_slips_in_long_words_are_corrected() -> None:
    speller = Speller(VOCABULARY)

    assert speller.correct("membrship") == "membership"
    assert speller.correct("accomodation") == "accommodation"


def test_known_and_short_words_are_left_alone() -> None:
    speller = Speller(VOCABULARY)

    assert speller.correct("leaver") is None
    assert speller.correct("bins") is None


def test_five_letter_words_only_get_back_a_dropped_letter() -> None:
    speller = Speller({**VOCABULARY, "family": 4})

    assert speller.correct("famly") == "family"  # texting drops a letter
    assert speller.correct("mentr") == "mentor"
    assert speller.correct("robot") is None  # no vocabulary word one letter longer
    assert speller.correct("fmaly") is None  # swapped letters: only fixed in longer words
    assert speller.correct("amily") is None  # the first two letters must be kept
    assert speller.correct("faml") is None  # four letters: too short to correct
