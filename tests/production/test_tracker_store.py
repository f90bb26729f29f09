"""The strict tracker store reads back exactly what Rasa's own SQL store would.

``StrictSQLTrackerStore._retrieve`` reads only the events' ``data`` column; this saves a
conversation of two sessions and compares its trackers, read by both stores from the
same database. Runs in the Rasa environment (Python 3.10).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

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


SAME_ROWS = """
import asyncio, json, logging, sys
logging.disable(logging.CRITICAL)
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker
from bot.rasa_ext.tracker_store import StrictSQLTrackerStore

where = json.loads(sys.argv[1])
domain = Domain.load("domain")
strict = StrictSQLTrackerStore(domain, startup_timeout=5, **where["strict"])
stock = SQLTrackerStore(domain, **where["stock"])
connects = []
sa.event.listen(strict.engine, "connect", lambda *args: connects.append(1))

START = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
TURNS = [
    [
        UserUttered(f"question {i}", {"name": "ask_question", "confidence": 0.9}, []),
        ActionExecuted("action_answer_question"),
        BotUttered(f"answer {i}", {"buttons": [{"title": "Talk", "payload": "/request_human"}]}),
        SlotSet("topic", "money"),
        ActionExecuted("action_listen"),
    ]
    for i in range(5)
]

async def converse(store, sender):
    await store.save(DialogueStateTracker.from_events(sender, START, domain.slots))
    for turn in TURNS:  # as Rasa does on every message: read, add, save
        tracker = await store.retrieve(sender)
        for event in turn:
            tracker.update(event)
        await store.save(tracker)
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT type_name, timestamp, intent_name, action_name, data "
                    "FROM events WHERE sender_id = :sender ORDER BY id"),
            {"sender": sender},
        )
        return [list(row) for row in rows]

async def main():
    found = {
        "strict": await converse(strict, "family-strict"),
        "stock": await converse(stock, "family-stock"),
        "connects": len(connects),
    }
    print(json.dumps(found))

asyncio.run(main())
"""


def _rows_written_by_both(where: dict[str, dict[str, str]]) -> dict[str, Any]:
    found: dict[str, Any] = printed_json(run_in_rasa(SAME_ROWS, json.dumps(where)))
    assert found["strict"] == found["stock"]
    assert len(found["strict"]) == 3 + 5 * 5
    assert found["strict"][3][2] == "ask_question"  # intent_name, as Rasa fills it
    assert found["strict"][4][3] == "action_answer_question"  # action_name
    return found


def test_the_strict_store_writes_the_rows_rasa_does_and_keeps_sqlite_open(
    tmp_path: Path,
) -> None:
    found = _rows_written_by_both(
        {
            "strict": {"dialect": "sqlite", "db": str(tmp_path / "strict.db")},
            "stock": {"dialect": "sqlite", "db": str(tmp_path / "stock.db")},
        }
    )
    # Six saves and five reads: Rasa's store opens a connection for each of the eleven.
    assert found["connects"] <= 2


def test_the_strict_store_writes_the_rows_rasa_does_on_postgresql(postgres_url: str) -> None:
    url = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    _rows_written_by_both({"strict": {"host": url}, "stock": {"host": url}})
