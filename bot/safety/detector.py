"""``assess(text)``: the safeguarding check the gateway runs on every family message.

It runs before anything else and inside the gateway, so it must work when Rasa, the
action server and the database are all down: it is a pure function over the text, with
no I/O and no dependency outside the standard library. Everything is compiled, and the
learned layer's artefact read, at import.

Two layers (``docs/safety/detector.md`` has the figures behind this design):

1. the **rules** (``rules.py``): readable patterns, each with an id;
2. the **learned layer** (``learned.py``): an n-gram softmax regression giving a score.

A rule match stands when the score confirms it (``score >= confirm``) or when the rules
found self-harm or immediate danger (``PROTECTED``, see :func:`is_protected`: the model
never overrules those). The score alone raises the alarm at ``score >= alone``, with the
category the model finds likeliest. The assessment says which: ``model.confirms``,
``model.alone`` or ``model.overruled`` among its ``rule_ids``. If the artefact cannot be
loaded, the rules decide alone (as in v1) and an error is logged at start-up.

It never raises. If something inside it fails (a bug, not an input), it reports the
message as at risk with the rule id ``engine.error``: a detector that fails silently
would be the worst kind of failure here, and a false alarm is the safe direction.
"""

from __future__ import annotations

import logging
import re

from bot.safety import learned
from bot.safety.categories import (
    CATEGORIES,
    IMMEDIATE_DANGER,
    NOT_AT_RISK,
    SELF_HARM_SUICIDE,
    SEXUAL_ABUSE,
    SafetyAssessment,
)
from bot.safety.normalise import tokens
from bot.safety.rules import (
    COMPILED_CONTEXT,
    COMPILED_IDIOMS,
    COMPILED_RULES,
    URGENT,
    CompiledRule,
    compile_pattern,
)

log = logging.getLogger(__name__)

_WINDOW_WORDS = 8
"""How many words either side of a match a rule's ``unless`` exclusion may look at."""

_FICTION_WORDS = 12
"""How many words either side of a match a fiction frame may be ("we are reading a book in
class about a boy who runs away")."""

_CONTEXT_WORDS = 6
"""How many words either side of a rule's match the learned layer reads to confirm it."""

_CATEGORY_ORDER = {category: index for index, category in enumerate(CATEGORIES)}

PROTECTED = frozenset({IMMEDIATE_DANGER, SELF_HARM_SUICIDE})
"""Categories whose rule matches the learned layer may never overrule."""

_RULE_CATEGORIES = {rule.rule.id: rule.rule.categories for rule in COMPILED_RULES}
_STANDING = frozenset(rule.rule.id for rule in COMPILED_RULES if rule.rule.stands)

JOKE = re.compile(
    r"(?<![a-z0-9_])(?:lol|lmao|lmfao|rofl|ha(?:ha)+h?|he(?:he)+|jk|joking|kiding|only mesing|"
    r"just mesing|not literaly|not realy obviously|obviously not|(?:he|she|they) (?:was|were) "
    r"laughing)(?![a-z0-9_])"
)
"""Joke markers in folded text ("lol", "haha", "only joking"; since safety-6 also "only
messing", "not literally", "he was laughing"), written folded ("mesing", "literaly")."""

JOKE_SOFTENED = frozenset({"physical.kill_threat"})
"""Rules that stay protected unless the message is marked as a joke: "he said he'd kill
me if I told his mates he cried at the film haha". Marked, the match is still raised when
the model confirms it (``confirm`` is low); only the guarantee is dropped. A threat with
an urgent word (``rules.URGENT``: "tonight", "on his way") keeps it, joke or not: "my
step dad said he will kill me tonight lol" was overruled without this."""


