"""Content check: run ``python -m bot.knowledge.check [data/content]`` before committing content.

Prints one line per problem (file, item id, what is wrong) and exits with status 1 if
there are any, so it can gate CI and the officer's own edits alike.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bot.knowledge.rules import check_directory

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parents[2] / "data" / "content"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else DEFAULT_CONTENT_DIR
    content, problems = check_directory(directory)
    for problem in problems:
        print(problem)
    kinds = Counter(item.kind for item in content.items)
    summary = ", ".join(f"{count} {kind}s" for kind, count in sorted(kinds.items()))
    if problems:
        print(f"FAILED: {len(problems)} problem(s) in {directory} ({summary})")
        return 1
    print(f"OK: {directory} ({summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
