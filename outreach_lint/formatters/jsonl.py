"""JSON Lines: one finding a line, the same object as in ``--format json``'s ``findings``.

Streams well into log pipelines and ``jq -c``; there is no header or summary line.
"""

from __future__ import annotations

import json
from typing import IO, Any

from ._common import json_safe


def format_jsonl(report: Any, stream: IO[str], options: Any) -> None:
    for f in report.findings:
        stream.write(json.dumps(json_safe(f.to_dict()), ensure_ascii=False))
        stream.write("\n")
