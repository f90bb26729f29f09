"""Correct one-letter typos against the content's own vocabulary.

A symmetric-delete index (as in SymSpell) finds every vocabulary word within one edit of
a question word without comparing against the whole vocabulary. Only words of six or
more letters are corrected freely: short words ("bins", "taxi") are too easily turned
into something the council never meant. A five-letter word only gets back a letter it
dropped ("famly" is "family", "chlid" is not fixed), the commonest slip when texting.
"""

from __future__ import annotations

from collections.abc import Mapping

MIN_LENGTH = 6
DROPPED_LETTER_LENGTH = 5


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
        if word in self._vocabulary or len(word) < DROPPED_LETTER_LENGTH or not word.isalpha():
            return None
        if len(word) < MIN_LENGTH:
            # Only a dropped letter: vocabulary words one letter longer that lose one to give it.
            dropped = {
                c
                for c in self._index.get(word, set())
                if len(c) == len(word) + 1 and c[:2] == word[:2]
            }
            return max(sorted(dropped), key=lambda c: self._vocabulary[c]) if dropped else None
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
