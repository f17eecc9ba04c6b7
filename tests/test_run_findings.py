"""Run-level findings spilled to disk as the rules yield them: the same report as in memory.

:class:`~outreach_lint.spool.RunFindings` moves to two temporary files past
``spool.RUN_FINDINGS_IN_MEMORY`` findings, sorts its records in chunks and merges them when
read. These tests shrink the limit, the chunk and the block so that a few dozen findings cross
every boundary (several chunks, several blocks a chunk), and compare with the same findings
held in memory and with an order computed independently: files in path order, each file's
findings in the order they were added. A record or pickle file cut short is an error, never
a wrong answer. The run-level hook is consumed as it yields: a plugin's generator that fails
half-way is that plugin's error, and what it yielded before is kept.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from outreach_lint import spool as spool_module
from outreach_lint.engine import FileResult, create_linter
from outreach_lint.hookspecs import hookimpl
from outreach_lint.model import Finding, Severity, Span
from outreach_lint.project import finding_at
from outreach_lint.signature import DocSignature
from outreach_lint.spool import ResultSpool, RunFindings


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Spilled past 3 findings, a sorted chunk every 2 records, a block of 1 record."""
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_IN_MEMORY", 3)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_CHUNK", 64)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_BLOCK", 32)


def _finding(path: str, line: int, code: str = "BL201", n: int = 0) -> Finding:
    return Finding(
        code=code,
        name="n",
        category="blast",
        severity=Severity.WARNING,
        message=f"m{n}",
        span=Span(0, 1),
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=2,
        context={"members": [{"path": path, "n": n}]},
    )


