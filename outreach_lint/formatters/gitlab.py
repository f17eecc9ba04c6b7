"""GitLab Code Quality report (a JSON array; CI artifact ``reports:codequality``).

Each issue has ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location.path`` / ``location.lines.begin``. GitLab compares fingerprints between the merge
request and its target branch to show new and fixed findings, so fingerprints must not change
when unrelated lines move: they hash the path, the rule, the flagged line's text and the rank
among identical ones (see ``_common.fingerprinted``), never the line number.
"""

from __future__ import annotations

import json

from ._common import fingerprinted, json_safe, report_path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any

#: GitLab's levels are info, minor, major, critical, blocker
SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


def issues(report: Any) -> list[dict[str, Any]]:
    out = []
    for f, fingerprint in fingerprinted(report):
        out.append(
            {
                "type": "issue",
                "description": f"{f.code} {f.message}",
                "check_name": f"{f.code} {f.name}",
                "fingerprint": fingerprint,
                "severity": SEVERITY.get(f.severity.value, "minor"),
                "categories": ["Style"],
                "location": {
                    "path": report_path(f.path),
                    "lines": {"begin": max(f.line, 1), "end": max(f.end_line, f.line, 1)},
                },
            }
        )
    return out


def format_gitlab(report: Any, stream: IO[str], options: Any) -> None:
    json.dump(json_safe(issues(report)), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
