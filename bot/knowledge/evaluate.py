"""Evaluation harness: ``python -m bot.knowledge.evaluate QUESTIONS.yml``.

Scores any assistant given as ``ask(text) -> (reply, refused)``: by default the
knowledge base itself, or the running bot through Rasa's REST channel (``--rest``). The
held-out set is written by someone who has not seen the content, so this module only
reads question files; it never chooses which questions count.

Question file format::

    version: 1
    questions:
      - id: p001
        audience: parent            # parent | care_leaver | other
        text: "is there help with my toddler's speech"
        expect: answer              # answer | refuse | unanswerable
        must_contain: ["Family Information Service", ["health visitor", "health visiting"]]
        split: tune                 # optional: tune | check (``--split`` picks one part)

Semantics: ``answer`` passes if the bot answered and the reply contains every
``must_contain`` entry (a list entry means any one of its alternatives), ignoring case.
``refuse`` passes if the bot refused. ``unanswerable`` (the documents lack the detail)
passes if the bot refused, or answered honestly: no phone number, email, URL or clock time
unless on a line flagged as sample, and a marker such as "to be confirmed".

A development set can keep part of itself aside: questions marked ``split: check`` are
not looked at while tuning (``--split tune``) and are run once at the end
(``--split check``), so the final figure is not one the tuning has seen.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import patterns

Ask = Callable[[str], tuple[str, bool]]
EXPECTATIONS = ("answer", "refuse", "unanswerable")
HONEST_MARKERS = (
    "to be confirmed",
    "we don't have",
    "we do not have",
    "don't say",
    "doesn't say",
    "does not say",
    "don't know",
    "not in the documents",
    "can confirm",
    "not yet",
    "sample data",
)
REST_REFUSAL_PATTERN = (
    r"can only help with|don't have an answer|pass your question to a person"
    r"|can't help with|cannot help with"
)
"""Matches the bot's utter_out_of_scope and utter_cannot_answer wording (domain/questions.yml)."""
TARGETS = {"answer_accuracy": 0.90, "refuse_recall": 0.90, "wrongly_refused": 0.05}
DEFAULT_REFUSAL = (
    "Sorry, I can't help with that here. I can tell you about children's services in "
    "Darlington, or put you in touch with a person."
)


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    id: str
    text: str
    expect: str
    audience: str = "other"
    must_contain: tuple[tuple[str, ...], ...] = ()
    split: str = ""


@dataclass(frozen=True)
class Result:
    """How the assistant did on one question."""

    question: Question
    reply: str
    refused: bool
    passed: bool
    reason: str = ""
    unflagged_details: tuple[str, ...] = ()


@dataclass
class Report:
    """Scores over a question set, as defined in the module docstring."""

    results: list[Result] = field(default_factory=list)

    def _of(self, expect: str) -> list[Result]:
        return [r for r in self.results if r.question.expect == expect]

    @staticmethod
    def _ratio(part: int, whole: int) -> float | None:
        return round(part / whole, 3) if whole else None

    def metrics(self) -> dict[str, Any]:
        answers, refusals, unanswerable = (
            self._of("answer"),
            self._of("refuse"),
            self._of("unanswerable"),
        )
        refused_in_scope = sum(r.refused for r in answers)
        refused_correctly = sum(r.refused for r in refusals)
        return {
            "questions": len(self.results),
            "answer_accuracy": self._ratio(sum(r.passed for r in answers), len(answers)),
            "refuse_precision": self._ratio(
                refused_correctly, refused_correctly + refused_in_scope
            ),
            "refuse_recall": self._ratio(refused_correctly, len(refusals)),
            "wrongly_refused": self._ratio(refused_in_scope, len(answers)),
            "unanswerable_accuracy": self._ratio(
                sum(r.passed for r in unanswerable), len(unanswerable)
            ),
            "replies_with_unflagged_details": sum(bool(r.unflagged_details) for r in self.results),
            "failures": [r.question.id for r in self.results if not r.passed],
        }

    def meets_targets(self) -> bool:
        """True when the held-out targets (accuracy, recall, wrong refusals) are met."""
        m = self.metrics()
        return (
            (m["answer_accuracy"] is None or m["answer_accuracy"] >= TARGETS["answer_accuracy"])
            and (m["refuse_recall"] is None or m["refuse_recall"] >= TARGETS["refuse_recall"])
            and (m["wrongly_refused"] is None or m["wrongly_refused"] < TARGETS["wrongly_refused"])
        )


