"""``/start CODE`` on Telegram links the young person's chat to their Personal Adviser.

The Telegram channel passes a deep-link code to the routing core, which redeems it;
the webhook, Rasa and Telegram's API are the loopback fakes of ``tests/channels``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.casequeue import linkcodes
from bot.casequeue.conversations import find_by_channel_ref
from bot.console import accounts
from bot.gateway.keys import SESSIONS
from bot.models import Channel, Conversation, Practitioner, Team
from tests.channels.conftest import Gateway, fakes, gateway  # noqa: F401 (fixtures)
from tests.channels.fakes import text_update

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
CHAT = 515151


def make_code(gw: Gateway, *, lifetime: timedelta = timedelta(minutes=30)) -> str:
    with gw.app[SESSIONS].begin() as session:
        pa = accounts.add_practitioner(
            session, "pat", "Pat Jones", Team.CARE_LEAVERS, password="x" * 12
        )
        code, _ = linkcodes.create_code(session, pa, lifetime=lifetime)
        return code


def named_practitioner(gw: Gateway, chat_id: int) -> str | None:
    with gw.app[SESSIONS]() as session:
        conversation = find_by_channel_ref(session, Channel.TELEGRAM.value, str(chat_id))
        assert conversation is not None
        row = session.get_one(Conversation, conversation.id)
        if row.named_practitioner_id is None:
            return None
        return session.get_one(Practitioner, row.named_practitioner_id).display_name


async def send(gw: Gateway, update_id: int, chat_id: int, text: str) -> None:
    response = await gw.post_update(text_update(update_id, chat_id, text))
    assert response.status == 200
    await gw.settle()


async def test_start_code_links_the_chat_once(gateway: Gateway) -> None:  # noqa: F811
    code = make_code(gateway)
    await send(gateway, 1, CHAT, f"/start {code}")

    assert named_practitioner(gateway, CHAT) == "Pat Jones"
    assert code not in gateway.rasa.messages()  # the code never reaches Rasa
    assert "now linked to Pat Jones" in gateway.telegram.texts_to(CHAT)[-1]

    await send(gateway, 2, CHAT + 1, f"/start {code}")
    assert named_practitioner(gateway, CHAT + 1) is None
    assert "already been used" in gateway.telegram.texts_to(CHAT + 1)[-1]


async def test_an_expired_start_code_links_nothing(gateway: Gateway) -> None:  # noqa: F811
    code = make_code(gateway, lifetime=timedelta(seconds=-1))
    await send(gateway, 1, CHAT, f"/start {code}")

    assert named_practitioner(gateway, CHAT) is None
    assert "expired" in gateway.telegram.texts_to(CHAT)[-1]
