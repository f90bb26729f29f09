"""The fixed set of safeguarding categories, and the result type of an assessment.

The categories follow the forms of harm children's social care works with (Working
Together to Safeguard Children: physical, emotional and sexual abuse, neglect) plus the
concerns Darlington's Front Door handles by name (domestic abuse, exploitation, missing
children) and two that decide which helpline is offered (self-harm or suicide, bullying
or harm online). ``immediate_danger`` is not a form of harm but says "now": it moves the
999 line to the top.
"""

from __future__ import annotations

from dataclasses import dataclass

IMMEDIATE_DANGER = "immediate_danger"
PHYSICAL_ABUSE = "physical_abuse"
SEXUAL_ABUSE = "sexual_abuse"
DOMESTIC_ABUSE = "domestic_abuse"
NEGLECT = "neglect"
SELF_HARM_SUICIDE = "self_harm_suicide"
EXPLOITATION = "exploitation"
MISSING = "missing"
EMOTIONAL_ABUSE = "emotional_abuse"
BULLYING_ONLINE_HARM = "bullying_online_harm"

CATEGORIES: tuple[str, ...] = (
    IMMEDIATE_DANGER,
    SELF_HARM_SUICIDE,
    PHYSICAL_ABUSE,
    SEXUAL_ABUSE,
    DOMESTIC_ABUSE,
    EXPLOITATION,
    MISSING,
    NEGLECT,
    EMOTIONAL_ABUSE,
    BULLYING_ONLINE_HARM,
)
"""Every category :func:`bot.safety.assess` can report, in the order it reports them."""


@dataclass(frozen=True, slots=True)
class SafetyAssessment:
    """What the detector found in one message.

    It holds identifiers only, never any of the message, so it can be logged and stored
    on the case as it is.
    """

    at_risk: bool
    categories: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = ()
    score: float | None = None
    """The learned layer's probability of a disclosure (``None`` when it did not run)."""


NOT_AT_RISK = SafetyAssessment(at_risk=False)

__all__ = [
    "BULLYING_ONLINE_HARM",
    "CATEGORIES",
    "DOMESTIC_ABUSE",
    "EMOTIONAL_ABUSE",
    "EXPLOITATION",
    "IMMEDIATE_DANGER",
    "MISSING",
    "NEGLECT",
    "NOT_AT_RISK",
    "PHYSICAL_ABUSE",
    "SELF_HARM_SUICIDE",
    "SEXUAL_ABUSE",
    "SafetyAssessment",
]
