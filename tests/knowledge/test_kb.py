from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language as SpacyLanguage

from bot.knowledge import Answer, ContentError, KnowledgeBase
from bot.knowledge import kb as kb_module
from bot.knowledge.evaluate import unflagged_details
from bot.knowledge.loader import load_content
from bot.knowledge.rules import find_denied
from bot.knowledge.text import Analyzer

from .conftest import BAD, CONTENT_DIR, VALID

DATED = "This comes from a 2011 document and may have changed."
SAMPLE = "These details are sample data and are still to be confirmed by the council."


def ask(kb: KnowledgeBase, question: str, topic: str | None = None) -> Answer:
    answer = kb.answer(question, topic=topic)
    assert answer is not None, question
    return answer


# -- loading -------------------------------------------------------------------


def test_load_rejects_bad_content_listing_every_problem(
    content_with: Callable[..., Path], nlp: SpacyLanguage
) -> None:
    directory = content_with(BAD / "missing_source.yml", BAD / "broken_reference.yml")

    with pytest.raises(ContentError) as caught:
        KnowledgeBase.load(directory, nlp=nlp)

    assert [str(p) for p in caught.value.problems] == [
        "broken_reference.yml: orphan-group: service 'deleted-service' does not exist",
        "missing_source.yml: no-source: missing source "
        "(seed document file name and section, or council-supplied)",
    ]
    assert "2 problem(s)" in str(caught.value)


def test_get_returns_items_by_id(kb: KnowledgeBase) -> None:
    item = kb.get("gym-membership")

    assert item is not None
    assert item.condition == "All care leavers."
    assert kb.get("no-such-item") is None


# -- retrieval -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "item_id"),
    [
        ("wot help can i get wiv rent", "care-leaver-housing-and-money"),
        ("hw long can i keep my pa", "pa-until-25"),
        ("cn i get a gym membrship", "gym-membership"),
        ("free sim wiv data?", "sim-card-wifi-calls"),
        ("dont wanna b on my own at xmas", "christmas-day"),
        ("wot is here for u", "staying-close-here-for-you"),
        ("my partner is violent, any help for me n the kids", "domestic-abuse-support"),
        ("is there a walk and talk group", "walk-and-talk-group"),
        ("wat is the family information service", "family-information-service"),
        ("persnal advisor till wat age", "pa-until-25"),
        ("famly group confrence", "family-group-conferencing"),
        ("is there sumthing for dads", "fathers-included"),
        ("wot is here 4 u", "staying-close-here-for-you"),
        ("im bringing up my grandson", "fostering-and-kinship-care"),
        ("i want to foster", "fostering-and-kinship-care"),
        ("hiya my 2 boys r proper kicking off n i cant cope anymore", "bsf-parenting-programmes"),
        ("can i teach my kids at home", "elective-home-education"),
        ("what ofsted grade did darlington get", "ofsted-judgement"),
        ("giv me sum info on staying close", "staying-close-here-for-you"),
        ("where do most referrals come from", "police-referrals"),
        ("which agency refers the most children", "police-referrals"),
        ("how many contacts does the front door get a year", "social-care-figures"),
        ("we're skint and in debt, is there help for our family", "money-worries"),
        ("is what i tell my social worker confidential", "information-sharing"),
        ("will you tell my kid's school", "information-sharing"),
        ("what is we are with you", "adult-mental-health-and-substance-misuse-support"),
        ("is the barnardo's worker part of the front door", "child-exploitation-support"),
        ("what is the front door", "front-door-ciat"),
        ("where can i get parenting advice", "bsf-parenting-programmes"),
        ("any cookin lessons at the base", "cookery-classes"),
        ("am i still gonna be gettin help from my pa after 21", "pa-until-25"),
        ("will we get the same worker as last time", "same-worker-on-re-referral"),
        ("will the police be told without my permission", "information-sharing"),
        ("is there sumwhere i cn go on xmas day", "christmas-day"),
        ("is there anything for children who look after a parent", "young-carers"),
        ("wot happens if i get kicked out of my flat", "care-leaver-housing-and-money"),
        ("is there a walk and talk group", "walk-and-talk-group"),
    ],
)
def test_text_speak_typos_and_plain_questions_find_the_right_item(
    kb: KnowledgeBase, question: str, item_id: str
) -> None:
    assert ask(kb, question).item_id == item_id