_MEDIA = (
    "(?:film|films|movie|movies|episode|episodes|series|tv show|tv programme|tv drama|telly|"
    "tv|soap|soaps|documentary|documentaries|novel|novels|comic|comics|cartoon|cartoons|anime|"
    "manga|panto|pantomime|musical|podcast|podcasts|audiobook|video game|video games|"
    "computer game|netflix|trailer|storyline)"
)
"""Not "programme", "season", "drama", "chapter" or "plot" alone, and "book" only when read
(``FICTION``): families here talk about parenting programmes, booking a session, the
football season and "drama at home"; "he hits her, we are on the parenting programme" is
a disclosure (safety-6 had let it through)."""
FICTION = compile_pattern(
    "(?:in|on|from|of|about|during|watched|watching|watch|watches|reading|read|reads|finished|"
    "started|seen|saw|listening to|listened to) (?:the |a |an |that |this |his |her |their |our "
    "|my |some )?(?:\\w+ ){0,2}"
    + _MEDIA
    + "|"
    + _MEDIA
    + " (?:where|when|in which|about|had a|has a|with a)"
    + "|(?:reading|read|reads) (?:a |the |my |this |that |his |her |our )?(?:\\w+ )?books?"
    + "|(?:in|from) the book|(?:a|the) book (?:about|where|when|in which)"
    + "|(?:the|a|that) (?:bit|scene|part) (?:where|when)|(?:my|his|her|their|your|the|a|main) "
    "characters?|(?:school|christmas|nativity|class|the) play (?:at school|where|when|about|in "
    "which)|school play|nativity|on stage|rehearsal|rehearsals|drama club|"
    "(?:horror|crime|war|action|scary|murder|zombie) (?:film|movie|book|show|drama|story|"
    "stories|podcast|series)s?|true crime"
)
"""A fiction, media or performance frame: harm described as what happens in a film, an
episode, a book or a school play ("in the last episode the boyfriend strangles her"). Not
"game" or "story" alone: an abuser may call abuse "a game" or tell "a story" about an
injury, and a child may use those words for what happened to them."""

REAL_LIFE = compile_pattern(
    "real life|irl|for real|at home|in (?:my|our) house|reminded me|reminds me|remind me|"
    "(?:just|exactly) like (?:my|our|what|at)|(?:does|did|do|doing) (?:that|this|it|the same)|"
    "(?:happens|happened|happening) (?:to|at|in) (?:me|us|my|our|home)|same (?:thing )?"
    "(?:happens|happened)|not (?:a|the) (?:film|story|book|game)|again|(?:and|but) now|"
    "i think (?:my|our|he|she|they|it)|worried|keeps (?:doing|happening)"
)
"""A bridge from the fiction back to the writer's own life ("it reminded me of what my dad
does"): with one the fiction frame excuses nothing. Since the end of safety-6 also a
recurrence or a worry ("we were watching a film and he started hitting her again",
"watched a documentary about county lines and now I think my son is doing it"): a film
can be the setting of real harm, not only its content, and recall comes first."""

_SPEAKER = compile_pattern("i|me|us|we|myself|ourselves")
"""The writer in or right beside a match: not fiction."""

_OWN_FAMILY = compile_pattern("(?:my|our) (?:{ADJ} )?(?:{ADULT_NOUN}|{CHILD_NOUN}|{AGE_ANY})")
"""The writer's own family named in a match ("my dad hit my mum"): not fiction."""

_FICTION_EXEMPT = PROTECTED | {SEXUAL_ABUSE}
"""Categories whose matches the fiction frame never vetoes: self-harm and immediate danger
(protected by design) and sexual abuse (grooming is often framed as a game or a film)."""

_FICTION_VETOABLE = frozenset(
    rule.rule.id for rule in COMPILED_RULES if _FICTION_EXEMPT.isdisjoint(rule.rule.categories)
)


def in_fiction(text: str, match: re.Match[str]) -> bool:
    """Whether a match is harm inside a film, book, episode or play, not the writer's life.

    The frame must be within a dozen words of the match, the match and the two words
    either side must not name the writer ("me", "we"), the match must not name their own
    family ("my dad", "my son"), and the message must not bridge back to real life ("it
    reminded me of home").
    """
    if FICTION.search(_window(text, match, _FICTION_WORDS)) is None:
        return False
    if _SPEAKER.search(_window(text, match, 2)) or _OWN_FAMILY.search(match.group(0)):
        return False
    return REAL_LIFE.search(text) is None


