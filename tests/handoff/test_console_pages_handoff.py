"""The console's HTML forms for the handoff actions: post/redirect/get, CSRF, roles."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.models import Team
from tests.handoff.conftest import PASSWORD, Browser, BrowserFactory
from tests.handoff.test_handoff_over_http import open_request

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


async def page(person: Browser, path: str) -> tuple[int, str]:
    async with person.http.get(path) as response:
        return response.status, await response.text()


async def form_post(
    person: Browser, path: str, data: dict[str, str], *, token: str | None
) -> tuple[int, str, str]:
    fields = {**data, **({"csrf_token": token} if token else {})}
    async with person.http.post(path, data=fields, allow_redirects=False) as response:
        return response.status, response.headers.get("Location", ""), await response.text()


async def logged_in(browser: BrowserFactory, username: str) -> tuple[Browser, str]:
    person = await browser()
    await person.log_in(username)
    _, html = await page(person, "/console/")
    match = TOKEN.search(html)
    assert match is not None
    return person, match.group(1)


async def test_note_wait_hand_back_and_pass_on_by_form(
    browser: BrowserFactory, make_user: Any, sessions: sessionmaker[Session]
) -> None:
    make_user("sam", name="Sam Taylor")
    make_user("alex", name="Alex Kay")
    family = await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    sam, token = await logged_in(browser, "sam")
    base = f"/console/cases/{case_id}"
    assert (await form_post(sam, base + "/claim", {}, token=token))[1] == base + "?done=claimed"

    for action, data, done in (
        ("/notes", {"text": "Call after school <i>hours</i>"}, "noted"),
        ("/waiting", {}, "waiting"),
        ("/handback", {}, "handed-back"),
        ("/reassign", {"to": "alex", "team": "", "note": "Alex knows the family"}, "reassigned"),
    ):
        status, location, _ = await form_post(sam, base + action, data, token=None)
        assert status == 403, action  # no CSRF token, nothing done
        status, location, _ = await form_post(sam, base + action, data, token=token)
        assert (status, location) == (303, f"{base}?done={done}"), action

    alex, _ = await logged_in(browser, "alex")
    status, html = await page(alex, base)
    assert status == 200
    assert "Call after school &lt;i&gt;hours&lt;/i&gt;" in html
    assert "Alex knows the family" in html
    assert "request.reassigned" in html  # the audit trail beside the request


async def test_a_reassignment_without_a_note_is_refused_on_the_page(
    browser: BrowserFactory, make_user: Any, sessions: sessionmaker[Session]
) -> None:
    make_user("sam", name="Sam Taylor")
    family = await browser()
    await family.open_chat()
    case_id = open_request(sessions, family.conversation_id)
    sam, token = await logged_in(browser, "sam")
    base = f"/console/cases/{case_id}"
    await form_post(sam, base + "/claim", {}, token=token)
    status, _, html = await form_post(
        sam, base + "/reassign", {"team": "care-leavers", "note": ""}, token=token
    )
    assert status == 400
    assert "Please write a note." in html


async def test_link_code_page_workload_and_accounts_by_role(
    browser: BrowserFactory, make_user: Any
) -> None:
    make_user("pat", Team.CARE_LEAVERS, name="Pat Jones")
    make_user("mo", Team.CARE_LEAVERS, name="Mo Manager", role="manager")
    pat, token = await logged_in(browser, "pat")
    status, _, html = await form_post(pat, "/console/link-code", {}, token=token)
    assert status == 200
    assert re.search(r'class="link-code">[A-Z2-9]{4}-[A-Z2-9]{4}<', html)
    assert (await form_post(pat, "/console/link-code", {}, token=None))[0] == 403
    assert (await page(pat, "/console/workload"))[0] == 403
    assert (await page(pat, "/console/accounts"))[0] == 403
    mo, _ = await logged_in(browser, "mo")
    status, html = await page(mo, "/console/workload")
    assert status == 200 and "Pat Jones" in html
    assert (await page(mo, "/console/accounts"))[0] == 403


async def test_an_admin_adds_and_deactivates_accounts_by_form(
    browser: BrowserFactory, make_user: Any
) -> None:
    make_user("ada", name="Ada Admin", role="admin")
    ada, token = await logged_in(browser, "ada")
    new = {
        "username": "kim",
        "name": "Kim <Lee>",
        "team": "care-leavers",
        "role": "practitioner",
        "password": PASSWORD,
    }
    assert (await form_post(ada, "/console/accounts", new, token=None))[0] == 403
    status, _, html = await form_post(ada, "/console/accounts", new, token=token)
    assert status == 200 and "Kim &lt;Lee&gt;" in html
    kim = await browser()
    await kim.log_in("kim")
    status, _, html = await form_post(ada, "/console/accounts/kim/deactivate", {}, token=token)
    assert status == 200 and "deactivated" in html
    assert (await kim.get("/console/api/me"))[0] == 401
    status, _, html = await form_post(ada, "/console/accounts/ada/deactivate", {}, token=token)
    assert status == 400
