"""The conversation is never lost or doubled: practitioner replies arrive live, and
the transcript survives a reload, a dropped connection and a lost response."""

from __future__ import annotations

from playwright.async_api import Route, expect

from bot.gateway.keys import NOTIFIER
from tests.web.conftest import NOTICE, WEB, Gateway, Watched
from tests.web.fakes import BOOKING_OPTIONS

pytestmark = WEB

# Polling backs off to 10 s when nothing happens; a reply must show within one poll.
LIVE_TIMEOUT_MS = 15_000


async def test_a_practitioner_reply_appears_without_a_refresh(
    chat: Watched, gateway: Gateway
) -> None:
    page = chat.page
    await chat.open_chat()
    await chat.say("can I talk to someone about my son")
    await expect(page.locator(".from-bot", has_text="echo: can I talk")).to_be_visible()
    # A marker on the window proves the page was never reloaded or navigated.
    await page.evaluate("window.__sameDocument = true")

    await gateway.practitioner_says(
        await chat.conversation_id(), "Hello, I'm Sam from Early Help. How old is he?"
    )

    reply = page.locator("#transcript .from-practitioner")
    await expect(reply).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    await expect(reply.locator(".text")).to_have_text(
        "Hello, I'm Sam from Early Help. How old is he?"
    )
    await expect(reply.locator(".speaker")).to_have_text("Sam Jones, Early help team")
    # New messages land inside the live region that screen readers announce.
    await expect(page.get_by_role("log").locator(".from-practitioner")).to_have_count(1)
    assert await page.evaluate("window.__sameDocument") is True

    # While the practitioner holds the conversation, the parent's reply is theirs:
    # stored once, shown once, and no automated answer.
    await chat.say("He is seven")
    await expect(page.locator(".from-family", has_text="He is seven")).to_have_count(1)
    await page.wait_for_timeout(500)
    transcript = await chat.transcript()
    assert [sender for _, sender, _ in transcript] == [
        "bot",
        "bot",
        "family",
        "bot",
        "practitioner",
        "family",
    ]
    assert [seq for seq, _, _ in transcript] == [1, 2, 3, 4, 5, 6]


async def test_a_practitioner_reply_arrives_on_the_live_stream_when_polls_fail(
    chat: Watched, gateway: Gateway
) -> None:
    """The page listens to the gateway's server-sent events (bot/gateway/live.py): with
    every poll failing, the practitioner's reply still arrives, and only once."""
    page = chat.page
    async with page.expect_response(lambda response: "/live?" in response.url) as stream:
        await chat.open_chat()
    assert (await stream.value).headers["content-type"] == "text/event-stream"
    await page.route("**/messages?after=*", lambda route: route.abort())

    await gateway.practitioner_says(await chat.conversation_id(), "Hello, it's Sam. Still there?")

    reply = page.locator("#transcript .from-practitioner")
    await expect(reply).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    await expect(reply.locator(".text")).to_have_text("Hello, it's Sam. Still there?")
    await page.unroute("**/messages?after=*")
    await page.evaluate("window.dispatchEvent(new Event('online'))")  # poll at once
    await page.wait_for_timeout(1000)
    assert [sender for _, sender, _ in await chat.transcript()] == ["bot", "bot", "practitioner"]


async def test_the_conversation_survives_a_reload(chat: Watched, gateway: Gateway) -> None:
    page = chat.page
    await chat.open_chat()
    await chat.say("book a session")
    await page.get_by_role("button", name=BOOKING_OPTIONS[1]["title"]).click()
    await expect(page.locator(".from-bot", has_text="You're booked in")).to_be_visible()
    conversation_id = await chat.conversation_id()
    before = await chat.transcript()
    assert len(before) == 6

    await page.reload()

    await expect(page.locator("#transcript > li.message")).to_have_count(6)
    assert await chat.transcript() == before
    assert await chat.conversation_id() == conversation_id
    opened = [url for url in chat.requests if url.endswith("/api/conversations")]
    assert len(opened) == 1, "a reload must not start a new conversation"
    # Options already answered cannot be sent again after the reload either.
    for button in await page.locator("#transcript .option").all():
        await expect(button).to_be_disabled()
    # And the conversation carries on where it was.
    await chat.say("thank you")
    await expect(page.locator(".from-bot", has_text="echo: thank you")).to_be_visible()
    assert gateway.family_texts(conversation_id) == [
        "book a session",
        BOOKING_OPTIONS[1]["title"],
        "thank you",
    ]


async def test_a_message_typed_while_offline_is_kept_and_sent_once_when_back(
    chat: Watched, gateway: Gateway
) -> None:
    page = chat.page
    await chat.open_chat()
    conversation_id = await chat.conversation_id()
    box = page.get_by_label("Type your message")

    await page.context.set_offline(True)
    await chat.say("are you still there")

    await expect(page.get_by_role("alert")).to_contain_text("You seem to be offline")
    await expect(box).to_have_value("are you still there")
    await expect(page.locator("#transcript .pending")).to_have_count(0)
    assert gateway.family_texts(conversation_id) == []

    await page.context.set_offline(False)

    answer = page.locator(".from-bot", has_text="echo: are you still there")
    await expect(answer).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    await expect(box).to_have_value("")
    await expect(page.locator("#message-error")).to_be_empty()
    await expect(page.locator(".from-family", has_text="are you still there")).to_have_count(1)
    assert gateway.family_texts(conversation_id) == ["are you still there"]


