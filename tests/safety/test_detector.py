"""assess(): finds disclosures in everyday language and leaves look-alikes alone."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from bot.safety import CATEGORIES, SafetyAssessment, assess
from bot.safety import detector as detector_module
from bot.safety.detector import matching_rules
from bot.safety.rules import RULE_IDS

DEV_SET = Path(__file__).with_name("dev_set.yml")

# The phrases from the brief, both ways. Each risk phrase names a category it must carry.
RISK_EXAMPLES = [
    ("he hit me again", "physical_abuse"),
    ("my mum's boyfriend scares me", "emotional_abuse"),
    ("i dont want to be here anymore", "self_harm_suicide"),
    ("theres a man making my sister go places", "exploitation"),
    ("dad hits mum when hes drunk", "domestic_abuse"),
    ("im gonna end it", "self_harm_suicide"),
    ("kms", "self_harm_suicide"),
    ("no food in the house for days and mums not been home", "neglect"),
    ("my step dad touches me", "sexual_abuse"),
    ("my 14 yr old hasnt come home since friday", "missing"),
    ("he makes me carry stuff for him and gives me money", "exploitation"),
]
LOOK_ALIKES = [
    "my son hurt his knee at football",
    "dying to know when the course starts",
    "this queue is killing me",
    "my daughter hit her head on the table, is there a first aid course",
    "can I get help with my teenager who is always out",
    "the kids are starving, what time is lunch at the group",
    "I'm scared of needles, do I have to have a health check",
    "domestic cleaning jobs for care leavers",
]


@pytest.mark.parametrize(("text", "category"), RISK_EXAMPLES)
def test_brief_risk_examples_are_found_with_their_category(text: str, category: str) -> None:
    result = assess(text)
    assert result.at_risk is True
    assert category in result.categories


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_brief_look_alikes_are_not_flagged(text: str) -> None:
    result = assess(text)
    assert result.at_risk is False
    assert result.categories == ()


@pytest.mark.parametrize(
    "text",
    [
        "HE HIT ME AGAIN",
        "he hiiiit me agen",
        "h3 h1t m3 again",
        "my stepdad tuches me",
        "i wnat to kil myself",
        "im sucidal",
        "i wanna dieeee",
        "me da battered me mam last neet",
        "sum1 at home keeps hurtin me",
        "i dnt wanna be alive",
    ],
)
def test_misspellings_and_text_speak_are_found(text: str) -> None:
    assert assess(text).at_risk is True


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the info about the parenting course. My partner hits me when he's had a drink "
        "though.",
        "can u book me on cookery thurs? also my bf hit me last nite",
        "Name: Sam. Date of birth: 01/02/2008. Reason: my stepdad hits me",
        "ok. what time is the drop in. i've been cutting again",
    ],
)
def test_disclosure_inside_another_request_is_found(text: str) -> None:
    assert assess(text).at_risk is True


def test_negated_harm_still_fires_so_a_person_looks() -> None:
    # Disclosures are often hedged ("he never hits me when mum's in"): err towards safety.
    assert assess("he never hits me").at_risk is True


def test_idiom_removal_does_not_hide_a_real_disclosure_in_the_same_message() -> None:
    assert assess("this queue is killing me and honestly i want to die").at_risk is True


def test_immediate_danger_is_added_when_a_disclosure_is_happening_now() -> None:
    assert "immediate_danger" in assess("my dad is hitting my mum right now").categories


def test_partner_context_adds_domestic_abuse() -> None:
    assert "domestic_abuse" in assess("i'm scared of my partner").categories


def test_categories_come_from_the_fixed_set_in_fixed_order() -> None:
    result = assess("he hit me and i want to kill myself, hes outside now")
    assert set(result.categories) <= set(CATEGORIES)
    assert list(result.categories) == sorted(result.categories, key=CATEGORIES.index)


# --- robustness ----------------------------------------------------------------------


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz      '.,!?0123456789éß\u200b\u202e\x00\x07\n\t🙂👍💔"
    texts = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(count)
    ]
    texts += [
        "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 200)))
        for _ in range(count)
    ]
    return texts


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00",
        "\n\n\n",
        "🙂" * 500,
        "a" * 10_000,
        "he hit me " * 1000,
        "\ud800",
        "/greet",
        "{}[]()*+?|^$\\",
    ],
)
def test_assess_never_raises_on_awkward_input(text: str) -> None:
    result = assess(text)
    assert isinstance(result, SafetyAssessment)


def test_assess_never_raises_on_random_text() -> None:
    for text in _random_texts(seed=20240601, count=300):
        assert isinstance(assess(text), SafetyAssessment)


def test_assess_accepts_none_without_raising() -> None:
    assert assess(None) == SafetyAssessment(at_risk=False)  # type: ignore[arg-type]


def test_a_disclosure_at_the_end_of_a_very_long_message_is_found() -> None:
    text = "can you tell me about the groups please " * 250 + "my dad hits me"
    assert assess(text).at_risk is True


LONG_EVERYDAY = [
    "hi there, my little boy is 4 and starts reception in september, we have been on holiday "
    "in scarborough all week and he fell over on the beach and cried for ages but he is fine "
    "now, just wondering if the council has any groups over the summer where he can mix with "
    "other kids before school starts as he is quite shy",
    "ive just moved into my first flat after leaving my foster placement and honestly its been "
    "a nightmare, the boiler keeps cutting out, i burnt my tea twice and my mates keep saying "
    "im dead lucky to have my own place, does the council give care leavers any money towards "
    "furniture or bills",
    "my daughter is 15 and has been really moody since we moved, slamming doors and crying "
    "about missing her old friends, the school say she is doing fine in lessons, is there "
    "anything for teenagers who are struggling to settle in a new town",
]


@pytest.mark.parametrize("text", LONG_EVERYDAY)
def test_a_long_everyday_message_is_not_raised(text: str) -> None:
    """Long messages are scored whole by a model that has seen long ones (safety-7); the
    short-message model, scored over 12-word windows, raised 43% of long everyday text."""
    assert assess(text).at_risk is False


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        ("i shook the baby because he wouldnt stop screaming", True),
        ("my partner shakes our newborn when she cries", True),
        ("she went quiet after i shook her to make her stop crying, shes 8 months", True),
        ("she came in with a hand print on her face", True),
        ("a handprint bruise on his leg again this week", True),
        ("shake the bottle before feeding the baby", False),
        ("my baby loves shaking her rattle", False),
        ("i shook his hand at the meeting", False),
        ("we did handprint paintings on the kitchen wall", False),
        ("my son made a handprint on the window", False),
    ],
)
def test_shaking_a_baby_and_the_mark_of_a_hand_stand_on_their_own(text: str, at_risk: bool) -> None:
    """Both rules fired on none of the look-alikes in any set, so the model cannot overrule
    them (``STANDING``): it scored a teacher's "handprint bruise on his cheek" as everyday."""
    assert assess(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        (
            "cant find my 3 year old, she was in the front room a minute ago and the door is open",
            True,
        ),
        ("i cant find my son anywhere and its getting dark", True),
        ("on the bridge by the station and i dont wanna come back down", True),
        ("im on the wrong side of the railings on the car park", True),
        ("couldnt find my toddler at the park but he was behind the slide", False),
        ("cant find my son a school place for september", False),
        ("we went on the bridge at the park and i dont want to go back there, too busy", False),
        ("we were on the bridge and the kids were feeding the ducks", False),
        ("im on the bridge and i cant do this anymore", True),
        ("my friend is on the bridge and says shes gonna jump", True),
    ],
)
def test_a_child_gone_now_and_a_person_on_a_bridge_stand_on_their_own(
    text: str, at_risk: bool
) -> None:
    """safety-8: a missing young child stands (the model overruled one gone from the garden),
    unless the message says where the child was found; wanting not to come back from a
    bridge or a roof is a suicide method."""
    assert assess(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        ("grandad fell over in the garden and the kids rang 999 like we taught them", False),
        ("nan had a fall and we rang 999, the ambulance came quick, shes fine now", False),
        ("lol my kids are feral today, locked myself in the bathroom for 5 mins peace", False),
        ("we had to call the police last night he was smashing the place up", True),
        ("hes kicking off again, locked myself in the bathroom with the baby", True),
        ("im hiding in the bathroom from him", True),
    ],
)
def test_999_for_a_fall_and_a_minutes_peace_are_not_an_alarm(text: str, at_risk: bool) -> None:
    """Both rules stand without the model (immediate danger), so their exclusions are the
    only way out for the everyday sentences; the disclosures beside them still fire."""
    assert assess(text).at_risk is at_risk


