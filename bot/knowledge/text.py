"""Turn questions and content into comparable terms: normalise, lemmatise, canonicalise.

Care leavers text ("wot can my pa do 4 me"), parents type on phones; the content is
written in council English. Both sides go through the same steps so they meet in the
middle: text-speak and misspellings from ``language.yml`` are replaced, spaCy lemmatises,
synonyms are mapped to one canonical word, stop words are dropped and adjacent terms are
paired into bigrams (so "front door" is stronger evidence than "front" and "door").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language as SpacyLanguage
from spacy.tokens import Doc

from bot.knowledge.model import Language

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
_AGE_SUFFIX = re.compile(r"\b(\d{1,2})(yo|yr|yrs|y)\b")
"""An age written as one word ("14yo", "3yr"), split so the number and "yo" are read apart."""
_KEEP = frozenset(
    {"front", "call", "keep", "together", "alone", "empty", "full", "five", "first", "name"}
    | {"move", "same"}
)
"""spaCy stop words that carry meaning here ("Front Door", "Keeping Families Together",
"the same worker"). "same" is also generic in language.yml: it counts in a pair
("same_worker"), never alone ("is it the same for every family")."""
_CONTRACTION_TAILS = frozenset({"ve", "re", "ll"})
"""What spaCy leaves of a contraction typed without its apostrophe ("weve", "theyre",
"youll"): a fragment no item contains, which would otherwise count as an unknown word."""
_POSSESSIVE = frozenset({"'s", "'"})
"""A possessive links its two words: "children's homes" is one name, so the pair
(child, home) is kept and tells it apart from "children's centres"."""
_G_DROPPED = re.compile(r"[a-z]{2,}in")
"""A word that may be an -ing word typed without its g ("havin", "runnin", "cookin")."""
_SEPARATOR = "qqfieldbreakqq"
_PIPES_NOT_NEEDED = ("parser", "ner")
"""Lemmas need only the tagger and attribute ruler; skipping these keeps queries fast."""


@dataclass(frozen=True)
class Analysis:
    """A text after analysis: the plain words (for aspect cues) and the index terms."""

    words: tuple[str, ...]
    unigrams: tuple[str, ...]
    bigrams: tuple[str, ...]
    surfaces: tuple[str, ...] = ()
    """The written form of each unigram (same length as ``unigrams``)."""

    @property
    def terms(self) -> tuple[str, ...]:
        """What an item is indexed under: lemmas, word pairs and differing written forms."""
        extra = tuple(s for s, u in zip(self.surfaces, self.unigrams, strict=False) if s != u)
        return self.unigrams + self.bigrams + extra


def _values(value: object) -> tuple[str, ...] | None:
    """A pattern value as the strings it matches: "NN" or {"IN": [...]}; None otherwise."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict) and set(value) == {"IN"}:
        return tuple(str(v) for v in value["IN"])
    return None


_POS = ("noun", "verb", "adj", "adv")


