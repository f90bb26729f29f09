"""The strict tracker store stores and reads back exactly what Rasa's own SQL store would.

``StrictSQLTrackerStore._retrieve`` reads only the events' ``data`` column, and keeps
each conversation's latest session between messages. These tests compare it with
Rasa's ``SQLTrackerStore`` message by message, on SQLite and PostgreSQL, including
the cases where the kept session must not be used: rows erased in the database, another
Rasa instance writing the conversation, a turn that failed before its save. Runs in the
Rasa environment (Python 3.10).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.db import make_engine
from tests.conftest import POSTGRES_ADMIN_URL, require_server
from tests.rasa_env import printed_json, run_in_rasa

COMPARE = """
import asyncio, json, logging, sys
logging.disable(logging.CRITICAL)
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker
from bot.rasa_ext.tracker_store import StrictSQLTrackerStore

db = sys.argv[1]
domain = Domain.load("domain")
strict = StrictSQLTrackerStore(domain, dialect="sqlite", db=db, startup_timeout=5)
stock = SQLTrackerStore(domain, dialect="sqlite", db=db)

BUTTONS = {"buttons": [{"title": "Talk to a person", "payload": "/request_human"}]}

def session(n):
    events = [ActionExecuted("action_session_start"), SessionStarted()]
    events.append(ActionExecuted("action_listen"))
    for i in range(n):
        events += [
            UserUttered(f"question {i}", {"name": "ask_question", "confidence": 0.9}, []),
            ActionExecuted("action_answer_question"),
            BotUttered(f"answer {i}", BUTTONS),
            ActiveLoop(None),
            ActionExecuted("action_listen"),
        ]
    return events

def state(tracker):
    return None if tracker is None else [event.as_dict() for event in tracker.events]

async def main():
    tracker = DialogueStateTracker.from_events("family-1", session(3), domain.slots)
    await strict.save(tracker)
    tracker = await strict.retrieve("family-1")  # as Rasa does: read, add, save
    for event in session(2):
        tracker.update(event)
    await strict.save(tracker)
    found = {}
    for name, store in (("strict", strict), ("stock", stock)):
        found[name] = {
            "latest": state(await store.retrieve("family-1")),
            "full": state(await store.retrieve_full_tracker("family-1")),
            "missing": state(await store.retrieve("nobody")),
        }
    print(json.dumps(found))

asyncio.run(main())
"""


def test_the_strict_store_reads_back_what_rasa_does(tmp_path: Path) -> None:
    found = printed_json(run_in_rasa(COMPARE, str(tmp_path / "trackers.db")))
    assert found["strict"] == found["stock"]
    strict = found["strict"]
    assert strict["missing"] is None
    # The latest session starts at its session_started event: 2 + 2 x 5 events of it;
    # the full tracker holds both sessions (3 + 3 x 5, then 3 + 2 x 5).
    assert len(strict["latest"]) == 12
    assert strict["latest"][0]["event"] == "session_started"
    assert strict["latest"][2]["text"] == "question 0"
    assert len(strict["full"]) == 18 + 13


# The cache of each conversation's latest session (module docstring of the store). One
# script plays every case in one Rasa process, as a Rasa server would, on two fresh
# databases: the strict store writes to the first; Rasa's own store, as the reference,
# to the second (or reads the first, where said).
CACHE = r"""
import asyncio, copy, json, logging, sys
logging.disable(logging.CRITICAL)
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from bot.rasa_ext.tracker_store import CACHE_IDLE_SECONDS, StrictSQLTrackerStore

url_a, url_b = sys.argv[1], sys.argv[2]
domain = Domain.load("domain")
T0 = 1_760_000_000.0


class Broker:
    # What Rasa publishes to an event broker (a broker makes save read the tracker first).
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


def store(cls, url, **kwargs):
    if url.startswith("sqlite:///"):
        location = {"dialect": "sqlite", "db": url.removeprefix("sqlite:///")}
    else:
        location = {"dialect": "postgresql", "host": url}
    if cls is StrictSQLTrackerStore:
        kwargs["startup_timeout"] = 5
    return cls(domain, **location, **kwargs)


