"""The compiled cache (expansions, matcher, format table): same results, safe loads."""

from __future__ import annotations

import marshal

import pytest
from conftest import new_process
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import compiled
from outreach_lint.builtin import BUILTIN_FORMATS
from outreach_lint.formats import lazy
from outreach_lint.packs import (
    PackMatcher,
    _build_trie,
    _LazyTable,
    builtin_pack_paths,
    load_pack,
)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    new_process(monkeypatch, compiled.EXPANSIONS)
    return tmp_path / "compiled"


@pytest.fixture(scope="module")
def built_trie(tmp_path_factory):
    """The trie the built-in rules build with an empty compiled cache, built once for the
    module (the tests that damage an entry build their own matchers after it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(compiled.ENV, str(tmp_path_factory.mktemp("built-trie")))
        new_process(mp, compiled.EXPANSIONS)
        return PackMatcher(builtin_rules())._trie


def builtin_rules():
    return [r for p in builtin_pack_paths() for r in load_pack(p).rules]


def full_trie(trie):
    """A trie from the cache with every node read and decoded (a lazy root reads a first
    word's node on ``[]``, a lazy node a child on ``.get``)."""
    out = {}
    for k in list(trie):
        node = trie[k]
        if isinstance(node, bytes):
            node = marshal.loads(node)
        out[k] = {key: node.get(key) for key in list(node)}
    return out


def test_matcher_from_cache_equals_built_matcher(fresh):
    first = PackMatcher(builtin_rules())
    assert list(fresh.glob("matcher-*.bin")), "a large matcher is written to the cache"
    second = PackMatcher(builtin_rules())
    assert isinstance(second._table, _LazyTable)
    # nothing but the index is read until a document reaches a branch
    assert all(compiled.is_ref(v) for v in dict.values(second._trie)), "nodes read lazily"
    assert all(compiled.is_ref(v) for v in second._table._chunks.values())
    assert full_trie(second._trie) == first._trie == _build_trie(first._table)
    assert dict(second._table) == first._table
    assert len(second._table) == len(first._table)
    assert sorted(second.literals()) == sorted(first.literals())


def _damage(path, how):
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        path.write_bytes(data[:-7] + bytes([data[-7] ^ 0x55]) + data[-6:])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "magic":
        path.write_bytes(b"XXXX" + data[4:])


@pytest.mark.parametrize("how", ["truncate", "flip", "empty", "magic", "header"])
def test_damaged_matcher_entry_is_ignored_and_rewritten(fresh, how):
    first = PackMatcher(builtin_rules())
    expected = first._trie
    (path,) = fresh.glob("matcher-*.bin")
    if how == "header":  # a byte of the index
        data = path.read_bytes()
        path.write_bytes(data[:20] + bytes([data[20] ^ 0x55]) + data[21:])
    else:
        _damage(path, how)
    again = PackMatcher(builtin_rules())
    # a damaged header is a miss now (built and rewritten); a damaged part when it is read
    # (test_a_damaged_part_met_while_linting_gives_the_same_hits)
    assert sorted(again.literals()) == sorted(first.literals())
    if how in ("empty", "magic", "header"):
        assert again._trie == expected
        assert full_trie(PackMatcher(builtin_rules())._trie) == expected  # and rewritten


@pytest.mark.parametrize("where", ["table", "node", "child"])
def test_a_damaged_part_met_while_linting_gives_the_same_hits(fresh, where):
    """A part found damaged in the middle of a run (the table chunk, the trie node or a
    child of the node of a word the document has): the matcher is built again, the
    document's hits are those of a matcher built from the rules, and the file is rewritten."""
    from outreach_lint.document import Document
    from outreach_lint.packs import _SEP, _LazyTrie, _matcher_key

    rules = builtin_rules()
    first = PackMatcher(rules)
    text = "Act now: only 3 spots left, don't miss out. I hope this email finds you well."
    doc = Document(path="x.txt", source=text, prose=text, format="text")
    expected = first.run(doc)
    assert expected
    key = _matcher_key(rules)
    value, parts = compiled.load_indexed(f"matcher-{key[:32]}", key)
    ref = value[1]["act"] if where == "table" else value[2]["act"]
    if where == "child":
        ref = marshal.loads(parts.read(ref))[" " + _SEP + "now"]
    offset, size, _crc = ref
    (path,) = fresh.glob("matcher-*.bin")
    data = bytearray(path.read_bytes())
    data[12 + int.from_bytes(data[4:8], "little") + offset + size // 2] ^= 0x55
    path.write_bytes(bytes(data))
    again = PackMatcher(rules)
    assert isinstance(again._trie, _LazyTrie)
    assert again.run(doc) == expected
    assert not isinstance(again._trie, _LazyTrie)  # it met the damage and was built
    third = PackMatcher(rules)
    assert isinstance(third._trie, _LazyTrie) and third.run(doc) == expected
    assert full_trie(third._trie) == first._trie  # the rewritten file reads whole


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        (1, 2),
        (1, {}, {"a": 1}),
        ("x", {}, {}),
        (3, {"a": b""}, {"b": b""}),
        (3, {"a": (0, 1, 0)}, {"a": 7}),  # not a part reference
        (3, {"a": (0, 1, 0)}, {"a": (0, -1, 0)}),
        (3, {"a": (0, 1, 0)}, {"b": (0, 1, 0)}),  # a node without its table chunk
    ],
)
def test_matcher_entry_of_the_wrong_shape_is_ignored(fresh, value, built_trie):
    from outreach_lint.packs import _matcher_key

    rules = builtin_rules()
    expected = built_trie
    key = _matcher_key(rules)
    compiled.save_indexed(f"matcher-{key[:32]}", key, value, [b"x"])
    assert PackMatcher(rules)._trie == expected
    compiled.save(f"matcher-{key[:32]}", key, value)  # the former, whole-file format
    assert PackMatcher(rules)._trie == expected


