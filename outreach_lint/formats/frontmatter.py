"""Front matter: the ``---`` block at the top of a Markdown or HTML template.

Read with PyYAML's composer (see :mod:`.yamlmap`): real YAML (quoted strings, block scalars,
lists), exact offsets of every value so the subject line is linted in place, no object
construction and no aliases. Front matter is data from the repository, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Span
from .textmap import Region
from .yamlmap import YamlError, compose, is_mapping, is_string, mapping_items, scalar_region
from .yamlmap import value_of as _value_of

_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class FrontMatter:
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
