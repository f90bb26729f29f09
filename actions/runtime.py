"""Per-process resources for the action server, created on first use.

The knowledge base (spaCy + content) and the database engine are built once per
process; every action opens its own short database session.
"""

from __future__ import annotations

import functools

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.knowledge import KnowledgeBase


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()


@functools.lru_cache(maxsize=1)
def sessions() -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(settings().database_url))


@functools.lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.load(settings().content_dir)
