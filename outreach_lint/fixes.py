"""Applying fixes to text: non-overlapping edits, chosen deterministically; unified diffs.

Fixes are sorted by position (then rule code, then message) and a fix whose edits overlap an
accepted one is left for the next pass; callers re-lint and repeat until nothing changes, within
a bound (``outreach_lint.fixer``). A fix is applied whole or not at all, and a fix whose own
edits overlap or fall outside the text is never applied.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .model import Applicability, Edit, Finding


def _valid(edits: tuple[Edit, ...], length: int | None) -> bool:
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    for a, b in zip(ordered, ordered[1:]):
        if a.span.overlaps(b.span) or a.span.start == b.span.start:
            return False
    return length is None or all(e.span.end <= length for e in edits)


def select_fixes(
    findings: Iterable[Finding], *, unsafe: bool = False, length: int | None = None
) -> list[Finding]:
    """The findings whose fixes are applied in one pass: none overlapping, in a stable order."""
    chosen: list[Finding] = []
    taken: list[Edit] = []
    candidates = [
        f
        for f in findings
        if f.fix is not None
        and f.fix.edits
        and (unsafe or f.fix.applicability is Applicability.SAFE)
        and _valid(f.fix.edits, length)
    ]
    candidates.sort(key=lambda f: (min(e.span.start for e in f.fix.edits), f.code, f.message))
    for f in candidates:
        edits = f.fix.edits
        if any(
            e.span.overlaps(c.span) or (e.span.start == c.span.start) for e in edits for c in taken
        ):
            continue
        chosen.append(f)
        taken.extend(edits)
    return chosen


def select_edits(
    findings: Iterable[Finding], *, unsafe: bool = False, length: int | None = None
) -> list[Edit]:
    """The edits to apply in one pass: each chosen fix whole, none overlapping."""
    chosen = [e for f in select_fixes(findings, unsafe=unsafe, length=length) for e in f.fix.edits]
    chosen.sort(key=lambda e: (e.span.start, e.span.end))
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping edits."""
    out = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.span.start])
        out.append(e.replacement)
        pos = e.span.end
    out.append(text[pos:])
    return "".join(out)


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> tuple[str, int]:
    """Apply one pass of fixes to ``text``; return the new text and the number of edits."""
    edits = select_edits(findings, unsafe=unsafe, length=len(text))
    return apply_edits(text, edits), len(edits)


def unified_diff(before: str, after: str, path: str) -> str:
    """A ``git apply``-compatible unified diff of one file (empty when nothing changed)."""
    lines = list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
