"""The retention purge: remove what is older than the configured periods.

Three periods (``bot.config.Settings``, docs/privacy.md):

- a **conversation** (its messages, requests and anything else linked to it) goes when
  the family's last activity is older than ``retain_conversation_days`` and none of its
  requests is still open or was closed more recently than ``retain_closed_request_days``;
- a **closed request** goes when it was closed more than ``retain_closed_request_days``
  ago (its conversation stays while the conversation period runs);
- a **Rasa tracker** goes when its last event is older than ``retain_tracker_days``, and
  always with its conversation.

Anything linked to a request under a **safeguarding hold** stays: the whole
conversation, its requests and its tracker. The purge is recorded in the audit trail
as counts only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.casequeue import audit
from bot.config import Settings
from bot.models import CaseRequest, Conversation, RequestStatus
from bot.privacy import holdings
from bot.privacy.tracker import TrackerStore

log = logging.getLogger(__name__)
PURGED = "privacy.purged"


@dataclass(frozen=True)
class RetentionPolicy:
    conversation: timedelta
    closed_request: timedelta
    tracker: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        """The configured periods; a period under one day is refused as a likely mistake
        (it would purge conversations families are still having)."""
        for name, days in (
            ("BATON_RETAIN_CONVERSATION_DAYS", settings.retain_conversation_days),
            ("BATON_RETAIN_CLOSED_REQUEST_DAYS", settings.retain_closed_request_days),
            ("BATON_RETAIN_TRACKER_DAYS", settings.retain_tracker_days),
        ):
            if days < 1:
                raise ValueError(f"{name} must be at least 1 (day)")
        return cls(
            conversation=timedelta(days=settings.retain_conversation_days),
            closed_request=timedelta(days=settings.retain_closed_request_days),
            tracker=timedelta(days=settings.retain_tracker_days),
        )


@dataclass
class PurgeReport:
    conversations: int = 0
    closed_requests: int = 0
    trackers: int = 0
    tracker_events: int = 0
    held_conversations: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add_rows(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            self.rows[name] = self.rows.get(name, 0) + count


def held_conversations(session: Session) -> set[str]:
    """Conversations with at least one request under a safeguarding hold."""
    return set(
        session.scalars(
            select(CaseRequest.conversation_id)
            .where(CaseRequest.safeguarding_hold.is_(True))
            .distinct()
        )
    )


def expired_conversations(session: Session, policy: RetentionPolicy, now: datetime) -> list[str]:
    request_still_needed = exists().where(
        CaseRequest.conversation_id == Conversation.id,
        or_(
            CaseRequest.safeguarding_hold.is_(True),
            CaseRequest.status != RequestStatus.CLOSED.value,
            CaseRequest.closed_at.is_(None),
            CaseRequest.closed_at >= now - policy.closed_request,
        ),
    )
    return list(
        session.scalars(
            select(Conversation.id).where(
                Conversation.last_activity_at < now - policy.conversation,
                ~request_still_needed,
            )
        )
    )


def expired_closed_requests(session: Session, policy: RetentionPolicy, now: datetime) -> list[int]:
    held = select(CaseRequest.conversation_id).where(CaseRequest.safeguarding_hold.is_(True))
    return list(
        session.scalars(
            select(CaseRequest.id).where(
                and_(
                    CaseRequest.status == RequestStatus.CLOSED.value,
                    CaseRequest.closed_at < now - policy.closed_request,
                    CaseRequest.conversation_id.not_in(held),
                )
            )
        )
    )


def purge_case_queue(
    session: Session, policy: RetentionPolicy, now: datetime, report: PurgeReport
) -> list[str]:
    """Remove expired conversations and closed requests; returns the conversation ids."""
    conversations = expired_conversations(session, policy, now)
    report.add_rows(holdings.erase_rows(session, conversations))
    report.conversations = len(conversations)
    requests = expired_closed_requests(session, policy, now)
    report.add_rows(holdings.erase_requests(session, requests))
    report.closed_requests = len(requests)
    return conversations


def purge(
    sessions: sessionmaker[Session],
    tracker: TrackerStore | None,
    policy: RetentionPolicy,
    now: datetime,
    *,
    trigger: str = "cli",
) -> PurgeReport:
    """Run the whole purge: case queue first (one transaction), then the tracker store."""
    report = PurgeReport()
    with sessions.begin() as session:
        conversations = purge_case_queue(session, policy, now, report)
        keep = held_conversations(session)
        report.held_conversations = len(keep)
    if tracker is not None:
        report.tracker_events = tracker.erase_many(conversations)
        trackers, events = tracker.purge(now - policy.tracker, keep)
        report.trackers = trackers
        report.tracker_events += events
    with sessions.begin() as session:
        audit.record(
            session,
            PURGED,
            trigger=trigger,
            conversations=report.conversations,
            closed_requests=report.closed_requests,
            trackers=report.trackers,
            tracker_events=report.tracker_events,
            held_conversations=report.held_conversations,
        )
    log.info(
        "privacy purge (%s): conversations=%d closed_requests=%d trackers=%d held=%d",
        trigger,
        report.conversations,
        report.closed_requests,
        report.trackers,
        report.held_conversations,
    )
    return report