@pytest.mark.parametrize(
    "question",
    [
        "when are my bins collected",
        "how do i pay my council tax",
        "what's the weather like tomorrow",
        "who won the football",
        "tell me a joke",
        "can you do my maths homework",
        "when is half term",
        "is it the same for every family",
        "child",
        "",
        "?!",
    ],
)
def test_low_confidence_or_out_of_scope_returns_none(kb: KnowledgeBase, question: str) -> None:
    assert kb.answer(question) is None


def test_follow_ups_use_the_topic(kb: KnowledgeBase) -> None:
    gym = ask(kb, "do care leavers get a gym membership")
    sim = ask(kb, "and what about a sim?", topic=gym.topic)
    how = ask(kb, "how do i get it?", topic=sim.topic)

    assert (gym.item_id, sim.item_id, how.item_id) == (
        "gym-membership",
        "sim-card-wifi-calls",
        "sim-card-wifi-calls",
    )
    assert "How to get it: Ask your Personal Advisor." in how.text


def test_a_follow_up_about_who_qualifies_answers_about_the_previous_item(kb: KnowledgeBase) -> None:
    first = ask(kb, "what is staying close")
    follow_up = ask(kb, "who can get it?", topic=first.topic)

    assert follow_up.item_id == "staying-close-here-for-you"
    assert "leaving care from residential children's homes" in follow_up.text


def test_an_unknown_topic_is_ignored(kb: KnowledgeBase) -> None:
    assert kb.answer("how do i get it?", topic="item:deleted") is None
    assert kb.answer("how do i get it?", topic="garbage") is None


# -- wording, caveats and citations --------------------------------------------


def test_entitlements_state_exactly_who_qualifies(kb: KnowledgeBase) -> None:
    assert "friend" in ask(kb, "gym for care leavers").text
    assert "open to all care leavers" in ask(kb, "what is lifelong links").text
    assert "encourages" in ask(kb, "how long do i keep my personal advisor").text
    assert "aged five and over" in ask(kb, "can i get a peer mentor").text


def test_a_dated_item_carries_the_caveat(kb: KnowledgeBase) -> None:
    answer = ask(kb, "what is dinosaur school")

    assert answer.status == "dated"
    assert answer.text.endswith(DATED)


def test_a_sample_item_carries_the_caveat(kb: KnowledgeBase) -> None:
    answer = ask(kb, "can i get free childcare for my 2 year old")

    assert answer.item_id == "funded-early-education"
    assert answer.status == "sample"
    assert answer.text.endswith(SAMPLE)


def test_sample_contact_details_are_marked_and_caveated(kb: KnowledgeBase) -> None:
    answer = ask(kb, "what is the phone number for the family information service")

    assert (
        "Contact: Family Information Service, 01632 960 101, fis@example.org "
        "(sample, to be confirmed)" in (answer.text)
    )
    assert answer.status == "sample"
    assert SAMPLE in answer.text
    assert unflagged_details(answer.text) == []


def test_missing_contact_details_are_said_to_be_missing(kb: KnowledgeBase) -> None:
    answer = ask(kb, "whats the phone number for the front door")

    assert answer.item_id == "front-door-ciat"
    assert "We don't have a phone number or email for this" in answer.text


def test_source_is_a_readable_citation(kb: KnowledgeBase) -> None:
    assert (
        ask(kb, "gym membership").source
        == "Darlington Children's Services Self-Assessment 2023-24 (Health)"
    )


def test_related_items_are_real_and_at_most_three(kb: KnowledgeBase) -> None:
    answer = ask(kb, "what is building stronger families")

    assert 1 <= len(answer.related) <= 3
    assert all(
        kb.get(item_id) is not None and kb.get(item_id).name == title
        for title, item_id in answer.related
    )  # type: ignore[union-attr]
    assert answer.item_id not in [item_id for _, item_id in answer.related]