def _entries(count: int, seed: int) -> list[tuple[int, Finding, str | None]]:
    """``count`` findings on 12 files, in a shuffled order (as clusters arrive)."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        position = rng.randrange(12)
        code = "OL004" if n % 9 == 4 else rng.choice(["BL201", "FU203"])
        text = None if n % 5 == 0 else f"line {n}"
        out.append((position, _finding(f"f{position:02d}.md", n % 4 + 1, code, n), text))
    return out


def _fill(entries: list[tuple[int, Finding, str | None]], directory: str) -> RunFindings:
    found = RunFindings(directory)
    for position, f, text in entries:
        found.add(position, f, text)
    return found


def _reading(found: RunFindings) -> dict:
    return {
        "groups": list(found.groups()),
        "at": [found.at(p) for p in range(-1, 14)],
        "count": found.count,
        "codes": found.codes,
        "internal_errors": found.internal_errors,
    }


@pytest.mark.parametrize("count", [0, 1, 3, 4, 17, 60])
def test_spilled_findings_read_like_held_ones_in_path_then_added_order(
    tmp_path, monkeypatch, count
):
    entries = _entries(count, seed=count)
    expected_groups: dict[int, list] = {}
    for position, f, text in sorted(entries, key=lambda e: e[0]):  # stable: added order kept
        expected_groups.setdefault(position, []).append((f, text))
    with_memory = _fill(entries, str(tmp_path))
    expected = _reading(with_memory)
    assert with_memory._data is None  # held in memory: no temporary file
    assert expected["groups"] == sorted(expected_groups.items())
    assert expected["internal_errors"] == sum(1 for _, f, _ in entries if f.code == "OL004")
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_IN_MEMORY", 3)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_CHUNK", 64)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_BLOCK", 32)
    found = _fill(entries, str(tmp_path))
    assert (found._data is not None) == (count > 3)
    assert _reading(found) == expected
    if count >= 17:
        assert len(found._chunks) > 2  # a real merge of several sorted chunks
    assert _reading(found) == expected  # read twice: the same
    with pytest.raises(RuntimeError):
        found.add(0, _finding("f00.md", 1), None)
    found.close()
    with_memory.close()
    assert list(tmp_path.iterdir()) == []


def test_a_short_record_file_is_an_error_not_a_lost_finding(tmp_path, tiny_chunks):
    found = _fill(_entries(20, seed=2), str(tmp_path))
    found.seal()
    offset, count = found._run
    os.ftruncate(found._records.fileno(), offset + 32 * (count - 1))  # the last record lost
    with pytest.raises(OSError, match="record file is short"):
        list(found.groups())
    found.close()


def test_a_short_pickle_file_is_an_error_not_a_wrong_finding(tmp_path, tiny_chunks):
    found = _fill(_entries(20, seed=3), str(tmp_path))
    found.seal()
    os.ftruncate(found._data.fileno(), 10)
    with pytest.raises(OSError, match="findings' file is short"):
        list(found.groups())
    with pytest.raises(OSError, match="findings' file is short"):
        [found.at(p) for p in range(12)]
    found.close()


def _spool(directory: str, shuffled: bool) -> ResultSpool:
    paths = [f"f{i:02d}.md" for i in range(12)]
    if shuffled:
        random.Random(1).shuffle(paths)
    spool = ResultSpool(directory, memory_limit=0)
    for n, path in enumerate(paths):
        sigs = tuple(DocSignature(path=path, line=k + 1, line_text=f"{path} {k}") for k in range(2))
        own = (_finding(path, 2, "PR101", 100 + n),) if n % 3 == 0 else ()
        spool.add(FileResult(path=path, findings=own, signatures=sigs, fail_on=Severity.ERROR))
    return spool


def _files_reading(files) -> dict:
    return {
        "files": list(files),
        "indexed": [files[i] for i in range(len(files))] + [files[-1]] + files[2:5],
        "with_findings": list(files.with_findings()),
        "count": files.finding_count,
        "codes": files.finding_codes,
        "internal_errors": files.internal_errors,
        "failing": files.any_failing,
    }


@pytest.mark.parametrize("shuffled", [False, True])
def test_spooled_files_merge_spilled_findings_like_held_ones(tmp_path, monkeypatch, shuffled):
    """The report's files, with run-level findings given as dicts (a cache hit) or added to
    a store as they come, held or spilled: the same results in the same order."""
    entries = _entries(40, seed=7)
    by_path: dict[str, list[Finding]] = {}
    texts: dict[tuple[str, int], str] = {}
    for _position, f, text in entries:
        by_path.setdefault(f.path, []).append(f)
        if text is not None:
            texts[(f.path, f.line)] = f"{f.path} {f.line - 1}"
    with _spool(str(tmp_path), shuffled) as spool:
        expected = _files_reading(spool.files(by_path, texts))
    assert expected["count"] == 40 + 4 and expected["internal_errors"] == 4
    assert [r.path for r in expected["files"]] == [f"f{i:02d}.md" for i in range(12)]
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_IN_MEMORY", 3)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_CHUNK", 64)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_BLOCK", 32)
    with _spool(str(tmp_path), shuffled) as spool:
        assert _files_reading(spool.files(by_path, texts)) == expected
        found = spool.run_findings()
        for _position, f, _text in entries:
            where = spool.locate(f.path)
            assert where is not None
            found.add(where[0], f, texts.get((f.path, f.line)))
        assert found._data is not None
        assert _files_reading(spool.files(found)) == expected
        assert spool.locate("nope.md") is None
    assert list(tmp_path.iterdir()) == []  # the spool closes its run-level stores


SAME = (
    "Hi {name},\n\nWe help revenue teams like yours automate the weekly pipeline report so "
    "managers stop copying numbers into slides every Monday morning. Most teams save four hours "
    "a week and forecast calls get shorter. Would it be worth a quick look next week?\n\n"
    "Best,\nAlex\n"
)


def test_a_run_with_spilled_run_level_findings_prints_the_same(run, write, monkeypatch):
    """The whole CLI: clusters and sequences over 40 files, spool and run-level findings on
    disk with tiny chunks, against the same run in memory (text and json)."""
    files = {}
    for n in range(24):
        files[f"blast/{n % 3}/t{n:02d}.md"] = SAME.format(name=f"N{n}")
    for folder in range(4):
        for step in range(1, 5):
            files[f"seq/{folder}/{step:02d}-step.md"] = (
                f"---\nday: {step * 3}\n---\nHi Sam,\n\nJust following up on my last note. "
                "Can we book 30 minutes next week?\n\nBest,\nAlex\n"
            )
    root = write(files)
    expected = [run(".", "--format", f, "-j1", "--no-cache", cwd=root) for f in ("json", "text")]
    assert '"BL201"' in expected[0][1] and '"FU2' in expected[0][1]
    stores: list[RunFindings] = []
    real = ResultSpool.run_findings

    def spy(self):
        stores.append(real(self))
        return stores[-1]

    monkeypatch.setattr(ResultSpool, "run_findings", spy)
    monkeypatch.setattr(spool_module, "IN_MEMORY_RESULTS", 0)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_IN_MEMORY", 3)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_CHUNK", 64)
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_BLOCK", 32)
    got = [run(".", "--format", f, "-j1", "--no-cache", cwd=root) for f in ("json", "text")]
    assert got == expected
    assert any(len(s._chunks) > 2 for s in stores)  # spilled and merged
    # the result cache stores spilled findings and serves them back (cold, then warm)
    cache = str(root.parent / f"{root.name}-cache")
    for _ in range(2):
        stores.clear()
        assert run(".", "--format", "json", "-j1", "--cache-dir", cache, cwd=root) == expected[0]
        assert any(len(s._chunks) > 2 for s in stores)


class HalfWay:
    """A run-level hook that yields one finding, then fails."""

    @hookimpl
    def outreach_lint_lint_project(self, project):
        ctx, sigs = project.scope("BL201")
        yield finding_at(ctx, sigs[0], "from the plugin")
        raise RuntimeError("boom")


def test_a_run_level_generator_failing_half_way_is_its_plugins_error(write):
    root = write({"a.md": SAME.format(name="A"), "b.md": SAME.format(name="B")})
    linter = create_linter(isolated=True, no_plugins=True, extra_plugins=(HalfWay(),))
    results = [linter.lint_file(Path(root / n), display=n) for n in ("a.md", "b.md")]
    merged = linter.lint_project(results)
    messages = [f.message for r in merged for f in r.findings if f.code == "BL201"]
    assert "from the plugin" in messages
    assert any("near-duplicates" in m for m in messages)  # the built-in still ran
    assert [(e.plugin, e.where) for e in linter.plugins.errors] == [
        (linter.plugins.errors[0].plugin, "outreach_lint_lint_project")
    ]
    assert "RuntimeError: boom" in str(linter.plugins.errors[0])
