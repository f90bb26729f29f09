"""Family channels that are not the built-in web chat.

Each channel adapts one messaging service to the gateway's routing core
(``bot.gateway.routing.Router``); none of them talks to Rasa directly.
"""

from __future__ import annotations

from bot.channels.telegram import TelegramOptions, setup_telegram

__all__ = ["TelegramOptions", "setup_telegram"]