def test_an_internal_error_is_reported_as_at_risk_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str, layer: object) -> SafetyAssessment:
        raise RuntimeError("bug")

    monkeypatch.setattr(detector_module, "_assess", broken)
    assert assess("hello") == SafetyAssessment(
        at_risk=True, categories=(), rule_ids=("engine.error",)
    )


def test_an_internal_error_logs_no_message_text(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str, layer: object) -> SafetyAssessment:
        raise ValueError(text)  # an exception that carries the text must not leak it

    monkeypatch.setattr(detector_module, "_assess", broken)
    assess("zqxj secret words")
    assert "zqxj" not in caplog.text


# --- what gets logged ----------------------------------------------------------------


def _dev_texts() -> list[str]:
    data = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))
    return [item["text"] for item in data["risk"] + data["safe"]]


def test_rule_ids_are_known_identifiers_never_message_text() -> None:
    for text in _dev_texts() + _random_texts(seed=7, count=100):
        result = assess(text)
        assert set(result.rule_ids) <= RULE_IDS
        for rule_id in result.rule_ids:
            assert rule_id.replace("_", " ") not in text.lower() or len(rule_id) < 4


def test_rule_ids_do_not_contain_a_unique_marker_from_the_input() -> None:
    result = assess("zqxjv my dad hits me zqxjv")
    assert result.at_risk is True
    assert not any("zqxjv" in rule_id for rule_id in result.rule_ids)
    assert not any("zqxjv" in category for category in result.categories)


def test_anchors_are_only_a_shortcut_and_never_change_a_result() -> None:
    for text in _dev_texts():
        with_anchors = [rule.rule.id for rule in matching_rules(text)]
        without = [rule.rule.id for rule in matching_rules(text, use_anchors=False)]
        assert with_anchors == without, text


# --- speed ---------------------------------------------------------------------------


# --- markup ------------------------------------------------------------------------

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "text",
    [
        "when does the course start",
        "my son hurt his knee at football",
        "can I book the toddler group on tuesday",
    ],
)
def test_markup_around_a_harmless_message_is_not_an_alarm(text: str) -> None:
    for wrapped in (f"{XSS} {text}", f"<b>{text}</b> {XSS}", f"{text} https://example.com/x?y=1"):
        result = assess(wrapped)
        assert result.at_risk is False, wrapped
        assert result.score == assess(text).score


@pytest.mark.parametrize(
    "text", ["my dad hits me", "i want to kill myself", "my mums boyfriend touches me at night"]
)
def test_markup_around_a_disclosure_is_still_an_alarm(text: str) -> None:
    for wrapped in (f"{XSS} {text}", f"<p><i>{text}</i></p>", f"{text} https://example.com"):
        assert assess(wrapped).at_risk is True, wrapped
