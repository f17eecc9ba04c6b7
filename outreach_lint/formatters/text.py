"""Human output: ``path:line:col: CODE [severity] message``, the line, a caret and the fix.

Everything that comes from a file (paths, copy, messages quoting copy) is made printable first,
so a template cannot smuggle terminal escape sequences into a CI log.
"""

from __future__ import annotations

from collections import Counter

from ..model import escape_controls

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_BOLD, _DIM, _RESET, _GREEN = "\033[1m", "\033[2m", "\033[0m", "\033[32m"


def printable(text: str) -> str:
    """Escape control and bidi characters so file content cannot drive the terminal."""
    return escape_controls(text, keep_breaks=True)


def one_line(text: str) -> str:
    """:func:`printable`, and line breaks and tabs escaped too: for paths and messages.

    A file named ``"a\n::error::x"`` must not start a new line in a CI log, where the runner
    would read it as a workflow command.
    """
    return escape_controls(text)


def shown_path(path: str) -> str:
    """A path on one printable line that cannot start a CI workflow command.

    ``./::warning::x.md`` names the same file as ``::warning::x.md`` but a runner that reads
    lines starting with ``::`` as commands leaves it alone.
    """
    text = one_line(path)
    return "./" + text if text.startswith("::") else text


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def format_text(report: Any, stream: IO[str], options: Any) -> None:
    color = options.color
    write = stream.write
    findings = report.findings
    if not options.quiet:
        for f, lines in findings_with_lines(report):
            head = f"{shown_path(f.path)}:{f.line}:{f.column}:"
            sev = _paint(f"[{f.severity.value}]", _COLORS.get(f.severity.value, ""), color)
            write(
                f"{_paint(head, _BOLD, color)} {_paint(f.code, _BOLD, color)} {sev} {one_line(f.message)}\n"
            )
            # lists and tables in the context (e.g. a duplicate cluster's members, already
            # named in the message) are for machine-readable formats
            scalar = {k: v for k, v in f.context.items() if not isinstance(v, (list, dict))}
            if scalar:
                where = ", ".join(
                    f"{one_line(str(k))} {one_line(str(v))}" for k, v in scalar.items()
                )
                write(f"  {_paint('in ' + where, _DIM, color)}\n")
            if options.show_source:
                _snippet(write, f, lines, color)
            if f.suggestion:
                write(f"  {_paint('= help:', _GREEN, color)} {one_line(f.suggestion)}\n")
            if options.show_source or f.suggestion:
                write("\n")
    if options.statistics and findings:
        _statistics(write, findings)
    _summary(write, report, color)


def _snippet(write: Any, f: Any, lines: dict[int, str], color: bool) -> None:
    source = lines.get(f.line)
    if source is None:
        return
    gutter = str(f.line)
    pad = " " * len(gutter)
    shown = printable(source.expandtabs(4)) if "\t" in source else printable(source)
    if len(shown) > 200:
        start = max(0, f.column - 60)
        shown = ("…" if start else "") + shown[start : start + 160] + "…"
        col = f.column - start + (1 if start else 0)
    else:
        col = f.column
    width = (
        (f.end_column - f.column) if f.end_line == f.line else max(1, len(source) - f.column + 1)
    )
    width = max(1, min(width, max(1, len(shown) - col + 1)))
    write(f"  {pad} |\n")
    write(f"  {_paint(gutter, _DIM, color)} | {shown}\n")
    marker = _paint("^" * width, _COLORS.get(f.severity.value, ""), color)
    write(f"  {pad} | {' ' * (col - 1)}{marker}\n")


def _statistics(write: Any, findings: list) -> None:
    counts = Counter((f.code, f.name, f.category) for f in findings)
    write("Statistics:\n")
    for (code, name, category), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        write(f"  {count:5d}  {code}  {name}  ({category})\n")
    write("\n")


def findings_with_lines(report: Any) -> Any:
    """Each finding in report order with the snippet lines of its file.

    A spooled report (``Report.files`` read from disk, sorted by path) is read file by file;
    an in-memory one keeps the former global sort, so both print the same.
    """
    files = report.files
    if getattr(files, "sorted_by_path", False):
        for r in files.with_findings():
            for f in sorted(r.findings, key=lambda f: f.sort_key):
                yield f, r.lines
        return
    lines_by_path = {r.path: r.lines for r in files}
    for f in report.findings:
        yield f, lines_by_path.get(f.path, {})


def _summary(write: Any, report: Any, color: bool) -> None:
    findings = report.findings
    files = len(report.files)
    errors = len(getattr(report, "errors", ()) or ())
    if not findings and errors:  # e.g. a missing path: "All clear" would contradict exit 2
        write(
            f"No findings in {files} file{'s' if files != 1 else ''}, but "
            f"{errors} error{'s' if errors != 1 else ''} (printed above): exit code 2.\n"
        )
        return
    if not findings:
        write(
            _paint(
                f"All clear: no findings in {files} file{'s' if files != 1 else ''}.\n",
                _GREEN,
                color,
            )
        )
        return
    # one pass: a spooled report's findings are read from disk on every pass
    sev: Counter = Counter()
    with_findings = fixable = unsafe = 0
    last = None
    for f in findings:  # sorted by path: a file's findings are together
        sev[f.severity.value] += 1
        if f.path != last:
            with_findings += 1
            last = f.path
        if f.fix is not None:
            if f.fix.applicability == "safe":
                fixable += 1
            elif f.fix.applicability == "unsafe":
                unsafe += 1
    parts = [
        f"{sev[k]} {k}{'s' if sev[k] != 1 and k != 'info' else ''}"
        for k in ("error", "warning", "info")
        if sev[k]
    ]
    write(
        f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) "
        f"in {with_findings} of {files} file{'s' if files != 1 else ''}.\n"
    )
    if fixable:
        more = f" ({unsafe} more with --fix --unsafe-fixes)" if unsafe else ""
        write(f"{fixable} fixable with --fix{more}.\n")
    elif unsafe:
        write(f"{unsafe} fixable with --fix --unsafe-fixes.\n")
