"""data/nlu/questions.yml: enough realistic examples, and only the two intents this part owns."""

from __future__ import annotations

from pathlib import Path

import yaml

NLU = Path(__file__).resolve().parents[2] / "data" / "nlu" / "questions.yml"


def examples() -> dict[str, list[str]]:
    data = yaml.safe_load(NLU.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    return {
        block["intent"]: [line[2:].strip() for line in block["examples"].strip().splitlines()]
        for block in data["nlu"]
    }


def test_only_ask_question_and_out_of_scope_are_defined() -> None:
    assert sorted(examples()) == ["ask_question", "out_of_scope"]


def test_there_are_enough_examples() -> None:
    found = examples()

    assert len(found["ask_question"]) >= 150
    assert len(found["out_of_scope"]) >= 60


def test_no_example_is_repeated_or_in_both_intents() -> None:
    found = examples()
    every = found["ask_question"] + found["out_of_scope"]

    assert len({e.lower() for e in every}) == len(every)


def test_follow_ups_and_text_speak_are_included() -> None:
    asks = examples()["ask_question"]

    assert "and what about gym?" in asks
    assert "wot help can i get wiv rent" in asks


def test_no_question_of_dev_set_2_is_a_training_example() -> None:
    # Development set 2 measures phrasing the classifier has not been trained on.
    dev_2 = Path(__file__).resolve().parent / "dev_questions_2.yml"
    asked = {
        str(q["text"]).lower().strip()
        for q in yaml.safe_load(dev_2.read_text(encoding="utf-8"))["questions"]
    }
    every = examples()["ask_question"] + examples()["out_of_scope"]

    assert not asked & {e.lower() for e in every}


def test_every_line_of_an_examples_block_is_an_example() -> None:
    # Inside an examples block "# ..." is not a YAML comment: Rasa skips the line with a warning.
    data = yaml.safe_load(NLU.read_text(encoding="utf-8"))
    lines = [line for block in data["nlu"] for line in block["examples"].strip().splitlines()]

    assert [line for line in lines if not line.startswith("- ")] == []
