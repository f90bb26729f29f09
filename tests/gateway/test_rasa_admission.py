"""Admission control: a burst queues in the gateway, a few messages at a time go to Rasa.

A loopback stand-in for Rasa counts how many messages it holds at once. Without a limit
the whole burst is inside it together (which shows the test can fail); with one, never
more than the limit, and every message is still answered. A message that cannot get a
turn within the queue timeout is refused as "Rasa unavailable", like a Rasa timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.gateway.rasa_client import RasaClient, RasaUnavailable

BURST = 12


class CountingRasa:
    def __init__(self, seconds: float) -> None:
        self.seconds, self.inside, self.most_inside = seconds, 0, 0

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        try:
            await asyncio.sleep(self.seconds)
        finally:
            self.inside -= 1
        return web.json_response([{"recipient_id": body["sender"], "text": body["message"]}])


@asynccontextmanager
async def _client(rasa: CountingRasa, **options: Any) -> AsyncIterator[RasaClient]:
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", rasa.webhook)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            yield RasaClient(str(server.make_url("")), http, timeout=10, **options)
    finally:
        await server.close()


async def _burst(client: RasaClient) -> list[str]:
    replies = await asyncio.gather(
        *(client.send(f"family-{n}", f"message {n}") for n in range(BURST))
    )
    return [reply[0].text for reply in replies]


@pytest.mark.parametrize(("concurrency", "most"), [(0, BURST), (3, 3), (1, 1)])
async def test_at_most_the_limit_is_inside_rasa_and_all_are_answered(
    concurrency: int, most: int
) -> None:
    rasa = CountingRasa(seconds=0.1)
    async with _client(rasa, concurrency=concurrency) as client:
        answered = await _burst(client)
    assert answered == [f"message {n}" for n in range(BURST)]
    assert rasa.most_inside == most


async def test_a_message_that_gets_no_turn_in_time_is_refused_and_the_turn_is_not_lost() -> None:
    rasa = CountingRasa(seconds=0.6)
    async with _client(rasa, concurrency=1, queue_timeout=0.2) as client:
        first = asyncio.create_task(client.send("family-a", "first"))
        await asyncio.sleep(0.05)
        with pytest.raises(RasaUnavailable):
            await client.send("family-b", "second")
        assert (await first)[0].text == "first"
        # The refused waiter gave nothing back it did not hold: the gate still admits.
        assert (await client.send("family-c", "third"))[0].text == "third"
        assert rasa.most_inside == 1
