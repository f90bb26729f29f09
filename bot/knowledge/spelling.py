"""Correct one-letter typos against the content's own vocabulary.

A symmetric-delete index (as in SymSpell) finds every vocabulary word within one edit of
a question word without comparing against the whole vocabulary. Only words of five or
more letters are corrected: short words ("bins", "taxi") are too easily turned into
something the council never meant.
"""

from __future__ import annotations

from collections.abc import Mapping

MIN_LENGTH = 6


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Maps an unknown word to the most common vocabulary word one edit away, if any."""

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        self._vocabulary = dict(vocabulary)
        self._index: dict[str, set[str]] = {}
        for word in self._vocabulary:
            if len(word) < MIN_LENGTH - 1 or not word.isalpha():
                continue
            for key in _deletes(word) | {word}:
                self._index.setdefault(key, set()).add(word)

    def correct(self, word: str) -> str | None:
        """Return the correction, or None when the word is known, short or has no near match."""
        if word in self._vocabulary or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        candidates: set[str] = set()
        for key in _deletes(word) | {word}:
            candidates |= self._index.get(key, set())
        # Six-letter words only get a letter swapped, and every correction keeps the first
        # two letters: "scared" must not become "shared", nor "robots" become "roots".
        longest_change = 1 if len(word) > MIN_LENGTH else 0
        candidates = {
            c for c in candidates if abs(len(c) - len(word)) <= longest_change and c[:2] == word[:2]
        }
        if not candidates:
            return None
        return max(sorted(candidates), key=lambda c: self._vocabulary[c])
