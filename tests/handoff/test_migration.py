"""The handoff migration (8c2f3d4e5b02) creates and drops exactly its two tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

import bot.channels.telegram.models  # noqa: F401  (registers every table on Base)
from bot.db import make_engine
from bot.migrate import alembic_config, upgrade
from bot.models import Base

TABLES = {"link_codes", "case_notes"}


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        assert TABLES <= set(inspect(connection).get_table_names())
        differences = compare_metadata(_context(connection), Base.metadata)
    assert differences == []


def test_the_handoff_migration_downgrades_and_upgrades_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "8c2f3d4e5b02-1")
    engine = make_engine(url)
    try:
        names = set(inspect(engine).get_table_names())
        assert TABLES.isdisjoint(names) and "requests" in names
        upgrade(url)
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _context(connection: Any) -> MigrationContext:
    """Compare only Baton's tables: Rasa's tracker store may share the database."""

    def ours(name: str | None, type_: str, _parent: Any) -> bool:
        return type_ != "table" or name in Base.metadata.tables

    return MigrationContext.configure(connection, opts={"include_name": ours})