def _fold(text: str) -> str:
    """Lower-case and straighten quotes and dashes so wording, not typography, is compared."""
    table = str.maketrans(
        {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    )
    return " ".join(text.translate(table).lower().split())


def load_questions(path: Path) -> list[Question]:
    """Read a question file; raise ValueError naming the first malformed question."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Question] = []
    for index, raw in enumerate(data.get("questions") or []):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("text"):
            raise ValueError(f"question {index + 1} in {path} needs an id and text")
        expect = str(raw.get("expect", "answer"))
        if expect not in EXPECTATIONS:
            raise ValueError(
                f"question {raw['id']}: expect must be one of {', '.join(EXPECTATIONS)}"
            )
        must: list[tuple[str, ...]] = []
        for entry in raw.get("must_contain") or []:
            alternatives = entry if isinstance(entry, list) else [entry]
            must.append(tuple(str(a) for a in alternatives))
        out.append(
            Question(
                id=str(raw["id"]),
                text=str(raw["text"]),
                expect=expect,
                audience=str(raw.get("audience", "other")),
                must_contain=tuple(must),
                split=str(raw.get("split") or ""),
            )
        )
    return out


def select_split(questions: list[Question], split: str | None) -> list[Question]:
    """Keep the questions of one part of a development set (all of them when ``split`` is None)."""
    if split is None:
        return questions
    return [q for q in questions if q.split == split]


def national_helplines() -> frozenset[str]:
    """Digits of the national helplines the safety signposting gives (Childline, NSPCC...).

    They are approved, not invented: a reply that gives one is not making up a detail.
    """
    from bot.safety.signposting import NATIONAL_ONLY

    return frozenset(
        patterns.digits(contact.number)
        for contact in NATIONAL_ONLY.contacts.values()
        if contact.number and contact.source == "national service"
    )


def unflagged_details(reply: str) -> list[str]:
    """Phone numbers, emails, URLs and times not on a sample line, except national helplines."""
    allowed = national_helplines()
    return [
        d
        for line in reply.splitlines()
        if "sample" not in line.lower()
        for d in patterns.operational_strings(line)
        if patterns.digits(d) not in allowed or not patterns.digits(d)
    ]


def judge(question: Question, reply: str, refused: bool) -> tuple[bool, str]:
    """Return (passed, reason for failure)."""
    if question.expect == "refuse":
        return (True, "") if refused else (False, "answered an out-of-scope question")
    if question.expect == "answer":
        if refused:
            return False, "refused an answerable question"
        folded = _fold(reply)
        missing = [
            alts for alts in question.must_contain if not any(_fold(a) in folded for a in alts)
        ]
        if missing:
            return False, "missing: " + "; ".join(" | ".join(alts) for alts in missing)
        return True, ""
    if refused:
        return True, ""
    invented = unflagged_details(reply)
    if invented:
        return False, "gave details not flagged as sample: " + ", ".join(invented)
    folded = _fold(reply)
    if not any(marker in folded for marker in HONEST_MARKERS):
        return False, "answered without saying the detail is missing or to be confirmed"
    return True, ""


def evaluate(questions: list[Question], ask: Ask) -> Report:
    """Ask every question once, in order, and judge the replies."""
    report = Report()
    for question in questions:
        reply, refused = ask(question.text)
        passed, reason = judge(question, reply, refused)
        report.results.append(
            Result(question, reply, refused, passed, reason, tuple(unflagged_details(reply)))
        )
    return report


def render_answer(answer: Any, *, with_related: bool = False) -> str:
    """The reply as the chat shows it (actions/questions.py): the text and a source line.

    Related items are shown as buttons at most, so they are left out unless asked for:
    a fact must be in the answer itself to count.
    """
    lines = [answer.text, f"Source: {answer.source}"]
    if with_related and answer.related:
        lines.append("You might also want: " + "; ".join(title for title, _ in answer.related))
    return "\n".join(lines)


def knowledge_base_asker(content_dir: Path) -> Ask:
    """Ask the knowledge base directly (no Rasa), each question on its own."""
    from bot.knowledge import KnowledgeBase

    kb = KnowledgeBase.load(content_dir)

    def ask(text: str) -> tuple[str, bool]:
        answer = kb.answer(text, topic=None)
        if answer is None:
            return DEFAULT_REFUSAL, True
        return render_answer(answer), False

    return ask


def rest_asker(url: str, refusal_pattern: str, *, timeout: float = 30.0) -> Ask:
    """Ask the running bot through Rasa's REST channel; a matching reply counts as a refusal."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(
            "--rest needs an http(s) URL, e.g. http://127.0.0.1:5005/webhooks/rest/webhook"
        )
    refusal = re.compile(refusal_pattern, re.IGNORECASE)

    def ask(text: str) -> tuple[str, bool]:
        body = json.dumps({"sender": f"eval-{uuid.uuid4().hex}", "message": text}).encode()
        headers = {"Content-Type": "application/json"}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - http(s) only
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            messages = json.loads(response.read().decode())
        reply = "\n".join(m.get("text", "") for m in messages if isinstance(m, dict))
        return reply, bool(refusal.search(reply)) or not reply.strip()

    return ask


