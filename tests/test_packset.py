"""The run's packs restored from one compiled-cache entry (``packs.load_packs``, session 12).

A one-file run used to open, CRC-check and key-check seven ``pack-*`` entries; it now reads one
``packset-*`` entry. The restored packs must equal parsed ones field by field (and in the same
instance dict order), a changed, damaged or failing set must take the per-pack path, and the
registry must see the same rules and errors in the same order.
"""

from __future__ import annotations

from pathlib import Path

from outreach_lint import compiled, packs
from outreach_lint.packs import (
    PackError,
    _load_pack_bytes,
    _pack_from_record,
    _pack_record,
    builtin_pack_paths,
    load_packs,
)
from outreach_lint.prefilter import requirements, start_anchor, word_requirements

ITEMS = [(str(p), "builtin") for p in builtin_pack_paths()]


def _parsed():
    return [_load_pack_bytes(Path(p).read_bytes(), p, o) for p, o in ITEMS]


def _same(a, b):
    assert a == b
    for x, y in zip(a.rules, b.rules):
        assert x == y and x.meta == y.meta and hash(x.meta) == hash(y.meta)
        assert list(vars(x)) == list(vars(y)) and list(vars(x.meta)) == list(vars(y.meta))
        assert repr(x) == repr(y)
        for p, q in zip(x.patterns, y.patterns):  # y parsed: its facts computed here
            if p.requirements is not packs._UNKNOWN:
                facts = (requirements(q), word_requirements(q), start_anchor(q))
                assert (p.requirements, p.words, p.anchor) == facts


def test_second_run_reads_one_entry_and_gets_the_parsed_packs(fresh_packs, monkeypatch):
    first = load_packs(ITEMS)
    assert list(fresh_packs.glob("packset-*.bin")) and len(
        list(fresh_packs.glob("pack-*.bin"))
    ) == len(ITEMS)
    loads = []
    real = compiled.load
    monkeypatch.setattr(compiled, "load", lambda name, key: loads.append(name) or real(name, key))
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    second = load_packs(ITEMS)
    assert len(loads) == 1 and loads[0].startswith("packset-")
    for a, b, c in zip(first, second, _parsed()):
        _same(a, c)
        _same(b, c)


def test_a_damaged_set_entry_takes_the_per_pack_path(fresh_packs, monkeypatch):
    load_packs(ITEMS)
    (entry,) = fresh_packs.glob("packset-*.bin")
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0xFF
    entry.write_bytes(bytes(data))
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    for a, c in zip(load_packs(ITEMS), _parsed()):
        _same(a, c)
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    for a, c in zip(load_packs(ITEMS), _parsed()):  # rewritten
        _same(a, c)


def test_a_changed_pack_is_a_new_set(fresh_packs, tmp_path, monkeypatch):
    own = tmp_path / "house.toml"
    src = Path(ITEMS[0][0]).read_text(encoding="utf-8")
    own.write_text(src, encoding="utf-8")
    items = [*ITEMS[1:], (str(own), "plugin house")]
    load_packs(items)
    own.write_text(src.replace('summary = "', 'summary = "Changed. ', 1), encoding="utf-8")
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    got = load_packs(items)
    assert got[-1].rules[0].meta.summary.startswith("Changed. ")
    assert len(list(fresh_packs.glob("packset-*.bin"))) == 2


