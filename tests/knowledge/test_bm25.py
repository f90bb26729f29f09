from __future__ import annotations

from bot.knowledge.bm25 import BM25


def test_rare_terms_outweigh_common_ones() -> None:
    index = BM25([["gym", "care", "leaver"], ["care", "leaver", "sim"], ["care", "home"]])

    assert index.idf("gym") > index.idf("care")


def test_scores_rank_the_matching_document_first() -> None:
    index = BM25([["gym", "friend"], ["sim", "card"], ["christmas", "day"]])

    scores = index.scores(["sim", "card"])

    assert max(scores, key=scores.__getitem__) == 1
    assert set(scores) == {1}


def test_unknown_terms_score_nothing() -> None:
    assert BM25([["gym"]]).scores(["bins"]) == {}


def test_weights_scale_a_terms_contribution() -> None:
    index = BM25([["gym"], ["sim"]])

    assert index.scores(["gym"], {"gym": 0.5})[0] == index.scores(["gym"])[0] * 0.5