def fiction_framed(folded: str) -> bool:
    """A fiction frame anywhere in the message and no bridge back to real life."""
    return FICTION.search(folded) is not None and REAL_LIFE.search(folded) is None


def marked(folded: str) -> bool:
    """A joke marker or a fiction frame, and no urgent word ("tonight", "outside").

    The learned layer needs a higher score to raise the alarm alone on such a message
    (``Thresholds.alone_marked``, chosen by cross-validation): "he said he'd kill me if I
    ate his last yoghurt haha" and "in the trailer a man chases kids with a knife" read as
    risk to an n-gram model. A rule match is judged as before.
    """
    return (JOKE.search(folded) is not None or fiction_framed(folded)) and URGENT.search(
        folded
    ) is None


def is_protected(rules: SafetyAssessment, folded: str) -> bool:
    """Whether the model may not overrule these rule matches.

    A rule marked ``stands`` (``rules.STANDING``) is never overruled. Otherwise the
    protection comes from the rules' own categories (``PROTECTED``): ``immediate_danger``
    added by an urgent word alone ("tonight", "outside") does not protect, so "I'm home
    alone tonight, any good films?" is for the model to judge. A threat rule in
    ``JOKE_SOFTENED`` does not protect a message with a joke marker and no urgent word.
    """
    if not _STANDING.isdisjoint(rules.rule_ids):
        return True
    joking = JOKE.search(folded) is not None and URGENT.search(folded) is None
    categories: set[str] = set()
    for rule_id in rules.rule_ids:
        if joking and rule_id in JOKE_SOFTENED:
            continue
        categories.update(_RULE_CATEGORIES.get(rule_id, ()))
    return not PROTECTED.isdisjoint(categories)


def _load_layer() -> learned.LearnedLayer | None:
    try:
        return learned.load()
    except learned.ModelError as error:
        log.error("safety model not loaded (%s); the rules decide alone", error)
        return None


LAYER = _load_layer()


def _window(text: str, match: re.Match[str], words: int) -> str:
    before = text[: match.start()].split(" ")[-words - 1 :]
    after = text[match.end() :].split(" ")[: words + 1]
    return " ".join(before) + match.group(0) + " ".join(after)


def _first_match(rule: CompiledRule, text: str) -> re.Match[str] | None:
    for match in rule.regex.finditer(text):
        if rule.unless is not None and rule.unless.search(_window(text, match, _WINDOW_WORDS)):
            continue
        if rule.near is not None and not rule.near.search(_window(text, match, rule.rule.window)):
            continue
        if rule.rule.id in _FICTION_VETOABLE and in_fiction(text, match):
            continue
        return match
    return None


def _fires(rule: CompiledRule, text: str) -> bool:
    return _first_match(rule, text) is not None


def prepare(text: str) -> tuple[str, frozenset[str]]:
    """Normalise and strip harmless idioms; return the text the rules see and its words."""
    folded = " ".join(tokens(text))
    for _, idiom in COMPILED_IDIOMS:
        folded = idiom.sub("_", folded)
    return folded, frozenset(folded.split())


def _matching(folded: str, words: frozenset[str], *, use_anchors: bool) -> list[CompiledRule]:
    return [
        rule
        for rule in COMPILED_RULES
        if (not use_anchors or not rule.anchors.isdisjoint(words)) and _fires(rule, folded)
    ]


def matching_rules(text: str, *, use_anchors: bool = True) -> list[CompiledRule]:
    """The rules that fire on ``text``. ``use_anchors=False`` is for tests of the prefilter."""
    folded, words = prepare(text)
    return _matching(folded, words, use_anchors=use_anchors) if folded else []


