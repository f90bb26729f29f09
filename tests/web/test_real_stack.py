"""The whole journey in Chromium against the real Rasa, action server and gateway:
a parent asks, is answered from the council's content, asks for a person, and sees
the practitioner's console reply arrive without refreshing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import aiohttp
import pytest
from playwright.async_api import Browser, expect

from tests.integration.stack import add_practitioner, sqlite_stack
from tests.web.conftest import WEB, new_context, watch

pytestmark = [*WEB, pytest.mark.stack]
PASSWORD = "correct horse battery staple"
SLOW = 60_000  # the real model on a shared machine


@pytest.fixture(scope="module")
def real_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    with sqlite_stack(tmp_path_factory, "web-stack") as (stack, url):
        yield f"http://127.0.0.1:{stack.config.gateway_port}", url


async def practitioner_replies(base: str, database_url: str, text: str) -> None:
    """What Sam does at the console: log in, claim the family's request, reply."""
    await asyncio.to_thread(
        add_practitioner, database_url, "sam_web", "Sam Taylor", "early-help", PASSWORD
    )
    jar = aiohttp.CookieJar(unsafe=True)  # the cookie is for the IP address 127.0.0.1
    async with aiohttp.ClientSession(base, cookie_jar=jar) as console:
        async with console.post(
            "/console/api/login", json={"username": "sam_web", "password": PASSWORD}
        ) as response:
            assert response.status == 200
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        async with console.get("/console/api/cases") as response:
            [case] = (await response.json())["cases"]
        async with console.post(f"/console/api/cases/{case['id']}/claim", headers=csrf) as r:
            assert r.status == 200
        async with console.post(
            f"/console/api/cases/{case['id']}/reply", json={"text": text}, headers=csrf
        ) as response:
            assert response.status == 201


async def test_a_parent_talks_to_the_assistant_and_then_to_a_person(
    browser: Browser, real_stack: tuple[str, str]
) -> None:
    base, database_url = real_stack
    context = await new_context(browser)
    try:
        page = await context.new_page()
        watched = watch(page, base)
        await page.goto(base)
        bot = page.locator("#transcript .from-bot")
        await expect(bot.first).to_contain_text("automated assistant", timeout=SLOW)

        box = page.get_by_label("Type your message")
        await box.fill("can i keep my personal advisor until im 25")
        await box.press("Enter")
        await expect(bot.filter(has_text="Source:")).not_to_have_count(0, timeout=SLOW)

        # The handoff form: what is going on, ages, how to reply, then consent.
        for text, next_question in (
            ("can I talk to someone please", "In your own words"),
            ("my son is 14 and will not go to school", None),
            ("14", None),
            ("reply here please", "Nothing is shared unless you say yes"),
            ("yes", "I've passed this to the team"),
        ):
            count = await bot.count()
            await box.fill(text)
            await box.press("Enter")
            await expect(bot).not_to_have_count(count, timeout=SLOW)
            if next_question:
                await expect(bot.filter(has_text=next_question)).not_to_have_count(
                    0, timeout=SLOW
                )

        await practitioner_replies(base, database_url, "Hello, I'm Sam from early help.")
        sam = page.locator("#transcript .from-practitioner")
        await expect(sam).to_have_count(1, timeout=20_000)
        await expect(sam.locator(".speaker")).to_have_text("Sam Taylor, Early help team")
        await expect(sam.locator(".text")).to_have_text("Hello, I'm Sam from early help.")

        before = await page.locator("#transcript > li.message").all_inner_texts()
        await page.reload()
        await expect(page.locator("#transcript > li.message")).to_have_count(len(before))
        assert await page.locator("#transcript > li.message").all_inner_texts() == before
        assert watched.errors == []
        assert watched.csp_violations == []
        assert [u for u in watched.requests if not u.startswith(base + "/")] == []
    finally:
        await context.close()
