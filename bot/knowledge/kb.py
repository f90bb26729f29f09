"""The knowledge base: load checked content, find the best item for a question, word the answer.

Adding a service is a YAML edit: every answerable item is indexed, so no intent, story or
code change is needed. The assistant answers only when the question's important words are
mostly found in one item; otherwise it returns ``None`` and the caller offers a person.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language as SpacyLanguage

from bot.knowledge.bm25 import BM25
from bot.knowledge.loader import Problem
from bot.knowledge.model import ANSWERABLE_KINDS, COUNCIL_SUPPLIED, Content, Item
from bot.knowledge.rules import check_directory, find_denied
from bot.knowledge.spelling import Speller
from bot.knowledge.text import Analysis, Analyzer

FIELD_WEIGHTS = {"name": 3, "synonyms": 2, "keywords": 2, "categories": 1, "answer": 1}
"""How many times each field's terms count: a match on the name says more than one in prose."""
PROSE_FIELDS = frozenset({"answer"})
PROSE_HIT = 0.5
"""A word found only in an answer's prose ("recommended", "plus") is half the evidence."""
ASPECT_WEIGHT = 0.35
"""Question words such as 'phone' or 'when' say what is wanted, not which item: weigh them less."""
CORRECTED_WEIGHT = 0.8
NUMBER_WEIGHT = 0.3
"""Numbers in questions are mostly ages ("my 15 yr old"): weak evidence of the topic."""
FOLLOWUP_BOOST = 1.3
RELATED_BOOST = 1.6
TOPIC_PREFIX = "item:"
MIN_CONFIDENCE = 0.5
"""Answer only when at least half the question's weighted words are found in one item."""
MIN_EVIDENCE = 1.4
"""...and when what was found is specific enough: 'child' alone (idf under 1) is not."""
RICH_CONFIDENCE = 1 / 4
RICH_EVIDENCE = 6.0
"""A long message says much the content cannot match ("the kids r running rings round us n
me n my partner keep rowing"), so half its words are rarely found in one item. A quarter
is enough when what was found weighs this much (several distinctive words); such an
answer starts with the ``tentative`` message. Chosen on dev sets 1-8 (docs/content.md)."""
BIGRAM_WEIGHT = 1.0
FOLLOWUP_CONFIDENCE = 0.75
CLEAR_SWITCH = 0.8
"""A follow-up that says "it" stays on the previous item unless another covers this much."""
LENGTH_NORMALISATION = 0.3
RERANK = 10
COVERAGE_POWER = 1.0
SAMPLE_PRIOR = 0.8
DATED_PRIOR = 0.9
FAMILY_AUDIENCES = frozenset({"parent", "care_leaver", "carer", "child_in_care", "young_person"})
STAFF_PRIOR = 0.9
"""On a near tie, prefer current facts to old ones and to placeholders, and families to staff."""
PHRASE_FIELDS = ("name", "synonyms", "keywords")
PHRASE_MIN_WORDS = 3
NAME_MIN_WORDS = 2
PHRASE_BOOST = 3.0
"""A question that contains a curated phrase word for word ("same social worker", "group for
mums") points at the item the officer wrote it for: among the leaders, the items whose
phrase is longest count double. Short phrases are left to the word matching."""
PHRASE_COVERAGE_MARGIN = 0.1
"""...but a phrase does not lift an item that covers clearly less of the question than the
best-covering leader: "my mental health" must not beat the item that also matches the baby."""
CARE_ONLY_AUDIENCES = frozenset({"care_leaver", "child_in_care"})
AUDIENCE_PRIOR = 0.7
AUDIENCE_CONFIDENCE = 0.8
"""A parent asking about their own child ("my 12 year old is anxious") is rarely eligible
for what only care leavers or children in care get (Ask Jan, the mental health nurse):
such items rank lower and need a clearer match, so a family item wins or a person is
offered instead of a service they cannot use."""
PRONOUNS = frozenset({"it", "that", "this", "they", "them", "their", "there", "one"})
"""Words that point back at the previous answer in a follow-up ("how do I get it?")."""


def _longest_found(phrases: tuple[str, ...], padded_question: str) -> int:
    """How many words the longest of ``phrases`` found word for word in the question has
    (``padded_question``: its words joined by spaces, with a space at each end); 0 if none."""
    return max((len(p.split()) for p in phrases if f" {p} " in padded_question), default=0)


