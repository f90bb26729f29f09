"""Console login throttling: failed logins counted per username and per client address.

Several gateways share the database, so the counts live there. Each counted thing (a
normalised username, a client address) has a row in ``login_throttles`` that a check
locks until its transaction ends, so counting and adding an attempt are one step: 20
attempts at once cannot all see "4 so far". An attempt is counted as a failure
*before* its password is checked, and uncounted if it succeeds, so at most the limit
ever reach the password check. Once a username or address is at its limit, attempts are
refused (429, ``Retry-After``) without looking at the password or the account, for known
and unknown usernames alike, until the oldest failure leaves the sliding window. A
successful login clears that username's failures.

Usernames (a mistyped password sometimes lands in that field) and addresses (personal
data; docs/privacy.md) are stored only as HMAC-SHA256 under a random key kept in the
database, and only while they count: expired rows are deleted as keys are checked and
after successful logins. Lockouts go to the audit trail with the account's id when the
username is an account's, never the username typed or the address.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import hmac
import logging
import math
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from aiohttp import web
from sqlalchemy import CursorResult, ForeignKey, Index, String, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from bot.casequeue import audit
from bot.config import Settings
from bot.gateway.clientaddr import address_group, client_address
from bot.gateway.keys import SESSIONS, SETTINGS
from bot.models import Base, Practitioner, utcnow

log = logging.getLogger(__name__)

LOCKED = "console.login_locked"
UNLOCKED = "console.login_unlocked"

# The time throttling reads; tests replace it to move through the window without sleeping.
clock: Callable[[], datetime] = utcnow


class LoginThrottle(Base):
    """One counted username or address (by keyed hash); its row lock serialises checks."""

    __tablename__ = "login_throttles"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    touched_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_login_throttles_touched_at", "touched_at"),)


class LoginFailure(Base):
    """A login attempt counted against a key: failed, or still checking its password."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(
        ForeignKey("login_throttles.key_hash", ondelete="CASCADE")
    )
    failed_at: Mapped[datetime] = mapped_column()

    __table_args__ = (Index("ix_login_failures_key_failed_at", "key_hash", "failed_at"),)


class LoginThrottleSecret(Base):
    """The HMAC key for throttle keys: one row, made on first use, shared by all gateways."""

    __tablename__ = "login_throttle_secret"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Scope(enum.StrEnum):
    USERNAME = "username"
    ADDRESS = "ip"


@dataclass(frozen=True)
class Limits:
    """Failures allowed per username and per address (0: no limit) within ``window``."""

    per_username: int
    per_address: int
    window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            per_username=settings.login_max_failures,
            per_address=settings.login_max_failures_per_ip,
            window=timedelta(seconds=settings.login_failure_window),
        )


@dataclass(frozen=True)
class Counting:
    """One key an admitted attempt is counted against."""

    scope: Scope
    key_hash: str
    failure_id: int
    limit: int
    # This attempt took the last place: if it fails, the key is locked.
    last_place: bool


@dataclass(frozen=True)
class Counted:
    """An attempt let through to the password check, counted as failed until it succeeds."""

    username: str  # normalised; kept in memory only, to name the account in the audit
    countings: tuple[Counting, ...]


@dataclass(frozen=True)
class Refused:
    """Too many recent failures: refused without checking the password."""

    retry_after: int  # seconds until an attempt would be counted again

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
        return f"Too many attempts. Please wait {wait} or ask your manager or an admin."


