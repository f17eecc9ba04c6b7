"""The indexed compiled-cache table (``compiled.IndexedTable``, the ``prefilter-`` memo): a
run reads only the items it asks for, and a stale, damaged or ill-shaped entry is a miss that
gives the same answers as no cache."""

from __future__ import annotations

import re

import pytest
from conftest import new_process

from outreach_lint import compiled, prefilter


def _valid(k, v):
    return type(k) is str and type(v) is int


def _table(limit=100, clear_when_full=False):
    # numbers by first letter: "apple" and "avocado" share a part
    return compiled.IndexedTable(
        "idxtest",
        lambda: "key-1",
        _valid,
        limit=limit,
        clear_when_full=clear_when_full,
        index_of=lambda k: ord(k[0]),
    )


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    return tmp_path / "compiled"


def _written(items, **kw):
    table = _table(**kw)
    for k, v in items.items():
        table.remember(k, v)
    table.flush()
    return _table(**kw)


ITEMS = {"apple": 1, "avocado": 2, "banana": 3, "cherry": 4}


def test_items_are_read_when_asked_for(cache_dir):
    table = _written(ITEMS)
    items = table.items()
    assert type(items) is compiled.LazyItems and dict(items) == {}  # nothing read yet
    assert items["apple"] == 1 and "avocado" in items  # one part holds both
    assert dict(items) == {"apple": 1, "avocado": 2}
    assert items.get("cherry") == 4 and items.get("durian", 9) == 9 and "durian" not in items
    assert items.count() == 4  # the items read and those of banana's part, not read
    items.load_all()
    assert dict(items) == ITEMS


def test_saving_keeps_the_items_never_read(cache_dir):
    table = _written(ITEMS)
    assert table.items()["banana"] == 3
    table.remember("date", 5)
    table.flush()
    again = _table().items()
    again.load_all()
    assert dict(again) == {**ITEMS, "date": 5}


def test_a_stale_or_foreign_entry_is_a_miss(cache_dir):
    def named(key):  # both keys name one file ("idxtest-key"): the stored key decides
        return compiled.IndexedTable(
            "idxtest", lambda: key, _valid, index_of=lambda k: ord(k[0]), chars=3
        )

    old = named("key-1")
    old.remember("apple", 1)
    old.flush()
    assert named("key-1").items()["apple"] == 1
    assert dict(named("key-2").items()) == {} and "apple" not in named("key-2").items()
    # the plain format under the indexed name is a miss too
    compiled.save(_table().name("key-1"), "key-1", dict(ITEMS))
    assert "apple" not in _table().items()


def test_a_damaged_or_ill_shaped_part_is_a_miss(cache_dir):
    table = _written(ITEMS)
    path = next(cache_dir.glob("idxtest-*.bin"))
    data = bytearray(path.read_bytes())
    at = data.index(b"cherry")  # inside the last part: the header stays intact
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    items = table.items()
    assert "cherry" not in items and items.get("cherry") is None  # the CRC catches it
    assert items["apple"] == 1 and items["banana"] == 3  # the other parts still serve
    # a part holding an item the table's check refuses adds nothing of that part
    bad = _table()
    bad.remember("apple", 1)
    bad.remember("avocado", "two")  # not an int: refused when read back
    bad.remember("banana", 3)
    bad.flush()
    items = _table().items()
    assert "apple" not in items and items["banana"] == 3


def test_the_bound_counts_the_items_not_read(cache_dir):
    table = _written({"apple": 1, "banana": 2}, limit=2)
    assert table.items().count() == 2
    assert table.put("cherry", 3) is False  # full, though nothing was read
    wrapping = _written({"apple": 1, "banana": 2}, limit=2, clear_when_full=True)
    wrapping.remember("cherry", 3)
    assert dict(wrapping.items()) == {"cherry": 3}  # a new table, as Table does when full


def test_the_prefilter_memo_reads_only_what_it_is_asked(cache_dir, monkeypatch):
    new_process(monkeypatch, prefilter.MEMO)
    monkeypatch.setattr(compiled, "_code_key", None)
    patterns = [re.compile(rf"\b(?:act now|limited time) only {n}\b") for n in range(20)]
    want = [prefilter._requirements(p, p.pattern, p.flags) for p in patterns]
    assert [prefilter.requirements(p) for p in patterns] == want
    prefilter.MEMO.flush()
    new_process(monkeypatch, prefilter.MEMO)
    monkeypatch.setattr(
        prefilter, "_requirements", lambda *a: pytest.fail("analysed again: not remembered")
    )
    assert prefilter.requirements(patterns[3]) == want[3]
    items = prefilter.MEMO.table
    assert type(items) is compiled.LazyItems and len(items) == 1  # one part read of twenty
    assert [prefilter.requirements(p) for p in patterns] == want