def test_only_programmes_are_bookable(kb: KnowledgeBase) -> None:
    assert ask(kb, "walk and talk group for parents").bookable is True
    assert ask(kb, "what is building stronger families").bookable is False


# -- safety --------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what is one point",
        "tell me about stronger families in durham",
        "what is the first contact service",
        "what is carole payne's number",
        "is 03000 268659 the number for childrens services",
        "who is warren",
        "what did amanda do",
        "what is the social workers mobile number",
        "who is olivia",
    ],
)
def test_durham_services_and_personal_data_are_never_returned(
    kb: KnowledgeBase, question: str
) -> None:
    answer = kb.answer(question)
    if answer is None:
        return
    text = answer.text.lower()
    assert find_denied(answer.text, kb.content.denylist) == []
    assert "durham" not in text
    assert "03000" not in text
    assert unflagged_details(answer.text) == []


def test_every_answer_is_clean_whatever_is_asked(kb: KnowledgeBase) -> None:
    """Compose every item with every aspect: nothing denylisted, no unflagged contact detail."""
    every_aspect = "who when where phone cost book how"
    for item in kb.items():
        answer = kb.answer(every_aspect, topic=f"item:{item.id}")
        assert answer is not None and answer.item_id == item.id
        assert find_denied(answer.text, kb.content.denylist) == [], item.id
        assert unflagged_details(answer.text) == [], item.id
        if item.status == "dated":
            assert "document and may have changed." in answer.text, item.id
        if item.status == "sample":
            assert answer.text.endswith(SAMPLE), item.id


def test_an_answer_that_would_contain_denied_text_is_dropped(
    nlp: SpacyLanguage, tmp_path: Path
) -> None:
    content, _ = load_content(VALID)
    unsafe = content.by_id()["bike-library"]
    bad = type(unsafe)(**{**unsafe.__dict__, "answer": "Ask Warren about bikes."})
    content = type(content)(
        **{**content.__dict__, "items": tuple(bad if i is unsafe else i for i in content.items)}
    )
    kb = KnowledgeBase(content, Analyzer(nlp, content.language))  # bypasses the check on purpose

    assert kb.answer("can i borrow a bike") is None


# -- content is data -------------------------------------------------------------


NEW_SERVICE = """
services:
  - id: family-bike-library
    name: Family Bike Library
    organisation: darlington-borough-council
    audience: [parent]
    status: sample
    last_reviewed: 2024-11-01
    source: council-supplied
    answer: This is a sample entry. Families can borrow bicycles and cycle helmets.
    keywords: [bike, bicycle, borrow a bike, cycling, helmet]
"""


def test_a_new_service_is_answerable_without_code_changes(
    nlp: SpacyLanguage, tmp_path: Path
) -> None:
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    before = KnowledgeBase.load(directory, nlp=nlp)
    (directory / "bikes.yml").write_text(NEW_SERVICE)
    after = KnowledgeBase.load(directory, nlp=nlp)

    assert before.answer("can i borrow a bike for my kids") is None
    answer = after.answer("can i borrow a bike for my kids")
    assert answer is not None
    assert answer.item_id == "family-bike-library"
    assert answer.text.endswith(SAMPLE)


def test_a_follow_up_that_says_it_stays_on_the_previous_item(kb: KnowledgeBase) -> None:
    front_door = ask(kb, "tell me about the front door")
    contact = ask(kb, "can parents contact it", topic=front_door.topic)
    gym = ask(kb, "gym membership")
    free = ask(kb, "is it free", topic=gym.topic)

    assert contact.item_id == "front-door-ciat"
    assert "We don't have a phone number or email for this" in contact.text
    assert free.item_id == "gym-membership"


def test_a_follow_up_can_still_change_the_subject(kb: KnowledgeBase) -> None:
    staying_close = ask(kb, "what is staying close")

    assert ask(kb, "and lifelong links?", topic=staying_close.topic).item_id == "lifelong-links"


