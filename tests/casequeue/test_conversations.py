from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.conversations import (
    append_message,
    create_conversation,
    messages_after,
    offered_buttons,
)
from bot.models import Channel, Sender


def test_conversation_ids_are_long_and_unique(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        ids = {create_conversation(session, Channel.WEB.value).id for _ in range(50)}
    assert len(ids) == 50
    # 32 random bytes, base64url: 43 characters, 256 bits.
    assert {len(i) for i in ids} == {43}


def test_concurrent_writers_get_distinct_consecutive_sequence_numbers(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        conversation_id = create_conversation(session, Channel.WEB.value).id

    def write(n: int) -> int:
        with sessions.begin() as session:
            return append_message(session, conversation_id, Sender.FAMILY, f"message {n}").seq

    with ThreadPoolExecutor(max_workers=8) as pool:
        seqs = list(pool.map(write, range(40)))

    assert sorted(seqs) == list(range(1, 41))
    with sessions.begin() as session:
        assert [m["seq"] for m in messages_after(session, conversation_id, 35)] == [
            36,
            37,
            38,
            39,
            40,
        ]


def test_only_buttons_offered_since_the_family_last_wrote_count(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        cid = create_conversation(session, Channel.WEB.value).id
        append_message(session, cid, Sender.BOT, "old", [{"title": "Old", "payload": "/old"}])
        append_message(session, cid, Sender.FAMILY, "hi")
        append_message(session, cid, Sender.BOT, "new", [{"title": "Yes", "payload": "/affirm"}])
        assert offered_buttons(session, cid) == {"/affirm": "Yes"}
