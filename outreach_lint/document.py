"""The document model: what a parser hands to the rules.

A file is parsed into one or more :class:`Document` objects (a sequence export holds several
messages). Rules only ever see ``Document.prose``: the reader-visible words, with markup,
template logic and merge tags masked out. Every offset a rule reports is in prose coordinates;
``Document.to_source`` maps it back to the original file so findings land on the exact line
and column the user sees in their editor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .model import Span

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from .analysis import Analysis
    from .kinds import KindDecision, KindPolicy

#: Section kinds rules may target with ``scope``. ``body`` is the whole message after the subject;
#: ``content`` is the body without greeting, signature and footer; ``opening`` is its first sentence.
SECTION_KINDS = (
    "subject",
    "preheader",
    "greeting",
    "opening",
    "body",
    "content",
    "cta",
    "signature",
    "footer",
)


@dataclass(frozen=True)
class Placeholder:
    """A merge tag such as ``{{ first_name | default: "there" }}``: personalization, not prose."""

    name: str
    span: Span  # prose coordinates (the tag itself is masked in the prose)
    dialect: str = "mustache"
    default: str | None = None
    raw: str = ""


@dataclass(frozen=True)
class Section:
    """A located part of a message (subject, greeting, body, ...) in prose coordinates."""

    kind: str
    span: Span


@dataclass(frozen=True)
class Directive:
    """An inline suppression comment such as ``<!-- outreach-lint: disable=PR101 -->``."""

    action: str  # "disable", "enable", "disable-next-line", "disable-line", "disable-file"
    codes: tuple[str, ...]  # empty means every rule
    line: int  # 1-based line of the directive in the source file
    span: Span  # source coordinates of the whole comment


@dataclass(frozen=True)
class Problem:
    """Something the parser found wrong with the file itself (source coordinates)."""

    code: str
    message: str
    span: Span
    suggestion: str = ""


class OffsetMap:
    """Maps prose offsets to source offsets.

    Built from segments ``(prose_start, source_start, length)`` where a run of prose characters
    is a verbatim copy of a run of source characters, or ``(prose_start, source_start,
    prose_length, source_length)`` where the lengths may differ: a decoded entity (``&amp;`` ->
    ``&``), a JSON escape, a folded YAML line break, a base64 quartet. Such a segment is atomic:
    any span touching it maps to the whole of its source run. Offsets that fall in prose
    characters that have no source (separators the parser inserted) map to the end of the
    previous segment.
    """

    __slots__ = ("_lengths", "_prose_starts", "_source_lengths", "_source_starts", "identity")

    def __init__(self, segments: Iterable[tuple[int, ...]] = (), *, identity: bool = False):
        segs = sorted((s[0], s[1], s[2], s[3] if len(s) > 3 else s[2]) for s in segments)
        self.identity = identity
        self._prose_starts = [s[0] for s in segs]
        self._source_starts = [s[1] for s in segs]
        self._lengths = [s[2] for s in segs]
        self._source_lengths = [s[3] for s in segs]

    @classmethod
    def shifted(cls, source_offset: int) -> OffsetMap:
        """Prose is a verbatim slice of the source starting at ``source_offset``."""
        if source_offset == 0:
            return cls(identity=True)
        return cls([(0, source_offset, 1 << 62)])

    @property
    def segments(self) -> list[tuple[int, int, int, int]]:
        """``(prose_start, source_start, prose_length, source_length)``, in prose order."""
        return list(
            zip(self._prose_starts, self._source_starts, self._lengths, self._source_lengths)
        )

    def _linear(self, i: int) -> bool:
        return self._lengths[i] == self._source_lengths[i]

    def to_source(self, offset: int) -> int:
        """The source offset where the prose character at ``offset`` starts."""
        if self.identity:
            return offset
        i = bisect.bisect_right(self._prose_starts, offset) - 1
        if i < 0:
            return self._source_starts[0] if self._source_starts else offset
        delta = offset - self._prose_starts[i]
        if delta < self._lengths[i] or (delta == 0 and self._lengths[i] == 0):
            return self._source_starts[i] + (delta if self._linear(i) else 0)
        if delta == self._lengths[i] and self._linear(i):
            return self._source_starts[i] + delta
        return self._source_starts[i] + self._source_lengths[i]

    def to_source_end(self, offset: int) -> int:
        """The source offset where a prose span ending (exclusively) at ``offset`` ends."""
        if self.identity:
            return offset
        if offset <= 0:
            return self.to_source(0)
        i = bisect.bisect_right(self._prose_starts, offset - 1) - 1
        if i < 0:
            return self.to_source(offset)
        delta = offset - self._prose_starts[i]
        if delta <= self._lengths[i] and self._linear(i):
            return self._source_starts[i] + delta
        return self._source_starts[i] + self._source_lengths[i]

    def span_to_source(self, span: Span) -> Span:
        if self.identity:
            return span
        start = self.to_source(span.start)
        if span.end == span.start:
            return Span(start, start)
        end = self.to_source_end(span.end)
        return Span(start, max(start, end))

    def is_verbatim(self, span: Span, prose: str, source: str) -> bool:
        """Whether ``span`` maps to source text equal to its prose (safe to apply a fix there)."""
        if self.identity:
            return True
        mapped = self.span_to_source(span)
        return source[mapped.start : mapped.end] == prose[span.start : span.end]


class LineIndex:
    """Offset <-> (line, column) for one text; 1-based lines and columns in code points."""

    __slots__ = ("_starts", "_text_len")

    def __init__(self, text: str):
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts
        self._text_len = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._text_len))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_span(self, line: int) -> Span:
        """Span of 1-based ``line`` without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else self._text_len
        return Span(start, max(start, end))

    @property
    def line_count(self) -> int:
        return len(self._starts)


