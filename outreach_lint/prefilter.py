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
from binascii import crc32
from collections.abc import Iterable, Sequence
from itertools import chain

from . import compiled
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

    The answer depends only on the pattern's source, its flags and whether it is an
    ``re.Pattern``, so it is remembered across runs in the compiled cache (the check modules'
    ~20 patterns took a one-file run ~15 ms to analyse; :data:`MEMO`).
    """
    if type(pattern) is LazyPattern:
        return _lazy_requirements(pattern)
    source = getattr(pattern, "pattern", None)
    flags = getattr(pattern, "flags", 0)
    if type(source) is str and type(flags) is int:
        key = (source, flags, isinstance(pattern, re.Pattern))
        memo = MEMO.items()
        if key in memo:
            return memo[key]
        found = _requirements(pattern, source, flags)
        MEMO.remember(key, found)
        return found
    return _requirements(pattern, source, flags)


def _lazy_requirements(pattern: LazyPattern) -> tuple[Requirement, ...] | None:
    """``requirements`` of the ``re`` pattern a lazy one stands for, without compiling it when
    the memo knows it: remembered under (source, flags given to ``lazy``, True). The compiled
    pattern's flags add ``re.UNICODE`` (or keep ``re.ASCII``) and the source's inline flags, so
    that key is a compiled pattern's key only when those flags are all already given, and then
    both patterns have the same flags and the same answer."""
    key = (pattern._source, int(pattern._flags), True)
    memo = MEMO.items()
    if key in memo:
        return memo[key]
    found = requirements(pattern.compiled)
    MEMO.remember(key, found)
    return found


def _requirements(pattern: Any, source: Any, flags: Any) -> tuple[Requirement, ...] | None:
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


#: at most this many patterns are remembered (house packs could hold many)
MAX_MEMO = 20_000


def _memo_valid(key: Any, value: Any) -> bool:
    return (
        type(key) is tuple
        and len(key) == 3
        and type(key[0]) is str
        and type(key[1]) is int
        and type(key[2]) is bool
        and _is_requirements(value)
    )


def _is_requirements(value: Any) -> bool:
    return value is None or (
        isinstance(value, tuple)
        and all(isinstance(req, tuple) and all(isinstance(s, str) for s in req) for req in value)
    )


def _memo_all_valid(table: dict) -> bool:
    """``_memo_valid`` of every item, for the exact types of marshalled data, in C (sets of the
    types met): item by item, a table of ~170 patterns cost more to check than to read.
    False may be either answer (``_memo_valid`` then decides)."""
    keys = list(table)
    if not keys:
        return True
    if compiled.types_of(keys) != {tuple} or set(map(len, keys)) != {3}:
        return False
    sources, flags, plain = zip(*keys)
    if (
        compiled.types_of(sources) != {str}
        or compiled.types_of(flags) != {int}
        or compiled.types_of(plain) != {bool}
    ):
        return False
    values = [v for v in table.values() if v is not None]
    if not compiled.types_of(values) <= {tuple}:
        return False
    reqs = list(chain.from_iterable(values))
    return compiled.types_of(reqs) <= {tuple} and compiled.types_of(chain.from_iterable(reqs)) <= {
        str
    }


def _memo_index(key: tuple[str, int, bool]) -> int:
    """The number that files ``key`` in the memo's indexed entry (the same in every process)."""
    source, flags, plain = key
    return crc32(source.encode("utf-8", "surrogatepass"), (flags * 2 + bool(plain)) & 0xFFFFFFFF)


#: (source, flags, is an re.Pattern) -> requirements, from earlier runs and this one: a
#: process-wide table of the compiled cache (entry ``prefilter-<key>``, indexed: a run reads
#: only the patterns it asks for), saved at exit
MEMO = compiled.IndexedTable(
    "prefilter",
    compiled.code_key,
    _memo_valid,
    limit=MAX_MEMO,
    clear_when_full=True,
    chars=16,
    valid_all=_memo_all_valid,
    index_of=_memo_index,
)


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


