"""The sample timetable becomes dated sessions, once, however often it is materialised."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.booking.models import BookableSession
from bot.booking.timetable import LONDON, load_timetable, materialise
from bot.config import ROOT
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
