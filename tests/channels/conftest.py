"""A real gateway (``create_app`` + ``setup_telegram``) against a fake Bot API and fake Rasa,
all on loopback. Telegram itself is never contacted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import delete

from bot.channels import TelegramOptions, setup_telegram
from bot.channels.telegram import TELEGRAM, TelegramChannel
from bot.channels.telegram.models import TelegramCallbackToken, TelegramChat, TelegramInboxUpdate
from bot.channels.telegram.sender import SendLimits
from bot.config import Settings
from bot.db import make_engine
from bot.gateway.app import create_app
from bot.privacy.notice import PrivacyNotice
from tests.channels.fakes import TOKEN, FakeRasa, FakeTelegram

SECRET = "webhook-secret_0123456789"
PUBLIC_URL = "https://baton.example.org"
# Every new chat gets the privacy notice after the greeting (bot.privacy.notice).
NOTICE = PrivacyNotice(public_url=PUBLIC_URL).text("telegram")
FAST = TelegramOptions(
    limits=SendLimits(
        per_chat_interval=0.01,
        per_chat_burst=3,
        global_interval=0.001,
        max_retry_after=5,
        network_backoff=0.01,
    ),
    poll_timeout=1,
    sweep_interval=0.2,
    retry_backoff=0.05,
)


@dataclass
class Gateway:
    """One running gateway app, with the fakes it talks to."""

    client: TestClient
    telegram: FakeTelegram
    rasa: FakeRasa
    settings: Settings

    @property
    def app(self) -> web.Application:
        return self.client.app  # type: ignore[return-value]

    @property
    def channel(self) -> TelegramChannel:
        channel = self.app[TELEGRAM].channel
        assert channel is not None
        return channel

    async def post_update(
        self, update: dict[str, Any], *, secret: str | None = SECRET
    ) -> ClientResponse:
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        return await self.client.post("/telegram/webhook", json=update, headers=headers)

    async def settle(self) -> None:
        """Wait until every update handed to the channel has been processed."""
        await self.channel.idle()


@dataclass
class Fakes:
    telegram: FakeTelegram
    rasa: FakeRasa
    telegram_url: str
    rasa_url: str


@pytest.fixture
async def fakes(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Fakes]:
    telegram, rasa = FakeTelegram(), FakeRasa()
    telegram_server = TestServer(telegram.app(), host="127.0.0.1")
    rasa_server = TestServer(rasa.app(), host="127.0.0.1")
    await telegram_server.start_server()
    await rasa_server.start_server()
    telegram_url = str(telegram_server.make_url("/bot"))
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram_url)
    yield Fakes(telegram, rasa, telegram_url, str(rasa_server.make_url("")).rstrip("/"))
    await rasa_server.close()
    await telegram_server.close()


def gateway_settings(database_url: str, fakes: Fakes, **overrides: Any) -> Settings:
    settings = Settings(
        database_url=database_url,
        rasa_url=fakes.rasa_url,
        action_server_url=fakes.rasa_url,
        rasa_timeout=5,
        public_url=PUBLIC_URL,
        telegram_token=TOKEN,
        telegram_webhook_secret=SECRET,
    )
    return replace(settings, **overrides)


async def start_gateway(
    settings: Settings, fakes: Fakes, options: TelegramOptions = FAST
) -> Gateway:
    app = create_app(settings)
    setup_telegram(app, options=options)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    gateway = Gateway(client, fakes.telegram, fakes.rasa, settings)
    if settings.public_url and settings.telegram_webhook_secret:
        await fakes.telegram.wait_for(lambda: bool(fakes.telegram.called("setWebhook")))
    return gateway


@pytest.fixture
async def gateway(sqlite_url: str, fakes: Fakes) -> AsyncIterator[Gateway]:
    """Webhook mode on SQLite, started and ready."""
    gateway = await start_gateway(gateway_settings(sqlite_url, fakes), fakes)
    yield gateway
    await gateway.client.close()


@pytest.fixture(autouse=True)
def _empty_telegram_tables_on_postgres(request: pytest.FixtureRequest) -> Iterator[None]:
    """The shared ``postgres_url`` fixture empties the shared tables; these are ours."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("database_url") != "postgres":
        yield
        return
    url = str(request.getfixturevalue("postgres_server_url"))
    yield
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in (TelegramInboxUpdate, TelegramChat, TelegramCallbackToken):
            connection.execute(delete(table))
    engine.dispose()
