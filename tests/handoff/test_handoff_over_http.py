"""The baton over HTTP: family API and console API on one real gateway, real database.

Each test is one scenario from issue 5, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.cases import create_request
from bot.models import (
    AuditEvent,
    CaseRequest,
    Conversation,
    LinkCode,
    Priority,
    RequestKind,
    Team,
    utcnow,
)
from tests.gateway.fakes import FakeRasa
from tests.handoff.conftest import BrowserFactory

SessionMaker = sessionmaker[Session]


def open_request(
    sessions: SessionMaker,
    conversation_id: str,
    team: Team = Team.EARLY_HELP,
    priority: Priority = Priority.NORMAL,
) -> int:
    with sessions.begin() as session:
        return create_request(
            session,
            conversation_id,
            team=team,
            kind=RequestKind.HANDOFF,
            summary="In their own words: <b>help</b>",
            priority=priority,
        ).id


def conversation(sessions: SessionMaker, conversation_id: str) -> Conversation:
    with sessions() as session:
        return session.get_one(Conversation, conversation_id)


def texts(messages: list[dict[str, Any]]) -> str:
    return " | ".join(message["text"] for message in messages)


async def test_claim_reply_family_reply_and_hand_back_by_the_family(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker, fake_rasa: FakeRasa
) -> None:
    make_user("sam", name="Sam Taylor")
    family, sam = await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    await sam.log_in("sam")

    status, _ = await sam.post(f"/console/api/cases/{case_id}/claim")
    assert status == 200
    # The family is told at once who holds the baton: name and team.
    told = await family.transcript()
    assert "Sam Taylor from the Early Help team has picked up your request" in told[-1]["text"]

    status, body = await sam.post(f"/console/api/cases/{case_id}/reply", {"text": "Hi, I'm Sam."})
    assert status == 201
    seen = await family.transcript(after=told[-1]["seq"])
    assert [m["text"] for m in seen] == ["Hi, I'm Sam."]
    assert seen[0]["from"] == "practitioner"
    assert seen[0]["practitioner"] == {"name": "Sam Taylor", "team": "early-help"}

    # The family's reply goes to Sam, not to the bot.
    sent_to_rasa = len(fake_rasa.received)
    assert await family.say("Thanks Sam, evenings are best") == []
    assert len(fake_rasa.received) == sent_to_rasa
    _, case = await sam.get(f"/console/api/cases/{case_id}")
    assert case["transcript"][-1]["text"] == "Thanks Sam, evenings are best"

    # The family asks to go back to the assistant; their next message reaches the bot.
    back = await family.say("back to the assistant")
    assert "back with the automated assistant" in back[0]["text"]
    assert "Sam Taylor is still your named practitioner" in back[0]["text"]
    assert conversation(sessions, family.conversation_id).mode == "bot"
    answer = await family.say("what is early help")
    assert answer[-1]["text"] == "echo: what is early help"


async def test_practitioner_hands_back_from_the_console(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker, fake_rasa: FakeRasa
) -> None:
    make_user("sam", name="Sam Taylor")
    family, sam = await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    await sam.log_in("sam")
    await sam.post(f"/console/api/cases/{case_id}/claim")

    status, body = await sam.post(f"/console/api/cases/{case_id}/handback")
    assert status == 200
    assert body["status"] == "claimed"  # still Sam's request
    told = await family.transcript()
    assert "Sam Taylor has handed you back to the automated assistant" in told[-1]["text"]
    assert told[-1]["buttons"] == [
        {"title": "Pass a message to Sam Taylor", "payload": "/message_practitioner"}
    ]

    # The button the assistant offered takes the family straight back to Sam.
    status, body = await family.press("/message_practitioner")
    assert status == 200
    assert "Type your message for Sam Taylor" in body["messages"][0]["text"]
    before = len(fake_rasa.received)
    assert await family.say("Can we talk tomorrow?") == []
    assert len(fake_rasa.received) == before


async def test_after_a_hand_back_the_family_talks_to_the_assistant(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("sam", name="Sam Taylor")
    family, sam = await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    await sam.log_in("sam")
    await sam.post(f"/console/api/cases/{case_id}/claim")
    await sam.post(f"/console/api/cases/{case_id}/handback")
    assert (await family.say("hello again"))[-1]["text"] == "echo: hello again"
    # The offer has passed once the family wrote: a stale button is refused kindly.
    status, body = await family.press("/message_practitioner")
    assert status == 400
    assert "no longer available" in body["error"]


async def test_returning_family_is_greeted_by_their_practitioners_name(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker, fake_rasa: FakeRasa
) -> None:
    make_user("sam", name="Sam Taylor")
    family, sam = await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    await sam.log_in("sam")
    await sam.post(f"/console/api/cases/{case_id}/claim")
    await sam.post(f"/console/api/cases/{case_id}/close", {"outcome": "Advice given"})

    # A recent message is not a return: no greeting.
    assert "Welcome back" not in texts(await family.say("one more thing"))
    # Two hours later, the family says hello in the same conversation.
    with sessions.begin() as session:
        session.execute(
            update(Conversation)
            .where(Conversation.id == family.conversation_id)
            .values(last_activity_at=utcnow() - timedelta(hours=2))
        )
    before = len(fake_rasa.received)
    replies = await family.say("hello")
    assert len(replies) == 1
    assert replies[0]["text"].startswith("Welcome back. Sam Taylor from the Early Help team")
    assert replies[0]["buttons"][0]["payload"] == "/message_practitioner"
    assert len(fake_rasa.received) == before  # a bare hello needs no second greeting

    # A new request from this family goes to Sam first.
    second = open_request(sessions, family.conversation_id, team=Team.FAMILY_INFORMATION)
    with sessions() as session:
        request = session.get_one(CaseRequest, second)
        assert (request.status, request.team) == ("claimed", "early-help")
    _, queue = await sam.get("/console/api/cases?status=claimed")
    assert [case["id"] for case in queue["cases"]] == [second]
    assert queue["cases"][0]["assigned_to"] == "Sam Taylor"


async def test_returning_family_with_a_question_is_greeted_and_answered(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    practitioner_id = make_user("sam", name="Sam Taylor")
    family = await browser()
    await family.open_chat()
    with sessions.begin() as session:
        session.execute(
            update(Conversation)
            .where(Conversation.id == family.conversation_id)
            .values(
                named_practitioner_id=practitioner_id,
                last_activity_at=utcnow() - timedelta(days=3),
            )
        )
    replies = await family.say("is there a parenting course")
    assert replies[0]["text"].startswith("Welcome back. Sam Taylor")
    assert replies[1]["text"] == "echo: is there a parenting course"


async def test_pa_link_code_valid_then_reused(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker, fake_rasa: FakeRasa
) -> None:
    make_user("pat", Team.CARE_LEAVERS, name="Pat Jones")
    pat, young_person, other = await browser(), await browser(), await browser()
    await pat.log_in("pat")
    status, body = await pat.post("/console/api/link-codes")
    assert status == 201
    code = body["code"]
    with sessions() as session:
        stored = session.scalars(select(LinkCode)).one()
        assert code not in stored.code_hash and len(stored.code_hash) == 64

    await young_person.open_chat()
    before = len(fake_rasa.received)
    linked = await young_person.say(code.lower().replace("-", " "))
    assert "now linked to Pat Jones, your Personal Adviser" in linked[0]["text"]
    assert len(fake_rasa.received) == before  # a code never reaches Rasa
    assert conversation(sessions, young_person.conversation_id).named_practitioner_id is not None

    await other.open_chat()
    reused = await other.say(code)
    assert "already been used" in reused[0]["text"]
    assert conversation(sessions, other.conversation_id).named_practitioner_id is None

    # The linked young person's new request goes to their PA.
    case_id = open_request(sessions, young_person.conversation_id, team=Team.EARLY_HELP)
    _, case = await pat.get(f"/console/api/cases/{case_id}")
    assert case["assigned_to"] == "Pat Jones"


async def test_pa_link_code_expired_and_unknown(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("pat", Team.CARE_LEAVERS, name="Pat Jones")
    pat, young_person = await browser(), await browser()
    await pat.log_in("pat")
    _, body = await pat.post("/console/api/link-codes")
    with sessions.begin() as session:
        session.execute(update(LinkCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    await young_person.open_chat()
    assert "expired" in (await young_person.say(body["code"]))[0]["text"]
    assert "don't recognise" in (await young_person.say("ZZZZ-2222"))[0]["text"]
    assert conversation(sessions, young_person.conversation_id).named_practitioner_id is None


async def test_simultaneous_redemptions_link_exactly_once(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("pat", Team.CARE_LEAVERS, name="Pat Jones")
    pat = await browser()
    await pat.log_in("pat")
    _, body = await pat.post("/console/api/link-codes")
    people = [await browser() for _ in range(4)]
    for person in people:
        await person.open_chat()
    results = await asyncio.gather(*(person.say(body["code"]) for person in people))
    linked = [r for r in results if "now linked" in r[0]["text"]]
    assert len(linked) == 1


async def test_reassign_to_a_colleague_and_to_another_team(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("sam", name="Sam Taylor")
    make_user("alex", name="Alex Kay")
    make_user("pat", Team.CARE_LEAVERS, name="Pat Jones")
    family, sam, alex, pat = await browser(), await browser(), await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    for person, name in ((sam, "sam"), (alex, "alex"), (pat, "pat")):
        await person.log_in(name)
    await sam.post(f"/console/api/cases/{case_id}/claim")

    status, body = await alex.post(
        f"/console/api/cases/{case_id}/reassign", {"to": "alex", "note": "mine now"}
    )
    assert status == 403  # only the holder (or a manager) passes it on
    status, body = await sam.post(
        f"/console/api/cases/{case_id}/reassign", {"to": "alex", "note": "Alex knows the school"}
    )
    assert status == 200, body
    assert body["assigned_to"] == "Alex Kay"
    told = await family.transcript()
    assert "Your request is now with Alex Kay from the Early Help team" in told[-1]["text"]
    _, view = await alex.get(f"/console/api/cases/{case_id}/view")
    assert view["notes"][0]["kind"] == "reassign"
    assert view["notes"][0]["text"] == "Alex knows the school"

    status, body = await alex.post(
        f"/console/api/cases/{case_id}/reassign", {"team": "care-leavers", "note": "18 now"}
    )
    assert status == 200, body
    assert (body["team"], body["status"], body["assigned_to"]) == ("care-leavers", "new", None)
    assert "passed to the Care Leavers team" in (await family.transcript())[-1]["text"]
    status, _ = await alex.get(f"/console/api/cases/{case_id}")
    assert status == 403  # no longer their team's
    _, queue = await pat.get("/console/api/cases")
    assert [case["id"] for case in queue["cases"]] == [case_id]


async def test_team_isolation_and_csrf_on_every_new_action(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("sam", name="Sam Taylor")
    make_user("pat", Team.CARE_LEAVERS, name="Pat Jones")
    family, sam, pat = await browser(), await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    await sam.log_in("sam")
    await pat.log_in("pat")
    base = f"/console/api/cases/{case_id}"
    for path in ("", "/view"):
        status, _ = await pat.get(base + path)
        assert status == 403
    for action, body in (
        ("/claim", {}),
        ("/notes", {"text": "x"}),
        ("/reassign", {"to": "pat", "note": "x"}),
        ("/waiting", {}),
        ("/handback", {}),
        ("/reopen", {}),
    ):
        status, _ = await pat.post(base + action, body)
        assert status == 403, action
        status, _ = await sam.post(base + action, body, csrf=False)
        assert status == 403, action
    status, _ = await sam.post("/console/api/link-codes", csrf=False)
    assert status == 403
    with sessions() as session:
        denied = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "request.view_denied")
        ).all()
    assert len(denied) == 2


async def test_notes_waiting_close_reopen_and_the_audit_trail(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("sam", name="Sam Taylor")
    family, sam = await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    await sam.log_in("sam")
    base = f"/console/api/cases/{case_id}"
    await sam.post(base + "/claim")
    status, _ = await sam.post(base + "/notes", {"text": "Mum sounded tired; <script>x</script>"})
    assert status == 201
    status, body = await sam.post(base + "/waiting")
    assert (status, body["status"]) == (200, "waiting")
    await family.say("sorry, I was at work")
    _, case = await sam.get(base)
    assert case["status"] == "claimed"  # the family wrote back
    status, body = await sam.post(base + "/close", {"outcome": "Referred to parenting group"})
    assert body["status"] == "closed"
    status, body = await sam.post(base + "/reopen")
    assert (status, body["status"], body["outcome"]) == (200, "claimed", None)
    _, view = await sam.get(base + "/view")
    assert view["notes"][0]["text"] == "Mum sounded tired; <script>x</script>"
    # The family never sees a private note.
    assert "Mum sounded tired" not in texts(await family.transcript())
    actions = [event["action"] for event in view["audit"]]
    for expected in (
        "request.created",
        "request.claimed",
        "request.noted",
        "request.waiting",
        "request.closed",
        "request.reopened",
        "request.viewed",
    ):
        assert expected in actions
    assert view["canned_replies"]


async def test_overdue_requests_are_flagged_against_their_priority_target(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("sam", name="Sam Taylor")
    family, other_family, sam = await browser(), await browser(), await browser()
    await family.open_chat()
    await other_family.open_chat()
    urgent = open_request(sessions, family.conversation_id, priority=Priority.URGENT)
    normal = open_request(sessions, other_family.conversation_id)
    with sessions.begin() as session:
        session.execute(
            update(CaseRequest)
            .where(CaseRequest.id.in_([urgent, normal]))
            .values(created_at=utcnow() - timedelta(minutes=90))
        )
    await sam.log_in("sam")
    _, queue = await sam.get("/console/api/cases")
    by_id = {case["id"]: case for case in queue["cases"]}
    assert [case["id"] for case in queue["cases"]] == [urgent, normal]  # urgent first
    assert by_id[urgent]["overdue"] is True  # target 60 minutes (sample config)
    assert by_id[normal]["overdue"] is False  # target one day
    assert by_id[urgent]["target_seconds"] == 3600


async def test_manager_sees_workload_and_admin_manages_accounts(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    make_user("sam", name="Sam Taylor")
    make_user("mo", name="Mo Manager", role="manager")
    make_user("ada", name="Ada Admin", role="admin")
    family, sam, mo, ada = await browser(), await browser(), await browser(), await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    for person, name in ((sam, "sam"), (mo, "mo"), (ada, "ada")):
        await person.log_in(name)
    await sam.post(f"/console/api/cases/{case_id}/claim")

    assert (await sam.get("/console/api/workload"))[0] == 403
    status, body = await mo.get("/console/api/workload")
    assert status == 200
    assert {"name": "Sam Taylor", "username": "sam", "open": 1} in body["workload"]

    assert (await mo.get("/console/api/accounts"))[0] == 403
    new = {"username": "kim", "name": "Kim Lee", "team": "care-leavers", "password": "x" * 12}
    assert (await mo.post("/console/api/accounts", new))[0] == 403
    status, body = await ada.post("/console/api/accounts", new)
    assert (status, body["team"]) == (201, "care-leavers")
    status, body = await ada.post("/console/api/accounts", {**new, "password": "short"})
    assert status == 400
    status, _ = await ada.post("/console/api/accounts/sam/deactivate")
    assert status == 200
    assert (await sam.get("/console/api/me"))[0] == 401  # a deactivated account is logged out


async def test_two_practitioners_claim_at_once_over_http(
    browser: BrowserFactory, make_user: Any, sessions: SessionMaker
) -> None:
    names = ["sam", "alex", "kim", "jo"]
    for name in names:
        make_user(name)
    family = await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    people = [await browser() for _ in names]
    for person, name in zip(people, names, strict=True):
        await person.log_in(name)
    results = await asyncio.gather(
        *(person.post(f"/console/api/cases/{case_id}/claim") for person in people)
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409, 409]
    announcements = [m for m in await family.transcript() if "picked up your request" in m["text"]]
    assert len(announcements) == 1
