from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.gateway.fakes import FakeRasa


async def _open(gateway: TestClient) -> str:
    response = await gateway.post("/api/conversations")
    assert response.status == 201
    return str((await response.json())["conversation_id"])


async def test_opening_a_conversation_greets_as_an_automated_assistant(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    response = await gateway.post("/api/conversations")
    body = await response.json()
    assert response.status == 201
    assert len(body["conversation_id"]) >= 22  # at least 128 random bits
    greeting, notice = body["messages"]
    assert notice["from"] == "bot"
    assert notice["text"].startswith("Privacy:")
    assert greeting["from"] == "bot"
    assert greeting["seq"] == 1
    assert "automated assistant" in greeting["text"]
    assert greeting["buttons"] == [{"title": "Talk to a person", "payload": "/request_human"}]
    assert fake_rasa.received == [{"sender": body["conversation_id"], "message": "/greet"}]


async def test_a_message_is_answered_and_kept_in_order(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    cid = await _open(gateway)
    response = await gateway.post(
        f"/api/conversations/{cid}/messages", json={"text": "what is early help"}
    )
    assert response.status == 200
    assert [m["text"] for m in (await response.json())["messages"]] == ["echo: what is early help"]

    history = await (await gateway.get(f"/api/conversations/{cid}/messages?after=2")).json()
    # 1 is the greeting, 2 the privacy notice.
    assert [(m["seq"], m["from"]) for m in history["messages"]] == [(3, "family"), (4, "bot")]


async def test_typed_intents_are_not_passed_to_rasa_as_intents(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    cid = await _open(gateway)
    await gateway.post(f"/api/conversations/{cid}/messages", json={"text": '/request_human{"x":1}'})
    assert fake_rasa.received[-1]["message"] == 'request_human{"x":1}'


async def test_only_offered_payloads_are_accepted(gateway: TestClient, fake_rasa: FakeRasa) -> None:
    cid = await _open(gateway)
    forged = await gateway.post(
        f"/api/conversations/{cid}/messages", json={"payload": "/cancel_booking"}
    )
    assert forged.status == 400
    assert len(fake_rasa.received) == 1

    offered = await gateway.post(
        f"/api/conversations/{cid}/messages", json={"payload": "/request_human"}
    )
    assert offered.status == 200
    assert fake_rasa.received[-1]["message"] == "/request_human"
    history = await (await gateway.get(f"/api/conversations/{cid}/messages?after=2")).json()
    assert history["messages"][0]["text"] == "Talk to a person"  # the title, as the family saw it


async def test_bad_requests_never_reach_rasa(gateway: TestClient, fake_rasa: FakeRasa) -> None:
    cid = await _open(gateway)
    url = f"/api/conversations/{cid}/messages"
    cases = [
        (
            await gateway.post(
                url, data=b"{not json", headers={"Content-Type": "application/json"}
            ),
            400,
        ),
        (await gateway.post(url, json=["a list"]), 400),
        (await gateway.post(url, json={}), 400),
        (await gateway.post(url, json={"text": "a", "payload": "/b"}), 400),
        (await gateway.post(url, json={"text": "   "}), 400),
        (await gateway.post(url, json={"text": 42}), 400),
        (await gateway.post(url, json={"text": "x" * 2001}), 413),
        (await gateway.post(url, data=b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}"), 400),
        (await gateway.post(url, data=b"x" * 70_000), 413),
        (
            await gateway.post("/api/conversations/" + "A" * 43 + "/messages", json={"text": "hi"}),
            404,
        ),
        (
            await gateway.post(
                "/api/conversations/" + "a" * 30 + "%27--/messages", json={"text": "hi"}
            ),
            404,
        ),
    ]
    assert [response.status for response, _ in cases] == [status for _, status in cases]
    for response, _ in cases:
        body = await response.json()
        assert isinstance(body["error"], str) and body["error"]
    assert len(fake_rasa.received) == 1  # only the greeting
    exactly_2000 = await gateway.post(url, json={"text": "y" * 2000})
    assert exactly_2000.status == 200


async def test_unknown_conversation_history_is_404(gateway: TestClient) -> None:
    response = await gateway.get("/api/conversations/" + "B" * 43 + "/messages")
    assert response.status == 404
    bad_after = await gateway.get(f"/api/conversations/{await _open(gateway)}/messages?after=x")
    assert bad_after.status == 400


async def test_after_beyond_any_message_is_an_empty_page(gateway: TestClient) -> None:
    cid = await _open(gateway)
    response = await gateway.get(f"/api/conversations/{cid}/messages?after={10**30}")
    assert response.status == 200
    assert (await response.json())["messages"] == []


async def test_half_an_emoji_is_kept_with_a_replacement_character(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    cid = await _open(gateway)
    response = await gateway.post(
        f"/api/conversations/{cid}/messages",
        data=b'{"text": "thanks \\ud83d"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    history = await (await gateway.get(f"/api/conversations/{cid}/messages?after=0")).json()
    assert [m["text"] for m in history["messages"] if m["from"] == "family"] == ["thanks \ufffd"]
    assert fake_rasa.received[-1]["message"] == "thanks \ufffd"


async def test_when_rasa_fails_the_family_gets_a_clear_message_and_nothing_is_lost(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    cid = await _open(gateway)
    fake_rasa.healthy = False
    response = await gateway.post(
        f"/api/conversations/{cid}/messages", json={"text": "are you there"}
    )
    body = await response.json()
    assert response.status == 200
    [reply] = body["messages"]
    assert "999" in reply["text"] and "saved" in reply["text"]
    assert "secret internals" not in reply["text"]
    history = await (await gateway.get(f"/api/conversations/{cid}/messages")).json()
    assert [m["text"] for m in history["messages"] if m["from"] == "family"] == ["are you there"]


async def test_healthz_reports_each_dependency(gateway: TestClient, fake_rasa: FakeRasa) -> None:
    ready = await gateway.get("/healthz")
    assert ready.status == 200
    fake_rasa.healthy = False
    not_ready = await gateway.get("/healthz")
    assert not_ready.status == 503
    assert (await not_ready.json())["checks"]["rasa"] is False


async def test_web_chat_page_is_served_with_a_strict_content_security_policy(
    gateway: TestClient,
) -> None:
    response = await gateway.get("/")
    assert response.status == 200
    assert "automated assistant" in await response.text()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_an_empty_rasa_reply_is_not_silence(gateway: TestClient, fake_rasa: FakeRasa) -> None:
    """Rasa answers [] when a custom action fails; the family must still hear back."""
    cid = await _open(gateway)
    fake_rasa.silent = True
    response = await gateway.post(f"/api/conversations/{cid}/messages", json={"text": "hello?"})
    [reply] = (await response.json())["messages"]
    assert "problem on our side" in reply["text"]