@dataclass(frozen=True)
class Document:
    """One message ready for the rules.

    ``source`` is the whole original file; ``prose`` is the reader-visible copy of this message;
    ``sections``, ``placeholders`` are in prose coordinates.
    """

    path: str
    source: str
    prose: str
    format: str
    offset_map: OffsetMap = field(default_factory=lambda: OffsetMap(identity=True))
    sections: tuple[Section, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()
    directives: tuple[Directive, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: front matter or sequence fields (``kind``, ``step``, ...); plain data, never code
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: location inside a multi-message file, copied into every finding (``step``, ``pointer``)
    context: Mapping[str, Any] = field(default_factory=dict)
    #: what the configuration and the path say about the message kind (set by the engine)
    kind_policy: KindPolicy | None = None

    def section(self, kind: str) -> Section | None:
        for section in self.sections:
            if section.kind == kind:
                return section
        return None

    def sections_of(self, kinds: Iterable[str]) -> list[Section]:
        wanted = set(kinds)
        return [s for s in self.sections if s.kind in wanted]

    def text_of(self, span: Span) -> str:
        return self.prose[span.start : span.end]

    @property
    def subject(self) -> str:
        section = self.section("subject")
        return self.text_of(section.span) if section else ""

    @property
    def message_kind(self) -> str:
        """``first-touch``, ``follow-up``, ``breakup``, ``newsletter``, ``customer``...

        Declared in the file (front matter ``kind:`` or ``step:``, a ``Kind:`` line, ``<meta
        name="kind">``), else the config's ``[kinds]`` globs, else the path, else inferred from
        the message: see :mod:`outreach_lint.kinds`.
        """
        return self.kind_decision.kind

    @cached_property
    def kind_decision(self) -> KindDecision:
        """The message's kind with where it came from (computed once)."""
        from .kinds import decide

        return decide(self, self.kind_policy)

    @cached_property
    def quoted_reply_start(self) -> int | None:
        """Prose offset where the earlier message a reply quotes starts, or None (computed once:
        the kind decision and the rules that count only the sender's own words all stop there)."""
        from .kinds import quoted_reply_start

        return quoted_reply_start(self)

    def to_source(self, span: Span) -> Span:
        return self.offset_map.span_to_source(span)

    @cached_property
    def memo(self) -> dict:
        """Scratch space for rules that share work on this document (key: the module's name).

        It lives and dies with the document, so shared work never outlives it or leaks into
        the next file, whichever order or process the rules run in.
        """
        return {}

    @cached_property
    def analysis(self) -> Analysis:
        """Tokens, sentences and pronoun counts, computed once and shared by every metric rule."""
        from .analysis import Analysis

        return Analysis(self)


_NOT_LINE_BREAK = re.compile(r"[^\r\n]+")


def unix_line_breaks(text: str) -> str:
    """``text`` with Windows (CRLF) and old Mac (CR) line breaks read as ``\n``, same length.

    Rules find paragraphs, greetings and sign-offs by ``\n`` (a blank line, a line of its
    own): a file saved with CRLF (mail exported from Outlook or Gmail, a Windows editor) would
    otherwise read as one paragraph with no greeting, a wall of text. ``\r\n`` becomes
    ``" \n"`` (a trailing space, so no line gains an indent) and a lone ``\r`` ``"\n"``; the
    length is kept, so prose offsets still map to the source unchanged.
    """
    if "\r" not in text:
        return text
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    # a blank line is now " ": move the spaces of a run of blank lines before its breaks
    # ("a \n \n b" -> "a  \n\n b"), so "\n\n" still separates paragraphs
    return _BLANK_RUN.sub(lambda m: " " * m.group().count(" ") + "\n" * m.group().count("\n"), text)


_BLANK_RUN = re.compile(r"(?:\n )+\n")


def mask(text: str, spans: Iterable[Span]) -> str:
    """Replace every character inside ``spans`` with a space, keeping line breaks.

    Keeps the text the same length so prose offsets equal source offsets.
    """
    out: list[str] = []
    pos = 0
    size = len(text)
    for span in sorted(spans):
        start, end = max(span.start, pos), min(span.end, size)
        if start >= end:
            continue
        out.append(text[pos:start])
        out.append(_NOT_LINE_BREAK.sub(lambda m: " " * len(m.group()), text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)
