"""The console's HTML pages: plain forms, no scripts, post/redirect/get.

Everything a family or practitioner typed (messages, summaries, names) is rendered
by Jinja2 with autoescaping on and is never marked safe, so it stays inert text.
Each form carries the session's CSRF token in a hidden field, checked like the API's
header.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from jinja2 import Environment, PackageLoader, StrictUndefined
from multidict import MultiDictProxy

from bot.casequeue.cases import CaseError
from bot.casequeue.teams import TEAM_NAMES
from bot.console import service, throttle
from bot.console.origin import is_cross_site
from bot.console.service import InvalidInput
from bot.console.sessions import (
    CSRF_FIELD,
    ConsoleUser,
    clear_session_cookie,
    cookie_token,
    csrf_matches,
    current_user,
    set_session_cookie,
)
from bot.gateway.keys import SETTINGS
from bot.models import Priority, RequestStatus

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

ROOT = "/console/"
LOGIN = "/console/login"

Form = MultiDictProxy[Any]
PageHandler = Callable[[web.Request, ConsoleUser], Awaitable[web.StreamResponse]]
ActionHandler = Callable[[web.Request, ConsoleUser, Form], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Notices are chosen by a code in the redirect's query string; only these texts can
# appear, so a crafted link cannot put words on a practitioner's screen.
NOTICES = {
    "claimed": "You now hold this request. The family will be told your name when you reply.",
    "replied": "Your reply has been sent.",
    "closed": "The request is closed and the conversation is back with the assistant.",
    "logged-out": "You have logged out.",
    "reopened": "The request is open again and you hold it.",
    "waiting": "The request is waiting for the family. It comes back to you when they write.",
    "handed-back": "The family is back with the assistant. You are still their named practitioner.",
    "noted": "Your note is saved. The family cannot see it.",
    "reassigned": "The request has been passed on and the family has been told who holds it now.",
}
TEAM_CHOICES = tuple(TEAM_NAMES.items())
SENDER_LABELS = {"family": "Family", "bot": "Assistant", "practitioner": "Practitioner"}
STATUS_FILTERS = (
    ("Open", ""),
    ("New", RequestStatus.NEW.value),
    ("Claimed", RequestStatus.CLAIMED.value),
    ("Waiting", RequestStatus.WAITING.value),
    ("Closed", RequestStatus.CLOSED.value),
)


def duration(seconds: int) -> str:
    """How long, in words a glance can take in: '4 min', '2 h 5 min', '3 d 1 h'."""
    minutes = seconds // 60
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def timestamp(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M UTC")


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("bot.console", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["duration"] = duration
    environment.filters["timestamp"] = timestamp
    environment.globals.update(
        sender_labels=SENDER_LABELS, urgent=Priority.URGENT.value, csrf_field=CSRF_FIELD
    )
    return environment


ENVIRONMENT = _environment()


def render(
    template: str, *, status: int = 200, user: ConsoleUser | None = None, **context: Any
) -> web.Response:
    html = ENVIRONMENT.get_template(template).render(user=user, **context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def redirect(location: str) -> web.Response:
    """303, so the browser follows a POST with a GET (post/redirect/get)."""
    return web.Response(status=303, headers={"Location": location})


def error_page(status: int, message: str, user: ConsoleUser | None = None) -> web.Response:
    return render("error.html", status=status, user=user, message=message)


async def _guarded(
    request: web.Request,
    user: ConsoleUser | None,
    call: Callable[[], Awaitable[web.StreamResponse]],
) -> web.StreamResponse:
    try:
        return await call()
    except CaseError as problem:
        if problem.status == 401:
            return redirect(LOGIN)
        return error_page(problem.status, _case_error_text(problem), user)
    except InvalidInput as problem:
        return error_page(400, str(problem), user)
    except web.HTTPException as problem:
        return error_page(problem.status, problem.reason, user)
    except Exception as problem:  # never let exception text reach a page or the log
        log.error(
            "console page %s %s failed: %s", request.method, request.path, type(problem).__name__
        )
        return error_page(500, "Something went wrong on our side. Please try again.", user)


def _case_error_text(problem: CaseError) -> str:
    text = str(problem)
    return text[:1].upper() + text[1:] + "."


def page(handler: PageHandler) -> Handler:
    """A page that needs a logged-in practitioner; others are sent to the login form."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        async def authenticate_then_handle() -> web.StreamResponse:
            user = await current_user(request)
            if user is None:
                return redirect(LOGIN)
            # Guarded again, so error pages still show who is logged in.
            return await _guarded(request, user, lambda: handler(request, user))

        return await _guarded(request, None, authenticate_then_handle)

    return wrapper


async def read_form(request: web.Request) -> Form:
    """The posted form; a body that cannot be read as one is a 400, not a 500.

    ``request.post()`` raises whatever its decoders raise: ``LookupError`` for
    ``charset=bogus``, ``UnicodeDecodeError`` for bytes not in the charset, ``ValueError``
    or ``InvalidHeader`` for broken multipart, ``RuntimeError`` for an unknown
    ``Content-Transfer-Encoding``. A body too large stays a 413 (an HTTPException).
    """
    try:
        return await request.post()
    except web.HTTPException:
        raise
    except (ValueError, LookupError, RuntimeError, HttpProcessingError):
        raise InvalidInput(
            "The form could not be read. Please go back, reload the page and try again."
        ) from None


