"""GitHub Actions workflow commands: one annotation a finding, shown on the pull request diff.

``::warning file=P,line=L,col=C,endLine=L2,endColumn=C2,title=T::message``. GitHub's escaping:
in the message ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``; in properties also ``:`` -> ``%3A``
and ``,`` -> ``%2C``. With that, nothing in a file name or in the copy can end the command early
or start a new one (``::add-mask::``, ``::stop-commands::`` ...); other control characters are
made visible so they cannot drive the log viewer either.
"""

from __future__ import annotations

from ._common import report_path, safe_text

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return safe_text(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Any) -> str:
    props = [f"file={escape_property(report_path(f.path))}"]
    if f.line:
        props.append(f"line={f.line}")
        props.append(f"col={f.column}")
        props.append(f"endLine={f.end_line or f.line}")
        props.append(f"endColumn={f.end_column or f.column}")
    props.append(f"title={escape_property(f'{f.code} {f.name}')}")
    message = f.message
    if f.suggestion:
        message = f"{message}\n{f.suggestion}"
    return (
        f"::{_LEVEL.get(f.severity.value, 'warning')} {','.join(props)}::{escape_data(message)}\n"
    )


def format_github(report: Any, stream: IO[str], options: Any) -> None:
    for f in report.findings:
        stream.write(annotation(f))
