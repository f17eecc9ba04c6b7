"""CSV with positions: RFC 4180 cells (quoted, with ``""`` escapes and line breaks inside),
each decoded with a map to the file.

The delimiter is sniffed from the header line (comma, semicolon or tab: spreadsheet exports in
many locales use semicolons). A quote that is never closed is a parse error at the position of
the opening quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Span
from .textmap import Builder, Region


class CsvError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Cell:
    """One CSV cell: its decoded text with its map to the file, and where it is."""

    region: Region
    span: Span  # source span, quotes included


@dataclass(frozen=True)
class Row:
    """One CSV record: its cells, where it is and its first line."""

    cells: tuple[Cell, ...]
    span: Span
    line: int


def sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for c in first:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def rows(text: str, delimiter: str | None = None) -> list[Row]:
    delim = delimiter or sniff_delimiter(text)
    region = Region(text)
    out: list[Row] = []
    pos = 1 if text.startswith("\ufeff") else 0
    n = len(text)
    line = 1
    while pos < n:
        row_start, row_line = pos, line
        cells: list[Cell] = []
        while True:
            builder = Builder()
            cell_start = pos
            if pos < n and text[pos] == '"':
                pos += 1
                run = pos
                while True:
                    q = text.find('"', pos)
                    if q == -1:
                        raise CsvError(
                            "CSV does not parse: a quoted cell is never closed (missing '\"')",
                            cell_start,
                        )
                    if text.startswith('""', q):
                        builder.copy(region, run, q)
                        builder.raw('"', q, q + 2)
                        pos = run = q + 2
                        continue
                    builder.copy(region, run, q)
                    line += text.count("\n", cell_start, q)
                    pos = q + 1
                    break
                # anything between the closing quote and the delimiter is kept as text
                while pos < n and text[pos] not in (delim, "\n", "\r"):
                    pos += 1
            else:
                while pos < n and text[pos] not in (delim, "\n", "\r"):
                    pos += 1
                builder.copy(region, cell_start, pos)
            cells.append(Cell(Region(builder.text, builder.offset_map()), Span(cell_start, pos)))
            if pos < n and text[pos] == delim:
                pos += 1
                continue
            break
        row_end = pos
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < n:
            pos += 1
        line += 1
        if any(c.region.text for c in cells) or len(cells) > 1:
            out.append(Row(tuple(cells), Span(row_start, row_end), row_line))
    return out
