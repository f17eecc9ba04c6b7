"""Output formatters: ``callable(report, stream, options) -> None``.

Registered through the ``outreach_lint_formatters`` hook; values here are ``module:function``
strings imported only when that format is used, so start-up never pays for unused formatters.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, Callable

BUILTIN_FORMATTERS: dict[str, str] = {
    "text": "outreach_lint.formatters.text:format_text",
    "json": "outreach_lint.formatters.json:format_json",
    "concise": "outreach_lint.formatters.concise:format_concise",
    "jsonl": "outreach_lint.formatters.jsonl:format_jsonl",
    "sarif": "outreach_lint.formatters.sarif:format_sarif",
    "github": "outreach_lint.formatters.github:format_github",
    "junit": "outreach_lint.formatters.junit:format_junit",
    "gitlab": "outreach_lint.formatters.gitlab:format_gitlab",
}


@dataclass(frozen=True)
class FormatOptions:
    """How a report is written: colour, source lines, statistics, quiet."""

    color: bool = False
    show_source: bool = True
    statistics: bool = False
    quiet: bool = False


def load(target: Any) -> Callable[..., None]:
    """Resolve a formatter given as a callable or a ``module:function`` string."""
    if callable(target):
        return target
    module, _, attr = str(target).partition(":")
    return getattr(importlib.import_module(module), attr)
