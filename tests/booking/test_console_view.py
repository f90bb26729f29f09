"""The console shows a family's bookings beside their request (bot.console.service)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.booking import bookings_for_conversation, operations
from bot.console import service
from tests.booking.conftest import NOW


def test_the_case_page_lists_the_familys_upcoming_bookings(
    sessions: sessionmaker[Session], new_family: Callable[..., str], new_session: Callable[..., int]
) -> None:
    family, other = new_family(), new_family()
    session_id = new_session(capacity=5)
    with sessions.begin() as session:
        operations.book(
            session, family, session_id, places=2, name="Jo", contact="07700 900123", now=NOW
        )
    with sessions() as session:
        [booking] = bookings_for_conversation(session, family, now=NOW)
        assert bookings_for_conversation(session, other, now=NOW) == []
        # The console finds the booking feature and asks it (an empty list is not None).
        assert service._bookings(session, other) == []
    assert (booking["places"], booking["status"]) == (2, "active")
    assert booking["title"] and booking["when"]
