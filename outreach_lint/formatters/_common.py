"""Helpers the machine-readable formatters share: paths, fingerprints, safe text.

Everything that comes from a file (its name, the copy quoted in messages) goes through
:func:`safe_text` before it reaches a report, so a template cannot produce output that a CI
system or an XML parser would misread.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

# characters XML 1.0 cannot carry at all, lone surrogates (undecodable file names), C1 controls
# and bidi overrides (which can make a log line read differently from what it says)
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def safe_text(text: str) -> str:
    """Replace control characters, lone surrogates and bidi overrides by a visible escape.

    Tab, LF and CR are kept: each format escapes those its own way.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def json_safe(value: Any) -> Any:
    """Strings in ``value`` with lone surrogates (from undecodable file names) made visible,
    so the JSON can be encoded as UTF-8; everything else JSON escapes itself."""
    if isinstance(value, str):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def report_path(path: str) -> str:
    """The path as CI systems want it: relative to the working directory when inside it,
    with forward slashes."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = path
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _normalized_line(text: str) -> str:
    return " ".join(text.split())


def fingerprinted(report: Any) -> Iterator[tuple[Any, str]]:
    """Each finding of the report (sorted) with a fingerprint stable across unrelated edits.

    The fingerprint hashes the path, the rule code, the whitespace-normalized text of the
    flagged line and the finding's rank among findings with the same three values, so moving
    a paragraph, or editing another line, keeps it; changing the flagged line changes it.
    """
    lines = {r.path: r.lines for r in report.files}
    seen: Counter = Counter()
    for f in report.findings:
        line = _normalized_line(lines.get(f.path, {}).get(f.line, ""))
        key = (report_path(f.path), f.code, line)
        seen[key] += 1
        raw = "\0".join((*key, str(seen[key])))
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
        yield f, digest
