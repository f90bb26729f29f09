"""The privacy notice: shown once when a conversation starts, and whenever asked.

Short and plain on purpose; the full notice is the web page ``/static/privacy.html``
(docs/privacy.md says what it must cover). On Telegram, ``/privacy`` (or the word
"privacy") brings it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.orm import Session

from bot.casequeue.conversations import append_message, to_api
from bot.config import Settings
from bot.models import Channel, Conversation, Sender, utcnow

PRIVACY_PAGE = "/static/privacy.html"

# Questions about privacy, said plainly. Kept narrow: "data" alone is too common
# ("free sim card with data"), so it must come with "my" or a verb about keeping it.
_ASKS_ABOUT_PRIVACY = re.compile(
    r"""^\s*(
        privacy(\s+(notice|policy|statement|info(rmation)?))?(@\w+)?
      | data\s+protection
      | gdpr
    )\s*[?.!]*\s*$
    | \b(what|how)\b.{0,30}\b(do|will|does|happens?|use|keep|store)\b.{0,30}
      \b(my|our)\s+(data|info(rmation)?|details|messages?)\b
    | \bwho\s+(can\s+)?(see|sees|reads?)\s+(my|our|these|this)\s+
      (messages?|chat|conversation|data)\b
    | \b(delete|erase|remove)\s+(all\s+)?(my|our)\s+(data|info(rmation)?|details|messages?)\b
    | \bhow\s+long\s+do\s+you\s+keep\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def asks_about_privacy(text: str) -> bool:
    """Whether the family is asking what happens to their data."""
    return bool(_ASKS_ABOUT_PRIVACY.search(text))


@dataclass(frozen=True)
class PrivacyNotice:
    """Builds the notice from configuration (retention, age, public address)."""

    public_url: str = ""
    retain_conversation_days: int = 365
    self_service_min_age: int = 13

    @classmethod
    def from_settings(cls, settings: Settings) -> PrivacyNotice:
        return cls(
            public_url=settings.public_url,
            retain_conversation_days=settings.retain_conversation_days,
            self_service_min_age=settings.self_service_min_age,
        )

    def text(self, channel: str) -> str:
        return (
            "Privacy: Darlington Borough Council's children's services keep this "
            "conversation so that we can help you, and so that a practitioner can read "
            f"it if you ask for a person. We keep it for "
            f"{_period(self.retain_conversation_days)} after your last message, longer "
            "only if it is needed to keep a child safe, and we share it only if a child "
            "may be at risk. You can ask to see it or to have it deleted. "
            f"If you're under {self.self_service_min_age}, you can still talk to us; "
            "an adult you trust can help you read this. "
            + self._where_to_read_more(channel)
        )

    def _where_to_read_more(self, channel: str) -> str:
        page = f"{self.public_url}{PRIVACY_PAGE}" if self.public_url else ""
        if channel == Channel.TELEGRAM.value:
            more = f" at {page}" if page else ""
            return f"Read more{more}, or send /privacy to see this again."
        where = page or "the Privacy link on this page"
        return f'Read more at {where}, or type "privacy" to see this again.'


def _period(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return "1 year" if years == 1 else f"{years} years"
    if days % 30 == 0 and days >= 60:
        return f"{days // 30} months"
    return "1 day" if days == 1 else f"{days} days"


def record_notice(
    session: Session, conversation_id: str, notice: PrivacyNotice, *, once: bool
) -> list[dict[str, Any]]:
    """Store the notice as a bot message and remember it was shown.

    With ``once`` (a conversation starting), nothing happens if it was shown before: the
    conditional UPDATE decides, so two gateways cannot both show it.
    """
    condition = [Conversation.id == conversation_id]
    if once:
        condition.append(Conversation.privacy_notice_at.is_(None))
    shown = session.execute(
        update(Conversation)
        .where(*condition)
        .values(privacy_notice_at=func.coalesce(Conversation.privacy_notice_at, utcnow()))
        .returning(Conversation.channel)
        .execution_options(synchronize_session=False)
    ).first()
    if shown is None:
        return []
    return [to_api(append_message(session, conversation_id, Sender.BOT, notice.text(shown[0])))]
