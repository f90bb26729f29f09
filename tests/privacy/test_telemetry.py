"""Rasa telemetry is off in every process layout bot.stack starts."""

from __future__ import annotations

import pytest

from bot.stack import Stack, StackConfig


def test_the_stack_turns_rasa_telemetry_off_whatever_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")
    stack = Stack(StackConfig(extra_env={"RASA_TELEMETRY_ENABLED": "true"}))
    assert stack.environment()["RASA_TELEMETRY_ENABLED"] == "false"
