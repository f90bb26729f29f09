"""``/healthz``: is every part a family's message depends on ready?

200 only when all checks pass, else 503; the body names each check (never a cause:
causes are logged). The checks:

* ``database``: the case queue database answers;
* ``rasa``: the Rasa server is up with a model loaded;
* ``tracker_store``: Rasa can read its tracker store (the strict store turns a broken
  database into an error here rather than a silent switch to memory);
* ``action_server``: the action server answers its health endpoint;
* ``lock_store``: only when Rasa uses a Redis lock store, Redis answers PING.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import redis.asyncio as redis
from aiohttp import web
from redis.exceptions import RedisError
from sqlalchemy import text

from bot.config import Settings
from bot.gateway.keys import HTTP, SESSIONS, SETTINGS
from bot.gateway.rasa_client import RasaClient

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 3.0


async def healthz(request: web.Request) -> web.Response:
    checks = await run_checks(request.app)
    status = 200 if all(checks.values()) else 503
    if status != 200:
        log.warning("not ready: %s", ",".join(name for name, ok in checks.items() if not ok))
    return web.json_response({"ready": status == 200, "checks": checks}, status=status)


async def run_checks(app: web.Application) -> dict[str, bool]:
    settings = app[SETTINGS]
    http = app[HTTP]
    rasa = RasaClient(settings.rasa_url, http, CHECK_TIMEOUT, settings.rasa_token)
    names = ["database", "rasa", "tracker_store", "action_server"]
    probes = [
        asyncio.to_thread(_database_ok, app),
        rasa.ready(),
        rasa.tracker_store_ready(),
        _action_server_ok(http, settings),
    ]
    if settings.rasa_lock_store == "redis":
        names.append("lock_store")
        probes.append(_redis_ok(settings))
    results = await asyncio.gather(*probes)
    return dict(zip(names, results, strict=True))


def _database_ok(app: web.Application) -> bool:
    try:
        with app[SESSIONS]() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception as error:  # any failure means "not ready"
        log.error("health: database check failed: %s", type(error).__name__)
        return False


async def _action_server_ok(http: aiohttp.ClientSession, settings: Settings) -> bool:
    try:
        async with http.get(
            f"{settings.action_server_url}/health",
            timeout=aiohttp.ClientTimeout(total=CHECK_TIMEOUT),
        ) as response:
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def _redis_ok(settings: Settings) -> bool:
    client = redis.Redis(
        host=settings.rasa_lock_store_host,
        port=settings.rasa_lock_store_port,
        socket_timeout=CHECK_TIMEOUT,
        socket_connect_timeout=CHECK_TIMEOUT,
    )
    try:
        return bool(await client.ping())
    except (RedisError, OSError):
        return False
    finally:
        await client.aclose()
