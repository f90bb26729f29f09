"""Logging in and out through the console API: cookies, rotation, idle expiry."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from http.cookies import Morsel, SimpleCookie
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from playwright.async_api import async_playwright
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.console.sessions import COOKIE_NAME
from bot.models import AuditEvent, ConsoleSession, Practitioner, utcnow
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[Client]]
UserFactory = Callable[..., int]
LogIn = Callable[..., Awaitable[str]]


def set_cookie(response: aiohttp.ClientResponse) -> Morsel[str]:
    """The console cookie from the response's Set-Cookie header, attributes and all."""
    cookie: SimpleCookie = SimpleCookie()
    for header in response.headers.getall("Set-Cookie", []):
        cookie.load(header)
    assert COOKIE_NAME in cookie, response.headers
    return cookie[COOKIE_NAME]


async def api_login(client: Client, username: str, password: str) -> aiohttp.ClientResponse:
    return await client.post(
        "/console/api/login", json={"username": username, "password": password}
    )


def as_cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE_NAME}={token}"}


def session_rows(sessions: sessionmaker[Session]) -> list[ConsoleSession]:
    with sessions() as session:
        return list(session.scalars(select(ConsoleSession)).all())


async def test_login_returns_the_practitioner_and_a_csrf_token(
    client: Client, make_user: UserFactory, password: str, sessions: sessionmaker[Session]
) -> None:
    alice_id = make_user("alice", name="Alice Example")

    response = await api_login(client, "alice", password)

    assert response.status == 200
    body = await response.json()
    assert body["practitioner"] == {
        "username": "alice",
        "name": "Alice Example",
        "team": "early-help",
        "role": "practitioner",
    }
    assert len(body["csrf_token"]) >= 32
    token = set_cookie(response).value
    assert token != body["csrf_token"]
    [row] = session_rows(sessions)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.practitioner_id == alice_id
    assert row.csrf_token == body["csrf_token"]
    with sessions() as session:
        assert session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor_id == alice_id)
        ).all() == ["console.login"]


async def test_session_cookie_is_httponly_samesite_strict_and_scoped_to_the_console(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")

    cookie = set_cookie(await api_login(client, "alice", password))

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/console"
    assert not cookie["secure"]


async def test_session_cookie_is_secure_when_served_over_https(
    start_server: Callable[..., Awaitable[TestServer]],
    settings: Settings,
    make_user: UserFactory,
    password: str,
) -> None:
    make_user("alice")
    secure_server = await start_server(dataclasses.replace(settings, secure_cookies=True))
    async with TestClient(secure_server) as secure_client:
        cookie = set_cookie(await api_login(secure_client, "alice", password))

    assert cookie["secure"] is True
    assert cookie["httponly"] is True


async def test_wrong_password_and_unknown_user_get_the_same_401(
    client: Client, make_user: UserFactory, password: str, sessions: sessionmaker[Session]
) -> None:
    make_user("alice")

    wrong = await api_login(client, "alice", password + "x")
    unknown = await api_login(client, "mallory", password)

    assert (wrong.status, unknown.status) == (401, 401)
    assert await wrong.json() == await unknown.json() == {"error": "Wrong username or password."}
    assert "Set-Cookie" not in wrong.headers and "Set-Cookie" not in unknown.headers
    assert session_rows(sessions) == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'"alice"',
        b"{}",
        b'{"username": "alice"}',
        b'{"username": "alice", "password": 12345678901234}',
        b'{"username": ["alice"], "password": "correct horse battery"}',
        b'{"username": "", "password": "correct horse battery"}',
        b"\xff\xfe",
        b'{"username": "alice", "password": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
)
async def test_malformed_login_bodies_are_400(
    client: Client, make_user: UserFactory, body: bytes
) -> None:
    make_user("alice")

    response = await client.post(
        "/console/api/login", data=body, headers={"Content-Type": "application/json"}
    )

    assert response.status == 400
    assert set(await response.json()) == {"error"}


async def test_an_oversized_login_body_is_refused(client: Client) -> None:
    response = await client.post("/console/api/login", json={"username": "a" * 20_000})

    assert response.status == 413
    assert set(await response.json()) == {"error"}


async def test_me_needs_a_session(client: Client, make_user: UserFactory, log_in: LogIn) -> None:
    make_user("alice")

    assert (await client.get("/console/api/me")).status == 401
    csrf = await log_in(client, "alice")
    response = await client.get("/console/api/me")

    assert response.status == 200
    assert await response.json() == {
        "practitioner": {
            "username": "alice",
            "name": "Alice",
            "team": "early-help",
            "role": "practitioner",
        },
        "csrf_token": csrf,
    }


@pytest.mark.parametrize("token", ["", "garbage", "x" * 5000, "é"])
async def test_an_unknown_cookie_is_unauthenticated(new_client: ClientFactory, token: str) -> None:
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())

    response = await raw.get("/console/api/me", headers=as_cookie(token))

    assert response.status == 401
    assert await response.json() == {"error": "Please log in."}


