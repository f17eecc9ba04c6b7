"""JSON with positions: every value's span, every string decoded with a map to the file.

The stdlib ``json`` module validates the file first (its error message and offset are what the
user sees when it does not parse); then this small recursive reader walks the same text keeping
offsets, which ``json`` does not report. Nesting deeper than :data:`MAX_DEPTH` is refused rather
than risking the stack.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..model import Span
from .textmap import Builder, Region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 64


class JsonError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass
class JNode:
    """One JSON value with where it is in the file."""

    kind: str  # "object", "array", "string", "number", "literal"
    span: Span
    value: Any = None  # plain value for scalars
    items: list[JNode] = field(default_factory=list)  # array items
    members: list[tuple[str, JNode, Span]] = field(default_factory=list)  # key, value, key span
    region: Region | None = None  # decoded string

    def member(self, key: str) -> JNode | None:
        for k, v, _ in self.members:
            if k == key:
                return v
        return None

    def plain(self) -> Any:
        if self.kind == "object":
            return {k: v.plain() for k, v, _ in self.members}
        if self.kind == "array":
            return [i.plain() for i in self.items]
        return self.value


_WS = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def parse(text: str) -> JNode:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"JSON does not parse: {exc.msg}", exc.pos) from None
    except RecursionError:
        raise JsonError("JSON is nested too deeply to read", 0) from None
    reader = _Reader(text)
    pos = _WS.match(text, 0).end()
    node, pos = reader.value(pos, 0)
    return node


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.region = Region(text)

    def value(self, pos: int, depth: int) -> tuple[JNode, int]:
        if depth > MAX_DEPTH:
            raise JsonError(f"JSON is nested more than {MAX_DEPTH} levels deep", pos)
        t = self.text
        c = t[pos]
        if c == "{":
            node = JNode("object", Span(pos, pos))
            pos = _WS.match(t, pos + 1).end()
            if t[pos] == "}":
                node.span = Span(node.span.start, pos + 1)
                return node, pos + 1
            while True:
                key_start = pos
                key, pos = self.string(pos)
                pos = _WS.match(t, pos).end() + 1  # ':'
                pos = _WS.match(t, pos).end()
                val, pos = self.value(pos, depth + 1)
                node.members.append((key.value, val, Span(key_start, key.span.end)))
                pos = _WS.match(t, pos).end()
                if t[pos] == ",":
                    pos = _WS.match(t, pos + 1).end()
                    continue
                node.span = Span(node.span.start, pos + 1)
                return node, pos + 1
        if c == "[":
            node = JNode("array", Span(pos, pos))
            pos = _WS.match(t, pos + 1).end()
            if t[pos] == "]":
                node.span = Span(node.span.start, pos + 1)
                return node, pos + 1
            while True:
                item, pos = self.value(pos, depth + 1)
                node.items.append(item)
                pos = _WS.match(t, pos).end()
                if t[pos] == ",":
                    pos = _WS.match(t, pos + 1).end()
                    continue
                node.span = Span(node.span.start, pos + 1)
                return node, pos + 1
        if c == '"':
            return self.string(pos)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if t.startswith(word, pos):
                return JNode("literal", Span(pos, pos + len(word)), value), pos + len(word)
        m = _NUMBER.match(t, pos)
        raw = m.group()
        value = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
        return JNode("number", Span(pos, m.end()), value), m.end()

    def string(self, pos: int) -> tuple[JNode, int]:
        t = self.text
        start = pos
        pos += 1
        builder = Builder()
        run = pos
        while True:
            c = t[pos]
            if c == '"':
                builder.copy(self.region, run, pos)
                break
            if c == "\\":
                builder.copy(self.region, run, pos)
                k = t[pos + 1]
                if k == "u":
                    code = int(t[pos + 2 : pos + 6], 16)
                    end = pos + 6
                    if 0xD800 <= code < 0xDC00 and t.startswith("\\u", end):
                        low = int(t[end + 2 : end + 6], 16)
                        if 0xDC00 <= low < 0xE000:
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            end += 6
                    builder.raw(chr(code), pos, end)
                    pos = end
                else:
                    builder.raw(_SIMPLE[k], pos, pos + 2)
                    pos += 2
                run = pos
                continue
            pos += 1
        text = builder.text
        node = JNode(
            "string", Span(start, pos + 1), text, region=Region(text, builder.offset_map())
        )
        return node, pos + 1


def pointer(parts: list[Any]) -> str:
    """An RFC 6901 JSON pointer: ``/steps/0``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
