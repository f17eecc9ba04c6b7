"""ASCII twins: a pattern matched against an all-ASCII string by an ASCII-mode copy of itself.

On a ``str`` pattern, ``re`` answers ``\\w``, ``\\b`` and ``\\d`` from Unicode's tables: a
function call per test, four for a character that is not a letter (alphabetic, decimal, digit,
numeric), and a ``\\b``-led alternation tests ``\\b`` once per branch at every position. Under
``re.ASCII`` each of those tests is one table lookup. Message text is ASCII more often than not
(``str.isascii`` is O(1): CPython records it with the string), and on an all-ASCII string the
two modes agree on every construct but two:

* Unicode's ``\\s`` also takes U+001C-U+001F (the information separators), ASCII's does not: the
  twin's source writes ``\\s`` as ``[\\s\\x1c-\\x1f]`` and ``\\S`` as ``[^\\s\\x1c-\\x1f]``
  (a pattern with ``\\S`` inside a class gets no twin);
* under IGNORECASE a non-ASCII letter of the pattern can match an ASCII one in Unicode mode
  (the long s 'ſ' matches 's', the Kelvin sign matches 'k'): a twinned pattern has no such
  letter. That is the proof obligation of :func:`ascii_twin`, read from the syntax tree by the
  tests for every twin (``tests/test_asciire.py``), as ``wordstart.is_word_led`` is.

The twin is compiled once the pattern has met :data:`TWIN_AFTER` ASCII strings, so a run of a
file or two never builds it.
"""

from __future__ import annotations

import re

from .lazyre import LazyPattern

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: ASCII strings a pattern matches as itself before its twin is compiled
TWIN_AFTER = 64

#: a piece of a pattern's source: an escape, a class opening (with a leading ``^`` or ``]``,
#: which are part of the class there), a class end, or anything else
_PIECE = re.compile(r"\\.|\[\^?\]?|\]|[^\\\[\]]+", re.S)


def twin_source(source: str) -> str | None:
    """``source`` with ``\\s`` and ``\\S`` spelled so that ASCII mode reads them as Unicode
    mode does on ASCII text; None when it cannot be (``\\S`` in a class, a verbose pattern or a
    comment group, whose text is not pattern syntax)."""
    if "(?#" in source or re.search(r"\(\?[aiLmsu]*x", source):
        return None
    out: list[str] = []
    in_class = False
    for m in _PIECE.finditer(source):
        piece = m.group()
        if piece == "\\s":
            out.append("\\s\\x1c-\\x1f" if in_class else "[\\s\\x1c-\\x1f]")
        elif piece == "\\S":
            if in_class:
                return None
            out.append("[^\\s\\x1c-\\x1f]")
        elif piece[0] == "[" and not in_class:
            in_class = True
            out.append(piece)
        elif piece[0] == "[":  # a literal "[" inside a class: what follows is read again
            out.append("\\[" + piece[1:])
            if piece.endswith("]"):
                in_class = False
        elif piece == "]" and in_class:
            in_class = False
            out.append(piece)
        else:
            out.append(piece)
    return "".join(out)


def _source_and_flags(pattern: Any) -> tuple[str, int]:
    if isinstance(pattern, LazyPattern):
        return pattern._source, pattern._flags
    return pattern.pattern, pattern.flags


class AsciiTwin:
    """``pattern`` (an ``re.Pattern`` or a lazy one) with the methods the engine calls; an
    all-ASCII string goes to the ASCII twin once :data:`TWIN_AFTER` such strings were seen."""

    __slots__ = ("_pattern", "_twin", "_wait")

    def __init__(self, pattern: Any) -> None:
        self._pattern = pattern
        self._twin: Any = None
        self._wait = TWIN_AFTER

    def _for(self, string: str) -> Any:
        if not string.isascii():
            return self._pattern
        twin = self._twin
        if twin is not None:
            return twin
        self._wait -= 1
        return self._build() if self._wait < 0 else self._pattern

    def _build(self) -> Any:
        source, flags = _source_and_flags(self._pattern)
        twin = None if flags & re.VERBOSE else twin_source(source)
        if twin is None:  # not twinnable: the pattern itself, and no more counting
            self._twin = self._pattern
        else:
            self._twin = re.compile(twin, (flags & ~re.UNICODE) | re.ASCII)
        return self._twin

    def search(self, string: str, *args: Any) -> Any:
        return self._for(string).search(string, *args)

    def match(self, string: str, *args: Any) -> Any:
        return self._for(string).match(string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        return self._for(string).fullmatch(string, *args)

    def finditer(self, string: str, *args: Any) -> Any:
        return self._for(string).finditer(string, *args)

    def findall(self, string: str, *args: Any) -> Any:
        return self._for(string).findall(string, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


def ascii_twin(pattern: Any) -> AsciiTwin:
    """``pattern`` matched by its ASCII twin on all-ASCII strings (the same matches: see the
    module's docstring for what a twinned pattern must not contain)."""
    return AsciiTwin(pattern)
