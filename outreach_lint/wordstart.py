"""Word-start gates: a big ``\\b``-led alternation tried only where a word starts.

``re`` starts a match attempt at every character of the text, and an alternation of N
branches that each open with ``\\b`` costs N failed branch attempts at each of them (~20-30 ns
apiece): the ask finder (``analysis._ASK``, ~30 branches) and the stated-cause pattern of the
pressure rules (``STATED_CAUSE``) spent ~300 ns a character that way. When every match of such
a pattern provably starts where a word starts (``\\b`` followed by a word character), or at one
of a few named characters (the ``,`` of ``, when``), the pattern preceded by the gate
``(?:\\b(?=\\w)|(?=[,]))`` finds exactly the same matches (same spans, groups and
``lastgroup``; no group is added), and every other position fails after one or two checks.

:func:`word_start` builds the gated pattern (compiled on first use, :mod:`lazyre`);
:func:`is_word_led` is the proof obligation, read from the syntax tree: the tests assert it for
every gated pattern, so a later edit that adds a branch not led by ``\\b`` fails the suite
instead of losing matches.
"""

from __future__ import annotations

import re

from .lazyre import LazyPattern, lazy

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _source_and_flags(pattern: Any) -> tuple[str, int]:
    if isinstance(pattern, LazyPattern):
        return pattern._source, pattern._flags
    return pattern.pattern, pattern.flags


def word_start(pattern: Any, also: str = "") -> LazyPattern:
    """``pattern`` (an ``re.Pattern`` or a lazy one) tried only at word starts and at the
    characters of ``also``: the same matches when :func:`is_word_led` holds for it."""
    source, flags = _source_and_flags(pattern)
    head = _GLOBAL_FLAGS.match(source)
    lead = head.group() if head else ""
    gate = r"\b(?=\w)" + ("|(?=[" + re.escape(also) + "])" if also else "")
    # a verbose pattern may end in a comment: the closing parenthesis goes on a line of its own
    end = "\n)" if (flags & re.VERBOSE or "x" in lead) else ")"
    return lazy(f"{lead}(?:{gate})(?:{source[len(lead) :]}{end}", flags)


def is_word_led(pattern: Any, also: str = "") -> bool:
    """Whether every match of ``pattern`` starts with ``\\b`` and a word character (a literal
    letter, digit or ``_``, or a set of only those), or with a literal character of ``also``.

    Read from the syntax tree: each way into the pattern (alternatives, groups, optional and
    repeated parts) must assert ``\\b`` before its first consumed character and that character
    must be a word character, or the first consumed character must be one of ``also``. A way
    that may consume nothing, or opens with anything else, makes it False.
    """
    source, flags = _source_and_flags(pattern)
    try:
        tree = _parser.parse(source, flags)
    except Exception:
        return False
    try:
        _walk(list(tree), False, also)
    except _NotLed:
        return False
    return True


class _NotLed(Exception):
    pass


_REPEATS = tuple(
    getattr(_c, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_c, name)
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", object())


def _word_char(code: int) -> bool:
    ch = chr(code)
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _word_set(members: Any) -> bool:
    for op, av in members:
        if op is _c.LITERAL:
            if not _word_char(av):
                return False
        elif op is _c.RANGE:
            low, high = av
            if not all(_word_char(c) for c in range(low, high + 1)):
                return False
        elif op is _c.CATEGORY:
            if av not in (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT):
                return False
        else:
            return False
    return bool(members)


def _walk(seq: list[Any], bounded: bool, also: str) -> None:
    """Raise :class:`_NotLed` unless every way through ``seq`` is led as required."""
    if not seq:
        raise _NotLed  # this way may consume nothing before the pattern ends
    op, av = seq[0]
    rest = seq[1:]
    if op is _c.AT:
        _walk(rest, bounded or av is _c.AT_BOUNDARY, also)
    elif op in (_c.ASSERT, _c.ASSERT_NOT):
        _walk(rest, bounded, also)  # zero-width: it only narrows where a match is
    elif op is _c.LITERAL:
        if not ((bounded and _word_char(av)) or chr(av) in also):
            raise _NotLed
    elif op is _c.IN:
        if not (bounded and _word_set(av)):
            raise _NotLed
    elif op is _c.BRANCH:
        for alternative in av[1]:
            _walk(list(alternative) + rest, bounded, also)
    elif op is _c.SUBPATTERN:
        _walk(list(av[-1]) + rest, bounded, also)
    elif op is _ATOMIC:
        _walk(list(av) + rest, bounded, also)
    elif op in _REPEATS:
        low, _high, body = av
        if low == 0:
            _walk(rest, bounded, also)
        _walk(list(body), bounded, also)  # one copy first (a body that may be empty fails)
    else:  # a category, any character, a back-reference, a condition...
        raise _NotLed