def stack_asker(model: Path, work: Path) -> tuple[Ask, Callable[[], None]]:
    """Start gateway, Rasa and actions on free loopback ports; ask through the family API.

    Returns the asker and a function that stops the stack. Uses ``work`` for the SQLite
    databases and logs, so nothing is shared with another run.
    """
    from bot.evaluate import family_api_asker
    from bot.migrate import upgrade
    from bot.stack import Stack, StackConfig, free_port

    database_url = f"sqlite:///{work / 'baton.db'}"
    upgrade(database_url)
    config = StackConfig(
        gateway_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        database_url=database_url,
        model_path=model,
        log_dir=work / "log",
        extra_env={
            "RASA_TRACKER_URL": f"sqlite:///{work / 'tracker.db'}",
            "RASA_LOCK_STORE": "in_memory",
        },
    )
    stack = Stack(config)
    stack.start()
    try:
        stack.wait_ready(timeout=300)
    except BaseException:
        stack.stop()
        raise
    return family_api_asker(f"http://127.0.0.1:{config.gateway_port}"), stack.stop


def format_report(report: Report, *, verbose: bool = False) -> str:
    """A short plain-text summary followed by each failure."""
    m = report.metrics()
    lines = [
        f"questions: {m['questions']}",
        f"answer accuracy:            {m['answer_accuracy']}  "
        f"(target >= {TARGETS['answer_accuracy']})",
        f"refuse precision:           {m['refuse_precision']}",
        f"refuse recall:              {m['refuse_recall']}  (target >= {TARGETS['refuse_recall']})",
        f"in-scope wrongly refused:   {m['wrongly_refused']}  "
        f"(target < {TARGETS['wrongly_refused']})",
        f"unanswerable handled:       {m['unanswerable_accuracy']}",
        f"replies with unflagged contact details or times: {m['replies_with_unflagged_details']}",
    ]
    failures = [r for r in report.results if not r.passed]
    if failures:
        lines.append(f"failures ({len(failures)}):")
        for r in failures:
            lines.append(f"  {r.question.id} [{r.question.expect}] {r.question.text!r}: {r.reason}")
            if verbose:
                lines.append("      reply: " + r.reply.replace("\n", " / ")[:300])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exits 1 with ``--strict`` when the targets are missed."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.knowledge.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("questions", type=Path)
    parser.add_argument(
        "--content", type=Path, default=Path(__file__).resolve().parents[2] / "data" / "content"
    )
    parser.add_argument(
        "--rest", help="Rasa REST webhook URL; default is to ask the knowledge base directly"
    )
    parser.add_argument(
        "--stack",
        type=Path,
        metavar="MODEL",
        help="start the whole stack with this Rasa model on free ports and ask its family API",
    )
    parser.add_argument(
        "--refusal-pattern",
        default=REST_REFUSAL_PATTERN,
        help="regular expression for the bot's refusal replies (default: %(default)s)",
    )
    parser.add_argument(
        "--split", help="only the questions marked with this split (e.g. tune or check)"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--verbose", action="store_true", help="show the reply for each failure")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the targets are not met")
    args = parser.parse_args(argv)
    questions = select_split(load_questions(args.questions), args.split)
    if not questions:
        parser.error(f"no questions in {args.questions} with split {args.split!r}")
    stop: Callable[[], None] = lambda: None  # noqa: E731 - nothing to stop by default
    with tempfile.TemporaryDirectory(prefix="baton-eval-") as work:
        if args.stack:
            ask, stop = stack_asker(args.stack.resolve(), Path(work))
        elif args.rest:
            ask = rest_asker(args.rest, args.refusal_pattern)
        else:
            ask = knowledge_base_asker(args.content)
        try:
            report = evaluate(questions, ask)
        finally:
            stop()
    print(
        json.dumps(report.metrics(), indent=2)
        if args.json
        else format_report(report, verbose=args.verbose)
    )
    return 1 if args.strict and not report.meets_targets() else 0


if __name__ == "__main__":
    sys.exit(main())
