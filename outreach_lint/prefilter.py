"""Literal prefilters for pack patterns: skip a regex that cannot match before running it.

A pack pattern such as ``\\b(?:don't|do not)\\s+let\\s+...\\s+behind\\b`` can only match a
text that contains ``let`` and ``behind`` and one of ``don't``/``do not``. Checking those with
``in`` on the (case-folded) text costs a few microseconds; running the ``regex`` pattern costs
tens, and most messages contain no pattern's words. :func:`requirements` reads the pattern's
syntax tree (Python's own regular-expression parser, which reads the ``regex`` module's version
0 syntax the same way for everything it accepts) and returns literals the text must contain;
:func:`may_match` tests a text against them.

The prefilter must never skip a pattern that could match, so it is conservative:

* only runs of printable ASCII characters are used; a letter is compared
  case-folded (``str.casefold`` of the text contains the lower-case literal whenever the
  pattern matches, with or without IGNORECASE: e.g. ``ſ`` folds to ``s`` and KELVIN SIGN to
  ``k``), except the capital ``I``, which the ``regex`` module lets match the dotless ``ı``;
* anything optional (``?``, ``*``, ``{0,n}``), inside a look-around, a condition, a character
  class or a back-reference requires nothing; an alternation requires something only when
  every alternative does;
* a pattern the parser does not accept (``regex``-only syntax such as ``\\p{L}``, named lists,
  ``(?V1)``) or reads with a warning (nested sets), flags beyond the plain ones, or a literal
  brace (a fuzzy constraint ``{e<=1}`` reads as literal text to Python's parser) gets no
  prefilter: it always runs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]


#: a requirement: the text contains at least one of these lower-case literals
Requirement = tuple[str, ...]

#: printable ASCII, but not the capital I (the ``regex`` module matches it to the dotless ``ı``
#: under IGNORECASE, whose case fold is not ``i``); braces never get this far
_TRUSTED = frozenset(chr(c) for c in range(0x20, 0x7F)) - {"I"}
_BRACES = (ord("{"), ord("}"))


def _plain_flags() -> int:
    """Flags that do not change what a literal matches (beyond case, which is allowed for).

    ``regex`` is imported here, not at module level: the metric rules use this module too
    and must not pay for importing ``regex``.
    """
    import regex

    return (
        regex.IGNORECASE
        | regex.UNICODE
        | regex.ASCII
        | regex.MULTILINE
        | regex.DOTALL
        | regex.VERBOSE
        | regex.FULLCASE
        | regex.WORD
        | regex.VERSION0
    )


#: at most this many requirements are kept per pattern (the most selective ones)
MAX_REQUIREMENTS = 6


class _Unsafe(Exception):
    """The pattern uses something the prefilter does not model: no prefilter."""


def requirements(pattern: Any) -> tuple[Requirement, ...] | None:
    """What a text must contain for the compiled ``regex`` ``pattern`` to match it.

    None when the pattern gets no prefilter (it must always run); otherwise a tuple of
    requirements that must all hold (possibly empty: nothing known, run it).
    """
    source = getattr(pattern, "pattern", None)
    flags = getattr(pattern, "flags", 0)
    if not isinstance(source, str) or flags & ~_plain_flags():
        return None
    if flags & _c.SRE_FLAG_IGNORECASE and isinstance(pattern, re.Pattern):
        # Python's ``re`` matches a lower-case "i" to the dotless "\u0131" under IGNORECASE,
        # which case-folds to itself: a trusted "i" could then skip a pattern that matches
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = _parser.parse(source, _c.SRE_FLAG_VERBOSE if flags & _c.SRE_FLAG_VERBOSE else 0)
        found = _sequence(list(tree))
    except (_Unsafe, Exception):  # any parser error or warning: no prefilter
        return None
    found.sort(key=_selectivity, reverse=True)
    # the most selective ones, tested fewest alternatives first: a miss is cheapest there
    return tuple(sorted(found[:MAX_REQUIREMENTS], key=len))


def _selectivity(req: Requirement) -> tuple[int, int]:
    # a requirement is as weak as its shortest alternative; fewer alternatives are cheaper
    return (min(len(s.strip()) for s in req), -len(req))


def _sequence(items: Sequence[Any]) -> list[Requirement]:
    """Requirements of a sequence of nodes: every element of a sequence must match."""
    out: list[Requirement] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run).lower()
        if text.strip():
            out.append((text,))
        run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            if av in _BRACES:
                raise _Unsafe("a literal brace may be a fuzzy constraint")
            ch = chr(av)
            if ch in _TRUSTED:
                run.append(ch)
                continue
            flush()
            continue
        flush()
        if op is _c.SUBPATTERN:
            out.extend(_sequence(list(av[-1])))
        elif op is _c.BRANCH:
            alternatives = av[1]
            union: list[str] = []
            for alternative in alternatives:
                reqs = _sequence(list(alternative))
                if not reqs:
                    break
                best = max(reqs, key=_selectivity)
                union.extend(s for s in best if s not in union)
            else:
                if union:
                    out.append(tuple(union))
        elif op in _REPEATS:
            low, _high, body = av
            if low >= 1:
                out.extend(_sequence(list(body)))
        elif op is _ATOMIC:
            out.extend(_sequence(list(av)))
        # AT, IN, ANY, NOT_LITERAL, CATEGORY, ASSERT, ASSERT_NOT, GROUPREF, GROUPREF_EXISTS...:
        # zero-width, a class of characters, or conditional: nothing required
    flush()
    return out


_REPEATS = tuple(
    getattr(_c, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_c, name)
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", object())


def may_match(reqs: Sequence[Requirement], haystack: str) -> bool:
    """False only when ``haystack`` (``text.casefold()``) lacks a requirement: skip the pattern."""
    for alternatives in reqs:
        for literal in alternatives:
            if literal in haystack:
                break
        else:
            return False
    return True


class TextFilter:
    """One pattern's requirements narrowed to one text, to test pieces of it cheaply.

    A rule that scans sentence by sentence tests the whole text once (``possible``: False
    when the pattern can match in no piece of it) and then each piece only against the
    required literals that occur somewhere in the text (usually a handful of the dozens).
    ``haystack`` and every piece are ``str.casefold()`` output of the text and its substrings.
    """

    __slots__ = ("possible", "reqs")

    def __init__(self, reqs: Sequence[Requirement] | None, haystack: str):
        self.possible = True
        narrowed: list[Requirement] = []
        for alternatives in reqs or ():
            here = tuple(literal for literal in alternatives if literal in haystack)
            if not here:
                self.possible = False
                break
            narrowed.append(here)
        self.reqs = tuple(narrowed)

    def may_match(self, piece: str) -> bool:
        """False only when the pattern cannot match ``piece`` (a case-folded substring)."""
        return self.possible and may_match(self.reqs, piece)
