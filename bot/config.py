"""All configuration, read from environment variables in one place.

Defaults give the embedded profile: SQLite files under ``var/``, in-memory locks,
everything on loopback and no Telegram. Production switches by setting variables
(see ``docs/deploy.md``); nothing secret ever lives in the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: content, models and ``var/`` are found relative to it."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number") from error


def default_database_url() -> str:
    return f"sqlite:///{ROOT / 'var' / 'baton.db'}"


@dataclass(frozen=True)
class Settings:
    """Runtime settings. Build with :meth:`from_env`; tests build them directly."""

    database_url: str = field(default_factory=default_database_url)
    # One Rasa server, or several separated by commas: each conversation is routed to
    # one of them by a hash of its id (see bot.gateway.rasa_client.rasa_instance_for).
    rasa_url: str = "http://127.0.0.1:5005"
    # Token for Rasa's HTTP API (status, trackers); generated per start by bot.stack.
    rasa_token: str = ""
    action_server_url: str = "http://127.0.0.1:5055"
    host: str = "127.0.0.1"
    port: int = 8000
    content_dir: Path = ROOT / "data" / "content"
    # Public base URL of the gateway (used in printed links and Telegram webhook).
    public_url: str = ""
    telegram_token: str = ""
    telegram_webhook_secret: str = ""
    # Seconds of inactivity after which a console session expires.
    console_idle_timeout: int = 30 * 60
    # Cookies are marked Secure when the console is served over HTTPS.
    secure_cookies: bool = False
    # Upper bound on how long the gateway waits for Rasa to answer one message.
    rasa_timeout: float = 20.0
    # Redis for live push across gateway instances (e.g. redis://127.0.0.1:6379/0);
    # empty: listeners hear only messages sent through their own gateway.
    redis_url: str = ""
    # Prefix of this deployment's Redis keys and channels.
    redis_prefix: str = "baton"

    @classmethod
    def from_env(cls) -> Settings:
        public_url = _env("BATON_PUBLIC_URL", "")
        return cls(
            database_url=_env("DATABASE_URL", default_database_url()),
            rasa_url=_env("BATON_RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            rasa_token=_env("BATON_RASA_TOKEN", ""),
            action_server_url=_env("BATON_ACTION_SERVER_URL", "http://127.0.0.1:5055").rstrip("/"),
            host=_env("BATON_HOST", "127.0.0.1"),
            port=_env_int("BATON_PORT", 8000),
            content_dir=Path(_env("BATON_CONTENT_DIR", str(ROOT / "data" / "content"))),
            public_url=public_url.rstrip("/"),
            telegram_token=_env("TELEGRAM_TOKEN", ""),
            telegram_webhook_secret=_env("TELEGRAM_WEBHOOK_SECRET", ""),
            console_idle_timeout=_env_int("BATON_CONSOLE_IDLE_TIMEOUT", 30 * 60),
            secure_cookies=public_url.startswith("https://"),
            rasa_timeout=float(_env_int("BATON_RASA_TIMEOUT", 20)),
            redis_url=_env("BATON_REDIS_URL", ""),
            redis_prefix=_env("BATON_REDIS_PREFIX", "baton"),
        )
