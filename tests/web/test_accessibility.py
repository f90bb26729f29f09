"""axe-core (pinned, served by the test on the gateway's own origin) finds no serious
or critical problem on any page, at phone and desktop sizes and at 200% zoom.

200% browser zoom is exactly half the CSS viewport at twice the pixel density, which is
how it is emulated here. Set BATON_SCREENSHOTS=docs/web to refresh the screenshots kept
in the repository; otherwise they go to the test's temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, Route, expect

from tests.web.browser import axe_source
from tests.web.conftest import WEB, Gateway, new_context, watch
from tests.web.fakes import BOOKING_OPTIONS

pytestmark = WEB

SIZES: dict[str, dict[str, int]] = {
    "phone": {"width": 390, "height": 844, "scale": 3},
    "desktop": {"width": 1280, "height": 800, "scale": 1},
    "desktop-zoom-200": {"width": 640, "height": 400, "scale": 2},
}
PAGES = {"chat": "/", "help-now": "/help-now", "privacy": "/static/privacy.html"}
AXE_URL_PATH = "/__tests__/axe.min.js"  # never served by the gateway itself
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}


async def run_axe(page: Page, base: str) -> list[dict[str, Any]]:
    """Load the pinned axe-core from the page's own origin (CSP allows only 'self')."""
    source = axe_source()

    async def serve_axe(route: Route) -> None:
        await route.fulfill(body=source, content_type="text/javascript")

    await page.route(base + AXE_URL_PATH, serve_axe)
    await page.add_script_tag(url=base + AXE_URL_PATH)
    result: dict[str, Any] = await page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    assert result["testEngine"]["version"] == "4.14.1"
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def summary(violations: list[dict[str, Any]]) -> str:
    return json.dumps(
        [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in violations
        ],
        indent=1,
    )


async def fill_the_chat(page: Page, gateway: Gateway) -> None:
    """Every kind of message on screen: options, a link, a practitioner, an error."""
    await page.get_by_label("Type your message").fill("book a session")
    await page.get_by_role("button", name="Send", exact=True).click()
    await page.get_by_role("button", name=BOOKING_OPTIONS[0]["title"]).click()
    await expect(page.locator(".from-bot", has_text="You're booked in")).to_be_visible()
    await page.get_by_label("Type your message").fill("book a session")
    await page.get_by_role("button", name="Send", exact=True).click()
    await expect(page.locator(".from-bot .option:enabled")).to_have_count(2)
    conversation_id = await page.evaluate("sessionStorage.getItem('baton.conversation')")
    await gateway.practitioner_says(
        conversation_id, "Hello, I'm Sam from Early Help. I can help you choose."
    )
    await expect(page.locator(".from-practitioner")).to_have_count(1, timeout=15_000)
    await page.get_by_role("button", name="Send", exact=True).click()  # empty: an error
    await expect(page.get_by_role("alert")).to_have_text("Please type a message first.")
    # The error pushed the composer up; where the log scrolls on its own (tall
    # screens), the latest message is still fully in view.
    if await page.evaluate(
        "(l => l.scrollHeight > l.clientHeight)(document.getElementById('log'))"
    ):
        await expect(page.locator("#transcript > li").last).to_be_in_viewport(ratio=0.95)


def screenshot_dir(tmp_path: Path) -> Path:
    wanted = os.environ.get("BATON_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
async def test_no_serious_accessibility_problems(
    browser: Browser, gateway: Gateway, name: str, size: str, tmp_path: Path
) -> None:
    dims = SIZES[size]
    context = await new_context(
        browser, dims, device_scale_factor=dims["scale"], touch=size == "phone"
    )
    try:
        page = await context.new_page()
        watched = watch(page, gateway.url)
        await page.goto(gateway.url + PAGES[name])
        if name == "chat":
            await expect(page.locator("#transcript .from-bot").first).to_be_visible()
            await fill_the_chat(page, gateway)

        violations = await run_axe(page, gateway.url)
        await page.screenshot(
            path=screenshot_dir(tmp_path) / f"{name}-{size}.png",
            full_page=name != "chat",
            scale="css",  # small files for the repository
        )

        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert blocking == [], summary(blocking)
        assert watched.errors == []
        assert watched.csp_violations == []
    finally:
        await context.close()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 256}, {"width": 640, "height": 400}],
    ids=["400pct", "200pct"],
)
async def test_pages_reflow_without_sideways_scrolling(
    browser: Browser, gateway: Gateway, name: str, viewport: dict[str, int]
) -> None:
    """WCAG 1.4.10: at 320 CSS pixels wide nothing needs scrolling sideways, and the
    "Get help now" link and the message box can still be reached."""
    context = await new_context(browser, viewport)
    try:
        page = await context.new_page()
        await page.goto(gateway.url + PAGES[name])
        overflow = await page.evaluate(
            "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0
        help_now = page.get_by_role("link", name="Get help now")
        await expect(help_now).to_be_in_viewport()
        # Scrolled to the end of the page, "Get help now" is still on screen (sticky).
        await page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
        await expect(help_now).to_be_in_viewport()
        if name == "chat":
            await expect(page.locator("#transcript .from-bot").first).to_be_visible()
            box = page.get_by_label("Type your message")
            await box.scroll_into_view_if_needed()
            await expect(box).to_be_in_viewport()
            await expect(page.get_by_role("button", name="Send", exact=True)).to_be_visible()
    finally:
        await context.close()


async def test_the_check_itself_catches_a_known_problem(browser: Browser, gateway: Gateway) -> None:
    """Guards the guard: a button with no name and faint text must be reported."""
    context = await new_context(browser)
    try:
        page = await context.new_page()
        await page.goto(gateway.url + PAGES["help-now"])
        await page.evaluate(
            """() => {
                 const b = document.createElement('button');
                 document.querySelector('main').append(b);
                 const p = document.createElement('p');
                 p.textContent = 'faint';
                 p.style.color = '#eeeeee';
                 document.querySelector('main').append(p);
               }"""
        )
        found = {v["id"]: v["impact"] for v in await run_axe(page, gateway.url)}
        assert found.get("button-name") == "critical"
        assert found.get("color-contrast") == "serious"
    finally:
        await context.close()


TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.mark.parametrize("name", list(PAGES))
async def test_wider_text_spacing_loses_no_content(
    browser: Browser, gateway: Gateway, name: str
) -> None:
    """WCAG 1.4.12: with the user's wider text spacing nothing is cut off or overlaps
    sideways (the stylesheet is served on the page's own origin, so CSP stays on)."""
    context = await new_context(browser)
    try:
        page = await context.new_page()

        async def serve_css(route: Route) -> None:
            await route.fulfill(body=TEXT_SPACING_CSS, content_type="text/css")

        await page.route(gateway.url + "/__tests__/spacing.css", serve_css)
        await page.goto(gateway.url + PAGES[name])
        if name == "chat":
            await expect(page.locator("#transcript .from-bot").first).to_be_visible()
        await page.add_style_tag(url=gateway.url + "/__tests__/spacing.css")
        assert await page.evaluate("getComputedStyle(document.body).wordSpacing") != "0px"
        clipped: list[str] = await page.evaluate(
            """() => [...document.querySelectorAll('a, button, label, h1, h2, p, li')]
                 .filter(el => el.offsetWidth > 2 && el.scrollWidth > el.clientWidth + 1)
                 .map(el => el.textContent.trim().slice(0, 40))"""
        )
        assert clipped == []
        overflow = await page.evaluate(
            "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        await context.close()