# --------------------------------------------------------------------------- start anchors
#
# A pattern that opens with ``\A`` (a greeting, an opener) can match only at the start of the
# text, but ``regex``'s ``finditer`` still tries it at every position of the message (~40 us
# for a 1 KB message, to find nothing). :func:`start_anchor` reads where a match can start
# from the same syntax tree; the matcher then tries only those positions with ``match``.

#: characters a leading ``(?<=\A[...]*)`` may allow before a match: no case variants, and
#: nothing else folds to them
_ANCHOR_CHARS = frozenset(" \t")


def start_anchor(pattern: Any) -> str | None:
    """Where every match of the compiled ``pattern`` starts, read from its syntax tree.

    ``""``: only at the start of the text (the pattern's first element is ``\\A``).
    A string of characters C: only where the text before the match is made of C (the first
    element is a look-behind ``(?<=\\A[C]*)``, C being spaces and tabs).
    None: anywhere, or not known (an alternation at the top, a group around the anchor,
    other flags or syntax): the pattern is searched as usual.
    """
    source = getattr(pattern, "pattern", None)
    flags = getattr(pattern, "flags", 0)
    if not isinstance(source, str) or flags & ~_plain_flags() or "\\A" not in source:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = _parser.parse(source, _c.SRE_FLAG_VERBOSE if flags & _c.SRE_FLAG_VERBOSE else 0)
        items = list(tree)
    except Exception:  # any parser error or warning: not known
        return None
    if not items:
        return None
    op, av = items[0]
    if op is _c.AT and av is _c.AT_BEGINNING_STRING:
        return ""
    if op is _c.ASSERT and av[0] == -1:
        inner = list(av[1])
        if len(inner) != 2 or inner[0] != (_c.AT, _c.AT_BEGINNING_STRING):
            return None
        rop, rav = inner[1]
        if rop not in (_c.MAX_REPEAT, _c.MIN_REPEAT) or rav[0] != 0 or rav[1] != _c.MAXREPEAT:
            return None
        body = list(rav[2])
        if len(body) != 1:
            return None
        bop, bav = body[0]
        members = [bav] if bop is _c.LITERAL else list(bav) if bop is _c.IN else None
        if not members:
            return None
        chars = []
        for member in members:
            if member.__class__ is tuple and len(member) == 2 and member[0] is _c.LITERAL:
                chars.append(chr(member[1]))
            elif bop is _c.LITERAL and isinstance(member, int):
                chars.append(chr(member))
            else:
                return None  # a range, a category, a negated set
        if not chars or not set(chars) <= _ANCHOR_CHARS:
            return None
        return "".join(sorted(set(chars)))
    return None


def anchored_matches(pattern: Any, text: str, anchor: str, timeout: float | None) -> Any:
    """The matches of ``pattern`` in ``text`` as ``pattern.finditer(text)`` gives them, for a
    pattern whose :func:`start_anchor` is ``anchor`` (not None).

    Only the positions the anchor allows are tried, with ``match`` (a look-behind sees the
    text before the position). The first match found is the leftmost, as ``finditer``'s; a
    later one would have to start at or after its end, which the anchor rules out when it
    ends past the allowed positions. A match that does not (an empty one, or one made only
    of allowed characters) hands the text to ``finditer`` itself.
    """
    last = len(text) - len(text.lstrip(anchor)) if anchor else 0
    for pos in range(last + 1):
        m = pattern.match(text, pos, timeout=timeout)
        if m is not None:
            if m.end() > last:
                return (m,)
            return pattern.finditer(text, timeout=timeout)
    return ()


