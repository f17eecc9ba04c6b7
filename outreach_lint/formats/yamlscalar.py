"""String scalars of YAML mapped back to the file, without importing PyYAML.

:func:`scalar_region` turns a string scalar (plain, quoted with escapes or ``''``, literal
``|`` or folded ``>``) into a :class:`Region`: the decoded value with a map to the file, so a
finding inside it lands on its own line and column. It needs only the scalar's value, style and
start and end offsets, so the front matter fast path (:mod:`.frontmatter`) uses it without
PyYAML; :mod:`.yamlmap` re-exports it.
"""

from __future__ import annotations

import re

from ..document import OffsetMap
from .textmap import Builder, Region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}
_HEADER = re.compile(r"[|>][0-9+-]*[ \t]*(?:#[^\n]*)?\r?\n?")


def scalar_region(source: str, node: Any) -> Region:
    """The decoded value of a string scalar node, mapped to the file."""
    value = node.value
    start, end = node.start_mark.index, node.end_mark.index
    builder = Builder()
    try:
        if node.style in ("|", ">"):
            _block(builder, source, start, end, node.style == ">")
        else:
            _flow(builder, source, start, end, node.style)
    except (IndexError, KeyError, ValueError):
        # a layout the mapper does not model (an escaped NEL or U+2028 line break, say):
        # the fallback below still maps the value onto the right lines
        builder = Builder()
    text = builder.text
    if text != value and text.startswith(value) and node.style in ("|", ">"):
        return Region(value, _truncate(builder, len(value)))
    if text == value:
        return Region(value, builder.offset_map())
    # unusual layout: map the whole value onto the scalar (still the right lines)
    fallback = Builder()
    fallback.raw(value, start, end)
    return Region(value, fallback.offset_map())


def _truncate(builder: Builder, length: int) -> OffsetMap:
    segs = [s for s in builder.offset_map().segments if s[0] < length]
    if segs:
        p, s, pl, sl = segs[-1]
        if p + pl > length and pl == sl:
            segs[-1] = (p, s, length - p, length - p)
    return OffsetMap(segs)


def _block(builder: Builder, source: str, start: int, end: int, folded: bool) -> None:
    region = Region(source)
    header = _HEADER.match(source, start)
    pos = header.end() if header else start
    lines = []  # (line_start, line_end_without_break, break_end)
    while pos < end:
        nl = source.find("\n", pos, end)
        if nl == -1:
            lines.append((pos, end, end))
            break
        line_end = nl - 1 if nl > pos and source[nl - 1] == "\r" else nl
        lines.append((pos, line_end, nl + 1))
        pos = nl + 1
    explicit = re.search(r"[1-9]", source[start : header.end()] if header else "")
    content = [(s, e) for s, e, _ in lines if source[s:e].strip()]
    if not content:
        return
    if explicit:
        indent = int(explicit.group()) + _line_indent(source, start)
    else:
        indent = min(len(source[s:e]) - len(source[s:e].lstrip(" ")) for s, e in content)
    previous_normal = False
    pending_break: tuple[int, int] | None = None
    empties: list[tuple[int, int]] = []
    for s, e, b in lines:
        body_start = min(e, s + indent)
        text = source[body_start:e]
        if not text.strip() and not (len(source[s:e]) > indent and source[s:e].strip()):
            empties.append((e, b))
            continue
        more_indented = text[:1] in (" ", "\t")
        if pending_break is not None:
            if folded and previous_normal and not more_indented and not empties:
                builder.copy(region, pending_break[0], pending_break[0] + 1, " ")
            elif folded and previous_normal and not more_indented:
                for es, eb in empties:
                    builder.raw("\n", es, eb)
            else:
                builder.raw("\n", pending_break[0], pending_break[1])
                for es, eb in empties:
                    builder.raw("\n", es, eb)
        elif empties:
            for es, eb in empties:
                builder.raw("\n", es, eb)
        empties = []
        builder.copy(region, body_start, e)
        previous_normal = not more_indented
        pending_break = (e, b) if b > e else None
    if pending_break is not None:
        builder.raw("\n", pending_break[0], pending_break[1])
    for es, eb in empties:
        builder.raw("\n", es, eb)


def _line_indent(source: str, offset: int) -> int:
    line_start = source.rfind("\n", 0, offset) + 1
    line = source[line_start:offset]
    return len(line) - len(line.lstrip(" "))


def _flow(builder: Builder, source: str, start: int, end: int, style: str | None) -> None:
    region = Region(source)
    if style in ('"', "'"):
        start, end = start + 1, end - 1
    # split into lines; fold breaks (with the whitespace around them) into a space or newlines
    lines = []
    pos = start
    while True:
        nl = source.find("\n", pos, end)
        if nl == -1:
            lines.append((pos, end))
            break
        lines.append((pos, nl))
        pos = nl + 1
    count = len(lines)
    i = 0
    while i < count:
        s, e = lines[i]
        if i > 0:
            while s < e and source[s] in " \t":
                s += 1
        if i < count - 1:
            while e > s and source[e - 1] in " \t\r":
                if style == '"' and e - 2 >= s and source[e - 2] == "\\":
                    break
                e -= 1
        escaped_break = style == '"' and e > s and source[e - 1] == "\\" and i < count - 1
        _flow_line(builder, region, source, s, e - 1 if escaped_break else e, style)
        if i == count - 1:
            break
        # the break after this line and any empty lines that follow
        j = i + 1
        while j < count - 1 and not source[lines[j][0] : lines[j][1]].strip():
            j += 1
        empties = j - i - 1
        next_start = lines[j][0]
        while next_start < lines[j][1] and source[next_start] in " \t":
            next_start += 1
        if escaped_break:
            pass
        elif empties:
            builder.raw("\n" * empties, e, next_start)
        else:
            builder.raw(" ", e, next_start)
        i = j


def _flow_line(
    builder: Builder, region: Region, source: str, s: int, e: int, style: str | None
) -> None:
    pos = s
    run = s
    while pos < e:
        c = source[pos]
        if style == "'" and c == "'" and pos + 1 < e and source[pos + 1] == "'":
            builder.copy(region, run, pos)
            builder.raw("'", pos, pos + 2)
            pos += 2
            run = pos
        elif style == '"' and c == "\\" and pos + 1 < e:
            builder.copy(region, run, pos)
            k = source[pos + 1]
            if k in _HEX:
                width = _HEX[k]
                code = int(source[pos + 2 : pos + 2 + width], 16)
                builder.raw(chr(code), pos, pos + 2 + width)
                pos += 2 + width
            else:
                builder.raw(_ESCAPES[k], pos, pos + 2)
                pos += 2
            run = pos
        else:
            pos += 1
    builder.copy(region, run, e)
