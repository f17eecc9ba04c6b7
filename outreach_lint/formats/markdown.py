"""Markdown templates with optional front matter (``subject:``, ``preheader:``, ``kind:``).

Without front matter, leading ``Subject:``, ``Kind:`` and ``Step:`` lines are headers, as in
plain text (:func:`outreach_lint.formats.text.header_lines`).

Visible words are prose; code (fenced and inline), URLs, link targets, HTML tags and comments,
and Markdown punctuation (heading, list, quote and emphasis markers) are masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ..document import Directive, Document, Problem
from ..model import Span
from . import DocumentFormat, build_document
from .frontmatter import front_matter_kind_problem, parse_front_matter
from .text import header_lines

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_MASKS = re.compile(
    r"^(?P<fence>[ \t]*(?P<f>```|~~~)[^\n]*\n.*?(?:^[ \t]*(?P=f)[ \t]*$|\Z))"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<raw><(?P<rawtag>style|script)\b[^>]*>.*?(?:</(?P=rawtag)\s*>|\Z))"
    r"|(?P<refdef>^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$)"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?P<autolink><(?:https?://|mailto:)[^>\s]+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<target>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<img>!\[)"
    r"|(?P<url>\bhttps?://[^\s<>()\]]+)"
    r"|(?P<heading>^[ \t]{0,3}#{1,6}[ \t]+)"
    r"|(?P<quote>^[ \t]{0,3}(?:>[ \t]?)+)"
    r"|(?P<list>^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)"
    r"|(?P<rule>^[ \t]*(?:[-*_][ \t]*){3,}$)"
    r"|(?P<emph>\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))"
    r"|(?P<pipe>\|)",
    re.M | re.S,
)


#: masks that hide text which is not prose at all: no merge tag inside them is scanned either
OPAQUE = frozenset(
    ("fence", "comment", "raw", "refdef", "code", "autolink", "tag", "target", "url")
)


#: where a match of _MASKS can start: a line start (the anchored branches: fences, headings,
#: quotes, lists, rules, link definitions) or the first characters of the others
_CANDIDATE = re.compile(r"^|[`<|*]|~~|__|\]\(|!\[|\bhttps?://", re.M)


def _mask_matches(text: str, start: int, end: int) -> Iterator[re.Match]:
    """``_MASKS.finditer(text, start, end)``, tried only where a match can start.

    ``re`` tries the 17 branches of _MASKS at every character (~0.4 ms for a 1 KB template);
    most characters start none. Jumping to the next candidate and trying there gives the same
    matches: no branch matches at a position :data:`_CANDIDATE` skips, and no branch matches
    the empty string. A match at a position sees the text before it (lookbehind, ``\b``,
    ``^``) as finditer does.
    """
    search = _CANDIDATE.search
    match = _MASKS.match
    pos = start
    while pos <= end:
        candidate = search(text, pos, end)
        if candidate is None:
            return
        at = candidate.start()
        m = match(text, at, end)
        if m is None:
            pos = at + 1
        else:
            yield m
            pos = m.end() if m.end() > at else at + 1


def markdown_masks(text: str, start: int, end: int, opaque: list[Span] | None = None) -> list[Span]:
    """Spans of Markdown syntax that is not prose; code, URLs and tags also go to ``opaque``."""
    spans = []
    for m in _mask_matches(text, start, end):
        if opaque is not None and m.lastgroup in OPAQUE:
            opaque.append(
                Span(m.start("target") + 1, m.end())
                if m.lastgroup == "target"
                else Span(m.start(), m.end())
            )
        if m.lastgroup == "target":
            spans.append(Span(m.start(), m.end()))
            # the matching "[" of the link text
            bracket = text.rfind("[", start, m.start())
            if bracket != -1:
                spans.append(Span(bracket, bracket + 1))
        else:
            spans.append(Span(m.start(), m.end()))
    return spans


def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    fm = parse_front_matter(text)
    masked: list[Span] = []
    subject = None
    meta: dict[str, Any] = {}
    directives: list[Directive] = []
    problems: list[Problem] = []
    body_start = 0
    extra = []
    if fm is not None:
        body_start = fm.span.end
        meta = dict(fm.values)
        keep = []
        for key in ("subject", "preheader"):
            if isinstance(fm.values.get(key), str) and fm.values[key]:
                keep.append(fm.value_spans[key])
        if "subject" in fm.value_spans and isinstance(fm.values.get("subject"), str):
            subject = fm.value_spans["subject"]
        if "preheader" in fm.value_spans and isinstance(fm.values.get("preheader"), str):
            from ..document import Section

            extra.append(Section("preheader", fm.value_spans["preheader"]))
        pos = 0
        for span in sorted(keep):
            masked.append(Span(pos, span.start))
            pos = span.end
        masked.append(Span(pos, fm.span.end))
        codes = fm.values.get("outreach-lint-disable")
        if codes:
            if isinstance(codes, str):
                codes = [c.strip() for c in codes.split(",") if c.strip()]
            vspan = fm.value_spans["outreach-lint-disable"]
            line = text.count("\n", 0, vspan.start) + 1
            directives.append(Directive("disable-file", tuple(codes), line, vspan))
        for message, span in fm.problems:
            problems.append(Problem("OL001", message, span))
        problem = front_matter_kind_problem(fm, settings)
        if problem is not None:
            problems.append(problem)
    else:
        # no front matter: a pasted "Subject: ..." line (and "Kind:"/"Step:") as plain text has
        headers = header_lines(text, settings)
        subject, body_start = headers.subject, headers.end
        meta = dict(headers.meta)
        masked.extend(headers.masked)
        problems.extend(headers.problems)
    opaque: list[Span] = []
    masked.extend(markdown_masks(text, body_start, len(text), opaque))
    from ..suppress import scan_directives

    directives.extend(scan_directives(text))
    return [
        build_document(
            path,
            text,
            "markdown",
            body=Span(body_start, len(text)),
            masked=masked,
            subject=subject,
            extra_sections=extra,
            directives=directives,
            problems=problems,
            meta=meta,
            settings=settings,
            opaque=opaque,
        )
    ]


def sniff(text: str) -> bool:
    return text.startswith("---\n") or bool(re.search(r"^#{1,6} |\]\(https?://", text, re.M))


FORMAT = DocumentFormat(
    name="markdown",
    extensions=(".md", ".markdown", ".mdown", ".mkd"),
    parse=parse,
    sniff=sniff,
    description="Markdown with optional YAML front matter (subject, preheader, kind, step)",
)
