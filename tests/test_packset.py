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
