"""Rasa custom actions. Thin: each journey's module calls into ``bot`` (knowledge, case queue).

The action server (``python -m bot.action_server --actions actions``: rasa_sdk served in
one process) imports this package before it listens. With ``BATON_WARM_ACTIONS=1`` (``bot
stack`` sets it) the knowledge base is built then, so the server is not ready (nor
``/healthz``) until it is, and the first family's question does not wait about 4 s for
spaCy and the content. Unset (tests,
tools importing an action module), nothing is built on import.
"""

import os

if os.environ.get("BATON_WARM_ACTIONS") == "1":
    from actions import runtime

    runtime.knowledge()
