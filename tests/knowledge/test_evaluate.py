from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.knowledge.evaluate import (
    Question,
    evaluate,
    judge,
    load_questions,
    main,
    select_split,
    unflagged_details,
)

from .conftest import CONTENT_DIR

DEV_SET = Path(__file__).resolve().parent / "dev_questions.yml"
DEV_SET_2 = Path(__file__).resolve().parent / "dev_questions_2.yml"
DEV_SET_6 = Path(__file__).resolve().parent / "dev_questions_6.yml"


def q(expect: str, *must: str | list[str]) -> Question:
    return Question(
        id="x",
        text="?",
        expect=expect,
        must_contain=tuple(tuple(m) if isinstance(m, list) else (m,) for m in must),
    )


def test_load_questions_reads_alternatives(tmp_path: Path) -> None:
    path = tmp_path / "q.yml"
    path.write_text(
        "version: 1\nquestions:\n  - id: p1\n    audience: parent\n    text: hi\n"
        "    expect: answer\n"
        "    must_contain: [FIS, [health visitor, health visiting]]\n"
    )

    assert load_questions(path) == [
        Question("p1", "hi", "answer", "parent", (("FIS",), ("health visitor", "health visiting")))
    ]


def test_load_questions_rejects_an_unknown_expectation(tmp_path: Path) -> None:
    path = tmp_path / "q.yml"
    path.write_text("questions:\n  - {id: a, text: hi, expect: maybe}\n")

    with pytest.raises(ValueError, match="expect must be one of"):
        load_questions(path)


def test_answer_needs_every_fact_ignoring_case_and_typography() -> None:
    question = q("answer", "Personal Advisor", ["25", "twenty-five"])

    assert judge(question, "Keep your personal advisor until 25", refused=False) == (True, "")
    assert judge(question, "Keep your \u2018Personal Advisor\u2019", refused=False) == (
        False,
        "missing: 25 | twenty-five",
    )
    assert judge(question, "Sorry", refused=True) == (False, "refused an answerable question")


def test_refuse_passes_only_when_refused() -> None:
    assert judge(q("refuse"), "Sorry", refused=True) == (True, "")
    assert judge(q("refuse"), "Bins are on Tuesday", refused=False) == (
        False,
        "answered an out-of-scope question",
    )


@pytest.mark.parametrize(
    ("reply", "refused", "passed"),
    [
        ("Sorry, I can't help with that", True, True),
        ("We don't have the phone number yet; it is to be confirmed by the council.", False, True),
        (
            "Phone: 01632 960 101 (sample, to be confirmed)\nThese details are sample data.",
            False,
            True,
        ),
        ("Ring 01325 123456.", False, False),  # invented and not flagged
        ("The team is open at 9:30 on Mondays, to be confirmed.", False, False),
        ("The Front Door deals with concerns.", False, False),  # no honest marker
    ],
)
def test_unanswerable_passes_when_refused_or_honest(
    reply: str, refused: bool, passed: bool
) -> None:
    assert judge(q("unanswerable"), reply, refused)[0] is passed


def test_unflagged_details_ignores_lines_marked_sample() -> None:
    reply = "Contact: 01632 960 101 (sample, to be confirmed)\nOr ring 01325 111222"

    assert unflagged_details(reply) == ["01325 111222"]


def test_metrics_follow_the_definitions() -> None:
    questions = [
        Question("a1", "gym", "answer", must_contain=(("friend",),)),
        Question("a2", "sim", "answer", must_contain=(("SIM",),)),
        Question("r1", "bins", "refuse"),
        Question("r2", "weather", "refuse"),
        Question("u1", "phone", "unanswerable"),
    ]
    replies = {
        "gym": ("take a friend", False),
        "sim": ("sorry", True),
        "bins": ("sorry", True),
        "weather": ("sunny", False),
        "phone": ("sorry", True),
    }

    metrics = evaluate(questions, lambda text: replies[text]).metrics()

    assert metrics == {
        "questions": 5,
        "answer_accuracy": 0.5,
        "refuse_precision": 0.5,
        "refuse_recall": 0.5,
        "wrongly_refused": 0.5,
        "unanswerable_accuracy": 1.0,
        "replies_with_unflagged_details": 0,
        "failures": ["a2", "r2"],
    }


def test_the_dev_set_meets_the_targets_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(DEV_SET), "--content", str(CONTENT_DIR), "--json", "--strict"])

    metrics = json.loads(capsys.readouterr().out)
    assert code == 0, metrics["failures"]
    assert metrics["answer_accuracy"] >= 0.9
    assert metrics["refuse_recall"] >= 0.9
    assert metrics["wrongly_refused"] < 0.05
    assert metrics["replies_with_unflagged_details"] == 0


def test_dev_set_2_is_large_split_and_covers_every_audience() -> None:
    questions = load_questions(DEV_SET_2)

    assert len(questions) >= 150
    assert len({q.id for q in questions}) == len(questions)
    assert {q.audience for q in questions} == {"parent", "care_leaver", "other"}
    assert {q.expect for q in questions} == {"answer", "refuse", "unanswerable"}
    check = select_split(questions, "check")
    tune = select_split(questions, "tune")
    assert len(check) + len(tune) == len(questions)
    assert 0.25 <= len(check) / len(questions) <= 0.35
    for expect in ("answer", "refuse", "unanswerable"):
        assert any(q.expect == expect for q in check), expect


def test_select_split_keeps_one_part_or_everything(tmp_path: Path) -> None:
    path = tmp_path / "q.yml"
    path.write_text(
        "questions:\n  - {id: a, text: hi, split: tune}\n  - {id: b, text: yo, split: check}\n"
        "  - {id: c, text: hey}\n"
    )
    questions = load_questions(path)

    assert [q.id for q in select_split(questions, "check")] == ["b"]
    assert [q.id for q in select_split(questions, "tune")] == ["a"]
    assert [q.id for q in select_split(questions, None)] == ["a", "b", "c"]


def test_an_empty_split_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([str(DEV_SET), "--split", "check"])
    assert "no questions" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("dev_set", "unanswerable_at_least"),
    [
        (DEV_SET_2, 0.9),
        # Care leavers texting (havin, wen, cud), indirect parents and the app's purpose.
        (DEV_SET_6, 1.0),
    ],
    ids=["dev_set_2", "dev_set_6"],
)
def test_the_tuning_part_of_a_dev_set_meets_the_targets(
    dev_set: Path, unanswerable_at_least: float, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([str(dev_set), "--split", "tune", "--json", "--strict"])

    metrics = json.loads(capsys.readouterr().out)
    assert code == 0, metrics["failures"]
    assert metrics["answer_accuracy"] >= 0.9
    assert metrics["unanswerable_accuracy"] >= unanswerable_at_least
    assert metrics["replies_with_unflagged_details"] == 0


def test_national_helplines_are_not_invented_details() -> None:
    reply = "NSPCC helpline: call 0808 800 5000\nFront Door: call 01325 123456"

    assert unflagged_details(reply) == ["01325 123456"]
    honest = "NSPCC: 0808 800 5000. The rest is to be confirmed."
    assert judge(q("unanswerable"), honest, refused=False) == (True, "")


def test_rest_mode_needs_an_http_url() -> None:
    with pytest.raises(ValueError, match="http"):
        main([str(DEV_SET), "--rest", "file:///etc/passwd"])
