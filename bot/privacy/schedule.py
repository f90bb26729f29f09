"""The gateway runs the retention purge on a schedule (``BATON_PURGE_INTERVAL``).

The schedule is kept in the database, not in memory: a run is due when the last
``privacy.purged`` audit event is older than the interval, so several gateway
instances (or restarts) do not multiply runs, and a CLI run counts too. Deleting is
idempotent, so two instances that start a run at the same moment do no harm.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.gateway.keys import SESSIONS, SETTINGS
from bot.models import AuditEvent, utcnow
from bot.privacy.retention import PURGED, RetentionPolicy, purge
from bot.privacy.tracker import TrackerStore

log = logging.getLogger(__name__)
# How often a gateway looks whether a run is due (a run itself is every interval).
CHECK_EVERY = 60.0


def last_purge(session: Session) -> datetime | None:
    return session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == PURGED))


def purge_if_due(sessions: sessionmaker[Session], settings: Settings, now: datetime) -> bool:
    """Run the purge if the last one is older than the interval; True if it ran."""
    with sessions.begin() as session:
        last = last_purge(session)
    if last is not None and now - last < timedelta(seconds=settings.purge_interval):
        return False
    tracker = TrackerStore(settings.rasa_tracker_url)
    try:
        purge(
            sessions, tracker, RetentionPolicy.from_settings(settings), now, trigger="schedule"
        )
    finally:
        tracker.close()
    return True


async def _run(app: web.Application) -> None:
    settings = app[SETTINGS]
    check_every = min(CHECK_EVERY, float(settings.purge_interval))
    while True:
        # Wait first: a gateway that is starting (or a short test) has other work.
        await asyncio.sleep(check_every)
        try:
            await asyncio.to_thread(purge_if_due, app[SESSIONS], settings, utcnow())
        except (SQLAlchemyError, OSError, ValueError) as error:
            # Logged by type: error text can carry values from the database.
            log.error("scheduled privacy purge failed: %s", type(error).__name__)


async def scheduled_purge(app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context: the purge loop lives as long as the gateway."""
    if app[SETTINGS].purge_interval <= 0:
        yield
        return
    RetentionPolicy.from_settings(app[SETTINGS])  # a bad period stops the start, loudly
    task = asyncio.create_task(_run(app))
    yield
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
