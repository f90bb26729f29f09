from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.cases import CaseError, claim, close, create_request, list_requests, reply
from bot.casequeue.conversations import create_conversation, messages_after
from bot.models import (
    AuditEvent,
    Channel,
    Conversation,
    Practitioner,
    Priority,
    RequestKind,
    Team,
)


def _practitioner(session: Session, username: str, team: Team = Team.EARLY_HELP) -> Practitioner:
    person = Practitioner(
        username=username, display_name=username.title(), team=team.value, password_hash="x"
    )
    session.add(person)
    session.flush()
    return person


@pytest.fixture
def case(sessions: sessionmaker[Session]) -> tuple[int, str]:
    with sessions.begin() as session:
        cid = create_conversation(session, Channel.WEB.value).id
        request = create_request(session, cid, team=Team.EARLY_HELP, kind=RequestKind.HANDOFF)
        return request.id, cid


def test_queue_lists_urgent_first_and_only_the_team(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        cid = create_conversation(session, Channel.WEB.value).id
        normal = create_request(session, cid, team=Team.EARLY_HELP, kind=RequestKind.HANDOFF)
        urgent = create_request(
            session,
            cid,
            team=Team.EARLY_HELP,
            kind=RequestKind.SAFEGUARDING,
            priority=Priority.URGENT,
        )
        create_request(session, cid, team=Team.CARE_LEAVERS, kind=RequestKind.HANDOFF)
    with sessions.begin() as session:
        queue = list_requests(session, Team.EARLY_HELP.value)
    assert [c.id for c in queue] == [urgent.id, normal.id]


def test_exactly_one_of_many_simultaneous_claims_wins(
    sessions: sessionmaker[Session], case: tuple[int, str]
) -> None:
    request_id, conversation_id = case
    with sessions.begin() as session:
        people = [_practitioner(session, f"worker{i}").id for i in range(8)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def try_claim(person_id: int) -> None:
        barrier.wait()
        try:
            with sessions.begin() as session:
                claim(session, request_id, session.get_one(Practitioner, person_id))
            outcomes.append("won")
        except CaseError as error:
            assert error.status == 409
            outcomes.append("lost")

    threads = [threading.Thread(target=try_claim, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["lost"] * 7 + ["won"]
    with sessions.begin() as session:
        conversation = session.get_one(Conversation, conversation_id)
        assert conversation.named_practitioner_id in people
        assert conversation.mode == "practitioner"


def test_another_teams_request_is_forbidden(
    sessions: sessionmaker[Session], case: tuple[int, str]
) -> None:
    request_id, _ = case
    with sessions.begin() as session:
        outsider = _practitioner(session, "outsider", Team.CARE_LEAVERS)
        with pytest.raises(CaseError) as raised:
            claim(session, request_id, outsider)
    assert raised.value.status == 403


def test_reply_needs_the_claim_and_reaches_the_transcript_with_the_name(
    sessions: sessionmaker[Session], case: tuple[int, str]
) -> None:
    request_id, conversation_id = case
    with sessions.begin() as session:
        alice = _practitioner(session, "alice")
        bob = _practitioner(session, "bob")
        claim(session, request_id, alice)
        with pytest.raises(CaseError):
            reply(session, request_id, bob, "hello")
        reply(session, request_id, alice, "Hello, I'm Alice from early help.")
    with sessions.begin() as session:
        [message] = messages_after(session, conversation_id)
    assert message["from"] == "practitioner"
    assert message["practitioner"] == {"name": "Alice", "team": "early-help"}


def test_close_returns_the_conversation_to_the_bot_and_is_audited(
    sessions: sessionmaker[Session], case: tuple[int, str]
) -> None:
    request_id, conversation_id = case
    with sessions.begin() as session:
        alice = _practitioner(session, "alice")
        claim(session, request_id, alice)
        close(session, request_id, alice, "advice given")
        with pytest.raises(CaseError):
            close(session, request_id, alice, "again")
    with sessions.begin() as session:
        assert session.get_one(Conversation, conversation_id).mode == "bot"
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions == ["request.created", "request.claimed", "request.closed"]


def test_two_simultaneous_closes_record_one_outcome(
    sessions: sessionmaker[Session], case: tuple[int, str]
) -> None:
    request_id, _ = case
    with sessions.begin() as session:
        alice_id = _practitioner(session, "alice").id
        claim(session, request_id, session.get_one(Practitioner, alice_id))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def try_close(outcome: str) -> None:
        barrier.wait()
        try:
            with sessions.begin() as session:
                close(session, request_id, session.get_one(Practitioner, alice_id), outcome)
            outcomes.append("closed")
        except CaseError as error:
            outcomes.append(str(error.status))

    threads = [threading.Thread(target=try_close, args=(o,)) for o in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["409", "closed"]
    with sessions.begin() as session:
        closes = session.query(AuditEvent).filter_by(action="request.closed").count()
    assert closes == 1


def test_only_the_holder_or_a_manager_closes_a_claimed_request(
    sessions: sessionmaker[Session], case: tuple[int, str]
) -> None:
    request_id, _ = case
    with sessions.begin() as session:
        alice = _practitioner(session, "alice")
        bob = _practitioner(session, "bob")
        manager = _practitioner(session, "meg")
        manager.role = "manager"
        claim(session, request_id, alice)
        with pytest.raises(CaseError) as raised:
            close(session, request_id, bob, "not mine")
        assert raised.value.status == 403
        close(session, request_id, manager, "closed by the team manager")
