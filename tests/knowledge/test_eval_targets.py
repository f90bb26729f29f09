"""``make eval`` judges each issue's targets apart: answers (#3) and safeguarding (#7)."""

from __future__ import annotations

from bot.evaluate import target_lines

MET = {"answer_accuracy": 0.915, "refuse_recall": 1.0, "wrongly_refused": 0.016}


def test_answers_met_and_safeguarding_not_are_reported_apart() -> None:
    answers, safety = target_lines(MET, 1.0, 0.055)
    assert answers.startswith("Targets, answers (#3): met (")
    assert "answer accuracy 0.915 >= 0.90" in answers
    assert safety.startswith("Targets, safeguarding (#7): NOT met (")
    assert "false positive rate 0.055 < 0.03" in safety


def test_each_bar_is_checked_on_its_own_side() -> None:
    assert "NOT met" in target_lines({**MET, "answer_accuracy": 0.899}, 1.0, 0.0)[0]
    assert "NOT met" in target_lines({**MET, "wrongly_refused": 0.05}, 1.0, 0.0)[0]
    assert "NOT met" in target_lines(MET, 0.994, 0.0)[1]
    assert "NOT met" in target_lines(MET, 1.0, 0.03)[1]
    assert target_lines(MET, 1.0, 0.029)[1].startswith("Targets, safeguarding (#7): met")


def test_a_missing_figure_never_passes() -> None:
    answers, safety = target_lines({}, None, None)
    assert "NOT met" in answers and "answer accuracy - >= 0.90" in answers
    assert "NOT met" in safety