def _rules(folded: str, words: frozenset[str]) -> tuple[SafetyAssessment, list[str]]:
    """The rules' assessment, and the words around each match (for the learned layer)."""
    fired = _matching(folded, words, use_anchors=True) if folded else []
    if not fired:
        return NOT_AT_RISK, []
    contexts = []
    for rule in fired:
        match = _first_match(rule, folded)
        if match is not None:
            contexts.append(_window(folded, match, _CONTEXT_WORDS).strip())
    rule_ids = [rule.rule.id for rule in fired]
    categories = {category for rule in fired for category in rule.rule.categories}
    for context_id, pattern, needs, adds in COMPILED_CONTEXT:
        if adds not in categories and not needs.isdisjoint(categories) and pattern.search(folded):
            categories.add(adds)
            rule_ids.append(context_id)
    if IMMEDIATE_DANGER not in categories and URGENT.search(folded):
        categories.add(IMMEDIATE_DANGER)
        rule_ids.append("danger.urgent_context")
    assessment = SafetyAssessment(
        at_risk=True,
        categories=tuple(sorted(categories, key=_CATEGORY_ORDER.__getitem__)),
        rule_ids=tuple(rule_ids),
    )
    return assessment, contexts


def rules_assessment(text: str) -> tuple[SafetyAssessment, list[str]]:
    """What the rules alone say, and the folded words around each match.

    The first layer on its own; training uses it to reproduce :func:`assess` exactly.
    """
    folded, words = prepare(text)
    return _rules(folded, words)


# The model may raise the alarm on its own only for messages of a few words or more: a
# short answer inside a form or a handoff ("He is seven") carries too little for an
# n-gram model, and short disclosures ("he hits me", "i want to die") are the rules' job.
MIN_WORDS_ALONE = 4


def _combine(
    rules: SafetyAssessment, contexts: list[str], folded: str, layer: learned.LearnedLayer
) -> SafetyAssessment:
    score = round(layer.score(folded), 4)
    limits = layer.thresholds
    if rules.at_risk:
        # A match in a long message is judged on its own words, not diluted by the rest.
        local = max((layer.score(context) for context in contexts), default=0.0)
        confirmed = max(score, round(local, 4)) >= limits.confirm
        if confirmed or is_protected(rules, folded):
            agrees = ("model.confirms",) if confirmed else ()
            return SafetyAssessment(True, rules.categories, rules.rule_ids + agrees, score)
    alone = limits.alone_for(marked(folded))
    if score >= alone and len(folded.split()) >= MIN_WORDS_ALONE:
        categories = {layer.category(folded)}
        rule_ids = ["model.alone"]
        if IMMEDIATE_DANGER not in categories and URGENT.search(folded):
            categories.add(IMMEDIATE_DANGER)
            rule_ids.append("danger.urgent_context")
        ordered = tuple(sorted(categories, key=_CATEGORY_ORDER.__getitem__))
        return SafetyAssessment(True, ordered, tuple(rule_ids), score)
    if rules.at_risk:
        return SafetyAssessment(False, (), (*rules.rule_ids, "model.overruled"), score)
    return SafetyAssessment(False, (), (), score)


def _assess(text: str, layer: learned.LearnedLayer | None) -> SafetyAssessment:
    folded, words = prepare(text)
    rules, contexts = _rules(folded, words)
    if layer is None or not folded:
        return rules
    return _combine(rules, contexts, folded, layer)


def assess(text: str, *, layer: learned.LearnedLayer | None | bool = True) -> SafetyAssessment:
    """Say whether a family message may be a safeguarding disclosure, and of what kind.

    Pure and total: no I/O, and it returns for any input rather than raise. ``layer`` is
    for tests and evaluation: ``True`` uses the loaded model, ``None``/``False`` the rules
    alone, or pass a :class:`~bot.safety.learned.LearnedLayer`.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    chosen = LAYER if layer is True else (layer or None)
    try:
        return _assess(text, chosen)
    except Exception as error:  # noqa: BLE001 - the safety check must never take the gateway down
        # The exception type only: a traceback or message could carry the family's words.
        log.error(
            "safety detector failed (%s); treating the message as at risk", type(error).__name__
        )
        return SafetyAssessment(at_risk=True, categories=(), rule_ids=("engine.error",))


__all__ = [
    "FICTION",
    "JOKE",
    "REAL_LIFE",
    "LAYER",
    "PROTECTED",
    "assess",
    "fiction_framed",
    "in_fiction",
    "is_protected",
    "marked",
    "matching_rules",
    "prepare",
    "rules_assessment",
]
