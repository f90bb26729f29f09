"""The Telegram channel: care leavers message Baton through a Telegram bot.

Modules, in the order an update meets them: ``webhook`` (or long polling in
``gateway``) receives it, ``updates`` reduces it to what Baton uses, ``inbox`` stores
it durably, ``channel`` routes it through the gateway's routing core, ``keyboards``
turns replies into Telegram messages and ``sender`` delivers them within Telegram's
flood limits. ``gateway.setup_telegram`` wires it all into the app.
"""

from __future__ import annotations

from bot.channels.telegram.channel import TelegramChannel, TelegramOptions
from bot.channels.telegram.gateway import setup_telegram
from bot.channels.telegram.keys import TELEGRAM

__all__ = ["TELEGRAM", "TelegramChannel", "TelegramOptions", "setup_telegram"]
