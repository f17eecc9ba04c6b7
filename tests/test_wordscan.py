"""``MultiScan.spans`` gives, per class, exactly ``finditer`` of ``\\b(?:terms)\\b``.

The reference is ``re``'s own ``finditer`` of each class's plain pattern, on generated classes (the
shapes PR155's data uses: alternations, optional words, digits, ``\\w``, look-arounds, a term
with a top-level ``|``, terms that cannot use the fast form) and generated texts (word and
separator characters, Unicode letters and digits, underscores), with random ``pos``/``endpos``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import _toml
from outreach_lint.checks import pressure, pressure_score
from outreach_lint.textnorm import fold
from outreach_lint.wordscan import MultiScan, _factored, _spread, fast_pattern, split_alternation

ROOT = Path(__file__).resolve().parent.parent


def _reference(scan: MultiScan, text: str, pos: int = 0, endpos: int | None = None):
    end = len(text) if endpos is None else endpos
    return [[m.span() for m in p.finditer(text, pos, end)] for p in scan.patterns]


_WORDS = ["a", "an", "ab", "b", "ba", "bab", "only", "on", "one", "now", "no", "_x", "é", "1", "12"]
_SAFE = [
    *_WORDS,
    "(?:a|ab)",
    "(?:ab|a)",
    "b(?:a|ab)?",
    "\\d+",
    "\\d+ a",
    "(?:\\w+ )?b",
    "\\w+",
    "[\\w-]+ a",
    "(?<!a )b",
    "(?<=\\w )a",
    "a(?= b)",
    "a(?! b)",
    "on(?:e|ly)?",
    "a|b",
    "(?:a |an )?(?:ab|ba)",
    "é[a-c]",
    "[a-c]b",  # a range: the plain fast form
]
# a separator first: the class is tried at those characters (Fast.leads)
_LEAD = ["-a", " a", "'a", "(?:ab|'b) a", "(?:'|-)b", "[-']a", "(?:a|'a)?b"]
# no fast form: an empty match, a back-reference, scoped flags, a negated set first
_UNSAFE = ["a?", "(a)\\1", "(?i:a)b", "[^a]b", ".a"]
_TERM = st.one_of(
    st.sampled_from(_SAFE), st.lists(st.sampled_from(_SAFE), min_size=2, max_size=3).map(" ".join)
)
_ANY_TERM = st.lists(st.sampled_from(_SAFE + _LEAD + _UNSAFE), min_size=1, max_size=3).map(" ".join)
_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*_WORDS, "window", "7", "٣", "İ", "ǅ", "x_1"]),
        st.text(alphabet=[*list("ab n1_-.,'\n"), "é", "\xa0"], max_size=4),
    ),
    max_size=12,
).flatmap(lambda parts: st.sampled_from([" ", "", "-", ". "]).map(lambda sep: sep.join(parts)))


def _valid(classes: list[list[str]]) -> bool:
    try:
        for terms in classes:
            re.compile(r"\b(?:" + "|".join(terms) + r")\b")
    except re.error:
        return False
    return True


_CLASS = st.one_of(
    st.lists(_TERM, min_size=1, max_size=5), st.lists(_ANY_TERM, min_size=1, max_size=3)
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CLASS, min_size=1, max_size=4), _TEXT, st.integers(0, 70), st.integers(0, 70))
def test_spans_equal_finditer(classes, text, pos, end):
    if not _valid(classes):
        return
    scan = MultiScan(classes, compile_after=0)
    assert scan.spans(text) == _reference(scan, text)
    pos, end = min(pos, len(text)), min(end, len(text))
    assert scan.spans(text, pos, end) == _reference(scan, text, pos, end)


_LEAD_TEXT = st.lists(
    st.sampled_from(["a", "b", "ab", "on", "'", "-", " ", "'a", "-a", "'b a", "x"]), max_size=14
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_LEAD), min_size=1, max_size=3), min_size=1, max_size=3),
    _LEAD_TEXT,
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_spans_equal_finditer_with_lead_characters(classes, text, pos, end):
    """Terms that start with a separator ("'ll be"), next to words, in texts dense with them."""
    if not _valid(classes):
        return
    scan = MultiScan([["b", "on"], *classes], compile_after=0)
    assert scan.spans(text) == _reference(scan, text)
    pos, end = min(pos, len(text)), min(end, len(text))
    assert scan.spans(text, pos, end) == _reference(scan, text, pos, end)


_FACTOR_TERMS = [
    *_SAFE,
    "ab(?:c|d)?",
    "(?:a|b)+c",
    "(?:ab|a)?+b",
    "(?:a|b){2}",
    "(?:[|)]|a)b",
    "(?:a(?:b|c)|\\(|d)e",
    "a\\.b",
    "a b?",
    "on(?:e|ly)??",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FACTOR_TERMS), min_size=1, max_size=6), _TEXT)
def test_factored_terms_match_where_a_term_does(terms, text):
    """The combined pattern's look-aheads use the terms spread and shared as a trie: at every
    position it matches (followed by a word boundary) exactly where one of the terms does."""
    try:
        plain = [re.compile(f"(?:{t})\\b") for t in terms]
    except re.error:
        return
    factored = re.compile(f"(?:{_factored(terms)})\\b")
    for at in range(len(text) + 1):
        want = any(p.match(text, at) for p in plain)
        assert (factored.match(text, at) is not None) == want, (terms, text, at)
        first = text[at : at + 1]
        if first:  # what starts with another character is left out: the same there
            narrowed = re.compile(f"(?:{_factored(terms, first) or '(?!)'})\\b")
            assert (narrowed.match(text, at) is not None) == want, (terms, text, at)


def test_spread_and_trie():
    assert _spread("(?:mon|tues)days?") == ["mondays?", "tuesdays?"]
    assert _spread("(?:the )?\\d+") == ["the \\d+", "\\d+"]
    assert _spread("(?:a|b)+c") == ["(?:a|b)+c"]  # repeated: kept whole
    assert _spread("(?:a|b)?+c") == ["(?:a|b)?+c"]  # possessive: kept whole
    assert _factored(["deadline", "deadlines?", "deal"]) == "dea(?:dline(?:|s?)|l)"
    assert _factored(["deal", "(?:this|next) week"], "d") == "deal"


def test_a_term_after_an_apostrophe():
    scan = MultiScan([["b"], ["a", "(?:will|'ll) be", "go"]], compile_after=0)
    text = "we'll be a b, you will be, i'll go 'll be x'll be"
    assert scan.fast().leads and scan.spans(text) == _reference(scan, text)
    assert scan.spans(text)[1] == [(2, 8), (9, 10), (18, 25), (32, 34), (43, 49)]


def test_a_word_category_term_at_a_digit():
    # a term that may start with any word character, none of the terms naming a digit
    scan = MultiScan([["(?:\\w+ )?b", "a"], ["1"]], compile_after=0)
    assert scan.spans(" 1 b a") == _reference(scan, " 1 b a") == [[(1, 4), (5, 6)], [(1, 2)]]


def test_buckets_and_fallbacks():
    fast = fast_pattern([["only (?:\\d+|one)", "(?:\\w+ )?windows?", "(?<!card )expires"]])
    assert fast is not None and fast.alone == ()
    # one bucket per first character, then the digits, then the other word characters
    assert [fast.bucket(ch) != () for ch in "oe7xé-"] == [True, True, True, True, True, False]
    fast = fast_pattern([["a", "\\d+ left"], ["b"]])
    assert [len(fast.bucket(ch)) for ch in "ab1x"] == [1, 1, 1, 0]
    for lead in (["-a"], ["a", "'ll be"], ["(?:will|'ll) be"]):
        fast = fast_pattern([["b"], lead])
        assert fast.alone == () and set(fast.leads) == {1}, lead
    for unsafe in (["[a-c]b"], ["a?"], ["(a)\\1"], ["(?i:a)b"], ["x", "(?:)"], ["[^a]b"]):
        assert fast_pattern([unsafe]) is None, unsafe
        assert fast_pattern([["a"], unsafe, ["b"]]).alone == (1,)


def test_plain_until_compile_after():
    scan = MultiScan([["ab", "b"]], compile_after=2)
    for _ in range(2):
        assert scan.spans("ab b") == [[(0, 2), (3, 4)]]
    assert scan._fast is not None and not hasattr(scan._fast, "pattern")
    assert scan.spans("ab b") == [[(0, 2), (3, 4)]]
    assert isinstance(scan._fast.pattern, re.Pattern)


def _texts():
    for top in ("examples", "tests/corpus", "tests/corpus-dev-5"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in (".md", ".txt", ".html", ".eml"):
                yield fold(path.read_text(encoding="utf-8", errors="replace"))


def test_pressure_score_classes_on_corpus_texts():
    """PR155's shipped classes, the combined scan against finditer, on real copy."""
    data = _toml.loads(pressure_score.DATA.read_text(encoding="utf-8"))
    classes = [[t for t in spec["terms"] if t] for spec in data["classes"].values()]
    scan = MultiScan(classes, 0)
    texts = list(_texts())
    assert len(texts) > 100
    for text in texts:
        assert scan.spans(text) == _reference(scan, text)
    # the shipped data may add a term the combined pattern cannot model (that class then
    # runs its own pattern): the scan is exact either way, so only most classes are asked for
    assert len(scan.fast().alone) < len(classes) // 2
    for text in texts[:40]:
        for lo in range(0, len(text), 113):
            hi = min(len(text), lo + 170)
            assert scan.spans(text, lo, hi) == _reference(scan, text, lo, hi)


