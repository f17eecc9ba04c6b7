"""One line a finding: ``path:line:col: CODE [severity] message``, then the summary.

For grep, editors' quickfix lists and logs where snippets are noise.
"""

from __future__ import annotations

from typing import IO, Any

from .text import _summary, printable


def _one_line(text: str) -> str:
    return printable(text).replace("\n", "\\n").replace("\t", " ")


def format_concise(report: Any, stream: IO[str], options: Any) -> None:
    write = stream.write
    if not options.quiet:
        for f in report.findings:
            write(
                f"{_one_line(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity.value}] "
                f"{_one_line(f.message)}\n"
            )
    _summary(write, report, False)
