"""Run a script in the Rasa environment (Python 3.10, ``.venv-rasa``), where Rasa is.

The tests themselves run in the app environment (Python 3.11), which has no Rasa; checks
of Baton's changes to Rasa run their Rasa side here and print JSON for the test to read.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from typing import Any

from bot.config import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(
    script: str, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` from the repository root; raise if it fails."""
    return subprocess.run(  # noqa: S603 (our own interpreter and script)
        [str(RASA_PYTHON), "-c", script, *args],
        cwd=ROOT,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def printed_json(run: subprocess.CompletedProcess[str]) -> Any:
    """The JSON the script printed last (Rasa may print warnings before it)."""
    return json.loads(run.stdout.strip().splitlines()[-1])
