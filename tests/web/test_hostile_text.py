"""Text from anyone (bot, practitioner, the family) is shown as text, never run as HTML,
and only http(s) addresses become links."""

from __future__ import annotations

from playwright.async_api import expect

from tests.web.conftest import WEB, Gateway, Watched

pytestmark = WEB

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
TRICKS = (
    "javascript:alert(3) data:text/html,<b>x</b> "
    'https://example.org/a"><img src=x onerror=alert(4)> and vbscript:msgbox(5)'
)


async def test_markup_in_messages_and_options_is_shown_as_text(
    chat: Watched, gateway: Gateway
) -> None:
    gateway.rasa.script["show me"] = [
        {"text": XSS, "buttons": [{"title": "<b onclick=alert(6)>Yes</b>", "payload": "/affirm"}]},
        {"text": TRICKS},
    ]
    page = chat.page
    await chat.open_chat()
    await chat.say("show me")
    await expect(page.locator(".from-bot .text", has_text="onerror")).to_have_count(2)
    await chat.say(XSS)
    await gateway.practitioner_says(await chat.conversation_id(), XSS, name="<i>Sam</i>")
    await expect(page.locator(".from-practitioner")).to_have_count(1, timeout=15_000)

    # Nothing was parsed as markup: no images, scripts, bold or italics in the transcript.
    assert await page.locator("#transcript img, #transcript script, #transcript b").count() == 0
    assert await page.locator("#transcript i").count() == 0
    await expect(page.locator(".from-bot .text").nth(2)).to_have_text(XSS)
    await expect(page.locator(".from-family .text").last).to_have_text(XSS)
    await expect(page.locator(".from-practitioner .text")).to_have_text(XSS)
    await expect(page.locator(".from-practitioner .speaker")).to_have_text(
        "<i>Sam</i>, Early help team"
    )
    await expect(page.get_by_role("button", name="<b onclick=alert(6)>Yes</b>")).to_be_visible()

    # Only the https address became a link, cut before the quote, opening safely.
    links = page.locator("#transcript a")
    await expect(links).to_have_count(1)
    await expect(links).to_have_attribute("href", "https://example.org/a")
    await expect(links).to_have_attribute("rel", "noopener noreferrer")
    assert chat.dialogs == []
