"""Typed keys for what the gateway application holds (see ``bot.gateway.app``)."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.gateway.notify import ChannelNotifier
from bot.gateway.ratelimit import SlidingWindowLimiter
from bot.gateway.routing import Router

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", sessionmaker[Session])
# notify_family(conversation_id, message): push to Telegram; web chat polls.
NOTIFIER = web.AppKey("notifier", ChannelNotifier)
ROUTER = web.AppKey("router", Router)
HTTP = web.AppKey("http", aiohttp.ClientSession)
# Family API flood limits (bot/gateway/ratelimit.py): per client address, per conversation.
NEW_CONVERSATIONS = web.AppKey("new_conversations", SlidingWindowLimiter)
MESSAGES = web.AppKey("messages", SlidingWindowLimiter)
