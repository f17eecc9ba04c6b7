"""Input formats: one module per format, each turning a file into Documents.

A format is registered through the ``outreach_lint_document_formats`` hook, so adding one is a
new module plus one line in :mod:`outreach_lint.builtin` (or a plugin). Formats share
:func:`build_document`, which masks template tags and directives and locates sections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..document import Directive, Document, OffsetMap, Problem, Section, mask, unix_line_breaks
from ..mergetags import scan
from ..model import Span
from ..sections import locate
from ..suppress import scan_directives

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, Callable

    ParseFn = Callable[[str, str, Mapping[str, Any]], Sequence[Document]]

#: template-language file extensions (Jinja, Liquid, Handlebars, HubL, ...): the template format
#: claims them and template rules treat such files as templates even without a merge tag
TEMPLATE_EXTENSIONS = (
    ".j2",
    ".jinja",
    ".jinja2",
    ".njk",
    ".liquid",
    ".hbs",
    ".handlebars",
    ".mustache",
    ".tmpl",
    ".tpl",
    ".hubl",
)


def __getattr__(name: str) -> Any:
    """``ParseFn`` for code that reads it at run time (typing is imported only then)."""
    if name == "ParseFn":
        from typing import Any, Callable

        return Callable[[str, str, Mapping[str, Any]], Sequence[Document]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    #: whether directory walks pick files of this format up by extension (``False`` for
    #: ``.json``/``.yaml``/``.csv``: only an explicitly named file is looked at, and only if it
    #: holds a sequence of messages)
    discover: bool = True


def _sections(
    prose: str, body: Span, subject: Span | None, extra: Iterable[Section]
) -> tuple[Section, ...]:
    """A document's sections, in this order (:meth:`Document.section` returns the first of a
    kind): the subject, what the format found itself (a preheader), then what :func:`locate`
    finds in the body. Shared by both document builders so that the order is one decision."""
    return (
        *((Section("subject", subject),) if subject is not None else ()),
        *extra,
        *locate(prose, body),
    )


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
    settings: Mapping[str, Any] | None = None,
    opaque: Iterable[Span] = (),
) -> Document:
    """A same-length document: prose is the source with non-prose masked by spaces.

    Offsets in prose equal offsets in the source, so the offset map is the identity.
    ``opaque`` spans (code blocks) are masked and never scanned for merge tags.
    """
    found = list(directives) if directives else scan_directives(source)
    opaque = list(opaque)
    to_mask = [d.span for d in found] + list(masked) + opaque
    placeholders: tuple = ()
    all_problems = list(problems)
    if templated:
        tags = scan(source, dialects_of(settings), opaque)
        to_mask.extend(tags.masked)
        placeholders = tags.placeholders
        all_problems.extend(tags.problems)
    meta = with_settings(meta, settings)
    prose = unix_line_breaks(mask(source, to_mask))
    return Document(
        path=path,
        source=source,
        prose=prose,
        format=fmt,
        offset_map=OffsetMap(identity=True),
        sections=_sections(prose, body, subject, extra_sections),
        placeholders=placeholders,
        directives=tuple(found),
        problems=tuple(all_problems),
        meta=dict(meta or {}),
    )


def kind_problem(value: Any, span: Span, settings: Mapping[str, Any] | None) -> Problem | None:
    """OL015 for a declared message kind nobody knows (``span``: the value in the file).

    Known kinds are the built-in ones plus the config's ``extra-kinds`` (``settings["kinds"]``).
    The declaration still decides the kind; the finding says it will match no rule's kinds.
    """
    from ..kinds import KINDS, unknown_kind

    message = unknown_kind(value, (settings or {}).get("kinds") or KINDS)
    if message is None:
        return None
    return Problem(
        "OL015",
        message,
        span,
        "Write one of the known kinds, or add yours to extra-kinds in the config.",
    )


def dialects_of(settings: Mapping[str, Any] | None) -> frozenset[str] | None:
    """The active merge-tag dialects from the parse settings (None: all)."""
    value = (settings or {}).get("dialects")
    return frozenset(value) if value is not None else None


def with_settings(
    meta: Mapping[str, Any] | None, settings: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Front matter plus what the config says about the file (``rendered``)."""
    out = dict(meta or {})
    if (settings or {}).get("rendered") and "rendered" not in out:
        out["rendered"] = True
    return out


def mapped_document(
    path: str,
    source: str,
    fmt: str,
    *,
    prose: str,
    offset_map: OffsetMap,
    body: Span,
    subject: Span | None = None,
    extra_sections: Iterable[Section] = (),
    directives: Iterable[Directive] | None = None,
    problems: Iterable[Problem] = (),
    meta: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    settings: Mapping[str, Any] | None = None,
    tag_problems: bool = True,
) -> Document:
    """A document whose prose was decoded (HTML, JSON, YAML, MIME): merge tags are found in the
    prose and masked there; their problems are mapped back to the file through ``offset_map``.

    ``problems`` are in source coordinates already. ``tag_problems=False`` when the caller
    scanned the undecoded source for template problems itself (HTML: tags inside attributes).
    """
    tags = scan(prose, dialects_of(settings))
    masked_prose = unix_line_breaks(mask(prose, tags.masked))
    all_problems = list(problems)
    if tag_problems:
        for problem in tags.problems:
            all_problems.append(
                Problem(
                    problem.code,
                    problem.message,
                    offset_map.span_to_source(problem.span),
                    problem.suggestion,
                )
            )
    return Document(
        path=path,
        source=source,
        prose=masked_prose,
        format=fmt,
        offset_map=offset_map,
        sections=_sections(masked_prose, body, subject, extra_sections),
        placeholders=tags.placeholders,
        directives=tuple(scan_directives(source) if directives is None else directives),
        problems=tuple(all_problems),
        meta=with_settings(meta, settings),
        context=dict(context or {}),
    )
