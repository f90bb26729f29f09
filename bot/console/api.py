"""The console's JSON API under ``/console/api``.

Errors are ``{"error": "..."}`` with a plain message written here or in the case
queue, never the text of an unexpected exception (it may quote SQL parameters, which
may be a family's words). Every POST except login needs the session's CSRF token in
``X-CSRF-Token``: a cross-site page can make a browser send the cookie-less
SameSite=Strict requests, but it can neither read the token nor set that header.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.casequeue.cases import CaseError
from bot.console import service, throttle
from bot.console.accounts import OWN_ACCOUNT, AccountError, account_fields
from bot.console.origin import is_cross_site
from bot.console.service import InvalidInput
from bot.console.sessions import (
    CSRF_HEADER,
    ConsoleUser,
    clear_session_cookie,
    cookie_token,
    csrf_matches,
    current_user,
    set_session_cookie,
)
from bot.gateway.keys import SETTINGS
from bot.jsonbody import BodyError, parse_object

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

PREFIX = "/console/api"
MAX_BODY_BYTES = 16 * 1024

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UserHandler = Callable[[web.Request, ConsoleUser], Awaitable[web.StreamResponse]]


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _guarded(
    request: web.Request, call: Callable[[], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Turn every failure into a JSON error with a message that is safe to show."""
    try:
        return await call()
    except InvalidInput as problem:
        return error(400, str(problem))
    except CaseError as problem:
        return error(problem.status, str(problem))
    except web.HTTPException as problem:
        return error(problem.status, problem.reason)
    except Exception as problem:  # never let exception text reach a client or the log
        log.error(
            "console api %s %s failed: %s", request.method, request.path, type(problem).__name__
        )
        return error(500, "Something went wrong on our side. Please try again.")


def authenticated(*, csrf: bool) -> Callable[[UserHandler], Handler]:
    """Require a live session (else 401) and, for state changes, its CSRF token (else 403)."""

    def decorate(handler: UserHandler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            async def call() -> web.StreamResponse:
                user = await current_user(request)
                if user is None:
                    return error(401, "Please log in.")
                if csrf and not csrf_matches(user, request.headers.get(CSRF_HEADER)):
                    return error(403, "The CSRF token is missing or wrong. Please reload.")
                return await handler(request, user)

            return await _guarded(request, call)

        return wrapper

    return decorate


async def read_json(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object, at most 16 KiB; anything else is a 400 (413 when too big)."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_BODY_BYTES, actual_size=request.content_length
        )
    raw = await request.content.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=len(raw))
    try:
        return parse_object(raw)
    except BodyError as problem:
        raise InvalidInput(str(problem)) from None


@routes.post(f"{PREFIX}/login")
async def login(request: web.Request) -> web.StreamResponse:
    """Login CSRF: only from the console's own origin, and only a JSON body (a cross-site
    page cannot send one without a CORS preflight). Throttled (bot/console/throttle.py):
    past the limit, a 429 without checking the password."""

    async def call() -> web.StreamResponse:
        if is_cross_site(request, request.app[SETTINGS]):
            return error(403, "This login did not come from the console. Please log in there.")
        if request.content_type != "application/json":
            return error(415, 'Send the login as JSON, with "Content-Type: application/json".')
        body = await read_json(request)
        username, password = body.get("username"), body.get("password")
        if not (isinstance(username, str) and isinstance(password, str) and username and password):
            raise InvalidInput('Send "username" and "password" as non-empty strings.')
        result = await service.throttled_login(request, username, password, cookie_token(request))
        if isinstance(result, throttle.Refused):
            refused = error(429, result.message)
            refused.headers["Retry-After"] = str(result.retry_after)
            return refused
        if result is None:
            return error(401, "Wrong username or password.")
        token, user = result
        response = web.json_response({"practitioner": user.to_api(), "csrf_token": user.csrf_token})
        set_session_cookie(response, token, request.app[SETTINGS])
        return response

    return await _guarded(request, call)


