from __future__ import annotations

import pytest
from spacy.language import Language as SpacyLanguage

from bot.knowledge import KnowledgeBase
from bot.knowledge.model import Language
from bot.knowledge.text import Analyzer, _Lemmas

LANGUAGE = Language(
    replacements={
        "wot": "what",
        "wiv": "with",
        "u": "you",
        "pa": "personal advisor",
        "here for you": "staying close",
    },
    synonyms={"kids": "child", "kid": "child", "mum": "mother"},
)


@pytest.fixture(scope="module")
def analyzer(nlp: SpacyLanguage) -> Analyzer:
    return Analyzer(nlp, LANGUAGE)


def test_text_speak_is_replaced_before_anything_else(analyzer: Analyzer) -> None:
    assert (
        analyzer.normalise("Wot help can I get wiv my PA")
        == "what help can i get with my personal advisor"
    )


def test_phrases_are_matched_after_text_speak(analyzer: Analyzer) -> None:
    assert analyzer.normalise("wot is here for u") == "what is staying close"


@pytest.mark.parametrize(
    ("written", "read"),
    [("my 14yo", "my 14 yo"), ("my 3yr old", "my 3 yr old"), ("16yrs", "16 yrs"), ("b4", "b4")],
)
def test_an_age_written_as_one_word_is_split_from_its_unit(
    analyzer: Analyzer, written: str, read: str
) -> None:
    assert analyzer.normalise(written) == read


def test_an_age_is_a_weak_word_not_an_unknown_one(kb: KnowledgeBase) -> None:
    """An unknown word counts against every item; "14yo" must not drown "missing"."""
    answer = kb.answer("my 14yo keeps disappearing overnight")
    assert answer is not None and answer.item_id == "missing-children"


def test_possessives_are_dropped_from_words_so_phrases_meet(analyzer: Analyzer) -> None:
    assert analyzer.words("tell my kid's school") == ("tell", "my", "child", "school")
    assert analyzer.words("tell my kids school") == ("tell", "my", "child", "school")
    assert analyzer.words("my mum's flat") == ("my", "mother", "flat")


def test_contractions_of_stop_words_are_kept_whole(analyzer: Analyzer) -> None:
    # "it's" must not become the pronoun "it", which marks a follow-up question.
    assert analyzer.words("it's what's on") == ("it's", "what's", "on")


def test_lemmas_and_synonyms_meet_in_the_middle(analyzer: Analyzer) -> None:
    assert analyzer.analyse("my kids and their mums").unigrams == ("child", "mother")


def test_stop_words_go_but_meaningful_ones_stay(analyzer: Analyzer) -> None:
    assert analyzer.analyse("who is at the front door").unigrams == ("front", "door")


def test_bigrams_join_neighbours_but_not_across_dropped_words(analyzer: Analyzer) -> None:
    analysis = analyzer.analyse("care leavers get gym membership with a friend")

    assert analysis.bigrams == ("care_leaver", "gym_membership")  # "get" is dropped


def test_the_written_form_is_kept_when_it_differs_from_the_lemma(analyzer: Analyzer) -> None:
    analysis = analyzer.analyse("gym memberships")

    assert analysis.unigrams == ("gym", "membership")
    assert analysis.surfaces == ("gym", "memberships")
    assert "memberships" in analysis.terms


def test_analyse_many_matches_analyse(analyzer: Analyzer) -> None:
    texts = ["free SIM cards", "Christmas Day dinner"]

    assert analyzer.analyse_many([texts]) == [[analyzer.analyse(t) for t in texts]]


def test_the_fast_lemmas_match_the_full_spacy_pipeline(nlp: SpacyLanguage) -> None:
    text = (
        "I'm skint and we're struggling. Care leavers are given gym memberships, and cooking "
        "classes were running at the base; she's been helped by her Personal Advisors."
    )
    fast = [(t.lemma_, t.pos_) for t in _Lemmas(nlp)(text)]
    full = [(t.lemma_, t.pos_) for t in nlp(text, disable=["parser", "ner"])]

    assert fast == full


def test_contractions_typed_without_an_apostrophe_leave_no_fragment(analyzer: Analyzer) -> None:
    # "weve" is split by spaCy into "we" + "ve": the fragment is no word of any item.
    assert analyzer.analyse("weve been referred, theyre nice, youll cope").unigrams == (
        "refer",
        "nice",
        "cope",
    )


def test_a_possessive_keeps_its_two_words_paired(analyzer: Analyzer) -> None:
    # "children's homes" and "kids homes" meet, and differ from "children's centres".
    assert analyzer.analyse("children's homes").bigrams == ("child_home",)
    assert analyzer.analyse("kids homes").bigrams == ("child_home",)
    assert analyzer.analyse("the children's centre").bigrams == ("child_centre",)


def test_a_dropped_g_is_restored_when_the_ing_word_is_known(analyzer: Analyzer) -> None:
    assert analyzer.normalise("wen do i stop havin a pa") == (
        "wen do i stop having a personal advisor"
    )
    assert analyzer.normalise("runnin cookin waitin bein anythin") == (
        "running cooking waiting being anything"
    )


def test_words_ending_in_in_are_left_alone_when_they_are_words(analyzer: Analyzer) -> None:
    # English words in their own right, stop words and unknown names keep their spelling.
    assert analyzer.normalise("begin cabin robin within again kevin") == (
        "begin cabin robin within again kevin"
    )


def test_the_text_speak_list_wins_over_the_dropped_g_rule(nlp: SpacyLanguage) -> None:
    language = Language(replacements={"takin": "taking"})

    assert Analyzer(nlp, language).normalise("takin") == "taking"
    assert Analyzer(nlp, LANGUAGE).normalise("takin") == "takin"  # a takin is an animal


def test_restored_words_are_lemmatised_like_the_content(analyzer: Analyzer) -> None:
    assert analyzer.analyse("lookin for cookin classes").unigrams == (
        analyzer.analyse("looking for cooking classes").unigrams
    )


def test_same_is_kept_so_same_worker_is_a_pair(analyzer: Analyzer) -> None:
    # "same" is a spaCy stop word, but "the same worker" is what families ask for.
    assert "same_worker" in analyzer.analyse("can we keep the same worker").bigrams
