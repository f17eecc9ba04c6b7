"""Several word-bounded alternations ``\\b(?:t1|t2|...)\\b`` found in one pass, exactly.

PR155 scans a message for a dozen word classes, each ``\\b(?:term|term|...)\\b``. Python's
``re`` skips ahead in C only when a pattern opens with a literal or a character set; a pattern
that opens with ``\\b`` starts a full match attempt at every character of the text (~40 ns
each before any term is tried), and inside it tries every term whose first item is not a
plain literal. A dozen such scans of a 1 KB message cost ~0.9 ms.

:class:`MultiScan` finds the same matches with one pattern:

    ``\\W(?=\\w)(?:(?=B0)(?P<_ws0>))?(?:(?=B1)(?P<_ws1>))?...(?(_ws0)|(?(_ws1)|...(?!)))``

* When every match of a class must start with a word character (read from the syntax tree:
  the first-character set of each term), ``\\b`` at ``p > 0`` is just "the character before
  ``p`` is not a word character". The pattern opens with ``\\W``, so ``re`` skips every word
  character in C and tries only the positions right after a separator.
* ``Bi`` is class ``i``'s terms at ``p``, followed by ``\\b``, dispatched on the first
  character: ``a(?<=(?=(?:terms that can start with a)\\b).)|b(?<=...)|...``. A branch that
  opens with a literal is skipped in C unless that character is next; inside, the
  look-behind steps back to ``p`` and the look-ahead runs the terms there, in their order.
  The buckets share no character (a digit or other word character no bucket names goes to
  the category buckets at the end), so at ``p`` the terms tried are exactly those that can
  match there, in their order: ``Bi`` succeeds at ``p`` exactly when the class's own
  pattern matches at ``p``.
* Each class's look-ahead is optional and leaves an empty group when it succeeds; the
  closing conditions fail the match unless some class matched. So the pattern stops only
  at the positions where at least one class matches (a few per message), and says which.

:meth:`MultiScan.spans` then keeps, per class, the leftmost match and the next one from its
end on, as ``finditer`` does; the end of a match is the class's own pattern ``match``-ed at
that position (the same match). Matches are never empty (a class that can match the empty
string is scanned on its own). The position ``pos`` itself (``p = 0`` included) is tried with
each class's own pattern.

A class the analysis does not model (a back-reference, scoped flags, a first character that
may be a separator, an empty match) runs its own pattern with ``finditer``. The combined
pattern costs ~60 ms to compile (every term is repeated under each character it can start
with), so it is compiled only after :data:`COMPILE_AFTER` scans: a run of a few files never
pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

#: the widest character range the first-character analysis checks one character at a time
_MAX_RANGE = 0x3000
_GROUP = "_ws"


class _Unknown(Exception):
    """The terms use something the first-character analysis does not model."""


def _is_word(ch: str) -> bool:
    # sre's Unicode word character: alphanumeric (str.isalnum) or the underscore
    return ch.isalnum() or ch == "_"


def _first(items: Sequence[Any], out: list[str]) -> bool:
    """Add to ``out`` (character-class parts) every character a match of the sequence ``items``
    can start with; return whether the sequence can match the empty string."""
    return all(_first_item(op, av, out) for op, av in items)


def _first_item(op: Any, av: Any, out: list[str]) -> bool:
    """As :func:`_first` for one item; the return value: can it match the empty string."""
    if op is _c.LITERAL:
        ch = chr(av)
        if not _is_word(ch):
            raise _Unknown
        out.append(f"\\U{av:08x}")
        return False
    if op is _c.IN:
        for sop, sav in av:
            if sop is _c.LITERAL:
                _first_item(sop, sav, out)
            elif sop is _c.RANGE:
                lo, hi = sav
                if hi - lo > _MAX_RANGE or not all(_is_word(chr(c)) for c in range(lo, hi + 1)):
                    raise _Unknown
                out.append(f"\\U{lo:08x}-\\U{hi:08x}")
            elif sop is _c.CATEGORY and sav is _c.CATEGORY_DIGIT:
                out.append("\\d")
            elif sop is _c.CATEGORY and sav is _c.CATEGORY_WORD:
                out.append("\\w")
            else:  # a negated set, a separator category...
                raise _Unknown
        return False
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        _walk(av[1] if op is not _c.AT else ())
        return True  # zero width: what follows decides the first character
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:
            raise _Unknown
        return _first(body, out)
    if op is _c.BRANCH:
        empty = False
        for alt in av[1]:
            empty = _first(alt, out) or empty
        return empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        lo, hi, body = av
        if hi == 0:
            _walk(body)
            return True
        return _first(body, out) or lo == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(av, out)
    raise _Unknown  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...


def _walk(items: Any) -> None:
    """Refuse anything whose meaning would change inside the fast pattern's extra group:
    back-references (numbered groups shift by one) and conditions."""
    for op, av in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            raise _Unknown
        if op is _c.SUBPATTERN:
            _walk(av[3])
        elif op is _c.BRANCH:
            for alt in av[1]:
                _walk(alt)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
            _walk(av[2])
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(av[1])
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            _walk(av)


def _term_first(term: str) -> list[str]:
    """The first-character parts of one term (None-free; raises :class:`_Unknown`)."""
    tree = _parser.parse(term, 0)
    if tree.state.flags & ~_c.SRE_FLAG_UNICODE:
        raise _Unknown  # global inline flags
    _walk(tree.data)
    first: list[str] = []
    if _first(tree.data, first) or not first:
        raise _Unknown  # can match the empty string
    return first


def _dispatch(terms: Sequence[str], firsts: list[list[str]]) -> str | None:
    """A class's terms at the current position followed by ``\\b``, dispatched on the first
    character (the module docstring): one bucket per first character, each holding, in their
    order, every term that can start with it; then one for the digits and one for the other
    word characters no bucket names. None when a term starts with a range."""
    chars: dict[str, None] = {}
    cats: dict[str, None] = {}
    for first in firsts:
        for part in first:
            if len(part) == 10:  # one character, "\\UXXXXXXXX"
                chars[part] = None
            elif part in _CATEGORIES:
                cats[part] = None
            else:
                return None

    def can_start(first: list[str], key: str) -> bool:
        """Can a term whose first-character parts are ``first`` start with a character of the
        bucket ``key``?"""
        if key == "\\d":  # the digits no character bucket names
            return "\\d" in first or "\\w" in first
        if key == "\\w":  # the word characters no bucket before names: not a digit
            return "\\w" in first
        ch = _char(key)
        return any(p == key or (p in _CATEGORIES and _CATEGORIES[p](ch)) for p in first)

    out = []
    named = "".join(chars)
    heads = [(key, key) for key in chars]
    if cats:  # the digits: a "\\w" term may start with one too
        heads.append(("\\d", "[^\\D" + named + "]"))
    if "\\w" in cats:
        heads.append(("\\w", "[^\\W\\d" + named + "]"))
    # the buckets never share a character: a character's terms are tried once, in their order
    for key, head in heads:
        core = "|".join(t for t, first in zip(terms, firsts) if can_start(first, key))
        out.append(head + "(?<=(?=(?:" + core + r")\b).)")
    return "(?:" + "|".join(out) + ")"


#: the categories a first character may be, with their membership test (sre's Unicode ones)
_CATEGORIES = {"\\d": str.isdecimal, "\\w": _is_word}


def _char(part: str) -> str:
    return chr(int(part[2:], 16))


def class_body(terms: Sequence[str]) -> str | None:
    """The look-ahead body that matches at ``p`` exactly when ``\\b(?:terms)\\b`` matches at
    ``p`` (``p`` after a separator), or None when the terms are not modelled."""
    try:
        firsts = [_term_first(t) for t in terms]
        body = _dispatch(terms, firsts)
        if body is None:  # a range: no buckets, the terms behind a first-character test
            parts = "".join(dict.fromkeys(p for first in firsts for p in first))
            body = "[" + parts + "](?<=(?=(?:" + "|".join(terms) + r")\b).)"
        re.compile(body)
        return body
    except (_Unknown, re.error, RecursionError, ValueError, OverflowError):
        return None


Fast = tuple[re.Pattern, tuple[tuple[int, int], ...], tuple[int, ...]]


def fast_pattern(classes: Sequence[Sequence[str]]) -> Fast | None:
    """The combined pattern of the classes it can model; those classes, each with the number of
    its marker group; the classes left to their own patterns. None when it models none."""
    bodies = []
    members = []
    for i, terms in enumerate(classes):
        body = class_body(terms) if terms else None
        if body is not None:
            bodies.append(body)
            members.append(i)
    if not members:
        return None
    names = [_GROUP + str(k) for k in range(len(members))]
    source = r"\W(?=\w)" + "".join(f"(?:(?={b})(?P<{n}>))?" for b, n in zip(bodies, names))
    source += "".join(f"(?({n})|" for n in names) + "(?!)" + ")" * len(names)
    try:
        combined = re.compile(source)
    except (re.error, RecursionError, OverflowError):
        return None
    marks = tuple((i, combined.groupindex[n]) for i, n in zip(members, names))
    alone = tuple(i for i in range(len(classes)) if i not in members)
    return combined, marks, alone


#: a scan compiles its combined pattern on this use: it costs ~60 ms to compile for PR155's
#: classes (Python's regular-expression compiler) and saves ~0.5 ms a message, so a run of a
#: few files keeps the plain patterns
COMPILE_AFTER = 48

_NOT_YET: Any = object()


class MultiScan:
    """The classes ``\\b(?:terms)\\b``, each as ``patterns[i]``; :meth:`spans` finds them all."""

    __slots__ = ("_classes", "_fast", "_uses", "patterns")

    def __init__(self, classes: Sequence[Sequence[str]], compile_after: int = COMPILE_AFTER):
        self._classes = tuple(tuple(terms) for terms in classes)
        self.patterns = tuple(
            re.compile(r"\b(?:" + "|".join(terms) + r")\b") for terms in self._classes
        )
        self._uses = compile_after
        self._fast: Any = _NOT_YET

    def fast(self) -> Fast | None:
        """The combined pattern and its classes (compiled now if not yet)."""
        if self._fast is _NOT_YET:
            self._fast = fast_pattern(self._classes)
        return self._fast

    def spans(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> list[list[tuple[int, int]]]:
        """Per class, exactly ``[m.span() for m in patterns[i].finditer(text, pos, endpos)]``."""
        end = len(text) if endpos is None else endpos
        patterns = self.patterns
        fast = self._fast
        if fast is _NOT_YET:
            self._uses -= 1
            fast = self.fast() if self._uses < 0 else None
        if fast is None:
            return [[m.span() for m in p.finditer(text, pos, end)] for p in patterns]
        combined, members, alone = fast
        out: list[list[tuple[int, int]]] = [[] for _ in patterns]
        for i in alone:
            out[i] = [m.span() for m in patterns[i].finditer(text, pos, end)]
        cursor = [pos] * len(patterns)
        for i, _group in members:
            m = patterns[i].match(text, pos, end)
            if m is not None:
                out[i].append(m.span())
                cursor[i] = m.end()
        for f in combined.finditer(text, pos, end):
            at = f.start() + 1  # the separator is consumed: the matches start right after it
            for i, group in members:
                if at >= cursor[i] and f.start(group) >= 0:
                    m = patterns[i].match(text, at, end)
                    if m is None:  # pragma: no cover - the combined pattern said it matches
                        raise AssertionError(f"class {i} at {at}")
                    out[i].append(m.span())
                    cursor[i] = m.end()
        return out
