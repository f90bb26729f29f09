"""The rule table: every rule is well formed, explained, and compiled as messages are folded."""

from __future__ import annotations

import re

import pytest

from bot.safety.categories import CATEGORIES
from bot.safety.detector import matching_rules, prepare
from bot.safety.rules import (
    COMPILED_IDIOMS,
    COMPILED_RULES,
    CONTEXT_CATEGORIES,
    IDIOMS,
    RULE_IDS,
    RULES,
    _expand_macros,
    alt,
    compile_pattern,
)

_ID = re.compile(r"^[a-z]+\.[a-z_]+$")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_is_explained_categorised_and_anchored(rule) -> None:  # type: ignore[no-untyped-def]
    assert _ID.match(rule.id)
    assert rule.categories
    assert set(rule.categories) <= set(CATEGORIES)
    assert len(rule.why) > 20
    assert rule.anchors


def test_rule_ids_are_unique() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def test_rule_ids_include_the_engine_and_context_ids() -> None:
    assert {"engine.error", "danger.urgent_context"} <= RULE_IDS
    assert {context[0] for context in CONTEXT_CATEGORIES} <= RULE_IDS


def test_every_rule_compiles() -> None:
    assert len(COMPILED_RULES) == len(RULES)
    assert len(COMPILED_IDIOMS) == len(IDIOMS)


def test_compiled_patterns_never_need_a_doubled_letter() -> None:
    # Folded text has no doubled letters, so a pattern needing one could never match.
    doubled = re.compile(r"(?<!\\)([a-z])\1")
    for compiled in COMPILED_RULES:
        source = compiled.regex.pattern
        assert not doubled.search(source.replace("\\\\", "")), compiled.rule.id


def test_macros_expand_completely() -> None:
    for rule in RULES:
        assert "{" + "ACTOR" not in _expand_macros(rule.pattern)
        assert not re.search(r"\{[A-Z_]+\}", _expand_macros(rule.pattern)), rule.id


def test_a_macro_with_alternatives_cannot_split_the_rule_around_it() -> None:
    # ADULT_VICTIM has a top-level "|": unbracketed, "x {ADULT_VICTIM}" matched "my mum" alone.
    pattern = compile_pattern("zz {ADULT_VICTIM}")
    assert pattern.search("my mum") is None
    assert pattern.search("z my mum") is not None


def test_alt_matches_exactly_its_words_including_dropped_g() -> None:
    pattern = re.compile("^" + alt(["step dad", "stepdad", "dad", "hitting"]) + "$")
    assert [
        w
        for w in ["step dad", "stepdad", "dad", "hiting", "hitin", "da", "hit"]
        if pattern.match(w)
    ] == [
        "step dad",
        "stepdad",
        "dad",
        "hiting",
        "hitin",
    ]


def test_idioms_remove_only_the_harmless_reading() -> None:
    ((idiom_id, killing),) = [(i, p) for i, p in COMPILED_IDIOMS if i == "idiom.killing_me_things"]
    assert idiom_id == "idiom.killing_me_things"
    assert killing.search("this queue is kiling me")
    assert killing.search("he is kiling me") is None


