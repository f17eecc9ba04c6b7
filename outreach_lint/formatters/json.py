"""JSON output: a versioned schema other tools can rely on (see docs/json-schema.md)."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any

#: bump only with a documented, backwards-incompatible change of the JSON shape
SCHEMA_VERSION = 1


def report_dict(report: Any) -> dict[str, Any]:
    """The whole JSON document in memory (what :func:`format_json` writes, made at once)."""
    findings = report.findings
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "outreach-lint", "version": __version__},
        "files": [_file_entry(r) for r in _by_path(report.files)],
        "findings": [f.to_dict() for f in findings],
        "summary": _summary(report, findings),
        "errors": list(report.errors),
        # added in 0.1 without a version bump (new keys only): the customer-focus score of
        # every message, with what cost it points (docs/json-schema.md)
        "scores": _scores(report),
    }


def _file_entry(result: Any) -> dict[str, Any]:
    return {
        "path": result.path,
        "findings": len(result.findings),
        "failing": result.failing,
        # added in 0.1 without a version bump (a new key): each message's kind and where it
        # came from (docs/json-schema.md)
        "messages": _messages(result),
    }


def _summary(report: Any, findings: Any) -> dict[str, Any]:
    """Counts by severity and category in one pass (a spooled run's findings are read once)."""
    by_sev: Counter = Counter()
    by_cat: Counter = Counter()
    for f in findings:
        by_sev[f.severity.value] += 1
        by_cat[f.category] += 1
    return {
        "files": len(report.files),
        "findings": len(findings),
        "by_severity": {k: by_sev.get(k, 0) for k in ("error", "warning", "info")},
        "by_category": dict(sorted(by_cat.items())),
        "exit_code": report.exit_code,
    }


def _messages(result: Any) -> list[dict[str, Any]]:
    """The messages of one file: kind, kind source and reason, and where in a multi-message file."""
    out = []
    for sig in getattr(result, "signatures", ()) or ():
        entry: dict[str, Any] = {
            "kind": sig.kind,
            "kind_source": sig.kind_source,
            "kind_reason": sig.kind_reason,
        }
        if sig.context:
            entry["context"] = {k: v for k, v in sig.context.items()}
        out.append(entry)
    return out


def _by_path(files: Any) -> Any:
    """The files sorted by path; a spooled run's are already, and sorting would load them all."""
    if getattr(files, "sorted_by_path", False):
        return files
    return sorted(files, key=lambda r: r.path)


def _scores(report: Any) -> dict[str, Any]:
    from ..scoring import score_results, summary

    scores = score_results(report.files)
    return {"summary": summary(scores), "messages": [s.to_dict() for s in scores]}


def format_json(report: Any, stream: IO[str], options: Any) -> None:
    """:func:`report_dict` written as it is made: its three long lists (files, findings,
    scored messages) are :class:`_Items`, whose entries ``json.dump`` asks for one at a
    time, so a spooled run of 100,000 files never holds them all (issue 6: the document
    cost ~7 KB a file in memory). The bytes are those of ``json.dump(report_dict(report))``."""
    json.dump(_streamed(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


class _Items(list):
    """A list to ``json.dump`` whose entries are made when it iterates.

    With ``indent``, ``json.dump`` encodes in Python (``json.encoder._make_iterencode``:
    the C encoder serves only one-shot ``dumps`` without indent), which takes any list
    subclass as a list: it asks ``len`` (``[]`` when 0) and then iterates, writing each
    entry as it comes. The list itself stays empty.
    """

    def __init__(self, count: int, make: Any) -> None:
        super().__init__()
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Any:
        return iter(self._make())


def _streamed(report: Any) -> dict[str, Any]:
    """:func:`report_dict`, its lists made as they are written (the same keys and values)."""
    findings = report.findings
    files = report.files
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "outreach-lint", "version": __version__},
        "files": _Items(len(files), lambda: (_file_entry(r) for r in _by_path(files))),
        "findings": _Items(len(findings), lambda: (f.to_dict() for f in findings)),
        "summary": _summary(report, findings),
        "errors": list(report.errors),
        "scores": _streamed_scores(files),
    }


def _streamed_scores(files: Any) -> dict[str, Any]:
    """:func:`_scores` in two passes over the files: the summary (it comes first) from each
    message's score and band, then the messages as they are written."""
    from ..scoring import iter_scores, summary_of

    count, head = summary_of(iter_scores(files))
    return {
        "summary": head,
        "messages": _Items(count, lambda: (s.to_dict() for s in iter_scores(files))),
    }
