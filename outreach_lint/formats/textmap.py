"""Build prose that is not a same-length copy of the file, keeping the way back to the file.

HTML decodes entities and drops tags, JSON decodes escapes, YAML strips block indentation, an
``.eml`` decodes quoted-printable and base64, and a sequence export holds several messages in one
file. Each of these appends to a :class:`Builder` that records, for every run of prose, where it
came from; :meth:`Builder.offset_map` turns that into the Document's
:class:`~outreach_lint.document.OffsetMap`, so a finding lands on the exact line and column of
the original file whatever the decoding in between.

Stages compose: a region (a JSON string value, a decoded MIME part) is a :class:`Region`, a
string plus its own map to the file; extracting HTML from it copies runs of the region, and the
builder maps them straight to the file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..document import OffsetMap
from ..model import Span


@dataclass(frozen=True)
class Region:
    """A decoded piece of the file: ``text`` and where each of its characters came from."""

    text: str
    map: OffsetMap = field(default_factory=lambda: OffsetMap(identity=True))

    @classmethod
    def of(cls, source: str, start: int = 0, end: int | None = None) -> Region:
        """A verbatim slice of the file."""
        end = len(source) if end is None else end
        return cls(source[start:end], OffsetMap.shifted(start))

    def to_source(self, span: Span) -> Span:
        return self.map.span_to_source(span)


class Builder:
    """Accumulates prose and its segments ``(prose_start, source_start, prose_len, source_len)``."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[tuple[int, int, int, int]] = []
        self.length = 0
        self._last = ""  # the last few characters, for separators

    # ---- appending ---------------------------------------------------------

    def copy(self, region: Region, start: int, end: int, text: str | None = None) -> None:
        """Append ``region.text[start:end]`` (or ``text`` of the same length) char for char."""
        if end <= start:
            return
        chunk = region.text[start:end] if text is None else text
        assert len(chunk) == end - start
        prose_start = self.length
        self._emit(chunk)
        m = region.map
        if m.identity:
            self._segments.append((prose_start, start, end - start, end - start))
            return
        # split the copy along the region's own segments
        segs = m.segments
        starts = [s[0] for s in segs]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        pos = start
        while pos < end and i < len(segs):
            p0, s0, plen, slen = segs[i]
            if pos < p0:  # a gap in the region map: point at the previous end
                nxt = min(end, p0)
                at = m.to_source(pos)
                self._segments.append((prose_start + pos - start, at, nxt - pos, 0))
                pos = nxt
                continue
            seg_end = p0 + plen
            if pos >= seg_end:
                i += 1
                continue
            nxt = min(end, seg_end)
            if plen == slen:
                self._segments.append(
                    (prose_start + pos - start, s0 + pos - p0, nxt - pos, nxt - pos)
                )
            else:
                self._segments.append((prose_start + pos - start, s0, nxt - pos, slen))
            pos = nxt
        if pos < end:
            at = m.to_source_end(pos) if pos else m.to_source(0)
            self._segments.append((prose_start + pos - start, at, end - pos, 0))

    def decoded(self, region: Region, start: int, end: int, text: str) -> None:
        """Append ``text``, the decoding of ``region.text[start:end]`` (an entity, an escape)."""
        if not text:
            return
        if len(text) == end - start:
            self.copy(region, start, end, text)
            return
        src = region.map.span_to_source(Span(start, end))
        prose_start = self.length
        self._emit(text)
        self._segments.append((prose_start, src.start, len(text), src.end - src.start))

    def insert(self, text: str, at_source: int) -> None:
        """Append parser-made text (a paragraph break) that points at ``at_source`` in the file."""
        if not text:
            return
        prose_start = self.length
        self._emit(text)
        self._segments.append((prose_start, at_source, len(text), 0))

    def raw(self, text: str, source_start: int, source_end: int) -> None:
        """Append ``text`` mapped atomically (or linearly if same length) to a file range."""
        if not text:
            return
        prose_start = self.length
        self._emit(text)
        self._segments.append((prose_start, source_start, len(text), source_end - source_start))

    def extend(self, other: Builder) -> None:
        """Append everything ``other`` built (its prose and segments, shifted)."""
        shift = self.length
        self._emit(other.text)
        self._segments.extend((p + shift, s, pl, sl) for p, s, pl, sl in other._segments)

    def separate(self, text: str, at_source: int) -> None:
        """Make sure the prose ends with ``text`` (a break), without doubling it; never leading."""
        if not self.length:
            return
        current = self.tail(len(text))
        if current == text:
            return
        # "\n" already there and "\n\n" wanted: add just the missing part
        for k in range(len(text) - 1, 0, -1):
            if current.endswith(text[:k]):
                self.insert(text[k:], at_source)
                return
        self.insert(text, at_source)

    def _emit(self, chunk: str) -> None:
        self._parts.append(chunk)
        self.length += len(chunk)
        self._last = (self._last + chunk)[-8:]

    # ---- reading -----------------------------------------------------------

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def tail(self, n: int) -> str:
        """The last ``n`` characters of the prose so far (to avoid doubling separators)."""
        return self._last[-n:] if n else ""

    def offset_map(self) -> OffsetMap:
        return OffsetMap(self._segments)
