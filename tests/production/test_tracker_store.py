"""The strict tracker store reads back exactly what Rasa's own SQL store would.

``StrictSQLTrackerStore._retrieve`` reads only the events' ``data`` column; this saves a
conversation of two sessions and compares its trackers, read by both stores from the
same database. Runs in the Rasa environment (Python 3.10).
"""

from __future__ import annotations

from pathlib import Path

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
