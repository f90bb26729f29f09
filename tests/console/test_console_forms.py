"""Reading posted forms (bot.console.views.read_form): a body that is not a readable form
is a plain 400 page on every form action and the login form, never a 500, and changes
nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import AuditEvent, CaseNote, CaseRequest, Practitioner, Team

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
CaseFactory = Callable[..., tuple[int, str]]
LogIn = Callable[..., Awaitable[str]]

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=x"


def _part(headers: str, value: bytes = b"v") -> bytes:
    return b"--x\r\n" + headers.encode() + b"\r\n\r\n" + value + b"\r\n--x--\r\n"


UNREADABLE = {
    # What request.post() raised, each a 500 page before.
    "unknown charset (LookupError)": (b"\xff\xfe", f"{FORM}; charset=bogus"),
    "bytes not in the charset (UnicodeDecodeError)": (b"text=\xff\xfe", FORM),
    "part header without a colon (InvalidHeader)": (_part("broken"), MULTIPART),
    "no boundary line (ValueError)": (b"garbage", MULTIPART),
    "no boundary parameter (ValueError)": (b"x", "multipart/form-data"),
    "body ends inside a part (ValueError)": (
        b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nv',
        MULTIPART,
    ),
    "part in an unknown charset (LookupError)": (
        _part(
            'Content-Disposition: form-data; name="text"\r\nContent-Type: text/plain; charset=no'
        ),
        MULTIPART,
    ),
    "part with an unknown transfer encoding (RuntimeError)": (
        _part('Content-Disposition: form-data; name="text"\r\nContent-Transfer-Encoding: rot13'),
        MULTIPART,
    ),
}
ACTIONS = (
    "cases/{id}/claim",
    "cases/{id}/reply",
    "cases/{id}/close",
    "cases/{id}/reopen",
    "cases/{id}/waiting",
    "cases/{id}/handback",
    "cases/{id}/notes",
    "cases/{id}/reassign",
    "link-code",
    "accounts",
    "accounts/bob/deactivate",
    "logout",
)


@pytest.fixture
async def ada(
    new_client: ClientFactory, make_user: UserFactory, log_in: LogIn
) -> tuple[Client, str]:
    """Ada, an Early Help admin (so the account forms are hers to post), logged in."""
    make_user("ada", Team.EARLY_HELP, role="admin")
    make_user("bob", Team.EARLY_HELP)
    client = await new_client()
    return client, await log_in(client, "ada")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
async def test_an_unreadable_form_is_a_plain_400_page_and_changes_nothing(
    ada: tuple[Client, str],
    make_case: CaseFactory,
    sessions: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
    action: str,
    body: tuple[bytes, str],
) -> None:
    client, _ = ada
    request_id, _ = make_case()
    raw, content_type = body
    with sessions() as session:
        audited = session.scalars(select(AuditEvent.action)).all()

    with caplog.at_level(logging.WARNING):
        response = await client.post(
            "/console/" + action.format(id=request_id),
            data=raw,
            headers={"Content-Type": content_type},
            allow_redirects=False,
        )

    assert response.status == 400
    assert response.content_type == "text/html"
    assert "The form could not be read" in await response.text()
    assert "failed" not in caplog.text
    with sessions() as session:
        row = session.get_one(CaseRequest, request_id)
        assert (row.status, row.assigned_to_id) == ("new", None)
        assert session.scalars(select(CaseNote)).all() == []
        assert session.scalars(select(Practitioner.active)).all() == [True, True]
        assert session.scalars(select(AuditEvent.action)).all() == audited
    assert (await client.get("/console/", allow_redirects=False)).status == 200  # still logged in


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
async def test_an_unreadable_login_form_is_a_plain_400_page(
    new_client: ClientFactory, body: tuple[bytes, str]
) -> None:
    client = await new_client()
    raw, content_type = body

    response = await client.post(
        "/console/login", data=raw, headers={"Content-Type": content_type}, allow_redirects=False
    )

    assert response.status == 400
    assert "The form could not be read" in await response.text()


async def test_a_readable_multipart_form_still_works(
    ada: tuple[Client, str], make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    client, token = ada
    request_id, _ = make_case()
    raw = (
        b'--x\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + token.encode()
        + b"\r\n"
        + _part('Content-Disposition: form-data; name="text"', b"Called the school.")
    )

    response = await client.post(
        f"/console/cases/{request_id}/notes",
        data=raw,
        headers={"Content-Type": MULTIPART},
        allow_redirects=False,
    )

    assert response.status == 303
    with sessions() as session:
        assert session.scalars(select(CaseNote.text)).all() == ["Called the school."]