# safety-3: general shapes for neglect and online harm, and narrower exclusions. Each
# risk shape fires its rule; each look-alike does not fire it.
NEW_RULE_EXAMPLES = [
    ("nobody will take me to the doctors about my ear", "neglect.untreated"),
    ("mum wont take my sister to the dentist even though shes in pain", "neglect.untreated"),
    ("we get left on our own every weekend", "neglect.left_alone_passive"),
    ("me and my brother sleep on the floor cos there are no beds", "neglect.no_beds_hunger"),
    ("i go to school hungry most days", "neglect.no_beds_hunger"),
    ("nobody cares if i come home or not", "neglect.nobody_cares"),
    ("some bloke on fortnite asked my lad what school he goes to", "online.adult_contact"),
    ("they made a group chat just to take the mick out of me", "bullying.group_chat"),
    ("my ex threw lighter fluid through the letterbox last night", "danger.arson"),
    ("shes threatening to torch the flat with me in it", "danger.arson"),
    ("my carer ripped a chunk of my hair out", "physical.hair_pulled"),
    ("there are clumps of hair missing from my little brother's head", "physical.hair_pulled"),
    ("i said i tripped at school but it was actually my stepmum", "physical.cover_story"),
    ("mum tells us to say we fell if anyone asks about the bruises", "physical.cover_story"),
    ("the karate instructor keeps kissing my daughter on the neck", "sexual.trusted_adult_kiss"),
    ("the lodger strokes my leg when mum is at work", "sexual.trusted_adult_kiss"),
    ("a three year old from our street was out wandering at 11pm", "neglect.young_out_late"),
    ("my dad refuses to speak to me for weeks as a punishment", "emotional.silent_treatment"),
]
NEW_RULE_LOOK_ALIKES = [
    ("mum will take me to the dentist on friday", "neglect.untreated"),
    (
        "im 17 and get left on my own every weekend while mum works, its fine",
        "neglect.left_alone_passive",
    ),
    ("we slept on the floor at my mates sleepover", "neglect.no_beds_hunger"),
    ("nobody cares about my opinion at work", "neglect.nobody_cares"),
    ("my son plays roblox with a lad from school", "online.adult_contact"),
    ("the school mums group chat is all about the bake sale", "bullying.group_chat"),
    ("my son has been cutting his own fringe with scissors", "selfharm.acts"),
    ("does the council do training on self harm awareness for schools", "selfharm.acts"),
    ("my daughter cut herself shaving her legs", "selfharm.other_person"),
    ("he is trying to get into the football team", "danger.present_threat"),
    ("i can not carry on paying this much for childcare", "suicide.hopeless"),
    ("we lit the bonfire with a splash of petrol", "danger.arson"),
    ("the price of petrol is killing me", "danger.arson"),
    ("my daughter screams when i brush the knots out of her hair", "physical.hair_pulled"),
    ("my toddler pulls my hair when he is tired", "physical.hair_pulled"),
    ("i told mum i fell off my scooter but really i was showing off lol", "physical.cover_story"),
    ("my husband kissed me on our anniversary", "sexual.trusted_adult_kiss"),
    ("my stepdad kisses me goodnight every night", "sexual.trusted_adult_kiss"),
    ("my 15 year old was out till 11pm at a party", "neglect.young_out_late"),
    (
        "the little ones stayed up till midnight for the fireworks on new year",
        "neglect.young_out_late",
    ),
    ("my teenager ignores me for days when i take her phone", "emotional.silent_treatment"),
    ("my sister gave me the silent treatment for a week lol", "emotional.silent_treatment"),
    ("our kittens have gone missing from the shed", "missing.gone_missing"),
    ("the guinea pigs ran off when we cleaned the hutch", "missing.ran_away"),
    ("my lad ran off with my earphones again", "missing.ran_away"),
    ("my daughter has not come home yet, panic over she just walked in", "missing.not_come_home"),
]
# safety-5: a means of self-harm in hand with readiness now; a noose only as a noose
# ("noose" folds to "nose"); narrower exclusions for kitchen cuts and nosebleeds, board
# games, pets, growing children, the writer's own health, a teenager asking for peace, and
# "rather die than" over something trivial.
NEW_RULE_EXAMPLES += [
    ("got my meds out on the bed and im doing it tonight", "selfharm.method_ready"),
    ("the razor is in my hand and im ready now", "selfharm.method_ready"),
    ("i am ready to end it with the tablets i saved", "selfharm.method_ready"),
    ("im on the roof of the car park and im ready", "suicide.methods"),
    ("ive tied a noose to the banister", "suicide.methods"),
    ("there is a noose hanging in the garage", "suicide.methods"),
]
NEW_RULE_LOOK_ALIKES += [
    ("got the razor ready for his first shave, doing it tonight", "selfharm.method_ready"),
    (
        "bought new scissors and im going to do it tonight, her fringe is a mess",
        "selfharm.method_ready",
    ),
    ("i have my tablets and im ready for bed", "selfharm.method_ready"),
    ("we parked on the roof of the multi storey and walked to the shops", "suicide.methods"),
    ("he got hit on the nose at cricket", "suicide.methods"),
    ("i have a nose piercing and mum hates it", "suicide.not_around"),
    ("she had a nosebleed at school, blood everywhere", "danger.medical"),
    ("i nicked my finger peeling potatoes and it bled everywhere", "danger.medical"),
    ("mum beats me at every board game", "physical.actor_harms_person"),
    ("my sons hamster escaped and hes been missing since tuesday", "missing.gone_missing"),
    ("the kids are hungry all the time, theyre growing so fast", "neglect.deprivation"),
    ("ive neglected my own health since the baby came", "neglect.words"),
    (
        "my son keeps telling me im embarrassing and to leave him alone when his mates are round",
        "neglect.left_alone",
    ),
    ("she says shed rather die than wear her school shoes lol", "suicide.not_around"),
]
# safety-5, second step: a plan with a date, driving into something on purpose, cutting
# deeper; things taken or trips every day; jobs or a home given over for a gift.
NEW_RULE_EXAMPLES += [
    ("my daughter told me she has a plan and a date", "suicide.plan"),
    ("im thinking of driving the car into a tree on the way home", "suicide.plan"),
    ("i have cut deeper than ever before tonight", "suicide.plan"),
    ("the year 10s make him hand over his dinner money", "bullying.taken_from"),
    ("they take my bus pass off me every morning", "bullying.taken_from"),
    ("i keep getting shoved into lockers in the corridor every day", "bullying.taken_from"),
    ("he bought my son a phone and now he has to do runs for him", "exploitation.gift_then_jobs"),
    (
        "she lent me money for the rent and now tells me to let her mates stay at mine",
        "exploitation.gift_then_jobs",
    ),
]
NEW_RULE_LOOK_ALIKES += [
    ("we have a plan and a date for moving house", "suicide.plan"),
    ("my son nearly drove into a wall on his driving lesson", "suicide.plan"),
    ("i cut the hedge deeper than usual this year", "suicide.plan"),
    ("my little brother makes me give him my sweets", "bullying.taken_from"),
    ("i got pushed over in the playground at football", "bullying.taken_from"),
    ("my son has to do jobs for his nan to earn his pocket money", "exploitation.gift_then_jobs"),
    ("my son wants me to let his mates stay over for his birthday", "exploitation.gift_then_jobs"),
]
# safety-6: classes of phrasing no rule listed (written for the rules, not from a check set).
NEW_RULE_EXAMPLES += [
    ("this is it now, sorry for everything, love you all", "suicide.farewell"),
    ("goodbye everyone. tonight is the night", "suicide.farewell"),
    ("how many of my tablets would it take to die", "suicide.method_question"),
    ("how far would i have to fall to not survive", "suicide.method_question"),
    (
        "a lad said hed give me 300 quid to use my bank account for a week",
        "exploitation.account_use",
    ),
    (
        "i cant find my daughter anywhere, she was in the front garden a minute ago",
        "missing.cant_find_child",
    ),
    ("his dad still hasnt brought him back from the weekend visit", "missing.not_returned"),
    (
        "i have to look after my little sisters all night when mum goes out drinking, im 11",
        "neglect.child_minding_at_night",
    ),
    ("they filmed me getting changed and put it on tiktok", "bullying.filmed_posted"),
    (
        "someone screenshotted my messages and sent them round the whole year",
        "bullying.filmed_posted",
    ),
    ("a girl in my class is spreading lies about me", "bullying.rumours"),
    ("they made a page about my son to laugh at him", "bullying.page_about"),
    ("there is a fake account pretending to be me", "bullying.page_about"),
    ("the older kids spat on me at the bus stop again", "bullying.spat_on"),
    ("i keep getting spat at on the way home", "bullying.spat_on"),
]
NEW_RULE_LOOK_ALIKES += [
    (
        "im done with work for the day, sorry for everything going late, love you all",
        "suicide.farewell",
    ),
    ("how much chocolate would kill a dog", "suicide.method_question"),
    ("can i use my partners bank account for the child benefit", "exploitation.account_use"),
    ("i cant find my son a school shoe in his size", "missing.cant_find_child"),
    ("he has not given him back his charger", "missing.not_returned"),
    (
        "i look after my little brother on saturday mornings while mum works, she pays me",
        "neglect.child_minding_at_night",
    ),
    ("i filmed my son's first steps and posted it for his nan", "bullying.filmed_posted"),
    ("can you help us spread the word about the toddler group", "bullying.rumours"),
    ("we set up a page for the under 10s team", "bullying.page_about"),
    ("the baby spat on me again after her milk", "bullying.spat_on"),
    ("his pe kit has gone missing again from the changing room", "missing.gone_missing"),
    ("my son wants to run away and join the circus when hes older", "missing.ran_away"),
    ("my 2 year old locked me out of the house while i put the bins out", "neglect.thrown_out"),
    ("my nan smacks her lips at the table and it drives me mad", "physical.harm_near_person"),
]
NEW_RULE_LOOK_ALIKES += [
    ("my sister will literally murder me for borrowing her top", "physical.kill_threat"),
    ("my boss is going to kill me, i have to leave early again", "physical.kill_threat"),
    ("the twins are always threatening to kill each other lol", "domestic.threats"),
    ("my daughter told me she hates me because i took her phone off her", "emotional.put_downs"),
    ("our dog has not come home since last night", "missing.not_home_duration"),
    ("my gran beats everyone at scrabble", "physical.harm_near_person"),
]
STILL_FIRES = [
    ("my daughter has gone missing and so has the dog", "missing.gone_missing"),
    ("she has run off with my phone and an older man", "missing.ran_away"),
    ("my son never came home and turned up at 4am covered in blood", "missing.not_come_home"),
    ("i would rather die than go back home to him", "suicide.not_around"),
    ("my dad beats me at home every night", "physical.actor_harms_person"),
    ("i cut myself with a razor and its bleeding everywhere", "danger.medical"),
    ("my parents neglected me", "neglect.words"),
    ("mum leaves him alone all weekend", "neglect.left_alone"),
    ("the kids are always hungry and theres no food in the house", "neglect.deprivation"),
    ("my sons hamster escaped and my son has gone missing too", "missing.gone_missing"),
    ("he will kill me if i tell anyone about the car", "physical.kill_threat"),
    ("my teacher said he will kill me if i tell", "physical.kill_threat"),
    ("my parents keep threatening to kill each other", "domestic.threats"),
    ("my son told me his stepdad says he is worthless", "emotional.put_downs"),
    ("mum says she hates me and wishes i was never born", "emotional.put_downs"),
    ("my dad beats me at home", "physical.actor_harms_person"),
]

