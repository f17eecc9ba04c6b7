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

import dataclasses
import json
import os
import random
from pathlib import Path

import pytest

from outreach_lint import spool as spool_module
from outreach_lint.cache import ResultCache
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


# ---- the result cache's run-level entry, streamed ---------------------------------------
#
# A run that computes its run-level findings writes them from its RunFindings (on disk once
# many), a JSON line a finding between a key line and an end line with their count; a warm
# run reads them back a line at a time into a new RunFindings. Neither holds every finding at
# once (issue 6: the entry was one JSON document built from two dicts, and read whole). An
# entry under another key, cut short anywhere or with a line of the wrong shape is a miss,
# never a wrong finding; a run then computes the findings again and prints the same.

KEY = "k" * 64


def _path_at(position: int) -> str | None:
    """The files of ``_entries``: f00.md .. f11.md in path order."""
    return f"f{position:02d}.md" if position < 12 else None


def _stored(tmp_path, count: int) -> tuple[ResultCache, RunFindings]:
    cache = ResultCache(tmp_path / "cache", "r" * 64)
    found = _fill(_entries(count, seed=count), str(tmp_path))
    found.seal()
    cache.put_project(KEY, found)
    return cache, found


def _entry(cache: ResultCache):
    return next((cache.directory).glob("project-v*.jsonl"))


@pytest.mark.parametrize("count", [0, 1, 4, 17, 60])
def test_a_stored_entry_reads_back_as_the_findings_it_was_written_from(
    tmp_path, tiny_chunks, count
):
    cache, written = _stored(tmp_path, count)
    lines = _entry(cache).read_bytes().splitlines()
    assert len(lines) == count + 2 and json.loads(lines[-1]) == {"end": count}
    read = RunFindings(str(tmp_path))
    assert cache.get_project(KEY, read, _path_at)
    assert _reading(read) == _reading(written)
    if count > 3:
        assert read._held is None and written._held is None  # both spilled to disk


def test_another_key_is_a_miss_read_no_further_than_its_first_line(tmp_path, tiny_chunks):
    cache, _ = _stored(tmp_path, 17)
    read = RunFindings(str(tmp_path))
    assert not cache.get_project("x" * 64, read, lambda p: pytest.fail("read past the key"))
    assert read.count == 0
    assert not ResultCache(tmp_path / "nothing", "r" * 64).get_project(KEY, read, _path_at)


def test_an_entry_cut_short_anywhere_is_a_miss(tmp_path, tiny_chunks):
    cache, _ = _stored(tmp_path, 5)
    path = _entry(cache)
    whole = path.read_bytes()
    assert whole.count(b"\n") == 7
    for size in range(len(whole)):
        path.write_bytes(whole[:size])
        assert not cache.get_project(KEY, RunFindings(str(tmp_path)), _path_at), size
    path.write_bytes(whole)
    assert cache.get_project(KEY, RunFindings(str(tmp_path)), _path_at)


def _broken(lines: list[bytes]) -> list[list[bytes]]:
    """The entry ``lines`` with one thing wrong each."""
    first = json.loads(lines[1])
    end = len(lines) - 1

    def with_first(value) -> list[bytes]:
        return [lines[0], json.dumps(value).encode(), *lines[2:]]

    finding = first[1]
    other_path = json.loads(json.dumps(finding))
    other_path["f"]["path"] = "f99.md"
    unknown = json.loads(json.dumps(finding))
    unknown["$d"] = "Popen"
    return [
        with_first([first[0] + 1, *first[1:]]),  # a finding on another file's position
        with_first([12, *first[1:]]),  # past the last file
        with_first([-1, *first[1:]]),
        with_first([True, *first[1:]]),
        with_first([first[0], other_path, first[2]]),  # its path is not the file's
        with_first([first[0], unknown, first[2]]),  # not a registered type
        with_first([first[0], {"$t": [1]}, first[2]]),  # not a finding
        with_first([first[0], finding, 7]),  # a line text that is not text
        with_first([first[0], finding]),
        with_first({"end": 0}),  # an end line with the wrong count
        [*lines[:end], b'{"end":99}'],
        [*lines, b"[0]"],  # something after the end line
        [*lines[:end]],  # no end line
        [lines[0], b"{not json", *lines[2:]],
        [b"[]", *lines[1:]],  # no key line
    ]


