"""Baselines: adopt the linter in a repository that already has findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` then hides exactly those,
so only new findings are shown and fail the run. A finding is matched by its path (relative to
the baseline file's directory, so the run's working directory does not matter), its rule code and
the whitespace-normalized text of the flagged line, never the line number: adding a paragraph
above an old finding does not resurrect it, while editing the flagged line does (the line was
touched, so it is reviewed again). Counts matter: if the baseline holds one "leverage" finding on
a line and the line now has two, one is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

VERSION = 1


class BaselineError(ValueError):
    """The baseline file is missing, unreadable or not a baseline; the message says which."""


Key = tuple[str, str, str]


def _rel(path: str, base: Path) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def _line(text: str) -> str:
    return " ".join(text.split())


def keys(report: Any, base: Path) -> Iterable[tuple[Any, Any, Key]]:
    """(file result, finding, key) for every finding of the report."""
    for result in report.files:
        rel = _rel(result.path, base)
        for f in result.findings:
            yield result, f, (rel, f.code, _line(result.lines.get(f.line, "")))


def write_baseline(report: Any, target: Path) -> int:
    """Write the report's findings as a baseline; return how many were recorded."""
    base = Path(os.path.abspath(target)).parent
    counts: Counter = Counter(k for _, _, k in keys(report, base))
    entries = [
        {"path": p, "code": c, "line": t, "count": n} for (p, c, t), n in sorted(counts.items())
    ]
    data = {"version": VERSION, "tool": "outreach-lint", "findings": entries}
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, target)
    except OSError as exc:
        raise BaselineError(
            f"cannot write the baseline {str(target)!r}: {exc.strerror or exc}"
        ) from None
    return sum(counts.values())


def read_baseline(path: Path) -> Counter:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(
            f"cannot read the baseline {str(path)!r}: {exc.strerror or exc}; "
            "create one with --write-baseline"
        ) from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise BaselineError(f"{path}: not a baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(
            f"{path}: not an outreach-lint baseline of version {VERSION}; "
            "recreate it with --write-baseline"
        )
    counts: Counter = Counter()
    for i, entry in enumerate(data.get("findings") or ()):
        try:
            key = (str(entry["path"]), str(entry["code"]), str(entry["line"]))
            count = int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(
                f"{path}: findings[{i}] needs path, code, line and count; "
                "recreate it with --write-baseline"
            ) from None
        counts[key] += count
    return counts


def apply_baseline(report: Any, path: Path, known: Counter | None = None) -> int:
    """Drop the findings the baseline holds from ``report.files``; return how many."""
    known = Counter(read_baseline(path) if known is None else known)
    base = Path(os.path.abspath(path)).parent
    hidden = 0
    files = []
    for result in report.files:
        rel = _rel(result.path, base)
        kept = []
        for f in result.findings:
            key = (rel, f.code, _line(result.lines.get(f.line, "")))
            if known[key] > 0:
                known[key] -= 1
                hidden += 1
            else:
                kept.append(f)
        if len(kept) != len(result.findings):
            result = replace(result, findings=tuple(kept))
        files.append(result)
    report.files[:] = files
    return hidden
