"""Read ``data/content`` (any number of YAML files) into typed records.

The loader is forgiving on purpose: it records what it cannot parse as a
:class:`Problem` and carries on, so an officer sees every mistake in one run of the check
instead of fixing them one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.model import (
    Contact,
    Content,
    Cost,
    DenyEntry,
    Eligibility,
    Item,
    Language,
    Location,
    Messages,
    Schedule,
    SourceDocument,
    SourceRef,
)


def _parse_yaml(text: str) -> Any:
    """Safe YAML: the C parser is about eight times faster when libyaml is present."""
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


ITEM_SECTIONS = {
    "organisations": "organisation",
    "services": "service",
    "programmes": "programme",
    "entitlements": "entitlement",
    "topics": "topic",
}
OTHER_SECTIONS = ("sources", "allowlist", "denylist", "language")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, phrased for the officer who will fix it."""

    file: str
    item_id: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.item_id}" if self.item_id else self.file
        return f"{where}: {self.message}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    return str(value)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (_text(value),)
    if isinstance(value, list):
        return tuple(_text(v) for v in value if _text(v))
    return (_text(value),)


def _age(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("age must be a whole number")
    return int(value)


class _ItemParser:
    """Turns one YAML mapping into an :class:`Item`, noting problems as it goes."""

    def __init__(self, file: str, kind: str, raw: dict[str, Any], problems: list[Problem]) -> None:
        self.file = file
        self.kind = kind
        self.raw = raw
        self.problems = problems
        self.item_id = _text(raw.get("id"))

    def problem(self, message: str) -> None:
        self.problems.append(Problem(self.file, self.item_id or "(no id)", message))

    def sources(self) -> tuple[SourceRef, ...]:
        raw = self.raw.get("source", self.raw.get("sources"))
        entries = raw if isinstance(raw, list) else [raw] if raw is not None else []
        refs: list[SourceRef] = []
        for entry in entries:
            if isinstance(entry, str):
                refs.append(SourceRef(document=_text(entry)))
            elif isinstance(entry, dict):
                refs.append(SourceRef(_text(entry.get("document")), _text(entry.get("section"))))
            else:
                self.problem("source must be a file name or a mapping with document and section")
        return tuple(ref for ref in refs if ref.document)

    def last_reviewed(self) -> date | None:
        value = self.raw.get("last_reviewed")
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.problem(f"last_reviewed {value!r} is not an ISO date (YYYY-MM-DD)")
            return None

    def records(self, key: str, cls: type[Any]) -> tuple[Any, ...]:
        raw = self.raw.get(key) or []
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, list):
            self.problem(f"{key} must be a list")
            return ()
        names = {f.name for f in fields(cls)}
        out = []
        for entry in raw:
            if not isinstance(entry, dict):
                self.problem(f"each entry in {key} must be a mapping")
                continue
            unknown = sorted(set(entry) - names)
            if unknown:
                self.problem(f"{key} has unknown field(s): {', '.join(unknown)}")
            out.append(cls(**{k: _text(v) for k, v in entry.items() if k in names}))
        return tuple(out)

    def eligibility(self) -> Eligibility | None:
        raw = self.raw.get("eligibility")
        if raw is None:
            return None
        if isinstance(raw, str):
            return Eligibility(description=_text(raw))
        if not isinstance(raw, dict):
            self.problem("eligibility must be a mapping (description, minimum_age, maximum_age)")
            return None
        try:
            return Eligibility(
                description=_text(raw.get("description")),
                minimum_age=_age(raw.get("minimum_age")),
                maximum_age=_age(raw.get("maximum_age")),
            )
        except (TypeError, ValueError):
            self.problem("eligibility ages must be whole numbers")
            return Eligibility(description=_text(raw.get("description")))

    def cost(self) -> Cost | None:
        raw = self.raw.get("cost")
        if raw is None:
            return None
        if isinstance(raw, dict):
            return Cost(_text(raw.get("description")), _text(raw.get("status")))
        return Cost(description=_text(raw))

    def parse(self) -> Item:
        raw = self.raw
        url = raw.get("url")
        url_text, url_status = (
            (_text(url.get("value")), _text(url.get("status")))
            if isinstance(url, dict)
            else (_text(url), "")
        )
        return Item(
            id=self.item_id,
            kind=self.kind,
            name=_text(raw.get("name")),
            file=self.file,
            status=_text(raw.get("status")),
            last_reviewed=self.last_reviewed(),
            sources=self.sources(),
            answer=_text(raw.get("answer")),
            description=_text(raw.get("description")),
            audience=_texts(raw.get("audience")),
            categories=_texts(raw.get("categories")),
            keywords=_texts(raw.get("keywords")),
            synonyms=_texts(raw.get("synonyms")),
            related=_texts(raw.get("related")),
            organisation=_text(raw.get("organisation")),
            service=_text(raw.get("service")),
            programme_type=_text(raw.get("type")),
            eligibility=self.eligibility(),
            contacts=self.records("contacts", Contact),
            locations=self.records("locations", Location),
            schedules=self.records("schedules", Schedule),
            cost=self.cost(),
            url=url_text,
            url_status=url_status,
            condition=_text(raw.get("condition")),
            how_to_get=_text(raw.get("how_to_get")),
            quotes=_texts(raw.get("quotes", raw.get("quote"))),
            bookable=bool(raw.get("bookable", False)),
        )


