"""Rasa's own structured logs never carry a family's words (bot/rasa_ext/log_redaction.py).

Runs in the Rasa environment (Python 3.10), the way the Rasa server configures logging:
a logger used and cached before ``bot.rasa_ext`` is imported must be redacted too.
"""

from __future__ import annotations

import textwrap

from bot.config import ROOT
from tests.rasa_env import run_in_rasa

SCRIPT = textwrap.dedent(
    """
    import logging
    import structlog
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)
    log = structlog.get_logger("rasa.core.channels.rest")
    log.info("before.redaction", text="CANARY-BEFORE")  # caches the bound logger
    import bot.rasa_ext  # what endpoints.yml's tracker store import does in the server

    def handle(text):
        raise RuntimeError("action failed")

    try:
        handle("CANARY-LOCAL")
    except RuntimeError:
        log.exception("rest.message.received.failure", text="CANARY-AFTER")
    log.info("slots.set", slot_values={"contact": "CANARY-SLOT"}, sender_id="s1")
    """
)


def test_rasa_failure_logs_keep_the_event_but_not_the_familys_text() -> None:
    result = run_in_rasa(
        SCRIPT,
        env={"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"},
    )
    output = result.stdout + result.stderr
    # Before the import the text is logged: the check below is not vacuous.
    assert "CANARY-BEFORE" in output
    assert "rest.message.received.failure" in output
    assert "slots.set" in output
    assert "CANARY-AFTER" not in output
    assert "CANARY-SLOT" not in output
    assert "CANARY-LOCAL" not in output  # traceback frames keep no local variables
    assert "RuntimeError" in output
