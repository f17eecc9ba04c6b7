"""Plain text emails: every character is prose except merge tags and directives.

Header lines at the top, as pasted from a mail client or written by hand, are not prose:
``Subject: ...`` is the subject section; ``Kind: follow-up`` and ``Step: 2`` declare the message
kind as front matter does in Markdown (see :mod:`outreach_lint.kinds`). Each may appear once,
in any order; the first line that is not one of them starts the body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..document import Document, Problem
from ..lazyre import lazy
from ..model import Span
from . import DocumentFormat, build_document, kind_problem

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_HEADER = re.compile(
    r"[ \t]*(?P<name>subject|kind|step)[ \t]*:[ \t]*(?P<value>[^\n]*?)[ \t]*(?:\r?\n|\Z)", re.I
)
#: what a ``Kind:`` value looks like (a few words at most) and a ``Step:`` value (a number):
#: a body line that merely starts with "Kind:" or "Step:" stays prose
_KIND_VALUE = lazy(r"[A-Za-z][\w-]*(?:[ \t]+[\w-]+){0,2}\Z")
_STEP_VALUE = lazy(r"\d{1,4}\Z")


@dataclass(frozen=True)
class Headers:
    """The header lines at the top of a file: the subject's span, the spans to mask (the
    labels, and whole ``Kind:``/``Step:`` lines), what they declare, and where the body starts."""

    subject: Span | None
    masked: tuple[Span, ...]
    meta: dict[str, Any]
    problems: tuple[Problem, ...]
    end: int


def header_lines(text: str, settings: Mapping[str, Any]) -> Headers:
    """Read the leading ``Subject:``, ``Kind:`` and ``Step:`` lines (each once, any order).

    Shared with Markdown, where a template often opens with a pasted ``Subject:`` line instead
    of front matter: without it, that line would be read as the first line of the body and the
    greeting under it would not be found."""
    subject = None
    masked: list[Span] = []
    meta: dict[str, Any] = {}
    problems: list[Problem] = []
    pos = 0
    seen: set[str] = set()
    while True:
        m = _HEADER.match(text, pos)
        if not m or m.end() == pos:
            break
        name, value = m.group("name").lower(), m.group("value")
        if name in seen:
            break
        if name == "kind" and not _KIND_VALUE.match(value):
            break
        if name == "step" and not _STEP_VALUE.match(value):
            break
        seen.add(name)
        if name == "subject":
            subject = Span(*m.span("value"))
            masked.append(Span(m.start(), m.start("value")))
        else:
            masked.append(Span(m.start(), m.end()))
            meta[name] = int(value) if name == "step" else value
            if name == "kind":
                problem = kind_problem(value, Span(*m.span("value")), settings)
                if problem is not None:
                    problems.append(problem)
        pos = m.end()
    return Headers(subject, tuple(masked), meta, tuple(problems), pos)


def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    headers = header_lines(text, settings)
    subject, pos, meta = headers.subject, headers.end, headers.meta
    masked, problems = list(headers.masked), list(headers.problems)
    return [
        build_document(
            path,
            text,
            "text",
            body=Span(pos, len(text)),
            masked=masked,
            subject=subject,
            problems=problems,
            meta=meta,
            settings=settings,
        )
    ]


FORMAT = DocumentFormat(
    name="text",
    extensions=(".txt", ".text"),
    parse=parse,
    description="Plain text emails (leading 'Subject:', 'Kind:' and 'Step:' lines are headers)",
)