async def test_every_login_rotates_the_session_and_ends_the_one_presented(
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
) -> None:
    make_user("alice")
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())
    first = await api_login(raw, "alice", password)
    first_token, first_csrf = set_cookie(first).value, (await first.json())["csrf_token"]

    second = await raw.post(
        "/console/api/login",
        json={"username": "alice", "password": password},
        headers=as_cookie(first_token),
    )
    second_token, second_csrf = set_cookie(second).value, (await second.json())["csrf_token"]

    assert second_token != first_token
    assert second_csrf != first_csrf
    assert (await raw.get("/console/api/me", headers=as_cookie(first_token))).status == 401
    assert (await raw.get("/console/api/me", headers=as_cookie(second_token))).status == 200
    assert len(session_rows(sessions)) == 1


async def test_a_token_planted_before_login_is_worthless_after_it(
    new_client: ClientFactory, make_user: UserFactory, password: str
) -> None:
    """Session fixation: a cookie an attacker set is not adopted by the victim's login."""
    make_user("alice")
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())
    planted = "attacker-chosen-token-0123456789abcdefghijk"

    response = await raw.post(
        "/console/api/login",
        json={"username": "alice", "password": password},
        headers=as_cookie(planted),
    )

    assert set_cookie(response).value != planted
    assert (await raw.get("/console/api/me", headers=as_cookie(planted))).status == 401


async def test_an_idle_session_expires_and_is_deleted(
    client: Client,
    make_user: UserFactory,
    log_in: LogIn,
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user("alice")
    await log_in(client, "alice")
    with sessions.begin() as session:
        session.execute(
            update(ConsoleSession).values(
                last_seen_at=utcnow() - timedelta(seconds=settings.console_idle_timeout + 1)
            )
        )

    response = await client.get("/console/api/me")

    assert response.status == 401
    assert session_rows(sessions) == []


async def test_activity_keeps_a_session_alive(
    client: Client,
    make_user: UserFactory,
    log_in: LogIn,
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user("alice")
    await log_in(client, "alice")
    almost_expired = utcnow() - timedelta(seconds=settings.console_idle_timeout - 60)
    with sessions.begin() as session:
        session.execute(update(ConsoleSession).values(last_seen_at=almost_expired))

    assert (await client.get("/console/api/me")).status == 200

    [row] = session_rows(sessions)
    assert row.last_seen_at > almost_expired + timedelta(seconds=30)


async def test_logout_needs_the_csrf_token(
    client: Client, make_user: UserFactory, log_in: LogIn, sessions: sessionmaker[Session]
) -> None:
    make_user("alice")
    csrf = await log_in(client, "alice")

    missing = await client.post("/console/api/logout")
    wrong = await client.post("/console/api/logout", headers={"X-CSRF-Token": csrf[:-1] + "x"})

    assert (missing.status, wrong.status) == (403, 403)
    assert len(session_rows(sessions)) == 1
    assert (await client.get("/console/api/me")).status == 200


async def test_logout_deletes_the_session_and_clears_the_cookie(
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
) -> None:
    make_user("alice")
    raw = await new_client(cookie_jar=aiohttp.DummyCookieJar())
    login = await api_login(raw, "alice", password)
    token, csrf = set_cookie(login).value, (await login.json())["csrf_token"]

    response = await raw.post(
        "/console/api/logout", headers={**as_cookie(token), "X-CSRF-Token": csrf}
    )

    assert response.status == 200
    cleared = set_cookie(response)
    assert cleared.value == ""
    assert cleared["max-age"] == "0"
    assert cleared["path"] == "/console"
    assert session_rows(sessions) == []
    assert (await raw.get("/console/api/me", headers=as_cookie(token))).status == 401


async def test_a_deactivated_practitioner_is_logged_out(
    client: Client, make_user: UserFactory, log_in: LogIn, sessions: sessionmaker[Session]
) -> None:
    alice_id = make_user("alice")
    await log_in(client, "alice")
    with sessions.begin() as session:
        practitioner: Any = session.get(Practitioner, alice_id)
        practitioner.active = False

    assert (await client.get("/console/api/me")).status == 401
    assert session_rows(sessions) == []


# Login CSRF: a cross-site page must not be able to log a practitioner in as someone else.


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        None,  # aiohttp sends bytes as application/octet-stream
    ],
)
async def test_the_json_login_needs_a_json_content_type(
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
    content_type: str | None,
) -> None:
    """A cross-site form can send text/plain; only a preflighted request can send JSON."""
    make_user("alice")
    raw = await new_client()
    body = b'{"username": "alice", "password": "%s"}' % password.encode()
    headers = {"Content-Type": content_type} if content_type else {}

    response = await raw.post("/console/api/login", data=body, headers=headers)

    assert response.status == 415
    assert set(await response.json()) == {"error"}
    assert "Set-Cookie" not in response.headers
    assert session_rows(sessions) == []


