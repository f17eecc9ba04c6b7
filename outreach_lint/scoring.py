"""The customer-focus score: 0-100 per message, with the reasons it lost points.

A sales leader wants one number per template and a short list of what to fix. The score starts
at 100 and loses points for each finding on the message (weighted by severity and category,
with repeats of one rule costing less each time) and for a few metrics of the copy that no
single rule reports: more sentences about us than about the reader, no question for the
reader, no personalization, length. Findings of the tool itself (category ``meta``) cost
nothing: they are about the file, not the copy.

Bands: ``send`` (80-100), ``fix`` ("fix one thing", 60-79) and ``rewrite`` (0-59).
The weights are deliberately simple so that the explanation adds up to the score exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Finding

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: (lowest score, band id, label); first match wins
BANDS = ((80, "send", "Send"), (60, "fix", "Fix one thing"), (0, "rewrite", "Rewrite"))
SEVERITY_POINTS = {"error": 15, "warning": 8, "info": 3}
CATEGORY_WEIGHT = {
    "blast": 1.25,
    "pressure": 1.25,
    "i-centric": 1.0,
    "monologue": 1.0,
    "follow-up": 1.0,
    "template": 1.0,
    "hype": 0.75,
    "subject": 0.75,
    "meta": 0.0,
}
LONG_WORDS = 150


@dataclass(frozen=True)
class Cost:
    """Points lost and why: a rule's findings (``code`` set) or a metric (``code`` empty)."""

    points: int
    reason: str
    code: str = ""
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "reason": self.reason, "code": self.code or None}


@dataclass(frozen=True)
class MessageScore:
    """One message's score, its band and what cost it points."""

    path: str
    context: Mapping[str, Any] = field(default_factory=dict)
    title: str = ""
    label: str = ""
    score: int = 100
    band: str = "send"
    costs: tuple[Cost, ...] = ()
    findings: int = 0
    words: int = 0

    @property
    def band_label(self) -> str:
        return band_label(self.band)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "score": self.score,
            "band": self.band,
            "title": self.title,
            "findings": self.findings,
            "words": self.words,
            "costs": [c.to_dict() for c in self.costs],
        }
        if self.context:
            data["context"] = dict(self.context)
        return data


def band_of(score: int) -> str:
    for low, band, _label in BANDS:
        if score >= low:
            return band
    return BANDS[-1][1]


def band_label(band: str) -> str:
    for _low, b, label in BANDS:
        if b == band:
            return label
    return band


def _belongs(finding: Finding, context: Mapping[str, Any]) -> bool:
    fc = finding.context or {}
    return all(fc.get(k) == v for k, v in context.items())


def _finding_costs(findings: Iterable[Finding]) -> list[Cost]:
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    costs = []
    for code, group in by_code.items():
        first = group[0]
        base = SEVERITY_POINTS.get(first.severity.value, 5) * CATEGORY_WEIGHT.get(
            first.category, 1.0
        )
        # the first finding costs full points, each repeat half the previous; at most 2x base
        # (closed form of sum(base / 2**i); the sum overflows a float past 1,023 repeats)
        total = base * (2 - 0.5 ** (len(group) - 1))
        points = round(min(total, 2 * base))
        if points <= 0:
            continue
        times = f" x{len(group)}" if len(group) > 1 else ""
        costs.append(Cost(points, f"{code} {first.name}{times}", code, len(group)))
    return costs


def _metric_costs(sig: Any, codes: set[str]) -> list[Cost]:
    costs = []
    if "IC102" not in codes and sig.sentences >= 2:
        if sig.reader_sentences == 0 and sig.self_sentences > 0:
            costs.append(Cost(10, "no sentence about the reader"))
        elif sig.self_sentences > sig.reader_sentences:
            gap = sig.self_sentences - sig.reader_sentences
            costs.append(
                Cost(
                    min(15, 4 * gap),
                    f"more sentences about us ({sig.self_sentences}) than about the reader "
                    f"({sig.reader_sentences})",
                )
            )
    if sig.words >= 20 and sig.questions == 0:
        costs.append(Cost(5, "no question for the reader"))
    if sig.words >= 20 and sig.placeholders == 0:
        costs.append(Cost(3, "no merge tag: nothing tailored to this reader"))
    if sig.words > LONG_WORDS:
        costs.append(
            Cost(
                min(10, 2 + 2 * ((sig.words - LONG_WORDS) // 25)), f"{sig.words} words (aim < 150)"
            )
        )
    return costs


def score_message(sig: Any, findings: Sequence[Finding]) -> MessageScore:
    """Score one message from its signature and the findings that belong to it."""
    mine = [f for f in findings if f.category != "meta"]
    costs = _finding_costs(mine) + _metric_costs(sig, {f.code for f in mine})
    costs.sort(key=lambda c: (-c.points, c.reason))
    score = max(0, 100 - sum(c.points for c in costs))
    return MessageScore(
        path=sig.path,
        context=dict(sig.context),
        title=sig.title,
        label=sig.label,
        score=score,
        band=band_of(score),
        costs=tuple(costs),
        findings=len(mine),
        words=sig.words,
    )


def score_results(results: Iterable[Any]) -> list[MessageScore]:
    """A score for every message of every file result, in path order."""
    return list(iter_scores(results))


def iter_scores(results: Iterable[Any]) -> Iterator[MessageScore]:
    """:func:`score_results` one message at a time (a spooled run reads one file at a time)."""
    if not getattr(results, "sorted_by_path", False):  # a spooled run is read in order
        results = sorted(results, key=lambda r: r.path)
    for r in results:
        sigs = getattr(r, "signatures", ()) or ()
        for sig in sigs:
            if len(sigs) == 1:
                mine = list(r.findings)
            else:
                mine = [f for f in r.findings if _belongs(f, sig.context)]
            yield score_message(sig, mine)


def summary(scores: Sequence[MessageScore]) -> dict[str, Any]:
    return summary_of(scores)[1]


def summary_of(scores: Iterable[MessageScore]) -> tuple[int, dict[str, Any]]:
    """(the number of messages, :func:`summary`) from one pass over ``scores``: only each
    message's score is kept (a float), not the scores themselves."""
    bands = {b: 0 for _low, b, _label in BANDS}
    unsorted = []
    for s in scores:
        unsorted.append(s.score)
        bands[s.band] += 1
    values = sorted(unsorted)
    del unsorted
    median = 0.0
    if values:
        mid = len(values) // 2
        median = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return len(values), {
        "messages": len(values),
        "mean": round(sum(values) / len(values), 1) if values else None,
        "median": median if values else None,
        "bands": bands,
    }