def test_general_topics_do_not_get_opening_times_lines(kb: KnowledgeBase) -> None:
    answer = ask(kb, "when does the hold the baton thing happen")

    assert answer.item_id == "hold-the-baton"
    assert "days or times" not in answer.text


def test_declined_topics_come_from_the_language_file(nlp: SpacyLanguage) -> None:
    kb = KnowledgeBase.load(VALID, nlp=nlp)

    assert ask(kb, "can i borrow a bike").item_id == "bike-library"
    assert kb.answer("can i pay council tax at the bike library") is None


def test_a_declined_phrase_is_answered_by_its_listed_item_on_the_rest_of_the_question(
    kb: KnowledgeBase,
) -> None:
    # "adult social care" is declined (another council service) but listed for the
    # transition item: a disabled young person asking about their own transition is in scope.
    answer = ask(kb, "im disabled, when will they plan my adult social care")

    assert answer.item_id == "transition-to-adult-services"


@pytest.mark.parametrize(
    "question",
    [
        "adult social care for my dad",  # the rest ("dad") is not about the transition
        "tell me about adult social care",  # nothing but the declined phrase
        "adult social care assessment for my elderly nan",  # "elderly" has no exception
    ],
)
def test_a_declined_phrase_stays_declined_without_in_scope_evidence(
    kb: KnowledgeBase, question: str
) -> None:
    assert kb.answer(question) is None


def test_a_declined_question_does_not_follow_up_the_previous_topic(kb: KnowledgeBase) -> None:
    transition = ask(kb, "when does planning for adult services start")

    assert kb.answer("and adult social care for my dad?", topic=transition.topic) is None


# -- curated phrases -------------------------------------------------------------


def test_a_curated_phrase_in_the_question_picks_its_item(kb: KnowledgeBase) -> None:
    # "same social worker" is a keyword of the re-referral item; the other words
    # ("social", "worker", "involved") match the social work teams more often.
    answer = ask(kb, "if social services get involved again will we get the same social worker")

    assert answer.item_id == "same-worker-on-re-referral"


def test_phrase_boost_needs_a_phrase_of_three_words_or_more(kb: KnowledgeBase) -> None:
    index = {item.id: i for i, item in enumerate(kb.items())}
    candidates = [index["same-worker-on-re-referral"], index["assessment-and-safeguarding-teams"]]

    long_phrase = kb._query("will we get the same social worker")
    short_phrase = kb._query("social worker")

    assert kb._phrase_boost(long_phrase, candidates) == {index["same-worker-on-re-referral"]: 3.0}
    assert kb._phrase_boost(short_phrase, candidates) == {}


def test_a_phrase_does_not_lift_an_item_that_covers_clearly_less(kb: KnowledgeBase) -> None:
    # "my mental health" is a phrase of the adults' mental health item, but the perinatal
    # item matches the baby as well: the phrase must not win over the fuller match.
    answer = ask(kb, "baby due in 3 months and my mental health is bad")

    assert answer.item_id == "perinatal-mental-health"


def test_a_phrase_boost_never_makes_an_unsure_answer_confident(kb: KnowledgeBase) -> None:
    # The phrase only re-orders items that already matched: bins stay out of scope.
    assert kb.answer("what do other parents think of the bin collections") is None


def test_a_clock_time_in_the_small_hours_reads_as_night(kb: KnowledgeBase) -> None:
    assert ask(kb, "can a care leaver talk to anyone at 2am").item_id == "ask-jan"


def test_a_child_down_the_street_is_a_neighbours_child(kb: KnowledgeBase) -> None:
    assert ask(kb, "im worried about a little girl on our street").item_id == "front-door-ciat"


def test_poverty_is_a_money_worry(kb: KnowledgeBase) -> None:
    assert ask(kb, "care leavers in poverty").item_id == "care-leaver-housing-and-money"


# -- near-misses, audience and honest declines (answers-6) --------------------


