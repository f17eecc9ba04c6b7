"""The compiled cache (phrase expansions, matcher trie, format table): same results, safe loads."""

from __future__ import annotations

import json

import pytest

from outreach_lint import compiled
from outreach_lint.builtin import BUILTIN_FORMATS
from outreach_lint.formats import lazy
from outreach_lint.packs import PackMatcher, _build_trie, builtin_pack_paths, load_pack


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    monkeypatch.setattr(compiled, "_expansions", None)
    return tmp_path / "compiled"


def builtin_rules():
    return [r for p in builtin_pack_paths() for r in load_pack(p).rules]


def test_trie_from_cache_equals_built_trie(fresh):
    first = PackMatcher(builtin_rules())
    assert list(fresh.glob("trie-*.json")), "a large trie is written to the cache"
    second = PackMatcher(builtin_rules())
    assert second._trie == first._trie == _build_trie(first._table)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{", b'{"key": "x", "value": {}}', b"[]", b'{"key": "%s", "value": {"a": 1}}'],
)
def test_corrupt_trie_is_ignored_and_rewritten(fresh, garbage):
    expected = PackMatcher(builtin_rules())._trie
    (path,) = fresh.glob("trie-*.json")
    key = json.loads(path.read_bytes())["key"]
    path.write_bytes(garbage.replace(b"%s", key.encode()))
    assert PackMatcher(builtin_rules())._trie == expected
    assert json.loads(path.read_bytes())["key"] == key


def test_expansions_survive_a_round_trip_and_bad_files(fresh, monkeypatch):
    from outreach_lint.phrases import expand

    literals = expand("close+ the deal|sale")
    compiled._flush()
    monkeypatch.setattr(compiled, "_expansions", None)
    assert compiled.expansions()["close+ the deal|sale"] == literals
    bad = {"key": compiled.code_key(), "value": {"x": [1]}}
    (fresh / "expansions.json").write_text(json.dumps(bad))
    monkeypatch.setattr(compiled, "_expansions", None)
    assert compiled.expansions() == {}
    assert expand("close+ the deal|sale") == literals


def test_disabled_with_zero(monkeypatch, tmp_path):
    monkeypatch.setenv(compiled.ENV, "0")
    assert compiled.root() is None
    compiled.save("x", "k", {"a": 1})
    assert compiled.load("x", "k") is None


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
    (fresh / "formats.json").write_text(json.dumps({"key": lazy._key(), "value": [{"name": 1}]}))
    assert not any(getattr(f.parse, "lazy", False) for f in lazy.formats(BUILTIN_FORMATS))
