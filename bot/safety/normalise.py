"""Turn whatever a family types into one predictable form before any rule looks at it.

Disclosures arrive misspelt, in text-speak, in capitals, with accents, emoji, leetspeak
("k1ll"), stretched letters ("hiiiiit") and regional words ("me mam", "our kid"). The
rules are written once, in plain English, and both they and the message go through the
same folding, so a rule never has to list spellings.

The folded form is a line of lower-case ASCII tokens separated by single spaces. Runs of
a repeated letter are collapsed to one ("kill" -> "kil", "hiiit" -> "hit", "sooo" ->
"so"): this makes stretched words and doubled-letter misspellings identical to the real
word at the cost of readability. Rule patterns are folded the same way when compiled (see
:func:`fold_pattern`), so authors still write "kill myself".

Nothing here does I/O or keeps state; everything is built at import.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping

from bot.safety import lexicon

_RUN = re.compile(r"([a-z])\1+")
# In a regex source, a letter after a backslash is an escape (\b, \d, \w): never fold it.
_PATTERN_RUN = re.compile(r"(?<!\\)([a-z])\1+")


def collapse_runs(word: str) -> str:
    """Fold every run of one repeated letter to a single letter."""
    return _RUN.sub(r"\1", word)


# A letter followed by a group starting with the same letter ("cut(?:ting)?",
# "sexual(?:ly)?"): folded text never has the double, so fold across the bracket.
_PATTERN_GROUP_RUN = re.compile(r"(?<!\\)([a-z])(\((?:\?:)?)\1")


def fold_pattern(source: str) -> str:
    """Fold the letters of a rule's regex source exactly as message text is folded."""
    source = _PATTERN_RUN.sub(r"\1", source)
    return _PATTERN_GROUP_RUN.sub(r"\1\2", source)


# --- markup ------------------------------------------------------------------------

# Code, not words: the content of these elements goes with their tags.
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
# A tag starts with a letter (or "/", "!"), so "i <3 my kids" and "a < b" are not tags.
_TAG = re.compile(r"<(?:[a-z/!][^<>]*)>", re.IGNORECASE)
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+"
    # Bare domains only with the usual endings: "hit.me" must stay words.
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|co\.uk|org\.uk|gov\.uk|ac\.uk)\b(?:/\S*)?",
    re.IGNORECASE,
)


def strip_markup(text: str) -> str:
    """Remove HTML tags (and script/style code) and URLs, leaving the words a person typed.

    Pasted or hostile markup ("<script>alert(1)</script>") and link text are not how
    anyone discloses harm, but their n-grams moved the learned layer's score (a console
    test once raised a false alarm on ``<script>``). Both layers, and training, read the
    text after this, so they all see the same words. Entities are decoded first, so
    "&lt;b&gt;" is a tag too.
    """
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _CODE_ELEMENT.sub(" ", text)
        text = _TAG.sub(" ", text)
    if "." in text or ":" in text:
        text = _URL.sub(" ", text)
    return text


# --- character level -------------------------------------------------------------

# Letters from other scripts that look like Latin ones and survive NFKD (a user, or a
# keyboard, may mix them in). Only the common Cyrillic and Greek look-alikes.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
        "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h", "т": "t", "в": "b",
        "α": "a", "ο": "o", "ρ": "p", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
        "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe",
    }
)  # fmt: skip

# Apostrophes are deleted (don't -> dont, mum's -> mums); other punctuation splits words.
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u0060\u00b4]")

# Leetspeak characters and the letters they stand for.
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
}
_LEET_CHARS = re.escape("".join(_LEET))
_LEET_TOKEN = re.compile(rf"^[a-z{_LEET_CHARS}]+$")
# Numbers with a unit or ordinal ("14yr", "3am", "2nd") are not leetspeak.
_NUMBER_UNIT = re.compile(
    r"^(\d+)(st|nd|rd|th|am|pm|yr|yrs|yo|y|yro|s|k|mins?|hrs?|days?|wks?|weeks?|months?|years?|x)$"
)


