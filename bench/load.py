"""The closed-loop load generator: N simulated families, each sending its next message
as soon as it has the reply (no think time), over real HTTP.

Two targets speak the same small interface: :class:`BatonTarget` (the gateway's family
API, so each message goes gateway -> Rasa -> action server -> database) and
:class:`BaselineTarget` (a plain ``rasa run`` REST webhook). After a level, every
conversation is read back (Baton: the family API's history; baseline: Rasa's tracker)
to check that every message was answered, in order.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import yaml

SCENARIOS = Path(__file__).resolve().parent / "scenarios.yml"
# Baton's own "I can't answer" texts (bot.gateway.routing): a 200 that is still a failure.
FAILURE_MARKERS = ("problem on our side",)


@dataclass(frozen=True)
class Step:
    text: str | None = None
    button: int | None = None
    answered: bool = True


@dataclass(frozen=True)
class Scenario:
    name: str
    weight: int
    steps: tuple[Step, ...]
    final: tuple[Step, ...] = ()

    def script(self, turns: int) -> list[Step]:
        """``turns`` messages: the steps cycled, then the final steps (within ``turns``)."""
        body = max(turns - len(self.final), 0)
        return [*itertools.islice(itertools.cycle(self.steps), body), *self.final][:turns]


def load_scenarios(target: str, path: Path = SCENARIOS) -> list[Scenario]:
    raw = yaml.safe_load(path.read_text())
    return [
        Scenario(
            name=item["name"],
            weight=int(item.get("weight", 1)),
            steps=tuple(Step(**step) for step in item["steps"]),
            final=tuple(Step(**step) for step in item.get("final", [])),
        )
        for item in raw[target]
    ]


def assign(scenarios: list[Scenario], count: int) -> list[Scenario]:
    """Deterministic weighted round robin: the same mix on every run."""
    wheel = [s for s in scenarios for _ in range(s.weight)]
    return [wheel[i % len(wheel)] for i in range(count)]


@dataclass
class Sample:
    """One message: which conversation and turn (1-based), how long, and whether it failed."""

    conversation: int
    turn: int
    seconds: float
    error: str = ""


@dataclass
class Transcript:
    """What a simulated family sent and heard, to check completeness and order after."""

    conversation_id: str
    sent: list[str] = field(default_factory=list)
    expected_answers: list[bool] = field(default_factory=list)


class Target(Protocol):
    name: str

    async def open(self, http: aiohttp.ClientSession) -> tuple[str, list[dict[str, Any]]]: ...

    async def send(
        self, http: aiohttp.ClientSession, conversation_id: str, step: Step, last: list[Any]
    ) -> tuple[str, list[dict[str, Any]]]: ...

    async def check(self, http: aiohttp.ClientSession, transcript: Transcript) -> str: ...


class BatonTarget:
    """The real stack through the gateway's family API."""

    name = "baton"

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    async def open(self, http: aiohttp.ClientSession) -> tuple[str, list[dict[str, Any]]]:
        async with http.post(f"{self.base_url}/api/conversations") as response:
            if response.status != 201:
                raise BenchError(f"open HTTP {response.status}")
            body = await response.json()
        return str(body["conversation_id"]), list(body["messages"])

    async def send(
        self, http: aiohttp.ClientSession, conversation_id: str, step: Step, last: list[Any]
    ) -> tuple[str, list[dict[str, Any]]]:
        buttons = [b for message in last for b in message.get("buttons") or []]
        if step.button is not None and len(buttons) > step.button:
            button = buttons[step.button]
            body: dict[str, str] = {"payload": button["payload"]}
            said = button["title"]
        else:
            said = step.text or "ok"
            body = {"text": said}
        url = f"{self.base_url}/api/conversations/{conversation_id}/messages"
        async with http.post(url, json=body) as response:
            if response.status != 200:
                raise BenchError(f"HTTP {response.status}")
            messages = list((await response.json())["messages"])
        return said, messages

    async def check(self, http: aiohttp.ClientSession, transcript: Transcript) -> str:
        """Every family message stored in order, each expected one followed by a bot reply."""
        url = f"{self.base_url}/api/conversations/{transcript.conversation_id}/messages"
        async with http.get(url, params={"after": "0"}) as response:
            history = list((await response.json())["messages"])
        seqs = [m["seq"] for m in history]
        if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
            return "history out of order"
        family = [i for i, m in enumerate(history) if m["from"] == "family"]
        if [history[i]["text"] for i in family] != transcript.sent:
            return "family messages missing or out of order"
        for index, expected in zip(family, transcript.expected_answers, strict=True):
            answered = index + 1 < len(history) and history[index + 1]["from"] == "bot"
            if expected and not answered:
                return f"message {history[index]['seq']} not answered"
        return ""


