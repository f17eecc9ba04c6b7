"""JSON Lines: one finding a line, the same object as in ``--format json``'s ``findings``.

Streams well into log pipelines and ``jq -c``; there is no header or summary line.
"""

from __future__ import annotations

import json

from ._common import json_safe

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any


def format_jsonl(report: Any, stream: IO[str], options: Any) -> None:
    for f in report.findings:
        stream.write(json.dumps(json_safe(f.to_dict()), ensure_ascii=False))
        stream.write("\n")