def test_a_word_the_item_only_has_in_another_pair_is_not_evidence(kb: KnowledgeBase) -> None:
    # The gym item says "gym pass": a bus pass is not in the content, so a person is offered.
    assert kb.answer("do care leavers get a free bus pass") is None
    assert ask(kb, "can i get a free gym pass").item_id == "gym-membership"


def test_a_care_home_for_a_grandparent_is_declined(kb: KnowledgeBase) -> None:
    assert kb.answer("looking for a care home for my nan") is None
    assert kb.answer("nursing home for my dad") is None
    assert ask(kb, "are the council's children's homes any good").item_id == "childrens-homes"


def test_a_parent_asking_about_their_child_is_not_sent_to_care_leaver_services(
    kb: KnowledgeBase,
) -> None:
    answer = ask(kb, "my 12 year old is anxious all the time, where can she get mental health help")

    assert answer.item_id == "child-mental-health"
    assert "to be confirmed" in answer.text
    # A care leaver asking the same is still answered from their offer.
    care_leaver = ask(kb, "im a care leaver and im really low")
    assert care_leaver.item_id in {"ask-jan", "mental-health-nurse"}
    assert ask(kb, "can my daughter keep her PA after 21").item_id == "pa-until-25"


def test_a_childs_age_is_weak_evidence_of_the_topic_even_as_a_word_pair(kb: KnowledgeBase) -> None:
    # "2 year" is a phrase of the funded-childcare item, but in a question it is mostly an age.
    assert ask(kb, "my 2 year old wont sleep").item_id == "health-visitors"
    assert ask(kb, "can my 2 year old get free hours").item_id == "funded-early-education"


def test_the_asker_is_a_parent_only_with_my_child_and_no_care_words(kb: KnowledgeBase) -> None:
    assert kb._query("my 12 year old is anxious").own_child
    assert kb._query("my son wont go to school").own_child
    assert not kb._query("my son is in foster care").own_child
    assert not kb._query("is there help for anxious children").own_child


@pytest.mark.parametrize(
    ("confidence", "evidence", "enough"),
    [
        (kb_module.MIN_CONFIDENCE, kb_module.MIN_EVIDENCE, True),
        (kb_module.MIN_CONFIDENCE, kb_module.MIN_EVIDENCE - 0.01, False),
        (kb_module.RICH_CONFIDENCE, kb_module.RICH_EVIDENCE, True),
        (kb_module.RICH_CONFIDENCE - 0.01, 50.0, False),
        (0.45, kb_module.RICH_EVIDENCE - 0.01, False),
    ],
)
def test_a_third_of_a_question_is_enough_only_when_what_was_found_weighs_a_lot(
    confidence: float, evidence: float, enough: bool
) -> None:
    assert kb_module._enough(confidence, evidence) is enough


def test_a_long_message_matched_on_its_strongest_words_is_answered_tentatively(
    kb: KnowledgeBase,
) -> None:
    question = (
        "ive had my grandkids full time since my daughter couldnt cope. "
        "is there any support for nans like me"
    )
    answer = ask(kb, question)
    assert answer.item_id == "fostering-and-kinship-care"
    assert answer.confidence < kb_module.MIN_CONFIDENCE
    assert answer.text.startswith(kb.content.language.messages.tentative)
    # A confident answer has no such lead.
    sure = ask(kb, "can i keep my personal advisor until im 25")
    assert not sure.text.startswith(kb.content.language.messages.tentative)


def test_a_long_message_with_little_evidence_is_still_refused(kb: KnowledgeBase) -> None:
    assert kb.answer("give us a recipe for lasagne") is None
    assert kb.answer("how do i pay my council tax bill online") is None


def test_a_strict_bar_takes_only_half_the_question() -> None:
    """A declined phrase ("adult social care") is another service's: no long-message bar."""
    assert not kb_module._enough(kb_module.RICH_CONFIDENCE, 50.0, strict=True)
    assert kb_module._enough(kb_module.MIN_CONFIDENCE, kb_module.MIN_EVIDENCE, strict=True)
