"""The HTML console: forms with CSRF tokens, post/redirect/get, escaping, headers."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.conversations import append_message
from bot.console import service, views
from bot.models import CaseRequest, ConsoleSession, Priority, Sender, Team

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
CaseFactory = Callable[..., tuple[int, str]]
LogIn = Callable[..., Awaitable[str]]

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)


class Page(HTMLParser):
    """The elements of a page, to check structure rather than match strings."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def all_text(self) -> str:
        return "".join(self.text)

    def csrf_token(self) -> str:
        values = {
            attrs.get("value") for attrs in self.tags("input") if attrs.get("name") == "csrf_token"
        }
        assert len(values) == 1, values
        value = values.pop()
        assert value
        return value


async def form_login(client: Client, username: str, password: str) -> aiohttp.ClientResponse:
    return await client.post(
        "/console/login", data={"username": username, "password": password}, allow_redirects=False
    )


async def page(client: Client, path: str) -> tuple[aiohttp.ClientResponse, Page]:
    response = await client.get(path, allow_redirects=False)
    return response, Page(await response.text())


@pytest.fixture
async def alice(new_client: ClientFactory, make_user: UserFactory, password: str) -> Client:
    """Alice of Early Help, logged in through the login form."""
    make_user("alice", Team.EARLY_HELP, name="Alice Example")
    client = await new_client()
    response = await form_login(client, "alice", password)
    assert response.status == 303
    return client


async def test_logged_out_pages_redirect_to_the_login_form(
    client: Client, make_case: CaseFactory
) -> None:
    request_id, _ = make_case()
    for path in ["/console", "/console/", f"/console/cases/{request_id}"]:
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"] in {"/console/login", "/console/"}
    response = await client.get("/console/", allow_redirects=False)
    assert response.headers["Location"] == "/console/login"


async def test_the_login_form_is_labelled(client: Client) -> None:
    response, login_page = await page(client, "/console/login")

    assert response.status == 200
    assert response.content_type == "text/html"
    [form] = login_page.tags("form")
    assert (form["method"], form["action"]) == ("post", "/console/login")
    labelled = {attrs["for"] for attrs in login_page.tags("label")}
    assert labelled == {"username", "password"}
    assert {attrs["id"] for attrs in login_page.tags("input")} >= {"username", "password"}