# --------------------------------------------------------------------------- word facts
#
# The literals above are substrings: testing one costs a scan of the message (~1 us), and the
# common words they often come down to ("you", "will", "the") pass almost every message. A
# pattern usually says more: ``\b(?:do|are)\s+you\b`` needs the *words* "do" or "are" directly
# followed by the *word* "you". :func:`word_requirements` reads those facts from the syntax
# tree and :func:`word_facts` lists what a text offers: its words and its pairs of consecutive
# words, both as one set, so a requirement costs one ``set.isdisjoint`` call.
#
# A word of the text is a maximal run of ``[0-9_a-z]`` in ``str.casefold()`` of the text (with
# U+0130 read as "i", see word_facts). That is sound for every engine because (checked over all
# of Unicode, tests/test_word_prefilter.py):
# every character whose case fold contains an ASCII word character is a word character to
# ``re`` and to ``regex`` (so a character a pattern's ``\b`` or ``\s`` sees as a separator is a
# separator here too), and a character ``regex``/``re`` matches to an ASCII word character of a
# pattern case-folds to exactly that character (U+0130 aside, handled in word_facts).

#: a pattern's word facts: all requirements hold; a requirement is a tuple of alternatives,
#: each one word ("you") or two consecutive words joined by one space ("do you")
WordRequirement = tuple[str, ...]

_WORD_RUN = re.compile(r"[0-9_a-z]+")
# atoms of an expansion: a word character itself, _SEP (one or more characters that are
# separators here), _BND (a \b), _GAP (anything, perhaps nothing)
_SEP, _BND, _GAP = " ", "|", "\x00"
_EDGE_ATOMS = frozenset((_SEP, _BND))
#: at most this many expansions of one run of a pattern are followed at once
_MAX_EXPANSIONS = 128
#: at most this many ways through one alternation (a class of a few hundred words)
_MAX_BRANCH = 512
#: the anchors that are a word's edge: the start and end of the text or of a line
_EDGES = frozenset(
    getattr(_c, name)
    for name in (
        "AT_BEGINNING",
        "AT_BEGINNING_LINE",
        "AT_BEGINNING_STRING",
        "AT_END",
        "AT_END_LINE",
        "AT_END_STRING",
    )
)
_FACTS = lazy(r"(?<=[ |])([0-9_a-z]+)(?=[ |])")


def _separator_char(ch: str) -> bool:
    """True if ``ch``, and every character a pattern literal ``ch`` may match case-
    insensitively, splits words here (no ASCII word character in its case fold)."""
    if ch.isascii():
        return (not (ch.isalnum() or ch == "_") and ch.isprintable()) or ch in "\t\n\r\f\v"
    import unicodedata

    if unicodedata.category(ch)[0] not in "PSZ":
        return False  # a letter, a digit, a mark: it may be or match a word character
    return not any(_WORD_RUN.search(v) for v in (ch.casefold(), ch.lower(), ch.upper()))


def word_requirements(pattern: Any) -> tuple[WordRequirement, ...] | None:
    """The word facts a text must offer for the compiled ``pattern`` to match it.

    None when the pattern gets none (flags or syntax this does not model); otherwise the
    requirements, all of which must hold (possibly none).
    """
    source = getattr(pattern, "pattern", None)
    flags = getattr(pattern, "flags", 0)
    if not isinstance(source, str) or flags & ~_word_flags():
        return None
    if flags & _c.SRE_FLAG_IGNORECASE and isinstance(pattern, re.Pattern):
        return None  # see requirements(): Python's "i" matches the dotless i
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = _parser.parse(source, _c.SRE_FLAG_VERBOSE if flags & _c.SRE_FLAG_VERBOSE else 0)
        if tree.state.flags & (_c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE):
            return None
        out: list[WordRequirement] = []
        _word_sequence(list(tree), out)
    except (_Unsafe, Exception):  # any parser error or warning: no word facts
        return None
    return tuple(sorted(set(out), key=lambda req: (len(req), req)))


def _word_flags() -> int:
    """Flags under which ``\\b`` and ``\\s`` mean what :func:`word_facts` assumes (not ASCII,
    LOCALE or regex's WORD, whose boundaries follow other definitions)."""
    import regex

    return (
        regex.IGNORECASE
        | regex.UNICODE
        | regex.MULTILINE
        | regex.DOTALL
        | regex.VERBOSE
        | regex.FULLCASE
        | regex.VERSION0
    )


