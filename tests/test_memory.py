"""Memory of large runs: the parent lints too (one process fewer), paths kept on disk."""

from __future__ import annotations

import pytest

from outreach_lint import runner
from outreach_lint.engine import create_linter
from outreach_lint.spool import ResultSpool

BAD = "Dear Sir/Madam,\n\nI hope this email finds you well. Let's close the deal today.\n"
GOOD = "Hi Sam,\n\nYou mentioned onboarding takes six weeks. Would the checklist help?\n"

PATHS = [
    "a.md",
    "d/b.md",
    "d/c.txt",
    "d/e/f.html",
    "C:\\mail\\x.md",
    "C:\\mail\\sub/y.md",
    "/abs/été/ünïcode.md",
    "d/\udcff-undecodable.md",  # os.fsdecode of a name that is not UTF-8
    "",
    "trailing/",
]


@pytest.mark.parametrize("limit", [0, 3, 100])
def test_spool_gives_back_every_path(tmp_path, limit):
    """In memory, on disk, and with the index in its own file: the same paths, byte for byte
    (a name os.fsdecode could not decode keeps its lone surrogates)."""
    from outreach_lint.engine import FileResult

    with ResultSpool(str(tmp_path), memory_limit=limit) as spool:
        for p in PATHS:
            spool.add(FileResult(path=p))
        paths = spool.paths
        assert len(paths) == len(PATHS)
        assert list(paths) == PATHS
        assert [paths[i] for i in range(len(PATHS))] == PATHS
        assert paths[-1] == PATHS[-1] and paths[-len(PATHS)] == PATHS[0]
        assert paths[2:5] == PATHS[2:5] and paths[::-1] == PATHS[::-1]
        with pytest.raises(IndexError):
            paths[len(PATHS)]
        with pytest.raises(IndexError):
            paths[-len(PATHS) - 1]


def test_spool_paths_are_the_added_paths(tmp_path):
    linter = create_linter(isolated=True, no_plugins=True)
    names = ["b.md", "a.md", "sub/c.md"]
    for name in names:
        target = tmp_path / name
        target.parent.mkdir(exist_ok=True)
        target.write_text(BAD)
    with ResultSpool(memory_limit=1) as spool:
        for name in names:
            spool.add(linter.lint_file(tmp_path / name))
        assert list(spool.paths) == [str(tmp_path / n) for n in names]
        files = spool.files()
        assert [f.path for f in files] == sorted(str(tmp_path / n) for n in names)
        assert files.index_of(str(tmp_path / "sub/c.md")) == 2


def test_parent_lints_while_its_worker_is_busy(write):
    """-j2 starts one worker process: the parent is the second job. It lints chunks itself
    when the next result is not ready, and the results still come back in order."""
    root = write({f"d{i % 4}/t{i:03d}.md": BAD if i % 3 == 0 else GOOD for i in range(90)})
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    stats = runner.RunStats()
    results = list(runner.lint_paths(linter, paths, jobs=2, stats=stats))
    assert stats.workers == 2 and stats.worker_processes == 1
    # the worker needs a moment to start: the parent took at least the first spare chunk
    assert stats.local_chunks >= 1
    assert [r.path for r in results] == [str(p) for p in paths]
    assert results == [linter.lint_file(p) for p in paths]


def test_three_jobs_start_two_workers(write):
    root = write({f"t{i:03d}.md": GOOD for i in range(60)})
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    stats = runner.RunStats()
    results = list(runner.lint_paths(linter, paths, jobs=3, stats=stats))
    assert stats.workers == 3 and stats.worker_processes == 2
    assert [r.path for r in results] == [str(p) for p in paths]


def test_spool_digest_depends_on_values_not_on_shared_objects(write):
    """A result read back from the cache (JSON: fresh strings) and the same result just
    computed (interned literals: the kind source "path" is the same object as the field name
    "path") give the same digest, held in memory or spilled to disk. With the pickle memo they
    did not, and a library with a sequence folder never had its run-level findings served."""
    from outreach_lint.cache import encode, loads_entry

    root = write({"sequence/01-intro.md": GOOD, "sequence/02-bump.md": GOOD, "c.md": BAD})
    linter = create_linter(isolated=True, no_plugins=True)
    fresh = [linter.lint_file(p) for p in sorted(root.rglob("*.md"))]
    assert any(s.kind_source == "path" for r in fresh for s in r.signatures)
    import json

    cached = [loads_entry(json.dumps(encode(r)).encode()) for r in fresh]
    assert cached == fresh
    digests = set()
    for results in (fresh, cached):
        for limit in (1, 100):
            with ResultSpool(memory_limit=limit) as spool:
                for r in results:
                    spool.add(r)
                digests.add(spool.digest())
    assert len(digests) == 1
