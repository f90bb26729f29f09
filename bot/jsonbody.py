"""Reading a JSON object from an internet-facing request body.

The family API, the console API and the Telegram webhook all take JSON from strangers.
``json.loads`` alone accepts three things that later fail deep inside the gateway, each
seen as a 500 from the family API:

- a lone UTF-16 surrogate written as an escape (``"\\ud800"``): valid JSON, but not text
  any database can store (a browser can send one when an emoji is cut in half);
- nesting deep enough to exhaust the interpreter's recursion limit;
- integers too big for a 64-bit database column.

:func:`parse_object` turns the first into U+FFFD (the family's message is kept, one
character replaced) and refuses the other two as bad requests.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_INT = 2**63 - 1
"""The largest integer a database column holds (SQLite and PostgreSQL ``BIGINT``)."""
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class BodyError(ValueError):
    """The body is not a JSON object this service can use; the message says why."""


def _parse_int(digits: str) -> int:
    value = int(digits)
    if abs(value) > MAX_INT:
        raise ValueError("integer out of range")
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def parse_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object with storable strings; :class:`BodyError` otherwise."""
    try:
        body = _clean(json.loads(raw, parse_int=_parse_int))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BodyError("The request body must be JSON.") from None
    if not isinstance(body, dict):
        raise BodyError("The request body must be a JSON object.")
    return body


__all__ = ["MAX_INT", "BodyError", "parse_object"]
