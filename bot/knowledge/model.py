"""Typed records for the council's content, shaped after Open Referral UK (HSDS).

Records are frozen: content is loaded once at start-up and shared by every request, so
nothing downstream may change it. Missing values are kept as empty strings or ``None``
rather than rejected here, so that the content check can report every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

STATUSES = ("confirmed", "dated", "sample")
"""confirmed: from the documents; dated: only in 2011-2016 documents; sample: placeholder."""

COUNCIL_SUPPLIED = "council-supplied"
"""The source value for details the council gives directly rather than via a document."""

ANSWERABLE_KINDS = ("service", "programme", "entitlement", "topic")
"""Kinds the assistant answers about; organisations are only referenced."""


@dataclass(frozen=True)
class SourceRef:
    """Where a fact comes from: a seed document file name and its section heading."""

    document: str
    section: str = ""


@dataclass(frozen=True)
class SourceDocument:
    """One entry of the source register (``sources.yml``)."""

    document: str
    title: str
    year: str
    current: bool
    authority: str = ""
    national_context_only: bool = False


@dataclass(frozen=True)
class Contact:
    """An HSDS contact: a way to reach a service. Real details need a status of their own."""

    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    description: str = ""
    status: str = ""


@dataclass(frozen=True)
class Location:
    """An HSDS location: where a service or session happens."""

    name: str = ""
    address: str = ""
    postcode: str = ""
    description: str = ""
    status: str = ""


@dataclass(frozen=True)
class Schedule:
    """An HSDS schedule, kept as officer-written text (e.g. 'Tuesdays 10:00 to 11:30')."""

    description: str = ""
    status: str = ""


@dataclass(frozen=True)
class Cost:
    """An HSDS cost option."""

    description: str = ""
    status: str = ""


@dataclass(frozen=True)
class Eligibility:
    """Who a service is for; ages are inclusive whole years, ``None`` when not stated."""

    description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None


@dataclass(frozen=True)
class Item:
    """One answerable (or referenced) piece of content.

    ``kind`` is organisation, service, programme, entitlement or topic. Fields that do not
    apply to a kind stay empty; the check knows which kind needs what.
    """

    id: str
    kind: str
    name: str
    file: str
    status: str = ""
    last_reviewed: date | None = None
    sources: tuple[SourceRef, ...] = ()
    answer: str = ""
    description: str = ""
    audience: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    organisation: str = ""
    service: str = ""
    programme_type: str = ""
    eligibility: Eligibility | None = None
    contacts: tuple[Contact, ...] = ()
    locations: tuple[Location, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    cost: Cost | None = None
    url: str = ""
    url_status: str = ""
    condition: str = ""
    how_to_get: str = ""
    quotes: tuple[str, ...] = ()
    bookable: bool = False

    def effective_status(self, sub_status: str) -> str:
        """A sub-record (contact, schedule...) inherits the item's status unless it has its own."""
        return sub_status or self.status


@dataclass(frozen=True)
class Messages:
    """Fixed wording the answers use; kept in data so the council can change the tone."""

    dated_caveat: str = "This comes from a {year} document and may have changed."
    sample_caveat: str = (
        "These details are sample data and are still to be confirmed by the council."
    )
    sample_marker: str = "(sample, to be confirmed)"
    no_contact: str = (
        "We don't have a phone number or email for this yet; it is to be confirmed by the council."
    )
    no_location: str = (
        "We don't have an address for this yet; it is to be confirmed by the council."
    )
    no_schedule: str = (
        "We don't have days or times for this yet; they are to be confirmed by the council."
    )
    no_cost: str = (
        "We don't have cost details for this yet; they are to be confirmed by the council."
    )
    no_booking: str = "We don't have a way to book this yet; a member of staff can help you."
    booking_no_dates: str = (
        "We don't have dates or free places for this yet; a member of staff can help you book."
    )
    who_can_get_it: str = "Who can get it: {condition}"
    how_to_get_it: str = "How to get it: {how_to_get}"
    tentative: str = "I'm not sure this is what you're asking about, but it may help:"
    who_for: str = "Who it is for: {eligibility}"


@dataclass(frozen=True)
class Language:
    """Text-speak, misspellings and synonyms (all lower case) used to normalise questions."""

    replacements: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()
    aspects: dict[str, frozenset[str]] = field(default_factory=dict)
    followup_words: frozenset[str] = frozenset()
    decline: tuple[str, ...] = ()
    """Normalised phrases the council wants declined (bins, council tax...), even if words match."""
    decline_unless: dict[str, frozenset[str]] = field(default_factory=dict)
    """Declined phrase -> the item ids that may still answer it ("adult social care" is out of
    scope for a parent's elderly mother, in scope for a care leaver's transition to adulthood)."""
    own_child_words: frozenset[str] = frozenset()
    """Words that, after "my" or "our", show a parent asking about their own child."""
    care_words: frozenset[str] = frozenset()
    """Words that show the question is about care or leaving care ("leaver", "foster")."""
    messages: Messages = field(default_factory=Messages)


@dataclass(frozen=True)
class DenyEntry:
    """A string that must never appear in content or answers, with the reason shown to officers."""

    text: str = ""
    reason: str = ""
    match: str = "text"
    """``text``: case-insensitive whole words; ``digits``: compares digits only (phones)."""
    sha256: str = ""
    """Hash of the lower-case words, so a child's name need not be written in the repo."""


@dataclass(frozen=True)
class Content:
    """Everything under ``data/content``, parsed but not yet checked."""

    items: tuple[Item, ...] = ()
    sources: dict[str, SourceDocument] = field(default_factory=dict)
    allowlist: frozenset[str] = frozenset()
    denylist: tuple[DenyEntry, ...] = ()
    language: Language = field(default_factory=Language)

    def by_id(self) -> dict[str, Item]:
        """Index items by id (the last wins; duplicates are reported by the check)."""
        return {item.id: item for item in self.items}
