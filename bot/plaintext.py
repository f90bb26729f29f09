"""Text from strangers, made safe to store and to show to someone else.

Families type into the web chat and Telegram; practitioners type replies, notes and
names that families or colleagues then see. The same few characters cause trouble
everywhere:

- control characters (C0 and C1, except tab and newline): PostgreSQL refuses NUL in text
  (a family's message was lost that way), and the rest reach screens as garbage;
- bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069): they make text
  display in another order than it was written ("Call us \u202e0800" shown reversed), a
  way to spoof a phone number;
- lone UTF-16 surrogates: not text any database can store;
- text that is only invisible characters (zero-width spaces, a byte-order mark): sent as
  a blank message.

:func:`clean` removes the first three (and makes every line break a newline);
:func:`has_visible` says whether anything would be seen.
"""

from __future__ import annotations

import re

_REMOVED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
INVISIBLE = r"\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff"
"""A regular-expression character class (without brackets) of what is never seen:
whitespace, soft hyphen, zero-width characters, word joiners, byte-order mark."""
_INVISIBLE = re.compile(f"[{INVISIBLE}]+")


def clean(text: str) -> str:
    """``text`` without control characters, direction overrides or lone surrogates, with
    ``\\r\\n`` and ``\\r`` as ``\\n``, and stripped of surrounding whitespace."""
    return _REMOVED.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def has_visible(text: str) -> bool:
    """Whether any character of ``text`` would be seen (not only spaces or zero-width)."""
    return bool(_INVISIBLE.sub("", _REMOVED.sub("", text)))


__all__ = ["INVISIBLE", "clean", "has_visible"]
