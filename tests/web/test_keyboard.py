"""The whole chat works from the keyboard alone, with focus always visible."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.web.conftest import WEB, Gateway, Watched

pytestmark = WEB

# Focus is visible when the focused element looks different from its unfocused self:
# an outline, a ring, a background or a border (a transparent outline alone is not).
FOCUS_IS_VISIBLE = """el => {
  const keys = ['outlineStyle', 'outlineColor', 'outlineWidth', 'boxShadow', 'backgroundColor',
                'borderTopColor', 'borderBottomColor', 'color'];
  const look = () => { const s = getComputedStyle(el); return keys.map(k => s[k]).join('|'); };
  if (!el.matches(':focus-visible')) return false;
  const focusedLook = look();
  el.blur();
  const plainLook = look();
  el.focus();
  return focusedLook !== plainLook;
}"""


async def focused(page: Page) -> str:
    """A short description of the focused element: its id, or its tag and text."""
    description: str = await page.evaluate(
        """() => { const el = document.activeElement;
                   return el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim()}`; }"""
    )
    return description


async def test_tab_reaches_everything_in_order_with_a_visible_focus(chat: Watched) -> None:
    page = chat.page
    await chat.open_chat()
    order = []
    for _ in range(8):
        await page.keyboard.press("Tab")
        order.append(await focused(page))
        assert await page.evaluate(f"({FOCUS_IS_VISIBLE})(document.activeElement)"), order[-1]
        # Nothing focused hides under the sticky top bar or off screen (WCAG 2.4.11).
        await expect(page.locator(":focus")).to_be_in_viewport()
    assert order == [
        "a:Skip to the message box",
        "a:Get help now",
        "a:How we use your information",
        "privacy-ok",  # the privacy note, until it is read
        "log",  # the conversation scrolls, so it can be scrolled from the keyboard
        "button:Talk to a person",
        "message",
        "send",
    ]


async def test_a_parent_can_chat_with_the_keyboard_alone(chat: Watched, gateway: Gateway) -> None:
    page = chat.page
    await chat.open_chat()

    # The skip link is the first stop and lands in the message box.
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Skip to the message box")).to_be_in_viewport()
    await page.keyboard.press("Enter")
    assert await focused(page) == "message"

    # Shift+Enter is a new line; Enter sends.
    await page.keyboard.type("hello")
    await page.keyboard.press("Shift+Enter")
    await page.keyboard.type("is anyone there")
    await expect(page.get_by_label("Type your message")).to_have_value("hello\nis anyone there")
    await page.keyboard.press("Enter")
    await expect(page.locator(".from-bot", has_text="echo: hello\nis anyone there")).to_be_visible()
    assert await focused(page) == "message"
    await expect(page.get_by_label("Type your message")).to_have_value("")

    # An option chosen from the keyboard; focus goes back to the message box.
    await page.keyboard.type("book a session")
    await page.keyboard.press("Enter")
    first_option = page.get_by_role("button", name="Tuesday 10am, Central Library")
    await expect(first_option).to_be_enabled()
    await page.keyboard.press("Shift+Tab")  # the last option
    await page.keyboard.press("Shift+Tab")  # the first option
    assert await focused(page) == "button:Tuesday 10am, Central Library"
    await page.keyboard.press("Enter")
    await expect(page.locator(".from-bot", has_text="You're booked in")).to_be_visible()
    await expect(first_option).to_be_disabled()
    assert await focused(page) == "message"
    assert gateway.rasa.received[-1]["message"].startswith("/choose_session")
