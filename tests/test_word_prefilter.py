"""Word facts (``prefilter.word_requirements``): a pattern that matches a text always finds
the words and word pairs it requires in ``word_facts`` of that text, so the matcher never skips
a pattern that would have matched."""

from __future__ import annotations

import re
import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import regex_level

from outreach_lint.packs import PackMatcher, builtin_pack_paths, load_pack
from outreach_lint.prefilter import (
    _WORD_RUN,
    _separator_char,
    word_facts,
    word_requirements,
    words_present,
)

FLAGS = regex.V0 | regex.IGNORECASE
EVERYTHING = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def wreqs(source: str, flags: int = FLAGS):
    return word_requirements(regex.compile(source, flags))


def facts(text: str):
    return word_facts(text)


# ---------------------------------------------------------------- the facts of known shapes


def test_word_requirements_of_known_shapes():
    # two complete words with only separators between them: a pair
    assert wreqs(r"\bor\s+not\b") == (("or not",),)
    # each way through an alternation offers a fact; a shared one is preferred
    assert wreqs(r"\b(?:you're|you\s+are)\s+on\s+(?:our|a)\s+list\s+of\b") == (("list of",),)
    assert wreqs(r"\b(?:do|are)\s+you\b") == (("are you", "do you"),)
    # a word without a boundary on one side is not a complete word: no fact
    assert wreqs(r"\bassum(?:e|ing)") == ()
    assert wreqs(r"\bcountersign\w*\b") == ()
    # an optional part may be absent: "close" alone, or "close out"
    assert wreqs(r"\bclose(?:\s+out)?\b") == (("close", "close out"),)
    # a part that may match anything cuts the pattern in two independent requirements
    assert wreqs(r"\bdo\s+you\b[^.?!]{0,40}\bor\s+not\b") == (("do you",), ("or not",))
    # zero-width assertions consume nothing: the words around them are still adjacent
    assert wreqs(r"\b(?<!not )last\s+call\b(?!s)") == (("last call",),)
    # the capital I may match the dotless i: never part of a word fact
    assert wreqs(r"\bI\s+will\b") == (("will",),)
    # the start and end of the text are a word's edges, and so is a look-behind that ends
    # with a separator or an edge, or a look-ahead that starts with one
    assert wreqs(r"\Ahi\s+there$") == (("hi there",),)
    assert wreqs(r"(?<=\A[ \t]*)(?:hi|hello)[ \t]+there(?=[ \t]*\Z)") == (
        ("hello there", "hi there"),
    )
    assert wreqs(r"(?<=\bthe\s+)most\b") == (("most",),)
    assert wreqs(r"(?<=\bthe)most\b") == ()  # ends with a word character: no edge
    assert wreqs(r"(?<!\s)most\b") == ()  # a negative look-around says nothing
    # a repeat: what follows it sees how its last copy ends
    assert wreqs(r"\bthe\s+(?:[\w-]+\s+){0,2}?leading\b") == (("leading", "the leading"),)
    # a long alternation of words after a piece that ends with a separator keeps its edges
    nouns = "|".join(f"{chr(97 + i % 26)}noun{i}" for i in range(200))
    found = wreqs(rf"(?<=\A[ \t]*)(?:dear|hi)[ \t]+(?:(?:the|all)[ \t]+)*(?:{nouns})(?=[ \t]*\Z)")
    assert found is not None and len(found) == 2
    assert found[0] == ("dear", "dear all", "dear the", "hi", "hi all", "hi the")
    assert next(req for req in found if len(req) == 200)[0] == "anoun0"
    # ... and so does one followed by an optional part and then an edge: the way without the
    # optional part is read on to what follows it ("Dear valued partner-to-be,")
    found = wreqs(rf"(?<=\A[ \t]*)(?:dear|hi)[ \t]+(?:{nouns})(?:-to-be)?(?=[ \t]*[,.]*\Z)")
    assert found is not None and sorted(map(len, found)) == [2, 200]
    # the end of the pattern is no edge, nor is a word character after the optional part
    assert wreqs(rf"\b(?:{nouns})(?:-to-be)?") == ()
    assert wreqs(rf"\b(?:{nouns})(?:-to-be)?x") == ()
    assert [len(r) for r in wreqs(rf"\b(?:{nouns})(?:-to-be)?\b") or ()] == [200]
    # a group with too many ways through it keeps what its ways say up to there: the words
    # before the long alternation are facts, a word the alternation may continue is not
    many = "|".join(f"w{i}" for i in range(200))
    assert wreqs(rf"(?:\bname\s+your\s+(?:{many})\b|\bwhat\s+price\b)") == (
        ("name your", "what price"),
    )
    assert wreqs(rf"(?:\bname\s+yo(?:{many}))") == (("name",),)
    assert wreqs(rf"(?:\bname\s+(?:{many})\s+now\b){{1,2}}") == (("name",),)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"\bdo\s*you\b", "doyou"),  # \s* may match nothing: no pair, no complete word
        (r"\bdo\s?you\b", "doyou"),
        (r"\bdo(?:\s+not)?you\b", "doyou"),
        (r"\bdo\Byou\b", "doyou"),  # \B is no boundary
        (r"\bdo[a-z]\b", "dog"),  # a class of letters is no separator
        (r"\bdo\w*\b", "dogs"),
        (r"\bdo.you\b", "doxyou"),
        (r"\bs\s+ale\b", "\u017f ale"),  # the long s folds to s
        (r"\bo[k]\b", "O\u212a"),  # KELVIN SIGN folds to k
        (r"(?<=\A)do\s+you\b", "xdo you"),  # \A is no edge inside a text
        (r"\bdo(?<=do|\s\s)you\b", "doyou"),  # a look-behind one of whose ways ends in a letter
        (r"\bdo(?=yo|\s)you\b", "doyou"),  # a look-ahead one of whose ways starts with one
        (r"\bdo(?<=\w)you\b", "doyou"),
        (r"\bdo\s+you(?=x)", "do youx"),
        (r"\bdo\s+\u00e9", "do \u00e9"),
        (r"\bit\s+is\b", "\u0130t is"),  # regex matches i to U+0130, which folds to i + a dot
        (r"\bis\s+it\b", "is \u0130T"),
        (r"\bt\s+is\b", "i\u0307t is"),  # re: the combining dot is a separator
    ],
)
def test_each_construct_keeps_the_facts_of_a_text_it_matches(source, text):
    patterns = [regex.compile(source, flags) for flags in (regex.V0, FLAGS, FLAGS | regex.F)]
    for pattern in [*patterns, re.compile(source)]:
        if pattern.search(text):
            assert words_present(word_requirements(pattern), facts(text)), (source, pattern)


