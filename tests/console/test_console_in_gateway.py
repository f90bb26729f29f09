"""The console mounted on the real gateway application (``bot.gateway.app.create_app``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.gateway.app import create_app

CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)


@pytest.fixture
async def gateway(database_url: str) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    # Rasa and the action server are never called by the console; nothing listens here.
    unreachable = "http://127.0.0.1:9"
    settings = Settings(
        database_url=database_url, rasa_url=unreachable, action_server_url=unreachable
    )
    client: TestClient[web.Request, web.Application] = TestClient(
        TestServer(create_app(settings), host="127.0.0.1")
    )
    await client.start_server()
    yield client
    await client.close()


async def test_the_gateway_serves_the_console_with_the_console_headers(
    gateway: TestClient[web.Request, web.Application],
    make_user: Callable[..., int],
    password: str,
) -> None:
    make_user("alice")

    login_page = await gateway.get("/console/login")
    stylesheet = await gateway.get("/console/static/console.css")
    login = await gateway.post(
        "/console/api/login", json={"username": "alice", "password": password}
    )
    queue = await gateway.get("/console/", allow_redirects=False)

    assert (login_page.status, stylesheet.status, login.status, queue.status) == (
        200,
        200,
        200,
        200,
    )
    for response in (login_page, stylesheet, login, queue):
        assert response.headers["Content-Security-Policy"] == CONSOLE_CSP
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
