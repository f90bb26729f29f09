"""The web chat's pages as HTTP: security headers, and the "Get help now" page built
from the signposting contacts (never an invented number)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.gateway.app import create_app
from bot.gateway.help_page import NOT_SUPPLIED, render, tel_href
from bot.safety import NATIONAL_ONLY, Signposting, load_signposting

PAGES = ["/", "/help-now", "/static/privacy.html", "/static/chat.js", "/static/chat.css"]


@pytest.fixture
async def client(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TestClient]:
    for name in ("BATON_FRONT_DOOR_PHONE", "BATON_OUT_OF_HOURS_PHONE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(database_url=sqlite_url, rasa_url="http://127.0.0.1:9", rasa_timeout=1)
    async with TestClient(TestServer(create_app(settings), host="127.0.0.1")) as client:
        yield client


def numbers_in(html: str) -> set[str]:
    """Every run of 3+ digits (with spaces) on the page: what a reader could dial."""
    return {re.sub(r"\s", "", m) for m in re.findall(r"\d[\d ]{2,}\d", html)}


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_is_served_with_a_strict_content_security_policy(
    client: TestClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_pages_load_nothing_from_anywhere_else(client: TestClient) -> None:
    for path in ["/", "/help-now", "/static/privacy.html"]:
        html = await (await client.get(path)).text()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        local = [s for s in sources if s.startswith("/") or s.startswith("#")]
        external = [s for s in sources if s not in local]
        # Only links a person chooses to follow leave the site, and only these kinds.
        assert all(re.match(r"^(https://|tel:|mailto:)", s) for s in external), external
        assert "<script" not in html or '<script src="/static/chat.js" defer></script>' in html


async def test_help_now_shows_only_the_signposting_numbers(client: TestClient) -> None:
    html = await (await client.get("/help-now")).text()
    contacts = load_signposting(environ={})
    known = {re.sub(r"\s", "", c.number) for c in contacts.contacts.values() if c.number}
    assert numbers_in(html) <= known
    for key in ("childline", "nspcc", "samaritans"):
        number = contacts.contacts[key].number
        assert number is not None
        assert f'href="{tel_href(number)}"' in html
    assert 'href="tel:999"' in html
    assert "Text the word SHOUT to 85258" in html
    assert "sms:" not in html
    # The council's own lines are not known yet: the page says so.
    assert html.count(NOT_SUPPLIED) == 2


def test_a_council_number_configured_at_deploy_time_is_shown_and_dialable() -> None:
    contacts = load_signposting(environ={"BATON_FRONT_DOOR_PHONE": "01234 567890"})
    html = render(contacts)
    assert 'href="tel:01234567890"' in html
    assert "Call 01234 567890" in html
    assert html.count(NOT_SUPPLIED) == 1  # out of hours is still to be supplied


def test_without_the_signposting_file_the_national_lines_still_show() -> None:
    html = render(NATIONAL_ONLY)
    assert 'href="tel:08001111"' in html
    assert NOT_SUPPLIED in html
    assert "$" not in html  # every template slot was filled


def test_contact_text_is_escaped() -> None:
    childline = NATIONAL_ONLY.contacts["childline"]
    html = render(Signposting({"childline": replace(childline, name="<script>x</script>")}))
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
