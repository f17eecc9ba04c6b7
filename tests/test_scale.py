"""Large runs: results kept on disk (spool), memory bounded, output unchanged.

No timing here: each test checks a mechanism that would fail if it were undone (output equal
to the in-memory run, the number of results the parent holds, what the clustering keeps).
"""

from __future__ import annotations

import gc
import random

import pytest

from outreach_lint import cli, minhash, spool
from outreach_lint.engine import FileResult
from outreach_lint.formatters import BUILTIN_FORMATTERS
from outreach_lint.spool import ResultSpool

SAME = (
    "Hi {name},\n\nWe help revenue teams like yours automate the weekly pipeline report so "
    "managers stop copying numbers into slides every Monday morning. Most teams save four hours "
    "a week and forecast calls get shorter. Would it be worth a quick look next week?\n\n"
    "Best,\nAlex\n"
)


def _library(write):
    files = {
        # discovery lists blast/z.md before blast/sub/d.md; path order is the other way round
        "blast/a.md": SAME.format(name="Sam"),
        "blast/b.md": SAME.format(name="Dana").replace("four", "five"),
        "blast/z.md": SAME.format(name="Lee").replace("Monday", "Friday"),
        "blast/sub/d.md": SAME.format(name="Kim"),
        # a folder whose config ignores BL201: its copy is left out of the cluster
        "quiet/.outreach-lint.toml": 'ignore = ["BL201"]\n',
        "quiet/e.md": SAME.format(name="Ann"),
        # a file-wide directive against BL201 on a member
        "blast/y.md": "<!-- outreach-lint: disable-file BL201 -->\n" + SAME.format(name="Bo"),
        "seq/01-intro.md": "---\nday: 0\n---\nHi Sam,\n\nYour team rebuilds the board report "
        "by hand every month. Do you have 15 minutes for a call this week?\n\nBest,\nAlex\n",
        "seq/02-follow.md": "---\nday: 1\n---\nHi Sam,\n\nJust bumping this. Do you have 15 "
        "minutes for a call this week?\n\nBest,\nAlex\n",
        "seq/03-last.md": "---\nday: 2\n---\nHi Sam,\n\nI haven't heard back, so I'll assume "
        "this isn't a priority and close your file.\n\nBest,\nAlex\n",
        "clean.md": "Hi Sam,\n\nYour note about onboarding stuck with me: what would make week "
        "one easier for your new hires?\n",
        "pressure.txt": "Hi,\n\nAct now!!! This offer expires today, sign the contract ASAP.\n",
        "notes/readme.md": "# Notes\n\nNothing to lint here really.\n",
    }
    for i in range(30):
        files[f"bulk/{i:03d}.md"] = (
            f"Hi there,\n\nMessage number {i} about topic {i * 7 % 13}: we leverage synergy "
            "and are proud to offer a best-in-class solution. Reply ASAP!\n"
        )
    return write(files)


VARIANTS = [
    (),
    ("--statistics",),
    ("--quiet",),
    ("--no-source",),
    ("--fail-on", "error"),
]


@pytest.mark.parametrize("fmt", sorted(BUILTIN_FORMATTERS))
def test_spooled_output_equals_in_memory_output(run, write, monkeypatch, fmt):
    root = _library(write)
    for extra in VARIANTS if fmt == "text" else [()]:
        argv = (".", "--format", fmt, "--no-color", "-j1", "--no-cache", *extra)
        monkeypatch.setattr(cli, "SPOOL_RESULTS", False)
        expected = run(*argv, cwd=root)
        monkeypatch.setattr(cli, "SPOOL_RESULTS", True)
        got = run(*argv, cwd=root)
        assert got == expected, (fmt, extra)
    # the library exercises the run-level stage: clusters, sequences, per-folder config
    assert "BL201" in expected[1] and "FU20" in expected[1] and "PR201" in expected[1]


def test_spooled_output_to_a_file_and_in_parallel(run, write, monkeypatch, tmp_path):
    root = _library(write)
    monkeypatch.setattr("outreach_lint.runner.PARALLEL_THRESHOLD", 8)
    monkeypatch.setattr(cli, "SPOOL_RESULTS", False)
    expected = run(".", "--format", "json", "-j1", "--no-cache", cwd=root)
    monkeypatch.setattr(cli, "SPOOL_RESULTS", True)
    got = run(".", "--format", "json", "-j2", "--no-cache", cwd=root)
    assert got == expected
    out = tmp_path / "report.txt"
    code, text, _err = run(".", "-o", str(out), "-j2", cwd=root)
    assert code == expected[0]
    assert "Wrote the text report" in text


def _live_results() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is FileResult)


