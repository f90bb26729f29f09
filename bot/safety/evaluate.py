"""Measure the detector on a labelled set: ``python -m bot.safety.evaluate PATH.yml``.

The set's format (shared with the held-out evaluation set)::

    version: 1
    risk:
      - {id: r001, category: physical_abuse, text: "he hit me again"}
    safe:
      - {id: s001, text: "my son hurt his knee at football"}

Recall counts a risk message as found when the detector says ``at_risk``, whatever
categories it gives: the disclosure reaches a person either way. How often the labelled
category is among the detector's is reported separately.

Output names messages by id only; ``--show-text`` adds their text (the sets are
synthetic, but the habit of keeping message text out of output is the point). The exit
status is 0 unless the file is invalid (2), or a ``--require-recall`` / ``--max-fpr``
target is missed (1).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from bot.safety.categories import CATEGORIES, SafetyAssessment
from bot.safety.detector import assess


class InvalidSet(ValueError):
    """The evaluation file is not in the expected format."""


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    category: str | None  # None for safe messages


@dataclass(frozen=True)
class CategoryResult:
    total: int
    detected: int

    @property
    def recall(self) -> float | None:
        return self.detected / self.total if self.total else None


@dataclass(frozen=True)
class EvalResult:
    """Figures for one evaluation set; ids of misses and false positives, not text."""

    risk_total: int
    risk_detected: int
    safe_total: int
    false_positives: int
    per_category: dict[str, CategoryResult]
    missed_ids: tuple[str, ...]
    false_positive_ids: tuple[str, ...]
    category_mismatch_ids: tuple[str, ...]
    unknown_categories: tuple[str, ...]
    mean_seconds_per_message: float
    max_seconds_per_message: float
    texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def recall(self) -> float | None:
        return self.risk_detected / self.risk_total if self.risk_total else None

    @property
    def false_positive_rate(self) -> float | None:
        return self.false_positives / self.safe_total if self.safe_total else None

    def meets(self, *, min_recall: float | None = None, max_fpr: float | None = None) -> bool:
        """Whether the targets are met. An empty side of the set cannot meet a target."""
        if min_recall is not None and (self.recall is None or self.recall < min_recall):
            return False
        return max_fpr is None or (
            self.false_positive_rate is not None and self.false_positive_rate <= max_fpr
        )


def _items(data: dict[str, Any], key: str, *, labelled: bool) -> list[Item]:
    entries = data.get(key)
    if not isinstance(entries, list):
        raise InvalidSet(f"'{key}' must be a list")
    items = []
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise InvalidSet(f"{key} entry {position} is not a mapping")
        item_id, text = entry.get("id"), entry.get("text")
        if not isinstance(item_id, str | int) or isinstance(item_id, bool) or str(item_id) == "":
            raise InvalidSet(f"{key} entry {position} has no id")
        if not isinstance(text, str):
            raise InvalidSet(f"{key} entry {item_id} has no text")
        category = entry.get("category")
        if labelled and not isinstance(category, str):
            raise InvalidSet(f"{key} entry {item_id} has no category")
        items.append(Item(str(item_id), text, category if labelled else None))
    return items


def load_set(path: str | Path) -> tuple[list[Item], list[Item]]:
    """Read and check an evaluation file; raise :class:`InvalidSet` if it is malformed."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InvalidSet(f"cannot read {path}: {type(error).__name__}") from error
    if not isinstance(data, dict):
        raise InvalidSet("the file must be a mapping with 'version', 'risk' and 'safe'")
    if data.get("version") != 1:
        raise InvalidSet("only version 1 is understood")
    risk = _items(data, "risk", labelled=True)
    safe = _items(data, "safe", labelled=False)
    ids = [item.id for item in risk + safe]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InvalidSet(f"duplicate ids: {', '.join(duplicates)}")
    if not risk and not safe:
        raise InvalidSet("the set is empty")
    return risk, safe


