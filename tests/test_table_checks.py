"""Table-level shape checks of the compiled cache (``Table(valid_all=...)``): checked in C for
the exact types of marshalled data, they may say True only where the item-by-item check says
True for every item (a False is decided by the item check), and they do say True for the
tables a real run writes (or they would save nothing)."""

from __future__ import annotations

import marshal

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import compiled, prefilter, recache
from outreach_lint.packs import builtin_pack_paths, load_pack


class Text(str):
    pass


class Row(tuple):
    pass


class Flag(int):
    pass


HASHABLE_SCALARS = st.one_of(
    st.text(max_size=3),
    st.text(max_size=3).map(Text),
    st.integers(min_value=-2, max_value=2**33),
    st.integers(0, 3).map(Flag),
    st.booleans(),
    st.none(),
    st.binary(max_size=9),
)
SCALARS = st.one_of(
    HASHABLE_SCALARS, st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=2)
)
TUPLES = st.one_of(
    st.lists(SCALARS, max_size=5).map(tuple),
    st.lists(SCALARS, max_size=3).map(Row),
    st.lists(st.lists(st.text(max_size=2), max_size=2).map(tuple), max_size=3).map(tuple),
)
ITEMS = st.one_of(SCALARS, TUPLES)
KEYS = st.one_of(
    HASHABLE_SCALARS,
    st.lists(HASHABLE_SCALARS, max_size=4).map(tuple),
    st.lists(HASHABLE_SCALARS, max_size=3).map(Row),
)


def _near_valid_prefilter_key():
    return st.tuples(
        st.one_of(st.text(max_size=4), st.text(max_size=2).map(Text), st.integers()),
        st.one_of(st.integers(0, 300), st.booleans(), st.integers(0, 3).map(Flag)),
        st.one_of(st.booleans(), st.integers(0, 1)),
    )


def _near_valid_requirements():
    req = st.one_of(
        st.lists(st.text(max_size=3), max_size=3).map(tuple),
        st.lists(
            st.one_of(st.text(max_size=2), st.integers(), st.text(max_size=2).map(Text)), max_size=2
        ).map(tuple),
        st.lists(st.text(max_size=2), max_size=2).map(Row),
        st.lists(st.text(max_size=2), max_size=2),
    )
    return st.one_of(
        st.none(), st.lists(req, max_size=3).map(tuple), st.lists(req, max_size=2), ITEMS
    )


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.one_of(_near_valid_prefilter_key(), KEYS), _near_valid_requirements(), max_size=5
    )
)
def test_the_prefilter_table_check_says_yes_only_for_valid_items(table):
    every = all(prefilter._memo_valid(k, v) for k, v in table.items())
    fast = prefilter._memo_all_valid(table)
    assert not fast or every


def _near_valid_re_value():
    return st.one_of(
        st.tuples(
            st.one_of(st.integers(0, 300), st.booleans()),
            st.one_of(st.binary(max_size=12), st.text(max_size=2)),
            st.one_of(st.integers(0, 3), st.none()),
            st.one_of(
                st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=2), st.just([])
            ),
            st.one_of(st.just(()), st.just((None,)), st.just([]), st.just(Row())),
        ),
        ITEMS,
    )


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.one_of(
            st.tuples(
                st.one_of(st.text(max_size=3), st.text(max_size=2).map(Text)),
                st.one_of(st.integers(0, 9), st.booleans()),
            ),
            KEYS,
        ),
        _near_valid_re_value(),
        max_size=5,
    )
)
def test_the_re_table_check_says_yes_only_for_valid_items(table):
    every = all(recache._valid(k, v) for k, v in table.items())
    assert not recache._all_valid(table) or every
    assert not compiled.are_pattern_keys(table) or all(map(compiled.is_pattern_key, table))


