"""Grounded answers from the council's offer (services, programmes, care leaver entitlements).

Public interface used by the Rasa custom action::

    kb = KnowledgeBase.load(Path("data/content"))
    answer = kb.answer("wot help can i get wiv rent", topic=None)
"""

from bot.knowledge.kb import Answer, ContentError, KnowledgeBase
from bot.knowledge.loader import Problem

__all__ = ["Answer", "ContentError", "KnowledgeBase", "Problem"]
