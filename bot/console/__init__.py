"""The practitioners' console: HTML pages under ``/console/``, JSON under ``/console/api``.

``setup_console`` mounts it on the gateway application, which already holds the
settings, the database sessionmaker and the family notifier (``bot.gateway.keys``).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.console import api, views

STATIC = Path(__file__).resolve().parent / "static"

CONSOLE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Pages show families' words: keep them out of shared and back-button caches.
    "Cache-Control": "no-store",
}


def _is_console(path: str) -> bool:
    return path == "/console" or path.startswith("/console/")


async def _console_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Set on every console response, including redirects, errors and static files."""
    if _is_console(request.path):
        response.headers.update(CONSOLE_HEADERS)


def setup_console(app: web.Application) -> None:
    """Add the console's routes, static files and response headers to ``app``."""
    app.add_routes(api.routes)
    app.add_routes(views.routes)
    app.router.add_static("/console/static/", STATIC, name="console-static")
    app.on_response_prepare.append(_console_headers)


__all__ = ["setup_console"]