def _word_sequence(items: Sequence[Any], out: list[WordRequirement]) -> None:
    """Append the requirements of a top-level sequence: it is cut where the expansions grow
    too many or a part may match anything; each piece gives at most one requirement."""
    current = [_GAP]
    items = list(items)
    for index, item in enumerate(items):
        options = _expand_item(item)
        if options == [_GAP]:
            _close(current, out)
            current = [_GAP]
            continue
        grown = [a + b for a in current for b in options]
        if len(grown) > _MAX_EXPANSIONS:
            # the piece ends here; what is known of its edge carries over: a piece whose
            # every way ends with a separator or an edge ends its last word, and the next
            # one then starts a word (a long alternation of words after "Dear ")
            tail = _BND if _leads_with_edge(options, items, index + 1) else _GAP
            _close(current, out, tail)
            edge = _BND if _all_edges(current, -1) else _GAP
            grown = [edge + b for b in options]
            if len(grown) > _MAX_BRANCH:
                current = [_GAP]
                continue
        current = grown
    _close(current, out)


def _leads_with_edge(options: list[str], items: Sequence[Any], start: int) -> bool:
    """Whether every way through ``options`` and then ``items[start:]`` starts with a
    separator or an edge: a way of ``options`` that consumes nothing (an optional part: "the
    noun, then perhaps -to-be") is read on into the items after it, and the end of the
    pattern is no edge (what follows a match is not known)."""
    ways = options
    while all(not way or way[0] in _EDGE_ATOMS for way in ways):
        if "" not in ways:
            return True
        if start >= len(items):
            return False
        try:
            ways = _expand_item(items[start])
        except _Unsafe:
            return False
        start += 1
    return False


def _all_edges(ways: list[str], at: int) -> bool:
    """Whether every way starts (``at`` 0) or ends (-1) with a separator or an edge."""
    return all(way and way[at] in _EDGE_ATOMS for way in ways)


def _close(expansions: list[str], out: list[WordRequirement], tail: str = _GAP) -> None:
    """One requirement from the expansions of a piece: each must offer one of its facts
    (``tail``: what follows the piece, a separator or edge (``_BND``) or not known).

    The facts are picked greedily: pairs of words before single words (a pair is rarer), then
    those shared by the most expansions, then longer ones ("on our list of" and "on a list
    of" both give "list of").
    """
    offers = [_facts_of(expansion + tail) for expansion in expansions]
    if not offers or not all(offers):
        return  # a way through the piece offers no fact: the piece requires nothing
    alternatives: list[str] = []
    left = offers
    while left:
        counts: dict[str, int] = {}
        for facts in left:
            for fact in facts:
                counts[fact] = counts.get(fact, 0) + 1
        best = max(counts, key=lambda f: (" " in f, counts[f], len(f), f))
        alternatives.append(best)
        left = [facts for facts in left if best not in facts]
    out.append(tuple(sorted(alternatives)))


def _facts_of(expansion: str) -> set[str]:
    """The complete words of one expansion and its pairs of words with only separators
    (at least one character) between them."""
    words = [(m.start(), m.end(), m.group()) for m in _FACTS.finditer(expansion)]
    facts = {w for _s, _e, w in words}
    for (_s1, e1, w1), (s2, _e2, w2) in zip(words, words[1:]):
        gap = expansion[e1:s2]
        if _SEP in gap and not gap.strip(_SEP + _BND):
            facts.add(f"{w1} {w2}")
    return facts


def _expand_seq(items: Sequence[Any]) -> list[str]:
    current = [""]
    for item in items:
        options = _expand_item(item)
        grown = [a + b for a in current for b in options]
        if len(grown) > _MAX_EXPANSIONS:
            # too many ways: what is known so far, then anything (each way is still how a
            # match starts, so its complete words stay facts)
            return list(dict.fromkeys(a + _GAP for a in current))
        current = grown
    return current


