"""Okapi BM25 over pre-analysed documents.

Small enough to read in one sitting and fast enough for a few hundred items: scores are a
sum over the question's terms of an inverse document frequency times a saturating term
frequency, normalised by document length.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


class BM25:
    """An index of documents, each given as a list of terms (repeats count)."""

    def __init__(
        self, documents: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75
    ) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(documents)
        self.frequencies = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        self.average_length = (sum(self.lengths) / self.size) if self.size else 0.0
        document_frequency: Counter[str] = Counter()
        for counts in self.frequencies:
            document_frequency.update(counts.keys())
        self.document_frequency = dict(document_frequency)
        self.postings: dict[str, list[int]] = {}
        for index, counts in enumerate(self.frequencies):
            for term in counts:
                self.postings.setdefault(term, []).append(index)

    def idf(self, term: str) -> float:
        """Lucene's always-positive idf; unseen terms get the rarest possible weight."""
        df = self.document_frequency.get(term, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def scores(
        self, terms: Sequence[str], weights: dict[str, float] | None = None
    ) -> dict[int, float]:
        """Score every document that shares a term with the query; others score zero."""
        totals: dict[int, float] = {}
        for term in set(terms):
            postings = self.postings.get(term)
            if not postings:
                continue
            weight = self.idf(term) * (weights.get(term, 1.0) if weights else 1.0)
            for index in postings:
                tf = self.frequencies[index][term]
                norm = 1 - self.b + self.b * self.lengths[index] / self.average_length
                totals[index] = totals.get(index, 0.0) + weight * tf * (self.k1 + 1) / (
                    tf + self.k1 * norm
                )
        return totals
