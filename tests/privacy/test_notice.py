"""The privacy notice: its words, when it is recognised as asked for, and once-only."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Channel, Conversation, Message
from bot.privacy.notice import PrivacyNotice, asks_about_privacy, record_notice
from tests.privacy.conftest import open_conversation


@pytest.mark.parametrize(
    "text",
    [
        "privacy",
        "Privacy?",
        "privacy notice",
        "privacy policy",
        "privacy@BatonBot",
        "data protection",
        "GDPR",
        "what do you do with my data",
        "What happens to my information?",
        "how do you use my details",
        "who can see my messages",
        "who reads this chat",
        "can you delete my data please",
        "how long do you keep it",
    ],
)
def test_questions_about_privacy_are_recognised(text: str) -> None:
    assert asks_about_privacy(text)


@pytest.mark.parametrize(
    "text",
    [
        "can I get a free sim card with data",
        "my phone has no data left",
        "what is early help",
        "I need help with my son's details for school",
        "how do I get a privacy screen for my laptop at college",
        "he keeps reading my messages and it scares me",
    ],
)
def test_ordinary_messages_are_not_taken_for_privacy_questions(text: str) -> None:
    assert not asks_about_privacy(text)


def test_the_notice_says_how_long_where_to_read_more_and_how_to_see_it_again() -> None:
    notice = PrivacyNotice(public_url="https://baton.example.org", retain_conversation_days=730)
    web = notice.text(Channel.WEB.value)
    assert "2 years after your last message" in web
    assert "https://baton.example.org/static/privacy.html" in web
    assert 'type "privacy"' in web
    assert "/privacy" in notice.text(Channel.TELEGRAM.value)
    # Without a public address the web page's own link is named instead.
    assert "Privacy link on this page" in PrivacyNotice().text(Channel.WEB.value)
    assert len(web) < 700  # short: the full notice is the web page


def test_the_notice_is_recorded_once_per_conversation(
    sessions: sessionmaker[Session],
) -> None:
    conversation = open_conversation(sessions)
    notice = PrivacyNotice()
    with sessions.begin() as session:
        [shown] = record_notice(session, conversation, notice, once=True)
    with sessions.begin() as session:
        assert record_notice(session, conversation, notice, once=True) == []
        first_shown = session.get_one(Conversation, conversation).privacy_notice_at
        assert first_shown is not None
    # Asked for again: shown again, and the first time is kept.
    with sessions.begin() as session:
        [again] = record_notice(session, conversation, notice, once=False)
        assert session.get_one(Conversation, conversation).privacy_notice_at == first_shown
    assert (shown["from"], again["text"]) == ("bot", shown["text"])
    with sessions.begin() as session:
        texts = session.scalars(
            select(Message.text).where(Message.conversation_id == conversation)
        ).all()
    assert texts.count(shown["text"]) == 2