def test_errors_keep_their_place(fresh_packs, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema-version = [\n", encoding="utf-8")  # not TOML
    got = load_packs([ITEMS[0], (str(bad), "plugin x"), ITEMS[1]])
    assert isinstance(got[1], PackError) and not isinstance(got[0], PackError)
    assert got[2].path == ITEMS[1][0]
    assert not list(fresh_packs.glob("packset-*.bin"))  # a failing set is not stored
    missing = load_packs([ITEMS[0], (str(tmp_path / "gone.toml"), "plugin x")])
    assert isinstance(missing[1], PackError) and "cannot read" in str(missing[1])


def test_a_record_with_a_bad_identity_is_refused():
    """RuleMeta's own check (``validate_identity``) still holds for restored rules."""
    pack = _parsed()[0]
    name, description, rules = _pack_record(pack)
    m, r = rules[0]
    for bad in ({"code": "XX1"}, {"category": "nope"}, {"name": "Not Kebab"}):
        record = (name, description, ((dict(m, **bad), r), *rules[1:]))
        assert _pack_from_record(record, pack.path) is None
    shapes = ((dict(m), dict(r, patterns=(("x", 0, ("a",), None, None),))),)
    assert _pack_from_record((name, description, shapes), pack.path) is None
    ok = (name, description, rules)
    _same(_pack_from_record(ok, pack.path), pack)


def _counted_hashes(monkeypatch) -> list[bytes]:
    """The byte strings BLAKE2b hashes from now on, given at once or by ``update`` (the
    compiled cache imports it from ``_blake2`` at each use)."""
    import _blake2

    hashed: list[bytes] = []
    real = _blake2.blake2b

    class Counting:
        def __init__(self, data=b"", **kwargs):
            if data:
                hashed.append(bytes(data))
            self._h = real(data, **kwargs)

        def update(self, data):
            hashed.append(bytes(data))
            self._h.update(data)

        def digest(self):
            return self._h.digest()

        def hexdigest(self):
            return self._h.hexdigest()

    monkeypatch.setattr(_blake2, "blake2b", Counting)
    monkeypatch.setattr(compiled, "_content_hasher", None)  # looked up again: Counting
    return hashed


def test_a_run_with_the_result_cache_hashes_each_pack_once(fresh_packs, monkeypatch):
    # the rule-set key (cache.ruleset_fingerprint) and the packs' own keys (load_packs) take
    # the same digest of the same bytes: a cache-miss run hashes every pack file once
    from outreach_lint import cache
    from outreach_lint.engine import create_linter

    monkeypatch.setattr(compiled, "_CONTENTS", {})
    linter = create_linter(isolated=True, no_plugins=True)
    hashed = _counted_hashes(monkeypatch)
    cache.ruleset_fingerprint(linter)
    first = load_packs(ITEMS)
    contents = [Path(p).read_bytes() for p, _ in ITEMS]
    assert sorted(d for d in hashed if d in contents) == sorted(contents)
    for a, b in zip(first, _parsed()):
        _same(a, b)


def test_a_kept_digest_serves_only_the_same_bytes(fresh_packs, tmp_path, monkeypatch):
    monkeypatch.setattr(compiled, "_CONTENTS", {})
    path = str(tmp_path / "p.toml")
    a = compiled.content_digest(path, b"alpha")
    hashed = _counted_hashes(monkeypatch)
    assert compiled.content_digest(path, b"alpha") == a and hashed == []
    b = compiled.content_digest(path, b"alphb")  # same size, other bytes: hashed again
    assert b != a and hashed == [b"alphb"]
    assert compiled.content_digest(str(tmp_path / "q.toml"), b"alpha") == a  # by content


def test_a_pack_changed_after_the_key_is_loaded_from_its_new_bytes(
    fresh_packs, tmp_path, monkeypatch
):
    # the rule-set key read one version of a pack, the run then reads another: the pack key
    # (and so the pack) follows the bytes read, not the digest kept from the first read
    from outreach_lint import cache
    from outreach_lint.engine import create_linter

    monkeypatch.setattr(compiled, "_CONTENTS", {})
    path = tmp_path / "house.toml"
    pack = (
        'schema-version = 1\n[[rules]]\ncode = "HY901"\nname = "house-word"\ncategory = "hype"\n'
        'summary = "s"\nrationale = "r"\nmessage = "\'{match}\' is banned here"\nphrases = ["%s"]\n'
    )
    path.write_text(pack % "roadmap")
    linter = create_linter(isolated=True, no_plugins=True)
    monkeypatch.setattr(packs, "builtin_pack_paths", lambda: [path])
    cache.ruleset_fingerprint(linter)
    path.write_text(pack % "dashboards")
    (loaded,) = load_packs([(str(path), "builtin")])
    assert loaded.rules[0].phrases == ("dashboards",)
