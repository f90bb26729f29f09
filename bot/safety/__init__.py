"""Safeguarding: spot a possible disclosure in any family message and say where help is.

The gateway calls :func:`assess` on every family message before anything else (Rasa,
the action server and the database may all be down). When it says ``at_risk`` the
gateway sends :func:`signposting_message` at once and raises an urgent case for the
safeguarding duty queue. Only ``rule_ids`` and ``categories`` may be logged.

``load_signposting()`` reads ``data/safety/signposting.yml`` and the council's numbers
from the environment; call it at start-up, and fall back to ``NATIONAL_ONLY`` if it fails.
"""

from bot.safety.categories import CATEGORIES, SafetyAssessment
from bot.safety.detector import assess
from bot.safety.signposting import (
    NATIONAL_ONLY,
    Contact,
    Signposting,
    SignpostingError,
    load_signposting,
    signposting_message,
)

__all__ = [
    "CATEGORIES",
    "NATIONAL_ONLY",
    "Contact",
    "SafetyAssessment",
    "Signposting",
    "SignpostingError",
    "assess",
    "load_signposting",
    "signposting_message",
]
