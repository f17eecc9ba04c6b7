"""Plain text emails: every character is prose except merge tags and directives.

A leading ``Subject: ...`` line (as pasted from a mail client) is the subject section.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..document import Document
from ..model import Span
from . import DocumentFormat, build_document

_SUBJECT_LINE = re.compile(
    r"\A[ \t]*subject[ \t]*:[ \t]*(?P<subject>[^\n]*?)[ \t]*(?:\r?\n|\Z)", re.I
)


def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    subject = None
    masked = []
    body_start = 0
    m = _SUBJECT_LINE.match(text)
    if m:
        subject = Span(*m.span("subject"))
        masked.append(Span(m.start(), m.start("subject")))
        body_start = m.end()
    return [
        build_document(
            path,
            text,
            "text",
            body=Span(body_start, len(text)),
            masked=masked,
            subject=subject,
            settings=settings,
        )
    ]


FORMAT = DocumentFormat(
    name="text",
    extensions=(".txt", ".text"),
    parse=parse,
    description="Plain text emails (a leading 'Subject:' line is the subject)",
)