def test_expansions_survive_a_round_trip_and_bad_files(fresh, monkeypatch):
    from outreach_lint.phrases import expand

    literals = expand("close+ the deal|sale")
    compiled.EXPANSIONS.flush()
    new_process(monkeypatch, compiled.EXPANSIONS)
    assert compiled.expansions()["close+ the deal|sale"] == literals
    compiled.save(compiled.EXPANSIONS.name(compiled.code_key()), compiled.code_key(), {"x": [1]})
    new_process(monkeypatch, compiled.EXPANSIONS)
    assert compiled.expansions() == {}
    assert expand("close+ the deal|sale") == literals


def test_disabled_with_zero(monkeypatch, tmp_path):
    monkeypatch.setenv(compiled.ENV, "0")
    assert compiled.root() is None
    compiled.save("x", "k", {"a": 1})
    assert compiled.load("x", "k") is None


def test_entries_round_trip_and_check_their_key(fresh):
    compiled.save("x", "k1", {"a": [1, (2, b"3")]})
    assert compiled.load("x", "k1") == {"a": [1, (2, b"3")]}
    assert compiled.load("x", "k2") is None  # the key is stored in the entry and compared
    assert compiled.load("missing", "k1") is None


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(compiled.ENV, str(blocker / "sub"))
    compiled.save("x", "k", {"a": 1})
    assert compiled.load("x", "k") is None
    assert PackMatcher(builtin_rules())._table


def test_lazy_formats_match_the_real_ones(fresh):
    from outreach_lint.formats import DocumentFormat

    real = lazy.formats(BUILTIN_FORMATS)  # first call: imports, writes the table
    cached = lazy.formats(BUILTIN_FORMATS)
    assert all(isinstance(f, DocumentFormat) for f in cached)
    assert all(getattr(f.parse, "lazy", False) for f in cached)
    text = "Subject: Hi\n\nHi Sam,\n\nLet's close the deal.\n\nBest,\nAl\n"
    for r, c in zip(real, cached):
        assert (c.name, c.extensions, c.description, c.discover) == (
            r.name,
            r.extensions,
            r.description,
            getattr(r, "discover", True),
        )
        assert (c.sniff is None) == (r.sniff is None)
        if r.sniff is not None:
            assert c.sniff(text) == bool(r.sniff(text))
        if r.name in ("text", "markdown", "html", "template"):
            assert [d.prose for d in c.parse("a", text, {})] == [
                d.prose for d in r.parse("a", text, {})
            ]


def test_second_run_with_lazy_formats_lints(run, write):
    root = write({"a.txt": "Hi Sam,\n\nLet's close the deal.\n", "b.md": "Hi,\n\nAct now!\n"})
    first = run("--no-cache", str(root))
    second = run("--no-cache", str(root))  # formats now come from the compiled cache
    assert first == second and first[0] == 1 and first[2] == ""


def test_lazy_formats_ignore_a_bad_table(fresh):
    lazy.formats(BUILTIN_FORMATS)
    compiled.save(f"formats-{lazy._key()[:16]}", lazy._key(), [{"name": 1}])
    assert not any(getattr(f.parse, "lazy", False) for f in lazy.formats(BUILTIN_FORMATS))


