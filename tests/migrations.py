"""Checks shared by the migration tests: the schema matches the models, and a migration
undoes and redoes cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect

import bot.channels.telegram.models  # noqa: F401  (registers every table on Base)
import bot.console.throttle  # noqa: F401
from bot.db import make_engine
from bot.migrate import alembic_config, upgrade
from bot.models import Base


def schema_differences(connection: Connection) -> list[Any]:
    """What the migrated schema lacks or has beyond the models, for Baton's tables only
    (Rasa's tracker store may share the database)."""

    def ours(name: str | None, type_: str, _parent: Any) -> bool:
        return type_ != "table" or name in Base.metadata.tables

    context = MigrationContext.configure(connection, opts={"include_name": ours})
    return list(compare_metadata(context, Base.metadata))


def assert_downgrades_and_upgrades(
    tmp_path: Path, revision: str, tables: set[str], kept: str
) -> None:
    """Downgrading past ``revision`` drops exactly ``tables`` (``kept`` stays); upgrading
    makes them again."""
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), f"{revision}-1")
    engine = make_engine(url)
    try:
        names = set(inspect(engine).get_table_names())
        assert tables.isdisjoint(names) and kept in names
        upgrade(url)
        assert tables <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
