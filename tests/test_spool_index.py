"""The spool's per-file index on disk: the same answers as in memory, in path order, and a
short (truncated) spool file is an error, never a wrong answer.

The index moves to its own temporary file past ``spool.INDEX_IN_MEMORY`` bytes of records
(2,048 files); these tests shrink the buffer, the block and the block cache so that a few
dozen files cross every boundary: records in the file and in the buffer, blocks evicted from
the cache, a :class:`~outreach_lint.spool.SpooledSignatures` walking from its marks.
"""

from __future__ import annotations

import os
import random

import pytest

from outreach_lint import spool as spool_module
from outreach_lint.engine import FileResult
from outreach_lint.model import Finding, Severity, Span
from outreach_lint.signature import DocSignature
from outreach_lint.spool import ResultSpool


@pytest.fixture
def tiny_index(monkeypatch):
    """Two records a block, two blocks cached, flushed past four records, a mark every 3."""
    monkeypatch.setattr(spool_module, "INDEX_IN_MEMORY", 128)
    monkeypatch.setattr(spool_module, "INDEX_BLOCK", 64)
    monkeypatch.setattr(spool_module, "INDEX_CACHED_BLOCKS", 2)
    monkeypatch.setattr(spool_module, "MARK_EVERY", 3)


def _finding(path: str, line: int) -> Finding:
    return Finding(
        code="PR101",
        name="n",
        category="pressure",
        severity=Severity.WARNING,
        message="m",
        span=Span(0, 1),
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=2,
    )


def _results(count: int, seed: int, shuffled: bool) -> list[FileResult]:
    """Files with 0-3 messages and 0-2 findings each, in folders, sorted or not."""
    rng = random.Random(seed)
    paths = [f"c{i % 7}/t{i:04d}-é.md" for i in range(count)]
    paths.sort()
    if shuffled:
        rng.shuffle(paths)
    out = []
    for n, path in enumerate(paths):
        sigs = tuple(
            DocSignature(path=path, line=k + 1, words=rng.randrange(100))
            for k in range(rng.randrange(4))
        )
        found = tuple(_finding(path, k + 1) for k in range(rng.randrange(3)))
        out.append(FileResult(path=path, findings=found, signatures=sigs, internal_errors=n % 2))
    return out


def _fill(results: list[FileResult], directory: str, limit: int) -> ResultSpool:
    spool = ResultSpool(directory, memory_limit=limit)
    for n, result in enumerate(results):
        spool.add(result, group=n % 3)
    return spool


def _reading(spool: ResultSpool) -> dict:
    """Everything a run reads back from a spool."""
    files = spool.files()
    sigs = spool.signatures()
    kept = spool.signatures(keep=lambda i: spool.group(i) != 1)
    return {
        "paths": list(spool.paths),
        "order": list(spool.order()),
        "files": list(files),
        "with_findings": [r.path for r in files.with_findings()],
        "groups": [spool.group(i) for i in range(len(spool))],
        "counts": [spool.file_signatures_count(i) for i in range(len(spool))],
        "sigs": list(sigs),
        "sigs_indexed": [sigs[i] for i in range(len(sigs))] + [sigs[-1]],
        "kept": list(kept),
        "kept_indexed": [kept[i] for i in range(len(kept))],
        "index_of": [files.index_of(p) for p in [*spool.paths, "nope", ""]],
        "digest": spool.digest(),
    }


@pytest.mark.parametrize("shuffled", [False, True])
def test_index_on_disk_reads_like_the_index_in_memory(tmp_path, monkeypatch, shuffled):
    results = _results(41, seed=3, shuffled=shuffled)
    with _fill(results, str(tmp_path), limit=10_000) as reference:
        expected = _reading(reference)
        assert not reference.on_disk and reference._index._file is None
    monkeypatch.setattr(spool_module, "INDEX_IN_MEMORY", 128)
    monkeypatch.setattr(spool_module, "INDEX_BLOCK", 64)
    monkeypatch.setattr(spool_module, "INDEX_CACHED_BLOCKS", 2)
    monkeypatch.setattr(spool_module, "MARK_EVERY", 3)
    for limit in (0, 5):
        with _fill(results, str(tmp_path), limit=limit) as spool:
            assert spool.on_disk and spool._index._file is not None
            assert 0 < spool._index._written < len(spool)  # records in the file and the buffer
            assert _reading(spool) == expected
        assert list(tmp_path.iterdir()) == []  # three anonymous files, all closed


def test_the_path_order_is_a_range_when_files_arrive_sorted(tmp_path, tiny_index):
    with _fill(_results(30, seed=1, shuffled=False), str(tmp_path), limit=0) as spool:
        assert spool.order() == range(30)
    with _fill(_results(30, seed=1, shuffled=True), str(tmp_path), limit=0) as spool:
        order = spool.order()
        assert not isinstance(order, range)
        paths = [spool.paths[i] for i in order]
        assert paths == sorted(paths) and sorted(order) == list(range(30))
        assert [r.path for r in spool.files()] == paths


def test_a_spool_is_read_only_once_read(tmp_path, tiny_index):
    with _fill(_results(9, seed=2, shuffled=False), str(tmp_path), limit=0) as spool:
        spool.order()
        with pytest.raises(RuntimeError):
            spool.add(FileResult(path="late.md"))


def test_a_short_index_file_is_an_error_not_a_wrong_answer(tmp_path, tiny_index):
    """A spool file cut short behind the spool's back (a full disk, say) raises OSError
    where a read would otherwise decode zeros or another file's record."""
    with _fill(_results(30, seed=4, shuffled=False), str(tmp_path), limit=0) as spool:
        spool.order()
        index = spool._index
        os.ftruncate(index._file.fileno(), 64)  # keep the first block only
        index._blocks.clear()
        assert spool.group(1) == 1  # still in the first block
        with pytest.raises(OSError, match="index file is short"):
            spool.group(2)
        with pytest.raises(OSError):
            list(spool.files())


def test_a_short_path_file_is_an_error_not_a_wrong_path(tmp_path, tiny_index):
    with _fill(_results(12, seed=5, shuffled=False), str(tmp_path), limit=0) as spool:
        first = spool.paths[0]
        spool._flush()
        assert spool._sigs is not None
        os.ftruncate(spool._sigs.fileno(), len(first.encode()) + 1)
        assert spool.paths[0] == first
        with pytest.raises(OSError, match="path file is short"):
            spool.paths[11]