def _expand_item(item: Any) -> list[str]:
    """The ways one node can match, as atom strings (see _SEP, _BND, _GAP)."""
    op, av = item
    if op is _c.LITERAL:
        if av in _BRACES:
            raise _Unsafe("a literal brace may be a fuzzy constraint")
        ch = chr(av)
        if ch.isascii() and (ch.isalnum() or ch == "_") and ch != "I":
            return [ch.lower()]
        return [_SEP] if _separator_char(ch) else [_GAP]
    if op is _c.AT:
        # the start or the end of the text or of a line is a word's edge too (a line ends
        # at a newline, a separator); \B and the rest consume nothing
        return [_BND] if av is _c.AT_BOUNDARY or av in _EDGES else [""]
    if op is _c.ASSERT:
        # zero-width: the characters matched around it are adjacent. A look-behind whose
        # every way ends with a separator or an edge (``(?<=\A[ \t]*)``, ``(?<=\bthe\s+)``)
        # puts a word's edge here, as does a look-ahead whose every way starts with one
        # (``(?=[ \t]*\Z)``)
        direction, body = av
        try:
            ways = _expand_seq(list(body))
        except _Unsafe:
            return [""]
        at = -1 if direction < 0 else 0
        if ways and _all_edges(ways, at):
            return [_BND]
        return [""]
    if op is _c.ASSERT_NOT:
        return [""]
    if op is _c.IN:
        return [_SEP] if _separator_set(av) else [_GAP]
    if op is _c.SUBPATTERN:
        add_flags, del_flags = av[1], av[2]
        if add_flags & (_c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE):
            raise _Unsafe("ASCII or LOCALE inside the pattern")
        del del_flags
        return _expand_seq(list(av[-1]))
    if op is _ATOMIC:
        return _expand_seq(list(av))
    if op is _c.BRANCH:
        options: list[str] = []
        for alternative in av[1]:
            options.extend(_expand_seq(list(alternative)))
            if len(options) > _MAX_BRANCH:
                return [_GAP]
        return list(dict.fromkeys(options))
    if op in _REPEATS:
        low, high, body = av
        body_items = list(body)
        if len(body_items) == 1 and body_items[0][0] is _c.IN and _separator_set(body_items[0][1]):
            return [_SEP] if low >= 1 else ["", _SEP]
        if len(body_items) == 1 and body_items[0][0] is _c.LITERAL:
            one = _expand_item(body_items[0])
            if one == [_SEP]:
                return [_SEP] if low >= 1 else ["", _SEP]
        if low == 1 and high == 1:
            return _expand_seq(body_items)
        if low == 0 and high == 1:
            return list(dict.fromkeys(["", *_expand_seq(body_items)]))
        ways = _expand_seq(body_items)
        if ways == [_GAP]:
            return [b + _GAP for b in ways] if low >= 1 else [_GAP]
        # more copies: the first and the last are each one way through the body, anything
        # between them (so a word after the repeat still sees how its last copy ends)
        out = [b + _GAP + c for b in ways for c in ways]
        if low <= 1:
            out = [*ways, *out]
        if low == 0:
            out = ["", *out]
        if len(out) <= _MAX_EXPANSIONS:
            return list(dict.fromkeys(out))
        if low >= 1:
            return [b + _GAP for b in ways]  # the first copy, then anything
        if len(ways) < _MAX_EXPANSIONS:
            return ["", *(_GAP + c for c in ways)]  # anything, then the last copy
        return [_GAP]
    # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, CATEGORY outside a set...: unknown
    return [_GAP]


def _separator_set(items: Any) -> bool:
    """A character set all of whose members (and their case variants) split words here."""
    for op, av in items:
        if op is _c.LITERAL:
            if not _separator_char(chr(av)):
                return False
        elif op is _c.RANGE:
            low, high = av
            if high - low > 512 or not all(_separator_char(chr(c)) for c in range(low, high + 1)):
                return False
        elif op is _c.CATEGORY:
            if av not in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD):
                return False
        else:  # NEGATE, a nested class, anything else
            return False
    return bool(items)


def word_facts(text: str) -> set[str]:
    """The words of ``text`` and its pairs of consecutive words ("do you"), for
    :func:`words_present`: maximal runs of ``[0-9_a-z]`` in its case fold.

    The capital I with a dot (U+0130) is read as "i" first: ``regex`` matches it to a pattern's
    "i" under IGNORECASE, and its case fold is "i" plus a combining dot, which would cut the
    word in two. It is a word character to every engine, so no boundary is lost.
    """
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return facts_of_words(_WORD_RUN.findall(text.casefold()))


