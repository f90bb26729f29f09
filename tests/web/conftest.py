"""Browser tests of the web chat: the real gateway app on loopback with a fake Rasa,
driven by Debian's headless Chromium through Playwright.

One Chromium runs for the whole test session (starting it is the slow part); every
test gets its own browser context, gateway and SQLite database. Everything here runs
on the session's event loop, so test modules carry ``pytestmark = WEB`` (below).

Practitioner replies are written with the case-queue functions on the same SQLite
database and announced to the gateway's live feed, which is what the console does. Each
test checks, when it ends, that the page threw no JavaScript error and broke no Content
Security Policy rule.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    async_playwright,
    expect,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue.cases import claim, create_request, reply
from bot.casequeue.conversations import messages_after
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.gateway.app import create_app
from bot.gateway.keys import NOTIFIER
from bot.models import Message, Practitioner, RequestKind, Team
from bot.privacy.notice import PrivacyNotice
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.web.fakes import ScriptedRasa

# The gateway's privacy notice follows the greeting in every new conversation.
NOTICE = PrivacyNotice().text("web")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
STORAGE_KEY = "baton.conversation"

# Every browser test and async fixture shares the session's loop with the browser.
WEB = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.usefixtures("chromium")]

expect.set_options(timeout=10_000)
_usernames = itertools.count(1)


@dataclass
class Gateway:
    """The running gateway, its fake Rasa and a view of its database."""

    url: str
    rasa: ScriptedRasa
    sessions: sessionmaker[Session]
    app: web.Application

    def family_texts(self, conversation_id: str) -> list[str]:
        """What the family sent, as stored (every send is stored exactly once)."""
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message.text)
                    .where(Message.conversation_id == conversation_id, Message.sender == "family")
                    .order_by(Message.seq)
                )
            )

    def add_practitioner(self, name: str, team: Team = Team.EARLY_HELP) -> int:
        with self.sessions.begin() as session:
            person = Practitioner(
                username=f"worker{next(_usernames)}",
                display_name=name,
                team=team.value,
                password_hash="not-used-here",
            )
            session.add(person)
            session.flush()
            return person.id

    def take_case(self, conversation_id: str, practitioner_id: int) -> int:
        """Open a handoff request for the conversation and claim it, as the console does."""
        with self.sessions.begin() as session:
            person = session.get_one(Practitioner, practitioner_id)
            request = create_request(
                session,
                conversation_id,
                team=Team(person.team),
                kind=RequestKind.HANDOFF,
                summary="Asked to talk to a person.",
            )
            request_id = request.id
        with self.sessions.begin() as session:
            claim(session, request_id, session.get_one(Practitioner, practitioner_id))
        return request_id

    def reply(self, request_id: int, practitioner_id: int, text: str) -> dict[str, Any]:
        """Store the reply; return it as the family API shows it."""
        with self.sessions.begin() as session:
            person = session.get_one(Practitioner, practitioner_id)
            message = reply(session, request_id, person, text)
            conversation_id, seq = message.conversation_id, message.seq
        with self.sessions() as session:
            [shown] = messages_after(session, conversation_id, seq - 1)[:1]
        return shown

    async def practitioner_says(
        self, conversation_id: str, text: str, *, name: str = "Sam Jones"
    ) -> None:
        def work() -> dict[str, Any]:
            person = self.add_practitioner(name)
            return self.reply(self.take_case(conversation_id, person), person, text)

        message = await asyncio.to_thread(work)
        await self.app[NOTIFIER].notify_family(conversation_id, message)


@dataclass
class Watched:
    """A page and what it did that a test must not ignore."""

    page: Page
    base: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    async def open_chat(self) -> None:
        await self.page.goto(self.base)
        await expect(self.page.locator("#transcript .from-bot").first).to_be_visible()

    async def conversation_id(self) -> str:
        value = await self.page.evaluate(f"sessionStorage.getItem({STORAGE_KEY!r})")
        assert isinstance(value, str)
        return value

    async def transcript(self) -> list[tuple[int, str, str]]:
        """(seq, sender, text) of every rendered message, in page order."""
        rows: list[list[Any]] = await self.page.eval_on_selector_all(
            "#transcript > li.message:not(.pending)",
            """items => items.map(li => [Number(li.dataset.seq),
                 li.className.match(/from-(\\w+)/)[1], li.querySelector('.text').textContent])""",
        )
        return [(int(seq), str(sender), str(text)) for seq, sender, text in rows]

    async def say(self, text: str) -> None:
        """Type into the composer and send with the Send button."""
        await self.page.get_by_label("Type your message").fill(text)
        await self.page.get_by_role("button", name="Send", exact=True).click()


def _watch(page: Page, base: str) -> Watched:
    watched = Watched(page, base)

    async def on_dialog(dialog: Dialog) -> None:
        watched.dialogs.append(dialog.message)
        await dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            watched.csp_violations.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("request", lambda request: watched.requests.append(request.url))
    return watched


@pytest.fixture(scope="session")
def chromium() -> None:
    require_chromium()


@pytest.fixture
def fake_rasa() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture
def db(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def gateway(
    chromium: None, sqlite_url: str, fake_rasa: ScriptedRasa, db: Engine
) -> AsyncIterator[Gateway]:
    rasa_server = TestServer(fake_rasa.app(), host="127.0.0.1")
    await rasa_server.start_server()
    rasa_url = str(rasa_server.make_url("")).rstrip("/")
    settings = Settings(
        database_url=sqlite_url, rasa_url=rasa_url, action_server_url=rasa_url, rasa_timeout=5
    )
    app = create_app(settings)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield Gateway(str(server.make_url("")).rstrip("/"), fake_rasa, make_sessionmaker(db), app)
    await server.close()
    await rasa_server.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(chromium: None) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        await browser.close()


async def new_context(
    browser: Browser,
    viewport: dict[str, int] = PHONE,
    *,
    device_scale_factor: float = 1,
    touch: bool = False,
) -> BrowserContext:
    return await browser.new_context(
        viewport={"width": viewport["width"], "height": viewport["height"]},
        device_scale_factor=device_scale_factor,
        is_mobile=touch,
        has_touch=touch,
        locale="en-GB",
        timezone_id="Europe/London",
        reduced_motion="reduce",
    )


@pytest_asyncio.fixture(loop_scope="session")
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await new_context(browser)
    yield context
    await context.close()


@pytest_asyncio.fixture(loop_scope="session")
async def chat(context: BrowserContext, gateway: Gateway) -> AsyncIterator[Watched]:
    """A phone-sized page on the gateway.

    It must end with no JavaScript error, no CSP breach and no request anywhere but the
    gateway (no third-party scripts, fonts or trackers).
    """
    page = await context.new_page()
    watched = _watch(page, gateway.url)
    yield watched
    assert watched.errors == []
    assert watched.csp_violations == []
    assert [url for url in watched.requests if not url.startswith(gateway.url + "/")] == []


def watch(page: Page, base: str) -> Watched:
    """For tests that open pages in their own contexts (several sizes)."""
    return _watch(page, base)
