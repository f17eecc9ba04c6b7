"""Front matter: the ``---`` block at the top of a Markdown or HTML template.

Read with PyYAML's composer (see :mod:`.yamlmap`): real YAML (quoted strings, block scalars,
lists), exact offsets of every value so the subject line is linted in place, no object
construction and no aliases. Front matter is data from the repository, not code.

Most front matter is a few ``key: value`` lines (``subject: Quick question``, ``step: 2``).
Those are read by :func:`_simple` without PyYAML, whose import alone cost a one-file run more
than linting the file: only lines of a strict subset of YAML (a plain key at the start of the
line, one value on the same line: a word-like plain string, a decimal integer, or a quoted
string without escapes) take that path, and they give exactly what the composer gives
(``tests/test_formats_properties.py`` compares both on generated blocks); anything else,
including every malformed block, goes to PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Span
from .textmap import Region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class FrontMatter:
    """A front matter block: its values, where each value is, and its problems."""

    span: Span  # the whole block including both fences
    values: dict[str, Any]
    value_spans: dict[str, Span]  # where each scalar's text is, quotes excluded
    problems: tuple[tuple[str, Span], ...] = ()
    #: decoded string values with their map to the file (escapes, block scalars)
    regions: dict[str, Region] = field(default_factory=dict)


def parse_front_matter(text: str) -> FrontMatter | None:
    opening = _FENCE.match(text)
    if not opening:
        return None
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return FrontMatter(
            Span(0, opening.end()),
            {},
            {},
            (
                (
                    "Front matter starts with '---' but is never closed; add a closing '---' line",
                    Span(0, 3),
                ),
            ),
        )
    end = closing.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    block = Span(0, end)
    if FAST_PATH:
        simple = _simple(text, opening.end(), closing.start(), block)
        if simple is not None:
            return simple
    from .yamlmap import YamlError, compose, is_mapping, is_string, mapping_items, scalar_region
    from .yamlmap import value_of as _value_of

    try:
        root = compose(text[opening.end() : closing.start()], opening.end())
    except YamlError as exc:
        pos = min(exc.offset, closing.start())
        return FrontMatter(
            block,
            {},
            {},
            ((f"Front matter: {exc}", Span(pos, min(pos + 1, closing.start()))),),
        )
    if root is None:
        return FrontMatter(block, {}, {})
    if not is_mapping(root):
        start = root.start_mark.index
        return FrontMatter(
            block,
            {},
            {},
            (("Front matter must be a mapping of keys (subject: ...)", Span(start, start + 1)),),
        )
    values: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    regions: dict[str, Region] = {}
    for key, _k, node in mapping_items(root):
        try:
            values[key] = _value_of(node)
        except YamlError as exc:
            return FrontMatter(block, {}, {}, ((str(exc), Span(exc.offset, exc.offset + 1)),))
        s, e = node.start_mark.index, node.end_mark.index
        if is_string(node):
            if getattr(node, "style", None) in ('"', "'"):
                s, e = s + 1, e - 1
            regions[key] = scalar_region(text, node)
        spans[key] = Span(s, e)
    return FrontMatter(block, values, spans, (), regions)


# --------------------------------------------------------------------------- the fast path

#: off in tests that compare the fast path with PyYAML
FAST_PATH = True

# ``key: value`` at the start of a line: a plain ASCII key, spaces, then a double-quoted string
# without escapes, a single-quoted string without '' , or a plain scalar; nothing after it
_LINE = re.compile(
    r"""([A-Za-z][A-Za-z0-9_-]*):[ ]+(?:"([^"\\\n]*)"|'([^'\n]*)'|([^\s:#"'][^\n:#]*))"""
)
#: plain scalars PyYAML resolves to booleans or null (compared lower-cased; also y/n, to be safe)
_NOT_STRINGS = frozenset(["yes", "no", "true", "false", "on", "off", "null", "y", "n"])
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]{0,17})")


class _Node:
    """What :func:`scalar_region` reads of a PyYAML scalar node."""

    __slots__ = ("end_mark", "start_mark", "style", "value")

    def __init__(self, value: str, start: int, end: int, style: str | None):
        self.value, self.style = value, style
        self.start_mark, self.end_mark = _Mark(start), _Mark(end)


class _Mark:
    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def _simple(text: str, start: int, end: int, block: Span) -> FrontMatter | None:
    """The front matter of ``text[start:end]`` if every line is a simple ``key: value``."""
    from .yamlscalar import scalar_region

    body = text[start:end]
    if not body or "\r" in body or not body.endswith("\n"):
        return None
    values: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    regions: dict[str, Region] = {}
    pos = start
    for line in body[:-1].split("\n"):
        m = _LINE.fullmatch(line)
        if m is None or m.group(1) in values or not line.isprintable():
            return None
        key, double, single, plain = m.groups()
        if double is not None or single is not None:
            group = 2 if double is not None else 3
            value, style = m.group(group), '"' if group == 2 else "'"
            s, e = pos + m.start(group) - 1, pos + m.end(group) + 1
            values[key] = value
            spans[key] = Span(s + 1, e - 1)
        else:
            if plain != plain.rstrip():
                return None
            s, e = pos + m.start(4), pos + m.end(4)
            if _DECIMAL.fullmatch(plain):
                values[key] = int(plain)
                spans[key] = Span(s, e)
                pos += len(line) + 1
                continue
            if not plain[0].isalpha() or plain.lower() in _NOT_STRINGS:
                return None
            value, style = plain, None
            values[key] = value
            spans[key] = Span(s, e)
        regions[key] = scalar_region(text, _Node(value, s, e, style))
        pos += len(line) + 1
    if not values:
        return None
    return FrontMatter(block, values, spans, (), regions)


def front_matter_kind_problem(fm: FrontMatter, settings: Any) -> Any:
    """OL015 when the front matter's ``kind:`` names no known kind (see formats.kind_problem)."""
    if fm.values.get("kind") in (None, ""):
        return None
    from . import kind_problem

    span = fm.value_spans.get("kind", Span(fm.span.start, min(fm.span.end, fm.span.start + 3)))
    return kind_problem(fm.values["kind"], span, settings)