async def test_form_login_sets_the_cookie_and_redirects_to_the_queue(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    response = await form_login(client, "alice", password)

    assert response.status == 303
    assert response.headers["Location"] == "/console/"
    [cookie] = response.headers.getall("Set-Cookie")
    assert cookie.startswith("baton_console=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    queue, _ = await page(client, "/console/")
    assert queue.status == 200


async def test_a_failed_form_login_says_so_without_saying_which_part_was_wrong(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    wrong = await form_login(client, "alice", "not the password")
    unknown = await form_login(client, "nobody", password)

    assert (wrong.status, unknown.status) == (401, 401)
    assert "Wrong username or password." in await wrong.text()
    assert "Wrong username or password." in await unknown.text()
    assert "Set-Cookie" not in wrong.headers


async def test_a_typed_username_is_echoed_back_escaped(client: Client) -> None:
    response = await form_login(client, '"><script>alert(1)</script>', "whatever password")

    login_page = Page(await response.text())
    assert login_page.tags("script") == []
    assert '"><script>alert(1)</script>' in {
        attrs.get("value") for attrs in login_page.tags("input")
    }


async def test_the_queue_is_a_table_with_urgent_requests_first_and_marked(
    alice: Client, make_case: CaseFactory
) -> None:
    make_case(summary="Normal one")
    make_case(summary="Urgent one", priority=Priority.URGENT)
    make_case(Team.CARE_LEAVERS, summary="Another team's")

    response, queue = await page(alice, "/console/")

    assert response.status == 200
    headers = [
        text.strip()
        for text in re.findall(r"<th scope=\"col\">([^<]*)</th>", await response.text())
    ]
    assert headers == ["Priority", "Status", "Kind", "Waited (target)", "Summary", "Assignee"]
    rows = [attrs for attrs in queue.tags("tr")][1:]  # the first is the header row
    assert [row.get("class") for row in rows] == ["urgent", ""]
    text = queue.all_text()
    assert text.index("Urgent one") < text.index("Normal one")
    assert "Urgent" in text and "Another team's" not in text


async def test_the_case_page_shows_who_said_what(
    alice: Client, make_case: CaseFactory, password: str
) -> None:
    request_id, _ = make_case(
        messages=((Sender.BOT, "How can I help?"), (Sender.FAMILY, "I need support."))
    )
    _, case_page = await page(alice, f"/console/cases/{request_id}")
    token = case_page.csrf_token()
    await alice.post(
        f"/console/cases/{request_id}/claim", data={"csrf_token": token}, allow_redirects=False
    )
    await alice.post(
        f"/console/cases/{request_id}/reply",
        data={"csrf_token": token, "text": "Hello, it's Alice."},
        allow_redirects=False,
    )

    response, case_page = await page(alice, f"/console/cases/{request_id}")

    assert response.status == 200
    classes = [
        attrs["class"]
        for attrs in case_page.tags("li")
        if attrs.get("class", "").startswith("message")
    ]
    assert classes[:4] == [
        "message message-bot",
        "message message-family",
        "message message-bot",  # the family is told who picked up their request
        "message message-practitioner",
    ]
    text = case_page.all_text()
    assert "Assistant" in text and "Family" in text and "Practitioner: Alice Example" in text


async def test_family_text_is_rendered_inert(
    alice: Client, make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    request_id, conversation_id = make_case(summary=XSS, messages=((Sender.FAMILY, XSS),))
    with sessions.begin() as session:
        append_message(
            session,
            conversation_id,
            Sender.BOT,
            "Pick one",
            buttons=[{"title": XSS, "payload": "/x"}],
        )

    for path in [f"/console/cases/{request_id}", "/console/"]:
        response = await alice.get(path)
        html = await response.text()
        rendered = Page(html)
        assert rendered.tags("script") == [] and rendered.tags("img") == [], path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        assert XSS in rendered.all_text()


async def test_a_practitioner_name_is_rendered_inert(
    new_client: ClientFactory, make_user: UserFactory, make_case: CaseFactory, password: str
) -> None:
    make_user("mallory", name=XSS)
    client = await new_client()
    await form_login(client, "mallory", password)
    request_id, _ = make_case()
    _, case_page = await page(client, f"/console/cases/{request_id}")
    token = case_page.csrf_token()
    await client.post(f"/console/cases/{request_id}/claim", data={"csrf_token": token})
    await client.post(
        f"/console/cases/{request_id}/reply", data={"csrf_token": token, "text": "hi"}
    )

    for path in ["/console/", f"/console/cases/{request_id}"]:
        rendered = Page(await (await client.get(path)).text())
        assert rendered.tags("script") == [] and rendered.tags("img") == [], path
        assert XSS in rendered.all_text()


@pytest.mark.parametrize("action", ["claim", "reply", "close"])
@pytest.mark.parametrize("token", [None, "", "forged"])
async def test_forms_without_the_right_csrf_token_are_403(
    alice: Client,
    make_case: CaseFactory,
    sessions: sessionmaker[Session],
    action: str,
    token: str | None,
) -> None:
    request_id, _ = make_case()
    data: dict[str, str] = {"text": "hello", "outcome": "done"}
    if token is not None:
        data["csrf_token"] = token

    response = await alice.post(
        f"/console/cases/{request_id}/{action}", data=data, allow_redirects=False
    )

    assert response.status == 403
    assert "form has expired" in await response.text()
    with sessions() as session:
        row = session.get(CaseRequest, request_id)
        assert row is not None and (row.status, row.assigned_to_id) == ("new", None)


async def test_the_api_csrf_header_does_not_stand_in_for_the_form_field(
    alice: Client, make_case: CaseFactory
) -> None:
    request_id, _ = make_case()
    _, case_page = await page(alice, f"/console/cases/{request_id}")

    response = await alice.post(
        f"/console/cases/{request_id}/claim",
        data={},
        headers={"X-CSRF-Token": case_page.csrf_token()},
        allow_redirects=False,
    )

    assert response.status == 403


async def test_claim_reply_close_by_form_post_redirect_get(
    alice: Client, make_case: CaseFactory, notifier: Any, sessions: sessionmaker[Session]
) -> None:
    request_id, conversation_id = make_case()
    _, case_page = await page(alice, f"/console/cases/{request_id}")
    token = case_page.csrf_token()
    assert [attrs["action"] for attrs in case_page.tags("form")] == [
        "/console/logout",
        f"/console/cases/{request_id}/claim",
        f"/console/cases/{request_id}/close",
        f"/console/cases/{request_id}/notes",
    ]

    claimed = await alice.post(
        f"/console/cases/{request_id}/claim", data={"csrf_token": token}, allow_redirects=False
    )
    assert claimed.status == 303
    assert claimed.headers["Location"] == f"/console/cases/{request_id}?done=claimed"
    _, case_page = await page(alice, claimed.headers["Location"])
    assert "You now hold this request." in case_page.all_text()
    assert f"/console/cases/{request_id}/reply" in [a["action"] for a in case_page.tags("form")]

    replied = await alice.post(
        f"/console/cases/{request_id}/reply",
        data={"csrf_token": token, "text": "We can help with that."},
        allow_redirects=False,
    )
    assert replied.status == 303
    assert replied.headers["Location"] == f"/console/cases/{request_id}?done=replied"
    assert [(conversation, message["text"]) for conversation, message in notifier.calls][1:] == [
        (conversation_id, "We can help with that.")
    ]
    assert "Alice Example from the Early Help team" in notifier.calls[0][1]["text"]

    closed = await alice.post(
        f"/console/cases/{request_id}/close",
        data={"csrf_token": token, "outcome": "Advice given"},
        allow_redirects=False,
    )
    assert closed.status == 303
    _, case_page = await page(alice, closed.headers["Location"])
    assert [attrs["action"] for attrs in case_page.tags("form")] == [
        "/console/logout",
        f"/console/cases/{request_id}/reopen",
        f"/console/cases/{request_id}/notes",
    ]
    assert "Advice given" in case_page.all_text()
    with sessions() as session:
        row = session.get(CaseRequest, request_id)
        assert row is not None and (row.status, row.outcome) == ("closed", "Advice given")


async def test_an_empty_reply_is_refused_on_the_page(
    alice: Client, make_case: CaseFactory, notifier: Any
) -> None:
    request_id, _ = make_case()
    _, case_page = await page(alice, f"/console/cases/{request_id}")
    token = case_page.csrf_token()
    await alice.post(f"/console/cases/{request_id}/claim", data={"csrf_token": token})
    notifier.calls.clear()  # the claim told the family who holds the baton

    response = await alice.post(
        f"/console/cases/{request_id}/reply",
        data={"csrf_token": token, "text": "   "},
        allow_redirects=False,
    )

    assert response.status == 400
    assert "must not be empty" in Page(await response.text()).all_text()
    assert notifier.calls == []


async def test_losing_a_claim_race_on_the_page_is_409_with_an_explanation(
    alice: Client,
    new_client: ClientFactory,
    make_user: UserFactory,
    make_case: CaseFactory,
    log_in: LogIn,
) -> None:
    request_id, _ = make_case()
    make_user("bob", name="Bob Example")
    bob = await new_client()
    bob_token = await log_in(bob, "bob")
    _, case_page = await page(alice, f"/console/cases/{request_id}")
    assert (
        await bob.post(
            f"/console/api/cases/{request_id}/claim", headers={"X-CSRF-Token": bob_token}
        )
    ).status == 200

    response = await alice.post(
        f"/console/cases/{request_id}/claim",
        data={"csrf_token": case_page.csrf_token()},
        allow_redirects=False,
    )

    assert response.status == 409
    text = Page(await response.text()).all_text()
    assert "already been claimed" in text and "Bob Example" in text


async def test_another_teams_case_page_is_403_and_shows_nothing_of_it(
    alice: Client, make_case: CaseFactory
) -> None:
    theirs, _ = make_case(
        Team.SAFEGUARDING, summary="Safeguarding only", messages=((Sender.FAMILY, "private words"),)
    )

    response = await alice.get(f"/console/cases/{theirs}")
    unknown = await alice.get("/console/cases/424242")

    assert response.status == 403
    html = await response.text()
    assert "Safeguarding only" not in html and "private words" not in html
    assert unknown.status == 404


async def test_form_logout_needs_the_token_and_ends_the_session(
    alice: Client, sessions: sessionmaker[Session]
) -> None:
    _, queue = await page(alice, "/console/")

    refused = await alice.post("/console/logout", data={}, allow_redirects=False)
    assert refused.status == 403
    response = await alice.post(
        "/console/logout", data={"csrf_token": queue.csrf_token()}, allow_redirects=False
    )

    assert response.status == 303
    assert response.headers["Location"] == "/console/login?done=logged-out"
    with sessions() as session:
        assert session.scalars(select(ConsoleSession)).all() == []
    after, _ = await page(alice, "/console/")
    assert after.status == 303


async def test_posting_a_form_while_logged_out_changes_nothing(
    client: Client, make_case: CaseFactory, sessions: sessionmaker[Session]
) -> None:
    request_id, _ = make_case()

    response = await client.post(
        f"/console/cases/{request_id}/claim", data={"csrf_token": "x"}, allow_redirects=False
    )

    assert response.status == 303
    assert response.headers["Location"] == "/console/login"
    with sessions() as session:
        row = session.get(CaseRequest, request_id)
        assert row is not None and row.status == "new"


@pytest.mark.parametrize(
    "path",
    [
        "/console/login",
        "/console/",
        "/console/cases/{id}",
        "/console/cases/999999",
        "/console/static/console.css",
        "/console/api/me",
        "/console/api/cases",
        "/console",
        "/console/cases/{other}",
    ],
)
async def test_every_console_response_carries_the_security_headers(
    alice: Client, make_case: CaseFactory, path: str
) -> None:
    request_id, _ = make_case()
    other, _ = make_case(Team.SAFEGUARDING)

    response = await alice.get(path.format(id=request_id, other=other), allow_redirects=False)

    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


async def test_errors_outside_the_handlers_carry_the_headers_too(client: Client) -> None:
    for response in [
        await client.get("/console/no-such-page"),
        await client.put("/console/api/login"),
    ]:
        assert response.status in {404, 405}
        assert response.headers["Content-Security-Policy"] == CSP


async def test_the_stylesheet_is_served_from_the_console(client: Client) -> None:
    response = await client.get("/console/static/console.css")

    assert response.status == 200
    assert response.content_type == "text/css"


async def test_pages_use_no_inline_script_style_or_outside_assets(
    alice: Client, make_case: CaseFactory
) -> None:
    request_id, _ = make_case(priority=Priority.URGENT)
    anonymous_login = Page(await (await alice.get("/console/login")).text())
    pages = [
        Page(await (await alice.get(path)).text())
        for path in ["/console/", f"/console/cases/{request_id}"]
    ] + [anonymous_login]

    for rendered in pages:
        assert rendered.tags("script") == [] and rendered.tags("style") == []
        for _tag, attrs in rendered.elements:
            assert "style" not in attrs
            assert not [name for name in attrs if name.startswith("on")]
            for url_attribute in ("href", "src", "action"):
                url = attrs.get(url_attribute)
                assert url is None or url.startswith(("/", "#")), url
        assert [attrs["href"] for attrs in rendered.tags("link")] == ["/console/static/console.css"]


@pytest.mark.parametrize("target", ["current_user", "list_cases"])
async def test_unexpected_failures_show_a_plain_500_page_without_their_text(
    alice: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, target: str
) -> None:
    async def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("SELECT ... ('my daughter is being bullied')")

    monkeypatch.setattr(views if target == "current_user" else service, target, explode)
    with caplog.at_level(logging.DEBUG):
        response = await alice.get("/console/", allow_redirects=False)

    assert response.status == 500
    html = await response.text()
    assert "Something went wrong on our side" in html
    assert "bullied" not in html and "bullied" not in caplog.text
    assert response.headers["Content-Security-Policy"] == CSP
