"""Normalization that lets one literal phrase match the many ways real copy writes it.

Copy is written with curly apostrophes, line breaks in the middle of a phrase, odd spacing,
"end-of-quarter" or "end of quarter", "3 spots" or "30 spots". Normalizing both the text and the
phrases the same way turns all of those into one literal, so every phrase of every rule can go
into a single trie-backed matcher (one pass per document) instead of one regex per phrase.

``normalize`` returns the normalized string and a :class:`NormMap` back to the input.
"""

from __future__ import annotations

import bisect
import re

from .lazyre import lazy

# Same-length character folds: quotes, apostrophes, dashes used as hyphens, odd spaces.
_FOLD = str.maketrans(
    {
        "\u2019": "'",  # right single quote / apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": " ",
        "\n": " ",
        "\f": " ",
        "\v": " ",
    }
)

# Pieces whose length changes: runs of spaces, digit runs, hyphens inside words. Written as
# ``{2,}|\d+(?:[.,]\d+)*|(?<=\w)-(?=\w)`` with the first character taken out in front as one
# class, so the regex engine skips every other character in C instead of trying the three
# alternatives at each position (twice as fast; same matches: tests/test_textnorm_fast.py).
_PIECES = re.compile(r"[\d -](?:(?<= ) +|(?<=\d)\d*(?:[.,]\d+)*|(?<=\w-)(?=\w))")
#: the pattern as first written (the definition the tests compare against)
_PIECES_REFERENCE = lazy(r" {2,}|\d+(?:[.,]\d+)*|(?<=\w)-(?=\w)")


def translate(text: str, table: dict[int, str]) -> str:
    """``text.translate(table)`` for a table of one-character replacements, fast on any text.

    ``str.translate`` looks every character up in the table; for text with any non-ASCII
    character (a curly quote, a merge tag written as U+FFFC) that costs ~50 ns a character,
    ten times a scan. Replacing only the characters present gives the same string, since no
    replacement is itself a key of the table (checked by the tests).
    """
    if text.isascii():
        return text.translate(table)  # CPython's ASCII fast path
    for key, value in table.items():
        char = chr(key)
        if char in text:
            text = text.replace(char, value)
    return text


def fold(text: str) -> str:
    """Same-length fold: lower case, straight quotes, plain spaces."""
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. 'İ') lower to two code points
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return translate(low, _FOLD)


def _replacement(piece: str) -> str:
    if piece[0] == " ":
        return " "
    if piece == "-":
        return " "
    return "#"


class NormMap:
    """Maps offsets in the normalized text back to the text that was normalized."""

    __slots__ = ("_norm_starts", "_pieces")

    def __init__(self) -> None:
        self._norm_starts: list[int] = []
        # (norm_start, norm_end, src_start, src_end, verbatim)
        self._pieces: list[tuple[int, int, int, int, bool]] = []

    def _add(self, n0: int, n1: int, s0: int, s1: int, verbatim: bool) -> None:
        if n1 > n0:
            self._norm_starts.append(n0)
            self._pieces.append((n0, n1, s0, s1, verbatim))

    def start(self, offset: int) -> int:
        i = max(0, bisect.bisect_right(self._norm_starts, offset) - 1)
        if not self._pieces:
            return offset
        n0, n1, s0, s1, verbatim = self._pieces[i]
        if offset >= n1:
            return s1
        return s0 + (offset - n0) if verbatim else s0

    def end(self, offset: int) -> int:
        """Map an exclusive end offset."""
        if not self._pieces:
            return offset
        i = max(0, bisect.bisect_left(self._norm_starts, offset) - 1)
        n0, n1, s0, s1, verbatim = self._pieces[i]
        if offset <= n0:
            return s0
        if offset >= n1:
            return s1
        return s0 + (offset - n0) if verbatim else s1


def normalize(text: str) -> tuple[str, NormMap]:
    """Fold and collapse ``text``; return it with the map back to ``text`` offsets."""
    folded = fold(text)
    out: list[str] = []
    nmap = NormMap()
    n = 0
    pos = 0
    for m in _PIECES.finditer(folded):
        s, e = m.span()
        if s > pos:
            out.append(folded[pos:s])
            nmap._add(n, n + (s - pos), pos, s, True)
            n += s - pos
        rep = _replacement(m.group())
        out.append(rep)
        nmap._add(n, n + len(rep), s, e, False)
        n += len(rep)
        pos = e
    if pos < len(folded):
        out.append(folded[pos:])
        nmap._add(n, n + (len(folded) - pos), pos, len(folded), True)
    return "".join(out), nmap


def _piece(m: re.Match[str]) -> str:
    return _replacement(m.group())


def normalized_text(text: str) -> str:
    """``normalize(text)[0]`` without building the offset map (for texts without hits)."""
    return _PIECES.sub(_piece, fold(text))


def normalize_phrase(phrase: str) -> str:
    """Normalize a phrase literal exactly as text is normalized, trimmed."""
    norm, _ = normalize(phrase.strip())
    return norm.strip()