def test_the_model_scans_its_cue_classes():
    mdl = pressure_score.model()
    cues = [c for c in mdl.classes if c.cue]
    assert mdl.scan is not None
    assert [p.pattern for p in mdl.scan.patterns] == [c.pattern.pattern for c in cues]


def test_split_alternation():
    assert split_alternation(r"\b(?:a[|]b|c\|d|(?:e|f)|[]|]x|[^]|]y|z)\b") == [
        "a[|]b",
        "c\\|d",
        "(?:e|f)",
        "[]|]x",
        "[^]|]y",
        "z",
    ]
    assert split_alternation(r"\b(?:a)|(?:b)\b") == ["a)|(?:b"]  # not one alternation
    for source in pressure.CUES.values():
        terms = split_alternation(source)
        assert len(terms) > 1 and MultiScan([terms]).patterns[0].pattern == source


def test_due_counts_uses_then_compiles():
    scan = MultiScan([["ab", "b"]], compile_after=2)
    assert [scan.due(), scan.due(), scan.due(), scan.due()] == [False, False, True, True]
    assert scan.spans("ab b") == [[(0, 2), (3, 4)]]
    assert MultiScan([["-a"]], compile_after=0).due() is False  # nothing to combine


def test_nothing_is_compiled_until_used():
    scan = MultiScan([["ab", "b"]], compile_after=1)
    assert scan._patterns is None and scan._fast is not None
    assert scan.due() is False  # one use counted, still within compile_after
    assert scan._patterns is None  # due() alone compiles neither pattern set
    assert scan.spans("ab b") == [[(0, 2), (3, 4)]]  # the second use: combined pattern built
    assert scan._patterns is not None and isinstance(scan._fast.pattern, re.Pattern)


