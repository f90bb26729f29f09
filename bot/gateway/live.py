"""Server-sent events: a family's open page hears practitioner replies as they arrive.

``GET /api/conversations/{id}/live`` streams ``data: Message`` events for messages
announced on the live feed (see ``bot.gateway.notify.LiveFeed``), from whichever
gateway instance stored them. The stream is a hint: the page still fetches with
``?after=seq`` on reconnect, so a dropped event loses nothing. Streams end when the
gateway shuts down (``end_live_streams``), so a restart does not wait on open pages.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from bot.casequeue.conversations import get_conversation
from bot.gateway.family_api import _valid_id, error
from bot.gateway.keys import NOTIFIER, SESSIONS
from bot.gateway.notify import END_OF_STREAM

routes = web.RouteTableDef()
HEARTBEAT_SECONDS = 15.0


@routes.get("/api/conversations/{conversation_id}/live")
async def live(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    if not _valid_id(conversation_id):
        return error(404, "No such conversation.")

    def exists() -> bool:
        with request.app[SESSIONS]() as session:
            return get_conversation(session, conversation_id) is not None

    if not await asyncio.to_thread(exists):
        return error(404, "No such conversation.")
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    async with request.app[NOTIFIER].feed.listen(conversation_id) as queue:
        await response.prepare(request)
        await response.write(b": open\n\n")
        try:
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    await response.write(b": heartbeat\n\n")
                    continue
                if message is END_OF_STREAM:
                    break
                await response.write(f"data: {json.dumps(message)}\n\n".encode())
        except ConnectionResetError:  # the page went away; the next write noticed
            pass
    return response


async def end_live_streams(app: web.Application) -> None:
    """``on_shutdown``: runs before aiohttp waits for the handlers still running."""
    app[NOTIFIER].feed.end_streams()
