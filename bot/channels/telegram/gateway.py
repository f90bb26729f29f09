"""Plugging the Telegram channel into the gateway app.

With ``BATON_PUBLIC_URL`` set, Telegram pushes updates to ``/telegram/webhook``
(registered with ``setWebhook`` and a secret token). Without it (local development)
the gateway long-polls ``getUpdates`` instead. Either way every update goes through
the same durable inbox, and a background sweep retries whatever is left unprocessed.

Telegram being unreachable never stops the gateway: web chat and the console keep
working while the channel retries in the background.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict, InvalidToken, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.channels.telegram.channel import TelegramChannel, TelegramOptions
from bot.channels.telegram.keys import TELEGRAM, TelegramRuntime
from bot.channels.telegram.sender import TelegramSender, retry_after_seconds
from bot.channels.telegram.updates import reduce_update
from bot.channels.telegram.webhook import telegram_webhook
from bot.config import Settings
from bot.gateway.keys import NOTIFIER, ROUTER, SESSIONS, SETTINGS
from bot.models import Channel

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
ALLOWED_UPDATES = ["message", "callback_query", "edited_message"]
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_MAX_BACKOFF = 60.0
_PRUNE_EVERY = 3600.0


def setup_telegram(app: web.Application, *, options: TelegramOptions | None = None) -> None:
    """Add the Telegram channel to a gateway app made by ``create_app``.

    Call it after the app's resources are registered (it needs ``SESSIONS``, ``ROUTER``
    and ``NOTIFIER`` at startup). Calling it again only replaces ``options``.
    """
    if TELEGRAM in app:
        if options is not None:
            app[TELEGRAM].options = options
        return
    if not app[SETTINGS].telegram_token:
        log.info("telegram: no TELEGRAM_TOKEN; channel off")
        return
    app[TELEGRAM] = TelegramRuntime(options=options or TelegramOptions())
    app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    app.cleanup_ctx.append(_telegram_context)
    _keep_secrets_out_of_logs()


def _keep_secrets_out_of_logs() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the bot token;
    PTB logs request parameters (message text, chat ids) at DEBUG. Unless an operator
    set these loggers' levels on purpose, keep them above that, whatever the root level."""
    for name, floor in (("httpx", logging.WARNING), ("telegram", logging.INFO)):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(floor)


def make_bot(token: str) -> Bot:
    # Tests point this at a fake Bot API on loopback (PTB appends the token).
    base_url = os.environ.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    return Bot(
        token,
        base_url=base_url,
        request=HTTPXRequest(connection_pool_size=32),
        # getUpdates holds its connection open; PTB adds the poll timeout to read_timeout.
        get_updates_request=HTTPXRequest(connection_pool_size=1),
    )


async def _telegram_context(app: web.Application) -> AsyncIterator[None]:
    runtime, settings = app[TELEGRAM], app[SETTINGS]
    options = runtime.options
    bot = make_bot(settings.telegram_token)
    channel = TelegramChannel(
        sessions=app[SESSIONS],
        router=app[ROUTER],
        sender=TelegramSender(bot, options.limits),
        options=options,
    )
    runtime.bot, runtime.channel = bot, channel
    app[NOTIFIER].register(Channel.TELEGRAM.value, channel)
    runner = asyncio.create_task(_run(bot, channel, settings, options))
    try:
        yield
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await channel.close()
        await bot.shutdown()


async def _run(
    bot: Bot, channel: TelegramChannel, settings: Settings, options: TelegramOptions
) -> None:
    if not await _initialize(bot):
        return
    if settings.public_url:
        await _set_webhook(bot, settings)
        await _sweep_forever(channel, options)
        return
    log.info("telegram: no public URL; long polling")
    await _call_with_retries("deleteWebhook", lambda: bot.delete_webhook())
    sweeper = asyncio.create_task(_sweep_forever(channel, options))
    try:
        await _poll(bot, channel, options)
    finally:
        sweeper.cancel()
        await asyncio.gather(sweeper, return_exceptions=True)


async def _initialize(bot: Bot) -> bool:
    backoff = 1.0
    while True:
        try:
            await bot.initialize()
            log.info("telegram: bot ready")
            return True
        except InvalidToken:  # its message contains the token: never log it
            log.error("telegram: the bot token was rejected; channel off")
            return False
        except TelegramError as error:
            log.warning("telegram: not reachable (%s); retrying", type(error).__name__)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF)


async def _set_webhook(bot: Bot, settings: Settings) -> None:
    if not settings.telegram_webhook_secret:
        log.error(
            "telegram: BATON_PUBLIC_URL is set but TELEGRAM_WEBHOOK_SECRET is not; "
            "the webhook would refuse every update, so it is not registered"
        )
        return
    url = settings.public_url + WEBHOOK_PATH
    await _call_with_retries(
        "setWebhook",
        lambda: bot.set_webhook(
            url=url,
            secret_token=settings.telegram_webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        ),
    )


async def _call_with_retries(name: str, call: Callable[[], Awaitable[object]]) -> None:
    """Retry a setup call through network trouble; give up on a request Telegram refuses."""
    backoff = 1.0
    while True:
        try:
            await call()
            log.info("telegram: %s done", name)
            return
        except BadRequest as error:  # e.g. a URL that is not HTTPS, a malformed secret
            log.error("telegram: %s refused (%s)", name, type(error).__name__)
            return
        except RetryAfter as error:
            await asyncio.sleep(retry_after_seconds(error))
        except TelegramError as error:
            log.warning("telegram: %s failed (%s); retrying", name, type(error).__name__)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF)


async def _poll(bot: Bot, channel: TelegramChannel, options: TelegramOptions) -> None:
    """Long polling. The offset moves past an update only once the inbox holds it."""
    offset: int | None = None
    backoff = 1.0
    while True:
        try:
            updates = await bot.get_updates(
                offset=offset, timeout=options.poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
        except RetryAfter as error:
            await asyncio.sleep(retry_after_seconds(error))
            continue
        except InvalidToken:
            log.error("telegram: the bot token was rejected; polling stopped")
            return
        except TelegramError as error:  # Conflict: a webhook or another poller is active
            level = logging.ERROR if isinstance(error, Conflict) else logging.WARNING
            log.log(level, "telegram: getUpdates failed (%s); retrying", type(error).__name__)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF)
            continue
        backoff = 1.0
        for update in updates:
            try:
                await channel.accept(update.update_id, reduce_update(update))
            except Exception as error:  # the database is down: fetch the same updates again
                log.error(
                    "telegram: update %d not stored (%s)", update.update_id, type(error).__name__
                )
                await asyncio.sleep(backoff)
                break
            offset = update.update_id + 1


async def _sweep_forever(channel: TelegramChannel, options: TelegramOptions) -> None:
    loop = asyncio.get_running_loop()
    last_prune: float | None = None
    while True:
        try:
            await channel.sweep()
            if last_prune is None or loop.time() - last_prune > _PRUNE_EVERY:
                await channel.prune()
                last_prune = loop.time()
        except Exception as error:
            log.error("telegram: inbox sweep failed (%s)", type(error).__name__)
        await asyncio.sleep(options.sweep_interval)
