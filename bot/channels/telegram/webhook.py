"""``POST /telegram/webhook``: where Telegram delivers updates in webhook mode.

Only Telegram knows the secret token it was given by ``setWebhook``; any request
without it is refused before its body is read. An update is answered 200 only once
it is committed to the inbox, so an acknowledged update survives a restart.
"""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from bot.channels.telegram.keys import TELEGRAM
from bot.channels.telegram.updates import parse_update
from bot.gateway.keys import SETTINGS
from bot.jsonbody import BodyError, parse_object

log = logging.getLogger(__name__)

AUTH_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# A text message is at most 4096 characters; with a quoted reply and entities an update
# stays well under this. Anything bigger is not a real update.
MAX_UPDATE_BYTES = 256 * 1024


def secret_ok(given: str | None, expected: str) -> bool:
    """Constant-time check; with no secret configured nothing is accepted."""
    if not expected or given is None:
        return False
    return secrets.compare_digest(
        given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
    )


async def telegram_webhook(request: web.Request) -> web.Response:
    if not secret_ok(
        request.headers.get(AUTH_HEADER), request.app[SETTINGS].telegram_webhook_secret
    ):
        log.warning("telegram webhook: request refused (secret token missing or wrong)")
        return web.Response(status=403, text="Forbidden")
    if request.content_length is not None and request.content_length > MAX_UPDATE_BYTES:
        return web.Response(status=413, text="Too large")
    raw = await request.content.read(MAX_UPDATE_BYTES + 1)
    if len(raw) > MAX_UPDATE_BYTES:
        return web.Response(status=413, text="Too large")
    try:
        body = parse_object(raw)
    except BodyError:
        return web.Response(status=400, text="Body must be a JSON object")
    update_id = body.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
        return web.Response(status=400, text="Not a Telegram update")
    channel = request.app[TELEGRAM].channel
    if channel is None:  # not started (cannot happen once the app serves); let Telegram retry
        return web.Response(status=503, text="Not ready")
    await channel.accept(update_id, parse_update(body))
    return web.Response(status=200)
