"""Conversations are routed to one Rasa instance, the same from every gateway process."""

from __future__ import annotations

import secrets
import subprocess
import sys
from collections import Counter

import pytest

from bot.config import ROOT
from bot.gateway.rasa_client import rasa_instance_for, split_rasa_urls

URLS = ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]


def test_a_conversation_always_goes_to_the_same_instance() -> None:
    conversation_id = secrets.token_urlsafe(32)
    assert len({rasa_instance_for(conversation_id, URLS) for _ in range(50)}) == 1


def test_the_choice_does_not_depend_on_the_process() -> None:
    """Python's own hash() is salted per process; two gateways must still agree."""
    ids = [secrets.token_urlsafe(32) for _ in range(20)]
    code = (
        "import sys; from bot.gateway.rasa_client import rasa_instance_for as f; "
        f"print('\\n'.join(f(i, {URLS!r}) for i in sys.argv[1:]))"
    )
    other = subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "-c", code, *ids], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert other.stdout.split() == [rasa_instance_for(i, URLS) for i in ids]


def test_conversations_spread_over_every_instance() -> None:
    counts = Counter(rasa_instance_for(secrets.token_urlsafe(32), URLS) for _ in range(3000))
    assert set(counts) == set(URLS)
    assert min(counts.values()) > 800  # about 1000 each


def test_one_instance_is_the_embedded_default() -> None:
    assert split_rasa_urls("http://127.0.0.1:5005/") == ["http://127.0.0.1:5005"]
    assert rasa_instance_for("any", ["http://a"]) == "http://a"


def test_several_instances_separated_by_commas() -> None:
    assert split_rasa_urls(" http://a:1, http://b:2/ ,") == ["http://a:1", "http://b:2"]
    with pytest.raises(ValueError):
        split_rasa_urls(" , ")
