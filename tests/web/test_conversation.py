"""A parent's conversation in the browser: greeting, typing, options and kind errors."""

from __future__ import annotations

from playwright.async_api import Route, expect

from tests.web.conftest import NOTICE, WEB, Gateway, Watched
from tests.web.fakes import BOOKED, BOOKING_OPTIONS, BOOKING_QUESTION

pytestmark = WEB


async def test_a_parent_is_greeted_types_a_question_and_gets_the_answer(
    chat: Watched, gateway: Gateway
) -> None:
    page = chat.page
    await chat.open_chat()
    await expect(page.get_by_text("This is an automated assistant, not a person.")).to_be_visible()
    await expect(page.get_by_role("link", name="Get help now")).to_be_visible()
    await expect(
        page.get_by_role("link", name="How we use your information", exact=True)
    ).to_be_visible()

    await chat.say("what is early help")

    await expect(page.locator(".from-bot", has_text="echo: what is early help")).to_be_visible()
    await expect(page.get_by_label("Type your message")).to_have_value("")
    assert await chat.transcript() == [
        (1, "bot", "Hello, I'm an automated assistant."),
        (2, "bot", NOTICE),
        (3, "family", "what is early help"),
        (4, "bot", "echo: what is early help"),
    ]
    assert gateway.rasa.received[-1]["message"] == "what is early help"
    # Who said what is shown, not only coloured.
    speakers = await page.locator("#transcript .speaker").all_text_contents()
    assert speakers == ["Assistant", "Assistant", "You", "Assistant"]


async def test_choosing_an_option_sends_its_payload_and_disables_the_options(
    chat: Watched, gateway: Gateway
) -> None:
    page = chat.page
    await chat.open_chat()
    await chat.say("book a session")
    question = page.locator(".from-bot", has_text=BOOKING_QUESTION)
    options = question.get_by_role("button")
    await expect(options).to_have_count(2)
    await expect(question.get_by_role("group", name="Choose an option")).to_be_visible()
    # The greeting's option is stale once the parent has written; the server agrees.
    await expect(
        page.locator(".from-bot").first.get_by_role("button", name="Talk to a person")
    ).to_be_disabled()

    await question.get_by_role("button", name=BOOKING_OPTIONS[0]["title"]).click()

    await expect(page.locator(".from-bot", has_text="You're booked in")).to_be_visible()
    assert gateway.rasa.received[-1]["message"] == BOOKING_OPTIONS[0]["payload"]
    for index in range(2):
        await expect(options.nth(index)).to_be_disabled()
    await expect(options.nth(0)).to_have_class("option chosen")
    # The parent's side of the conversation shows the option's words, not its payload.
    texts = [text for _, sender, text in await chat.transcript() if sender == "family"]
    assert texts == ["book a session", BOOKING_OPTIONS[0]["title"]]

    # A disabled option cannot be sent again, even by a stray click.
    sent = len(gateway.rasa.received)
    await options.nth(1).click(force=True)
    await page.wait_for_timeout(300)
    assert len(gateway.rasa.received) == sent


async def test_addresses_in_a_reply_become_safe_links(chat: Watched, gateway: Gateway) -> None:
    page = chat.page
    await chat.open_chat()
    await chat.say("book a session")
    await page.get_by_role("button", name=BOOKING_OPTIONS[0]["title"]).click()
    booked = page.locator(".from-bot", has_text="You're booked in")
    # The full stop after the address is the sentence's, not the link's.
    await expect(booked.locator(".text")).to_have_text(
        BOOKED.removesuffix(".") + " (opens in a new tab)."
    )

    link = booked.get_by_role("link")
    await expect(link).to_have_count(1)
    await expect(link).to_have_attribute("href", "https://example.org/sessions/tue-10")
    await expect(link).to_have_attribute("rel", "noopener noreferrer")
    await expect(link).to_have_attribute("target", "_blank")
    await expect(link).to_have_accessible_name(
        "https://example.org/sessions/tue-10 (opens in a new tab)"
    )


async def test_a_message_that_is_too_long_is_explained_and_kept(
    chat: Watched, gateway: Gateway
) -> None:
    page = chat.page
    await chat.open_chat()
    box = page.get_by_label("Type your message")
    too_long = "Our situation is complicated. " * 70  # 2,100 characters
    await box.fill(too_long)
    await expect(page.get_by_text("characters too many")).to_be_visible()
    sent = len(gateway.rasa.received)

    await box.press("Enter")

    error = page.get_by_role("alert")
    await expect(error).to_contain_text("That message is too long.")
    await expect(error).to_contain_text("2,000")
    await expect(box).to_have_value(too_long)
    await expect(box).to_have_attribute("aria-invalid", "true")
    assert len(gateway.rasa.received) == sent
    assert gateway.family_texts(await chat.conversation_id()) == []

    # Shortening it clears the error, and it sends.
    await box.fill("Our situation is complicated.")
    await expect(page.locator("#message-error")).to_be_empty()
    await box.press("Enter")
    await expect(page.locator(".from-bot", has_text="echo: Our situation")).to_be_visible()


async def test_the_servers_own_refusal_is_shown_kindly_and_the_text_kept(
    chat: Watched, gateway: Gateway
) -> None:
    """Whatever the client checks, a 413 from the family API is handled the same way."""
    page = chat.page
    await chat.open_chat()

    async def too_long(route: Route) -> None:
        await route.fulfill(status=413, json={"error": "Please keep messages under 2000."})

    await page.route("**/api/conversations/*/messages", too_long, times=1)
    await chat.say("a message the server refuses")

    await expect(page.get_by_role("alert")).to_contain_text("That message is too long.")
    await expect(page.get_by_label("Type your message")).to_have_value(
        "a message the server refuses"
    )
    await expect(page.locator("#transcript .pending")).to_have_count(0)


async def test_a_refused_option_says_so_in_plain_words(chat: Watched, gateway: Gateway) -> None:
    page = chat.page
    await chat.open_chat()

    async def stale(route: Route) -> None:
        await route.fulfill(
            status=400,
            json={"error": "That option is no longer available. Please type your message instead."},
        )

    await page.route("**/api/conversations/*/messages", stale, times=1)
    await page.get_by_role("button", name="Talk to a person").click()

    await expect(page.get_by_role("alert")).to_have_text(
        "That option is no longer available. Please type your message instead."
    )
    await expect(page.get_by_role("button", name="Talk to a person")).to_be_enabled()


async def test_the_privacy_note_shows_until_it_is_read_and_the_link_stays(
    chat: Watched, gateway: Gateway
) -> None:
    page = chat.page
    await chat.open_chat()
    note = page.get_by_role("region", name="Your privacy")
    await expect(note).to_be_visible()
    await expect(note).to_contain_text("We keep what you write here")

    await note.get_by_role("button", name="OK, I understand").click()

    await expect(note).to_be_hidden()
    await expect(page.get_by_label("Type your message")).to_be_focused()
    stored = await page.evaluate("localStorage.getItem('baton.privacyNoticeSeen')")
    assert stored == "1"
    await page.reload()
    await expect(page.locator("#transcript .from-bot").first).to_be_visible()
    await expect(note).to_be_hidden()
    # The notice itself is linked at all times.
    await expect(
        page.get_by_role("link", name="How we use your information", exact=True)
    ).to_be_visible()
