"""bot.rasa_server's compiled action-response check behaves exactly like Rasa's own.

Runs in the Rasa environment (Python 3.10), where Rasa is installed.
"""

from __future__ import annotations

import os

from tests.rasa_env import printed_json, run_in_rasa

CHECK = """
import json
from rasa.core.actions.action import RemoteAction
from bot.rasa_server import compile_action_response_check

responses = [
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
]
action = RemoteAction("action_x", None)

def outcomes():
    found = []
    for response in responses:
        try:
            found.append(["ok", action._validate_action_result(response)])
        except Exception as error:
            found.append([type(error).__name__, error.message])
    return found

rasa_own = outcomes()
compile_action_response_check()
print(json.dumps({"rasa": rasa_own, "compiled": outcomes()}))
"""


def test_the_compiled_check_accepts_and_rejects_what_rasa_does() -> None:
    result = printed_json(run_in_rasa(CHECK))
    assert result["compiled"] == result["rasa"]
    assert [kind for kind, _ in result["compiled"]] == [
        "ok",
        "ok",
        "ValidationError",
        "ValidationError",
    ]
    assert "Failed to validate Action server response" in result["compiled"][2][1]


PAYLOADS = """
import asyncio, json, logging
logging.disable(logging.CRITICAL)
from rasa.core.agent import load_agent
from rasa.core.channels.channel import UserMessage
from bot.rasa_server import skip_nlu_for_payloads

TEXTS = [
    "/affirm", "/deny", "/request_human", "/ask_question",
    '/book_session{"session_choice":"s-123"}',
    '/change_booking{"booking_choice":"b-9"}',
    '/book_session{"bad json',
    "/not_an_intent", "/affirm and more words", "where do I book? /affirm",
]

async def parses(processor):
    found = []
    for text in TEXTS:
        found.append(await processor.parse_message(UserMessage(text)))
    return found

async def main():
    agent = await load_agent(model_path="models/baton.tar.gz")
    graph = await parses(agent.processor)
    calls = []
    graph_run = agent.processor.graph_runner.run
    def counting(*args, **kwargs):
        calls.append(1)
        return graph_run(*args, **kwargs)
    agent.processor.graph_runner.run = counting
    skip_nlu_for_payloads()
    patched = await parses(agent.processor)
    print(json.dumps({"graph": graph, "patched": patched, "graph_runs": len(calls)}))

asyncio.run(main())
"""


def test_payloads_skip_nlu_and_parse_exactly_as_rasa_does() -> None:
    result = printed_json(run_in_rasa(PAYLOADS, env={**os.environ, "LOG_LEVEL": "ERROR"}))
    assert result["patched"] == result["graph"]
    assert result["patched"][4]["entities"][0]["value"] == "s-123"
    # Only the three messages that are not a known intent's payload reach the NLU graph.
    assert result["graph_runs"] == 3


EVENT_TYPES = """
import json
import rasa.shared.utils.common as common
from rasa.shared.core.events import Event, UserUttered
from bot.rasa_server import cache_event_types

names = sorted({cls.type_name for cls in common.all_subclasses(Event)})

def lookups():
    found = {name: Event.resolve_by_type(name).__name__ for name in names}
    found["default"] = Event.resolve_by_type("no_such_event", UserUttered).__name__
    found["topic"] = repr(Event.resolve_by_type("topic"))
    try:
        Event.resolve_by_type("no_such_event")
        found["unknown"] = "no error"
    except ValueError as error:
        found["unknown"] = str(error)
    return found

rasa_own = lookups()
cache_event_types()
print(json.dumps({"rasa": rasa_own, "cached": lookups(), "again": lookups()}))
"""


def test_cached_event_types_resolve_exactly_as_rasa_does() -> None:
    result = printed_json(run_in_rasa(EVENT_TYPES))
    assert result["cached"] == result["rasa"] == result["again"]
    assert result["rasa"]["user"] == "UserUttered"
    assert result["rasa"]["default"] == "UserUttered"
    assert result["rasa"]["topic"] == "None"
    assert "Unknown event name" in result["rasa"]["unknown"]


MEMORY_TRIMS = """
import asyncio, json, logging, sys
logging.disable(logging.CRITICAL)
import bot.rasa_server as rasa_server

TRIMMED = sys.argv[1] == "trimmed"
if TRIMMED:
    rasa_server.keep_out_jax()
    rasa_server.load_spacy_once()
    rasa_server.build_models_eagerly()
import spacy
loads = []
spacy_load = spacy.load
def counting_load(*args, **kwargs):
    loads.append(args[0])
    return spacy_load(*args, **kwargs)
spacy.load = counting_load
from rasa.core.agent import load_agent

TEXTS = [
    "hello", "hi there", "thanks, bye", "yes please", "no thanks",
    "how do I apply for a school place?", "my son has autism, what help is there?",
    "can I talk to a person", "I want to book a parenting course", "cancel my booking",
    "wat time r u open", "asdf qwerty", "", "I'm worried about my neighbour's kids",
    "what is the weather tomorrow", "help with childcare costs please",
]

async def main():
    agent = await load_agent(model_path="models/baton.tar.gz")
    parses = [await agent.parse_message(text) for text in TEXTS]
    nodes = agent.processor.graph_runner._instantiated_nodes
    diet = next(n._component for n in nodes.values() if hasattr(n._component, "model")
                and type(n._component).__name__ == "DIETClassifier")
    print(json.dumps({
        "parses": parses,
        "jax": sys.modules.get("jax") is not None,
        "spacy_loads": len(loads),
        "traced_training": diet.model.train_function is not None,
        "runs_eagerly": bool(diet.model.run_eagerly),
    }))

asyncio.run(main())
"""


def test_the_memory_trims_load_the_same_model_with_less() -> None:
    """No JAX, one spaCy model, DIET built eagerly: every parse exactly as Rasa's own."""
    env = {**os.environ, "LOG_LEVEL": "ERROR", "TF_CPP_MIN_LOG_LEVEL": "2"}
    rasa_own = printed_json(run_in_rasa(MEMORY_TRIMS, "rasa", env=env))
    trimmed = printed_json(run_in_rasa(MEMORY_TRIMS, "trimmed", env=env))
    assert trimmed["parses"] == rasa_own["parses"]
    assert {p["intent"]["name"] for p in rasa_own["parses"]} > {"greet"}
    assert (rasa_own["jax"], trimmed["jax"]) == (True, False)
    assert (rasa_own["spacy_loads"], trimmed["spacy_loads"]) == (2, 1)
    assert (rasa_own["traced_training"], trimmed["traced_training"]) == (True, False)
    # Prediction is still traced (a tf.function), not run op by op.
    assert not trimmed["runs_eagerly"]
