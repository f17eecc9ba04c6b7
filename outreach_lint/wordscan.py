"""Several word-bounded alternations ``\\b(?:t1|t2|...)\\b`` found in one pass, exactly.

PR155 scans a message for a dozen word classes, each ``\\b(?:term|term|...)\\b``. Python's
``re`` skips ahead in C only when a pattern opens with a literal or a character set; a pattern
that opens with ``\\b`` starts a full match attempt at every character of the text (~40 ns
each before any term is tried), and inside it tries every term whose first item is not a
plain literal. A dozen such scans of a 1 KB message cost ~0.9 ms.

:class:`MultiScan` finds the same matches with one pattern:

    ``\\W(?:a(?<=(?=(?:(?=A0\\b)(?P<m>))?(?:(?=A3\\b)(?P<n>))?...).)(?(m)|(?(n)|...(?!)))|b(?<=...)...)``

* When every match of a class must start with a word character (read from the syntax tree:
  the first-character set of each term), ``\\b`` at ``p > 0`` is just "the character before
  ``p`` is not a word character". The pattern opens with ``\\W``, so ``re`` skips every word
  character in C and tries only the positions right after a separator.
* There it branches on the next character: one branch per character some term can start
  with (``re`` skips a branch that opens with a literal unless that character is next), then
  one for the digits and one for the other word characters no branch names, so the branches
  share no character. Inside, the look-behind steps back to ``p`` and, for each class with
  a term that can start with that character, an optional look-ahead runs those terms (in
  their order) and ``\\b``, leaving an empty marker group when it matches: at ``p`` exactly
  the terms that can match there are tried, in their order, so a class's look-ahead
  succeeds exactly when the class's own pattern matches at ``p``.
* The conditions after the look-behind fail the branch unless some marker is set. So the
  pattern stops only at the positions where at least one class matches (a few per message),
  and its markers say which.

:meth:`MultiScan.spans` then keeps, per class, the leftmost match and the next one from its
end on, as ``finditer`` does; the end of a match is the class's own pattern ``match``-ed at
that position (the same match). Matches are never empty (a class that can match the empty
string is scanned on its own). The position ``pos`` itself (``p = 0`` included) is tried with
the own patterns of the classes that can start with its character.

A class the analysis does not model (a back-reference, scoped flags, a first character that
may be a separator or is a range, an empty match) runs its own pattern with ``finditer``. The combined
pattern costs ~60 ms to compile (every term is repeated under each character it can start
with), so it is compiled only after :data:`COMPILE_AFTER` scans: a run of a few files never
pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
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


def _first(items: Sequence[Any], out: list[str], lead: list[str] | None = None) -> bool:
    """Add to ``out`` (character-class parts) every character a match of the sequence ``items``
    can start with; return whether the sequence can match the empty string. A first
    character that is not a word character goes to ``lead`` (unknown without one)."""
    return all(_first_item(op, av, out, lead) for op, av in items)


def _first_item(op: Any, av: Any, out: list[str], lead: list[str] | None = None) -> bool:
    """As :func:`_first` for one item; the return value: can it match the empty string."""
    if op is _c.LITERAL:
        ch = chr(av)
        if not _is_word(ch):
            if lead is None:
                raise _Unknown
            lead.append(ch)
            return False
        out.append(f"\\U{av:08x}")
        return False
    if op is _c.IN:
        for sop, sav in av:
            if sop is _c.LITERAL:
                _first_item(sop, sav, out, lead)
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
        return _first(body, out, lead)
    if op is _c.BRANCH:
        empty = False
        for alt in av[1]:
            empty = _first(alt, out, lead) or empty
        return empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        lo, hi, body = av
        if hi == 0:
            _walk(body)
            return True
        return _first(body, out, lead) or lo == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(av, out, lead)
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


def _term_first(term: str, lead: list[str] | None = None) -> list[str]:
    """The first-character parts of one term (None-free; raises :class:`_Unknown`); with
    ``lead``, the first characters that are not word characters go there instead."""
    tree = _parser.parse(term, 0)
    if tree.state.flags & ~_c.SRE_FLAG_UNICODE:
        raise _Unknown  # global inline flags
    _walk(tree.data)
    first: list[str] = []
    if _first(tree.data, first, lead) or not (first or lead):
        raise _Unknown  # can match the empty string
    return first


#: the categories a first character may be, with their membership test (sre's Unicode ones)
_CATEGORIES = {"\\d": str.isdecimal, "\\w": _is_word}


def _char(part: str) -> str:
    return chr(int(part[2:], 16))


def _can_start(first: list[str], key: str) -> bool:
    """Can a term whose first-character parts are ``first`` start with a character of the
    bucket ``key``: one character, or the digits no character bucket names (``\\d``), or the
    other word characters no bucket names (``\\w``, never a digit)."""
    if key == "\\d":
        return "\\d" in first or "\\w" in first
    if key == "\\w":
        return "\\w" in first
    ch = _char(key)
    return any(p == key or (p in _CATEGORIES and _CATEGORIES[p](ch)) for p in first)


def _firsts(terms: Sequence[str], lead: list[str] | None = None) -> list[list[str]] | None:
    """Each term's first-character parts, or None when a term is not modelled (or starts
    with a range: the buckets are single characters and the two categories). With ``lead``,
    a first character that is not a word character is added there (see :class:`Fast`)."""
    try:
        firsts = [_term_first(t, lead) for t in terms]
    except (_Unknown, re.error, RecursionError, ValueError, OverflowError):
        return None
    if any(len(p) != 10 and p not in _CATEGORIES for first in firsts for p in first):
        return None
    return firsts


class Fast:
    """The combined pattern of the classes it models, and how to read a match of it."""

    __slots__ = ("alone", "bucket_of", "buckets", "digits", "leads", "others", "pattern")

    def __init__(self, pattern, bucket_of, buckets, digits, others, alone, leads=None):
        self.pattern: re.Pattern = pattern
        #: a first character -> the index of its bucket
        self.bucket_of: dict[str, int] = bucket_of
        #: per bucket: (class index, number of its marker group) of each class it tries
        self.buckets: list[tuple[tuple[int, int], ...]] = buckets
        #: the buckets of the digits and of the other word characters no bucket names
        self.digits: int | None = digits
        self.others: int | None = others
        #: the classes left to their own patterns
        self.alone: tuple[int, ...] = alone
        #: class index -> a pattern of the characters that are not word characters its terms
        #: can start with ("'ll be"): there, where the combined pattern cannot tell, the
        #: class's own pattern is tried (:meth:`MultiScan.spans`)
        self.leads: dict[int, re.Pattern[str]] = leads or {}

    def bucket(self, ch: str) -> tuple[tuple[int, int], ...]:
        """The classes (and marker groups) that can match at a position starting with ``ch``."""
        b = self.bucket_of.get(ch)
        if b is None:
            b = self.digits if ch.isdecimal() else self.others if _is_word(ch) else None
            if b is None:
                return ()
        return self.buckets[b]


def fast_pattern(classes: Sequence[Sequence[str]]) -> Fast | None:
    """The combined pattern (module docstring) of the classes it can model, or None."""
    firsts = [_firsts(terms) if terms else None for terms in classes]
    leads: dict[int, re.Pattern[str]] = {}
    for i, terms in enumerate(classes):
        if firsts[i] is None and terms:
            lead: list[str] = []
            firsts[i] = _firsts(terms, lead)
            if firsts[i] is not None:
                leads[i] = re.compile("[" + "".join(f"\\U{ord(ch):08x}" for ch in lead) + "]")
    members = [i for i, f in enumerate(firsts) if f is not None]
    if not members:
        return None
    chars: dict[str, None] = {}
    cats: dict[str, None] = {}
    for i in members:
        for first in firsts[i]:
            for part in first:
                (chars if len(part) == 10 else cats)[part] = None
    named = "".join(chars)
    heads = [(key, key) for key in chars]
    if cats:  # the digits: a "\\w" term may start with one too
        heads.append(("\\d", "[^\\D" + named + "]"))
    if "\\w" in cats:
        heads.append(("\\w", "[^\\W\\d" + named + "]"))
    if not heads:  # only terms that start with separators: nothing to combine
        return None
    # one branch per first character (the buckets share none): a look-ahead of every term
    # that can start with it (a gate: at most separators no class matches, and it fails
    # there after one walk of the terms' trie), then the classes that have such a term, each
    # an optional look-ahead of those terms with an empty marker group, then conditions that
    # fail unless some marker is set
    branches = []
    names: list[list[tuple[int, str]]] = []
    for b, (key, head) in enumerate(heads):
        opts = []
        marks = []
        everything: list[str] = []
        ch = _char(key) if len(key) == 10 else None
        for i in members:
            terms = [t for t, first in zip(classes[i], firsts[i]) if _can_start(first, key)]
            core = _factored(terms, ch)
            if core:
                name = f"{_GROUP}{b}_{i}"
                opts.append(f"(?:(?=(?:{core})\\b)(?P<{name}>))?")
                marks.append((i, name))
                everything.extend(terms)
        gate = f"(?=(?:{_factored(everything, ch)})\\b)" if len(marks) > 1 else ""
        conds = "".join(f"(?({n})|" for _i, n in marks) + "(?!)" + ")" * len(marks)
        # (a condition may not name a group of its own look-behind: it comes after it)
        branches.append(head + "(?<=" + gate + "(?=" + "".join(opts) + ").)" + conds)
        names.append(marks)
    try:
        combined = re.compile(r"\W(?:" + "|".join(branches) + ")")
    except (re.error, RecursionError, OverflowError):
        return None
    index = combined.groupindex
    buckets = [tuple((i, index[n]) for i, n in marks) for marks in names]
    bucket_of = {_char(key): b for b, (key, _head) in enumerate(heads) if len(key) == 10}
    keys = [key for key, _head in heads]
    digits = keys.index("\\d") if "\\d" in keys else None
    others = keys.index("\\w") if "\\w" in keys else None
    alone = tuple(i for i in range(len(classes)) if i not in members)
    return Fast(combined, bucket_of, buckets, digits, others, alone, leads)


#: characters that are syntax in a term (not verbose: a space is a literal); a literal
#: followed by a quantifier is not a fixed prefix
_SYNTAX = frozenset("\\.^$*+?{}[]()|#")
_QUANTIFIERS = frozenset("*+?{")
#: at most this many terms come out of one term whose leading groups are spread out
_MAX_SPREAD = 32


def _factored(terms: Sequence[str], first: str | None = None) -> str:
    """An alternation that matches at a position exactly when one of ``terms`` does: the
    terms' leading ``(?:...)`` groups spread out (:func:`_spread`) and their literal prefixes
    shared as a trie ("dead(?:line|lock)"), so ``re`` tries a bucket's few hundred terms
    along one path instead of one by one (the combined pattern spent ~0.6 ms a message
    there). Only for a look-ahead: which term matches, and in which order they are tried,
    makes no difference to whether the look-ahead succeeds; ``\\b`` after it is unchanged.
    With ``first`` (the one character the position holds), a spread term whose first
    character is a different literal is left out: it cannot match there."""
    items = list(dict.fromkeys(item for term in terms for item in _items(term)))
    if first is not None:
        items = [(p, r) for p, r in items if not p or p[0] == first]
    return _trie(items)


#: a term -> its spread terms, each as (literal prefix, rest): a term is met in the bucket of
#: each character it can start with, and again in the bucket's gate
_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {}


def _items(term: str) -> tuple[tuple[str, str], ...]:
    known = _ITEMS.get(term)
    if known is None:
        known = _ITEMS[term] = tuple(_literal_prefix(t) for t in _spread(term))
    return known


def _literal_prefix(term: str) -> tuple[str, str]:
    """``term`` as (its leading plain characters, the rest): each of those characters
    matches only itself (no syntax, no quantifier after it)."""
    i = 0
    n = len(term)
    while i < n and term[i] not in _SYNTAX and not (i + 1 < n and term[i + 1] in _QUANTIFIERS):
        i += 1
    return term[:i], term[i:]


def _trie(items: list[tuple[str, str]]) -> str:
    """The alternation of ``prefix + rest`` for the items, prefixes merged character by
    character (an item whose prefix is used up is its rest, as it is)."""
    parts: list[str] = []
    groups: dict[str, list[tuple[str, str]]] = {}
    for prefix, rest in items:
        if prefix:
            groups.setdefault(prefix[0], []).append((prefix[1:], rest))
        else:
            parts.append(rest)
    for ch, members in groups.items():
        if len(members) == 1:
            prefix, rest = members[0]
            parts.append(ch + prefix + rest)
            continue
        # the prefix every member shares goes out in one piece (fewer nested groups)
        shared = members[0][0]
        for prefix, _rest in members[1:]:
            while not prefix.startswith(shared):
                shared = shared[:-1]
        cut = len(shared)
        parts.append(ch + shared + "(?:" + _trie([(p[cut:], r) for p, r in members]) + ")")
    return "|".join(parts)


def _spread(term: str) -> list[str]:
    """The terms that together match where ``term`` does: a leading ``(?:a|b)`` becomes
    ``a...`` and ``b...``, a leading ``(?:a)?`` also ``...`` without it, again on each result
    (at most :data:`_MAX_SPREAD` terms; anything else stays as it is). A term with a
    ``|`` of its own ("a|b", as a class's pattern reads it) is its alternatives."""
    out = _top_level(term)
    if out is None:
        return ["(?:" + term + ")"]
    while True:
        grown: list[str] = []
        changed = False
        for t in out:
            parts = _spread_once(t)
            if parts is None:
                grown.append(t)
            else:
                grown.extend(parts)
                changed = True
        if not changed or len(grown) > _MAX_SPREAD:
            return out
        out = grown


def _spread_once(term: str) -> list[str] | None:
    """``term``'s leading non-capturing group spread into its alternatives, or None."""
    if not term.startswith("(?:"):
        return None
    end = _group_end(term, 0)
    if end is None:
        return None
    inner, after = term[3:end], term[end + 1 :]
    alternatives = _top_level(inner)
    if alternatives is None:
        return None
    if after[:1] == "?":
        if after[1:2] == "+":
            return None  # possessive: no backtracking into it
        after = after[2:] if after[1:2] == "?" else after[1:]
        alternatives = [*alternatives, ""]
    elif after[:1] in _QUANTIFIERS:
        return None
    return [a + after for a in alternatives]


def _set_end(source: str, start: int) -> int:
    """The index of the ``]`` that closes the set opened at ``source[start]`` (``]`` right after
    ``[`` or ``[^`` is a member); ``len(source)`` or more when the set does not close."""
    i = start + 1
    if source[i : i + 1] == "^":
        i += 1
    if source[i : i + 1] == "]":
        i += 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i


def _group_end(source: str, start: int) -> int | None:
    """The index of the ``)`` that closes the group opened at ``source[start]``."""
    depth = 0
    i = start
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _set_end(source, i)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def split_alternation(source: str) -> list[str]:
    """The terms of ``\\b(?:t1|t2|...)\\b`` (split at the top-level ``|``), so that
    ``MultiScan([terms]).patterns[0].pattern == source``; ``[source]`` inside ``\\b(?:...)\\b``
    is not what it is: ``[inner]`` when it cannot be split (one term: still the same pattern)."""
    head, tail = "\\b(?:", ")\\b"
    if not (source.startswith(head) and source.endswith(tail)):
        raise ValueError(f"not a word-bounded alternation: {source[:40]!r}")
    inner = source[len(head) : -len(tail)]
    return _top_level(inner) or [inner]


def _top_level(inner: str) -> list[str] | None:
    """``inner`` split at its top-level ``|`` (None when its groups or sets do not close)."""
    parts = []
    depth = 0
    last = 0
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\":  # an escape: the next character is not syntax
            i += 2
            continue
        if ch == "[":
            i = _set_end(inner, i)
            if i >= len(inner):
                return None
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(inner[last:i])
            last = i + 1
        i += 1
    parts.append(inner[last:])
    if depth != 0:
        return None
    return parts


#: a scan compiles its combined pattern on this use: it costs ~60 ms to compile for PR155's
#: classes (Python's regular-expression compiler) and saves ~0.5 ms a message, so a run of a
#: few files keeps the plain patterns
COMPILE_AFTER = 80

_NOT_YET: Any = object()


class MultiScan:
    """The classes ``\\b(?:terms)\\b``, each as ``patterns[i]``; :meth:`spans` finds them all.

    Nothing is compiled when it is made: the per-class patterns on first use (:attr:`patterns`),
    the combined one on the use after ``compile_after`` (:meth:`due`, :meth:`spans`). So a
    module can make its scan at import and let the scan count its uses: a run of a few files
    pays for neither pattern set.
    """

    __slots__ = ("_classes", "_fast", "_patterns", "_sources", "_uses")

    def __init__(self, classes: Sequence[Sequence[str]], compile_after: int = COMPILE_AFTER):
        self._classes: tuple[tuple[str, ...], ...] | None = tuple(tuple(t) for t in classes)
        self._sources: tuple[str, ...] | None = None
        self._patterns: tuple[re.Pattern[str], ...] | None = None
        self._uses = compile_after
        self._fast: Any = _NOT_YET

    @classmethod
    def of_patterns(cls, sources: Sequence[str], compile_after: int = COMPILE_AFTER) -> MultiScan:
        """The scan of classes given as their own patterns ``\\b(?:t1|t2|...)\\b``: split
        into terms (:func:`split_alternation`, ~10 M instructions for PR150's classes) only
        when the combined pattern is due, so a run of a few files never splits them. The
        same scan as ``MultiScan([split_alternation(s) for s in sources])``: its patterns
        are these sources (the split joins back to each source exactly)."""
        for source in sources:
            if not (source.startswith("\\b(?:") and source.endswith(")\\b")):
                raise ValueError(f"not a word-bounded alternation: {source[:40]!r}")
        scan = cls((), compile_after)
        scan._classes = None
        scan._sources = tuple(sources)
        return scan

    def _terms(self) -> tuple[tuple[str, ...], ...]:
        """Each class's terms (split from its pattern now if it was given as one)."""
        classes = self._classes
        if classes is None:
            assert self._sources is not None
            classes = self._classes = tuple(tuple(split_alternation(s)) for s in self._sources)
        return classes

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """Each class's own pattern, ``\\b(?:terms)\\b`` (compiled on first use)."""
        patterns = self._patterns
        if patterns is None:
            sources = self._sources
            if sources is None:
                sources = tuple(r"\b(?:" + "|".join(terms) + r")\b" for terms in self._terms())
            patterns = self._patterns = tuple(re.compile(source) for source in sources)
        return patterns

    def fast(self) -> Fast | None:
        """The combined pattern and its classes (compiled now if not yet)."""
        if self._fast is _NOT_YET:
            self._fast = fast_pattern(self._terms())
        return self._fast

    def _use(self) -> Fast | None:
        """Count one use: the combined pattern once this use is past ``compile_after``
        (compiled then), None before that or when nothing can be combined."""
        fast = self._fast
        if fast is _NOT_YET:
            self._uses -= 1
            if self._uses >= 0:
                return None
            fast = self.fast()
        return fast

    def due(self) -> bool:
        """Count one use; True when the combined pattern is there (compiled on the use after
        ``compile_after``): a caller with a cheaper way of its own keeps it until then."""
        return self._use() is not None

    def spans(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> list[list[tuple[int, int]]]:
        """Per class, exactly ``[m.span() for m in patterns[i].finditer(text, pos, endpos)]``.

        Counts as a use (see :meth:`due`) unless the combined pattern is compiled already."""
        end = len(text) if endpos is None else endpos
        patterns = self.patterns
        fast = self._use()
        if fast is None:
            return [[m.span() for m in p.finditer(text, pos, end)] for p in patterns]
        out: list[list[tuple[int, int]]] = [[] for _ in patterns]
        for i in fast.alone:
            out[i] = [m.span() for m in patterns[i].finditer(text, pos, end)]
        leads = fast.leads
        # a class with lead characters: every position where it may match, in order (the
        # position itself, the combined pattern's stops, its lead characters), tried below
        stops: dict[int, list[int]] = {i: [pos] for i in leads}
        cursor = [pos] * len(patterns)
        if pos < end:  # the position itself, for the classes that can start with its character
            for i, _group in fast.bucket(text[pos]):
                if i in leads:
                    continue
                m = patterns[i].match(text, pos, end)
                if m is not None:
                    out[i].append(m.span())
                    cursor[i] = m.end()
        bucket = fast.bucket
        for f in fast.pattern.finditer(text, pos, end):
            at = f.start() + 1  # the separator is consumed: the matches start right after it
            for i, group in bucket(text[at]):
                if at >= cursor[i] and f.start(group) >= 0:
                    if i in leads:
                        stops[i].append(at)
                        continue
                    m = patterns[i].match(text, at, end)
                    if m is None:  # pragma: no cover - the combined pattern said it matches
                        raise AssertionError(f"class {i} at {at}")
                    out[i].append(m.span())
                    cursor[i] = m.end()
        for i, lead in leads.items():
            # the class matches only where one of its terms does: at a stop (a term that starts
            # with a word character), or at a lead character (one that does not); each tried
            # in order from the end of the last match, as finditer moves on
            at_lead = [m.start() for m in lead.finditer(text, pos, end)]
            pattern = patterns[i]
            last = pos
            found = out[i]
            for at in sorted({*stops[i], *at_lead}):
                if at < last:
                    continue
                m = pattern.match(text, at, end)
                if m is not None:
                    found.append(m.span())
                    last = m.end()
        return out
