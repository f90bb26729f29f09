"""Booking drop-ins and parenting programmes: timetable, places, waiting list, reminders.

``models`` holds the tables, ``timetable`` turns the (sample) timetable file into
concrete sessions, ``operations`` books, cancels and promotes with capacity enforced
by the database, ``dates`` reads the dates families type, and ``notices`` is the
gateway's job that delivers reminders and waiting-list offers on the family's channel.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session


def bookings_for_conversation(
    session: Session, conversation_id: str, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The family's upcoming bookings as the console shows them beside a request."""
    from bot.booking.operations import family_bookings, when_text

    return [
        {
            "id": view.id,
            "title": view.title,
            "when": when_text(view.starts_at, view.weeks),
            "venue": view.venue,
            "places": view.places,
            "status": view.status,
            "sample": view.sample,
        }
        for view in family_bookings(session, conversation_id, now)
    ]
