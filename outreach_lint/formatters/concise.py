"""One line a finding: ``path:line:col: CODE [severity] message``, then the summary.

For grep, editors' quickfix lists and logs where snippets are noise.
"""

from __future__ import annotations

from .text import _summary, one_line, shown_path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any


def format_concise(report: Any, stream: IO[str], options: Any) -> None:
    write = stream.write
    if not options.quiet:
        for f in report.findings:
            write(
                f"{shown_path(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity.value}] "
                f"{one_line(f.message)}\n"
            )
    _summary(write, report, False)
