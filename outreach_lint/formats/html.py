"""HTML emails: only what the reader sees is prose.

Text nodes are prose, with entities decoded (``&amp;`` -> ``&``, ``&rsquo;`` -> ``'``) and
source line breaks read as the spaces a browser shows. ``<style>``, ``<script>``, ``<head>``
(except ``<title>``), comments and attributes are not prose, except ``alt`` and ``title``
(shown when images are blocked, or on hover). Block elements (``<p>``, ``<div>``, ``<td>``,
``<li>``, headings, ``<br>``...) end sentences. The subject is a declared one (front matter
``subject:``, ``<meta name="subject" content="...">``) or else the ``<title>``. A hidden element
(``display:none``, ``mso-hide:all``, a ``preheader`` class...) before the visible copy is the
preheader; other hidden text is not prose.

The tokenizer is a small, position-keeping scanner (the stdlib ``html.parser`` does not report
attribute offsets). It never raises: an unclosed comment or tag, a stray end tag or an element
left open becomes an OL010 finding at the position of the offending delimiter. Merge tags are
found first and protected, so ``{{ x | default: "<b>" }}`` never confuses it, and a tag inside
an attribute (``href="{{ url }}"``) is not prose.
"""

from __future__ import annotations

import html as _html
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..document import Document, OffsetMap, Problem, Section
from ..mergetags import fill, scan
from ..model import Span
from . import DocumentFormat, dialects_of, kind_problem, mapped_document
from .frontmatter import front_matter_kind_problem, parse_front_matter
from .textmap import Builder, Region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "frame",
        "keygen",
    ]
)
OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "td",
        "th",
        "tr",
        "tbody",
        "thead",
        "tfoot",
        "dt",
        "dd",
        "option",
        "optgroup",
        "html",
        "head",
        "body",
        "colgroup",
        "caption",
        "rp",
        "rt",
    ]
)
BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "title",
    ]
)
RAW_TEXT = frozenset(("script", "style"))
RCDATA = frozenset(("title", "textarea"))
PROSE_ATTRS = frozenset(("alt", "title"))

