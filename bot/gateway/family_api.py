"""The family API: JSON over HTTP, the contract every channel client relies on.

See README, "Family API". Validation happens here, before anything reaches Rasa.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from bot.casequeue.conversations import get_conversation, messages_after
from bot.gateway.clientaddr import address_group, client_address
from bot.gateway.keys import MESSAGES, NEW_CONVERSATIONS, ROUTER, SESSIONS, SETTINGS
from bot.gateway.routing import (
    MAX_TEXT_LENGTH,
    InvalidPayload,
    StorageUnavailable,
    UnknownConversation,
    has_words,
)
from bot.jsonbody import MAX_INT, BodyError, parse_object
from bot.models import Channel
from bot.safety import assess

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

MAX_BODY_BYTES = 16 * 1024
STORAGE_DOWN = (
    "Sorry, we could not save your message because of a problem on our side. "
    "Please send it again in a few minutes. If a child is in danger, call 999."
)
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _valid_id(conversation_id: str) -> bool:
    return 20 <= len(conversation_id) <= 64 and set(conversation_id) <= _ID_CHARS


async def _read_json(request: web.Request) -> dict[str, Any] | web.Response:
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return error(413, "That message is too long.")
    raw = await request.content.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        return error(413, "That message is too long.")
    try:
        return parse_object(raw or b"{}")
    except BodyError as problem:
        return error(400, str(problem))


TOO_MANY_CONVERSATIONS = (
    "Too many new conversations from your connection. Please wait a minute and try again. "
    "If a child is in danger, call 999."
)
TOO_FAST = "You're sending messages very quickly. Please wait a moment and send it again."


def too_many(message: str, retry_after: int) -> web.Response:
    response = error(429, message)
    response.headers["Retry-After"] = str(retry_after)
    return response


@routes.post("/api/conversations")
async def open_conversation(request: web.Request) -> web.Response:
    address = client_address(request, request.app[SETTINGS].trusted_proxies)
    wait = request.app[NEW_CONVERSATIONS].retry_after(address_group(address))
    if wait is not None:
        log.warning("new conversation refused: too many from one address")
        return too_many(TOO_MANY_CONVERSATIONS, wait)
    try:
        conversation_id, messages = await request.app[ROUTER].start_conversation(Channel.WEB.value)
    except StorageUnavailable:
        return error(503, STORAGE_DOWN)
    return web.json_response({"conversation_id": conversation_id, "messages": messages}, status=201)


@routes.post("/api/conversations/{conversation_id}/messages")
async def post_message(request: web.Request) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    if not _valid_id(conversation_id):
        return error(404, "No such conversation.")
    body = await _read_json(request)
    if isinstance(body, web.Response):
        return body
    text, payload = body.get("text"), body.get("payload")
    if (text is None) == (payload is None):
        return error(400, 'Send either "text" or "payload".')
    if text is not None:
        if not isinstance(text, str) or not text.strip():
            return error(400, '"text" must be a non-empty string.')
        if len(text) > MAX_TEXT_LENGTH:
            return error(413, f"Please keep messages under {MAX_TEXT_LENGTH} characters.")
        if not has_words(text):
            return error(400, "Please type a message with some words in it.")
    if payload is not None and (not isinstance(payload, str) or not payload or len(payload) > 500):
        return error(400, '"payload" must be one of the buttons offered.')
    wait = request.app[MESSAGES].retry_after(conversation_id)
    # Safety first: a message that may be a disclosure is never held back by a limit.
    if wait is not None and (text is None or not assess(text).at_risk):
        log.warning("family message refused: too many in one conversation")
        return too_many(TOO_FAST, wait)
    try:
        messages = await request.app[ROUTER].handle_family_message(
            conversation_id, text=text, payload=payload
        )
    except UnknownConversation:
        return error(404, "No such conversation.")
    except InvalidPayload:
        return error(400, "That option is no longer available. Please type your message instead.")
    except StorageUnavailable:
        return error(503, STORAGE_DOWN)
    return web.json_response({"messages": messages})


@routes.get("/api/conversations/{conversation_id}/messages")
async def get_messages(request: web.Request) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    if not _valid_id(conversation_id):
        return error(404, "No such conversation.")
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        return error(400, '"after" must be a whole number.')
    after = min(after, MAX_INT)  # past the last message: nothing after it

    def read() -> list[dict[str, Any]] | None:
        with request.app[SESSIONS].begin() as session:
            if get_conversation(session, conversation_id) is None:
                return None
            return list(messages_after(session, conversation_id, max(after, 0)))

    messages = await asyncio.to_thread(read)
    if messages is None:
        return error(404, "No such conversation.")
    return web.json_response({"messages": messages})
