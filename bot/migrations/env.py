"""Alembic environment: migrates the case queue database named by ``sqlalchemy.url``."""

from __future__ import annotations

from alembic import context

# Every module that defines tables on Base, so autogenerate sees them all.
import bot.booking.models  # noqa: F401
import bot.channels.telegram.models  # noqa: F401
import bot.console.throttle  # noqa: F401
from bot.db import make_engine
from bot.models import Base

config = context.config


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("sqlalchemy.url is not set")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
