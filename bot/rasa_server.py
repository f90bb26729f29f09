"""Run Rasa's command line (``rasa run ...``) with the action-response check compiled once.

Profiling the benchmark (``make bench --profile-seconds``, README "Performance") showed
Rasa 3.6 spending about a fifth of its CPU in ``jsonschema``: after every custom action,
``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which re-checks
the (constant) response schema against its meta-schema and builds a new validator each
time. Here the validator is built once; every response is still validated against the
same schema, and an invalid one raises the same ``ValidationError`` with Rasa's message.

Runs in the Rasa environment (Python 3.10, ``.venv-rasa``) and imports only Rasa:
``.venv-rasa/bin/python -m bot.rasa_server run --model ...`` (``bot.stack`` does this).
"""

from __future__ import annotations

import sys
from typing import Any


def compile_action_response_check() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def main() -> None:
    compile_action_response_check()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
