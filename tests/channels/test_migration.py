"""The channel's migration creates exactly the tables its models describe."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect

import bot.channels.telegram.models  # noqa: F401  (registers the tables on Base)
from bot.db import make_engine
from bot.migrate import alembic_config, upgrade
from tests.migrations import schema_differences

TABLES = {"telegram_inbox", "telegram_chats", "telegram_callback_tokens"}


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = schema_differences(connection)
    assert differences == []


def test_the_migration_downgrades_and_upgrades_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "d88e3c1a1c8d")
    engine = make_engine(url)
    try:
        assert TABLES.isdisjoint(inspect(engine).get_table_names())
        upgrade(url)
        inspector = inspect(engine)
        assert TABLES <= set(inspector.get_table_names())
        [pk] = [inspector.get_pk_constraint("telegram_inbox")["constrained_columns"]]
        assert pk == ["update_id"]
    finally:
        engine.dispose()