class BaselineTarget:
    """``rasa init``'s starter assistant on ``rasa run``'s REST webhook."""

    name = "baseline"

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    async def open(self, http: aiohttp.ClientSession) -> tuple[str, list[dict[str, Any]]]:
        return secrets.token_urlsafe(32), []  # the REST channel has no "open" call

    async def send(
        self, http: aiohttp.ClientSession, conversation_id: str, step: Step, last: list[Any]
    ) -> tuple[str, list[dict[str, Any]]]:
        said = step.text or "ok"
        url = f"{self.base_url}/webhooks/rest/webhook"
        async with http.post(url, json={"sender": conversation_id, "message": said}) as response:
            if response.status != 200:
                raise BenchError(f"HTTP {response.status}")
            return said, list(await response.json())

    async def check(self, http: aiohttp.ClientSession, transcript: Transcript) -> str:
        """Rasa's tracker: user turns in order, each followed by a bot utterance."""
        url = f"{self.base_url}/conversations/{transcript.conversation_id}/tracker"
        async with http.get(url, params={"token": self.token}) as response:
            if response.status != 200:
                return f"tracker HTTP {response.status}"
            events = (await response.json())["events"]
        said = [e for e in events if e["event"] in ("user", "bot")]
        users = [i for i, e in enumerate(said) if e["event"] == "user"]
        if [said[i]["text"] for i in users] != transcript.sent:
            return "user messages missing or out of order"
        for index in users:
            if index + 1 >= len(said) or said[index + 1]["event"] != "bot":
                return "message not answered"
        return ""


class BenchError(Exception):
    pass


@dataclass
class LevelResult:
    target: str
    concurrency: int
    conversations: int
    seconds: float
    samples: list[Sample]
    open_samples: list[Sample]
    order_errors: list[str]


async def run_level(
    target: Target,
    scenarios: list[Scenario],
    *,
    concurrency: int,
    conversations: int,
    turns: int,
    timeout: float = 60.0,
) -> LevelResult:
    """``concurrency`` families at once until ``conversations`` have been played."""
    plan = assign(scenarios, conversations)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(conversations):
        queue.put_nowait(index)
    samples: list[Sample] = []
    opens: list[Sample] = []
    transcripts: list[Transcript] = []
    connector = aiohttp.TCPConnector(limit=0)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as http:

        async def family() -> None:
            while not queue.empty():
                index = queue.get_nowait()
                transcript = await _play(
                    target, http, index, plan[index].script(turns), samples, opens
                )
                if transcript is not None:
                    transcripts.append(transcript)

        start = time.perf_counter()
        await asyncio.gather(*(family() for _ in range(concurrency)))
        seconds = time.perf_counter() - start
        order_errors = [
            problem
            for transcript in transcripts
            if (problem := await target.check(http, transcript))
        ]
    return LevelResult(
        target.name, concurrency, conversations, seconds, samples, opens, order_errors
    )


async def _play(
    target: Target,
    http: aiohttp.ClientSession,
    index: int,
    script: list[Step],
    samples: list[Sample],
    opens: list[Sample],
) -> Transcript | None:
    started = time.perf_counter()
    try:
        conversation_id, last = await target.open(http)
    except (aiohttp.ClientError, TimeoutError, BenchError) as error:
        opens.append(Sample(index, 0, time.perf_counter() - started, _describe(error)))
        return None
    # The greeting counts too: Baton's "problem on our side" greeting is a failure.
    opens.append(
        Sample(index, 0, time.perf_counter() - started, _judge(Step(answered=False), last))
    )
    transcript = Transcript(conversation_id)
    for turn, step in enumerate(script, start=1):
        started = time.perf_counter()
        problem = ""
        try:
            said, replies = await target.send(http, conversation_id, step, last)
            transcript.sent.append(said)
            transcript.expected_answers.append(step.answered)
            problem = _judge(step, replies)
            last = replies or last
        except (aiohttp.ClientError, TimeoutError, BenchError) as error:
            problem = _describe(error)
        samples.append(Sample(index, turn, time.perf_counter() - started, problem))
        if problem.startswith(("HTTP", "Client", "Server", "Timeout")):
            return None  # the conversation cannot go on; it is counted, not checked
    return transcript


def _judge(step: Step, replies: list[dict[str, Any]]) -> str:
    if step.answered and not replies:
        return "no reply"
    texts = " ".join(str(reply.get("text") or "") for reply in replies)
    if any(marker in texts for marker in FAILURE_MARKERS):
        return "failure reply"
    return ""


def _describe(error: Exception) -> str:
    return str(error) if isinstance(error, BenchError) else type(error).__name__
