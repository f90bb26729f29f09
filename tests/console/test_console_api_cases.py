"""The case queue through the console API: team isolation, claim races, replies, CSRF."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import service
from bot.models import (
    AuditEvent,
    CaseRequest,
    Conversation,
    Message,
    Priority,
    RequestKind,
    Sender,
    Team,
)

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
CaseFactory = Callable[..., tuple[int, str]]
LogIn = Callable[..., Awaitable[str]]

STATE_CHANGES = [
    ("claim", None),
    ("reply", {"text": "Hello, I'm Alice from Early Help."}),
    ("close", {"outcome": "Advice given"}),
]


def csrf(token: str) -> dict[str, str]:
    return {"X-CSRF-Token": token}


def request_row(sessions: sessionmaker[Session], request_id: int) -> CaseRequest:
    with sessions() as session:
        row = session.get(CaseRequest, request_id)
        assert row is not None
        return row


def audit_actions(sessions: sessionmaker[Session], request_id: int) -> list[str]:
    with sessions() as session:
        return list(
            session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.request_id == request_id)
                .order_by(AuditEvent.id)
            ).all()
        )


@pytest.fixture
async def alice(
    new_client: ClientFactory, make_user: UserFactory, log_in: LogIn
) -> tuple[Client, str]:
    """Alice of Early Help, logged in: (client, CSRF token)."""
    make_user("alice", Team.EARLY_HELP, name="Alice Example")
    client = await new_client()
    return client, await log_in(client, "alice")


async def test_the_queue_holds_only_my_teams_open_cases_urgent_first(
    alice: tuple[Client, str], make_case: CaseFactory
) -> None:
    client, _ = alice
    older, _ = make_case(Team.EARLY_HELP, summary="older normal")
    urgent, _ = make_case(Team.EARLY_HELP, summary="newer urgent", priority=Priority.URGENT)
    make_case(Team.SAFEGUARDING, summary="another team's", priority=Priority.URGENT)

    response = await client.get("/console/api/cases")

    assert response.status == 200
    cases = (await response.json())["cases"]
    assert [case["id"] for case in cases] == [urgent, older]
    assert {case["team"] for case in cases} == {"early-help"}
    assert cases[0]["priority"] == "urgent"
    assert all(
        isinstance(case["waited_seconds"], int) and case["waited_seconds"] >= 0 for case in cases
    )
    assert set(cases[0]) == {
        "id",
        "team",
        "kind",
        "priority",
        "status",
        "summary",
        "assigned_to",
        "created_at",
        "waited_seconds",
        "target_seconds",
        "overdue",
    }


async def test_the_queue_filters_by_status(
    alice: tuple[Client, str], make_case: CaseFactory
) -> None:
    client, token = alice
    claimed, _ = make_case(summary="to claim")
    fresh, _ = make_case(summary="still new")
    assert (
        await client.post(f"/console/api/cases/{claimed}/claim", headers=csrf(token))
    ).status == 200

    only_new = (await (await client.get("/console/api/cases?status=new")).json())["cases"]
    both = (await (await client.get("/console/api/cases?status=new,claimed")).json())["cases"]
    closed = (await (await client.get("/console/api/cases?status=closed")).json())["cases"]

    assert [case["id"] for case in only_new] == [fresh]
    assert sorted(case["id"] for case in both) == sorted([claimed, fresh])
    assert closed == []
    claimed_case = next(case for case in both if case["id"] == claimed)
    assert claimed_case["assigned_to"] == "Alice Example"


async def test_closed_cases_leave_the_default_queue(
    alice: tuple[Client, str], make_case: CaseFactory
) -> None:
    client, token = alice
    done, _ = make_case(summary="done")
    still_open, _ = make_case(summary="still open")
    closed = await client.post(
        f"/console/api/cases/{done}/close", json={"outcome": "Answered"}, headers=csrf(token)
    )
    assert closed.status == 200

    default = (await (await client.get("/console/api/cases")).json())["cases"]
    only_closed = (await (await client.get("/console/api/cases?status=closed")).json())["cases"]

    assert [case["id"] for case in default] == [still_open]
    assert [case["id"] for case in only_closed] == [done]


@pytest.mark.parametrize("status", ["bogus", "new,bogus", ",", "NEW"])
async def test_an_unknown_status_filter_is_400(alice: tuple[Client, str], status: str) -> None:
    client, _ = alice

    response = await client.get("/console/api/cases", params={"status": status})

    assert response.status == 400
    assert "status" in (await response.json())["error"]


async def test_a_case_comes_with_its_transcript_and_the_view_is_audited(
    alice: tuple[Client, str], make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    client, _ = alice
    request_id, conversation_id = make_case(
        messages=((Sender.BOT, "How can I help?"), (Sender.FAMILY, "My son needs help."))
    )

    response = await client.get(f"/console/api/cases/{request_id}")

    assert response.status == 200
    body = await response.json()
    assert body["id"] == request_id
    assert [(m["from"], m["text"]) for m in body["transcript"]] == [
        ("bot", "How can I help?"),
        ("family", "My son needs help."),
    ]
    assert "conversation_id" not in body  # the family's web-chat credential stays private
    assert conversation_id not in await response.text()
    assert audit_actions(sessions, request_id) == ["request.created", "request.viewed"]


async def test_another_teams_case_is_403_everywhere_and_the_attempt_is_audited(
    alice: tuple[Client, str], make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    client, token = alice
    theirs, _ = make_case(Team.SAFEGUARDING, summary="private to safeguarding")

    view = await client.get(f"/console/api/cases/{theirs}")
    changes = [
        await client.post(f"/console/api/cases/{theirs}/{action}", json=body, headers=csrf(token))
        for action, body in STATE_CHANGES
    ]

    assert view.status == 403
    assert "private to safeguarding" not in await view.text()
    assert [change.status for change in changes] == [403, 403, 403]
    row = request_row(sessions, theirs)
    assert (row.status, row.assigned_to_id) == ("new", None)
    assert audit_actions(sessions, theirs) == ["request.created", "request.view_denied"]


@pytest.mark.parametrize(
    "path",
    [
        "/console/api/cases/999999",
        "/console/api/cases/99999999999",
        "/console/api/cases/" + "9" * 5000,  # longer than int() reads
    ],
)
async def test_an_unknown_case_is_404(alice: tuple[Client, str], path: str) -> None:
    client, _ = alice

    response = await client.get(path)

    assert response.status == 404
    assert await response.json() == {"error": "no such request"}


@pytest.mark.parametrize("spelling", ["0{id}", "%D9%A3", "%EF%BC%91", "{id}.0"])
async def test_a_case_has_one_spelling_of_its_id(
    alice: tuple[Client, str], make_case: CaseFactory, spelling: str
) -> None:
    client, _ = alice
    request_id, _ = make_case()
    assert (await client.get(f"/console/api/cases/{request_id}")).status == 200

    # Arabic-Indic and fullwidth digits are digits to int(); here they are no id at all.
    response = await client.get("/console/api/cases/" + spelling.format(id=request_id))

    assert response.status == 404


@pytest.mark.parametrize(("action", "body"), STATE_CHANGES)
@pytest.mark.parametrize("token_header", [None, "", "wrong-token", "é-not-ascii"])
async def test_state_changes_without_the_right_csrf_token_are_403(
    alice: tuple[Client, str],
    make_case: CaseFactory,
    sessions: sessionmaker[Session],
    action: str,
    body: dict[str, str] | None,
    token_header: str | None,
) -> None:
    client, _ = alice
    request_id, _ = make_case()
    headers = {} if token_header is None else {"X-CSRF-Token": token_header}

    response = await client.post(
        f"/console/api/cases/{request_id}/{action}", json=body, headers=headers
    )

    assert response.status == 403
    assert "CSRF" in (await response.json())["error"]
    row = request_row(sessions, request_id)
    assert (row.status, row.assigned_to_id) == ("new", None)


async def test_another_sessions_csrf_token_does_not_work(
    alice: tuple[Client, str],
    new_client: ClientFactory,
    make_user: UserFactory,
    log_in: LogIn,
    make_case: CaseFactory,
) -> None:
    client, _ = alice
    make_user("bob")
    bobs_token = await log_in(await new_client(), "bob")
    request_id, _ = make_case()

    response = await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(bobs_token))

    assert response.status == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/console/api/cases"),
        ("GET", "/console/api/cases/1"),
        ("POST", "/console/api/cases/1/claim"),
        ("POST", "/console/api/cases/1/reply"),
        ("POST", "/console/api/cases/1/close"),
        ("POST", "/console/api/logout"),
    ],
)
async def test_without_a_session_everything_is_401(
    client: Client, make_case: CaseFactory, method: str, path: str
) -> None:
    make_case()

    response = await client.request(
        method, path, json={"text": "hi", "outcome": "x"}, headers=csrf("anything")
    )

    assert response.status == 401
    assert await response.json() == {"error": "Please log in."}


async def test_claiming_makes_me_the_named_practitioner(
    alice: tuple[Client, str], make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    client, token = alice
    request_id, conversation_id = make_case()

    response = await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))

    assert response.status == 200
    body = await response.json()
    assert (body["status"], body["assigned_to"], body["assigned_to_me"]) == (
        "claimed",
        "Alice Example",
        True,
    )
    assigned_to_id = request_row(sessions, request_id).assigned_to_id
    assert assigned_to_id is not None
    with sessions() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        assert (conversation.mode, conversation.named_practitioner_id) == (
            "practitioner",
            assigned_to_id,
        )


@pytest.mark.parametrize(
    "database_url",
    ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    indirect=True,
)
async def test_two_simultaneous_claims_one_wins_one_gets_409(
    new_client: ClientFactory,
    make_user: UserFactory,
    log_in: LogIn,
    make_case: CaseFactory,
    sessions: sessionmaker[Session],
) -> None:
    alice_id, bob_id = make_user("alice"), make_user("bob")
    alice, bob = await new_client(), await new_client()
    alice_token, bob_token = await log_in(alice, "alice"), await log_in(bob, "bob")

    for _ in range(5):  # a few rounds, so a lucky ordering cannot hide a broken claim
        request_id, _ = make_case()
        responses = await asyncio.gather(
            alice.post(f"/console/api/cases/{request_id}/claim", headers=csrf(alice_token)),
            bob.post(f"/console/api/cases/{request_id}/claim", headers=csrf(bob_token)),
        )

        assert sorted(response.status for response in responses) == [200, 409]
        loser = next(response for response in responses if response.status == 409)
        assert await loser.json() == {"error": "this request has already been claimed"}
        winner_id = alice_id if responses[0].status == 200 else bob_id
        assert request_row(sessions, request_id).assigned_to_id == winner_id
        assert audit_actions(sessions, request_id).count("request.claimed") == 1


async def test_a_reply_is_stored_then_pushed_to_the_family(
    alice: tuple[Client, str], make_case: CaseFactory, notifier: Any
) -> None:
    client, token = alice
    request_id, conversation_id = make_case()
    await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))
    notifier.calls.clear()  # the claim told the family who holds the baton
    notifier.committed_at_push.clear()

    response = await client.post(
        f"/console/api/cases/{request_id}/reply",
        json={"text": "  Hello, I'm Alice.\nHow can I help?  "},
        headers=csrf(token),
    )

    assert response.status == 201
    body = await response.json()
    message = body["message"]
    assert set(body) == {"message"}
    assert (message["from"], message["text"]) == (
        "practitioner",
        "Hello, I'm Alice.\nHow can I help?",
    )
    assert message["practitioner"] == {"name": "Alice Example", "team": "early-help"}
    assert notifier.calls == [(conversation_id, message)]
    assert notifier.committed_at_push == [True]
    transcript = (await (await client.get(f"/console/api/cases/{request_id}")).json())["transcript"]
    assert transcript[-1] == message


async def test_a_failed_push_still_keeps_the_reply_and_logs_no_words(
    alice: tuple[Client, str],
    make_case: CaseFactory,
    notifier: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, token = alice
    request_id, _ = make_case()
    await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))
    notifier.fail = True

    with caplog.at_level(logging.DEBUG):
        response = await client.post(
            f"/console/api/cases/{request_id}/reply",
            json={"text": "Secret family matter"},
            headers=csrf(token),
        )

    assert response.status == 201
    transcript = (await (await client.get(f"/console/api/cases/{request_id}")).json())["transcript"]
    assert transcript[-1]["text"] == "Secret family matter"
    assert "Secret family matter" not in caplog.text
    assert "telegram said no" not in caplog.text


async def test_replying_before_claiming_is_409_and_nothing_is_sent(
    alice: tuple[Client, str],
    make_case: CaseFactory,
    notifier: Any,
    sessions: sessionmaker[Session],
) -> None:
    client, token = alice
    request_id, conversation_id = make_case()

    response = await client.post(
        f"/console/api/cases/{request_id}/reply", json={"text": "Hello"}, headers=csrf(token)
    )

    assert response.status == 409
    assert notifier.calls == []
    with sessions() as session:
        senders = session.scalars(
            select(Message.sender).where(Message.conversation_id == conversation_id)
        ).all()
    assert "practitioner" not in senders


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "   \n "},
        {"text": 42},
        {"text": None},
        {"text": ["hi"]},
        {"text": "x" * 2001},
        {"text": "\u200b\ufeff"},  # would reach the family as a blank message
    ],
)
async def test_invalid_replies_are_400(
    alice: tuple[Client, str], make_case: CaseFactory, notifier: Any, body: dict[str, Any]
) -> None:
    client, token = alice
    request_id, _ = make_case()
    await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))
    notifier.calls.clear()  # the claim told the family who holds the baton
    notifier.committed_at_push.clear()

    response = await client.post(
        f"/console/api/cases/{request_id}/reply", json=body, headers=csrf(token)
    )

    assert response.status == 400
    assert set(await response.json()) == {"error"}
    assert notifier.calls == []


async def test_a_reply_of_exactly_2000_characters_is_accepted(
    alice: tuple[Client, str], make_case: CaseFactory
) -> None:
    client, token = alice
    request_id, _ = make_case()
    await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))

    response = await client.post(
        f"/console/api/cases/{request_id}/reply", json={"text": "x" * 2000}, headers=csrf(token)
    )

    assert response.status == 201


async def test_closing_records_the_outcome_and_hands_back_to_the_assistant(
    alice: tuple[Client, str], make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    client, token = alice
    request_id, conversation_id = make_case()
    await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))

    response = await client.post(
        f"/console/api/cases/{request_id}/close",
        json={"outcome": "Referred to a parenting course"},
        headers=csrf(token),
    )
    again = await client.post(
        f"/console/api/cases/{request_id}/close", json={"outcome": "Again"}, headers=csrf(token)
    )
    reply = await client.post(
        f"/console/api/cases/{request_id}/reply", json={"text": "Too late"}, headers=csrf(token)
    )

    assert response.status == 200
    body = await response.json()
    assert (body["status"], body["outcome"]) == ("closed", "Referred to a parenting course")
    assert body["closed_at"] is not None
    assert again.status == 409
    assert reply.status == 409
    with sessions() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None and conversation.mode == "bot"
    assert request_row(sessions, request_id).outcome == "Referred to a parenting course"


@pytest.mark.parametrize(
    "body", [{}, {"outcome": ""}, {"outcome": "  "}, {"outcome": 3}, {"outcome": "x" * 121}]
)
async def test_closing_needs_a_short_outcome(
    alice: tuple[Client, str],
    make_case: CaseFactory,
    sessions: sessionmaker[Session],
    body: dict[str, Any],
) -> None:
    client, token = alice
    request_id, _ = make_case()

    response = await client.post(
        f"/console/api/cases/{request_id}/close", json=body, headers=csrf(token)
    )

    assert response.status == 400
    assert request_row(sessions, request_id).status == "new"


async def test_unexpected_failures_are_a_plain_500_without_their_text(
    alice: tuple[Client, str],
    make_case: CaseFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, token = alice
    request_id, _ = make_case(kind=RequestKind.BOOKING)

    async def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("INSERT ... ('my daughter is being bullied')")

    monkeypatch.setattr(service, "claim", explode)
    with caplog.at_level(logging.DEBUG):
        response = await client.post(f"/console/api/cases/{request_id}/claim", headers=csrf(token))

    assert response.status == 500
    text = await response.text()
    assert "bullied" not in text and "INSERT" not in text
    assert (await response.json())["error"].startswith("Something went wrong")
    assert "bullied" not in caplog.text
    assert "RuntimeError" in caplog.text