async def test_a_lost_response_does_not_send_the_message_twice(
    chat: Watched, gateway: Gateway
) -> None:
    """The server stored the message but the answer never reached the phone."""
    page = chat.page
    await chat.open_chat()
    conversation_id = await chat.conversation_id()
    posts: list[str] = []

    async def deliver_then_drop(route: Route) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        posts.append(route.request.url)
        if len(posts) == 1:
            await route.fetch()  # the gateway gets it and answers ...
            await route.abort("connectionreset")  # ... but the answer is lost
        else:
            await route.continue_()

    await page.route("**/api/conversations/*/messages*", deliver_then_drop)
    await chat.say("is there a group for dads")

    answer = page.locator(".from-bot", has_text="echo: is there a group for dads")
    await expect(answer).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    await expect(page.get_by_label("Type your message")).to_have_value("")
    await expect(page.locator("#message-error")).to_be_empty()
    await expect(page.locator(".from-family", has_text="is there a group for dads")).to_have_count(
        1
    )
    assert len(posts) == 1, "the client saw the message was stored and did not send it again"
    assert gateway.family_texts(conversation_id) == ["is there a group for dads"]
    assert [m["message"] for m in gateway.rasa.received].count("is there a group for dads") == 1


async def test_the_gateway_being_briefly_down_loses_nothing(
    chat: Watched, gateway: Gateway
) -> None:
    """The gateway restarts: its streams end and requests fail for a while. The page says
    so at once, not at the slow poll it keeps while the stream is open; then everything
    catches up."""
    page = chat.page
    async with page.expect_response(lambda response: "/live?" in response.url):
        await chat.open_chat()
    conversation_id = await chat.conversation_id()

    async def down(route: Route) -> None:
        await route.abort("connectionrefused")

    await page.route("**/api/**", down)
    gateway.app[NOTIFIER].feed.end_streams()  # as on shutdown
    await gateway.practitioner_says(conversation_id, "Sam here: I can help with that.")
    await expect(page.get_by_role("status").filter(has_text="can't reach")).to_be_visible(
        timeout=LIVE_TIMEOUT_MS
    )
    await page.unroute("**/api/**", down)

    reply = page.locator(".from-practitioner", has_text="Sam here")
    await expect(reply).to_have_count(1, timeout=LIVE_TIMEOUT_MS * 2)
    await expect(page.locator("#connection")).to_be_empty()
    assert [seq for seq, _, _ in await chat.transcript()] == [1, 2, 3]


async def test_a_reply_stored_while_the_stream_reconnects_arrives_on_it(
    chat: Watched, gateway: Gateway
) -> None:
    """The stream resumes after the page's watermark (bot/gateway/live.py), so a reply
    stored while it was down arrives on it even with every poll failing."""
    page = chat.page
    async with page.expect_response(lambda response: "/live?" in response.url):
        await chat.open_chat()
    await page.route("**/messages?after=*", lambda route: route.abort())
    await page.route("**/live?*", lambda route: route.abort())
    gateway.app[NOTIFIER].feed.end_streams()
    await gateway.practitioner_says(await chat.conversation_id(), "Sam: sorry, I was away.")
    async with page.expect_response(lambda response: "/live?" in response.url):
        await page.unroute("**/live?*")

    reply = page.locator("#transcript .from-practitioner")
    await expect(reply).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    await expect(reply.locator(".text")).to_have_text("Sam: sorry, I was away.")
    assert [seq for seq, _, _ in await chat.transcript()] == [1, 2, 3]


async def test_replies_the_server_could_not_store_still_show_in_order(
    chat: Watched, gateway: Gateway
) -> None:
    """With its database down the gateway still signposts, marking the reply seq 0
    (routing.Router._unstored_reply). Each one shows, where it came, never merged."""
    page = chat.page
    await chat.open_chat()
    signposting = "If a child is in danger right now, call 999."

    async def database_down(route: Route) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        unstored = {"seq": 0, "from": "bot", "text": signposting, "buttons": [], "sent_at": ""}
        await route.fulfill(status=200, json={"messages": [unstored]})

    await page.route("**/api/conversations/*/messages*", database_down)
    await chat.say("first worrying message")
    await expect(page.locator(".from-bot.unsaved")).to_have_count(1)
    await chat.say("second worrying message")
    await expect(page.locator(".from-bot.unsaved")).to_have_count(2)

    assert await chat.transcript() == [
        (1, "bot", "Hello, I'm an automated assistant."),
        (2, "bot", NOTICE),
        (0, "family", "first worrying message"),
        (0, "bot", signposting),
        (0, "family", "second worrying message"),
        (0, "bot", signposting),
    ]
    await expect(page.locator(".unsaved .not-saved")).to_have_count(4)
    await expect(page.locator("#transcript > li").last).to_be_in_viewport()
