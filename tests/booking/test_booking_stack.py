"""Booking through the family API on the real stack (Rasa, action server, gateway).

Browse, book with bad values re-asked, stop half-way, full -> waiting list -> promoted
when a place frees (told on the family's conversation by the gateway's job), reminder
sent, cancel, and a forged booking id that touches nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.booking.models import BookableSession, Booking
from bot.db import make_engine, make_sessionmaker
from bot.models import CaseRequest, utcnow
from bot.stack import Stack
from tests.integration.stack import running_stack, sqlite_stack

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    quick_notices = {"BATON_BOOKING_NOTICE_INTERVAL": "1"}
    with sqlite_stack(tmp_path_factory, "booking-stack", quick_notices) as running:
        yield running


class Family:
    def __init__(self, http: aiohttp.ClientSession, cid: str) -> None:
        self.http, self.cid = http, cid

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self._post({"text": text})

    async def press(self, payload: str) -> list[dict[str, Any]]:
        return await self._post({"payload": payload})

    async def _post(self, body: dict[str, str]) -> list[dict[str, Any]]:
        async with self.http.post(f"/api/conversations/{self.cid}/messages", json=body) as response:
            assert response.status == 200, await response.text()
            return list((await response.json())["messages"])

    async def history(self) -> list[dict[str, Any]]:
        async with self.http.get(f"/api/conversations/{self.cid}/messages?after=0") as response:
            return list((await response.json())["messages"])


async def _open(http: aiohttp.ClientSession) -> Family:
    async with http.post("/api/conversations") as response:
        assert response.status == 201
        return Family(http, (await response.json())["conversation_id"])


def _text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply["text"] for reply in replies)


def _add_session(url: str, title: str, capacity: int, starts_in: timedelta) -> int:
    sessions = make_sessionmaker(make_engine(url))
    starts = utcnow() + starts_in
    with sessions.begin() as session:
        row = BookableSession(
            ref=f"stack:{title}", title=title, team="early-help", venue="Hub (sample venue)",
            starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=capacity, sample=True,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def _bookings(url: str) -> list[tuple[str, str, int, str]]:
    sessions = make_sessionmaker(make_engine(url))
    with sessions() as session:
        return [
            (b.conversation_id, b.status, b.places, b.name)
            for b in session.scalars(select(Booking).order_by(Booking.id))
        ]


async def _book_via_form(family: Family, payload: str, name: str, places: str) -> str:
    replies = await family.press(payload)
    assert "first name or nickname" in _text(replies), replies
    await family.say(name)
    await family.say("07700 900123")
    await family.say(places)
    replies = await family.say("none")
    assert "Shall I book it?" in _text(replies), replies
    return _text(await family.say("yes"))


async def _wait_for(family: Family, words: str, seconds: float = 30) -> list[dict[str, Any]]:
    for _ in range(int(seconds * 4)):
        history = await family.history()
        if any(words in message["text"] for message in history):
            return history
        await asyncio.sleep(0.25)
    pytest.fail(f"no message containing {words!r} within {seconds}s")


async def test_browse_book_with_bad_values_and_stop(stack: tuple[Stack, str]) -> None:
    running, url = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    async with aiohttp.ClientSession(base) as http:
        family = await _open(http)
        replies = await family.say("what's on next week")
        listing = _text(replies)
        assert "Here's what I found" in listing, replies
        assert "sample data" in listing.lower()
        payload = replies[0]["buttons"][0]["payload"]
        assert payload.startswith("/book_session")

        replies = await family.press(payload)
        assert "You've chosen" in _text(replies), replies
        await family.say("Jo")
        replies = await family.say("07700 9OO123")
        assert "letters in it" in _text(replies), replies
        await family.say("07700 900123")
        replies = await family.say("40")
        assert "up to 6 places" in _text(replies), replies
        replies = await family.say("stop")
        assert "Nothing has been booked" in _text(replies), replies
        assert _bookings(url) == []

        # Start again (buttons are good only until the family next writes) and finish:
        # the booking lands in the case queue for the session's team.
        replies = await family.say("what's on next week")
        assert replies[0]["buttons"][0]["payload"] == payload
        done = await _book_via_form(family, payload, "Jo", "2")
        assert "You're booked" in done, done
        assert [(status, places, name) for _, status, places, name in _bookings(url)] == [
            ("active", 2, "Jo")
        ]
        sessions = make_sessionmaker(make_engine(url))
        with sessions() as session:
            [request] = session.scalars(select(CaseRequest)).all()
        assert (request.kind, request.team) == ("booking", "early-help")


# First names and nicknames in none of the training data (data/nlu); the classifier
# sees them for the first time, as it would a family's.
HELD_OUT_NAMES = (
    "Ann", "Bea", "Noor", "Tegan", "Ola", "Keisha", "Brooke", "Nell", "Hana", "Stan",
    "Otis", "Ebony", "Shona", "Dev", "Nadia", "Con", "Sol", "Ines", "Aoife", "Kieran",
    "Nina", "Olly", "Nate", "Hi-Yan", "Mags", "Byron", "Yes", "Noel", "Bob", "Honey",
)  # fmt: skip


async def test_a_first_name_is_taken_as_the_name_whatever_it_sounds_like(
    stack: tuple[Stack, str],
) -> None:
    running, _ = stack
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    async with aiohttp.ClientSession(base) as http:
        misheard = {}
        for number, name in enumerate(HELD_OUT_NAMES):
            if number % 10 == 0:
                # Four messages a name at machine speed: ten names a conversation keeps
                # within the family API's flood limit (60 messages a minute).
                family = await _open(http)
            # Buttons are good only until the family next writes: list again each time.
            replies = await family.say("what's on next week")
            await family.press(replies[0]["buttons"][0]["payload"])
            replies = await family.say(name)
            if "How can the team contact you" not in _text(replies):
                misheard[name] = _text(replies)
            await family.say("stop")
        assert misheard == {}


async def test_full_waiting_list_promoted_reminded_and_forged_ids_refused(
    stack: tuple[Stack, str],
) -> None:
    running, url = stack
    await _waiting_list_scenario(running, url)


@pytest.mark.postgres
async def test_the_waiting_list_scenario_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    """The production database: case queue and Rasa trackers in PostgreSQL."""
    tracker_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    env = {
        "RASA_TRACKER_DIALECT": "postgresql",
        "RASA_TRACKER_URL": tracker_url,
        "BATON_BOOKING_NOTICE_INTERVAL": "1",
    }
    with running_stack(tmp_path, postgres_url, env) as running:
        await _waiting_list_scenario(running, postgres_url)


async def _waiting_list_scenario(running: Stack, url: str) -> None:
    base = f"http://127.0.0.1:{running.config.gateway_port}"
    _add_session(url, "Tiny drop-in (sample)", capacity=1, starts_in=timedelta(hours=3))
    async with aiohttp.ClientSession(base) as http:
        first, second, intruder = await _open(http), await _open(http), await _open(http)
        tiny = None
        for family in (first, second):
            replies = await family.say("what's on this week")
            # Found by name: a sample session can come first at some times of day.
            [number] = [
                line.split(".", 1)[0]
                for line in replies[0]["text"].split("\n")
                if line.split(". ", 1)[-1].startswith("Tiny drop-in")
            ]
            [tiny] = [
                button["payload"]
                for button in replies[0]["buttons"]
                if button["title"] == f"Book {number}"
            ]
        assert tiny is not None
        assert "You're booked" in await _book_via_form(first, tiny, "Ann", "1")
        waiting = await _book_via_form(second, tiny, "Bea", "1")
        assert "waiting list (number 1)" in waiting, waiting

        # The session starts within 24 hours: the reminder is due at once.
        await _wait_for(first, "Reminder: you're booked on Tiny drop-in")

        # Someone else forging the first family's booking id changes nothing.
        [first_booking] = [row for row in _bookings(url) if row[0] == first.cid and row[3] == "Ann"]
        sessions = make_sessionmaker(make_engine(url))
        with sessions() as session:
            first_id = session.scalars(
                select(Booking.id).where(Booking.conversation_id == first.cid)
            ).one()
        await intruder.say(f'/cancel_booking{{"booking_choice":"{first_id}"}}')
        assert first_booking in _bookings(url)

        replies = await first.say("cancel my booking")
        assert "cancelled your booking for Tiny drop-in" in _text(replies), replies
        await _wait_for(second, "a place has come up on Tiny drop-in")
        statuses = {(cid, status) for cid, status, _, _ in _bookings(url)}
        assert (second.cid, "active") in statuses and (first.cid, "cancelled") in statuses
