"""Migration 9d3a4e5f6c03: new columns, existing urgent safeguarding requests held."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from bot.db import make_engine
from bot.migrate import alembic_config, upgrade


def test_existing_urgent_safeguarding_requests_are_held_and_it_downgrades(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'baton.db'}"
    command.upgrade(alembic_config(url), "5caa839f2f5b")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO conversations (id, channel, mode, last_seq, created_at,"
                    " last_activity_at) VALUES ('c1', 'web', 'bot', 0, :now, :now)"
                ),
                {"now": "2026-01-05 09:30:00.000000"},
            )
            for kind, priority in (("safeguarding", "urgent"), ("handoff", "urgent")):
                connection.execute(
                    text(
                        "INSERT INTO requests (conversation_id, team, kind, priority, status,"
                        " summary, created_at) VALUES ('c1', 'safeguarding', :kind, :priority,"
                        " 'closed', '', '2026-01-05 09:30:00.000000')"
                    ),
                    {"kind": kind, "priority": priority},
                )
        upgrade(url)
        with engine.connect() as connection:
            held = connection.execute(
                text("SELECT kind, safeguarding_hold FROM requests ORDER BY id")
            ).all()
        assert [(kind, bool(hold)) for kind, hold in held] == [
            ("safeguarding", True),
            ("handoff", False),
        ]
        conversation_columns = {c["name"] for c in inspect(engine).get_columns("conversations")}
        assert "privacy_notice_at" in conversation_columns

        command.downgrade(alembic_config(url), "5caa839f2f5b")
        engine.dispose()
        columns = {c["name"] for c in inspect(engine).get_columns("requests")}
        assert "safeguarding_hold" not in columns
    finally:
        engine.dispose()