_NAME = r"[A-Za-z][A-Za-z0-9:-]*"
_ATTR = re.compile(
    r"""(?P<name>[^\s"'>/=\ue000]+|\ue000+)"""
    r"""(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)
_START = re.compile(r"<(?P<name>" + _NAME + r")")
_END = re.compile(r"</(?P<name>" + _NAME + r")\s*>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|max-height\s*:\s*0(?![.\d])"
    r"|opacity\s*:\s*0(?![.\d])|font-size\s*:\s*0(?![.\d])",
    re.I,
)
_PREHEADER_NAME = re.compile(r"pre-?header|preview", re.I)
_WS = re.compile(r"[\t\n\r\f]")
MAX_PROBLEMS = 10


@dataclass
class _Open:
    """An open HTML element while the parser walks the file."""

    name: str
    span: Span  # region coordinates of the start tag
    hidden: bool = False
    preheader: bool = False


@dataclass
class HtmlText:
    """What :func:`extract` found: three builders (subject, preheader, body) and problems."""

    title: Builder = field(default_factory=Builder)
    declared_subject: Builder | None = None
    preheader: Builder = field(default_factory=Builder)
    body: Builder = field(default_factory=Builder)
    problems: list[Problem] = field(default_factory=list)
    #: ``<meta name="kind"|"step" content="...">``: name -> (decoded value, source span)
    declared: dict[str, tuple[str, Span]] = field(default_factory=dict)


class _Extractor:
    def __init__(self, region: Region, protected: list[Span]):
        self.region = region
        self.text = region.text
        self.scan_text = fill(region.text, protected)
        self.out = HtmlText()
        self.stack: list[_Open] = []
        # counts over the stack, so no tag costs a walk of it (20,000 nested <div>s stay linear)
        self._open_names: Counter[str] = Counter()
        self._flags: Counter[str] = Counter()
        self.seen_visible = False

    # ---- helpers -------------------------------------------------------------

    def problem(self, message: str, span: Span, suggestion: str) -> None:
        if len(self.out.problems) < MAX_PROBLEMS:
            self.out.problems.append(
                Problem("OL010", message, self.region.to_source(span), suggestion)
            )

    def src(self, offset: int) -> int:
        return self.region.map.to_source(offset)

    @property
    def hidden(self) -> bool:
        return self._flags["hidden"] > 0

    @property
    def in_preheader(self) -> bool:
        return self._flags["preheader"] > 0

    def target(self) -> Builder | None:
        """Where text goes now: the preheader, the body, or nowhere (head, hidden)."""
        if self.in_preheader:
            return self.out.preheader
        if self.hidden or self._open_names["head"] or self._open_names["template"]:
            return None
        return self.out.body

    def text_run(self, builder: Builder | None, start: int, end: int) -> None:
        """Copy ``text[start:end]``: entities decoded, line breaks and tabs read as spaces."""
        if builder is None or end <= start:
            return
        text = self.text
        if not text[start:end].strip() and (not builder.length or builder.tail(1) == "\n"):
            return  # indentation between blocks
        pos = start
        for m in _ENTITY.finditer(self.scan_text, start, end):
            self._plain(builder, pos, m.start())
            raw = text[m.start() : m.end()]
            decoded = _html.unescape(raw)
            if decoded == raw:
                self._plain(builder, m.start(), m.end())
            else:
                builder.decoded(self.region, m.start(), m.end(), _WS.sub(" ", decoded))
            pos = m.end()
        self._plain(builder, pos, end)
        if builder is self.out.body and any(c.isalnum() for c in text[start:end]):
            self.seen_visible = True

    def _plain(self, builder: Builder, start: int, end: int) -> None:
        if end > start:
            chunk = self.text[start:end]
            builder.copy(self.region, start, end, _WS.sub(" ", chunk))

    def brk(self, offset: int, double: bool = True) -> None:
        builder = self.target() or self.out.body
        builder.separate("\n\n" if double else "\n", self.src(offset))

    # ---- the scan --------------------------------------------------------------

    def run(self, start: int = 0) -> HtmlText:
        t = self.scan_text
        n = len(t)
        pos = start
        text_start = start
        while pos < n:
            lt = t.find("<", pos)
            if lt == -1:
                break
            nxt = t[lt + 1 : lt + 2]
            if nxt == "!" or nxt == "?" or nxt == "/" or nxt.isalpha():
                self.text_run(self.target(), text_start, lt)
                pos = self.markup(lt)
                text_start = pos
            else:
                pos = lt + 1  # a literal "<" in text
        self.text_run(self.target(), text_start, n)
        for o in reversed(self.stack):
            if o.name not in OPTIONAL_END:
                self.problem(
                    f"<{o.name}> is never closed",
                    o.span,
                    f"Add </{o.name}> where the element ends; some mail clients render "
                    "everything after an unclosed element inside it.",
                )
        return self.out

    def markup(self, lt: int) -> int:
        t = self.scan_text
        if t.startswith("<!--", lt):
            end = t.find("-->", lt + 4)
            if end == -1:
                self.problem(
                    "Comment is never closed ('-->' missing): everything after it is hidden",
                    Span(lt, lt + 4),
                    "Close the comment with '-->'.",
                )
                return len(t)
            return end + 3
        if t.startswith("<![CDATA[", lt):
            end = t.find("]]>", lt)
            return len(t) if end == -1 else end + 3
        if t.startswith(("<!", "<?"), lt):
            end = t.find(">", lt)
            return len(t) if end == -1 else end + 1
        m = _END.match(t, lt)
        if m:
            self.end_tag(m.group("name").lower(), Span(lt, m.end()))
            return m.end()
        if t.startswith("</", lt):
            end = t.find(">", lt)
            if end == -1:
                self.problem(
                    "End tag is never closed with '>'",
                    Span(lt, lt + 2),
                    "Add the missing '>'.",
                )
                return len(t)
            self.end_tag(t[lt + 2 : end].strip().lower(), Span(lt, end + 1))
            return end + 1
        m = _START.match(t, lt)
        if not m:
            return lt + 1
        return self.start_tag(m.group("name").lower(), lt, m.end())

    def start_tag(self, name: str, lt: int, pos: int) -> int:
        t = self.scan_text
        n = len(t)
        attrs: list[tuple[str, int, int]] = []  # name, value start, value end (region)
        while True:
            while pos < n and t[pos] in " \t\r\n\f/":
                pos += 1
            if pos >= n:
                self.problem(
                    f"Tag <{name} is never closed with '>'",
                    Span(lt, lt + 1 + len(name)),
                    "Add the missing '>' (check for an unbalanced quote in its attributes).",
                )
                return n
            if t[pos] == ">":
                pos += 1
                break
            if t[pos] == "<":  # a new tag starts: this one was missing its ">"
                self.problem(
                    f"Tag <{name} is never closed with '>'",
                    Span(lt, lt + 1 + len(name)),
                    "Add the missing '>'.",
                )
                break
            m = _ATTR.match(t, pos)
            if not m or m.end() == pos:
                pos += 1
                continue
            group = next((g for g in ("dq", "sq", "uq") if m.group(g) is not None), None)
            if group:
                attrs.append((m.group("name").lower(), m.start(group), m.end(group)))
            else:
                attrs.append((m.group("name").lower(), m.end(), m.end()))
            pos = m.end()
        span = Span(lt, pos)
        values = {a: self.text[s:e] for a, s, e in attrs}
        self.on_start(name, span, attrs, values)
        if name in RAW_TEXT or name in RCDATA:
            close = re.compile(r"</" + name + r"\s*>", re.I).search(t, pos)
            end = close.start() if close else n
            if close is None:
                self.problem(
                    f"<{name}> is never closed",
                    span,
                    f"Add </{name}>; everything after it is read as {name} content.",
                )
            if name == "title":
                self.text_run(self.out.title, pos, end)
            elif name == "textarea":
                self.text_run(self.target(), pos, end)
            if self.stack and self.stack[-1].name == name:
                self._truncate(len(self.stack) - 1)
            if name in BLOCK:
                self.brk(end)
            return close.end() if close else n
        return pos

    def on_start(
        self, name: str, span: Span, attrs: list[tuple[str, int, int]], values: dict[str, str]
    ) -> None:
        if name == "meta" and values.get("name", "").lower() in ("subject", "x-subject"):
            for a, s, e in attrs:
                if a == "content" and self.out.declared_subject is None:
                    self.out.declared_subject = Builder()
                    self.text_run(self.out.declared_subject, s, e)
        if name == "meta" and values.get("name", "").strip().lower() in ("kind", "step"):
            key = values["name"].strip().lower()
            for a, s, e in attrs:
                if a == "content" and key not in self.out.declared:
                    value = _html.unescape(self.text[s:e]).strip()
                    self.out.declared[key] = (value, self.region.to_source(Span(s, e)))
        # implicit closes: a new <p>/<li>/<td>/<tr> ends the previous one
        if name in ("p", "li", "td", "th", "tr", "dt", "dd", "option") and self.stack:
            for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 50), -1):
                o = self.stack[i].name
                if o == name or (name == "tr" and o in ("td", "th")):
                    self._truncate(i)
                    break
                if o not in OPTIONAL_END and o not in ("span", "a", "b", "i", "em", "strong"):
                    break
        if name in BLOCK:
            self.brk(span.start)
        elif name == "br":
            self.brk(span.start, double=False)
        style = values.get("style", "")
        marker = " ".join(values.get(k, "") for k in ("class", "id"))
        hidden = bool(_HIDDEN_STYLE.search(style)) or "hidden" in values
        named = bool(_PREHEADER_NAME.search(marker))
        preheader = (
            not self.hidden
            and not self.in_preheader
            and not self.out.preheader.length
            and (named or (hidden and not self.seen_visible))
        )
        if not self.hidden and not self.in_preheader:
            target = self.target()
            for a, s, e in attrs:
                if a in PROSE_ATTRS and target is not None and any(c.isalpha() for c in values[a]):
                    target.separate("\n\n", self.src(s))
                    self.text_run(target, s, e)
                    target.separate("\n\n", self.src(e))
        if name not in VOID and not span_self_closing(self.scan_text, span):
            self._push(_Open(name, span, hidden=hidden, preheader=preheader))

    def _push(self, element: _Open) -> None:
        self.stack.append(element)
        self._open_names[element.name] += 1
        self._flags["hidden"] += element.hidden
        self._flags["preheader"] += element.preheader

    def _truncate(self, index: int) -> None:
        for element in self.stack[index:]:
            self._open_names[element.name] -= 1
            self._flags["hidden"] -= element.hidden
            self._flags["preheader"] -= element.preheader
        del self.stack[index:]

    def end_tag(self, name: str, span: Span) -> None:
        if not self._open_names[name]:
            self._stray_end(name, span)
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].name == name:
                for o in self.stack[i + 1 :]:
                    if o.name not in OPTIONAL_END and o.name not in VOID:
                        self.problem(
                            f"<{o.name}> is never closed (</{name}> ends its parent first)",
                            o.span,
                            f"Add </{o.name}> before </{name}>.",
                        )
                self._truncate(i)
                if name in BLOCK:
                    self.brk(span.end)
                return
        self._stray_end(name, span)

    def _stray_end(self, name: str, span: Span) -> None:
        if name in VOID or name in OPTIONAL_END:
            if name in BLOCK:
                self.brk(span.end)
            return
        self.problem(
            f"</{name}> closes nothing: no <{name}> is open here",
            span,
            f"Remove the stray </{name}> or add the <{name}> it was meant to close.",
        )


def span_self_closing(text: str, span: Span) -> bool:
    return text[span.end - 2 : span.end] == "/>"


def extract(region: Region, settings: Mapping[str, Any] | None = None) -> tuple[HtmlText, Any]:
    """Visible text of ``region`` (HTML), and the template scan of its undecoded source."""
    opaque = [
        Span(m.start(), m.end())
        for m in re.finditer(
            r"<!--.*?(?:-->|\Z)|<(style|script)\b.*?(?:</\1\s*>|\Z)", region.text, re.S | re.I
        )
    ]
    tags = scan(region.text, dialects_of(settings), opaque)
    extractor = _Extractor(region, list(tags.masked))
    return extractor.run(), tags


def assemble(
    found: HtmlText, subject_builder: Builder | None = None
) -> tuple[str, OffsetMap, Span | None, Span | None, int]:
    """Join subject, preheader and body: ``(prose, map, subject, preheader, body_start)``."""
    out = Builder()
    subject = None
    preheader = None
    head = subject_builder or found.declared_subject or found.title
    if head is not None and head.length:
        out.extend(head)
        subject = _trimmed(out.text, 0, out.length)
        out.insert("\n\n", 0)
    if found.preheader.length:
        start = out.length
        out.extend(found.preheader)
        preheader = _trimmed(out.text, start, out.length)
        out.insert("\n\n", 0)
    body_start = out.length
    out.extend(found.body)
    return out.text, out.offset_map(), subject, preheader, body_start


def declare_kind(
    meta: dict[str, Any], declared: dict[str, tuple[str, Span]], settings: Mapping[str, Any] | None
) -> Problem | None:
    """Copy ``<meta name="kind">``/``<meta name="step">`` into ``meta`` (front matter wins).

    Returns OL015 for an unknown kind. A step that is not a whole number is ignored.
    """
    problem = None
    if "kind" in declared and meta.get("kind") in (None, ""):
        value, span = declared["kind"]
        if value:
            meta["kind"] = value
            problem = kind_problem(value, span, settings)
    step = declared.get("step", ("", None))[0]
    if step and meta.get("step") is None and step.isascii() and step.isdigit() and len(step) < 5:
        meta["step"] = int(step)
    return problem


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    region = Region.of(text)
    meta: dict[str, Any] = {}
    problems: list[Problem] = []
    subject_builder = None
    fm = parse_front_matter(text)
    if fm is not None:
        meta = dict(fm.values)
        for message, span in fm.problems:
            problems.append(Problem("OL001", message, span))
        region = Region.of(text, fm.span.end)
        subject = fm.values.get("subject")
        if isinstance(subject, str) and subject and "subject" in fm.value_spans:
            subject_builder = Builder()
            vs = fm.value_spans["subject"]
            subject_builder.copy(Region.of(text), vs.start, vs.end)
    found, tags = extract(region, settings)
    problems.extend(found.problems)
    problems.extend(
        Problem(p.code, p.message, region.to_source(p.span), p.suggestion) for p in tags.problems
    )
    problem = front_matter_kind_problem(fm, settings) if fm is not None else None
    if problem is None:
        problem = declare_kind(meta, found.declared, settings)
    if problem is not None:
        problems.append(problem)
    prose, offset_map, subject, preheader, body_start = assemble(found, subject_builder)
    extra = [Section("preheader", preheader)] if preheader else []
    return [
        mapped_document(
            path,
            text,
            "html",
            prose=prose,
            offset_map=offset_map,
            body=Span(body_start, len(prose)),
            subject=subject,
            extra_sections=extra,
            problems=problems,
            meta=meta,
            settings=settings,
            tag_problems=False,
        )
    ]


_SNIFF = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html\b)|<(?:p|div|table|br|body|td|span|a\s+href)\b[^>]*>", re.I
)


def sniff(text: str) -> bool:
    return bool(_SNIFF.search(text[:4096]))


FORMAT = DocumentFormat(
    name="html",
    extensions=(
        ".html",
        ".htm",
        ".xhtml",
        ".html.j2",
        ".html.jinja",
        ".html.jinja2",
        ".html.hbs",
        ".html.liquid",
        ".html.mustache",
        ".html.njk",
    ),
    parse=parse,
    sniff=sniff,
    description="HTML emails: visible text, alt/title, <title> or declared subject, preheader",
)
