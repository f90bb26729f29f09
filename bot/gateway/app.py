"""The gateway application factory (the health check lives in ``health.py``)."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.booking.console_routes import setup_booking_console
from bot.booking.notices import booking_notices
from bot.channels import setup_telegram
from bot.config import Settings
from bot.console import setup_console
from bot.db import make_engine, make_sessionmaker
from bot.gateway import family_api, live
from bot.gateway.health import healthz
from bot.gateway.help_page import setup_help_page
from bot.gateway.keys import (
    HTTP,
    MESSAGES,
    NEW_CONVERSATIONS,
    NOTIFIER,
    ROUTER,
    SESSIONS,
    SETTINGS,
)
from bot.gateway.locks import PostgresConversationLock, conversation_lock_for
from bot.gateway.notify import ChannelNotifier, LiveFeed
from bot.gateway.rasa_client import RasaClient
from bot.gateway.ratelimit import SlidingWindowLimiter
from bot.gateway.routing import Router
from bot.privacy.notice import PrivacyNotice
from bot.privacy.schedule import scheduled_purge

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"

# Nothing is allowed unless named: the page's own script, styles, images and family API.
WEB_CHAT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


async def _resources(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = make_engine(settings.database_url)
    app[SESSIONS] = make_sessionmaker(engine)
    http = aiohttp.ClientSession()
    app[HTTP] = http
    locks = conversation_lock_for(settings)
    app[ROUTER] = Router(
        app[SESSIONS],
        RasaClient(
            settings.rasa_url,
            http,
            settings.rasa_timeout,
            settings.rasa_token,
            concurrency=settings.rasa_concurrency,
            queue_timeout=settings.rasa_queue_timeout,
        ),
        notice=PrivacyNotice.from_settings(settings),
        locks=locks,
        returning_after=timedelta(seconds=settings.returning_after),
    )
    feed = LiveFeed(app[SESSIONS], settings.redis_url, settings.redis_prefix)
    await feed.start()
    app[NOTIFIER] = ChannelNotifier(app[SESSIONS], feed)
    yield
    await feed.close()
    await http.close()
    if isinstance(locks, PostgresConversationLock):
        locks.dispose()
    engine.dispose()


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


UNEXPECTED = (
    "Sorry, something went wrong on our side and your message may not have been saved. "
    "Please send it again in a few minutes. If a child is in danger, call 999."
)


@web.middleware
async def unexpected_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    """A bug answers as plainly as a known failure, and logs no family's words.

    aiohttp would log the exception's message with its traceback, and a message can hold
    what was sent ("can't encode character '\\ud800' in position 7"). Here the log gets
    the exception's type, the route's pattern (never the conversation id in the path, which
    opens the conversation) and the code frames; the family gets a message like the ones
    for a known failure (JSON under /api and /console/api).
    """
    try:
        return await handler(request)
    except (web.HTTPException, asyncio.CancelledError):
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else "(no route)"
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s on %s %s\n%s", type(error).__name__, request.method, route, frames)
        if request.path.startswith(("/api/", "/console/api/")):
            return web.json_response({"error": UNEXPECTED}, status=500)
        return web.Response(status=500, text=UNEXPECTED)


def create_app(settings: Settings) -> web.Application:
    app = web.Application(
        middlewares=[security_headers, unexpected_errors], client_max_size=64 * 1024
    )
    app[SETTINGS] = settings
    app[NEW_CONVERSATIONS] = SlidingWindowLimiter(settings.new_conversations_per_minute)
    app[MESSAGES] = SlidingWindowLimiter(settings.messages_per_minute)
    app.cleanup_ctx.append(_resources)
    app.cleanup_ctx.append(scheduled_purge)
    app.cleanup_ctx.append(booking_notices)  # reminders and waiting-list places
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/", chat_page)
    app.router.add_static("/static/", STATIC)
    setup_help_page(app)
    app.add_routes(family_api.routes)
    app.add_routes(live.routes)
    app.on_shutdown.append(live.end_live_streams)
    setup_console(app)
    setup_booking_console(app)  # practitioners add and edit bookable sessions
    if settings.telegram_token:
        setup_telegram(app)
    return app
