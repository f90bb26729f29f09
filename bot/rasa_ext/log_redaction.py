"""Keep families' words out of Rasa's own logs.

Rasa 3.6 logs some events with the user's text, e.g. ``rest.message.received.failure``
with ``text=...`` when a message fails. Rasa's ``_anonymizer`` only acts when a (Rasa Pro)
anonymization plugin is installed, so in open source the text is written as is. Importing
``bot.rasa_ext`` puts :func:`redact` first in Rasa's structlog processors, in place, so
loggers that were already created and cached use it too.
"""

from __future__ import annotations

from typing import Any

# The fields Rasa's anonymizer would mask (rasa/utils/log_utils.py), and a few more.
PERSONAL_FIELDS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "slots",
        "events",
    }
)
REDACTED = "[redacted]"


def redact(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: replace every personal field's value."""
    for key in PERSONAL_FIELDS.intersection(event_dict):
        event_dict[key] = REDACTED
    return event_dict


def drop_traceback_locals(
    _logger: Any, _method: str, event_dict: dict[str, Any]
) -> dict[str, Any]:
    """A structlog processor: remove the local variables of structured tracebacks.

    Rasa renders exceptions with ``dict_tracebacks``, which records each frame's locals
    (in the REST channel, the family's message among them).
    """
    for exception in event_dict.get("exception") or ():
        if isinstance(exception, dict):
            for frame in exception.get("frames") or ():
                if isinstance(frame, dict):
                    frame.pop("locals", None)
    return event_dict


def install() -> None:
    """Put :func:`redact` first and :func:`drop_traceback_locals` just before the
    renderer in structlog's processors, in place (idempotent)."""
    import structlog

    processors = structlog.get_config()["processors"]
    if redact not in processors:
        processors.insert(0, redact)
    if drop_traceback_locals not in processors:
        processors.insert(max(len(processors) - 1, 0), drop_traceback_locals)
