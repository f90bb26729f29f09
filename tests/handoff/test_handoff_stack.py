"""The handoff journey through the real processes (Rasa, action server, gateway), over
HTTP, and the console checked in Debian's headless Chromium.

One stack serves the whole module (starting Rasa is slow); each test uses its own
conversations and practitioner accounts, so the tests do not depend on each other's
order. Screenshots go to a temporary folder; set BATON_SCREENSHOTS=docs/console
to refresh the ones kept in ``docs/console/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from playwright.async_api import async_playwright
from sqlalchemy import select

from bot.config import ROOT
from bot.db import make_engine, make_sessionmaker
from bot.models import CaseRequest
from bot.stack import Stack
from tests.integration.stack import add_practitioner, sqlite_stack

pytestmark = pytest.mark.stack
PASSWORD = "correct horse battery staple"
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    with sqlite_stack(tmp_path_factory, "handoff-stack") as running:
        yield running


def requests_of(database_url: str, conversation_id: str) -> list[CaseRequest]:
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            return list(
                session.scalars(
                    select(CaseRequest).where(CaseRequest.conversation_id == conversation_id)
                ).all()
            )
    finally:
        engine.dispose()


class Family:
    def __init__(self, http: aiohttp.ClientSession) -> None:
        self.http = http
        self.cid = ""

    async def open(self) -> None:
        async with self.http.post("/api/conversations") as response:
            assert response.status == 201
            self.cid = (await response.json())["conversation_id"]

    async def say(self, text: str) -> list[dict[str, Any]]:
        async with self.http.post(
            f"/api/conversations/{self.cid}/messages", json={"text": text}
        ) as response:
            assert response.status == 200, await response.text()
            return list((await response.json())["messages"])

    async def history(self) -> list[dict[str, Any]]:
        async with self.http.get(f"/api/conversations/{self.cid}/messages?after=0") as response:
            return list((await response.json())["messages"])


async def console_login(http: aiohttp.ClientSession, username: str) -> dict[str, str]:
    async with http.post(
        "/console/api/login", json={"username": username, "password": PASSWORD}
    ) as response:
        assert response.status == 200
        return {"X-CSRF-Token": (await response.json())["csrf_token"]}


def joined(messages: list[dict[str, Any]]) -> str:
    return " | ".join(m["text"] for m in messages)


async def test_handoff_with_consent_then_reply_family_reply_and_hand_back(
    stack: tuple[Stack, str],
) -> None:
    running, url = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    add_practitioner(url, "sam", "Sam Taylor", "early-help", PASSWORD)
    async with (
        aiohttp.ClientSession(base) as http,
        aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as console,
    ):
        family = Family(http)
        await family.open()
        asked = await family.say("I need help with my teenager, can I talk to someone")
        assert "In your own words" in joined(asked)
        assert "children" in joined(await family.say("my son is 14 and refuses to go to school"))
        assert "contact you" in joined(await family.say("he is 14, his sister is 8"))
        consent = await family.say("reply here please, evenings are best")
        assert "Nothing is shared unless you say yes" in joined(consent)
        assert consent[-1]["buttons"][0]["payload"] == "/affirm"
        assert requests_of(url, family.cid) == []  # nothing before consent
        async with http.post(
            f"/api/conversations/{family.cid}/messages", json={"payload": "/affirm"}
        ) as response:
            created = joined((await response.json())["messages"])
        assert "I've passed this to the team" in created
        assert "sample values, still to be confirmed by the council" in created
        assert "keep messaging here" in created
        [request] = requests_of(url, family.cid)
        assert "my son is 14 and refuses to go to school" in request.summary
        assert "he is 14, his sister is 8" in request.summary
        assert "evenings are best" in request.summary
        assert (request.team, request.status) == ("early-help", "new")

        csrf = await console_login(console, "sam")
        async with console.post(f"/console/api/cases/{request.id}/claim", headers=csrf) as r:
            assert r.status == 200
        async with console.post(
            f"/console/api/cases/{request.id}/reply", json={"text": "Hi, I'm Sam."}, headers=csrf
        ) as r:
            assert r.status == 201
        history = await family.history()
        assert "Sam Taylor from the Early Help team has picked up" in joined(history)
        assert history[-1]["practitioner"] == {"name": "Sam Taylor", "team": "early-help"}

        assert await family.say("Thanks Sam, after 6pm is best") == []
        async with console.get(f"/console/api/cases/{request.id}") as r:
            transcript = (await r.json())["transcript"]
        assert transcript[-1]["text"] == "Thanks Sam, after 6pm is best"

        async with console.post(f"/console/api/cases/{request.id}/handback", headers=csrf) as r:
            assert r.status == 200
        answer = await family.say("what is early help")
        assert answer and answer[0]["from"] == "bot"
        assert "Source:" in joined(answer)


async def test_no_consent_and_stop_share_nothing(stack: tuple[Stack, str]) -> None:
    running, url = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    async with aiohttp.ClientSession(base) as http:
        declined = Family(http)
        await declined.open()
        await declined.say("can I speak to a person")
        # (Not "things are hard at home since my partner left": the safety check's
        # learned layer takes that for a disclosure, a known false positive.)
        await declined.say("my son wont go to bed and we are all exhausted")
        # A name for an age is asked again once (Rasa names the response on its event).
        assert "couldn't see an age" in joined(await declined.say("Sam"))
        assert "contact you" in joined(await declined.say("3 and 6"))
        await declined.say("email me")
        refused = joined(await declined.say("no"))
        assert "I haven't shared anything with the team" in refused
        assert requests_of(url, declined.cid) == []

        stopped = Family(http)
        await stopped.open()
        await stopped.say("can someone call me")
        await stopped.say("my daughter is struggling with her anxiety")
        assert "nothing has been shared" in joined(await stopped.say("never mind"))
        assert requests_of(url, stopped.cid) == []
        # The assistant carries on normally afterwards.
        assert "Source:" in joined(await stopped.say("what is early help"))


async def test_console_renders_hostile_text_inert_in_chromium_and_screenshots(
    stack: tuple[Stack, str], tmp_path: Path
) -> None:
    running, url = stack
    wanted = os.environ.get("BATON_SCREENSHOTS")
    screenshots = ROOT / wanted if wanted else tmp_path
    screenshots.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    add_practitioner(url, "robin", 'Robin <b onmouseover="x()">Lee</b>', "early-help", PASSWORD)
    async with aiohttp.ClientSession(base) as http:
        family = Family(http)
        await family.open()
        await family.say("can I talk to someone please")
        # An ordinary worry: the safety check must not take this one (it is about the
        # console). With "we keep arguing", markup raised the learned score to 0.96.
        await family.say(f"My daughter is 15 and we argue about her phone {XSS}")
        await family.say("15")
        await family.say("reply here, weekday evenings")
        await family.say("yes")
        await family.say("Thank you. Also " + XSS)
    [request] = requests_of(url, family.cid)

    # Playwright is pinned in the app venv and Debian's chromium is used: never skipped.
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: dialogs.append(dialog.message))
            await page.goto(f"{base}/console/login")
            await page.fill("#username", "robin")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/console/")
            await page.screenshot(path=str(screenshots / "queue.png"), full_page=True)
            assert await page.locator("table.queue tbody tr").count() >= 1

            await page.goto(f"{base}/console/cases/{request.id}")
            await page.click("text=Claim this request")
            await page.wait_for_url(f"**/console/cases/{request.id}?done=claimed")
            await page.fill(
                "#reply-text", "Hello, I'm Robin from Early Help. How are things today?"
            )
            await page.click("text=Send reply")
            await page.wait_for_url(f"**/console/cases/{request.id}?done=replied")
            await page.screenshot(path=str(screenshots / "conversation.png"), full_page=True)

            # Hostile text is shown as text: no script ran, no element was created.
            assert await page.evaluate("window.__pwned") is None
            assert dialogs == []
            transcript = page.locator("ol.transcript")
            assert await transcript.locator("img").count() == 0
            assert await transcript.locator("script").count() == 0
            assert XSS in await transcript.inner_text()
            assert await page.locator("header b").count() == 0
            assert '<b onmouseover="x()">' in await page.locator("header").inner_text()
        finally:
            await browser.close()
    assert (screenshots / "queue.png").stat().st_size > 10_000
    assert (screenshots / "conversation.png").stat().st_size > 10_000