def test_an_entry_with_a_line_of_the_wrong_shape_is_a_miss(tmp_path, tiny_chunks):
    cache, _ = _stored(tmp_path, 6)
    path = _entry(cache)
    lines = path.read_bytes().splitlines()
    for n, broken in enumerate(_broken(lines)):
        path.write_bytes(b"".join(line + b"\n" for line in broken))
        assert not cache.get_project(KEY, RunFindings(str(tmp_path)), _path_at), n
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    assert cache.get_project(KEY, RunFindings(str(tmp_path)), _path_at)


def test_a_finding_that_cannot_be_stored_leaves_no_entry(tmp_path):
    cache = ResultCache(tmp_path / "cache", "r" * 64)
    found = _fill(_entries(4, seed=1), str(tmp_path))
    held = found._held
    position, f, text = held[2][0], held[2][2], held[2][3]
    held[2] = (position, 2, dataclasses.replace(f, context={"x": object()}), text)
    cache.put_project(KEY, found)
    assert not list(cache.directory.glob("project-v*")) and not list(cache.directory.glob(".tmp-*"))


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong-path"])
def test_a_run_recomputes_over_a_damaged_entry_and_prints_the_same(
    run, write, monkeypatch, tmp_path, damage
):
    """The whole CLI: a damaged run-level entry is ignored (computed again, same json as
    ``--no-cache``) and replaced by a whole one, which the next run is served from."""
    from outreach_lint import project

    files = {f"blast/{n % 3}/t{n:02d}.md": SAME.format(name=f"N{n}") for n in range(12)}
    for folder in range(4):
        for step in range(1, 4):
            files[f"seq/{folder}/{step:02d}-step.md"] = (
                f"---\nday: {step * 3}\n---\nHi Sam,\n\nJust following up on my last note. "
                "Can we book 30 minutes next week?\n\nBest,\nAlex\n"
            )
    root = write(files)
    monkeypatch.setattr(spool_module, "IN_MEMORY_RESULTS", 0)  # a spooled run
    monkeypatch.setattr(spool_module, "RUN_FINDINGS_IN_MEMORY", 3)
    calls = [0]
    real = project.run_project_rules

    def counting(proj, rules):
        calls[0] += 1
        return real(proj, rules)

    monkeypatch.setattr(project, "run_project_rules", counting)
    expected = run(".", "--format", "json", "-j1", "--no-cache", cwd=root)
    assert '"BL201"' in expected[1]
    cache_dir = tmp_path / "cache"
    args = (".", "--format", "json", "-j1", "--cache-dir", str(cache_dir))
    assert run(*args, cwd=root) == expected and calls[0] == 2  # cold: computed, stored
    entry = next(cache_dir.glob("project-v*.jsonl"))
    whole = entry.read_bytes()
    lines = whole.splitlines()
    assert len(lines) > 6
    if damage == "truncate":
        entry.write_bytes(whole[: len(whole) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\n".join([*lines[:3], b"\x00\xff garbage", *lines[4:]]) + b"\n")
    else:
        row = json.loads(lines[2])
        row[1]["f"]["path"] = "seq/0/01-step.md"
        entry.write_bytes(b"\n".join([*lines[:2], json.dumps(row).encode(), *lines[3:]]) + b"\n")
    assert run(*args, cwd=root) == expected and calls[0] == 3  # ignored: computed again
    assert entry.read_bytes() == whole  # and stored whole
    assert run(*args, cwd=root) == expected and calls[0] == 3  # served
