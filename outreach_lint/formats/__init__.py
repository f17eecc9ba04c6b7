"""Input formats: one module per format, each turning a file into Documents.

A format is registered through the ``outreach_lint_document_formats`` hook, so adding one is a
new module plus one line in :mod:`outreach_lint.builtin` (or a plugin). Formats share
:func:`build_document`, which masks template tags and directives and locates sections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable

from ..document import Directive, Document, OffsetMap, Problem, Section, mask
from ..mergetags import scan
from ..model import Span
from ..sections import locate
from ..suppress import scan_directives

ParseFn = Callable[[str, str, Mapping[str, Any]], Sequence[Document]]


@dataclass(frozen=True)
class DocumentFormat:
    """A named input format: the file extensions it claims and its parser.

    ``parse(path, text, settings)`` returns the documents of the file; ``sniff(text)`` may claim
    a file whose extension says nothing (used for files passed explicitly or via stdin).
    """

    name: str
    extensions: tuple[str, ...]
    parse: ParseFn
    sniff: Callable[[str], bool] | None = None
    description: str = ""


def build_document(
    path: str,
    source: str,
    fmt: str,
    *,
    body: Span,
    masked: Iterable[Span] = (),
    subject: Span | None = None,
    extra_sections: Iterable[Section] = (),
    directives: Iterable[Directive] = (),
    problems: Iterable[Problem] = (),
    meta: Mapping[str, Any] | None = None,
    templated: bool = True,
) -> Document:
    """A same-length document: prose is the source with non-prose masked by spaces.

    Offsets in prose equal offsets in the source, so the offset map is the identity.
    """
    found = list(directives) if directives else scan_directives(source)
    to_mask = [d.span for d in found] + list(masked)
    placeholders: tuple = ()
    all_problems = list(problems)
    if templated:
        tags = scan(source)
        to_mask.extend(tags.masked)
        placeholders = tags.placeholders
        all_problems.extend(tags.problems)
    prose = mask(source, to_mask)
    sections = []
    if subject is not None:
        sections.append(Section("subject", subject))
    sections.extend(extra_sections)
    sections.extend(locate(prose, body))
    return Document(
        path=path,
        source=source,
        prose=prose,
        format=fmt,
        offset_map=OffsetMap(identity=True),
        sections=tuple(sections),
        placeholders=placeholders,
        directives=tuple(found),
        problems=tuple(all_problems),
        meta=dict(meta or {}),
    )