def test_pressure_scan_counts_messages_once():
    from outreach_lint.checks import pressure

    saved = pressure._SCAN
    try:
        pressure._SCAN = None
        results = [pressure._combined_scan() for _ in range(pressure._SCAN_AFTER + 2)]
        assert results[: pressure._SCAN_AFTER] == [None] * pressure._SCAN_AFTER
        assert results[-1] is results[-2] is pressure._SCAN and results[-1] is not None
    finally:
        pressure._SCAN = saved


def test_a_scan_of_patterns_splits_them_only_when_due(monkeypatch):
    """PR150's scan is made on a run's first message: splitting its classes into terms costs
    ~10 M instructions, so a scan made from the class patterns splits them only when its
    combined pattern is due, and is the same scan as one made from the split terms."""
    from outreach_lint import wordscan

    sources = [pressure.CUES[name] for name in pressure._NAMES]
    calls = []
    real = wordscan.split_alternation
    monkeypatch.setattr(wordscan, "split_alternation", lambda s: calls.append(s) or real(s))
    lazy = MultiScan.of_patterns(sources, compile_after=2)
    eager = MultiScan([real(s) for s in sources], compile_after=2)
    texts = list(_texts())[:30]
    for text in texts[:2]:  # within compile_after: the own patterns, nothing split
        assert lazy.spans(text) == eager.spans(text)
    assert calls == []
    assert [p.pattern for p in lazy.patterns] == [p.pattern for p in eager.patterns] == sources
    for text in texts[2:]:  # due: split now, the combined pattern from the same terms
        assert lazy.spans(text) == eager.spans(text) == _reference(eager, text)
    assert calls == sources
    assert lazy._terms() == eager._terms()
    assert lazy.fast() is not None and lazy.fast().pattern.pattern == eager.fast().pattern.pattern
    with pytest.raises(ValueError):
        MultiScan.of_patterns([r"\b(?:a)"])
    assert pressure._new_scan()._classes is None  # PR150 makes its scan this way