def facts_of_words(words: list[str]) -> set[str]:
    """:func:`word_facts` of a text whose words (``_WORD_RUN.findall`` of its case fold, with
    U+0130 read as "i") are ``words``, in order."""
    facts = set(words)
    facts.update(map(" ".join, zip(words, words[1:])))
    return facts


def word_runs(haystack: str) -> list[str]:
    """The maximal runs of ``[0-9_a-z]`` in ``haystack``, in order (the words of
    :func:`word_facts` when ``haystack`` is a case fold without U+0130's)."""
    return _WORD_RUN.findall(haystack)


# --------------------------------------------------------------------------- literals as words
#
# Most literals a pattern requires are made of word characters only ("unsubscribe", "guess",
# "manufacturer"). Such a literal occurs in a case-folded text exactly when it occurs in one of
# the text's maximal runs of ``[0-9_a-z]`` (an occurrence is a run of those characters, so it
# lies inside a maximal one), so it is tested against the distinct runs joined by NUL (which no
# literal holds) instead of the whole text: a shorter string, without the text's punctuation,
# repeats and merge-tag characters (a merge tag makes the text two bytes a character, and
# every ``in`` test then first widens the literal to match).

#: a literal that :func:`word_blob` can answer for
_WORD_LITERAL = re.compile(r"[0-9_a-z]+")


def split_requirements(
    reqs: Sequence[Requirement] | None,
) -> tuple[tuple[Requirement, ...], tuple[Requirement, ...]] | None:
    """``reqs`` as (the requirements all of whose literals are runs of ``[0-9_a-z]``, the
    others), for :func:`may_match_split`; None for None or no requirement."""
    if not reqs:
        return None
    words = tuple(r for r in reqs if all(_WORD_LITERAL.fullmatch(lit) for lit in r))
    rest = tuple(r for r in reqs if not all(_WORD_LITERAL.fullmatch(lit) for lit in r))
    return words, rest


def word_blob(runs: Iterable[str]) -> str:
    """The distinct word runs of a haystack (:func:`word_runs`), joined by NUL: a literal of
    ``[0-9_a-z]`` characters occurs in the haystack exactly when it occurs in this string."""
    return "\x00".join(set(runs))


def may_match_split(
    split: tuple[tuple[Requirement, ...], tuple[Requirement, ...]], haystack: str, blob: str
) -> bool:
    """:func:`may_match` of the requirements :func:`split_requirements` split, with ``blob``
    the :func:`word_blob` of ``haystack``'s word runs: the same answer."""
    return may_match(split[0], blob) and may_match(split[1], haystack)


#: ASCII characters that are never part of a word of :func:`word_facts` (their case fold is
#: themselves and not in ``[0-9_a-z]``)
_PLAIN_SEPARATORS = frozenset(chr(c) for c in range(128) if not (chr(c).isalnum() or chr(c) == "_"))


def cuts_no_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends where no word of :func:`word_facts` can
    cross: each edge is the end of the text or has a plain ASCII separator on one side.

    Then the words of the piece are a run of consecutive words of the whole text (case
    folding and the U+0130 reading work character by character, so the piece's folded text
    is a substring of the whole one's, cut where no word crosses), and
    ``word_facts(text[start:end]) <= word_facts(text)``: a requirement the whole text lacks,
    the piece lacks too. Characters outside ASCII count as possible word characters.
    """
    sep = _PLAIN_SEPARATORS
    n = len(text)
    if 0 < start < n and text[start - 1] not in sep and text[start] not in sep:
        return False
    return not (0 < end < n and text[end - 1] not in sep and text[end] not in sep)


def words_present(wreqs: Sequence[WordRequirement], facts: set[str]) -> bool:
    """False only when the text of ``facts`` lacks a requirement: the pattern cannot match."""
    return not any(map(facts.isdisjoint, wreqs))
