"""The content rules behind ``python -m bot.knowledge.check``.

Every rule here protects a family from a wrong or unsafe answer: an unsourced claim, a
programme pointing at a service that no longer exists, an invented phone number, or a
child's name copied from an inspection document. The check exits non-zero and lists each
problem against its file and item id.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from bot.knowledge import patterns
from bot.knowledge.loader import Problem, load_content
from bot.knowledge.model import (
    ANSWERABLE_KINDS,
    COUNCIL_SUPPLIED,
    STATUSES,
    Content,
    DenyEntry,
    Item,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SAMPLE_PHONE_PREFIX = "01632960"
"""Ofcom's range for drama (01632 960000-960999): a sample number can never ring anyone."""
SAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
"""Reserved domains (RFC 2606): a sample email or link can never reach anyone."""
_WORD = re.compile(r"[a-z0-9']+")
_NUMBER_RUN = re.compile(r"\d[\d \t-]*\d")


def _words(text: str) -> list[str]:
    """Lower-case words with possessives dropped, so "Jane Doe's" still matches "jane doe"."""
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return [w.removesuffix("'s").strip("'") for w in words if w.strip("'")]


class _DenyMatcher:
    """A denylist compiled once: one regular expression per entry, hashes in a set."""

    def __init__(self, entries: tuple[DenyEntry, ...]) -> None:
        self.hashed = {e.sha256: e for e in entries if e.sha256}
        self.digits = [
            (patterns.digits(e.text), e) for e in entries if not e.sha256 and e.match == "digits"
        ]
        self.expressions = [
            (
                re.compile(
                    e.text
                    if e.match == "regex"
                    else r"(?<![\w'])" + re.escape(e.text.lower()) + r"(?!\w)"
                ),
                e,
            )
            for e in entries
            if not e.sha256 and e.match != "digits"
        ]

    def find(self, text: str) -> list[DenyEntry]:
        found = [
            e
            for expression, e in self.expressions
            if expression.search(text.lower().replace("\u2019", "'"))
        ]
        if self.digits:
            runs = [patterns.digits(run) for run in _NUMBER_RUN.findall(text)]
            found += [
                e for wanted, e in self.digits if wanted and any(wanted in run for run in runs)
            ]
        if self.hashed:
            words = _words(text)
            for n in (1, 2, 3):
                for i in range(len(words) - n + 1):
                    entry = self.hashed.get(
                        hashlib.sha256(" ".join(words[i : i + n]).encode()).hexdigest()
                    )
                    if entry is not None and entry not in found:
                        found.append(entry)
        return found


@functools.lru_cache(maxsize=8)
def _matcher(entries: tuple[DenyEntry, ...]) -> _DenyMatcher:
    return _DenyMatcher(entries)


def find_denied(text: str, denylist: Iterable[DenyEntry]) -> list[DenyEntry]:
    """Return the denylist entries that occur in ``text``."""
    if not text:
        return []
    return _matcher(tuple(denylist)).find(text)


def _item_texts(item: Item) -> Iterator[tuple[str, str, str]]:
    """Yield (field, text, effective status) for every piece of text an item carries."""
    for name in ("name", "answer", "description", "condition", "how_to_get"):
        yield name, getattr(item, name), item.status
    for name in ("keywords", "synonyms", "quotes", "categories"):
        for value in getattr(item, name):
            yield name, value, item.status
    if item.eligibility:
        yield "eligibility", item.eligibility.description, item.status
    if item.url:
        yield "url", item.url, item.effective_status(item.url_status)
    if item.cost:
        yield "cost", item.cost.description, item.effective_status(item.cost.status)
    for contact in item.contacts:
        status = item.effective_status(contact.status)
        for value in (
            contact.name,
            contact.title,
            contact.phone,
            contact.email,
            contact.url,
            contact.description,
        ):
            yield "contacts", value, status
    for location in item.locations:
        status = item.effective_status(location.status)
        for value in (location.name, location.address, location.postcode, location.description):
            yield "locations", value, status
    for schedule in item.schedules:
        yield "schedules", schedule.description, item.effective_status(schedule.status)


def _is_fictional(detail: str) -> bool:
    lowered = detail.lower()
    if any(domain in lowered for domain in SAMPLE_DOMAINS):
        return True
    return patterns.digits(detail).startswith(SAMPLE_PHONE_PREFIX) or (
        detail.startswith("+44") and patterns.digits(detail).startswith("441632960")
    )