async def test_a_json_login_with_a_charset_is_fine(
    client: Client, make_user: UserFactory, password: str
) -> None:
    make_user("alice")
    body = b'{"username": "alice", "password": "%s"}' % password.encode()

    response = await client.post(
        "/console/api/login",
        data=body,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )

    assert response.status == 200


def _cross_site_headers(server: TestServer) -> list[list[tuple[str, str]]]:
    own = str(server.make_url("")).rstrip("/")
    return [
        [("Origin", "https://evil.example")],
        [("Origin", "null")],
        [("Origin", "null"), ("Sec-Fetch-Site", "same-site")],
        [("Origin", own.replace("http://", "https://"))],
        [("Origin", own.rsplit(":", 1)[0] + ":1")],
        [("Origin", own + ".evil.example")],
        [("Origin", own), ("Origin", "https://evil.example")],
        [("Sec-Fetch-Site", "cross-site")],
        [("Origin", own), ("Sec-Fetch-Site", "cross-site")],
    ]


async def test_a_login_from_another_site_is_refused(
    server: TestServer,
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
) -> None:
    make_user("alice")
    credentials = {"username": "alice", "password": password}
    for headers in _cross_site_headers(server):
        raw = await new_client()

        api = await raw.post("/console/api/login", json=credentials, headers=headers)
        form = await raw.post(
            "/console/login", data=credentials, headers=headers, allow_redirects=False
        )

        assert (api.status, form.status) == (403, 403), headers
        assert "Set-Cookie" not in api.headers and "Set-Cookie" not in form.headers
        assert set(await api.json()) == {"error"}
        assert "did not come from the console" in await form.text()
    assert session_rows(sessions) == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "{own}"},
        {"Origin": "{own}", "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},
        # What Chromium sends from the console's own form: its pages are no-referrer.
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    ],
)
async def test_a_login_from_the_console_itself_is_accepted(
    server: TestServer,
    new_client: ClientFactory,
    make_user: UserFactory,
    password: str,
    headers: dict[str, str],
) -> None:
    make_user("alice")
    own = str(server.make_url("")).rstrip("/")
    sent = {name: value.format(own=own) for name, value in headers.items()}
    credentials = {"username": "alice", "password": password}

    api = await (await new_client()).post("/console/api/login", json=credentials, headers=sent)
    form = await (await new_client()).post(
        "/console/login", data=credentials, headers=sent, allow_redirects=False
    )

    assert (api.status, form.status) == (200, 303)


async def test_behind_a_proxy_the_public_url_is_the_consoles_origin(
    start_server: Callable[..., Awaitable[TestServer]],
    settings: Settings,
    make_user: UserFactory,
    password: str,
) -> None:
    """The proxy speaks plain HTTP to the gateway; the browser's Origin is the public one."""
    make_user("alice")
    public = dataclasses.replace(settings, public_url="https://console.example.gov.uk")
    credentials = {"username": "alice", "password": password}
    async with TestClient(await start_server(public)) as proxied:
        ours = await proxied.post(
            "/console/api/login",
            json=credentials,
            headers={"Origin": "https://console.example.gov.uk"},
        )
        lookalike = await proxied.post(
            "/console/api/login",
            json=credentials,
            headers={"Origin": "https://console.example.gov.uk.evil.example"},
        )

    assert (ours.status, lookalike.status) == (200, 403)


async def test_in_chromium_another_sites_form_cannot_log_in_and_the_consoles_own_can(
    server: TestServer,
    make_user: UserFactory,
    password: str,
    sessions: sessionmaker[Session],
) -> None:
    """Login CSRF as a browser does it: a page on another site (``localhost`` is another
    site than ``127.0.0.1``) posts the attacker's own credentials to the console."""
    require_chromium()
    make_user("alice")
    make_user("mallory")
    base = str(server.make_url("")).rstrip("/")

    async def attacker_page(_request: web.Request) -> web.Response:
        return web.Response(
            content_type="text/html",
            text=f"""<form method="post" action="{base}/console/login">
            <input name="username" value="mallory"><input name="password" value="{password}">
            </form><script>document.forms[0].submit()</script>""",
        )

    attacker = web.Application()
    attacker.router.add_get("/", attacker_page)
    attacker_server = TestServer(attacker, host="127.0.0.1")
    await attacker_server.start_server()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page()
            async with page.expect_response(f"{base}/console/login") as planted:
                await page.goto(f"http://localhost:{attacker_server.port}/")
            refused = (await planted.value).status
            rows_after_attack = len(session_rows(sessions))

            await page.goto(f"{base}/console/login")
            await page.fill("#username", "alice")
            await page.fill("#password", password)
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/console/")
        finally:
            await browser.close()
            await attacker_server.close()

    assert (refused, rows_after_attack) == (403, 0)
    [row] = session_rows(sessions)
    with sessions() as session:
        assert session.get_one(Practitioner, row.practitioner_id).username == "alice"
