from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge.check import main

from .conftest import BAD, CONTENT_DIR, VALID


def test_the_real_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(CONTENT_DIR)]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {CONTENT_DIR}")


def test_valid_content_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(VALID)]) == 0
    assert capsys.readouterr().out == (
        f"OK: {VALID} (1 entitlements, 1 organisations, 1 programmes, 1 services)\n"
    )


def test_problems_are_listed_and_exit_non_zero(
    content_with: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    directory = content_with(BAD / "missing_source.yml", BAD / "entitlement_without_condition.yml")

    assert main([str(directory)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "entitlement_without_condition.yml: vague-entitlement: "
        "entitlement must state its condition: exactly who qualifies",
        "missing_source.yml: no-source: missing source (seed document file name and section, "
        "or council-supplied)",
        f"FAILED: 2 problem(s) in {directory} "
        "(2 entitlements, 1 organisations, 1 programmes, 2 services)",
    ]


def test_denylisted_text_is_not_echoed(
    content_with: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    main([str(content_with(BAD / "denylisted_hash.yml"))])

    assert "jane" not in capsys.readouterr().out.lower()
