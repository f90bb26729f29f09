"""Subject access export and erasure of one family, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue import conversations
from bot.casequeue.conversations import find_by_channel_ref
from bot.channels.telegram.models import TelegramChat, TelegramInboxUpdate
from bot.config import ROOT
from bot.models import AuditEvent, CaseRequest, Channel, Conversation, Priority, RequestKind, utcnow
from bot.privacy import holds, subject
from tests.privacy.conftest import BOOKINGS, NOTES, Tracker, open_conversation, request

CANARY = "Canary-Wren-4471"


def audit_events(sessions: sessionmaker[Session], action: str) -> list[AuditEvent]:
    with sessions.begin() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_export_holds_everything_about_the_family_and_nothing_else(
    sessions: sessionmaker[Session], tracker: Tracker, extra_tables: None
) -> None:
    family = open_conversation(sessions, f"my name is {CANARY}")
    other = open_conversation(sessions, "someone else entirely")
    request_id = request(sessions, family)
    with sessions.begin() as session:
        session.execute(insert(BOOKINGS).values(conversation_id=family, child_name=CANARY))
        session.execute(insert(NOTES).values(request_id=request_id, text="rang back"))
    tracker.write(family, f"my name is {CANARY}")
    tracker.write(other, "someone else entirely")

    store = tracker.store()
    try:
        document = subject.export(sessions, store, conversation_id=family)
    finally:
        store.close()

    text = json.dumps(document)  # JSON-ready as it stands
    assert "someone else entirely" not in text
    tables = document["case_queue"]
    assert [c["id"] for c in tables["conversations"]] == [family]
    assert [m["text"] for m in tables["messages"]] == ["Hello", f"my name is {CANARY}"]
    assert [r["id"] for r in tables["requests"]] == [request_id]
    assert [b["child_name"] for b in tables["privacy_test_bookings"]] == [CANARY]
    assert [n["text"] for n in tables["privacy_test_notes"]] == ["rang back"]
    assert [a["action"] for a in tables["audit_events"]] == ["request.created"]
    [event] = document["rasa_tracker_events"]
    assert event["sender_id"] == family
    assert event["data"]["text"] == f"my name is {CANARY}"

    [exported] = audit_events(sessions, "privacy.exported")
    assert exported.conversation_id == family
    assert CANARY not in json.dumps(exported.detail)
    assert exported.detail["tracker_events"] == 1


def test_erase_removes_the_family_everywhere_and_only_them(
    sessions: sessionmaker[Session], tracker: Tracker, extra_tables: None
) -> None:
    family = open_conversation(sessions, f"my name is {CANARY}")
    other = open_conversation(sessions, "someone else")
    request_id = request(sessions, family, closed=True)
    request(sessions, other)
    with sessions.begin() as session:
        session.execute(insert(BOOKINGS).values(conversation_id=family, child_name=CANARY))
        session.execute(insert(NOTES).values(request_id=request_id, text="rang back"))
    tracker.write(family, CANARY)
    tracker.write(other, "someone else")

    store = tracker.store()
    try:
        report = subject.erase(sessions, store, conversation_id=family)
        assert store.events(family) == []
    finally:
        store.close()

    assert report.rows == {
        "conversations": 1,
        "messages": 2,
        "requests": 1,
        "privacy_test_bookings": 1,
        "privacy_test_notes": 1,
    }
    assert report.tracker_events == 1
    assert tracker.senders() == [other]
    with sessions.begin() as session:
        assert list(session.scalars(select(Conversation.id))) == [other]
        assert session.execute(select(BOOKINGS)).all() == []
    [erased] = audit_events(sessions, "privacy.erased")
    assert erased.conversation_id == family
    assert erased.detail["tracker_events"] == 1
    assert CANARY not in json.dumps(erased.detail)
    # The audit trail itself is kept: it is the record that this happened.
    assert [e.action for e in audit_events(sessions, "request.created")] == [
        "request.created",
        "request.created",
    ]


def test_erase_is_refused_under_a_safeguarding_hold_until_it_is_released(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    family = open_conversation(sessions, "he hit me again")
    alert = request(sessions, family, kind=RequestKind.SAFEGUARDING, priority=Priority.URGENT)
    tracker.write(family, "he hit me again")

    store = tracker.store()
    try:
        with pytest.raises(subject.UnderSafeguardingHold) as refused:
            subject.erase(sessions, store, conversation_id=family)
        assert refused.value.request_ids == [alert]
        assert "safeguarding hold" in str(refused.value)
        assert tracker.senders() == [family]
        with sessions.begin() as session:
            assert session.get(Conversation, family) is not None
        [event] = audit_events(sessions, "privacy.erase_refused")
        assert event.detail == {"held_requests": [alert]}

        with sessions.begin() as session:
            assert holds.set_hold(session, alert, held=False, reason="closed by MASH")
        subject.erase(sessions, store, conversation_id=family)
    finally:
        store.close()
    assert tracker.senders() == []
    [released] = audit_events(sessions, "privacy.hold_released")
    assert released.request_id == alert


def test_a_telegram_family_is_found_by_chat_and_its_channel_state_goes_too(
    sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    family = open_conversation(sessions, "hi", channel=Channel.TELEGRAM, chat_id="5550101")
    now = utcnow()
    with sessions.begin() as session:
        session.add(TelegramChat(chat_id="5550101", stopped_at=now, updated_at=now))
        session.add(
            TelegramInboxUpdate(
                update_id=91,
                event={"kind": "text", "chat_id": 5550101, "text": CANARY},
            )
        )
        session.add(TelegramInboxUpdate(update_id=92, event={"kind": "text", "chat_id": 9}))
    store = tracker.store()
    try:
        document = subject.export(sessions, store, telegram_chat="5550101")
        assert document["conversation_id"] == family
        assert document["case_queue"]["telegram_inbox"][0]["event"]["text"] == CANARY
        subject.erase(sessions, store, telegram_chat="5550101")
    finally:
        store.close()
    with sessions.begin() as session:
        assert find_by_channel_ref(session, Channel.TELEGRAM.value, "5550101") is None
        assert session.get(TelegramChat, "5550101") is None
        scrubbed = session.get_one(TelegramInboxUpdate, 91)
        assert (scrubbed.event, scrubbed.outbox, scrubbed.outcome) == (None, None, "ignored")
        assert session.get_one(TelegramInboxUpdate, 92).event == {"kind": "text", "chat_id": 9}


def test_an_unknown_family_is_reported_not_found(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(subject.SubjectNotFound):
        subject.erase(sessions, None, conversation_id="no-such-conversation-id")
    with pytest.raises(subject.SubjectNotFound):
        subject.export(sessions, None, telegram_chat="123")


def _cli(database_url: str, tracker_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "DATABASE_URL": database_url,
        "RASA_TRACKER_URL": tracker_url,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "privacy", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_the_commands_export_to_a_private_file_and_refuse_a_held_erasure(
    database_url: str, sessions: sessionmaker[Session], tracker: Tracker, tmp_path: Path
) -> None:
    family = open_conversation(sessions, f"my name is {CANARY}")
    alert = request(sessions, family, kind=RequestKind.SAFEGUARDING, priority=Priority.URGENT)
    tracker.write(family, CANARY)
    out = tmp_path / "export.json"

    exported = _cli(
        database_url, tracker.url, "export", f"--conversation={family}", "--out", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["rasa_tracker_events"][0]["data"]["text"] == CANARY

    refused = _cli(database_url, tracker.url, "erase", f"--conversation={family}")
    assert refused.returncode == 3
    assert "safeguarding hold" in refused.stderr

    released = _cli(
        database_url, tracker.url, "release-hold", "--request", str(alert), "--reason", "closed"
    )
    assert released.returncode == 0, released.stderr
    erased = _cli(database_url, tracker.url, "erase", f"--conversation={family}")
    assert erased.returncode == 0, erased.stderr
    assert "Rasa tracker events 1" in erased.stdout
    for result in (exported, refused, released, erased):
        assert CANARY not in result.stdout + result.stderr
    assert tracker.senders() == []
    with sessions.begin() as session:
        assert session.scalars(select(CaseRequest)).all() == []


def test_a_new_conversation_id_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Else one id in 64 would read as an option after ``--conversation``."""
    drawn = iter(["-starts-with-a-dash", "fine-id"])
    monkeypatch.setattr(conversations.secrets, "token_urlsafe", lambda _n: next(drawn))
    assert conversations.new_conversation_id() == "fine-id"


def test_an_id_that_starts_with_a_dash_is_taken_in_the_equals_form(
    database_url: str, sessions: sessionmaker[Session], tracker: Tracker
) -> None:
    """Ids made before they were kept from starting with "-" still work."""
    with sessions.begin() as session:
        session.add(Conversation(id="-older-id", channel=Channel.WEB.value))
    exported = _cli(database_url, tracker.url, "export", "--conversation=-older-id")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["conversation_id"] == "-older-id"
