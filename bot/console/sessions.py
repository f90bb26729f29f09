"""Server-side console sessions and the CSRF token that goes with each.

The cookie holds a random token; the database holds only its SHA-256, so a copy of
the table cannot be replayed as cookies. Every login starts a new session (and ends
the one presented, if any), so a token planted before login is worthless after it.
A session unused for ``console_idle_timeout`` seconds is deleted on its next use.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web
from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.gateway.keys import SESSIONS, SETTINGS
from bot.models import ConsoleSession, Practitioner, utcnow

COOKIE_NAME = "baton_console"
COOKIE_PATH = "/console"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
# token_urlsafe(32) gives 43 characters; anything much longer is not ours.
_MAX_TOKEN_LENGTH = 128


@dataclass(frozen=True)
class ConsoleUser:
    """Who is logged in, as read from a live session."""

    practitioner_id: int
    username: str
    name: str
    team: str
    role: str
    csrf_token: str

    def to_api(self) -> dict[str, str]:
        return {"username": self.username, "name": self.name, "team": self.team, "role": self.role}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _user(practitioner: Practitioner, csrf_token: str) -> ConsoleUser:
    return ConsoleUser(
        practitioner_id=practitioner.id,
        username=practitioner.username,
        name=practitioner.display_name,
        team=practitioner.team,
        role=practitioner.role,
        csrf_token=csrf_token,
    )


def start_session(
    session: Session,
    practitioner: Practitioner,
    *,
    previous_token: str | None,
    idle_timeout: int,
) -> tuple[str, ConsoleUser]:
    """Open a fresh session for a practitioner who has just proved who they are.

    Returns the cookie token (never stored) and the user with the new CSRF token.
    Expired sessions of anyone are swept here, so the table does not grow forever.
    """
    if previous_token:
        end_session(session, previous_token)
    now = utcnow()
    session.execute(
        delete(ConsoleSession).where(
            ConsoleSession.last_seen_at < now - timedelta(seconds=idle_timeout)
        )
    )
    token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            token_hash=hash_token(token),
            practitioner_id=practitioner.id,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return token, _user(practitioner, csrf_token)


def load_session(session: Session, token: str | None, *, idle_timeout: int) -> ConsoleUser | None:
    """The user behind a cookie token, or None; an expired session is deleted.

    The caller must let the transaction commit even when this returns None, or the
    deletion of an expired session is lost.
    """
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    row = session.get(ConsoleSession, hash_token(token))
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen_at >= timedelta(seconds=idle_timeout):
        session.delete(row)
        return None
    practitioner = session.get(Practitioner, row.practitioner_id)
    if practitioner is None or not practitioner.active:
        session.delete(row)
        return None
    row.last_seen_at = now
    return _user(practitioner, row.csrf_token)


def end_session(session: Session, token: str) -> None:
    if token and len(token) <= _MAX_TOKEN_LENGTH:
        session.execute(
            delete(ConsoleSession).where(ConsoleSession.token_hash == hash_token(token))
        )


def csrf_matches(user: ConsoleUser, presented: str | None) -> bool:
    """Constant-time comparison; bytes so a non-ASCII value is a mismatch, not a crash."""
    if not presented:
        return False
    return secrets.compare_digest(
        user.csrf_token.encode("utf-8"), presented.encode("utf-8", "replace")
    )


def cookie_token(request: web.Request) -> str | None:
    return request.cookies.get(COOKIE_NAME)


def set_session_cookie(response: web.StreamResponse, token: str, settings: Settings) -> None:
    """HttpOnly (no script can read it), SameSite=Strict (not sent on cross-site requests)."""
    response.set_cookie(
        COOKIE_NAME,
        token,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=settings.secure_cookies,
    )


def clear_session_cookie(response: web.StreamResponse, settings: Settings) -> None:
    response.del_cookie(
        COOKIE_NAME,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=settings.secure_cookies,
    )


async def current_user(request: web.Request) -> ConsoleUser | None:
    """Look up (and refresh) the session behind the request's cookie."""
    token = cookie_token(request)
    if not token:
        return None
    sessions = request.app[SESSIONS]
    idle_timeout = request.app[SETTINGS].console_idle_timeout

    def load() -> ConsoleUser | None:
        with sessions.begin() as session:
            return load_session(session, token, idle_timeout=idle_timeout)

    return await asyncio.to_thread(load)
