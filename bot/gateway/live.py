"""Server-sent events: a family's open page hears practitioner replies as they arrive.

``GET /api/conversations/{id}/live?after=seq`` streams ``id: seq`` / ``data: Message``
events for messages announced on the live feed (see ``bot.gateway.notify.LiveFeed``),
from whichever gateway instance stored them. A stream first replays what was stored
after ``seq``, or after the ``Last-Event-ID`` a browser sends when it reconnects by
itself, so a reply stored while the page was reconnecting still arrives on the stream.
It is still a hint: the page polls slowly beside it, so a dropped event loses nothing.
Streams end when the gateway shuts down (``end_live_streams``), so a restart does not
wait on open pages.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from bot.casequeue.conversations import get_conversation, messages_after
from bot.gateway.family_api import _valid_id, error
from bot.gateway.keys import NOTIFIER, SESSIONS
from bot.gateway.notify import END_OF_STREAM

routes = web.RouteTableDef()
HEARTBEAT_SECONDS = 15.0
REPLAY_LIMIT = 200  # a page further behind than this fetches the rest itself


def _resume_after(request: web.Request) -> int | None:
    """The last seq the page has: its reconnect header, else ``?after=``; None if neither
    is a whole number (then nothing is replayed)."""
    raw = request.headers.get("Last-Event-ID") or request.query.get("after", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _event(message: dict[str, Any]) -> bytes:
    return f"id: {message['seq']}\ndata: {json.dumps(message)}\n\n".encode()


@routes.get("/api/conversations/{conversation_id}/live")
async def live(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    if not _valid_id(conversation_id):
        return error(404, "No such conversation.")

    after = _resume_after(request)

    def stored_since() -> list[dict[str, Any]] | None:
        with request.app[SESSIONS]() as session:
            if get_conversation(session, conversation_id) is None:
                return None
            if after is None:
                return []
            return messages_after(session, conversation_id, after, limit=REPLAY_LIMIT)

    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    # Listen before reading what is stored, so nothing falls between the two.
    async with request.app[NOTIFIER].feed.listen(conversation_id) as queue:
        missed = await asyncio.to_thread(stored_since)
        if missed is None:
            return error(404, "No such conversation.")
        await response.prepare(request)
        await response.write(b": open\n\n")
        sent = after or 0
        try:
            for message in missed:
                await response.write(_event(message))
                sent = message["seq"]
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    await response.write(b": heartbeat\n\n")
                    continue
                if message is END_OF_STREAM:
                    break
                if message["seq"] > sent:  # else it was in the replay
                    await response.write(_event(message))
        except ConnectionResetError:  # the page went away; the next write noticed
            pass
    return response


async def end_live_streams(app: web.Application) -> None:
    """``on_shutdown``: runs before aiohttp waits for the handlers still running."""
    app[NOTIFIER].feed.end_streams()
