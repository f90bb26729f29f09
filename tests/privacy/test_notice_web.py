"""The privacy notice on the family API (web chat), with a loopback stand-in for Rasa."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.gateway.conftest import fake_rasa, gateway  # noqa: F401  (fixtures)
from tests.gateway.fakes import FakeRasa


async def _open(client: TestClient) -> tuple[str, list[dict[str, object]]]:
    response = await client.post("/api/conversations")
    assert response.status == 201
    body = await response.json()
    return str(body["conversation_id"]), list(body["messages"])


async def _say(client: TestClient, cid: str, text: str) -> list[dict[str, object]]:
    response = await client.post(f"/api/conversations/{cid}/messages", json={"text": text})
    assert response.status == 200
    return list((await response.json())["messages"])


async def test_a_new_conversation_starts_with_the_notice_once(
    gateway: TestClient,  # noqa: F811
    fake_rasa: FakeRasa,  # noqa: F811
) -> None:
    cid, opening = await _open(gateway)
    assert [m["from"] for m in opening] == ["bot", "bot"]
    assert str(opening[1]["text"]).startswith("Privacy:")
    await _say(gateway, cid, "what is early help")
    history = await (await gateway.get(f"/api/conversations/{cid}/messages")).json()
    notices = [m for m in history["messages"] if m["text"].startswith("Privacy:")]
    assert len(notices) == 1
    # Every new conversation gets its own.
    _, second = await _open(gateway)
    assert str(second[1]["text"]).startswith("Privacy:")


async def test_asking_about_privacy_brings_the_notice_back_without_asking_rasa(
    gateway: TestClient,  # noqa: F811
    fake_rasa: FakeRasa,  # noqa: F811
) -> None:
    cid, _ = await _open(gateway)
    for question in ("privacy", "what do you do with my data?"):
        [reply] = await _say(gateway, cid, question)
        assert str(reply["text"]).startswith("Privacy:")
    assert [r["message"] for r in fake_rasa.received] == ["/greet"]


async def test_the_safety_check_still_comes_first(
    gateway: TestClient,  # noqa: F811
    fake_rasa: FakeRasa,  # noqa: F811
) -> None:
    cid, _ = await _open(gateway)
    [reply] = await _say(gateway, cid, "who can see my messages, he hit me again")
    assert "999" in str(reply["text"])
    assert not str(reply["text"]).startswith("Privacy:")