class _Checker:
    def __init__(self, content: Content, today: datetime) -> None:
        self.content = content
        self.today = today.date()
        self.ids = content.by_id()
        self.problems: list[Problem] = []

    def add(self, item: Item, message: str) -> None:
        self.problems.append(Problem(item.file, item.id or "(no id)", message))

    def run(self) -> list[Problem]:
        counts = Counter(item.id for item in self.content.items if item.id)
        for item_id, count in sorted(counts.items()):
            if count > 1:
                files = sorted({i.file for i in self.content.items if i.id == item_id})
                self.problems.append(
                    Problem(", ".join(files), item_id, f"id is used {count} times")
                )
        for item in self.content.items:
            self.identity(item)
            self.provenance(item)
            self.references(item)
            self.kind_rules(item)
            self.details(item)
            self.denied(item)
        self.decline_exceptions()
        return self.problems

    def decline_exceptions(self) -> None:
        """Each ``decline_unless`` entry names a declined phrase and items that exist."""
        language = self.content.language
        for phrase, ids in sorted(language.decline_unless.items()):
            if phrase not in language.decline:
                self.problems.append(
                    Problem("language.yml", "decline_unless", f"'{phrase}' is not in decline")
                )
            for item_id in sorted(ids):
                item = self.ids.get(item_id)
                if item is None or item.kind not in ANSWERABLE_KINDS:
                    self.problems.append(
                        Problem(
                            "language.yml",
                            "decline_unless",
                            f"'{phrase}': item '{item_id}' does not exist or cannot answer",
                        )
                    )

    def identity(self, item: Item) -> None:
        if not item.id:
            self.add(item, "missing id")
        elif not ID_PATTERN.match(item.id):
            self.add(
                item, "id must be lower-case words joined by hyphens, e.g. walk-and-talk-group"
            )
        if not item.name:
            self.add(item, "missing name")
        if item.kind in ANSWERABLE_KINDS and not item.answer:
            self.add(item, "missing answer (the short plain-English text the assistant says)")

    def provenance(self, item: Item) -> None:
        if not item.sources:
            self.add(
                item, "missing source (seed document file name and section, or council-supplied)"
            )
        if item.last_reviewed is None:
            self.add(item, "missing last_reviewed (ISO date, e.g. 2024-11-23)")
        elif item.last_reviewed > self.today:
            self.add(item, f"last_reviewed {item.last_reviewed.isoformat()} is in the future")
        if not item.status:
            self.add(item, "missing status (confirmed, dated or sample)")
            return
        if item.status not in STATUSES:
            self.add(item, f"status {item.status!r} must be one of {', '.join(STATUSES)}")
            return
        documents = []
        for ref in item.sources:
            if ref.document == COUNCIL_SUPPLIED:
                continue
            document = self.content.sources.get(ref.document)
            if document is None:
                self.add(
                    item,
                    f"source document {ref.document!r} is not in the source register (sources.yml)",
                )
                continue
            if not ref.section:
                self.add(
                    item, f"source {ref.document} needs the section heading the fact comes from"
                )
            documents.append(document)
        if documents and all(d.national_context_only for d in documents):
            self.add(
                item,
                "cites only a document that is not about Darlington; add the Darlington source",
            )
        darlington = [d for d in documents if not d.national_context_only]
        if item.status == "confirmed" and darlington and not any(d.current for d in darlington):
            self.add(
                item,
                "status is confirmed but every source is a 2011-2016 document; use status: dated",
            )
        if item.status == "dated" and not any(not d.current for d in darlington):
            self.add(item, "status is dated but no cited document is a historical (2011-2016) one")

    def references(self, item: Item) -> None:
        if item.organisation and self.ids.get(item.organisation, None) is None:
            self.add(item, f"organisation {item.organisation!r} does not exist")
        elif item.organisation and self.ids[item.organisation].kind != "organisation":
            self.add(item, f"organisation {item.organisation!r} is not an organisation")
        if item.service:
            target = self.ids.get(item.service)
            if target is None:
                self.add(item, f"service {item.service!r} does not exist")
            elif target.kind != "service":
                self.add(item, f"service {item.service!r} is a {target.kind}, not a service")
        for related in item.related:
            if related not in self.ids:
                self.add(item, f"related item {related!r} does not exist")

    def kind_rules(self, item: Item) -> None:
        if item.kind == "programme" and not item.service:
            self.add(item, "programme must name the service that runs it (service: <id>)")
        if item.kind == "service" and not item.organisation:
            self.add(item, "service must name its organisation (organisation: <id>)")
        if item.kind == "entitlement" and not item.condition:
            self.add(item, "entitlement must state its condition: exactly who qualifies")
        for record_status in (
            [c.status for c in item.contacts]
            + [loc.status for loc in item.locations]
            + [s.status for s in item.schedules]
            + ([item.cost.status] if item.cost else [])
            + [item.url_status]
        ):
            if record_status and record_status not in STATUSES:
                self.add(
                    item, f"detail status {record_status!r} must be one of {', '.join(STATUSES)}"
                )
        eligibility = item.eligibility
        if (
            eligibility
            and eligibility.minimum_age is not None
            and eligibility.maximum_age is not None
            and eligibility.minimum_age > eligibility.maximum_age
        ):
            self.add(item, "eligibility minimum_age is above maximum_age")

    def details(self, item: Item) -> None:
        for field_name, text, status in _item_texts(item):
            for detail in patterns.operational_strings(text):
                if detail in self.content.allowlist:
                    continue
                kind = patterns.kind_of(detail)
                if status != "sample":
                    self.add(
                        item,
                        f"{kind} {detail!r} in {field_name} is not in the documents; "
                        "mark it status: sample "
                        "or, if the council has confirmed it, add it to allowlist.yml",
                    )
                elif kind != "clock time" and not _is_fictional(detail):
                    self.add(
                        item,
                        f"sample {kind} {detail!r} in {field_name} could reach a real person; use "
                        "01632 960xxx or an example.org address",
                    )

    def denied(self, item: Item) -> None:
        for field_name, text, _status in _item_texts(item):
            for entry in find_denied(text, self.content.denylist):
                # The matched text is not echoed: it may be a person's name or number.
                self.add(
                    item,
                    f"{field_name} contains a denylisted string "
                    f"({entry.reason or 'no reason given'})",
                )


def check_content(content: Content, *, now: datetime | None = None) -> list[Problem]:
    """Return every rule the content breaks (empty when it is fit to publish)."""
    return _Checker(content, now or datetime.now(tz=UTC)).run()


def check_directory(directory: Path) -> tuple[Content, list[Problem]]:
    """Load and check a content directory."""
    content, problems = load_content(directory)
    return content, problems + check_content(content)