def test_real_tables_pass_the_fast_check_and_bad_ones_fall_to_the_item_check():
    # what a run stores: requirements of the built-in packs' patterns, code of some patterns
    memo = {}
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            for p in rule.patterns:
                memo[(p.pattern, p.flags, False)] = prefilter.requirements(p)
    memo[("no literal", 0, True)] = None
    memo = marshal.loads(marshal.dumps(memo))
    assert len(memo) > 50 and any(v for v in memo.values()) and None in memo.values()
    assert prefilter._memo_all_valid(memo)
    table = {}
    for source in (r"\bhi\b", r"(?P<x>a)(b)", r"[a-z]+", r"(?i)deal"):
        table[(source, 0)] = recache._code_of(source, 0)
    table = marshal.loads(marshal.dumps(table))
    assert recache._all_valid(table) and all(recache._valid(k, v) for k, v in table.items())
    assert prefilter._memo_all_valid({}) and recache._all_valid({})
    # one bad item: the fast check says no, and so does the table read (item check)
    key = next(iter(memo))
    assert not prefilter._memo_all_valid({**memo, key: ((1,),)})
    bad_code = dict(table)
    first = next(iter(table))
    bad_code[first] = (0, b"abc", 0, {}, ())
    assert not recache._all_valid(bad_code)


def test_a_table_read_uses_the_fast_check_and_else_the_item_check(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_LINT_COMPILED_CACHE", str(tmp_path))
    calls = []

    def item_valid(k, v):
        calls.append(k)
        return type(k) is str and type(v) is int

    fast = compiled.Table("t", lambda: "k1", item_valid, valid_all=lambda t: len(t) == 2)
    compiled.save(fast.name("k1"), "k1", {"a": 1, "b": 2})
    assert fast.read("k1") == {"a": 1, "b": 2} and calls == []  # the fast check sufficed
    compiled.save(fast.name("k1"), "k1", {"a": 1, "b": 2, "c": "x"})
    assert fast.read("k1") == {} and sorted(calls) == ["a", "b", "c"]  # decided item by item


def _real_tables():
    memo = {}
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            for p in rule.patterns:
                memo[(p.pattern, p.flags, False)] = prefilter.requirements(p)
    memo[("no literal", 0, True)] = None
    table = {(s, 0): recache._code_of(s, 0) for s in (r"\bhi\b", r"(?P<x>a)(b)", r"[a-z]+")}
    return marshal.loads(marshal.dumps(memo)), marshal.loads(marshal.dumps(table))


def test_each_near_miss_is_refused_by_both_checks():
    memo, table = _real_tables()
    (source, flags, plain), reqs = next((k, v) for k, v in memo.items() if v)
    first = reqs[0]
    memo_misses = [
        {(Text(source), flags, plain): reqs},
        {(source, True, plain): reqs},
        {(source, Flag(flags), plain): reqs},
        {(source, flags, 1): reqs},
        {(source, flags): reqs},
        {(source, flags, plain): list(reqs)},
        {(source, flags, plain): (list(first), *reqs[1:])},
        {(source, flags, plain): ((7, *first[1:]), *reqs[1:])},
        {(source, flags, plain): "text"},
    ]
    for miss in memo_misses:
        # without the original key: an equal key (Text, Flag) would keep the original object
        bad = {k: v for k, v in memo.items() if k != (source, flags, plain)} | miss
        assert not all(prefilter._memo_valid(k, v) for k, v in bad.items()), miss
        assert not prefilter._memo_all_valid(bad), miss
    # subclasses pass the item check (isinstance) but not the check in C: the item check decides
    for odd in (
        {(source, flags, plain): Row(reqs)},
        {(source, flags, plain): (Row(first), *reqs[1:])},
        {(source, flags, plain): ((Text(first[0]), *first[1:]), *reqs[1:])},
    ):
        both = {**memo, **odd}
        assert all(prefilter._memo_valid(k, v) for k, v in both.items())
        assert not prefilter._memo_all_valid(both)
    (pattern, pflags), (f, code, groups, gi, ig) = next(iter(table.items()))
    re_misses = [
        {(Text(pattern), pflags): (f, code, groups, gi, ig)},
        {(pattern, True): (f, code, groups, gi, ig)},
        {(pattern, pflags): (True, code, groups, gi, ig)},
        {(pattern, pflags): (f, code[:-1], groups, gi, ig)},
        {(pattern, pflags): (f, bytearray(code), groups, gi, ig)},
        {(pattern, pflags): (f, code, None, gi, ig)},
        {(pattern, pflags): (f, code, groups, list(gi.items()), ig)},
        {(pattern, pflags): (f, code, groups, gi, list(ig))},
        {(pattern, pflags): (f, code, groups, gi)},
        {(pattern, pflags): [f, code, groups, gi, ig]},
    ]
    for miss in re_misses:
        bad = {k: v for k, v in table.items() if k != (pattern, pflags)} | miss
        assert not all(recache._valid(k, v) for k, v in bad.items()), miss
        assert not recache._all_valid(bad), miss
