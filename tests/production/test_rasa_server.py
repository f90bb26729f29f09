"""bot.rasa_server's changes to Rasa behave exactly like Rasa's own, except where meant to.

Runs in the Rasa environment (Python 3.10), where Rasa is installed.
"""

from __future__ import annotations

import os
from typing import Any

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


STANDIN_ACTION_SERVER = """
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

async def start_standin(webhook):
    \"\"\"A loopback action server answering every action with ``webhook``.\"\"\"
    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, EndpointConfig(f"http://127.0.0.1:{runner.addresses[0][1]}/webhook")
"""


FAILED_ACTIONS = """
import asyncio, json, logging, socket
logging.disable(logging.CRITICAL)
from aiohttp import web
from rasa.core.agent import load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.utils.endpoints import EndpointConfig
from bot.rasa_server import end_the_turn_after_a_failed_action

# Bound but not listening: every connection is refused, as by a dead action server.
closed = socket.socket()
closed.bind(("127.0.0.1", 0))
DOWN = EndpointConfig(f"http://127.0.0.1:{closed.getsockname()[1]}/webhook")

# name: (message, the stand-in action server's status for each action, or None: DOWN).
# 500 is rasa-sdk's answer when an action raises, 400 when it rejects; others succeed.
TURNS = {
    "down": ("/request_human", None),
    "routing_raises": ("/request_human", {"action_route_request_human": 500}),
    "form_rejects": ("/request_human", {"validate_handoff_form": 400}),
    "all_succeed": ("/request_human", {}),
    "greeting": ("/greet", None),
}
statuses = {}

async def webhook(request):
    name = (await request.json())["next_action"]
    status = statuses.get(name, 200)
    if status == 400:
        return web.json_response({"action_name": name, "error": "rejected"}, status=400)
    if status == 500:
        return web.Response(status=500)
    return web.json_response({"events": [], "responses": []})

async def turns(agent, standin, run):
    found = {}
    for name, (text, answers) in TURNS.items():
        statuses.clear()
        statuses.update(answers or {})
        agent.processor.action_endpoint = DOWN if answers is None else standin
        sender = f"{run}-{name}"
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender, message_id=name))
        events = [e.as_dict() for e in (await agent.tracker_store.retrieve(sender)).events]
        user = max(i for i, e in enumerate(events) if e["event"] == "user")
        for event in events:
            event.pop("timestamp", None)
        found[name] = {"texts": [m.get("text") for m in output.messages], "events": events[user:]}
    return found

async def main():
    runner, standin = await start_standin(webhook)
    agent = await load_agent(model_path="models/baton.tar.gz")
    rasa_own = await turns(agent, standin, "rasa")
    end_the_turn_after_a_failed_action()
    patched = await turns(agent, standin, "patched")
    await runner.cleanup()
    print(json.dumps({"rasa": rasa_own, "patched": patched}))

asyncio.run(main())
"""

ROUTING = ("action", "action_route_request_human")


def _after_routing(turn: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The events after the routing action, as (event type, action name)."""
    found = [(event["event"], event.get("name")) for event in turn["events"]]
    return found[found.index(ROUTING) + 1 :]


def test_a_failed_action_ends_the_turn_where_rasa_would_carry_on() -> None:
    """A request for a person whose routing action fails gets no reply (which the gateway
    answers, docs/safety/failures.md) instead of the handoff form going on without it."""
    env = {**os.environ, "LOG_LEVEL": "ERROR"}
    result = printed_json(run_in_rasa(STANDIN_ACTION_SERVER + FAILED_ACTIONS, env=env))
    rasa_own, patched = result["rasa"], result["patched"]

    # Rasa on its own carries on after the failed routing: with the action server down
    # it runs the form and the request action too; with only the routing action raising,
    # the form asks its first question, a reply the gateway cannot tell from a right one.
    assert ("action", "handoff_form") in _after_routing(rasa_own["down"])
    assert ("action", "handoff_form") in _after_routing(rasa_own["routing_raises"])
    assert rasa_own["routing_raises"]["texts"] == rasa_own["all_succeed"]["texts"] != []

    for failed in ("down", "routing_raises"):
        assert patched[failed]["texts"] == []
        assert _after_routing(patched[failed]) == [("action", "action_listen")]

    # A form's rejection, successful actions and a response-only turn are Rasa's own.
    for unchanged in ("form_rejects", "all_succeed", "greeting"):
        assert patched[unchanged] == rasa_own[unchanged]
    assert "action_execution_rejected" in {e["event"] for e in patched["form_rejects"]["events"]}
    assert patched["greeting"]["texts"] != []


GRAPH_IN_ORDER = """
import asyncio, json, logging
logging.disable(logging.CRITICAL)
from aiohttp import web
from rasa.core.agent import load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from bot.rasa_server import run_the_graph_in_order

MESSAGES = [
    "hello", "what help is there for dads", "/request_human", "no thanks",
    "I want to book a parenting course", "tuesday", "stop", "cancel my booking",
    "wat time r u open", "asdf qwerty", "thanks bye",
]

async def webhook(request):
    return web.json_response({"events": [], "responses": []})

async def conversation(agent, sender):
    for number, text in enumerate(MESSAGES):
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender, message_id=str(number)))
    events = [e.as_dict() for e in (await agent.tracker_store.retrieve(sender)).events]
    for event in events:
        event.pop("timestamp", None)
    return events

async def main():
    runner, standin = await start_standin(webhook)
    agent = await load_agent(model_path="models/baton.tar.gz")
    agent.processor.action_endpoint = standin
    graph = type(agent.processor.graph_runner)
    rasa_own = {"runner": graph.run.__module__, "events": await conversation(agent, "a")}
    run_the_graph_in_order()
    patched = {"runner": graph.run.__module__, "events": await conversation(agent, "b")}
    await runner.cleanup()
    print(json.dumps({"rasa": rasa_own, "patched": patched}))

asyncio.run(main())
"""


def test_the_graph_run_in_order_parses_and_predicts_exactly_as_dask() -> None:
    """A whole conversation (parses, rules, a form) gives the same events either way."""
    env = {**os.environ, "LOG_LEVEL": "ERROR", "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = printed_json(run_in_rasa(STANDIN_ACTION_SERVER + GRAPH_IN_ORDER, env=env))
    assert result["rasa"]["runner"] == "rasa.engine.runner.dask"
    assert result["patched"]["runner"] == "bot.rasa_server"
    assert result["patched"]["events"] == result["rasa"]["events"]
    kinds = {event["event"] for event in result["rasa"]["events"]}
    assert {"user", "action", "bot"} <= kinds
    users = [e for e in result["rasa"]["events"] if e["event"] == "user"]
    assert len(users) == 11
    assert len({e["parse_data"]["intent"]["name"] for e in users}) >= 5
