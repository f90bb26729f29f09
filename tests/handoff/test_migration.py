"""The handoff migration (8c2f3d4e5b02) creates and drops exactly its two tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

from tests.migrations import assert_downgrades_and_upgrades, schema_differences

TABLES = {"link_codes", "case_notes"}


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        assert TABLES <= set(inspect(connection).get_table_names())
        differences = schema_differences(connection)
    assert differences == []


def test_the_handoff_migration_downgrades_and_upgrades_cleanly(tmp_path: Path) -> None:
    assert_downgrades_and_upgrades(tmp_path, "8c2f3d4e5b02", TABLES, kept="requests")
