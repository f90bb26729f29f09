"""The typed app key under which the gateway holds the Telegram channel."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from telegram import Bot

from bot.channels.telegram.channel import TelegramChannel, TelegramOptions


@dataclass
class TelegramRuntime:
    """Set by ``setup_telegram`` before the app starts; filled in at startup."""

    options: TelegramOptions
    channel: TelegramChannel | None = None
    bot: Bot | None = None


TELEGRAM = web.AppKey("telegram", TelegramRuntime)