# safety-5 idioms: game deaths, toy guns, hurt feelings and "kill me with their noise" are
# removed; the same verbs with a weapon, a body or a threat are not.
IDIOM_LOOK_ALIKES = [
    "my son keeps killing me on fortnite",
    "she keeps dying on the last boss and crying",
    "the twins are trying to kill me with their screaming",
    "we played laser tag at the party and my son shot everyone",
    "his feelings were hurt when he wasnt picked for the team",
    "the pe teacher is trying to kill them with the bleep test",
    "she is starving herself of sleep with all this revision",
]
IDIOM_STILL_FIRES = [
    ("he is trying to kill me with a knife", "physical.kill_threat"),
    ("he said he would kill me in my sleep", "physical.kill_threat"),
    ("he hurt my feelings and then hit me", "physical.actor_harms_person"),
    ("he is trying to kill her with a hammer", "physical.kill_threat"),
    ("she is starving herself and will not eat", "selfharm.other_person"),
]


@pytest.mark.parametrize("text", IDIOM_LOOK_ALIKES)
def test_game_and_hyperbole_idioms_leave_no_rule_to_fire(text: str) -> None:
    # Removed before both layers, so the learned layer does not see the harm word either.
    harm_words = {"kil", "kiling", "dying", "shot", "hurt", "starving"}
    assert harm_words.isdisjoint(prepare(text)[1])
    assert matching_rules(text) == []


@pytest.mark.parametrize(("text", "rule_id"), IDIOM_STILL_FIRES)
def test_game_and_hyperbole_idioms_do_not_hide_a_threat(text: str, rule_id: str) -> None:
    assert rule_id in {rule.rule.id for rule in matching_rules(text)}


@pytest.mark.parametrize(("text", "rule_id"), STILL_FIRES)
def test_a_narrow_exclusion_does_not_hide_the_disclosure_next_to_it(
    text: str, rule_id: str
) -> None:
    assert rule_id in {rule.rule.id for rule in matching_rules(text)}


@pytest.mark.parametrize(("text", "rule_id"), NEW_RULE_EXAMPLES)
def test_new_rule_fires_on_its_shape(text: str, rule_id: str) -> None:
    assert rule_id in {rule.rule.id for rule in matching_rules(text)}


@pytest.mark.parametrize(("text", "rule_id"), NEW_RULE_LOOK_ALIKES)
def test_rule_does_not_fire_on_look_alike(text: str, rule_id: str) -> None:
    assert rule_id not in {rule.rule.id for rule in matching_rules(text)}
