"""The durable inbox on both databases: de-duplication, leases, retention."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.telegram import inbox
from bot.channels.telegram.inbox import Outbox, Outcome
from bot.channels.telegram.keyboards import Outgoing
from bot.channels.telegram.models import TelegramInboxUpdate
from bot.channels.telegram.updates import Inbound, Kind
from bot.models import utcnow

LEASE = timedelta(minutes=2)
TEXT = Inbound(Kind.TEXT, chat_id=5, text="hello")


def store(sessions: sessionmaker[Session], update_id: int, event: Inbound = TEXT) -> bool:
    with sessions.begin() as session:
        return inbox.store(session, update_id, event, utcnow())


def claim(
    sessions: sessionmaker[Session], update_id: int, owner: str = "w1", at_offset: float = 0
) -> inbox.Claimed | None:
    now = utcnow() + timedelta(seconds=at_offset)
    with sessions.begin() as session:
        return inbox.claim(session, update_id, owner, now, LEASE)


def row(sessions: sessionmaker[Session], update_id: int) -> TelegramInboxUpdate:
    with sessions() as session:
        found = session.get(TelegramInboxUpdate, update_id)
        assert found is not None
        return found


def test_an_update_is_stored_once(sessions: sessionmaker[Session]) -> None:
    assert store(sessions, 1) is True
    assert store(sessions, 1) is False
    with sessions() as session:
        assert session.scalars(select(TelegramInboxUpdate.update_id)).all() == [1]
    assert row(sessions, 1).event == {"kind": "text", "chat_id": 5, "text": "hello"}


def test_concurrent_deliveries_store_one_row(sessions: sessionmaker[Session]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store(sessions, 9), range(16)))
    assert results.count(True) == 1


def test_ignored_updates_are_recorded_as_processed_without_content(
    sessions: sessionmaker[Session],
) -> None:
    store(sessions, 3, Inbound(Kind.IGNORED))
    stored = row(sessions, 3)
    assert (stored.event, stored.outcome) == (None, Outcome.IGNORED)
    assert stored.processed_at is not None
    assert claim(sessions, 3) is None


def test_a_leased_update_cannot_be_taken_until_the_lease_expires(
    sessions: sessionmaker[Session],
) -> None:
    store(sessions, 1)
    first = claim(sessions, 1, "w1")
    assert first is not None
    assert (first.attempts, first.sent, first.event, first.outbox) == (1, 0, TEXT, None)

    assert claim(sessions, 1, "w2") is None
    later = claim(sessions, 1, "w2", at_offset=LEASE.total_seconds() + 1)
    assert later is not None
    assert later.attempts == 2


def test_concurrent_claims_have_one_winner(sessions: sessionmaker[Session]) -> None:
    store(sessions, 1)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: claim(sessions, 1, f"w{n}"), range(8)))
    assert sum(result is not None for result in results) == 1


def test_routing_drops_the_event_and_finishing_drops_everything(
    sessions: sessionmaker[Session],
) -> None:
    store(sessions, 1)
    claim(sessions, 1, "w1")
    outbox = Outbox(chat_id=5, messages=[Outgoing("a"), Outgoing("b", (("Yes", "/yes"),))])
    with sessions.begin() as session:
        inbox.save_outbox(session, 1, "w1", outbox)
        inbox.mark_sent(session, 1, "w1", 1)
    routed = row(sessions, 1)
    assert routed.event is None
    assert routed.sent == 1
    assert Outbox.from_json(routed.outbox or {}) == outbox

    with sessions.begin() as session:
        inbox.finish(session, 1, Outcome.DONE, utcnow())
    done = row(sessions, 1)
    assert (done.event, done.outbox, done.locked_by, done.outcome) == (
        None,
        None,
        None,
        Outcome.DONE,
    )
    assert claim(sessions, 1, "w1", at_offset=3600) is None


def test_only_the_lease_holder_can_record_progress(sessions: sessionmaker[Session]) -> None:
    store(sessions, 1)
    claim(sessions, 1, "w1")
    with sessions.begin() as session:
        inbox.save_outbox(session, 1, "intruder", Outbox(chat_id=5))
        inbox.mark_sent(session, 1, "intruder", 3)
    stored = row(sessions, 1)
    assert (stored.outbox, stored.sent) == (None, 0)


def test_pending_lists_free_unprocessed_updates_oldest_first(
    sessions: sessionmaker[Session],
) -> None:
    for update_id in (7, 3, 5, 9):
        store(sessions, update_id)
    store(sessions, 4, Inbound(Kind.IGNORED))
    claim(sessions, 5, "w1")  # held
    claim(sessions, 9, "w1")
    with sessions.begin() as session:
        inbox.release(session, 9, "w1", utcnow() + timedelta(minutes=5))  # backing off
        assert inbox.pending(session, utcnow()) == [(3, 5), (7, 5)]
        later = utcnow() + timedelta(minutes=6)
        assert inbox.pending(session, later) == [(3, 5), (5, 5), (7, 5), (9, 5)]


def test_a_row_with_a_chat_id_that_is_no_chat_id_does_not_stop_pending(
    sessions: sessionmaker[Session],
) -> None:
    """Rows stored before updates were checked: listed with no chat, never an error."""
    with sessions.begin() as session:
        session.add(
            TelegramInboxUpdate(update_id=1, event={"kind": "text", "chat_id": "abc", "text": "hi"})
        )
        session.add(
            TelegramInboxUpdate(update_id=2, event={"kind": "text", "chat_id": 1.5, "text": "hi"})
        )
        session.add(TelegramInboxUpdate(update_id=3, outbox={"chat_id": "5", "messages": []}))
        session.add(
            TelegramInboxUpdate(update_id=4, event={"kind": "text", "chat_id": 2**70, "text": "hi"})
        )
    store(sessions, 5)
    with sessions.begin() as session:
        assert inbox.pending(session, utcnow()) == [
            (1, None),
            (2, None),
            (3, None),
            (4, None),
            (5, 5),
        ]
    assert claim(sessions, 1) == inbox.Claimed(
        update_id=1, attempts=1, sent=0, event=Inbound(Kind.TEXT, text="hi"), outbox=None
    )
    assert Outbox.from_json({"chat_id": "5"}) == Outbox(chat_id=None)


def test_release_all_frees_a_workers_rows_for_the_next_start(
    sessions: sessionmaker[Session],
) -> None:
    store(sessions, 1)
    store(sessions, 2)
    claim(sessions, 1, "w1")
    claim(sessions, 2, "w2")
    with sessions.begin() as session:
        assert inbox.release_all(session, "w1") == 1
    assert claim(sessions, 1, "w3") is not None
    assert claim(sessions, 2, "w3") is None


def test_prune_forgets_only_old_processed_updates(sessions: sessionmaker[Session]) -> None:
    store(sessions, 1, Inbound(Kind.IGNORED))
    store(sessions, 2)
    with sessions.begin() as session:
        assert inbox.prune(session, utcnow() - timedelta(days=1)) == 0
        assert inbox.prune(session, utcnow() + timedelta(seconds=1)) == 1
    with sessions() as session:
        assert session.scalars(select(TelegramInboxUpdate.update_id)).all() == [2]