def test_every_character_that_matches_a_word_character_folds_to_it():
    """What ``word_facts`` reads a character matched to a pattern's ASCII word character as
    is exactly that character (U+0130, which folds to i and a combining dot, is read as i)."""
    word = "abcdefghijklmnopqrstuvwxyz0123456789_"
    for flags in (FLAGS, FLAGS | regex.FULLCASE, regex.V1 | regex.IGNORECASE):
        candidates = {m.group() for m in regex.finditer(f"[{word}]", EVERYTHING, flags)}
        for ch in word:
            for other in candidates:
                if regex.fullmatch(ch, other, flags):
                    assert _WORD_RUN.findall(other.replace("\u0130", "i").casefold()) == [ch]


def test_unmodelled_flags_and_syntax_get_no_word_facts():
    assert word_requirements(regex.compile(r"\bdo\s+you\b", regex.V0 | regex.WORD)) is None
    assert word_requirements(regex.compile(r"\bdo\s+you\b", regex.V0 | regex.ASCII)) is None
    assert word_requirements(regex.compile(r"(?a)\bdo\s+you\b", regex.V0)) is None
    assert word_requirements(re.compile(r"\bdo\s+you\b", re.IGNORECASE)) is None
    assert word_requirements(regex.compile(r"\p{L}+\s+you", FLAGS)) is None
    assert word_requirements(object()) is None


