"""Parallel runs: real worker processes, the same output and order as an in-process run."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from outreach_lint import runner
from outreach_lint.engine import create_linter

BAD = "Dear Sir/Madam,\n\nI hope this email finds you well. Let's close the deal today.\n"
GOOD = "Hi Sam,\n\nYou mentioned onboarding takes six weeks. Would the checklist help?\n"


def corpus(write, n: int = 70):
    files = {}
    for i in range(n):
        text = BAD if i % 3 == 0 else GOOD
        files[f"d{i % 4}/t{i:03d}.{'md' if i % 2 else 'txt'}"] = text
    return write(files)


def test_parallel_output_equals_serial(run, write):
    root = corpus(write)
    assert len(list(root.rglob("*.*"))) >= runner.PARALLEL_THRESHOLD
    serial = run("--no-cache", "-j1", "--format", "json", str(root))
    parallel = run("--no-cache", "-j2", "--format", "json", str(root))
    assert serial == parallel
    assert serial[0] == 1 and '"PR101"' in serial[1]


def test_lint_paths_is_parallel_and_in_order(write):
    root = corpus(write)
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    stats = runner.RunStats()
    results = list(runner.lint_paths(linter, paths, jobs=2, stats=stats))
    assert stats.workers == 2  # real worker processes were used
    assert [r.path for r in results] == [str(p) for p in paths]
    assert results == [linter.lint_file(p) for p in paths]


def test_few_files_stay_in_process(write):
    root = write({"a.md": BAD, "b.md": GOOD})
    linter = create_linter(isolated=True, no_plugins=True)
    stats = runner.RunStats()
    results = list(runner.lint_paths(linter, sorted(root.iterdir()), jobs=8, stats=stats))
    assert stats.workers == 0 and len(results) == 2


def test_workers_use_and_fill_the_cache(write, tmp_path):
    from outreach_lint.cache import ResultCache

    root = corpus(write)
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    cache = ResultCache.for_linter(linter, tmp_path / "cache")
    first = runner.RunStats()
    a = list(runner.lint_paths(linter, paths, jobs=2, cache=cache, stats=first))
    second = runner.RunStats()
    b = list(runner.lint_paths(linter, paths, jobs=2, cache=cache, stats=second))
    assert a == b
    assert first.cache_misses == len(paths) and second.cache_hits == len(paths)


def test_config_error_in_a_worker_is_the_same_usage_error(run, write):
    root = corpus(write)
    (root / "d1" / ".outreach-lint.toml").write_text('select = ["PR1O1"]\n')
    serial = run("--no-cache", "-j1", str(root))
    parallel = run("--no-cache", "-j2", str(root))
    assert serial[0] == parallel[0] == 2
    assert serial[2] == parallel[2] and "PR1O1" in serial[2]


def _die(paths):  # a worker that dies as if killed by the OS
    os._exit(3)


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="needs fork to patch the worker"
)
def test_broken_pool_falls_back_in_process(write, monkeypatch):
    root = corpus(write)
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    expected = [linter.lint_file(p) for p in paths]
    monkeypatch.setattr(runner, "_lint_chunk", _die)
    assert list(runner.lint_paths(linter, paths, jobs=2)) == expected


def test_jobs_flag_validation(run):
    code, _, err = run("-j", "x", ".")
    assert code == 2 and "--jobs" in err
    code, _, err = run("--jobs", "-3", ".")
    assert code == 2


def test_paths_are_read_lazily_and_none_is_lost(write, monkeypatch):
    """A large run does not hold every path: it reads ahead a bounded number (enough to size
    the chunks) and the rest as chunks are handed out; every path comes back, in order."""
    monkeypatch.setattr(runner, "MAX_CHUNK", 4)  # read-ahead 2 jobs x 8 x 4 = 64 paths
    root = corpus(write, n=150)
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    pulled = [0]

    def source():
        for p in paths:
            pulled[0] += 1
            yield p

    stats = runner.RunStats()
    results = runner.lint_paths(linter, source(), jobs=2, stats=stats)
    first = next(results)
    # read-ahead plus the chunks in flight (2 workers x 4 chunks x 4 paths), not all 150
    assert pulled[0] <= 64 + 2 * runner.IN_FLIGHT_PER_WORKER * 4 + 4 < len(paths)
    rest = list(results)
    assert [r.path for r in [first, *rest]] == [str(p) for p in paths]
    assert stats.files == len(paths) and stats.workers == 2
