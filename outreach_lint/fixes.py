"""Applying fixes to text: non-overlapping edits, chosen deterministically.

Fixes are sorted by position (then rule code) and a fix whose edits overlap an accepted one is
left for the next pass; callers re-lint and repeat until nothing changes, within a bound.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Applicability, Edit, Finding


def select_edits(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Edit]:
    """The edits to apply in one pass: each chosen fix whole, none overlapping."""
    chosen: list[Edit] = []
    candidates = [
        f
        for f in findings
        if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)
    ]
    candidates.sort(key=lambda f: (min(e.span.start for e in f.fix.edits), f.code, f.message))
    for f in candidates:
        edits = f.fix.edits
        if any(
            e.span.overlaps(c.span) or (e.span.start == c.span.start) for e in edits for c in chosen
        ):
            continue
        chosen.extend(edits)
    chosen.sort(key=lambda e: (e.span.start, e.span.end))
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
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
    edits = select_edits(findings, unsafe=unsafe)
    return apply_edits(text, edits), len(edits)
