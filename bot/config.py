"""All configuration, read from environment variables in one place.

Defaults give the embedded profile: SQLite files under ``var/``, in-memory locks,
everything on loopback and no Telegram. Production switches by setting variables
(see ``docs/deploy.md``); nothing secret ever lives in the repository.
"""

from __future__ import annotations

import ipaddress
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


def _env_count(name: str, default: int) -> int:
    value = _env_int(name, default)
    if value < 0:
        raise ValueError(f"{name} must be 0 or more")
    return value


def _env_positive(name: str, default: int) -> int:
    value = _env_int(name, default)
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return value


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false")


def _env_networks(name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or networks ("10.0.0.5, 10.1.0.0/16"), checked."""
    parts = tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())
    for part in parts:
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError as error:
            raise ValueError(f"{name}: {part!r} is not an IP address or network") from error
    return parts


DEFAULT_TEAMS_CONFIG = ROOT / "data" / "service" / "teams.yml"


def default_database_url() -> str:
    return f"sqlite:///{ROOT / 'var' / 'baton.db'}"


def default_tracker_url() -> str:
    """Rasa's tracker store on the embedded profile (see ``bot.stack.rasa_store_env``)."""
    return f"sqlite:///{ROOT / 'var' / 'rasa-tracker.db'}"


def hold_urgent_safeguarding() -> bool:
    """Whether new urgent safeguarding requests get a safeguarding hold (default: yes).

    Read when a request is created (``bot.models``), so it needs no ``Settings``.
    """
    return _env_bool("BATON_HOLD_URGENT_SAFEGUARDING", True)


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
    # Console login throttling (bot/console/throttle.py): failed logins allowed per
    # username and per client address within a sliding window of this many seconds;
    # further attempts are refused (429) without checking the password. 0: no limit.
    login_max_failures: int = 5
    login_max_failures_per_ip: int = 50
    login_failure_window: int = 15 * 60
    # Addresses (or networks, CIDR) of the reverse proxies in front of the gateway: only a
    # request from one of them has its X-Forwarded-For read for the client's address.
    trusted_proxies: tuple[str, ...] = ()
    # Family API flood limits (bot/gateway/ratelimit.py), per gateway process: new
    # conversations per client address and messages per conversation, each per minute
    # (0: no limit). A message the safety check flags is never held back.
    new_conversations_per_minute: int = 20
    messages_per_minute: int = 60
    # Cookies are marked Secure when the console is served over HTTPS.
    secure_cookies: bool = False
    # Upper bound on how long the gateway waits for Rasa to answer one message.
    rasa_timeout: float = 20.0
    # Admission control: messages one gateway process has in Rasa at once, per Rasa
    # instance (0: no limit). The rest wait their turn in the gateway, in order, for at
    # most rasa_queue_timeout seconds; rasa_timeout then counts Rasa's own work only.
    rasa_concurrency: int = 4
    rasa_queue_timeout: float = 60.0
    # Privacy (docs/privacy.md). Retention periods in days; the defaults are proposals
    # for Darlington's information governance team to confirm.
    rasa_tracker_url: str = field(default_factory=default_tracker_url)
    # Conversations and their messages, counted from the family's last activity.
    retain_conversation_days: int = 365
    # Closed requests, counted from closing.
    retain_closed_request_days: int = 365
    # Rasa's tracker (the assistant's working memory), counted from its last event.
    retain_tracker_days: int = 30
    # How often the gateway runs the purge, in seconds; 0 turns the schedule off.
    purge_interval: int = 6 * 60 * 60
    # Age from which a child may use the service on their own (UK GDPR Art. 8: 13).
    # Shown in the privacy notice; council to confirm.
    self_service_min_age: int = 13
    # Rasa's lock store: "in_memory" or "redis" (then /healthz also checks Redis).
    rasa_lock_store: str = "in_memory"
    rasa_lock_store_host: str = "127.0.0.1"
    rasa_lock_store_port: int = 6379
    # Most places one family may book on one session (more is a question for the team).
    booking_max_places: int = 6
    # Seconds between runs of the gateway's booking notices job (reminders, offers).
    booking_notice_interval: float = 30.0
    # Council-supplied service hours, response targets and canned replies.
    teams_config: Path = DEFAULT_TEAMS_CONFIG
    # A family with a named practitioner who writes again after this many seconds of
    # silence is greeted with their practitioner's name.
    returning_after: int = 60 * 60
    # How long a Personal Adviser's link code stays usable, in seconds.
    link_code_lifetime: int = 30 * 60
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
            login_max_failures=_env_count("BATON_LOGIN_MAX_FAILURES", 5),
            login_max_failures_per_ip=_env_count("BATON_LOGIN_MAX_FAILURES_PER_IP", 50),
            login_failure_window=_env_positive("BATON_LOGIN_FAILURE_WINDOW", 15 * 60),
            trusted_proxies=_env_networks("BATON_TRUSTED_PROXIES"),
            new_conversations_per_minute=_env_count("BATON_NEW_CONVERSATIONS_PER_MINUTE", 20),
            messages_per_minute=_env_count("BATON_MESSAGES_PER_MINUTE", 60),
            secure_cookies=public_url.startswith("https://"),
            rasa_timeout=float(_env_int("BATON_RASA_TIMEOUT", 20)),
            rasa_concurrency=_env_int("BATON_RASA_CONCURRENCY", 4),
            rasa_queue_timeout=float(_env_int("BATON_RASA_QUEUE_TIMEOUT", 60)),
            rasa_tracker_url=_env("RASA_TRACKER_URL", default_tracker_url()),
            retain_conversation_days=_env_int("BATON_RETAIN_CONVERSATION_DAYS", 365),
            retain_closed_request_days=_env_int("BATON_RETAIN_CLOSED_REQUEST_DAYS", 365),
            retain_tracker_days=_env_int("BATON_RETAIN_TRACKER_DAYS", 30),
            purge_interval=_env_int("BATON_PURGE_INTERVAL", 6 * 60 * 60),
            self_service_min_age=_env_int("BATON_SELF_SERVICE_MIN_AGE", 13),
            rasa_lock_store=_env("RASA_LOCK_STORE", "in_memory").lower(),
            rasa_lock_store_host=_env("RASA_LOCK_STORE_HOST", "127.0.0.1"),
            rasa_lock_store_port=_env_int("RASA_LOCK_STORE_PORT", 6379),
            booking_max_places=_env_int("BATON_BOOKING_MAX_PLACES", 6),
            booking_notice_interval=float(_env_int("BATON_BOOKING_NOTICE_INTERVAL", 30)),
            teams_config=Path(_env("BATON_TEAMS_CONFIG", str(DEFAULT_TEAMS_CONFIG))),
            returning_after=_env_int("BATON_RETURNING_AFTER", 60 * 60),
            link_code_lifetime=_env_int("BATON_LINK_CODE_LIFETIME", 30 * 60),
            redis_url=_env("BATON_REDIS_URL", ""),
            redis_prefix=_env("BATON_REDIS_PREFIX", "baton"),
        )
