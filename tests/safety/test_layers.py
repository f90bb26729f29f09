"""How assess() combines the rules and the learned layer, and says which decided."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.safety import assess
from bot.safety.categories import CATEGORIES
from bot.safety.detector import LAYER, matching_rules, rules_assessment
from bot.safety.learned import LearnedLayer, Thresholds
from bot.safety.rules import RULES, STANDING


@pytest.fixture
def layer() -> LearnedLayer:
    assert LAYER is not None, "the committed model must load"
    return LAYER


def _with(layer: LearnedLayer, *, confirm: float, alone: float) -> LearnedLayer:
    return dataclasses.replace(layer, thresholds=Thresholds(confirm=confirm, alone=alone))


def test_without_the_model_the_rules_decide_alone() -> None:
    for text in ["my dad hits me", "my son hurt his knee at football", "i want to die"]:
        assert assess(text, layer=None) == rules_assessment(text)[0]


def test_a_rule_match_the_model_agrees_with_says_so(layer: LearnedLayer) -> None:
    result = assess("my dad hits me with a belt", layer=layer)
    assert result.at_risk is True
    assert "model.confirms" in result.rule_ids
    assert result.score is not None and result.score >= layer.thresholds.confirm


def test_the_model_can_overrule_a_rule_match(layer: LearnedLayer) -> None:
    never_confirms = _with(layer, confirm=1.01, alone=1.01)
    result = assess("my dad hits me", layer=never_confirms)
    assert result.at_risk is False
    assert result.rule_ids[-1] == "model.overruled"
    assert result.categories == ()


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill myself",
        "he's outside with a knife right now",
        "kms",
        "the blade is in my hand and im ready now",  # selfharm.method_ready (safety-5)
    ],
)
def test_self_harm_and_immediate_danger_rules_are_never_overruled(
    layer: LearnedLayer, text: str
) -> None:
    never_confirms = _with(layer, confirm=1.01, alone=1.01)
    result = assess(text, layer=never_confirms)
    assert result.at_risk is True
    assert "model.confirms" not in result.rule_ids


@pytest.mark.parametrize(
    "text",
    [
        "my partner hit me last night",  # domestic.partner_harms
        "i said i fell down the stairs but really it was my stepdad",  # physical.cover_story
        "my swimming coach kisses me on the lips",  # sexual.trusted_adult_kiss
    ],
)
def test_standing_rules_are_never_overruled(layer: LearnedLayer, text: str) -> None:
    never_confirms = _with(layer, confirm=1.01, alone=1.01)
    assert set(rules_assessment(text)[0].rule_ids) & STANDING
    result = assess(text, layer=never_confirms)
    assert result.at_risk is True


def test_standing_rules_are_marked_on_the_rules_themselves() -> None:
    assert {rule.id for rule in RULES if rule.stands} == STANDING


@pytest.mark.parametrize(
    "text",
    [
        "i'm home alone tonight, anyone know any good films",  # urgent word only
        "he said he'd kill me if i told anyone he cried at the film haha",  # joke-marked threat
    ],
)
def test_urgent_words_and_joke_marked_threats_do_not_stop_the_model_overruling(
    layer: LearnedLayer, text: str
) -> None:
    never_confirms = _with(layer, confirm=1.01, alone=1.01)
    assert rules_assessment(text)[0].at_risk is True
    result = assess(text, layer=never_confirms)
    assert result.at_risk is False
    assert result.rule_ids[-1] == "model.overruled"


@pytest.mark.parametrize(
    "text",
    [
        "my step dad said he will kill me tonight lol",
        "my dad says he'll kill me, he's on his way haha",
    ],
)
def test_a_joke_marked_threat_with_an_urgent_word_is_never_overruled(
    layer: LearnedLayer, text: str
) -> None:
    never_confirms = _with(layer, confirm=1.01, alone=1.01)
    assert assess(text, layer=never_confirms).at_risk is True


def test_a_joke_marked_threat_still_stands_when_the_model_confirms_it(
    layer: LearnedLayer,
) -> None:
    always_confirms = _with(layer, confirm=0.0, alone=1.01)
    result = assess("my dad said he will kill me lol", layer=always_confirms)
    assert result.at_risk is True
    assert "model.confirms" in result.rule_ids


def test_the_model_alone_raises_the_alarm_with_a_category(layer: LearnedLayer) -> None:
    always = _with(layer, confirm=0.0, alone=0.0)
    result = assess("something is not right at my house", layer=always)
    assert result.at_risk is True
    assert result.rule_ids[0] == "model.alone"
    assert len(result.categories) >= 1
    assert set(result.categories) <= set(CATEGORIES)


def test_a_disclosure_in_a_long_ordinary_message_is_judged_on_its_own_words(
    layer: LearnedLayer,
) -> None:
    text = "thanks for telling me about the baby groups and the course dates. " * 30
    result = assess(text + "my partner hits me when he has had a drink", layer=layer)
    assert result.at_risk is True


# The brief's own examples, through both layers.
BRIEF_RISK = [
    "he hit me again",
    "my mum's boyfriend scares me",
    "i dont want to be here anymore",
    "theres a man making my sister go places",
]
BRIEF_SAFE = [
    "my son hurt his knee at football",
    "dying to know when the course starts",
    "killing time before the drop-in",
    "the baby hit his head on the toy",
    "I'm worried about the cost of the course",
]


@pytest.mark.parametrize("text", BRIEF_RISK)
def test_brief_risk_phrases_are_found(text: str) -> None:
    assert assess(text).at_risk is True


@pytest.mark.parametrize("text", BRIEF_SAFE)
def test_brief_look_alike_phrases_are_left_alone(text: str) -> None:
    assert assess(text).at_risk is False


@pytest.mark.parametrize("text", ["no", "nothing", "yes please", "ok", "2", "not really"])
def test_short_replies_in_a_form_do_not_raise_the_alarm(text: str) -> None:
    assert assess(text).at_risk is False


def test_the_result_is_deterministic_and_carries_a_score() -> None:
    first = assess("i get hit at home")
    assert first == assess("i get hit at home")
    assert first.score is not None and 0.0 <= first.score <= 1.0


def test_a_missing_model_leaves_the_rules_in_charge_and_logs_no_text(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.safety import detector, learned

    def unreadable() -> LearnedLayer:
        raise learned.ModelError("cannot read the model artefact (FileNotFoundError)")

    monkeypatch.setattr(learned, "load", unreadable)
    assert detector._load_layer() is None
    assert "rules decide alone" in caplog.text


def test_the_gateway_side_needs_no_machine_learning_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bot.safety as s; s.assess('he hit me again'); "
        "print(any(m.split('.')[0] in {'sklearn', 'scipy', 'numpy', 'torch'} for m in sys.modules))"
    )
    completed = subprocess.run(  # noqa: S603 - fixed arguments, our own package
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.stdout.strip() == "False"


@pytest.mark.parametrize("answer", ["He is seven", "He is seven.", "she is 4", "Tuesday is fine"])
def test_short_form_answers_never_alarm_on_the_model_alone(answer: str) -> None:
    """A handoff form's answers are short; the model alone needs a few words (a browser
    test found "He is seven" scored 0.99 by the n-gram model)."""
    assessment = assess(answer)
    assert not assessment.at_risk
    assert "model.alone" not in assessment.rule_ids


# safety-6: harm inside a film, an episode, a book or a school play is not a disclosure,
# unless the writer or their own family is in it or the message bridges to real life.
FICTION_LOOK_ALIKES = [
    "in the new series the husband punches his wife, is it suitable for a 14 year old",
    "watched a film last night where the dad beats the kids, really grim",
    "we are reading a book in class about a boy who runs away from home",
]
FICTION_STILL_FIRES = [
    ("watched a film and then my dad hit my mum", "physical.actor_harms_person"),
    (
        "in the film the dad hits the kids, it reminded me of what my dad does",
        "physical.actor_harms_person",
    ),
    ("we were watching tv and he punched me", "physical.actor_harms_person"),
    ("the film was about suicide and now i want to kill myself", "suicide.words"),
    # A film as the setting of real harm, not its content: a recurrence or a worry.
    ("we were watching a film and he started hitting her again", "physical.actor_harms_person"),
    (
        "watched a documentary about county lines and now i think my son is doing it",
        "exploitation.words",
    ),
    # A parenting programme or a booking is this assistant's everyday talk, not a film.
    (
        "he hits her when he is drunk, we are on the parenting programme but it is not helping",
        "physical.actor_harms_person",
    ),
    ("my partner hits me, we did a programme with early help", "domestic.partner_harms"),
    ("he hits her, i was about to book a session", "physical.actor_harms_person"),
]


@pytest.mark.parametrize("text", FICTION_LOOK_ALIKES)
def test_harm_inside_fiction_fires_no_rule(text: str) -> None:
    assert matching_rules(text) == []


@pytest.mark.parametrize(("text", "rule_id"), FICTION_STILL_FIRES)
def test_fiction_does_not_hide_the_writers_own_life_or_self_harm(text: str, rule_id: str) -> None:
    assert rule_id in {rule.rule.id for rule in matching_rules(text)}


def test_a_joke_or_fiction_marked_message_needs_a_higher_score_to_raise_alone(
    layer: LearnedLayer,
) -> None:
    alert = dataclasses.replace(
        layer, thresholds=Thresholds(confirm=0.5, alone=0.0, alone_marked=0.9999)
    )
    assert assess("we are going to the park later", layer=alert).rule_ids == ("model.alone",)
    assert not assess("we are going to the park later lol", layer=alert).at_risk
    assert not assess("in the film they go to the park later", layer=alert).at_risk
    # An urgent word takes the mark away.
    assert assess("we are going to the park right now lol", layer=alert).at_risk


def test_the_committed_thresholds_never_make_a_marked_message_easier_to_raise(
    layer: LearnedLayer,
) -> None:
    assert layer.thresholds.alone_for(True) >= layer.thresholds.alone
