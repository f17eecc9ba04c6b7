"""The result cache's stat index on disk (``statindex.py``): written sorted, read by block.

A run's notes go to sorted chunks in a temporary file past ``NOTES_IN_MEMORY`` and are merged
when the index is written; the next run keeps one name in ``BLOCK_ROWS`` and reads a block per
lookup. These tests shrink every limit (notes in memory, the merge's block, the rows of a
block, the blocks kept) so that a few dozen names cross every boundary, with names that sort
differently as text and as bytes (quotes, tabs, backslashes, non-ASCII, lone surrogates), and
compare with a dict built independently. A damaged index (another rule set, cut short
anywhere, unsorted, a line without a tab) only loses rows, never answers a wrong one.
"""

from __future__ import annotations

import io
import os
import random

import pytest

from outreach_lint import statindex
from outreach_lint.statindex import IndexFile, Notes, note_line

HEAD = b'{"ruleset": "r"}'
ODD = ["a b.md", "a/b.md", "a-b.md", 'q"uote.md', "tab\there.md", "back\\slash.md", "é.md"]


@pytest.fixture
def tiny(monkeypatch):
    """Notes: a chunk every 3, merged 7 bytes at a time; index: 3 rows a block, 1 kept."""
    monkeypatch.setattr(statindex, "NOTES_IN_MEMORY", 3)
    monkeypatch.setattr(statindex, "NOTES_BLOCK", 7)
    monkeypatch.setattr(statindex, "BLOCK_ROWS", 3)
    monkeypatch.setattr(statindex, "BLOCKS_KEPT", 1)


def _names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = [*ODD, os.fsdecode(b"bad-\xff.md")]
    while len(names) < count:
        names.append(f"d{rng.randrange(5)}/{'x' * rng.randrange(1, 30)}{len(names)}.md")
    return names[:count]


def _noted(count: int, seed: int) -> tuple[Notes, dict[str, str], list[bytes]]:
    """Notes of ``count`` names added in a shuffled order, a few twice (the last wins)."""
    rng = random.Random(seed)
    names = _names(count, seed)
    order = names + rng.sample(names, min(3, count))
    rng.shuffle(order)
    notes, expected, added = Notes(), {}, []
    for n, name in enumerate(order):
        row = f"{n} {rng.randrange(10**9)} {'k' * 64}"
        line = note_line(name, row)
        notes.add(line)
        added.append(line)
        expected[name] = row
    return notes, expected, added


def _index(tmp_path, notes: Notes) -> IndexFile:
    out = io.BytesIO()
    statindex.write(out, HEAD, notes)
    path = tmp_path / "index"
    path.write_bytes(out.getvalue())
    index = IndexFile.open(path, HEAD)
    assert index is not None
    return index


@pytest.mark.parametrize("count", [0, 1, 3, 4, 10, 41])
def test_notes_come_out_sorted_once_each_and_the_index_answers_like_a_dict(tmp_path, tiny, count):
    notes, expected, added = _noted(count, seed=count)
    assert sorted(notes.lines()) == sorted(added)  # what a worker hands over: every note
    assert (notes.held is None) == (len(added) >= 3)  # chunks written past the limit
    lines = list(notes.sorted())
    names = [line.split(b"\t")[0] for line in lines]
    assert names == sorted(set(names)) and len(lines) == len(expected)
    index = _index(tmp_path, notes)
    assert index.rows == len(expected)
    for name in expected:
        assert index.get(name) == expected[name], name
    for absent in ["", "!", "a", "zzz", "d2/", "d9/x.md", "a b.mdx", "é"]:
        if absent not in expected:
            assert index.get(absent) is None
    index.close()
    notes.close()


def test_an_index_of_another_rule_set_or_unsorted_is_not_used(tmp_path, tiny):
    notes, _, _ = _noted(12, seed=3)
    index = _index(tmp_path, notes)
    index.close()
    path = tmp_path / "index"
    assert IndexFile.open(path, b'{"ruleset": "other"}') is None
    assert IndexFile.open(tmp_path / "missing", HEAD) is None
    head, *rows = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(head + b"".join(reversed(rows)))
    assert IndexFile.open(path, HEAD) is None


def test_a_damaged_index_loses_rows_and_never_answers_a_wrong_one(tmp_path, tiny):
    notes, expected, _ = _noted(14, seed=5)
    _index(tmp_path, notes).close()
    path = tmp_path / "index"
    whole = path.read_bytes()
    for size in range(len(whole) + 1):
        path.write_bytes(whole[:size])
        index = IndexFile.open(path, HEAD)
        if index is None:
            assert size <= len(HEAD)
            continue
        found = {name: index.get(name) for name in expected}
        assert all(row in (None, expected[name]) for name, row in found.items()), size
        # whole lines are all served; the cut line is not
        assert sum(row is not None for row in found.values()) == whole[:size].count(b"\n") - 1
        index.close()
    lines = whole.splitlines(keepends=True)
    path.write_bytes(b"".join([*lines[:2], b"no tab here\n", *lines[2:]]))  # mid-block
    index = IndexFile.open(path, HEAD)
    assert index is not None
    assert {name: index.get(name) for name in expected} == expected
    index.close()


def test_a_warm_run_with_tiny_blocks_serves_every_file_from_the_index(
    write, tmp_path, monkeypatch, tiny
):
    """The runner and the cache: 30 files in nested folders (discovery order is not the
    index's order), notes spilled and merged; the next run finds every one in the index,
    and an unchanged index is not written again."""
    from outreach_lint import cache as cache_module
    from outreach_lint import runner
    from outreach_lint.cache import ResultCache
    from outreach_lint.engine import create_linter

    monkeypatch.setattr(cache_module, "RACY_NS", -(10**15))  # files just written count as old
    files = {
        f"{d}/{name}": f"Hi Sam,\n\nAct now, note {d}{name}!\n"
        for d in ("a", "a/b", "a-b", "z")
        for name in ("z.md", "a.md", "m n.md", "é.md")
    }
    files.update({f"t{i}.md": f"Hi Sam,\n\nNote {i}.\n" for i in range(14)})
    root = write(files)
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    assert len(paths) == 30
    store = tmp_path / "c"
    (store).mkdir()
    (store / "index-v1.json").write_text("{}")  # format 1's index: removed when one is written

    def one_run():
        cache = ResultCache.for_linter(linter, store)
        results = list(runner.lint_paths(linter, paths, jobs=1, cache=cache))
        cache.save_index()
        return cache, results

    _, cold = one_run()
    assert not (store / "index-v1.json").exists()
    index = store / "index-v2.jsonl"
    written = index.read_bytes()
    assert len(written.splitlines()) == 31
    cache, warm = one_run()
    assert cache.index_hits == 30 and warm == cold
    assert index.read_bytes() == written