def _language(raw: dict[str, Any]) -> Language:
    replacements: dict[str, str] = {}
    for key in ("textspeak", "misspellings", "phrases"):
        for variant, canonical in (raw.get(key) or {}).items():
            replacements[_text(variant).lower()] = _text(canonical).lower()
    synonyms: dict[str, str] = {}
    for canonical, variants in (raw.get("synonyms") or {}).items():
        for variant in variants or []:
            synonyms[_text(variant).lower()] = _text(canonical).lower()
    aspects = {
        _text(name): frozenset(_text(w).lower() for w in words or [])
        for name, words in (raw.get("aspects") or {}).items()
    }
    message_names = {f.name for f in fields(Messages)}
    messages = Messages(
        **{k: _text(v) for k, v in (raw.get("messages") or {}).items() if k in message_names}
    )
    return Language(
        replacements=replacements,
        synonyms=synonyms,
        generic=frozenset(_text(w).lower() for w in raw.get("generic") or []),
        aspects=aspects,
        followup_words=frozenset(_text(w).lower() for w in raw.get("followup_words") or []),
        own_child_words=frozenset(
            _text(w).lower() for w in (raw.get("asker") or {}).get("own_child") or []
        ),
        care_words=frozenset(_text(w).lower() for w in (raw.get("asker") or {}).get("care") or []),
        decline=tuple(_text(w).lower() for w in raw.get("decline") or []),
        decline_unless={
            _text(phrase).lower(): frozenset(_texts(ids))
            for phrase, ids in (raw.get("decline_unless") or {}).items()
        },
        messages=messages,
    )


def _sources(file: str, raw: Any, problems: list[Problem]) -> dict[str, SourceDocument]:
    out: dict[str, SourceDocument] = {}
    for entry in raw or []:
        if not isinstance(entry, dict) or not entry.get("document"):
            problems.append(Problem(file, "", "each source needs at least a document"))
            continue
        doc = SourceDocument(
            document=_text(entry["document"]),
            title=_text(entry.get("title")),
            year=_text(entry.get("year")),
            current=bool(entry.get("current", False)),
            authority=_text(entry.get("authority")),
            national_context_only=bool(entry.get("national_context_only", False)),
        )
        out[doc.document] = doc
    return out


def _denylist(file: str, raw: Any, problems: list[Problem]) -> list[DenyEntry]:
    out: list[DenyEntry] = []
    for entry in raw or []:
        if not isinstance(entry, dict) or not (entry.get("text") or entry.get("sha256")):
            problems.append(
                Problem(file, "", "each denylist entry needs text or sha256, and a reason")
            )
            continue
        out.append(
            DenyEntry(
                text=_text(entry.get("text")),
                sha256=_text(entry.get("sha256")).lower(),
                reason=_text(entry.get("reason")),
                match=_text(entry.get("match")) or "text",
            )
        )
    return out


def content_files(directory: Path) -> list[Path]:
    """All YAML files under the content directory, in a stable order."""
    return sorted(p for p in directory.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())


def load_content(directory: Path) -> tuple[Content, list[Problem]]:
    """Parse every YAML file under ``directory``; return the content and parse problems."""
    problems: list[Problem] = []
    items: list[Item] = []
    sources: dict[str, SourceDocument] = {}
    allow: set[str] = set()
    deny: list[DenyEntry] = []
    language_raw: dict[str, Any] = {}
    if not directory.is_dir():
        return Content(), [Problem(str(directory), "", "content directory not found")]
    for path in content_files(directory):
        name = str(path.relative_to(directory))
        try:
            data = _parse_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" near line {mark.line + 1}" if mark is not None else ""
            problems.append(
                Problem(
                    name, "", f"not valid YAML{where}: {getattr(error, 'problem', None) or error}"
                )
            )
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(
                Problem(
                    name, "", "the file must be a mapping of sections (services:, programmes: ...)"
                )
            )
            continue
        for section, value in data.items():
            if section in ITEM_SECTIONS:
                if not isinstance(value, list):
                    problems.append(Problem(name, "", f"{section} must be a list of items"))
                    continue
                for raw in value:
                    if not isinstance(raw, dict):
                        problems.append(
                            Problem(name, "", f"each entry in {section} must be a mapping")
                        )
                        continue
                    items.append(_ItemParser(name, ITEM_SECTIONS[section], raw, problems).parse())
            elif section == "sources":
                sources.update(_sources(name, value, problems))
            elif section == "allowlist":
                allow.update(_text(v) for v in (value or []))
            elif section == "denylist":
                deny.extend(_denylist(name, value, problems))
            elif section == "language":
                for key, part in (value or {}).items():
                    if isinstance(language_raw.get(key), dict) and isinstance(part, dict):
                        language_raw[key] = {**language_raw[key], **part}
                    elif isinstance(language_raw.get(key), list) and isinstance(part, list):
                        language_raw[key] = language_raw[key] + part
                    else:
                        language_raw[key] = part
            else:
                problems.append(Problem(name, "", f"unknown section {section!r}"))
    content = Content(
        items=tuple(items),
        sources=sources,
        allowlist=frozenset(allow),
        denylist=tuple(deny),
        language=_language(language_raw),
    )
    return content, problems