@routes.post(f"{PREFIX}/logout")
@authenticated(csrf=True)
async def logout(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    await service.logout(request, user, cookie_token(request) or "")
    response = web.json_response({"logged_out": True})
    clear_session_cookie(response, request.app[SETTINGS])
    return response


@routes.get(f"{PREFIX}/me")
@authenticated(csrf=False)
async def me(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    """Who is logged in, and the CSRF token, so a reloaded page can carry on."""
    return web.json_response({"practitioner": user.to_api(), "csrf_token": user.csrf_token})


@routes.get(f"{PREFIX}/cases")
@authenticated(csrf=False)
async def list_cases(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    statuses = service.parse_statuses(request.query.get("status"))
    return web.json_response({"cases": await service.list_cases(request, user, statuses)})


@routes.get(PREFIX + r"/cases/{id:\d+}")
@authenticated(csrf=False)
async def get_case(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    case, transcript = await service.case_with_transcript(request, user, case_id)
    return web.json_response({**case, "transcript": transcript})


@routes.post(PREFIX + r"/cases/{id:\d+}/claim")
@authenticated(csrf=True)
async def claim(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return web.json_response(await service.claim(request, user, case_id))


@routes.post(PREFIX + r"/cases/{id:\d+}/reply")
@authenticated(csrf=True)
async def reply(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    text = service.clean_reply((await read_json(request)).get("text"))
    message = await service.reply(request, user, case_id, text)
    return web.json_response({"message": message}, status=201)


@routes.post(PREFIX + r"/cases/{id:\d+}/close")
@authenticated(csrf=True)
async def close(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    outcome = service.clean_outcome((await read_json(request)).get("outcome"))
    return web.json_response(await service.close(request, user, case_id, outcome))


@routes.get(PREFIX + r"/cases/{id:\d+}/view")
@authenticated(csrf=False)
async def case_view(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    """The case with transcript, private notes, audit trail, bookings and canned replies."""
    case_id = service.parse_case_id(request.match_info["id"])
    case, extras = await service.case_view(request, user, case_id)
    return web.json_response(
        {**case, **extras, "canned_replies": list(service.canned_replies(request))}
    )


@routes.post(PREFIX + r"/cases/{id:\d+}/reopen")
@authenticated(csrf=True)
async def reopen(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return web.json_response(await service.reopen(request, user, case_id))


@routes.post(PREFIX + r"/cases/{id:\d+}/waiting")
@authenticated(csrf=True)
async def waiting(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return web.json_response(await service.set_waiting(request, user, case_id))


@routes.post(PREFIX + r"/cases/{id:\d+}/handback")
@authenticated(csrf=True)
async def hand_back(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return web.json_response(await service.hand_back(request, user, case_id))


@routes.post(PREFIX + r"/cases/{id:\d+}/notes")
@authenticated(csrf=True)
async def add_note(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    text = service.clean_note((await read_json(request)).get("text"))
    await service.add_note(request, user, case_id, text)
    return web.json_response({"noted": True}, status=201)


@routes.post(PREFIX + r"/cases/{id:\d+}/reassign")
@authenticated(csrf=True)
async def reassign(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    to, team, note = service.parse_reassignment(await read_json(request))
    detail = await service.reassign(
        request, user, case_id, to_username=to, to_team=team, note=note
    )
    return web.json_response(detail)


@routes.get(f"{PREFIX}/workload")
@authenticated(csrf=False)
async def workload(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return web.json_response({"team": user.team, "workload": await service.workload(request, user)})


@routes.post(f"{PREFIX}/link-codes")
@authenticated(csrf=True)
async def link_code(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return web.json_response(await service.create_link_code(request, user), status=201)


@routes.get(f"{PREFIX}/accounts")
@authenticated(csrf=False)
async def accounts(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return web.json_response({"accounts": await service.list_accounts(request, user)})


@routes.post(f"{PREFIX}/accounts")
@authenticated(csrf=True)
async def create_account(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    try:
        fields = account_fields(await read_json(request))
    except AccountError as problem:
        raise InvalidInput(str(problem)) from None
    return web.json_response(await service.create_account(request, user, fields), status=201)


@routes.post(PREFIX + r"/accounts/{username}/deactivate")
@authenticated(csrf=True)
async def deactivate_account(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    username = request.match_info["username"]
    if username == user.username:  # refused as the HTML console refuses it
        raise InvalidInput(OWN_ACCOUNT)
    await service.set_account_active(request, user, username, active=False)
    return web.json_response({"active": False})