def test_word_facts_and_words_present():
    found = facts("Do you know? Don't LET it go; q4-2026")
    assert {"do", "you", "do you", "don", "t", "don t", "let", "q4", "2026", "q4 2026"} <= found
    assert words_present((("do you", "are you"), ("let",)), found)
    assert not words_present((("are you",),), found)
    assert words_present((), found)


# ---------------------------------------------------------------- the character facts


def test_a_character_folding_to_an_ascii_word_character_is_a_word_character():
    """So a character a pattern's \\b, \\s or \\W treats as a separator splits words in
    ``word_facts`` too (checked over all of Unicode, for ``re`` and ``regex`` V0 and V1)."""
    folding = [ch for ch in EVERYTHING if _WORD_RUN.search(ch.casefold())]
    assert 60 < len(folding) < 2000
    for word in (re.compile(r"\w"), regex.compile(r"\w"), regex.compile(r"(?V1)\w")):
        assert [ch for ch in folding if not word.match(ch)] == []
    for space in (re.compile(r"\s"), regex.compile(r"\s"), regex.compile(r"\W")):
        assert [ch for ch in folding if space.match(ch)] == []


def _class_run(first: int, last: int) -> str:
    one = regex.escape(chr(first))
    return one if first == last else one + "-" + regex.escape(chr(last))


def test_every_character_a_separator_literal_matches_is_a_separator():
    """A pattern's separator literal (punctuation, a space, a symbol) matches, case-
    insensitively, only characters that split words in ``word_facts``."""
    separators = [ch for ch in EVERYTHING if _separator_char(ch)]
    assert {" ", "'", ",", "-", "\t", "\u2014", "\u2019", "\ufffc"} <= set(separators)
    assert not {"a", "_", "7", "I", "\u0131", "\u017f", "\u212a", "\u00e9"} & set(separators)
    # the same class written as runs of consecutive code points (a-b): ~340 items instead of
    # ~8,600, which regex scans over every character several times faster
    runs: list[list[int]] = []
    for code in map(ord, separators):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    cls = "[" + "".join(_class_run(a, b) for a, b in runs) + "]"
    for flags in (FLAGS, FLAGS | regex.FULLCASE, regex.V1 | regex.IGNORECASE):
        matched = {m.group() for m in regex.finditer(cls, EVERYTHING, flags)}
        assert [ch for ch in matched if _WORD_RUN.search(ch.casefold())] == []


# ---------------------------------------------------------------- property: never a false skip

WORDS = ["do", "you", "are", "or", "not", "don't", "let", "i", "I", "we'll", "q4", "sale", "ok"]
atoms = st.one_of(
    st.sampled_from(WORDS).map(regex.escape),
    st.sampled_from(
        [
            r"\s+",
            r"\s*",
            r"\s",
            " ",
            "'",
            ",",
            r"[ -]",
            r"\W+",
            r"\b",
            r"\B",
            r"\w+",
            r"[a-z]",
            r"\d",
            ".",
            r"\S+",
            "\u00e9",
            "\u2014",
            r"\A",
            "$",
        ]
    ),
)


