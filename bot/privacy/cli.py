"""``python -m bot privacy ...``: purge, export, erase, hold and release-hold.

Output names ids and counts only; the export's personal data goes to the file asked
for (created readable by its owner only) or to standard output, never to a log.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.models import utcnow
from bot.privacy import holds, subject
from bot.privacy.retention import RetentionPolicy, purge
from bot.privacy.tracker import TrackerStore

# Exit codes: 2 nothing found / bad input, 3 refused (safeguarding hold).
NOT_FOUND, REFUSED = 2, 3


def add_commands(commands: Any, handler: Callable[[argparse.Namespace], int]) -> None:
    privacy = commands.add_parser(
        "privacy", help="retention purge, subject access export, erasure, holds"
    ).add_subparsers(dest="privacy_command", required=True)

    privacy.add_parser(
        "purge", help="remove what is older than the retention periods (holds excepted)"
    ).set_defaults(func=handler)

    for name, helptext in (
        ("export", "write everything held about one family as JSON"),
        ("erase", "erase one family everywhere (refused under a safeguarding hold)"),
    ):
        command = privacy.add_parser(name, help=helptext)
        who = command.add_mutually_exclusive_group(required=True)
        who.add_argument(
            "--conversation",
            help='the conversation id (write --conversation=ID if it starts with "-")',
        )
        who.add_argument("--telegram-chat", help="the Telegram chat id")
        if name == "export":
            command.add_argument("--out", help="file to write (default: standard output)")
        command.set_defaults(func=handler)

    for name, helptext in (
        ("hold", "put a request under a safeguarding hold"),
        ("release-hold", "release a request's safeguarding hold (a manager's decision)"),
    ):
        command = privacy.add_parser(name, help=helptext)
        command.add_argument("--request", type=int, required=True, help="the request id")
        command.add_argument(
            "--reason", required=True, help="a short category for the audit trail, no names"
        )
        command.set_defaults(func=handler)


def run(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    tracker = TrackerStore(settings.rasa_tracker_url)
    try:
        command = args.privacy_command
        if command == "purge":
            report = purge(sessions, tracker, RetentionPolicy.from_settings(settings), utcnow())
            print(
                f"Purged {report.conversations} conversations, {report.closed_requests} "
                f"closed requests and {report.trackers} Rasa trackers "
                f"({report.tracker_events} events); {report.held_conversations} "
                "conversations kept under a safeguarding hold."
            )
            return 0
        if command in ("hold", "release-hold"):
            return _hold(sessions, args, held=command == "hold")
        who = {"conversation_id": args.conversation, "telegram_chat": args.telegram_chat}
        try:
            if command == "export":
                _write(subject.export(sessions, tracker, **who), args.out)
                return 0
            report_erased = subject.erase(sessions, tracker, **who)
        except subject.SubjectNotFound as error:
            print(f"Nothing found: {error}.", file=sys.stderr)
            return NOT_FOUND
        except subject.UnderSafeguardingHold as error:
            print(f"Not erased. {error}", file=sys.stderr)
            return REFUSED
        rows = ", ".join(f"{name} {count}" for name, count in sorted(report_erased.rows.items()))
        print(f"Erased: {rows}; Rasa tracker events {report_erased.tracker_events}.")
        return 0
    finally:
        tracker.close()
        engine.dispose()


def _hold(sessions: Any, args: argparse.Namespace, *, held: bool) -> int:
    try:
        with sessions.begin() as session:
            changed = holds.set_hold(session, args.request, held=held, reason=args.reason)
    except holds.NoSuchRequest:
        print(f"Nothing found: no request #{args.request}.", file=sys.stderr)
        return NOT_FOUND
    state = "under a safeguarding hold" if held else "not under a safeguarding hold"
    print(f"Request #{args.request} is {state}{'' if changed else ' (unchanged)'}.")
    return 0


def _write(document: dict[str, Any], out: str | None) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"Written to {out} (readable by you only).", file=sys.stderr)