def test_pattern_analysis_is_kept_on_parsed_patterns(monkeypatch, tmp_path):
    """Packs parsed afresh (the compiled cache off, or lacking them) carry no prefilter facts:
    the first matcher computes them and keeps them on the patterns, so a later matcher of the
    process (a resident server's forked child) does not analyse ~130 patterns again."""
    import outreach_lint.packs as packs

    monkeypatch.setenv(compiled.ENV, "0")
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    calls = []
    for name in ("requirements", "word_requirements", "start_anchor"):
        real = getattr(packs, name)

        def counting(pattern, _real=real, _name=name):
            calls.append(_name)
            return _real(pattern)

        monkeypatch.setattr(packs, name, counting)
    rules = builtin_rules()
    assert all(p.words is packs._UNKNOWN for r in rules for p in r.patterns)
    first = PackMatcher(rules)._pattern_plan()
    assert calls
    calls.clear()
    second = PackMatcher(rules)._pattern_plan()
    assert calls == [] and second == first
    # the same facts as packs read from the compiled cache carry
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    builtin_rules()  # written
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    from_cache = builtin_rules()
    assert all(p.words is not packs._UNKNOWN for r in from_cache for p in r.patterns)
    assert PackMatcher(from_cache)._pattern_plan() == first


_REF_ITEMS = st.one_of(
    st.tuples(st.integers(-2, 5), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.integers(0, 5), st.booleans(), st.integers(0, 5)),
    st.tuples(st.integers(0, 5), st.floats(0, 5), st.integers(0, 5)),
    st.lists(st.integers(0, 5), min_size=3, max_size=3),
    st.integers(0, 5),
    st.text(max_size=3),
    st.none(),
)


@given(st.lists(_REF_ITEMS, max_size=6))
@settings(max_examples=400, deadline=None)
def test_are_refs_is_is_ref_of_every_item(values):
    """The matcher entry's references are checked in C (are_refs): the same answer as
    is_ref item by item, on shapes a damaged or foreign entry could hold."""
    assert compiled.are_refs(values) == all(compiled.is_ref(v) for v in values)
    assert compiled.are_refs(iter(values)) == all(compiled.is_ref(v) for v in values)


def test_a_matcher_entry_with_a_bad_reference_is_a_miss(fresh):
    from outreach_lint.packs import _cached_matcher, _matcher_key

    rules = builtin_rules()
    assert _cached_matcher(rules) is None
    PackMatcher(rules)  # builds and saves it
    assert _cached_matcher(rules) is not None
    key = _matcher_key(rules)
    value, _parts = compiled.load_indexed(f"matcher-{key[:32]}", key)
    count, table_chunks, trie_nodes = value
    for bad in ((0, 1), (0, -1, 3), (0, True, 3), [0, 1, 2], (0, 1.0, 2)):
        first = next(iter(trie_nodes))
        nodes = {**trie_nodes, first: bad}
        compiled.save_indexed(f"matcher-{key[:32]}", key, (count, table_chunks, nodes), [])
        assert _cached_matcher(rules) is None, bad


def test_the_matcher_key_is_the_data_not_its_sharing():
    """The matcher key encodes the rules' phrases with marshal version 2 (no references):
    equal data in other objects (fresh, uninterned strings) gives the same key, different
    data (a phrase, its container type) another; unmarshallable data falls back to repr."""
    from dataclasses import replace

    from outreach_lint.packs import _matcher_key

    rules = builtin_rules()
    key = _matcher_key(rules)
    fresh = [
        replace(r, phrases=tuple("".join(list(p)) for p in r.phrases)) for r in rules
    ]  # equal strings, new objects
    assert _matcher_key(fresh) == key
    shared = [replace(r, phrases=r.phrases + r.phrases[:1]) for r in rules[:1]] + rules[1:]
    assert _matcher_key(shared) != key
    listed = [replace(rules[0], phrases=list(rules[0].phrases)), *rules[1:]]
    assert _matcher_key(listed) != key

    class Odd(str):
        pass

    odd = [replace(rules[0], phrases=(Odd("x"),)), *rules[1:]]
    assert _matcher_key(odd) == _matcher_key([replace(rules[0], phrases=(Odd("x"),)), *rules[1:]])
    assert _matcher_key(odd) != _matcher_key([replace(rules[0], phrases=("y",)), *rules[1:]])