_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _fold_characters(text: str) -> str:
    """Lower-case, strip accents and look-alike letters, drop invisible characters."""
    if text.isascii():  # the common case, and ten times faster
        return _ASCII_CONTROL.sub(" ", text).lower()
    text = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn":  # combining accent: "é" -> "e"
            continue
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            # Control, format (zero-width joiners used to dodge filters), surrogates.
            kept.append(" " if category in ("Cc", "Zl", "Zp") else "")
            continue
        kept.append(char)
    return "".join(kept).casefold().translate(_CONFUSABLES)


_OUTER_PUNCTUATION = '.,;:?"()[]{}<>*~_-+=#%^&/\\'


@functools.lru_cache(maxsize=16384)
def _unleet(token: str) -> str:
    """Read "k1ll", "su1c1de", "$uicide", "r@pe" as words; leave numbers and "hit!" alone."""
    core = token.strip(_OUTER_PUNCTUATION)
    if not core or not any(c in _LEET for c in core) or _NUMBER_UNIT.match(core):
        return token
    if core.isdigit() or not _LEET_TOKEN.match(core.rstrip("!")):
        return token
    if not any(c.isalpha() for c in core):
        return token
    body = core.rstrip("!")  # trailing "!" is punctuation, not an "i"
    return "".join(_LEET.get(c, c) for c in body)


_NON_WORD = re.compile(r"[^a-z0-9]+")


def _raw_tokens(text: str) -> list[str]:
    words: list[str] = []
    for raw in _APOSTROPHES.sub("", _fold_characters(text)).split():
        core = raw.strip(_OUTER_PUNCTUATION)
        # "sum1", "no1", "2day" are text-speak, not leetspeak: keep them for _expand.
        raw = core if collapse_runs(core) in _TEXT_SPEAK else _unleet(raw)
        for piece in _NON_WORD.split(raw):
            if not piece:
                continue
            unit = _NUMBER_UNIT.match(piece)
            if unit and unit.group(2) in lexicon.AGE_UNITS:
                words.extend((unit.group(1), lexicon.AGE_UNITS[unit.group(2)]))
            else:
                words.append(piece)
    return words


# --- word level ------------------------------------------------------------------


