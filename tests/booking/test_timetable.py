"""The sample timetable becomes dated sessions, once, however often it is materialised."""

from __future__ import annotations

import gc
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.booking import timetable
from bot.booking.models import BookableSession
from bot.booking.timetable import LONDON, load_timetable, materialise
from bot.config import ROOT
from bot.db import make_engine, make_sessionmaker
from bot.knowledge.loader import load_content

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)


def test_the_demo_timetable_is_marked_sample_and_links_real_services() -> None:
    timetable = load_timetable()
    assert timetable.patterns
    assert all(pattern.sample for pattern in timetable.patterns)
    assert all("sample" in pattern.title.lower() for pattern in timetable.patterns)
    assert all("to be confirmed" in pattern.venue for pattern in timetable.patterns)
    content, _ = load_content(ROOT / "data" / "content")
    services = content.by_id()
    assert all(pattern.service in services for pattern in timetable.patterns)


def test_materialising_twice_adds_nothing_the_second_time(sessions: sessionmaker[Session]) -> None:
    timetable = load_timetable()
    with sessions.begin() as session:
        added = materialise(session, timetable, NOW)
    with sessions.begin() as session:
        again = materialise(session, timetable, NOW)
    with sessions() as session:
        count = session.scalar(select(func.count()).select_from(BookableSession))
        programme = session.scalars(
            select(BookableSession).where(BookableSession.kind == "programme")
        ).first()
        starts = session.scalars(select(BookableSession.starts_at)).all()
    assert added == count and added > 0
    assert again == 0
    assert all(start > NOW for start in starts)
    assert programme is not None and programme.weeks == 6
    assert (programme.ends_at - programme.starts_at).days == 35
    assert programme.starts_at.astimezone(LONDON).hour == 18


def test_each_database_is_filled_once_a_day_and_a_freed_one_is_forgotten(
    database_url: str,
) -> None:
    now = datetime(2026, 12, 1, 8, 0, tzinfo=LONDON)
    engine = make_engine(database_url)
    first = make_sessionmaker(engine)
    timetable.ensure_sessions(first, now)
    with first() as session:
        filled = session.scalar(select(func.count()).select_from(BookableSession))
        assert filled
        session.execute(delete(BookableSession))
        session.commit()

    timetable.ensure_sessions(first, now)  # the same database, the same day: not again
    with first() as session:
        assert session.scalar(select(func.count()).select_from(BookableSession)) == 0

    # A new sessionmaker is a new database as far as the guard knows, even if it lands at
    # the freed one's address (keyed by id(), it once could be taken for the old one).
    remembered = len(timetable._materialised)
    del first
    gc.collect()
    assert len(timetable._materialised) == remembered - 1
    second = make_sessionmaker(engine)
    timetable.ensure_sessions(second, now)
    with second() as session:
        assert session.scalar(select(func.count()).select_from(BookableSession)) == filled
    engine.dispose()
