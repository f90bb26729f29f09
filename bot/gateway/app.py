"""The gateway application factory and its health check."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import text

from bot.channels import setup_telegram
from bot.config import Settings
from bot.console import setup_console
from bot.db import make_engine, make_sessionmaker
from bot.gateway import family_api, live
from bot.gateway.keys import HTTP, NOTIFIER, ROUTER, SESSIONS, SETTINGS
from bot.gateway.notify import ChannelNotifier, LiveFeed
from bot.gateway.rasa_client import RasaClient
from bot.gateway.routing import Router

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"

WEB_CHAT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


async def _resources(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = make_engine(settings.database_url)
    app[SESSIONS] = make_sessionmaker(engine)
    http = aiohttp.ClientSession()
    app[HTTP] = http
    app[ROUTER] = Router(
        app[SESSIONS],
        RasaClient(settings.rasa_url, http, settings.rasa_timeout, settings.rasa_token),
    )
    feed = LiveFeed(app[SESSIONS], settings.redis_url, settings.redis_prefix)
    await feed.start()
    app[NOTIFIER] = ChannelNotifier(app[SESSIONS], feed)
    yield
    await feed.close()
    await http.close()
    engine.dispose()


async def healthz(request: web.Request) -> web.Response:
    """200 only when this gateway, its database, Rasa and the action server are all ready."""
    app = request.app
    settings = app[SETTINGS]

    def database_ok() -> bool:
        try:
            with app[SESSIONS]() as session:
                session.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure means "not ready"; the cause is logged
            log.exception("health: database check failed")
            return False

    async def action_server_ok() -> bool:
        try:
            async with app[HTTP].get(
                f"{settings.action_server_url}/health", timeout=aiohttp.ClientTimeout(total=3)
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    rasa_client = RasaClient(settings.rasa_url, app[HTTP], 3, settings.rasa_token)
    db, rasa, actions = await asyncio.gather(
        asyncio.to_thread(database_ok), rasa_client.ready(), action_server_ok()
    )
    checks = {"database": db, "rasa": rasa, "action_server": actions}
    status = 200 if all(checks.values()) else 503
    return web.json_response({"ready": status == 200, "checks": checks}, status=status)


async def chat_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


@web.middleware
async def security_headers(request: web.Request, handler: Any) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.path.startswith("/console"):
        response.headers.setdefault("Content-Security-Policy", WEB_CHAT_CSP)
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_resources)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/", chat_page)
    app.router.add_static("/static/", STATIC)
    app.add_routes(family_api.routes)
    app.add_routes(live.routes)
    setup_console(app)
    if settings.telegram_token:
        setup_telegram(app)
    return app