def _fold_map(mapping: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    return {
        collapse_runs(key): tuple(collapse_runs(w) for w in value.split())
        for key, value in mapping.items()
    }


_TEXT_SPEAK = _fold_map(lexicon.TEXT_SPEAK)
_SPELLING = _fold_map(lexicon.MISSPELLINGS)
_CANONICAL = _fold_map(lexicon.CANONICAL_WORDS)


def _phrase_index(
    mapping: Mapping[str, str],
) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Phrases by their first word, longest first, so merging is one lookup per word."""
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for key, value in mapping.items():
        words = tuple(collapse_runs(w) for w in key.split())
        index.setdefault(words[0], []).append(
            (words, tuple(collapse_runs(w) for w in value.split()))
        )
    for entries in index.values():
        entries.sort(key=lambda pair: -len(pair[0]))
    return index


_PHRASES = _phrase_index(lexicon.PHRASE_MERGES)
_DIGIT_WORDS = {digit: collapse_runs(word) for digit, word in lexicon.DIGIT_WORDS.items()}
_DIGIT_CONTEXT = {
    digit: frozenset(collapse_runs(w) for w in before)
    for digit, before in lexicon.DIGIT_WORD_CONTEXT.items()
}
_I_WILL_BEFORE = frozenset(collapse_runs(w) for w in lexicon.I_WILL_BEFORE)
_POSSESSIVE_ME = frozenset(collapse_runs(w) for w in lexicon.POSSESSIVE_ME_BEFORE)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _build_fuzzy(targets: Iterable[str]) -> dict[str, str]:
    """Index of one-letter deletions of each target (a SymSpell index of distance 1)."""
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    for target in targets:
        folded = collapse_runs(target)
        for key in _deletes(folded) | {folded}:
            if key in index and index[key] != folded:
                ambiguous.add(key)
            index.setdefault(key, folded)
    for key in ambiguous:
        del index[key]
    return index


_FUZZY = _build_fuzzy(lexicon.FUZZY_TARGETS)
_FUZZY_TARGETS = frozenset(collapse_runs(t) for t in lexicon.FUZZY_TARGETS)
_FUZZY_BLOCK = frozenset(collapse_runs(w) for w in lexicon.FUZZY_BLOCK)
_FUZZY_MIN_LENGTH = 5


def fuzzy_correct(word: str) -> str:
    """Map a one-slip misspelling of a distinctive risk word ("sucidal") to the word.

    Only words of five letters or more, only to a short list of distinctive targets,
    and never a real English word that happens to be one letter away (``FUZZY_BLOCK``:
    "amused" must not become "abused").
    """
    if (
        len(word) < _FUZZY_MIN_LENGTH
        or word in _FUZZY_TARGETS
        or word in _FUZZY_BLOCK
        or not word.isalpha()
    ):
        return word
    hit = _FUZZY.get(word)
    if hit is not None:
        return hit
    for key in _deletes(word):
        hit = _FUZZY.get(key)
        if hit is not None and abs(len(hit) - len(word)) <= 1:
            return hit
    return word


@functools.lru_cache(maxsize=16384)
def _expand(word: str) -> tuple[str, ...]:
    folded = collapse_runs(word)
    for table in (_TEXT_SPEAK, _SPELLING):
        if folded in table:
            folded_words = table[folded]
            return tuple(w for part in folded_words for w in _CANONICAL.get(part, (part,)))
    folded = fuzzy_correct(folded)
    return _CANONICAL.get(folded, (folded,))


def _merge_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for key, value in _PHRASES.get(words[i], ()):
            if tuple(words[i : i + len(key)]) == key:
                out.extend(value)
                i += len(key)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _context_words(words: list[str]) -> list[str]:
    """Rewrites that depend on the neighbouring word.

    "2" is "to" after "want"/"going"/"me" ("want 2 die") but a number in "my 2 kids";
    "me"/"ma" is "my" before a family word ("me mam", "ma da"): North East and Scots usage.
    """
    out = list(words)
    # "I'll" typed without the apostrophe arrives as "ill": "i think ill end it".
    i = 0
    while i < len(out):
        if out[i] == "il" and i + 1 < len(out) and out[i + 1] in _I_WILL_BEFORE:
            out[i : i + 1] = ["i", "wil"]
        i += 1
    for i, word in enumerate(out):
        before = out[i - 1] if i else ""
        after = out[i + 1] if i + 1 < len(out) else ""
        if word in _DIGIT_WORDS and before in _DIGIT_CONTEXT[word]:
            out[i] = _DIGIT_WORDS[word]
        elif word in ("me", "ma", "mi", "mah") and after in _POSSESSIVE_ME:
            # "wee" folds to "we": "ma wee brother" is "my", "he hits me, we ..." is not.
            following = out[i + 2] if i + 2 < len(out) else ""
            if after != "we" or following in _POSSESSIVE_ME:
                out[i] = "my"
        elif word == "da" and before in ("my", "me", "ma", "our", "his", "her", "their"):
            out[i] = "dad"  # "me da", "ma da": not "da" as "the"
    return out


def tokens(text: str) -> list[str]:
    """The folded tokens of ``text`` (see the module docstring)."""
    words: list[str] = []
    for raw in _raw_tokens(strip_markup(text)):
        words.extend(_expand(raw))
    words = _merge_phrases(words)
    words = _context_words(words)
    # A second pass, because a merge or rewrite can make a new canonical word
    # ("step dad" -> "stepdad", "me mam" -> "my mum").
    words = [w for word in words for w in _CANONICAL.get(word, (word,))]
    return _merge_phrases(words)


def normalise(text: str) -> str:
    """The folded form of ``text``: lower-case ASCII tokens joined by single spaces."""
    return " ".join(tokens(text))


__all__ = [
    "collapse_runs",
    "fold_pattern",
    "fuzzy_correct",
    "normalise",
    "strip_markup",
    "tokens",
]