patterns = st.recursive(
    atoms, lambda children: regex_level(children, lookbehind_and_atomic=True), max_leaves=10
)
TEXT_WORDS = WORDS + [w.upper() for w in WORDS] + ["\u0131", "\u0130", "\u017fale", "O\u212a"]
texts = st.lists(
    st.one_of(
        st.sampled_from(TEXT_WORDS),
        st.sampled_from([" ", "", "'", "-", "\n", "\u00e9", "\u00a0", "\ufffc", "\u2019", "_"]),
        st.text(max_size=3),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(source=patterns, text=texts, case_sensitive=st.booleans(), engine=st.sampled_from("rx"))
def test_a_pattern_that_matches_always_offers_its_word_facts(source, text, case_sensitive, engine):
    if engine == "r":
        try:
            pattern = re.compile(source, 0 if case_sensitive else re.IGNORECASE)
        except re.error:
            return  # a look-behind of variable width: not a pattern re accepts
    else:
        pattern = regex.compile(source, regex.V0 | (0 if case_sensitive else regex.IGNORECASE))
    found = word_requirements(pattern)
    if found and pattern.search(text):
        assert words_present(found, facts(text)), (source, text, found)


def test_builtin_patterns_offer_their_word_facts_on_their_own_examples():
    """Every pack pattern that matches an example of its rule finds its word facts there,
    and most built-in patterns get word facts at all."""
    with_facts = total = 0
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            for pattern in rule.patterns:
                total += 1
                found = word_requirements(pattern)
                with_facts += bool(found)
                for example in rule.meta.examples:
                    text = example.text.replace("\u2019", "'")
                    if found and pattern.search(text):
                        assert words_present(found, facts(text)), (rule.meta.code, example.text)
    assert with_facts >= total * 3 // 4


def test_matcher_skips_a_pattern_whose_word_pair_is_absent():
    """The mechanism works: both words present but not as a pair, the pattern never runs."""
    from dataclasses import replace

    from outreach_lint.engine import create_linter

    text_format = create_linter().formats["text"]
    [rule] = [
        r
        for p in builtin_pack_paths()
        for r in load_pack(p).rules
        if any(
            q.pattern.startswith(r"\b(?:do|are|will|is)\s+(?:you|this|it)\b") for q in r.patterns
        )
    ]
    real = next(q for q in rule.patterns if q.pattern.startswith(r"\b(?:do|are|will|is)"))
    calls = []

    class Spy:
        pattern = real.pattern
        flags = real.flags
        requirements = None  # no substring prefilter: only the word facts decide
        words = word_requirements(real)

        def finditer(self, *args, **kwargs):
            calls.append(args[0])
            return real.finditer(*args, **kwargs)

    matcher = PackMatcher([replace(rule, patterns=(Spy(),))])
    [doc] = text_format.parse("mail.txt", "Hi Sam,\n\nDo you want this or not?\n", {})
    assert matcher.run(doc) and calls
    calls.clear()
    [other] = text_format.parse("mail.txt", "Hi Sam,\n\nYou do want it, or do you not?\n", {})
    assert matcher.run(other) == {} and calls == []


# ---------------------------------------------------------------- property: witnesses
#
# Random patterns rarely match random texts; here the text comes first, and the pattern is
# built from pieces that each match their piece of the text (a word as itself, as \w+ or as
# .+?, a space as \s+ or [ -], a boundary...), so most patterns match and their facts must hold.

PIECES: dict[str, list[str]] = {
    **{
        w: [regex.escape(w), r"\w+", r"[a-z]+", r".+?", r"\S+", r"[a-z]" * len(w)]
        for w in ["do", "you", "or", "not", "let", "sale", "q4", "ok", "i"]
    },
    "g": ["g", "[a-z]", r"\w", ".", "(?:g|x)", "g?"],
    " ": [" ", r"\s+", r"\s*", r"\s", r"[ -]", r"\W+", ".", "(?: )?"],
    "'": ["'", r"\W", ".", "['\u2019]"],
    "-": ["-", r"[ -]", r"\W", r"[-,]+"],
    "\u00e9": ["\u00e9", r"\w", "."],
    "": [
        r"\b",
        r"\B",
        "",
        r"\s*",
        r"(?=\w)",
        r"(?<!x)",
        r"\b(?!z)",
        # edges: the text's ends and look-arounds that see a separator or an end
        r"\A",
        "^",
        "$",
        r"\Z",
        r"(?<=\A\s*)",
        r"(?<=\W)",
        r"(?<=[ -])",
        r"(?=\s*\Z)",
        r"(?=[\s,]+)",
        r"(?<=do|\s\s)",  # one way ends with a word character: no edge
        r"(?=yo|\s)",
        r"(?:\w+\s+){0,2}",
    ],
}
witness = st.lists(
    st.sampled_from(sorted(PIECES)).flatmap(
        lambda piece: st.tuples(st.just(piece), st.sampled_from(PIECES[piece]))
    ),
    min_size=1,
    max_size=10,
)
# what the text may show instead of a lower-case ASCII piece (matched under IGNORECASE)
VARIANTS = {
    "sale": ["SALE", "\u017fale"],
    "ok": ["OK", "o\u212a"],
    "i": ["I", "\u0131", "\u0130"],
    "do": ["DO", "d\u00f6"],
}


@settings(max_examples=800, deadline=None)
@given(
    pieces=witness,
    case_sensitive=st.booleans(),
    engine=st.sampled_from("rx"),
    variant=st.integers(0, 3),
    around=st.sampled_from(["", " ", "x", "g ", "\u00e9"]),
)
def test_a_pattern_built_to_match_offers_its_word_facts(
    pieces, case_sensitive, engine, variant, around
):
    text = around + "".join(
        VARIANTS.get(p, [p])[variant % len(VARIANTS.get(p, [p]))] if variant else p
        for p, _ in pieces
    )
    source = "".join(atom for _, atom in pieces)
    if engine == "r":
        try:
            pattern = re.compile(source, 0 if case_sensitive else re.IGNORECASE)
        except re.error:
            return  # a look-behind of variable width: not a pattern re accepts
    else:
        pattern = regex.compile(source, regex.V0 | (0 if case_sensitive else regex.IGNORECASE))
    found = word_requirements(pattern)
    if found and pattern.search(text):
        assert words_present(found, facts(text)), (source, text, found)


# ---------------------------------------------------------------- too many ways in a group
# A sequence inside a group, an alternation or a look-around whose ways multiply past
# _MAX_EXPANSIONS keeps its ways so far followed by "anything": the words before the long
# part are facts, the words after it are not (tests: the facts still hold on every text the
# pattern matches, with the long part anywhere in the sequence).

#: a long alternation of words that never occur in the texts, with one that does
FILLERS = [f"qz{i}" for i in range(200)]


@settings(max_examples=600, deadline=None)
@given(
    pieces=witness,
    at=st.integers(0, 10),
    case_sensitive=st.booleans(),
    engine=st.sampled_from("rx"),
    wrap=st.sampled_from(["{}", "(?:{})", "(?:{}|\\bqzqz\\b)", "(?={})", "(?:{}){{1,2}}"]),
)
def test_a_group_with_too_many_ways_offers_its_word_facts(pieces, at, case_sensitive, engine, wrap):
    at = min(at, len(pieces))
    word = "sale"
    long = "(?:" + "|".join([*FILLERS[:100], word, *FILLERS[100:]]) + ")"
    atoms = [atom for _, atom in pieces]
    text = "".join(p for p, _ in pieces[:at]) + word + "".join(p for p, _ in pieces[at:])
    source = wrap.format("".join(atoms[:at]) + long + "".join(atoms[at:]))
    if engine == "r":
        try:
            pattern = re.compile(source, 0 if case_sensitive else re.IGNORECASE)
        except re.error:
            return  # a look-behind of variable width: not a pattern re accepts
    else:
        pattern = regex.compile(source, regex.V0 | (0 if case_sensitive else regex.IGNORECASE))
    found = word_requirements(pattern)
    if found and pattern.search(text):
        assert words_present(found, facts(text)), (source[:200], text, found)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # (a branch: a group alone in the pattern is read as the top-level sequence)
        (r"(?:\bdo{long}|\bqzqz\b)", "dosale"),  # the long part continues the word before it
        (r"(?:\bdo\s+yo{long}\b|\bqzqz\b)", "do yosale"),
        (r"(?:\bdo\s+you\s+{long}\b|\bqzqz\b)", "do you sale"),
        (r"(?:\bdo{long}\s+you\b){{1,2}}", "dosale you"),
        # a long alternation at the top level, then an optional part: what follows decides
        (r"\bdo\s+{long}(?:-to-be)?", "do salex"),
        (r"\bdo\s+{long}(?:-to-be)?x", "do salex"),
        (r"\bdo\s+{long}(?:-to-be)?(?:\s+now)?(?=\W)", "do sale-to-be."),
    ],
)
def test_too_many_ways_leave_no_fact_the_text_lacks(source, text):
    long = "(?:" + "|".join([*FILLERS, "sale"]) + ")"
    pattern = regex.compile(source.format(long=long), FLAGS)
    assert pattern.search(text)
    found = word_requirements(pattern)
    assert found is not None
    assert words_present(found, facts(text)), (text, found)