def evaluate(path: str | Path, *, rules_only: bool = False) -> EvalResult:
    """Run the detector over every message of the set at ``path``.

    ``rules_only`` measures the first layer alone (the learned layer switched off).
    """
    risk, safe = load_set(path)
    timings: list[float] = []

    def timed(text: str) -> SafetyAssessment:
        start = time.perf_counter()
        result = assess(text, layer=not rules_only)
        timings.append(time.perf_counter() - start)
        return result

    per_category: dict[str, list[int]] = {}
    missed, mismatched = [], []
    for item in risk:
        assert item.category is not None  # noqa: S101 - guaranteed by load_set
        found = timed(item.text)
        counts = per_category.setdefault(item.category, [0, 0])
        counts[0] += 1
        if found.at_risk:
            counts[1] += 1
            if item.category not in found.categories:
                mismatched.append(item.id)
        else:
            missed.append(item.id)
    false_positive_ids = [item.id for item in safe if timed(item.text).at_risk]
    ordered = sorted(
        per_category, key=lambda c: (CATEGORIES.index(c) if c in CATEGORIES else len(CATEGORIES), c)
    )
    return EvalResult(
        risk_total=len(risk),
        risk_detected=len(risk) - len(missed),
        safe_total=len(safe),
        false_positives=len(false_positive_ids),
        per_category={c: CategoryResult(*per_category[c]) for c in ordered},
        missed_ids=tuple(missed),
        false_positive_ids=tuple(false_positive_ids),
        category_mismatch_ids=tuple(mismatched),
        unknown_categories=tuple(c for c in ordered if c not in CATEGORIES),
        mean_seconds_per_message=sum(timings) / len(timings) if timings else 0.0,
        max_seconds_per_message=max(timings, default=0.0),
        texts={item.id: item.text for item in risk + safe},
    )


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def report(result: EvalResult, *, show_text: bool = False) -> str:
    """The human-readable report the command prints."""

    def listed(ids: Sequence[str]) -> list[str]:
        if not ids:
            return ["  (none)"]
        if show_text:
            return [f"  {i}: {result.texts[i]}" for i in ids]
        return ["  " + ", ".join(ids)]

    lines = [
        f"risk messages: {result.risk_total}, detected: {result.risk_detected}, recall: "
        f"{_percent(result.recall)}",
        f"safe messages: {result.safe_total}, false positives: {result.false_positives}, "
        f"false-positive rate: {_percent(result.false_positive_rate)}",
        "recall by category:",
    ]
    for category, figures in result.per_category.items():
        note = "  (not a detector category)" if category in result.unknown_categories else ""
        lines.append(
            f"  {category:<22} {figures.detected:>4}/{figures.total:<4} "
            f"{_percent(figures.recall):>7}{note}"
        )
    lines.append(f"missed ({len(result.missed_ids)}):")
    lines += listed(result.missed_ids)
    lines.append(f"false positives ({len(result.false_positive_ids)}):")
    lines += listed(result.false_positive_ids)
    lines.append(
        f"detected with a different category than labelled: {len(result.category_mismatch_ids)}"
        + (f" ({', '.join(result.category_mismatch_ids)})" if result.category_mismatch_ids else "")
    )
    lines.append(
        f"time per message: mean {result.mean_seconds_per_message * 1e6:.0f} us, "
        f"max {result.max_seconds_per_message * 1e6:.0f} us"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.safety.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("path", help="YAML evaluation set (version 1)")
    parser.add_argument("--show-text", action="store_true", help="print message text beside ids")
    parser.add_argument(
        "--require-recall", type=float, metavar="R", help="exit 1 if recall is below R (e.g. 1.0)"
    )
    parser.add_argument(
        "--max-fpr", type=float, metavar="F", help="exit 1 if the false-positive rate is above F"
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="measure the rules without the learned layer"
    )
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.path, rules_only=args.rules_only)
    except InvalidSet as error:
        print(f"invalid evaluation set: {error}", file=sys.stderr)
        return 2
    print(report(result, show_text=args.show_text))
    if not result.meets(min_recall=args.require_recall, max_fpr=args.max_fpr):
        print("targets missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
