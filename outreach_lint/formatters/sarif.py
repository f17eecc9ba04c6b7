"""SARIF 2.1.0 (Static Analysis Results Interchange Format), for GitHub code scanning & co.

One run; ``tool.driver.rules`` holds the metadata of every rule that has a result (id, name,
short description = summary, full description = rationale, help = rationale + suggestion,
default level, the category as a tag); each result has ruleId/ruleIndex, level, message, a
region with start/end line and column (code points: ``columnKind`` says so), the fix as a SARIF
fix, and a ``partialFingerprints`` entry that survives unrelated edits. Tests validate the output
against the official schema.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__
from ._common import fingerprinted, json_safe, report_path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "outreachLint/v1"


def _uri(path: str) -> tuple[str, str | None]:
    """A URI reference for a path, and the base id for relative ones."""
    shown = report_path(path)
    if shown.startswith("/"):
        return "file://" + quote(shown, safe="/"), None
    return quote(shown, safe="/"), "%SRCROOT%"


def _location(uri: str, base: str | None) -> dict[str, Any]:
    loc: dict[str, Any] = {"uri": uri}
    if base:
        loc["uriBaseId"] = base
    return loc


def _unwrap(text: str) -> str:
    """Join hard-wrapped lines; keep blank-line paragraph breaks."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def rule_descriptor(meta: Any) -> dict[str, Any]:
    rationale = _unwrap(meta.rationale)
    help_text = rationale
    if meta.what_to_write:
        help_text = f"{rationale}\n\nInstead: {meta.what_to_write}"
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": rationale},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL.get(meta.severity.value, "warning")},
        "properties": {"tags": [meta.category], "category": meta.category},
    }


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _fix(f: Any, uri: str, base: str | None, source: str | None) -> dict[str, Any]:
    replacements = []
    for e in f.fix.edits:
        region: dict[str, Any] = {
            "charOffset": e.span.start,
            "charLength": e.span.end - e.span.start,
        }
        if source is not None:
            region["startLine"], region["startColumn"] = _position(source, e.span.start)
            region["endLine"], region["endColumn"] = _position(source, e.span.end)
        replacements.append({"deletedRegion": region, "insertedContent": {"text": e.replacement}})
    return {
        "description": {
            "text": f.fix.title or f"Apply the {f.fix.applicability.value} fix for {f.code}"
        },
        "artifactChanges": [
            {"artifactLocation": _location(uri, base), "replacements": replacements}
        ],
    }


def sarif_log(report: Any) -> dict[str, Any]:
    findings = list(fingerprinted(report))
    metas = dict(report.rules)
    codes = sorted({f.code for f, _ in findings})
    rules = []
    index = {}
    for code in codes:
        meta = metas.get(code)
        if meta is None:
            continue
        index[code] = len(rules)
        rules.append(rule_descriptor(meta))
    sources = {r.path: r.source for r in report.files}
    results = []
    for f, fingerprint in findings:
        uri, base = _uri(f.path)
        region: dict[str, Any] = {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)}
        region["endLine"] = max(f.end_line, region["startLine"])
        region["endColumn"] = max(f.end_column, 1)
        if region["endLine"] == region["startLine"]:
            region["endColumn"] = max(region["endColumn"], region["startColumn"])
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": LEVEL.get(f.severity.value, "warning"),
            "message": {"text": f.message + (f"\n{f.suggestion}" if f.suggestion else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _location(uri, base),
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            "properties": {"category": f.category, "name": f.name},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.fix is not None:
            result["fixes"] = [_fix(f, uri, base, sources.get(f.path))]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "outreach-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://github.com/outreach-lint/outreach-lint",
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The linted directory"}}},
        "results": results,
    }
    errors = list(report.errors)
    if errors:
        run["invocations"] = [
            {
                "executionSuccessful": False,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": e}} for e in errors
                ],
            }
        ]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def format_sarif(report: Any, stream: IO[str], options: Any) -> None:
    json.dump(json_safe(sarif_log(report)), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