def new_session(t):
    # In the order Rasa logs them: action_session_start is stamped after the events it ran.
    return [
        {"event": "action", "name": "action_session_start", "timestamp": t + 0.3},
        {"event": "session_started", "timestamp": t},
        {"event": "slot", "name": "topic", "value": "housing", "timestamp": t + 0.1},
        {"event": "action", "name": "action_listen", "timestamp": t + 0.2},
    ]


def turn(i, t):
    parse = {
        "intent": {"name": "ask_question", "confidence": 0.9},
        "entities": [{"entity": "topic", "value": f"topic {i}", "start": 0, "end": 5}],
        "intent_ranking": [{"name": "ask_question", "confidence": 0.9}],
        "text": f"question {i}",
    }
    buttons = {"buttons": [{"title": "Talk to a person", "payload": "/request_human"}]}
    return [
        {"event": "user", "text": f"question {i}", "parse_data": parse, "timestamp": t},
        {"event": "user_featurization", "use_text_for_featurization": False, "timestamp": t + 0.01},
        {"event": "slot", "name": "topic", "value": f"topic {i}", "timestamp": t + 0.02},
        {"event": "action", "name": "action_answer_question", "timestamp": t + 0.03},
        {"event": "bot", "text": f"answer {i}", "data": buttons, "timestamp": t + 0.04},
        {"event": "active_loop", "name": "booking_form" if i % 2 else None, "timestamp": t + 0.05},
        {"event": "slot", "name": "requested_slot", "value": "booking_name" if i % 2 else None,
         "timestamp": t + 0.06},
        {"event": "action", "name": "action_listen", "timestamp": t + 0.07},
    ]


def events(dicts):
    return [Event.from_parameters(copy.deepcopy(d)) for d in dicts]


async def step(store, sender, dicts):
    # One message as Rasa handles it: read (or create) the tracker, add events, save.
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    for event in events(dicts):
        tracker.update(event)
    await store.save(tracker)


def rows(store, sender):
    with store.engine.connect() as connection:
        found = connection.execute(
            sa.text(
                "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                "FROM events WHERE sender_id = :sender ORDER BY id"
            ),
            {"sender": sender},
        )
        return [list(row) for row in found]


def stored_texts(store, sender):
    return [json.loads(row[-1]).get("text") for row in rows(store, sender)]


def state(tracker):
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)


def delete(store, sender):
    # As Baton's erasure and retention purge do: the rows, directly, in the database.
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": sender})


def statements(store):
    seen = []
    sa.event.listen(
        store.engine, "before_cursor_execute", lambda *args: seen.append(args[2])
    )
    return seen


SCRIPT = [new_session(T0)]
SCRIPT += [turn(i, T0 + 10 * i) for i in range(1, 4)]
SCRIPT += [[]]  # a save with nothing new
# A reply stamped before the session began: Rasa's session query leaves it out.
SCRIPT += [[{"event": "bot", "text": "late", "timestamp": T0 - 100}]]
SCRIPT += [turn(4, T0 + 40)]
SCRIPT += [new_session(T0 + 4000)]
SCRIPT += [turn(i, T0 + 4000 + 10 * i) for i in range(5, 8)]


async def equivalence(with_broker):
    sender = f"equivalence-{with_broker}"
    brokers = {"cached": Broker(), "rasa": Broker()} if with_broker else {}
    stores = {
        "cached": store(StrictSQLTrackerStore, url_a, event_broker=brokers.get("cached")),
        "rasa": store(SQLTrackerStore, url_b, event_broker=brokers.get("rasa")),
    }
    seen = {name: statements(each) for name, each in stores.items()}
    after = {name: [] for name in stores}
    for dicts in SCRIPT:
        for name, each in stores.items():
            seen[name].clear()
            await step(each, sender, dicts)
            in_step = list(seen[name])
            after[name].append({
                "rows": rows(each, sender),
                "latest": state(await each.retrieve(sender)),
                "full": state(await each.retrieve_full_tracker(sender)),
                "published": [e["event"] for e in brokers[name].published] if brokers else [],
                # Rasa's queries for the whole session, and its count of stored events.
                "loads": sum(".data" in s for s in in_step),
                "counts": sum("count(*)" in s for s in in_step),
            })
    return after


