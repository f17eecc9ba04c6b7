"""YAML with positions: PyYAML's composer, never its constructor, and no aliases.

Front matter and sequence exports are read with PyYAML's ``SafeLoader`` composer, which gives
every node its exact start and end in the file. Values are built from the nodes here (strings,
numbers, booleans, lists, mappings), so no YAML tag can ever build an object. Aliases (``*name``)
are refused outright: a template never needs them, and refusing them makes "billion laughs"
expansion impossible. Deep nesting that would exhaust the stack is a parse error too.

:func:`scalar_region` turns a string scalar into a :class:`Region`: the decoded value with a map
to the file, for plain, quoted (escapes, ``''``), literal ``|`` and folded ``>`` scalars, so a
finding inside a block scalar lands on its own line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..document import OffsetMap
from ..model import Span
from .textmap import Builder, Region

try:  # PyYAML is a dependency; keep the error readable if an install is broken
    import yaml
except ImportError:  # pragma: no cover
    yaml = None  # type: ignore[assignment]


class YamlError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


if yaml is not None:

    class _Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    "YAML aliases (*name) are not allowed in templates; write the value out",
                    event.start_mark,
                )
            return super().compose_node(parent, index)


def compose(text: str, offset: int = 0) -> Any:
    """The root node of ``text`` (one YAML document), or ``None`` when empty.

    Marks are shifted by ``offset`` so they are file offsets. Raises :class:`YamlError`.
    """
    if yaml is None:  # pragma: no cover
        raise YamlError("PyYAML is not installed; reinstall outreach-lint", offset)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.index if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"YAML does not parse: {problem}", offset + where) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML does not parse: {exc}", offset) from None
    except RecursionError:
        raise YamlError("YAML is nested too deeply to read", offset) from None
    if offset and node is not None:
        _shift(node, offset)
    return node


def _shift(root: Any, offset: int) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _Mark(node.start_mark.index + offset)
        node.end_mark = _Mark(node.end_mark.index + offset)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))


@dataclass(frozen=True)
class _Mark:
    index: int


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def value_of(node: Any, depth: int = 0) -> Any:
    """Plain data from a node: str, int, float, bool, None, list, dict (keys as str)."""
    if node is None:
        return None
    if depth > 100:
        raise YamlError("YAML is nested too deeply to read", node.start_mark.index)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:
            if node.tag == _INT:
                try:
                    return int(node.value.replace("_", ""), 0)
                except ValueError:
                    return node.value
            if node.tag == _FLOAT:
                try:
                    return float(node.value.replace("_", ""))
                except ValueError:
                    return node.value
            if node.tag == _BOOL:
                return node.value.lower() in ("true", "yes", "on", "y")
            if node.tag == _NULL:
                return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [value_of(v, depth + 1) for v in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(value_of(k, depth + 1)): value_of(v, depth + 1) for k, v in node.value}
    return None


def is_string(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and (
        node.style is not None or node.tag not in (_INT, _FLOAT, _BOOL, _NULL)
    )


def mapping_items(node: Any) -> list[tuple[str, Any, Any]]:
    """``(key, key_node, value_node)`` of a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(k.value), k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def is_mapping(node: Any) -> bool:
    return yaml is not None and isinstance(node, yaml.MappingNode)


def is_sequence(node: Any) -> bool:
    return yaml is not None and isinstance(node, yaml.SequenceNode)


def node_span(node: Any) -> Span:
    return Span(node.start_mark.index, node.end_mark.index)


# --------------------------------------------------------------------------- scalar regions

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
    except (IndexError, ValueError):
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
