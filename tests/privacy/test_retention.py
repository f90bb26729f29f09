"""The retention purge, with the clock frozen, on SQLite and PostgreSQL.

Periods are the defaults proposed in bot.config (365 days for conversations and
closed requests, 30 days for Rasa trackers) unless a test says otherwise.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import (
    AuditEvent,
    CaseRequest,
    Conversation,
    Message,
    Priority,
    RequestKind,
    utcnow,
)
from bot.privacy.retention import RetentionPolicy, purge
from tests.privacy.conftest import (
    BOOKINGS,
    DAY,
    NOTES,
    T0,
    Tracker,
    at,
    close,
    open_conversation,
    request,
    say,
)

POLICY = RetentionPolicy(conversation=365 * DAY, closed_request=365 * DAY, tracker=30 * DAY)


def conversations(sessions: sessionmaker[Session]) -> set[str]:
    with sessions.begin() as session:
        return set(session.scalars(select(Conversation.id)))


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions.begin() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def run_purge(sessions: sessionmaker[Session], tracker: Tracker | None, when: timedelta) -> None:
    store = tracker.store() if tracker is not None else None
    try:
        with at(T0 + when):
            purge(sessions, store, POLICY, utcnow())
    finally:
        if store is not None:
            store.close()


def test_a_conversation_goes_when_its_last_activity_is_older_than_the_period(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    with at(T0):
        old = open_conversation(sessions)
        tracker.write(old, "my name is Alex")
    with at(T0 + 100 * DAY):
        recent = open_conversation(sessions)
        tracker.write(recent, "hello")

    run_purge(sessions, tracker, 365 * DAY + timedelta(minutes=1))
    assert conversations(sessions) == {recent}
    assert count(sessions, Message) == 2  # the recent conversation's two
    assert tracker.senders() == []  # the old one went with it; the recent one is stale

    # The period counts from the last activity, not from the first message.
    with at(T0 + 400 * DAY):
        say(sessions, recent, "still there?")
    run_purge(sessions, None, 400 * DAY + 364 * DAY)
    assert conversations(sessions) == {recent}
    run_purge(sessions, None, 400 * DAY + 366 * DAY)
    assert conversations(sessions) == set()


def test_nothing_younger_than_the_period_is_touched(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    with at(T0):
        kept = open_conversation(sessions)
        tracker.write(kept, "hello")
    run_purge(sessions, tracker, 29 * DAY)
    assert conversations(sessions) == {kept}
    assert tracker.senders() == [kept]


def test_open_and_recently_closed_requests_keep_their_conversation(
    sessions: sessionmaker[Session],
) -> None:
    with at(T0):
        with_open = open_conversation(sessions)
        request(sessions, with_open)
        closed_late = open_conversation(sessions)
        late = request(sessions, closed_late)
        closed_early = open_conversation(sessions)
        request(sessions, closed_early, closed=True)
    with at(T0 + 200 * DAY):
        close(sessions, late)

    run_purge(sessions, None, 370 * DAY)
    assert conversations(sessions) == {with_open, closed_late}
    run_purge(sessions, None, 200 * DAY + 366 * DAY)
    assert conversations(sessions) == {with_open}


def test_a_closed_request_goes_after_its_period_while_its_conversation_stays(
    sessions: sessionmaker[Session],
) -> None:
    with at(T0):
        conversation = open_conversation(sessions)
        request(sessions, conversation, closed=True)
    with at(T0 + 300 * DAY):
        say(sessions, conversation, "thanks")
        request(sessions, conversation)  # a new, open request

    run_purge(sessions, None, 366 * DAY)
    with sessions.begin() as session:
        left = session.scalars(select(CaseRequest.status)).all()
    assert left == ["new"]
    assert conversations(sessions) == {conversation}


def test_a_safeguarding_hold_keeps_the_conversation_its_requests_and_its_tracker(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    with at(T0):
        held = open_conversation(sessions, "he hit me again")
        tracker.write(held, "he hit me again")
        alert = request(
            sessions, held, kind=RequestKind.SAFEGUARDING, priority=Priority.URGENT, closed=True
        )
        handoff = request(sessions, held, closed=True)
        other = open_conversation(sessions)

    run_purge(sessions, tracker, 1000 * DAY)
    assert conversations(sessions) == {held}
    with sessions.begin() as session:
        assert sorted(session.scalars(select(CaseRequest.id))) == [alert, handoff]
        assert session.get_one(CaseRequest, alert).safeguarding_hold is True
    assert count(sessions, Message) == 2
    assert tracker.senders() == [held]
    assert other not in conversations(sessions)


def test_the_default_hold_can_be_turned_off_by_configuration(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BATON_HOLD_URGENT_SAFEGUARDING", "false")
    with at(T0):
        conversation = open_conversation(sessions, "he hit me again")
        request(
            sessions,
            conversation,
            kind=RequestKind.SAFEGUARDING,
            priority=Priority.URGENT,
            closed=True,
        )
    run_purge(sessions, None, 400 * DAY)
    assert conversations(sessions) == set()


def test_only_urgent_safeguarding_requests_are_held_by_default(
    sessions: sessionmaker[Session],
) -> None:
    with at(T0):
        conversation = open_conversation(sessions)
        normal = request(sessions, conversation, kind=RequestKind.SAFEGUARDING)
        handoff = request(sessions, conversation, priority=Priority.URGENT)
        urgent = request(
            sessions, conversation, kind=RequestKind.SAFEGUARDING, priority=Priority.URGENT
        )
    with sessions.begin() as session:
        held = {r.id: r.safeguarding_hold for r in session.scalars(select(CaseRequest))}
    assert held == {normal: False, handoff: False, urgent: True}


def test_stale_trackers_go_after_their_own_shorter_period(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    with at(T0):
        conversation = open_conversation(sessions)
        tracker.write(conversation, "old words")
        tracker.write("not-in-the-case-queue", "orphan words")
    with at(T0 + 20 * DAY):
        fresh = open_conversation(sessions)
        tracker.write(fresh, "newer words")

    run_purge(sessions, tracker, 31 * DAY)
    assert tracker.senders() == [fresh]
    # The case queue's transcript stays for its own, longer period.
    assert conversations(sessions) == {conversation, fresh}


def test_tables_other_features_add_are_purged_with_the_conversation(
    sessions: sessionmaker[Session], extra_tables: None
) -> None:
    with at(T0):
        conversation = open_conversation(sessions)
        request_id = request(sessions, conversation, closed=True)
        with sessions.begin() as session:
            session.execute(
                insert(BOOKINGS).values(conversation_id=conversation, child_name="Sam")
            )
            session.execute(insert(NOTES).values(request_id=request_id, text="called mum"))
    run_purge(sessions, None, 400 * DAY)
    assert conversations(sessions) == set()
    with sessions.begin() as session:
        assert session.execute(select(BOOKINGS)).all() == []
        assert session.execute(select(NOTES)).all() == []


def test_each_purge_is_audited_with_counts_only(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    with at(T0):
        conversation = open_conversation(sessions, "my name is Alex Canary")
        tracker.write(conversation, "my name is Alex Canary")
    run_purge(sessions, tracker, 400 * DAY)
    with sessions.begin() as session:
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "privacy.purged")
        ).all()
        assert event.detail == {
            "trigger": "cli",
            "conversations": 1,
            "closed_requests": 0,
            "trackers": 0,
            "tracker_events": 1,
            "held_conversations": 0,
        }
        assert event.conversation_id is None


def test_a_period_under_a_day_is_refused() -> None:
    from bot.config import Settings

    with pytest.raises(ValueError, match="BATON_RETAIN_TRACKER_DAYS"):
        RetentionPolicy.from_settings(Settings(retain_tracker_days=0))
