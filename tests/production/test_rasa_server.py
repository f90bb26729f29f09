"""bot.rasa_server's compiled action-response check behaves exactly like Rasa's own.

Runs in the Rasa environment (Python 3.10), where Rasa is installed.
"""

from __future__ import annotations

import json
import subprocess

from bot.config import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

CHECK = """
import json
from rasa.core.actions.action import RemoteAction
from bot.rasa_server import compile_action_response_check

responses = [
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
]
action = RemoteAction("action_x", None)

def outcomes():
    found = []
    for response in responses:
        try:
            found.append(["ok", action._validate_action_result(response)])
        except Exception as error:
            found.append([type(error).__name__, error.message])
    return found

rasa_own = outcomes()
compile_action_response_check()
print(json.dumps({"rasa": rasa_own, "compiled": outcomes()}))
"""


def test_the_compiled_check_accepts_and_rejects_what_rasa_does() -> None:
    run = subprocess.run(  # noqa: S603 (fixed argv)
        [str(RASA_PYTHON), "-c", CHECK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["compiled"] == result["rasa"]
    assert [kind for kind, _ in result["compiled"]] == [
        "ok",
        "ok",
        "ValidationError",
        "ValidationError",
    ]
    assert "Failed to validate Action server response" in result["compiled"][2][1]
