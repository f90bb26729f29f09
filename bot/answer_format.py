"""How a content answer looks in the chat: the council's text, then its source line.

actions/questions.py writes answers this way and the gateway recognises them by it
(bot.gateway.routing keeps only a content answer after safeguarding signposting), so the
format lives here, once. Nothing heavy is imported: the gateway loads no spaCy.
"""

from __future__ import annotations

SOURCE_MARK = "\n\nSource: "


def with_source(text: str, source: str) -> str:
    """The reply for an answer from ``data/content``."""
    return f"{text}{SOURCE_MARK}{source}"


def is_content_answer(reply: str) -> bool:
    """Whether a bot reply is an answer from the council's content."""
    return SOURCE_MARK in reply