@pytest.fixture
def _young_heap():
    """Only objects made from here on are collected and listed by ``gc`` (the rest of the
    heap is frozen): ``_live_results`` then walks the test's own objects, not every object
    the earlier tests of the session left, ~90 times (40 s of the fast suite before)."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def test_parent_holds_a_bounded_number_of_results(run, write, monkeypatch, _young_heap):
    """The memory mechanism itself: while a run goes on and while its report is formatted,
    the parent holds a few FileResults, not one per file (the in-memory mode holds all).

    The spool keeps up to ``IN_MEMORY_RESULTS`` results in memory before moving to disk; the
    library here has 44 files, so the limit is lowered to 8 to make it a big run."""
    root = _library(write)
    monkeypatch.setattr(spool, "IN_MEMORY_RESULTS", 8)
    seen: list[int] = []
    spools: list[ResultSpool] = []
    real_add = ResultSpool.add

    def add(self, result, group=0):
        real_add(self, result, group)
        spools.append(self)
        if len(self) % 10 == 0:
            seen.append(_live_results())

    monkeypatch.setattr(ResultSpool, "add", add)
    real_format = BUILTIN_FORMATTERS["json"]

    from outreach_lint.formatters import load

    def counting_formatter(report, stream, options):
        for _ in report.files:
            seen.append(_live_results())
        load(real_format)(report, stream, options)
        seen.append(_live_results())

    monkeypatch.setattr(cli, "_formatter", lambda target, origin: counting_formatter)
    code, _out, _err = run(".", "--format", "json", "-j1", "--no-cache", cwd=root)
    assert code == 1
    files = len(list(root.rglob("*.md"))) + 1
    assert files > 40 and len(seen) > 40
    assert max(seen) <= 3, seen  # the one being added or read, and at most a neighbour
    assert spools and all(s.on_disk for s in spools)

    # the same counter sees every result held in the in-memory mode: the test can fail
    seen.clear()
    monkeypatch.setattr(cli, "SPOOL_RESULTS", False)
    run(".", "--format", "json", "-j1", "--no-cache", cwd=root)
    assert max(seen) >= files


def _count_temporary_files(monkeypatch) -> list[int]:
    import tempfile

    opened: list[int] = []
    real = tempfile.TemporaryFile

    def spy(*args, **kwargs):  # the real call, counted
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", spy)
    return opened


def test_a_small_run_opens_no_spool_file(run, write, monkeypatch):
    """Up to ``IN_MEMORY_RESULTS`` results stay in memory: the pre-commit case (a few files)
    does no temporary-file work; past the limit the same run goes to disk."""
    root = _library(write)
    files = len(list(root.rglob("*.md"))) + 1
    assert files < spool.IN_MEMORY_RESULTS
    opened = _count_temporary_files(monkeypatch)
    spools: list[ResultSpool] = []
    real_add = ResultSpool.add

    def add(self, result, group=0):
        spools.append(self)
        real_add(self, result, group)

    monkeypatch.setattr(ResultSpool, "add", add)
    expected = run(".", "--format", "json", "-j1", "--no-cache", cwd=root)
    assert len(spools) == files and not spools[-1].on_disk
    assert opened == []
    code, _out, _err = run("clean.md", "-j1", "--no-cache", cwd=root)
    assert code == 0 and opened == []

    # the same run past the limit opens the two spool files, and prints the same bytes
    spools.clear()
    monkeypatch.setattr(spool, "IN_MEMORY_RESULTS", files - 5)
    assert run(".", "--format", "json", "-j1", "--no-cache", cwd=root) == expected
    assert spools[-1].on_disk and len(opened) == 2


@pytest.mark.parametrize("limit", [0, 2, 3, 100])
def test_spool_reads_the_same_in_memory_and_on_disk(tmp_path, limit):
    from outreach_lint.signature import DocSignature

    paths = ["b/z.md", "a.md", "c.md", "b/a/x.md", "b/b.md"]
    reference = ResultSpool(str(tmp_path), memory_limit=0)
    spooled = ResultSpool(str(tmp_path), memory_limit=limit)
    for i, path in enumerate(paths):
        sigs = (DocSignature(path=path, words=i),) if i != 2 else ()
        for s in (reference, spooled):
            s.add(FileResult(path=path, signatures=sigs), group=i % 2)
    assert reference.on_disk and spooled.on_disk == (limit < len(paths))
    assert spooled.digest() == reference.digest()
    assert list(spooled.files()) == list(reference.files())
    assert list(spooled.signatures()) == list(reference.signatures())
    assert [spooled.group(i) for i in range(5)] == [reference.group(i) for i in range(5)]
    for s in (reference, spooled):
        s.close()
    assert list(tmp_path.iterdir()) == []


def test_clusters_from_a_stream_equal_clusters_from_a_list():
    rng = random.Random(5)
    base = [tuple(rng.getrandbits(32) for _ in range(minhash.BINS)) for _ in range(40)]
    sigs = []
    for i in range(400):
        if i % 10 == 0:  # near-copies of a few bases
            src = base[i % 7]
            sigs.append(tuple(v if rng.random() < 0.8 else rng.getrandbits(32) for v in src))
        elif i % 13 == 0:
            sigs.append(())
        else:
            sigs.append(tuple(rng.getrandbits(32) for _ in range(minhash.BINS)))
    expected = minhash.clusters(sigs, 0.5)
    assert expected and all(len(m) >= 2 for m, _ in expected)
    assert minhash.clusters(iter(sigs), 0.5) == expected
    assert minhash.clusters((s for s in sigs), 0.5) == expected


def test_spool_reads_back_in_path_order_with_signatures(tmp_path):
    from outreach_lint.signature import DocSignature

    spool = ResultSpool(str(tmp_path))
    for path in ["b/z.md", "a.md", "b/a/x.md", "b/b.md"]:
        sig = DocSignature(path=path, words=len(path))
        spool.add(FileResult(path=path, signatures=(sig,)))
    files = spool.files()
    assert [r.path for r in files] == ["a.md", "b/a/x.md", "b/b.md", "b/z.md"]
    assert [s.path for s in spool.signatures()] == ["a.md", "b/a/x.md", "b/b.md", "b/z.md"]
    sigs = spool.signatures(keep=lambda i: spool.paths[i].startswith("b/"))
    assert len(sigs) == 3 and sigs[-1].path == "b/z.md" and sigs[0].words == len("b/a/x.md")
    assert files.index_of("b/b.md") is not None and files.index_of("nope") is None
    spool.close()
    assert list(tmp_path.iterdir()) == []  # anonymous temporary files: nothing left behind


def test_clusters_with_values_beyond_32_bits_and_odd_lengths():
    big = tuple(2**40 + i for i in range(minhash.BINS))
    sigs = [big, big, (1, 2), (1, 2), tuple(range(minhash.BINS))]
    assert minhash.clusters(sigs, 0.5) == [([0, 1], 1.0), ([2, 3], 1.0)]
    same = tuple(range(minhash.BINS))
    assert minhash.clusters([same, (), same], 0.9) == [([0, 2], 1.0)]


def test_run_level_findings_are_cached_and_invalidated(run, write, monkeypatch, tmp_path):
    """An unchanged library reuses the last run's run-level findings; a changed message, a
    changed option or a renamed file recomputes them; the output never differs."""
    from outreach_lint import project

    root = _library(write)
    calls = [0]
    real = project.run_project_rules

    def counting(proj, rules):
        calls[0] += 1
        return real(proj, rules)

    monkeypatch.setattr(project, "run_project_rules", counting)
    cache = str(tmp_path / "cache")

    def check(*extra):
        before = calls[0]
        got = run(".", "--format", "json", "-j1", "--cache-dir", cache, *extra, cwd=root)
        fresh = run(".", "--format", "json", "-j1", "--no-cache", *extra, cwd=root)
        assert got == fresh
        return calls[0] - before - 1  # the --no-cache run always computes

    assert check() == 1  # cold: computed and stored
    assert check() == 0  # warm: served
    (root / "blast" / "b.md").write_text(SAME.format(name="Dana") + "\nP.S. Loved the talk.\n")
    assert check() == 1  # a message changed
    assert check() == 0
    (root / ".outreach-lint.toml").write_text("[rules.BL201]\nthreshold = 0.9\n")
    assert check() == 1  # an option of a run-level rule changed
    (root / "blast" / "z.md").rename(root / "blast" / "w.md")
    assert check() == 1  # a file renamed (same content)
    assert check("--ignore", "FU203") == 1  # another selection


def test_a_warm_run_stays_in_process(write, tmp_path):
    from outreach_lint import runner
    from outreach_lint.cache import ResultCache
    from outreach_lint.engine import create_linter

    files = {f"d/t{i:03d}.md": f"Hi Sam,\n\nNote {i}: what would help?\n" for i in range(70)}
    root = write(files)
    linter = create_linter(isolated=True, no_plugins=True)
    cache = ResultCache.for_linter(linter, tmp_path / "c")
    paths = list(linter.discover([str(root)]))
    cold = runner.RunStats()
    first = list(runner.lint_paths(linter, paths, jobs=2, cache=cache, stats=cold))
    warm = runner.RunStats()
    second = list(runner.lint_paths(linter, paths, jobs=2, cache=cache, stats=warm))
    assert cold.workers == 2 and warm.workers == 0
    assert warm.cache_hits == len(paths) and second == first
    # most files changed: a cold run again, with workers
    for p in paths[:40]:
        p.write_text(p.read_text() + "\nOne more line.\n")
    again = runner.RunStats()
    list(runner.lint_paths(linter, paths, jobs=2, cache=cache, stats=again))
    assert again.workers == 2


def _index_run(linter, paths, directory):
    from outreach_lint import runner
    from outreach_lint.cache import ResultCache

    cache = ResultCache.for_linter(linter, directory)
    results = list(runner.lint_paths(linter, paths, jobs=1, cache=cache))
    cache.save_index()
    return cache, results


def test_stat_index_serves_unchanged_files_and_never_a_stale_one(write, tmp_path, monkeypatch):
    import os

    from outreach_lint import cache as cache_module
    from outreach_lint.engine import create_linter

    root = write({f"t{i}.md": f"Hi Sam,\n\nAct now, note {i}!\n" for i in range(5)})
    linter = create_linter(isolated=True, no_plugins=True)
    paths = sorted(root.glob("*.md"))
    store = tmp_path / "c"

    # files written a moment ago are "racy": not trusted by the index (hashed next time)
    _index_run(linter, paths, store)
    cache, _ = _index_run(linter, paths, store)
    assert cache.index_hits == 0 and cache.hits == 5

    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))  # treat every file as settled
    _index_run(linter, paths, store)
    opened = []
    real_open = open

    def spying_open(file, *a, **kw):
        opened.append(str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr("builtins.open", spying_open)
    cache, served = _index_run(linter, paths, store)
    monkeypatch.setattr("builtins.open", real_open)
    assert cache.index_hits == 5 and cache.hits == 5
    assert not any(o in map(str, paths) for o in opened)  # no file was read or hashed
    assert served == [linter.lint_file(p) for p in paths]

    # an edit that keeps the size and puts the old mtime back is still seen (ctime moved)
    target = paths[2]
    st = os.stat(target)
    target.write_text(target.read_text().replace("Act now", "Hello!!"))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(target).st_size == st.st_size
    assert os.stat(target).st_mtime_ns == st.st_mtime_ns
    cache, after = _index_run(linter, paths, store)
    assert cache.index_hits == 4
    assert after[2] == linter.lint_file(target)
    assert after[2] != served[2]

    # another configuration: the index does not apply
    other = create_linter(isolated=True, no_plugins=True, overrides=_ignore("PR"))
    cache, _ = _index_run(other, paths, store)
    assert cache.index_hits == 0

    # a corrupt index is ignored
    (store / "index-v2.jsonl").write_text("{not json")
    cache, again = _index_run(linter, paths, store)
    assert cache.index_hits == 0 and again == after


def _ignore(prefix):
    from outreach_lint.config import Overrides

    return Overrides(ignore=(prefix,))


@pytest.mark.parametrize("spooled", [False, True])
def test_the_json_document_is_written_as_it_is_made_with_the_same_bytes(
    run, write, monkeypatch, spooled
):
    """``format_json`` hands ``json.dump`` lists whose entries are made as they are written
    (issue 6: the document held every file, finding and score). Its bytes are those of the
    whole document (``report_dict``) dumped at once: here with a run-level stage, a file of
    several messages (scored one by one), and an empty run (empty lists)."""
    import json as json_module

    from outreach_lint.formatters import json as json_formatter

    def whole(report, stream, options):
        json_module.dump(json_formatter.report_dict(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")

    made = []
    real_items = json_formatter._Items

    def counting(count, make):
        items = real_items(count, make)
        made.append(items)
        return items

    root = _library(write)
    (root / "multi.eml").write_text(
        "Subject: one\n\nHi Sam, act now!\n\n--- \n\nSubject: two\n\nHi Dana, guaranteed!\n"
    )
    (root / "empty").mkdir()
    monkeypatch.setattr(cli, "SPOOL_RESULTS", spooled)
    for where in (".", "empty"):
        argv = (where, "--format", "json", "-j1", "--no-cache")
        monkeypatch.setattr(json_formatter, "_Items", counting)
        got = run(*argv, cwd=root)
        monkeypatch.setattr(json_formatter, "format_json", whole)
        expected = run(*argv, cwd=root)
        monkeypatch.undo()
        monkeypatch.setattr(cli, "SPOOL_RESULTS", spooled)
        assert got == expected, where
        assert made and all(list.__len__(items) == 0 for items in made)  # nothing held
    document = json_module.loads(got[1])
    assert document["files"] == [] and document["scores"]["messages"] == []
