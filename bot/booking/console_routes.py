"""Console JSON routes for sessions: list, add, edit, and see who is booked.

Mounted by ``setup_booking_console`` next to the console's own API and protected the
same way (``bot.console.api.authenticated``: a live session, and the CSRF token on every
POST). A practitioner sees and edits their own team's sessions only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy.orm import Session

from bot.booking import editing
from bot.booking.editing import SessionAccessError, SessionInputError
from bot.console.api import PREFIX, authenticated, error, read_json
from bot.console.service import row_id, run
from bot.console.sessions import ConsoleUser
from bot.models import utcnow

routes = web.RouteTableDef()
SESSIONS_PATH = f"{PREFIX}/booking/sessions"
T = TypeVar("T")


async def _checked(request: web.Request, work: Callable[[Session], T]) -> T | web.Response:
    """Run ``work``; a practitioner's mistake or another team's session is a clear 4xx."""
    try:
        return await run(request, work)
    except SessionInputError as problem:
        return error(400, str(problem))
    except SessionAccessError as problem:
        return error(problem.status, str(problem))


def _session_id(request: web.Request) -> int:
    """The route's id; anything that cannot be a session's id is 'no such session'."""
    value = row_id(request.match_info["session_id"])
    if value is None:
        raise web.HTTPNotFound(reason="No such session.")
    return value


@routes.get(SESSIONS_PATH)
@authenticated(csrf=False)
async def list_sessions(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    def work(session: Session) -> list[dict[str, Any]]:
        return [
            editing.session_to_api(s)
            for s in editing.upcoming_sessions(session, user.team, utcnow())
        ]

    return web.json_response({"sessions": await run(request, work)})


@routes.post(SESSIONS_PATH)
@authenticated(csrf=True)
async def add_session(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    body = await read_json(request)
    result = await _checked(
        request,
        lambda s: editing.session_to_api(
            editing.create_session(s, user.team, user.practitioner_id, body)
        ),
    )
    return result if isinstance(result, web.Response) else web.json_response(result, status=201)


@routes.post(SESSIONS_PATH + "/{session_id}")
@authenticated(csrf=True)
async def edit_session(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    session_id, body = _session_id(request), await read_json(request)
    result = await _checked(
        request,
        lambda s: editing.session_to_api(
            editing.edit_session(s, user.team, user.practitioner_id, session_id, body)
        ),
    )
    return result if isinstance(result, web.Response) else web.json_response(result)


@routes.get(SESSIONS_PATH + "/{session_id}/attendees")
@authenticated(csrf=False)
async def session_attendees(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    session_id = _session_id(request)
    result = await _checked(
        request, lambda s: editing.attendees(s, user.team, user.practitioner_id, session_id)
    )
    return result if isinstance(result, web.Response) else web.json_response({"attendees": result})


def setup_booking_console(app: web.Application) -> None:
    app.add_routes(routes)
