"""Front matter: the ``---`` block at the top of a Markdown template.

Only a flat mapping of scalars and flow lists is read, with the exact offsets of each value, so
that the subject line can be linted in place. Anything richer is kept as raw text and never
evaluated: front matter is data from the repository, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Span

_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_PAIR = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>[^\r\n]*?)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class FrontMatter:
    span: Span  # the whole block including both fences
    values: dict[str, Any]
    value_spans: dict[str, Span]  # where each scalar's text is, quotes excluded
    problems: tuple[tuple[str, Span], ...] = ()


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
    values: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    for m in _PAIR.finditer(text, opening.end(), closing.start()):
        key = m.group("key")
        raw = m.group("value")
        vstart = m.start("value")
        value, vspan = _scalar(raw, vstart)
        values[key] = value
        spans[key] = vspan
    return FrontMatter(Span(0, end), values, spans)


def _scalar(raw: str, start: int) -> tuple[Any, Span]:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        inner = raw[1:-1]
        if raw[0] == '"':
            inner = inner.replace('\\"', '"').replace("\\\\", "\\")
        else:
            inner = inner.replace("''", "'")
        return inner, Span(start + 1, start + len(raw) - 1)
    comment = re.search(r"\s#", raw)
    if comment:
        raw = raw[: comment.start()].rstrip()
    if raw.startswith("[") and raw.endswith("]"):
        items = [i.strip().strip("\"'") for i in raw[1:-1].split(",") if i.strip()]
        return items, Span(start, start + len(raw))
    if re.fullmatch(r"-?\d+", raw):
        return int(raw), Span(start, start + len(raw))
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true", Span(start, start + len(raw))
    return raw, Span(start, start + len(raw))