def action(handler: ActionHandler) -> Handler:
    """A form post: needs a logged-in practitioner and the session's CSRF token (else 403)."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        async def authenticate_then_handle() -> web.StreamResponse:
            user = await current_user(request)
            if user is None:
                return redirect(LOGIN)
            return await _guarded(request, user, lambda: check_then_handle(user))

        async def check_then_handle(user: ConsoleUser) -> web.StreamResponse:
            form = await read_form(request)
            presented = form.get(CSRF_FIELD)
            if not isinstance(presented, str) or not csrf_matches(user, presented):
                return error_page(
                    403,
                    "This form has expired or did not come from the console. "
                    "Please go back, reload the page and try again.",
                    user,
                )
            return await handler(request, user, form)

        return await _guarded(request, None, authenticate_then_handle)

    return wrapper


def _text_field(form: Form, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


@routes.get("/console")
async def console_root(request: web.Request) -> web.StreamResponse:
    return redirect(ROOT)


@routes.get("/console/login")
async def login_form(request: web.Request) -> web.StreamResponse:
    async def call() -> web.StreamResponse:
        if await current_user(request) is not None:
            return redirect(ROOT)
        notice = NOTICES.get(request.query.get("done", ""))
        return render("login.html", notice=notice, error=None, username="")

    return await _guarded(request, None, call)


@routes.post("/console/login")
async def login(request: web.Request) -> web.StreamResponse:
    """Only from the console's own pages (login CSRF); throttled like the API's login."""

    async def call() -> web.StreamResponse:
        if is_cross_site(request, request.app[SETTINGS]):
            return error_page(
                403,
                "This login form did not come from the console. "
                "Please open the console's address yourself and log in there.",
            )
        form = await read_form(request)
        username, password = _text_field(form, "username"), _text_field(form, "password")
        if not username or not password:
            return render(
                "login.html",
                status=400,
                notice=None,
                username=username or "",
                error="Please enter your username and password.",
            )
        result = await service.throttled_login(request, username, password, cookie_token(request))
        if isinstance(result, throttle.Refused):
            refused = render(
                "login.html", status=429, notice=None, username=username, error=result.message
            )
            refused.headers["Retry-After"] = str(result.retry_after)
            return refused
        if result is None:
            return render(
                "login.html",
                status=401,
                notice=None,
                username=username,
                error="Wrong username or password.",
            )
        response = redirect(ROOT)
        set_session_cookie(response, result[0], request.app[SETTINGS])
        return response

    return await _guarded(request, None, call)


@routes.post("/console/logout")
@action
async def logout(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    await service.logout(request, user, cookie_token(request) or "")
    response = redirect(f"{LOGIN}?done=logged-out")
    clear_session_cookie(response, request.app[SETTINGS])
    return response


@routes.get("/console/")
@page
async def queue(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    raw_status = request.query.get("status", "")
    statuses = service.parse_statuses(raw_status)
    cases = await service.list_cases(request, user, statuses)
    return render(
        "queue.html",
        user=user,
        cases=cases,
        filters=STATUS_FILTERS,
        current_filter=raw_status if raw_status in dict(STATUS_FILTERS).values() else "",
    )


async def _case_page(
    request: web.Request,
    user: ConsoleUser,
    case_id: int,
    *,
    status: int = 200,
    error: str | None = None,
    draft: Mapping[str, str] | None = None,
) -> web.Response:
    case, extras = await service.case_view(request, user, case_id)
    notice = NOTICES.get(request.query.get("done", "")) if status == 200 else None
    return render(
        "case.html",
        status=status,
        user=user,
        case=case,
        transcript=extras["transcript"],
        notes=extras["notes"],
        audit=extras["audit"],
        bookings=extras["bookings"],
        canned_replies=service.canned_replies(request),
        team_choices=TEAM_CHOICES,
        notice=notice,
        error=error,
        draft=draft or {},
    )


@routes.get(r"/console/cases/{id:\d+}")
@page
async def case_page(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return await _case_page(request, user, service.parse_case_id(request.match_info["id"]))


def _case_url(case_id: int, done: str) -> str:
    return f"/console/cases/{case_id}?done={done}"


@routes.post(r"/console/cases/{id:\d+}/claim")
@action
async def claim(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    try:
        await service.claim(request, user, case_id)
    except CaseError as problem:
        if problem.status != 409:
            raise
        return await _case_page(request, user, case_id, status=409, error=_case_error_text(problem))
    return redirect(_case_url(case_id, "claimed"))


@routes.post(r"/console/cases/{id:\d+}/reply")
@action
async def reply(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    raw = _text_field(form, "text") or ""
    try:
        text = service.clean_reply(raw)
        await service.reply(request, user, case_id, text)
    except InvalidInput as problem:
        return await _case_page(
            request, user, case_id, status=400, error=str(problem), draft={"text": raw}
        )
    except CaseError as problem:
        if problem.status != 409:
            raise
        return await _case_page(
            request, user, case_id, status=409, error=_case_error_text(problem), draft={"text": raw}
        )
    return redirect(_case_url(case_id, "replied"))


@routes.post(r"/console/cases/{id:\d+}/close")
@action
async def close(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    raw = _text_field(form, "outcome") or ""
    try:
        await service.close(request, user, case_id, service.clean_outcome(raw))
    except InvalidInput as problem:
        return await _case_page(
            request, user, case_id, status=400, error=str(problem), draft={"outcome": raw}
        )
    except CaseError as problem:
        if problem.status != 409:
            raise
        return await _case_page(request, user, case_id, status=409, error=_case_error_text(problem))
    return redirect(_case_url(case_id, "closed"))


async def _case_action(
    request: web.Request,
    user: ConsoleUser,
    case_id: int,
    done: str,
    act: Callable[[], Awaitable[object]],
    draft: Mapping[str, str] | None = None,
) -> web.StreamResponse:
    """Run a case action; a correctable problem re-shows the page with the message."""
    try:
        await act()
    except InvalidInput as problem:
        return await _case_page(request, user, case_id, status=400, error=str(problem), draft=draft)
    except CaseError as problem:
        if problem.status not in (400, 409):
            raise
        return await _case_page(
            request, user, case_id, status=problem.status, error=_case_error_text(problem)
        )
    return redirect(_case_url(case_id, done))


@routes.post(r"/console/cases/{id:\d+}/reopen")
@action
async def reopen(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return await _case_action(
        request, user, case_id, "reopened", lambda: service.reopen(request, user, case_id)
    )


@routes.post(r"/console/cases/{id:\d+}/waiting")
@action
async def waiting(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return await _case_action(
        request, user, case_id, "waiting", lambda: service.set_waiting(request, user, case_id)
    )


@routes.post(r"/console/cases/{id:\d+}/handback")
@action
async def hand_back(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    return await _case_action(
        request, user, case_id, "handed-back", lambda: service.hand_back(request, user, case_id)
    )


@routes.post(r"/console/cases/{id:\d+}/notes")
@action
async def add_note(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    raw = _text_field(form, "text") or ""

    async def act() -> None:
        await service.add_note(request, user, case_id, service.clean_note(raw))

    return await _case_action(request, user, case_id, "noted", act)


@routes.post(r"/console/cases/{id:\d+}/reassign")
@action
async def reassign(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    case_id = service.parse_case_id(request.match_info["id"])
    body: dict[str, object] = {"note": _text_field(form, "note") or ""}
    to, team = (_text_field(form, "to") or "").strip(), _text_field(form, "team") or ""
    if to:
        body["to"] = to
    if team:
        body["team"] = team

    async def act() -> None:
        to_username, to_team, note = service.parse_reassignment(body)
        await service.reassign(
            request, user, case_id, to_username=to_username, to_team=to_team, note=note
        )

    return await _case_action(request, user, case_id, "reassigned", act)


@routes.get("/console/link-code")
@page
async def link_code_page(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return render("link_code.html", user=user, code=None)


@routes.post("/console/link-code")
@action
async def link_code(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    created = await service.create_link_code(request, user)
    return render("link_code.html", user=user, code=created)


@routes.get("/console/workload")
@page
async def workload_page(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return render("workload.html", user=user, rows=await service.workload(request, user))


@routes.get("/console/accounts")
@page
async def accounts_page(request: web.Request, user: ConsoleUser) -> web.StreamResponse:
    return render(
        "accounts.html",
        user=user,
        accounts=await service.list_accounts(request, user),
        team_choices=TEAM_CHOICES,
        error=None,
        notice=None,
    )


@routes.post("/console/accounts")
@action
async def create_account(request: web.Request, user: ConsoleUser, form: Form) -> web.StreamResponse:
    body = {
        key: _text_field(form, key) or ""
        for key in ("username", "name", "team", "role", "password")
    }
    error, notice = None, None
    try:
        await service.create_account(request, user, body)
        notice = "The account has been created."
    except InvalidInput as problem:
        error = str(problem)
    return render(
        "accounts.html",
        status=400 if error else 200,
        user=user,
        accounts=await service.list_accounts(request, user),
        team_choices=TEAM_CHOICES,
        error=error,
        notice=notice,
    )


@routes.post(r"/console/accounts/{username:[a-z0-9._-]{2,64}}/deactivate")
@action
async def deactivate_account(
    request: web.Request, user: ConsoleUser, form: Form
) -> web.StreamResponse:
    """An admin deactivates an account: its sessions stop working at once."""
    username = request.match_info["username"]
    if username == user.username:
        raise InvalidInput("You cannot deactivate your own account.")
    await service.set_account_active(request, user, username, active=False)
    return render(
        "accounts.html",
        user=user,
        accounts=await service.list_accounts(request, user),
        team_choices=TEAM_CHOICES,
        error=None,
        notice="The account has been deactivated.",
    )