def normalise_username(username: str) -> str:
    """One spelling per name: 'Alice ', 'ALICE' and 'ａｌｉｃｅ' count as 'alice'."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _secret(session: Session) -> bytes:
    row = session.get(LoginThrottleSecret, 1)
    if row is None:
        try:
            # A savepoint: if another gateway made it first, this transaction carries on.
            with session.begin_nested():
                session.add(LoginThrottleSecret(id=1, secret=secrets.token_hex(32)))
        except IntegrityError:
            pass
        row = session.get_one(LoginThrottleSecret, 1, populate_existing=True)
    return bytes.fromhex(row.secret)


def key_hash(secret: bytes, scope: Scope, value: str) -> str:
    message = f"{scope.value}\0{value}".encode("utf-8", "replace")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _lock(session: Session, key: str, now: datetime) -> None:
    """Hold this key's row until the transaction ends, creating it if it is new.

    The UPDATE takes PostgreSQL's row lock; on SQLite every transaction already holds
    the write lock (``BEGIN IMMEDIATE``, bot/db.py).
    """
    for _ in range(3):
        result = session.execute(
            update(LoginThrottle).where(LoginThrottle.key_hash == key).values(touched_at=now)
        )
        if cast(CursorResult[Any], result).rowcount:
            return
        try:
            with session.begin_nested():
                session.execute(insert(LoginThrottle).values(key_hash=key, touched_at=now))
            return
        except IntegrityError:
            continue  # another gateway created it just now: lock it with the UPDATE
    raise RuntimeError("a login throttle row could not be locked")


def check(
    session: Session, *, username: str, address: str, limits: Limits, now: datetime
) -> Counted | Refused:
    """Count this attempt against its username and address, or refuse it.

    Refused attempts are not counted, so a lock ends when the oldest counted failure
    leaves the window, however often someone keeps trying.
    """
    normalised = normalise_username(username)
    secret = _secret(session)
    keys = [
        (scope, key_hash(secret, scope, value), limit)
        for scope, value, limit in (
            (Scope.USERNAME, normalised, limits.per_username),
            (Scope.ADDRESS, address, limits.per_address),
        )
        if limit > 0
    ]
    cutoff = now - limits.window
    waits: list[timedelta] = []
    last_places: set[Scope] = set()
    # Always username first, then address: every transaction locks in the same order.
    for scope, key, limit in keys:
        _lock(session, key, now)
        session.execute(
            delete(LoginFailure).where(
                LoginFailure.key_hash == key, LoginFailure.failed_at <= cutoff
            )
        )
        times = session.scalars(
            select(LoginFailure.failed_at)
            .where(LoginFailure.key_hash == key)
            .order_by(LoginFailure.failed_at)
        ).all()
        if len(times) >= limit:
            # Open again when all but limit - 1 of these have left the window.
            waits.append(times[len(times) - limit] + limits.window - now)
        elif len(times) == limit - 1:
            last_places.add(scope)
    if waits:
        return Refused(retry_after=max(1, math.ceil(max(waits).total_seconds())))
    countings = []
    for scope, key, limit in keys:
        failure = LoginFailure(key_hash=key, failed_at=now)
        session.add(failure)
        session.flush()
        countings.append(Counting(scope, key, failure.id, limit, scope in last_places))
    return Counted(username=normalised, countings=tuple(countings))


def record_failure(session: Session, counted: Counted, limits: Limits, now: datetime) -> bool:
    """The password was wrong: the attempt stays counted. True if a lock began."""
    began = False
    for counting in counted.countings:
        if not counting.last_place:
            continue
        # A success in the meantime may have cleared the username: count again.
        live = session.scalars(
            select(LoginFailure.id).where(
                LoginFailure.key_hash == counting.key_hash,
                LoginFailure.failed_at > now - limits.window,
            )
        ).all()
        if len(live) < counting.limit:
            continue
        actor_id = None
        if counting.scope is Scope.USERNAME:
            actor_id = session.scalar(
                select(Practitioner.id).where(Practitioner.username == counted.username)
            )
        audit.record(
            session,
            LOCKED,
            actor_id=actor_id,
            scope=counting.scope.value,
            failures=counting.limit,
            window_seconds=int(limits.window.total_seconds()),
        )
        log.warning(
            "console login locked by %s: %d failures", counting.scope.value, counting.limit
        )
        began = True
    return began


def record_success(session: Session, counted: Counted, now: datetime) -> None:
    """Clear the username's failures and uncount this attempt from its address."""
    for counting in counted.countings:
        if counting.scope is Scope.USERNAME:
            _lock(session, counting.key_hash, now)
            # Attempts admitted after this one (larger ids) are still running: keep them.
            condition = LoginFailure.id <= counting.failure_id
        else:
            condition = LoginFailure.id == counting.failure_id
        session.execute(
            delete(LoginFailure).where(LoginFailure.key_hash == counting.key_hash, condition)
        )


def unlock(session: Session, username: str) -> int:
    """Forget the failed logins counted against ``username`` (an admin lifting a lock
    early); return how many there were. Its addresses' counts are left as they are."""
    normalised = normalise_username(username)
    counted = key_hash(_secret(session), Scope.USERNAME, normalised)
    result = session.execute(delete(LoginFailure).where(LoginFailure.key_hash == counted))
    cleared = int(cast(CursorResult[Any], result).rowcount or 0)
    actor_id = session.scalar(select(Practitioner.id).where(Practitioner.username == normalised))
    audit.record(session, UNLOCKED, actor_id=actor_id, failures=cleared)
    return cleared


def purge(session: Session, now: datetime, window: timedelta) -> int:
    """Delete keys (and so their failures) untouched for a whole window.

    Rows another transaction holds are skipped (PostgreSQL ``SKIP LOCKED``): a purge
    never waits for, or deadlocks with, a login.
    """
    stale = (
        select(LoginThrottle.key_hash)
        .where(LoginThrottle.touched_at <= now - window)
        .with_for_update(skip_locked=True)
    )
    result = session.execute(
        delete(LoginThrottle)
        .where(LoginThrottle.key_hash.in_(stale))
        .execution_options(synchronize_session=False)
    )
    return int(cast(CursorResult[Any], result).rowcount or 0)


def _purge_quietly(sessions: sessionmaker[Session], now: datetime, window: timedelta) -> None:
    try:
        with sessions.begin() as session:
            purge(session, now, window)
    except SQLAlchemyError as error:  # housekeeping: the login itself is done
        log.error("login throttle purge failed: %s", type(error).__name__)


async def admit(request: web.Request, username: str) -> Counted | Refused:
    """Count a login attempt from this request, or refuse it (see :func:`check`)."""
    sessions, settings = request.app[SESSIONS], request.app[SETTINGS]
    limits = Limits.from_settings(settings)
    address = address_group(client_address(request, settings.trusted_proxies))
    now = clock()

    def work() -> Counted | Refused:
        with sessions.begin() as session:
            return check(session, username=username, address=address, limits=limits, now=now)

    outcome = await asyncio.to_thread(work)
    if isinstance(outcome, Refused):
        log.info("console login refused: too many failed attempts")
    return outcome


async def failed(request: web.Request, counted: Counted) -> None:
    sessions = request.app[SESSIONS]
    limits = Limits.from_settings(request.app[SETTINGS])
    now = clock()

    def work() -> None:
        with sessions.begin() as session:
            began = record_failure(session, counted, limits, now)
        if began:
            _purge_quietly(sessions, now, limits.window)

    await asyncio.to_thread(work)


async def succeeded(request: web.Request, counted: Counted) -> None:
    sessions = request.app[SESSIONS]
    window = Limits.from_settings(request.app[SETTINGS]).window
    now = clock()

    def work() -> None:
        with sessions.begin() as session:
            record_success(session, counted, now)
        _purge_quietly(sessions, now, window)

    await asyncio.to_thread(work)