async def erasure():
    cached = store(StrictSQLTrackerStore, url_a)
    found = {}
    # Between two messages: the conversation is gone, and stays gone.
    for dicts in SCRIPT[:3]:
        await step(cached, "erased", dicts)
    await cached.retrieve("erased")
    delete(cached, "erased")
    found["retrieved"] = state(await cached.retrieve("erased"))
    await step(cached, "erased", turn(9, T0 + 90))
    found["stored"] = stored_texts(cached, "erased")
    # During a message: its save must not bring back what was erased.
    for dicts in SCRIPT[:3]:
        await step(cached, "erased-mid-turn", dicts)
    # Another conversation holds the largest ids, so SQLite does not reuse the erased ones.
    await step(cached, "bystander", SCRIPT[0])
    tracker = await cached.get_or_create_tracker("erased-mid-turn", append_action_listen=False)
    delete(cached, "erased-mid-turn")
    for event in events(turn(9, T0 + 90)):
        tracker.update(event)
    await cached.save(tracker)
    found["mid_turn_stored"] = stored_texts(cached, "erased-mid-turn")
    latest = await cached.retrieve("erased-mid-turn")
    found["mid_turn_retrieved"] = [getattr(e, "text", None) for e in latest.events]
    return found


async def two_instances(sender):
    # Two cached stores (two Rasa instances) and Rasa's own on one database; the first
    # has stored three turns of the conversation.
    first = store(StrictSQLTrackerStore, url_a)
    second = store(StrictSQLTrackerStore, url_a)
    rasa = store(SQLTrackerStore, url_a)
    for dicts in SCRIPT[:3]:
        await step(first, sender, dicts)
    return first, second, rasa


async def other_instance():
    sender = "two-instances"
    first, second, rasa = await two_instances(sender)
    await first.retrieve(sender)
    await step(second, sender, turn(3, T0 + 30))
    found = {
        "first": state(await first.retrieve(sender)),
        "rasa": state(await rasa.retrieve(sender)),
    }
    await step(first, sender, turn(4, T0 + 40))
    found["first_after_save"] = state(await first.retrieve(sender))
    found["rasa_after_save"] = state(await rasa.retrieve(sender))
    found["stored"] = stored_texts(rasa, sender)
    return found


async def replaced():
    # Rasa's API replacing a conversation's events saves a tracker no read built, here
    # after another instance wrote: Rasa counts the stored events to find the new ones.
    sender = "replaced"
    first, second, rasa = await two_instances(sender)
    held = await first.retrieve(sender)
    await step(second, sender, turn(3, T0 + 30))
    stored = [json.loads(row[-1]) for row in rows(rasa, sender)]
    tracker = DialogueStateTracker.from_dict(sender, stored + turn(4, T0 + 40), domain.slots)
    await first.save(tracker)
    return {"stored": stored_texts(rasa, sender), "held": len(held.events)}


async def failed_turn():
    stores = {
        "cached": store(StrictSQLTrackerStore, url_a),
        "rasa": store(SQLTrackerStore, url_b),
    }
    found = {}
    for name, each in stores.items():
        for dicts in SCRIPT[:3]:
            await step(each, "failed-turn", dicts)
        tracker = await each.get_or_create_tracker("failed-turn", append_action_listen=False)
        # The turn changes what it read, in place as well as by new events, then fails.
        tracker.latest_message.entities.append({"entity": "topic", "value": "changed"})
        tracker.slots["topic"].value = "changed"
        for event in events(turn(8, T0 + 80)):
            tracker.update(event)
        tracker = await each.get_or_create_tracker("failed-turn", append_action_listen=False)
        found[name] = {"next_read": state(tracker)}
        for event in events(turn(9, T0 + 90)):
            tracker.update(event)
        await each.save(tracker)
        found[name]["rows"] = rows(each, "failed-turn")
        found[name]["latest"] = state(await each.retrieve("failed-turn"))
    return found


async def idle():
    cached = store(StrictSQLTrackerStore, url_a)
    for sender in ("idle-old", "idle-recent"):
        await step(cached, sender, SCRIPT[0])
        await cached.retrieve(sender)
    kept_before = sorted(cached._latest)
    cached._latest["idle-old"].used -= CACHE_IDLE_SECONDS + 1
    await cached.retrieve("idle-other")
    return {"before": kept_before, "after": sorted(cached._latest)}


