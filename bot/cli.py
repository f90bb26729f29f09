"""Command line: ``python -m bot COMMAND`` (see README, "Commands")."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys

from bot.config import Settings


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise SystemExit("The passwords do not match.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _practitioner_add(args: argparse.Namespace) -> int:
    from bot.console.accounts import AccountError, add_practitioner
    from bot.db import make_engine, make_sessionmaker

    settings = Settings.from_env()
    password = _read_password()
    sessions = make_sessionmaker(make_engine(settings.database_url))
    try:
        with sessions.begin() as session:
            add_practitioner(
                session,
                username=args.username,
                display_name=args.name,
                team=args.team,
                role=args.role,
                password=password,
            )
    except AccountError as error:
        print(f"Not added: {error}", file=sys.stderr)
        return 2
    print(f"Added {args.username} ({args.team}, {args.role}).")
    return 0


def _practitioner_unlock(args: argparse.Namespace) -> int:
    from bot.console import throttle
    from bot.db import make_engine, make_sessionmaker

    sessions = make_sessionmaker(make_engine(Settings.from_env().database_url))
    with sessions.begin() as session:
        cleared = throttle.unlock(session, args.username)
    print(f"Cleared {cleared} failed login(s) for {args.username}: they can log in now.")
    return 0


def _db_upgrade(_args: argparse.Namespace) -> int:
    from bot.migrate import upgrade

    upgrade(Settings.from_env().database_url)
    return 0


def _serve(_args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.gateway.app import create_app

    settings = Settings.from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs request URLs, which carry the Telegram bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    web.run_app(
        create_app(settings), host=settings.host, port=settings.port, print=None, access_log=None
    )
    return 0


def _stack(_args: argparse.Namespace) -> int:
    from bot.stack import run_forever

    return run_forever()


def _privacy(args: argparse.Namespace) -> int:
    from bot.privacy.cli import run

    return run(args, Settings.from_env())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Baton commands")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser(
        "serve", help="run the gateway (web chat API, Telegram, console)"
    ).set_defaults(func=_serve)
    commands.add_parser("stack", help="run Rasa, the action server and the gateway").set_defaults(
        func=_stack
    )

    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="create or migrate the schema").set_defaults(func=_db_upgrade)

    practitioner = commands.add_parser("practitioner", help="console accounts").add_subparsers(
        dest="practitioner_command", required=True
    )
    add = practitioner.add_parser(
        "add", help="add an account; the password is read from standard input"
    )
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name shown to families")
    add.add_argument(
        "--team",
        required=True,
        choices=["early-help", "care-leavers", "family-information", "safeguarding"],
    )
    add.add_argument("--role", default="practitioner", choices=["practitioner", "manager", "admin"])
    add.set_defaults(func=_practitioner_add)
    unlock = practitioner.add_parser(
        "unlock", help="lift a login lock early (after too many wrong passwords)"
    )
    unlock.add_argument("username")
    unlock.set_defaults(func=_practitioner_unlock)

    from bot.privacy.cli import add_commands

    add_commands(commands, _privacy)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
