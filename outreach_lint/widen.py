"""Message gates: a pattern that matches in no sentence is searched once in the whole message.

Several rules scan every sentence of a message for word classes and fire only when two of
them meet. Most messages hold no such pair; one search of the whole message can say so, and
the rule then skips its per-sentence work, but only if "no match in the whole text" really
implies "no match in any sentence". That holds for a pattern made only of consuming items,
``\\b`` and positive look-aheads of the same kind (:func:`survives_widening`), in a sentence
cut where words are cut (:func:`cut_at_words`):

* the characters a match consumes, and those a look-ahead reads, are the same in the slice
  and in the whole text; ``\\b`` inside the slice sees the same two characters;
* ``\\b`` at the slice's start is true in the slice only before a word character; the cut
  then has a separator (or the text's start) before it, so it is true in the whole text too;
  likewise at the slice's end.

So a match in the sentence is a match in the message at the same place, and a search of the
message finds one (perhaps another). The converse is not needed: the gate only decides
whether the unchanged per-sentence work runs at all. Anything else in the pattern (an anchor,
``\\B``, a look-behind, a negative look-ahead, a back-reference, a condition, ASCII or locale
word rules) makes :func:`survives_widening` False and the gate is not used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = tuple(
    getattr(_c, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_c, name)
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", object())
#: items that consume one character whatever is around them
_CONSUMING = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)


class _Refused(Exception):
    pass


def survives_widening(pattern: Any) -> bool:
    """Whether a match of the compiled ``pattern`` in a slice cut at words (see
    :func:`cut_at_words`) is a match in the whole text (read from the syntax tree)."""
    source = getattr(pattern, "pattern", None)
    flags = getattr(pattern, "flags", 0)
    if not isinstance(source, str) or flags & (re.ASCII | re.LOCALE):
        return False
    try:
        tree = _parser.parse(source, flags & re.VERBOSE)
        _check(list(tree))
    except _Refused:
        return False
    except Exception:  # a parser error or warning: not known
        return False
    return not (tree.state.flags & (re.ASCII | re.LOCALE))


def _check(items: Iterable[Any]) -> None:
    for op, av in items:
        if op in _CONSUMING:
            continue
        if op is _c.AT:
            if av is not _c.AT_BOUNDARY:
                raise _Refused  # anchors and \B see the slice's edges differently
        elif op is _c.ASSERT:
            direction, body = av
            if direction != 1:
                raise _Refused  # a look-behind may look before the slice
            _check(body)
        elif op is _c.BRANCH:
            for alternative in av[1]:
                _check(alternative)
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:
                raise _Refused  # scoped flags (?a:...) change what \b means
            _check(av[-1])
        elif op is _ATOMIC:
            _check(av)
        elif op in _REPEATS:
            _check(av[2])
        else:  # a negative look-ahead, a back-reference, a condition, a category at an edge...
            raise _Refused


def _word(ch: str) -> bool:
    # sre's Unicode word character: alphanumeric (str.isalnum) or the underscore
    return ch.isalnum() or ch == "_"


def cut_at_words(text: str, cuts: Iterable[tuple[int, int]]) -> bool:
    """Whether every slice ``text[a:b]`` of ``cuts`` lies inside the text and cuts no word:
    at each edge inside the text, one of the two characters there is not a word character."""
    n = len(text)
    for a, b in cuts:
        if a < 0 or b > n or a > b:
            return False
        if 0 < a < n and _word(text[a - 1]) and _word(text[a]):
            return False
        if 0 < b < n and _word(text[b - 1]) and _word(text[b]):
            return False
    return True
