"""Print the real English words that the fuzzy step would wrongly "correct".

Run after changing ``lexicon.FUZZY_TARGETS`` and paste the output over
``lexicon.FUZZY_BLOCK``::

    apt-get install wbritish-large   # or any one-word-per-line list
    .venv/bin/python -m tests.safety.gen_fuzzy_block /usr/share/dict/words

A word in the list that is one slip from a risk word ("asked" -> "naked", "shared" ->
"scared", "picked" -> "kicked") must stay itself. Not a test (the word list is not
shipped); ``test_normalise.py`` checks a sample of the output is in the lexicon.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.safety import lexicon
from bot.safety.normalise import _FUZZY, _FUZZY_MIN_LENGTH, _deletes, collapse_runs


def would_correct(word: str) -> str | None:
    """What the fuzzy step maps ``word`` to if the block list were empty, or None."""
    if len(word) < _FUZZY_MIN_LENGTH:
        return None
    hit = _FUZZY.get(word)
    if hit is not None:
        return hit
    for key in _deletes(word):
        hit = _FUZZY.get(key)
        if hit is not None and abs(len(hit) - len(word)) <= 1:
            return hit
    return None


def main(path: str) -> None:
    targets = {collapse_runs(t) for t in lexicon.FUZZY_TARGETS}
    blocked: set[str] = set()
    for line in Path(path).read_text(encoding="utf-8", errors="ignore").splitlines():
        word = line.strip().lower().replace("'", "")
        if not word.isascii() or not word.isalpha():
            continue
        folded = collapse_runs(word)
        if folded in targets:
            continue
        target = would_correct(folded)
        if target is not None and target != folded:
            blocked.add(folded)
    words = sorted(blocked)
    for start in range(0, len(words), 10):
        print("    " + " ".join(f'"{w}",' for w in words[start : start + 10]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/words")