def _singular(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words with a plural ending dropped, so "classes" meets "class" (names only)."""
    return tuple(_PLURAL.sub(_one, word) for word in words)


_PLURAL = re.compile(r"(?<=\w{2})(?:(ie)s|(ss|x|ch|sh)es|(?<!s)s)$")


def _one(match: re.Match[str]) -> str:
    return "y" if match.group(1) else match.group(2) or ""


def _enough(confidence: float, evidence: float, *, strict: bool = False) -> bool:
    """Whether a match is good enough to answer: half the question, or (unless ``strict``)
    a quarter of a rich one."""
    if confidence >= MIN_CONFIDENCE:
        return evidence >= MIN_EVIDENCE
    return not strict and confidence >= RICH_CONFIDENCE and evidence >= RICH_EVIDENCE


class ContentError(Exception):
    """The content failed its check; ``problems`` lists each one for the officer."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"content has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Answer:
    """What the assistant says about one item, with everything the caller needs to show it."""

    text: str
    source: str
    item_id: str
    title: str
    status: str
    confidence: float
    related: list[tuple[str, str]]
    topic: str
    bookable: bool


@dataclass(frozen=True)
class _Query:
    analysis: Analysis
    terms: tuple[str, ...]
    bigrams: tuple[str, ...]
    weights: dict[str, float]
    aspects: frozenset[str]
    followup: bool
    refers_back: bool
    declined: tuple[str, ...]
    """The declined phrases found, as written in the language file."""
    own_child: bool = False
    """A parent asking about their own child, with no word about care or leaving care."""
    pairs: tuple[tuple[str, str], ...] = ()
    """Neighbouring words of the question, misspellings corrected, known to the content or not."""


class KnowledgeBase:
    """Load once per process with :meth:`load`; :meth:`answer` is then a few milliseconds."""

    def __init__(self, content: Content, analyzer: Analyzer) -> None:
        self.content = content
        self.analyzer = analyzer
        self._items = content.by_id()
        self._answerable = [item for item in content.items if item.kind in ANSWERABLE_KINDS]
        self._language = content.language
        self._decline = [" ".join(analyzer.words(p)) for p in content.language.decline]
        self._aspect_words: frozenset[str] = frozenset().union(*content.language.aspects.values())
        analyses = analyzer.analyse_many(
            [
                [self._field_text(item, field_name) for field_name in FIELD_WEIGHTS]
                for item in self._answerable
            ]
        )
        documents: list[list[str]] = []
        self._terms: list[frozenset[str]] = []
        self._modified: list[dict[str, frozenset[str]]] = [
            self._modified_heads(fields) for fields in analyses
        ]
        self._strong: list[frozenset[str]] = []
        for index in range(len(self._answerable)):
            terms: list[str] = []
            strong: set[str] = set()
            for offset, (field_name, weight) in enumerate(FIELD_WEIGHTS.items()):
                field_terms = analyses[index][offset].terms
                terms.extend(list(field_terms) * weight)
                if field_name not in PROSE_FIELDS:
                    strong.update(field_terms)
            documents.append(terms)
            self._terms.append(frozenset(terms))
            self._strong.append(frozenset(strong))
        # Weak length normalisation: a long keyword list is curated, not diluted.
        self._index = BM25(documents, b=LENGTH_NORMALISATION)
        self._prior = [
            {"sample": SAMPLE_PRIOR, "dated": DATED_PRIOR}.get(item.status, 1.0)
            * (1.0 if FAMILY_AUDIENCES & set(item.audience) else STAFF_PRIOR)
            for item in self._answerable
        ]
        self._phrases = [self._item_phrases(item) for item in self._answerable]
        self._names = [self._item_names(item) for item in self._answerable]
        vocabulary = {t: df for t, df in self._index.document_frequency.items() if "_" not in t}
        self._speller = Speller(vocabulary)
        self._unknown_weight = math.log(1 + (self._index.size + 0.5) / 0.5)

    @classmethod
    def load(cls, directory: Path, *, nlp: SpacyLanguage | None = None) -> KnowledgeBase:
        """Load and check ``directory``; raise :class:`ContentError` listing every problem."""
        content, problems = check_directory(directory)
        if problems:
            raise ContentError(problems)
        if nlp is None:
            from bot.nlp import load_spacy

            nlp = load_spacy()
        return cls(content, Analyzer(nlp, content.language))

    def get(self, item_id: str) -> Item | None:
        """Return the item with this id, or None."""
        return self._items.get(item_id)

    def items(self) -> list[Item]:
        """Every answerable item, in content order."""
        return list(self._answerable)

    # -- answering ---------------------------------------------------------------

    def answer(self, question: str, topic: str | None = None) -> Answer | None:
        """Answer from the single best item, or return None when not confident."""
        query = self._query(question)
        if query.declined:
            return self._answer_declined(query)
        previous = self._topic_item(topic)
        content_terms = [t for t in query.terms if t not in self._aspect_words]
        if (
            previous is not None
            and not content_terms
            and not query.bigrams
            and (query.aspects or query.followup)
        ):
            return self._compose(previous, query, confidence=FOLLOWUP_CONFIDENCE)
        scores = self._index.scores(list(query.terms) + list(query.bigrams), query.weights)
        if previous is not None and query.followup:
            scores = self._boost(scores, previous)
        scores = {
            i: s * self._prior[i] * (AUDIENCE_PRIOR if self._mismatched(query, i) else 1.0)
            for i, s in scores.items()
        }
        if not scores:
            return (
                self._compose(previous, query, confidence=FOLLOWUP_CONFIDENCE)
                if (previous is not None and query.refers_back)
                else None
            )
        # Re-rank the leaders by how much of the question each one covers, so an item that
        # matches every word beats one that matches a single word many times.
        leaders = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:RERANK]
        coverage = {index: self._coverage(query, index) for index, _ in leaders}
        best_coverage = max(found for found, _ in coverage.values())
        boost = self._phrase_boost(
            query,
            [
                index
                for index, _ in leaders
                if coverage[index][0] >= best_coverage - PHRASE_COVERAGE_MARGIN
            ],
        )
        ranked = sorted(
            leaders,
            key=lambda pair: (
                -pair[1] * coverage[pair[0]][0] ** COVERAGE_POWER * boost.get(pair[0], 1.0),
                pair[0],
            ),
        )
        best_index, best_score = ranked[0]
        confidence, evidence = coverage[best_index]
        if self._mismatched(query, best_index):
            confidence = round(confidence * AUDIENCE_CONFIDENCE, 3)
        if previous is not None and query.refers_back and confidence < CLEAR_SWITCH:
            # "can parents contact it?": "it" is the previous item unless another item
            # clearly matches the whole question.
            return self._compose(previous, query, confidence=FOLLOWUP_CONFIDENCE)
        if not _enough(confidence, evidence):
            return None
        related_hits = [self._answerable[i] for i, s in ranked[1:6] if s >= 0.5 * best_score]
        return self._compose(
            self._answerable[best_index], query, confidence=confidence, hits=related_hits
        )

    def _query(self, question: str) -> _Query:
        analysis = self.analyzer.analyse(question)
        generic = self._language.generic
        known = self._index.document_frequency
        weights: dict[str, float] = {}
        terms: list[str] = []
        read_as: dict[str, str] = {}
        for term, surface in zip(analysis.unigrams, analysis.surfaces, strict=True):
            written = term
            if term not in known and surface in known:
                term = surface
            if term in generic or term in weights:
                continue
            weight = 1.0
            if term not in known:
                corrected = self._speller.correct(term)
                if corrected is not None and corrected not in generic:
                    term, weight = corrected, CORRECTED_WEIGHT
                    read_as[written] = term
            if term in self._aspect_words:
                weight *= ASPECT_WEIGHT
            elif term.isdigit():
                weight *= NUMBER_WEIGHT
            weights[term] = weight
            terms.append(term)
        bigrams = tuple(
            dict.fromkeys(
                b
                for b in analysis.bigrams
                if b in known and not all(part in generic for part in b.split("_"))
            )
        )
        for bigram in bigrams:
            if any(part.isdigit() for part in bigram.split("_")):
                weights[bigram] = NUMBER_WEIGHT  # "2 year": an age, as the number alone
        words = analysis.words
        aspects = frozenset(
            name for name, cues in self._language.aspects.items() if any(w in cues for w in words)
        )
        opening = " ".join(words[:2])
        refers_back = any(w in PRONOUNS for w in words)
        followup = refers_back or any(
            opening == cue or opening.startswith(cue + " ") for cue in self._language.followup_words
        )
        normalised = " " + " ".join(words) + " "
        declined = tuple(
            original
            for phrase, original in zip(self._decline, self._language.decline, strict=True)
            if f" {phrase} " in normalised
        )
        return _Query(
            analysis,
            tuple(terms),
            bigrams,
            weights,
            aspects,
            followup,
            refers_back,
            declined,
            own_child=self._asks_about_own_child(analysis),
            pairs=tuple(
                (read_as.get(first, first), read_as.get(head, head))
                for first, head in (b.split("_", 1) for b in analysis.bigrams)
            ),
        )

    def _asks_about_own_child(self, analysis: Analysis) -> bool:
        """ "my son", "our teenager", "my 12 year old", and nothing about care."""
        words, terms = analysis.words, set(analysis.unigrams)
        language = self._language
        if (terms | set(words)) & language.care_words or not {"my", "our"} & set(words):
            return False
        aged = any(
            a.isdigit() and b in {"year", "yr", "years"}
            for a, b in zip(words, words[1:], strict=False)
        )
        return aged or bool(terms & language.own_child_words)

    def _mismatched(self, query: _Query, index: int) -> bool:
        return query.own_child and set(self._answerable[index].audience) <= CARE_ONLY_AUDIENCES

    def _answer_declined(self, query: _Query) -> Answer | None:
        """A question with a declined phrase ("adult social care") is answered only by an item
        the council lists for every such phrase, and only on the strength of the rest of the
        question: "adult social care for my dad" or "tell me about adult social care" stay
        declined, "I have a disability, when do they plan adult social care for me" does not.
        """
        allowed: set[str] | None = None
        for phrase in query.declined:
            ids = set(self._language.decline_unless.get(phrase, ()))
            allowed = ids if allowed is None else allowed & ids
        if not allowed:
            return None
        declined = self.analyzer.analyse(" ".join(query.declined))
        rest = replace(
            query,
            terms=tuple(t for t in query.terms if t not in declined.unigrams),
            bigrams=tuple(b for b in query.bigrams if b not in declined.bigrams),
        )
        if not rest.terms:
            return None
        candidates = [i for i, item in enumerate(self._answerable) if item.id in allowed]
        scored = sorted(((self._coverage(rest, i), i) for i in candidates), reverse=True)
        if not scored:
            return None
        (confidence, evidence), index = scored[0]
        # Strict here: a declined phrase is another service's, so a quarter is not enough.
        if not _enough(confidence, evidence, strict=True):
            return None
        return self._compose(self._answerable[index], query, confidence=confidence)

    def named_item(self, question: str) -> Item | None:
        """The one programme the question names word for word, or None.

        A programme's names are its name cut before any bracket or "for" ("Incredible
        Years", "Cookery classes") and its synonyms, each of two words or more (one word,
        such as "Groups", names nothing). The longest name found wins; a tie names none.
        Booking uses it to tell "when is the next Incredible Years course" (one programme,
        which may have no sessions to book) from a look at the whole timetable.
        """
        question_words = f" {' '.join(_singular(self.analyzer.words(question)))} "
        lengths = {
            index: _longest_found(names, question_words) for index, names in enumerate(self._names)
        }
        longest = max(lengths.values(), default=0)
        named = [index for index, length in lengths.items() if length and length == longest]
        return self._answerable[named[0]] if len(named) == 1 else None

    def answer_about(self, item_id: str, question: str) -> Answer | None:
        """The answer about one item, worded for the question's aspects ("when", "cost")."""
        item = self._items.get(item_id)
        if item is None or item.kind not in ANSWERABLE_KINDS:
            return None
        return self._compose(item, self._query(question), confidence=1.0)

    def _item_names(self, item: Item) -> tuple[str, ...]:
        """What :meth:`named_item` looks for, normalised like a question; none for a
        service or topic (their names describe: "Personal Advisors (leaving care team)")."""
        if item.kind != "programme":
            return ()
        texts = [item.name.split("(")[0].split(" for ")[0], *item.synonyms]
        names = {" ".join(_singular(self.analyzer.words(text))) for text in texts}
        return tuple(name for name in names if len(name.split()) >= NAME_MIN_WORDS)

    def _item_phrases(self, item: Item) -> tuple[str, ...]:
        """The item's curated phrases of several words, normalised like a question."""
        texts: list[str] = []
        for field_name in PHRASE_FIELDS:
            value = getattr(item, field_name)
            texts.extend(value if isinstance(value, tuple) else [str(value)])
        phrases = {" ".join(self.analyzer.words(text)) for text in texts}
        return tuple(p for p in phrases if len(p.split()) >= PHRASE_MIN_WORDS)

    def _phrase_boost(self, query: _Query, candidates: list[int]) -> dict[int, float]:
        """PHRASE_BOOST for the candidates whose phrase found in the question is longest."""
        question = " " + " ".join(query.analysis.words) + " "
        longest = {index: _longest_found(self._phrases[index], question) for index in candidates}
        best = max(longest.values(), default=0)
        if best < PHRASE_MIN_WORDS:
            return {}
        return {index: PHRASE_BOOST for index, length in longest.items() if length == best}

    @staticmethod
    def _modified_heads(fields: list[Analysis]) -> dict[str, frozenset[str]]:
        """Words an item only ever uses after another word ("pass" in "gym pass"), with
        the words that come before them. Such a word means its pair, not itself."""
        alone: Counter[str] = Counter()
        modifiers: dict[str, set[str]] = {}
        for analysis in fields:
            alone.update(analysis.unigrams)
            for bigram in analysis.bigrams:
                first, head = bigram.split("_", 1)
                alone[head] -= 1
                modifiers.setdefault(head, set()).add(first)
        return {head: frozenset(words) for head, words in modifiers.items() if alone[head] <= 0}

    def _other_compound(self, query: _Query, index: int) -> frozenset[str]:
        """Question words found in the item only inside a different pair of words.

        "free bus pass" must not be answered by the gym item because it says "gym pass":
        the item has "pass" only as "gym pass", the question's "pass" is a "bus pass", and
        the item never mentions a bus. Such a word is not evidence for the item. Likewise
        "care home" is not "children's home", and "dropped kerb" is not a drop-in.
        """
        modified, document = self._modified[index], self._terms[index]
        generic = self._language.generic
        out: set[str] = set()
        for first, head in query.pairs:
            if (
                head in modified
                and first not in modified[head]
                and first not in document
                and first not in generic
                and f"{first}_{head}" not in document
            ):
                out.add(head)
        return frozenset(out)

    def _term_weight(self, query: _Query, term: str) -> float:
        known = term in self._index.document_frequency
        idf = self._index.idf(term) if known else self._unknown_weight
        return idf * query.weights.get(term, 1.0)

    def _coverage(self, query: _Query, index: int) -> tuple[float, float]:
        """Share of the question's weighted terms the item contains, and their total weight.

        Unknown words count against every item (a question about bins shares nothing with
        the content); unknown word pairs do not, since most pairs of words are new.
        """
        document, strong = self._terms[index], self._strong[index]
        elsewhere = self._other_compound(query, index)

        def hit(term: str) -> float:
            if term in elsewhere:
                return 0.0
            return 1.0 if term in strong else PROSE_HIT if term in document else 0.0

        weighted = [(self._term_weight(query, t), hit(t)) for t in query.terms]
        weighted += [
            (self._index.idf(b) * BIGRAM_WEIGHT * query.weights.get(b, 1.0), hit(b))
            for b in query.bigrams
        ]
        total = sum(w for w, _ in weighted)
        found = sum(w * h for w, h in weighted)
        if total <= 0:
            return 0.0, 0.0
        return round(found / total, 3), round(found, 3)

    def _boost(self, scores: dict[int, float], previous: Item) -> dict[int, float]:
        boosted = dict(scores)
        for index, score in scores.items():
            item = self._answerable[index]
            if (
                item.id in previous.related
                or previous.id in item.related
                or item.service == previous.id
            ):
                boosted[index] = score * RELATED_BOOST
            elif set(item.audience) & set(previous.audience):
                boosted[index] = score * FOLLOWUP_BOOST
        return boosted

    def _topic_item(self, topic: str | None) -> Item | None:
        if not topic or not topic.startswith(TOPIC_PREFIX):
            return None
        item = self._items.get(topic[len(TOPIC_PREFIX) :])
        return item if item is not None and item.kind in ANSWERABLE_KINDS else None

    # -- wording -----------------------------------------------------------------

    def _compose(
        self, item: Item, query: _Query, *, confidence: float, hits: list[Item] | None = None
    ) -> Answer | None:
        text, used_sample = self._text(item, query.aspects)
        if find_denied(text, self.content.denylist):
            return None
        if confidence < MIN_CONFIDENCE:
            text = f"{self._language.messages.tentative}\n{text}"
        return Answer(
            text=text,
            source=self.citation(item),
            item_id=item.id,
            title=item.name,
            status="sample" if used_sample and item.status != "sample" else item.status,
            confidence=confidence,
            related=self._related(item, hits or []),
            topic=TOPIC_PREFIX + item.id,
            bookable=item.kind == "programme" and item.bookable,
        )

    def _text(self, item: Item, aspects: frozenset[str]) -> tuple[str, bool]:
        messages = self._language.messages
        marker = messages.sample_marker
        lines = [item.answer]
        used_sample = item.status == "sample"

        def mark(status: str) -> str:
            nonlocal used_sample
            if item.effective_status(status) == "sample":
                used_sample = True
                return f" {marker}"
            return ""

        if item.kind == "entitlement":
            if item.condition.lower().rstrip(".") not in item.answer.lower():
                lines.append(messages.who_can_get_it.format(condition=item.condition))
            if item.how_to_get and item.how_to_get.lower().rstrip(".") not in item.answer.lower():
                lines.append(messages.how_to_get_it.format(how_to_get=item.how_to_get))
        else:
            if "eligibility" in aspects and item.eligibility and item.eligibility.description:
                lines.append(messages.who_for.format(eligibility=item.eligibility.description))
            if "access" in aspects and item.how_to_get:
                lines.append(messages.how_to_get_it.format(how_to_get=item.how_to_get))
        if item.kind == "topic":
            aspects = aspects & {"eligibility", "access", "contact"}
        if "contact" in aspects:
            shown = False
            for contact in item.contacts:
                parts = [p for p in (contact.name, contact.phone, contact.email, contact.url) if p]
                if parts:
                    lines.append("Contact: " + ", ".join(parts) + mark(contact.status))
                    shown = True
            if item.url:
                lines.append(f"Website: {item.url}" + mark(item.url_status))
                shown = True
            if not shown:
                lines.append(messages.no_contact)
        if "location" in aspects:
            if item.locations:
                for location in item.locations:
                    parts = [p for p in (location.name, location.address, location.postcode) if p]
                    lines.append("Where: " + ", ".join(parts) + mark(location.status))
            else:
                lines.append(messages.no_location)
        if "schedule" in aspects:
            if item.schedules:
                for schedule in item.schedules:
                    lines.append("When: " + schedule.description + mark(schedule.status))
            else:
                lines.append(messages.no_schedule)
        if "cost" in aspects:
            if item.cost and item.cost.description:
                lines.append("Cost: " + item.cost.description + mark(item.cost.status))
            else:
                lines.append(messages.no_cost)
        if "booking" in aspects:
            if not item.bookable:
                lines.append(messages.no_booking)
            elif not item.schedules:
                lines.append(messages.booking_no_dates)
        if item.status == "dated":
            lines.append(messages.dated_caveat.format(year=self._dated_year(item)))
        if used_sample:
            lines.append(messages.sample_caveat)
        return "\n".join(line for line in lines if line), used_sample

    def _dated_year(self, item: Item) -> str:
        years = [
            doc.year
            for ref in item.sources
            if (doc := self.content.sources.get(ref.document)) is not None
            and not doc.current
            and doc.year
        ]
        return max(years) if years else "older"

    def citation(self, item: Item) -> str:
        """Human-readable sources, e.g. 'Darlington ... 2023-24 (Care leavers and transitions)'."""
        parts: list[str] = []
        for ref in item.sources:
            if ref.document == COUNCIL_SUPPLIED:
                parts.append("Council-supplied information")
                continue
            document = self.content.sources.get(ref.document)
            title = document.title if document and document.title else ref.document
            parts.append(f"{title} ({ref.section})" if ref.section else title)
        return "; ".join(dict.fromkeys(parts))

    def _related(self, item: Item, hits: list[Item]) -> list[tuple[str, str]]:
        ids = list(item.related)
        ids += [other.id for other in self._answerable if other.service == item.id]
        if item.service:
            ids.append(item.service)
        ids += [hit.id for hit in hits]
        out: list[tuple[str, str]] = []
        for related_id in dict.fromkeys(ids):
            other = self._items.get(related_id)
            if other is None or other.id == item.id or other.kind not in ANSWERABLE_KINDS:
                continue
            out.append((other.name, other.id))
            if len(out) == 3:
                break
        return out

    @staticmethod
    def _field_text(item: Item, field_name: str) -> str:
        value = getattr(item, field_name)
        if isinstance(value, tuple):
            return " . ".join(value)
        return str(value)
