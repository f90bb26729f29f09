"""``assess(text)``: the safeguarding check the gateway runs on every family message.

It runs before anything else and inside the gateway, so it must work when Rasa, the
action server and the database are all down: it is a pure function over the text, with
no I/O and no dependency outside the standard library. Everything is compiled at import.

It never raises. If something inside it fails (a bug, not an input), it reports the
message as at risk with the rule id ``engine.error``: a detector that fails silently
would be the worst kind of failure here, and a false alarm is the safe direction.
"""

from __future__ import annotations

import logging
import re

from bot.safety.categories import CATEGORIES, IMMEDIATE_DANGER, NOT_AT_RISK, SafetyAssessment
from bot.safety.normalise import tokens
from bot.safety.rules import COMPILED_CONTEXT, COMPILED_IDIOMS, COMPILED_RULES, URGENT, CompiledRule

log = logging.getLogger(__name__)

_WINDOW_WORDS = 8
"""How many words either side of a match a rule's ``unless`` exclusion may look at."""

_CATEGORY_ORDER = {category: index for index, category in enumerate(CATEGORIES)}


def _window(text: str, match: re.Match[str], words: int) -> str:
    before = text[: match.start()].split(" ")[-words - 1 :]
    after = text[match.end() :].split(" ")[: words + 1]
    return " ".join(before) + match.group(0) + " ".join(after)


def _fires(rule: CompiledRule, text: str) -> bool:
    for match in rule.regex.finditer(text):
        if rule.unless is not None and rule.unless.search(_window(text, match, _WINDOW_WORDS)):
            continue
        if rule.near is not None and not rule.near.search(_window(text, match, rule.rule.window)):
            continue
        return True
    return False


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


def _assess(text: str) -> SafetyAssessment:
    folded, words = prepare(text)
    fired = _matching(folded, words, use_anchors=True) if folded else []
    if not fired:
        return NOT_AT_RISK
    rule_ids = [rule.rule.id for rule in fired]
    categories = {category for rule in fired for category in rule.rule.categories}
    for context_id, pattern, needs, adds in COMPILED_CONTEXT:
        if adds not in categories and not needs.isdisjoint(categories) and pattern.search(folded):
            categories.add(adds)
            rule_ids.append(context_id)
    if IMMEDIATE_DANGER not in categories and URGENT.search(folded):
        categories.add(IMMEDIATE_DANGER)
        rule_ids.append("danger.urgent_context")
    return SafetyAssessment(
        at_risk=True,
        categories=tuple(sorted(categories, key=_CATEGORY_ORDER.__getitem__)),
        rule_ids=tuple(rule_ids),
    )


def assess(text: str) -> SafetyAssessment:
    """Say whether a family message may be a safeguarding disclosure, and of what kind.

    Pure and total: no I/O, and it returns for any input rather than raise.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _assess(text)
    except Exception as error:  # noqa: BLE001 - the safety check must never take the gateway down
        # The exception type only: a traceback or message could carry the family's words.
        log.error(
            "safety detector failed (%s); treating the message as at risk", type(error).__name__
        )
        return SafetyAssessment(at_risk=True, categories=(), rule_ids=("engine.error",))


__all__ = ["assess", "matching_rules", "prepare"]