async def main():
    print(json.dumps({
        "idle": await idle(),
        "equivalence": await equivalence(with_broker=False),
        "equivalence_with_broker": await equivalence(with_broker=True),
        "erasure": await erasure(),
        "other_instance": await other_instance(),
        "replaced": await replaced(),
        "failed_turn": await failed_turn(),
    }, default=str))

asyncio.run(main())
"""


@contextmanager
def _postgres_databases(count: int) -> Iterator[list[str]]:
    """Fresh PostgreSQL databases, as URLs for Rasa (psycopg2), dropped afterwards."""
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    names = [f"baton_tracker_{secrets.token_hex(6)}" for _ in range(count)]
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql+psycopg://", "postgresql://"
        )
        yield [f"{base}/{name}" for name in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def cached(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """What the cache script found, on SQLite files or PostgreSQL databases."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("trackers")
        urls = [f"sqlite:///{folder / name}" for name in ("cached.db", "rasa.db")]
        return printed_json(run_in_rasa(CACHE, *urls))
    require_server("PostgreSQL", "127.0.0.1", 5432)
    with _postgres_databases(2) as urls:
        return printed_json(run_in_rasa(CACHE, *urls))


@pytest.mark.parametrize("case", ["equivalence", "equivalence_with_broker"])
def test_the_cached_store_stores_and_reads_what_rasa_does_after_every_save(
    cached: Any, case: str
) -> None:
    steps = cached[case]
    assert len(steps["cached"]) == len(steps["rasa"])
    for number, (mine, rasa) in enumerate(zip(steps["cached"], steps["rasa"], strict=True)):
        for what in ("rows", "latest", "full", "published"):
            assert mine[what] == rasa[what], f"{what} after save {number}"
    # The script is what it claims: two sessions, the late reply left out of the latest.
    final = steps["cached"][-1]
    assert [row[1] for row in final["rows"]].count("session_started") == 2
    assert [event.get("text") for event in final["full"]["events"]].count("late") == 1
    assert "late" not in [event.get("text") for event in final["latest"]["events"]]
    # And the cache did the work: after the first message, Rasa's whole-session read
    # and count of stored events only ran in Rasa's own store.
    assert [(s["loads"], s["counts"]) for s in steps["cached"][1:]] == [(0, 0)] * (
        len(steps["cached"]) - 1
    )
    assert all(s["loads"] and s["counts"] for s in steps["rasa"][1:])


def test_a_conversation_erased_in_the_database_is_not_read_or_stored_again(
    cached: Any,
) -> None:
    erasure = cached["erasure"]
    assert erasure["retrieved"] is None
    turn_nine = ["question 9", None, None, None, "answer 9", None, None, None]
    assert erasure["stored"] == turn_nine
    # Erased while a message was being handled: its save stores that message's events
    # only, and the next read has nothing else (Rasa's own count would find no rows and
    # store the whole session again).
    assert erasure["mid_turn_stored"] == turn_nine
    assert erasure["mid_turn_retrieved"] == turn_nine


def test_events_another_rasa_instance_stored_are_read(cached: Any) -> None:
    found = cached["other_instance"]
    assert found["first"] == found["rasa"]
    assert "question 3" in [event.get("text") for event in found["first"]["events"]]
    assert found["first_after_save"] == found["rasa_after_save"]
    questions = [text for text in found["stored"] if text and text.startswith("question")]
    assert questions == ["question 1", "question 2", "question 3", "question 4"]


def test_a_tracker_no_read_just_built_is_saved_after_rasas_count(cached: Any) -> None:
    questions = [text for text in cached["replaced"]["stored"] if text and text.startswith("q")]
    assert questions == ["question 1", "question 2", "question 3", "question 4"]


def test_a_turn_that_failed_before_its_save_leaves_no_trace(cached: Any) -> None:
    found = cached["failed_turn"]
    assert found["cached"] == found["rasa"]
    next_read = found["cached"]["next_read"]
    assert next_read["slots"]["topic"] == "topic 2"
    assert "changed" not in json.dumps(next_read)
    assert "question 8" not in json.dumps(found["cached"]["rows"])


def test_a_conversation_unused_for_an_hour_leaves_the_cache(cached: Any) -> None:
    """Its words leave Rasa's memory at the next read of any conversation (docs/privacy.md)."""
    assert cached["idle"]["before"] == ["idle-old", "idle-recent"]
    assert cached["idle"]["after"] == ["idle-recent"]