class _Lemmas:
    """spaCy tagging and lemmatisation, with the attribute ruler replaced by table look-ups.

    The attribute ruler turns each fine-grained tag into a part of speech and morphology
    with a pattern matcher; it was a third of the time taken to index the content. Its
    single-token patterns are simple look-ups (by tag, by word and tag, by word), so they
    are applied from dictionaries instead. Content and questions go through the same code,
    so any difference from the full pipeline cannot make them disagree.
    """

    def __init__(self, nlp: SpacyLanguage) -> None:
        self._nlp = nlp
        names = nlp.pipe_names
        self._fast = "attribute_ruler" in names and "lemmatizer" in names
        skipped = _PIPES_NOT_NEEDED + (("attribute_ruler", "lemmatizer") if self._fast else ())
        self._disable = [name for name in skipped if name in names]
        self._by_tag: dict[str, dict[str, str]] = {}
        self._by_word_tag: dict[tuple[str, str], dict[str, str]] = {}
        self._by_word: dict[str, dict[str, str]] = {}
        if not self._fast:
            return
        self._lemmatizer = nlp.get_pipe("lemmatizer")
        for rule in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
            if len(rule["patterns"]) != 1 or len(rule["patterns"][0]) != 1 or rule.get("index", 0):
                continue
            pattern = {key: _values(value) for key, value in rule["patterns"][0][0].items()}
            if any(values is None for values in pattern.values()):
                continue  # a regular expression or other operator: not a simple look-up
            attrs = {key: str(value) for key, value in rule["attrs"].items()}
            tags, words = pattern.get("TAG") or (), pattern.get("LOWER") or ()
            if set(pattern) == {"TAG"}:
                self._by_tag.update(dict.fromkeys(tags, attrs))
            elif set(pattern) == {"LOWER", "TAG"}:
                self._by_word_tag.update({(w, t): attrs for w in words for t in tags})
            elif set(pattern) == {"LOWER"}:
                self._by_word.update(dict.fromkeys(words, attrs))

    def __call__(self, text: str) -> Doc:
        return self._finish(self._nlp(text, disable=self._disable))

    @functools.cached_property
    def _word_lists(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The lemmatizer's words, its exceptions' inflections, and its verbs, as sets
        (its own tables are lists: a look-up scanned some 90,000 words)."""
        lookups = getattr(self._nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is None or not lookups.has_table("lemma_index"):
            return frozenset(), frozenset(), frozenset()
        index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
        words = frozenset(w for pos in _POS for w in index.get(pos) or ())
        inflections = frozenset(w for pos in _POS for w in exceptions.get(pos) or {})
        verbs = frozenset(index.get("verb") or ())
        verb_inflections = frozenset(exceptions.get("verb") or {})
        return words | inflections, verbs, verb_inflections

    def knows(self, word: str) -> bool:
        """Whether the lemmatizer's word lists have ``word`` as a word or an inflection."""
        return word in self._word_lists[0]

    def knows_verb_ing(self, word: str) -> bool:
        """Whether ``word`` ending in -ing is a verb form the lemmatizer knows
        ("having" from "have", "living" from "live", "running" as an exception)."""
        if not word.endswith("ing"):
            return False
        _, verbs, verb_inflections = self._word_lists
        if word in verb_inflections:
            return True
        stem = word[: -len("ing")]
        return len(stem) >= 2 and (stem in verbs or stem + "e" in verbs)

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        for doc in self._nlp.pipe(texts, disable=self._disable, batch_size=32):
            yield self._finish(doc)

    def _finish(self, doc: Doc) -> Doc:
        if not self._fast:
            return doc
        for token in doc:
            for attrs in (
                self._by_tag.get(token.tag_),
                self._by_word_tag.get((token.lower_, token.tag_)),
                self._by_word.get(token.lower_),
            ):
                if not attrs:
                    continue
                if "POS" in attrs:
                    token.pos_ = attrs["POS"]
                if "MORPH" in attrs:
                    token.set_morph(attrs["MORPH"])  # type: ignore[attr-defined]
                if "LEMMA" in attrs:
                    token.lemma_ = attrs["LEMMA"]
        return self._lemmatizer(doc)


class Analyzer:
    """Shared analysis for content (in bulk, at load) and questions (one at a time)."""

    def __init__(self, nlp: SpacyLanguage, language: Language) -> None:
        self._nlp = nlp
        self._lemmas = _Lemmas(nlp)
        self._language = language
        self._stop = (STOP_WORDS - _KEEP) | {"'s", "s"} | _CONTRACTION_TAILS
        phrases = {**language.synonyms, **language.replacements}
        multi = sorted((p for p in phrases if not p.isalnum()), key=len, reverse=True)
        self._phrases = {p: phrases[p] for p in multi}
        self._phrase_re = (
            re.compile(r"(?<![\w'])(" + "|".join(re.escape(p) for p in multi) + r")(?![\w'])")
            if multi
            else None
        )
        self._single = {k: v for k, v in phrases.items() if k not in self._phrases}

    def _restore_g(self, token: str) -> str:
        """"havin" is "having": an -in word the word lists do not know, whose -ing form
        they do know (as a verb form, a word or a stop word such as "anything"), gets its
        g back. Words in their own right ("begin", "cabin", "robin") are left alone.

        Spelling correction cannot do this: "having" is lemmatised to the stop word "have",
        so it is not in the content's vocabulary, and six-letter words ("cookin",
        "waitin") are only corrected by a swapped letter, never an added one.
        """
        if not _G_DROPPED.fullmatch(token) or token in self._stop:
            return token
        ing = token + "g"
        known = ing in STOP_WORDS or self._lemmas.knows(ing) or self._lemmas.knows_verb_ing(ing)
        return ing if known and not self._lemmas.knows(token) else token

    def normalise(self, text: str) -> str:
        """Lower-case and replace text-speak, misspellings and synonym phrases."""
        lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
        lowered = _AGE_SUFFIX.sub(r"\1 \2", lowered)  # "my 14yo": an age, not a new word
        lowered = self._replace_phrases(lowered)  # "wi-fi", "p.a." before tokenising
        tokens = _TOKEN.findall(lowered)
        # Phrases again, so text-speak inside them counts too ("here for u").
        return self._replace_phrases(
            " ".join(self._single.get(token) or self._restore_g(token) for token in tokens)
        )

    def _replace_phrases(self, text: str) -> str:
        if self._phrase_re is None:
            return text
        return self._phrase_re.sub(lambda m: self._phrases[m.group(1)], text)

    def words(self, text: str) -> tuple[str, ...]:
        """Normalised surface words, used to spot aspects such as 'when' or 'phone'."""
        return self._surface_words(self.normalise(text))

    def _surface_words(self, normalised: str) -> tuple[str, ...]:
        """Words as written, with a possessive dropped so phrases meet ("my kid's school",
        "my kids school" and "my child's school" all read "my child school"). Contractions
        of stop words ("it's", "what's") are kept whole: "it's" is not the pronoun "it"."""
        out: list[str] = []
        for token in normalised.split():
            if not token[0].isalnum():
                continue
            base = token[:-2] if token.endswith("'s") else token
            if base != token and base and base not in self._stop:
                token = self._single.get(base, base)
            out.append(token)
        return tuple(out)

    def analyse_many(self, groups: Iterable[Sequence[str]]) -> list[list[Analysis]]:
        """Analyse groups of texts (an item's fields) with one ``nlp.pipe`` call, at load.

        Each group becomes one spaCy doc with a separator word between its texts: far
        fewer, longer docs tag faster than many short ones.
        """
        normalised = [[self.normalise(text) for text in group] for group in groups]
        joined = [f" . {_SEPARATOR} . ".join(group) for group in normalised]
        out: list[list[Analysis]] = []
        for group, doc in zip(normalised, self._lemmas.pipe(joined), strict=True):
            parts: list[list[tuple[str, str]]] = [[]]
            for token in doc:
                if token.lower_ == _SEPARATOR:
                    parts.append([])
                else:
                    parts[-1].append((token.lemma_, token.lower_))
            if len(parts) != len(group):  # the separator was split or merged: fall back
                parts = [[(t.lemma_, t.lower_) for t in self._lemmas(text)] for text in group]
            out.append(
                [self._analysis(text, tokens) for text, tokens in zip(group, parts, strict=True)]
            )
        return out

    def analyse(self, text: str) -> Analysis:
        """Analyse a single question."""
        normalised = self.normalise(text)
        doc = self._lemmas(normalised)
        return self._analysis(normalised, [(tok.lemma_, tok.lower_) for tok in doc])

    def _canonical(self, word: str) -> str:
        word = word.lower().strip("'")
        return self._single.get(word, word)

    def _analysis(self, normalised: str, tokens: list[tuple[str, str]]) -> Analysis:
        unigrams: list[str] = []
        surfaces: list[str] = []
        for lemma, lower in tokens:
            term = self._canonical(lemma)
            dropped = (
                lower.startswith("'") or lower in self._stop or (len(term) == 1 and term.isalpha())
            )
            if dropped or not term or not term[0].isalnum() or term in self._stop:
                if lower in _POSSESSIVE:
                    continue  # "children's home" pairs like "kids home": no gap
                if unigrams and unigrams[-1] != "|":
                    unigrams.append("|")  # a gap: no bigram across dropped words
                    surfaces.append("|")
                continue
            parts = term.split()
            surface = self._canonical(lower)
            # The tagger can lemmatise one word two ways ("cooking" as noun or verb), so
            # the word as written is kept too and used when the lemma finds nothing.
            keep_surface = (
                len(parts) == 1
                and surface != term
                and surface.isalnum()
                and surface not in self._stop
            )
            unigrams.extend(parts)
            surfaces.extend([surface if keep_surface else part for part in parts])
        bigrams = [
            f"{a}_{b}"
            for a, b in zip(unigrams, unigrams[1:], strict=False)
            if a != "|" and b != "|" and a != b
        ]
        words = self._surface_words(normalised)
        return Analysis(
            words,
            tuple(u for u in unigrams if u != "|"),
            tuple(bigrams),
            tuple(s for s in surfaces if s != "|"),
        )
