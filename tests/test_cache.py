"""The result cache: same answers as a fresh run, invalidated by every input, robust to garbage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_lint import cache as cache_mod
from outreach_lint import statindex
from outreach_lint.cache import ResultCache, decode, encode
from outreach_lint.engine import FileResult, create_linter
from outreach_lint.model import Finding, Severity, Span

BAD = (
    "---\nsubject: Quick question\n---\nDear Sir/Madam,\n\n"
    "I hope this email finds you well. Let's close the deal before Friday.\n\n"
    "I run growth at Acme. We built a platform. Our customers love our dashboards. "
    "I would like to show you our roadmap. We also offer training.\n\nBest,\nAlex\n"
)


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("v*/*/*.json"))


def findings(out: str) -> list[tuple]:
    return [
        (f["path"], f["code"], f["line"], f["column"], f["message"])
        for f in json.loads(out)["findings"]
    ]


@pytest.fixture
def lint(run, tmp_path):
    cache_dir = tmp_path / "cache"

    def _lint(*args: str, cwd: Path | None = None):
        code, out, err = run(
            "--format", "json", "--cache-dir", str(cache_dir), "-j1", *args, cwd=cwd
        )
        assert err == "", err
        return code, findings(out)

    _lint.cache_dir = cache_dir
    return _lint


def test_round_trip_equals_fresh_result(write):
    root = write({"bad.md": BAD})
    linter = create_linter(isolated=True, no_plugins=True)
    result = linter.lint_file(root / "bad.md")
    assert result.findings and result.signatures  # only meaningful with both
    data = json.loads(json.dumps(encode(result)))
    assert decode(data) == result


def test_extra_fields_and_registered_types_round_trip():
    from dataclasses import dataclass

    @cache_mod.register_type
    @dataclass(frozen=True)
    class Signature:
        shingles: tuple[int, ...]
        kind: str

    value = {
        "sig": Signature((1, 2, 3), "minhash"),
        "lines": {3: "x"},
        "set": frozenset({"a", "b"}),
        "sev": Severity.ERROR,
        "nested": [(1, None), {"k": 1.5}],
    }
    assert decode(json.loads(json.dumps(encode(value)))) == value


def test_unregistered_types_are_refused():
    class Evil:
        pass

    with pytest.raises(TypeError):
        encode(Evil())
    with pytest.raises(ValueError):
        decode({"$d": "Popen", "f": {"args": "rm -rf /"}})
    with pytest.raises(ValueError):
        decode({"$d": "Finding", "f": {"__class__": 1}})


def test_second_run_is_served_from_cache_with_identical_output(lint, write, monkeypatch):
    root = write({"bad.md": BAD, "good.md": "Hi Sam,\n\nYou mentioned onboarding.\n"})
    first = lint(str(root))
    assert len(entries(lint.cache_dir)) == 2
    # prove the second run does not lint: linting now would crash
    monkeypatch.setattr(
        "outreach_lint.engine.Linter.lint_file",
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("linted despite cache")),
    )
    assert lint(str(root)) == first
    assert first[0] == 1 and {c for _, c, *_ in first[1]} >= {"BL101", "PR101", "IC102"}


def test_content_change_invalidates(lint, write):
    root = write({"bad.md": BAD})
    _, before = lint(str(root))
    (root / "bad.md").write_text(BAD.replace("Let's close the deal", "Happy to help"))
    _, after = lint(str(root))
    assert "PR101" in {c for _, c, *_ in before}
    assert "PR101" not in {c for _, c, *_ in after}


def test_config_change_invalidates(lint, write):
    root = write({"bad.md": BAD, ".outreach-lint.toml": 'ignore = ["PR101"]\n'})
    (root / ".git").mkdir()
    _, ignored = lint(str(root), cwd=root)
    (root / ".outreach-lint.toml").write_text("ignore = []\n")
    _, plain = lint(str(root), cwd=root)
    assert "PR101" not in {c for _, c, *_ in ignored}
    assert "PR101" in {c for _, c, *_ in plain}


def test_rule_option_change_invalidates(lint, write):
    root = write({"bad.md": BAD, ".outreach-lint.toml": ""})
    (root / ".git").mkdir()
    _, default = lint(str(root), cwd=root)
    assert "IC102" in {c for _, c, *_ in default}
    (root / ".outreach-lint.toml").write_text("[rules.IC102]\nmin-self-sentences = 50\n")
    _, relaxed = lint(str(root), cwd=root)
    assert "IC102" not in {c for _, c, *_ in relaxed}


def test_command_line_selection_is_part_of_the_key(lint, write):
    root = write({"bad.md": BAD})
    _, only_pr = lint("--select", "PR", str(root))
    _, everything = lint(str(root))
    assert {c for _, c, *_ in only_pr} == {"PR101"}
    assert len({c for _, c, *_ in everything}) > 1


def test_pack_content_change_invalidates(lint, write):
    pack = """schema-version = 1
[[rules]]
code = "HY901"
name = "house-word"
category = "hype"
summary = "s"
rationale = "r"
message = "'{match}' is banned here"
phrases = ["%s"]
"""
    root = write({"bad.md": BAD, "house.toml": pack % "roadmap"})
    (root / ".outreach-lint.toml").write_text('packs = ["house.toml"]\nextend-select = ["HY901"]\n')
    (root / ".git").mkdir()
    _, first = lint(str(root / "bad.md"), cwd=root)
    (root / "house.toml").write_text(pack % "dashboards")
    _, second = lint(str(root / "bad.md"), cwd=root)
    msgs = lambda rs: {m for _, c, _, _, m in rs if c == "HY901"}  # noqa: E731
    assert msgs(first) == {"'roadmap' is banned here"}
    assert msgs(second) == {"'dashboards' is banned here"}


def test_version_and_rule_set_are_part_of_the_key(write, monkeypatch):
    root = write({"bad.md": BAD})
    linter = create_linter(isolated=True, no_plugins=True)
    base = cache_mod.ruleset_fingerprint(linter)
    assert cache_mod.ruleset_fingerprint(linter) == base  # stable
    monkeypatch.setattr("outreach_lint.__version__", "99.0")
    assert cache_mod.ruleset_fingerprint(linter) != base
    monkeypatch.undo()
    monkeypatch.setenv("OUTREACH_LINT_DISABLE_PLUGINS", "1")
    config = linter.resolver.for_path(root / "bad.md")
    c1 = ResultCache(root / "c", base)
    c2 = ResultCache(root / "c", "other-rule-set")
    assert c1.key(config, "bad.md", b"x") != c2.key(config, "bad.md", b"x")
    assert c1.key(config, "bad.md", b"x") != c1.key(config, "other.md", b"x")


def _packs_in(tmp_path: Path, monkeypatch) -> list[Path]:
    """The built-in packs copied to ``tmp_path``, served as the built-in packs."""
    import shutil

    from outreach_lint import packs

    copies = []
    for path in packs.builtin_pack_paths():
        copies.append(tmp_path / path.name)
        shutil.copy2(path, copies[-1])
    monkeypatch.setattr(packs, "builtin_pack_paths", lambda: sorted(copies))
    return sorted(copies)


def test_rule_set_key_reads_each_pack_once(tmp_path, monkeypatch):
    # the built-in packs are named twice (as built-in, and through the built-in plugin's
    # outreach_lint_rule_packs hook): their bytes are read and hashed once per key
    copies = _packs_in(tmp_path, monkeypatch)
    linter = create_linter(isolated=True, no_plugins=True)
    read = []
    real = cache_mod._content_digest
    monkeypatch.setattr(cache_mod, "_content_digest", lambda p: read.append(p) or real(p))
    key = cache_mod.ruleset_fingerprint(linter)
    assert sorted(read) == [str(p) for p in copies]
    monkeypatch.setattr(cache_mod, "_content_digest", real)
    assert cache_mod.ruleset_fingerprint(linter) == key


def test_rule_set_key_follows_pack_bytes_not_their_stat(tmp_path, monkeypatch):
    # a pack edited in place with its size and mtime kept still changes the key
    import os

    copies = _packs_in(tmp_path, monkeypatch)
    linter = create_linter(isolated=True, no_plugins=True)
    base = cache_mod.ruleset_fingerprint(linter)
    target = copies[-1]
    st = target.stat()
    data = target.read_bytes()
    target.write_bytes(data.replace(b"a", b"b", 1))
    assert target.read_bytes() != data and len(target.read_bytes()) == len(data)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    changed = cache_mod.ruleset_fingerprint(linter)
    assert changed != base
    target.write_bytes(data)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache_mod.ruleset_fingerprint(linter) == base
    target.unlink()  # unreadable: a key of its own, not an error
    assert cache_mod.ruleset_fingerprint(linter) not in (base, changed)


def test_version_change_misses_through_cli(lint, write, monkeypatch):
    root = write({"bad.md": BAD})
    lint(str(root))
    monkeypatch.setattr("outreach_lint.__version__", "99.0")
    calls = []
    real = __import__("outreach_lint.engine", fromlist=["Linter"]).Linter.lint_file

    def counting(self, *a, **k):
        calls.append(1)
        return real(self, *a, **k)

    monkeypatch.setattr("outreach_lint.engine.Linter.lint_file", counting)
    lint(str(root))
    assert calls, "a new version must not reuse old results"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not json",
        b'{"key": "wrong", "result": null}',
        b"[1, 2, 3]",
        b'{"key": "%s", "result": {"$d": "Popen", "f": {}}}',
        b'{"key": "%s", "result": {"$d": "FileResult", "f": {"path": 1, "bogus": 2}}}',
        b'{"key": "%s", "result": {"$t": [1]}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_corrupt_entries_are_ignored_and_replaced(lint, write, garbage):
    root = write({"bad.md": BAD})
    expected = lint(str(root))
    (entry,) = entries(lint.cache_dir)
    entry.write_bytes(garbage.replace(b"%s", entry.stem.encode()))
    assert lint(str(root)) == expected
    (entry,) = entries(lint.cache_dir)
    assert json.loads(entry.read_bytes())["key"] == entry.stem  # rewritten whole


def test_no_cache_writes_nothing(run, write, tmp_path):
    root = write({"bad.md": BAD})
    cache_dir = tmp_path / "c"
    run("--no-cache", "--cache-dir", str(cache_dir), str(root))
    assert not cache_dir.exists()
    run("--cache-dir", str(cache_dir), str(root))
    assert entries(cache_dir)
    assert (cache_dir / ".gitignore").read_text().strip().endswith("*")


def test_unwritable_cache_dir_is_not_an_error(run, write, tmp_path):
    root = write({"bad.md": BAD})
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, out, err = run("--cache-dir", str(blocker / "cache"), str(root))
    assert code == 1 and err == "" and "PR101" in out


def test_results_with_internal_errors_are_not_cached(write, tmp_path, monkeypatch):
    from outreach_lint.runner import lint_one

    root = write({"bad.md": BAD})
    linter = create_linter(isolated=True, no_plugins=True)
    cache = ResultCache(tmp_path / "c", "k")
    broken = FileResult(
        path="x",
        findings=(Finding("OL004", "internal-error", "meta", Severity.ERROR, "boom", Span(0, 0)),),
        internal_errors=1,
    )
    monkeypatch.setattr(type(linter), "lint_file", lambda self, *a, **k: broken)
    assert lint_one(linter, root / "bad.md", cache) is broken
    assert not entries(tmp_path / "c")


def test_prune_keeps_the_newest(tmp_path):
    import os

    root = tmp_path / "v1"
    for i in range(10):
        shard = root / f"{i % 3:02d}"
        shard.mkdir(parents=True, exist_ok=True)
        p = shard / f"{i:02d}.json"
        p.write_text("{}")
        os.utime(p, (1000 + i, 1000 + i))
    assert cache_mod.prune(root, max_entries=20, keep=5) == 0
    assert cache_mod.prune(root, max_entries=8, keep=5) == 5
    left = sorted(p.name for p in root.glob("*/*.json"))
    assert left == [f"{i:02d}.json" for i in range(5, 10)]


@pytest.mark.parametrize("seed", range(6))
def test_prune_removes_what_sorting_every_entry_would(tmp_path, seed):
    """``prune`` no longer lists every entry with its mtime: it counts, then cuts at the
    drop-th oldest mtime; ties at the cut-off go in path order, as when (mtime, path) pairs
    were sorted (the reference here)."""
    import os
    import random

    rng = random.Random(seed)
    root = tmp_path / "v1"
    made = []
    for i in range(rng.randrange(5, 30)):
        shard = root / f"{rng.randrange(4):02d}"
        shard.mkdir(parents=True, exist_ok=True)
        p = shard / f"{rng.randrange(10**6):06d}-{i}.json"
        p.write_text("{}")
        mtime = 1000 + rng.randrange(4)  # many ties
        os.utime(p, (mtime, mtime))
        made.append((float(mtime), str(p)))
    (root / "stray-file").write_text("")  # not a shard: ignored
    keep = rng.randrange(0, len(made))
    expected = {path for _, path in sorted(made)[len(made) - keep :]} if keep else set()
    assert cache_mod.prune(root, max_entries=len(made), keep=keep) == 0  # not over the bound
    assert cache_mod.prune(root, max_entries=len(made) - 1, keep=keep) == len(made) - keep
    assert {str(p) for p in root.glob("*/*.json")} == expected


# --------------------------------------------------------------------------- registry snapshot
#
# A warm hit validates the selection against a snapshot of the registry's metadata
# (regsnapshot.py) and never builds the registry (which imports every check module).


@pytest.fixture
def snapshots(tmp_path, monkeypatch):
    """A compiled cache of this test's own, so the first run here has no snapshot yet."""
    directory = tmp_path / "compiled"
    monkeypatch.setenv("OUTREACH_LINT_COMPILED_CACHE", str(directory))
    return directory


def _no_registry(monkeypatch) -> list[int]:
    """Count builds of the base registry (the step a warm hit must not take)."""
    from outreach_lint.engine import Linter

    builds: list[int] = []
    real = Linter.base_registry.fget

    def counted(self):
        if self._base is None:
            builds.append(1)
        return real(self)

    monkeypatch.setattr(Linter, "base_registry", property(counted))
    return builds


def test_warm_hit_uses_the_snapshot_and_prints_the_same_bytes(run, write, snapshots, monkeypatch):
    root = write({"bad.md": BAD, "good.md": "Hi Sam,\n\nYou mentioned onboarding.\n"})
    cache_dir = root / "c"
    builds = _no_registry(monkeypatch)
    for fmt in ("json", "text", "sarif", "concise"):
        fresh = run("--format", fmt, "--no-cache", "-j1", str(root))
        cold = run("--format", fmt, "--cache-dir", str(cache_dir), "-j1", str(root))
        builds.clear()
        warm = run("--format", fmt, "--cache-dir", str(cache_dir), "-j1", str(root))
        # SARIF keeps every file's source for its fixes: the result cache is not used for it
        assert builds == ([1] if fmt == "sarif" else []), f"{fmt}: a warm hit built the registry"
        assert fresh == cold == warm and fresh[0] == 1 and "PR101" in fresh[1]
    assert len(list(snapshots.glob("registry-*.bin"))) == 1


def test_warm_hit_reports_selection_errors_like_a_fresh_run(run, write, snapshots, monkeypatch):
    root = write({"bad.md": BAD})
    (root / ".git").mkdir()
    cache_dir = str(root / "c")
    run("--cache-dir", cache_dir, str(root / "bad.md"), cwd=root)  # results and snapshot
    builds = _no_registry(monkeypatch)
    bad_configs = [
        'select = ["PR1O1"]\n',
        'ignore = ["not-a-rule"]\n',
        '[per-file-ignores]\n"*.md" = ["XX"]\n',
        "[rules.IC102]\nmin-self-sentence = 5\n",
        '[rules.IC102]\nmin-self-sentences = "five"\n',
        '[rules.IC102]\nseverity = "loud"\n',
        "[rules.close-the-dael]\n",
    ]
    for text in bad_configs:
        (root / ".outreach-lint.toml").write_text(text)
        expected = run("--no-cache", str(root / "bad.md"), cwd=root)
        assert expected[0] == 2 and "config error" in expected[2], text
        builds.clear()
        assert run("--cache-dir", cache_dir, str(root / "bad.md"), cwd=root) == expected, text
        assert builds == [], text  # the snapshot's work
    (root / ".outreach-lint.toml").write_text(
        'select = ["PR"]\n[rules.IC102]\nseverity = "error"\n'
    )
    expected = run("--no-cache", "--format", "json", str(root / "bad.md"), cwd=root)
    assert run("--cache-dir", cache_dir, "--format", "json", str(root / "bad.md"), cwd=root) == (
        expected
    )
    assert run("--cache-dir", cache_dir, "--format", "json", str(root / "bad.md"), cwd=root) == (
        expected
    )


def test_snapshot_equals_the_registry(snapshots):
    from outreach_lint import regsnapshot

    linter = create_linter(isolated=True, no_plugins=True)
    registry = linter.base_registry
    assert regsnapshot.save("k", registry)
    snapshot = regsnapshot.load("k")
    assert list(snapshot.rules) == list(registry.rules)
    assert list(snapshot.by_name.items()) == list(registry.by_name.items())
    assert [r.meta.full() for r in snapshot.rules.values()] == [
        r.meta for r in registry.rules.values()
    ]
    assert regsnapshot.load("another rule set") is None


def test_a_rule_set_change_is_not_served_by_the_old_snapshot(run, write, snapshots, monkeypatch):
    """The snapshot is keyed by the result cache's rule-set key: a new version (or plugin, or
    edited pack) is validated against its own registry, built and kept anew."""
    root = write({"bad.md": BAD})
    run("--cache-dir", str(root / "c"), str(root))
    builds = _no_registry(monkeypatch)
    monkeypatch.setattr("outreach_lint.__version__", "99.0")
    run("--cache-dir", str(root / "c"), str(root))
    assert builds == [1]
    assert len(list(snapshots.glob("registry-*.bin"))) == 2
    builds.clear()
    run("--cache-dir", str(root / "c"), str(root))
    assert builds == []


def test_a_plugin_rule_is_selectable_on_a_warm_run(run, write, snapshots, monkeypatch):
    """A plugin installed between two runs changes the rule-set key: its codes validate."""
    import sys
    import types

    from outreach_lint import plugins as plugins_mod
    from outreach_lint.hookspecs import hookimpl
    from outreach_lint.model import RuleMeta
    from outreach_lint.rules import Rule

    root = write({"bad.md": BAD})
    cache_dir = str(root / "c")
    run("--cache-dir", cache_dir, str(root))
    code, _, err = run("--cache-dir", cache_dir, "--select", "PR950", str(root))
    assert code == 2 and "PR950" in err
    module = types.ModuleType("house_plugin")
    module.__file__ = str(root / "house_plugin.py")
    (root / "house_plugin.py").write_text("# stands in for an installed plugin\n")
    meta = RuleMeta(
        code="PR950", name="house-push", category="pressure", summary="s", rationale="r"
    )
    module.outreach_lint_rules = hookimpl(lambda: [Rule(meta=meta, check=lambda doc, ctx: ())])
    sys.modules["house_plugin"] = module
    monkeypatch.setattr(sys.modules["house_plugin"], "__name__", "house_plugin")
    real = plugins_mod.create_plugins

    def with_house(*a, **k):
        k["extra"] = (*k.get("extra", ()), module)
        return real(*a, **k)

    monkeypatch.setattr(plugins_mod, "create_plugins", with_house)
    try:
        code, out, err = run("--cache-dir", cache_dir, "--select", "PR950", str(root))
    finally:
        del sys.modules["house_plugin"]
    assert code == 0 and err == "", err


@pytest.mark.parametrize("damage", ["truncate", "flip", "shape", "identity", "meta-json"])
def test_a_damaged_snapshot_is_a_miss(run, write, snapshots, monkeypatch, damage):
    from outreach_lint import compiled

    root = write({"bad.md": BAD})
    cache_dir = str(root / "c")
    expected = run("--format", "json", "--no-cache", str(root))
    run("--format", "json", "--cache-dir", cache_dir, str(root))
    (path,) = snapshots.glob("registry-*.bin")
    data = path.read_bytes()
    name = path.stem
    key = compiled.marshal.loads(data[12:])[0]
    items = compiled.load(name, key)
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage == "shape":
        compiled.save(name, key, [(1, 2, 3), *items[1:]])
    elif damage == "identity":  # two rules under one name
        compiled.save(name, key, [items[0], (items[1][0], items[0][1], *items[1][2:]), *items[2:]])
    else:  # readable file, but a rule's metadata is not what it was filed under
        pr101 = next(i for i, item in enumerate(items) if item[0] == "PR101")
        other = next(item for item in items if item[0] != "PR101")
        items[pr101] = (*items[pr101][:4], other[4])
        compiled.save(name, key, items)
    assert run("--format", "json", "--cache-dir", cache_dir, str(root)) == expected
    assert run("--format", "json", "--cache-dir", cache_dir, str(root)) == expected
    # what a report (SARIF, a plugin's formatter) is told about a rule is the real metadata
    linter = create_linter(no_plugins=True)
    ResultCache.for_linter(linter, root / "c")
    linter.ruleset_for(linter.resolver.for_path(root / "bad.md"))
    truth = create_linter(no_plugins=True)
    for code in ("PR101", "IC102", "OL001"):
        assert linter.rule_meta(code) == truth.rule_meta(code)


def test_no_snapshot_from_a_registry_with_problems(run, write, snapshots, monkeypatch):
    """A plugin or pack problem must be reported on every run: such a run keeps no snapshot."""
    from outreach_lint.engine import Linter

    real = Linter._add

    def failing(self, registry, rule, plugin):
        if rule.meta.code == "PR101":
            self.errors.append("plugin 'x' returned something that is not a rule: PR101")
            return
        real(self, registry, rule, plugin)

    monkeypatch.setattr(Linter, "_add", failing)
    root = write({"bad.md": BAD})
    first = run("--cache-dir", str(root / "c"), str(root))
    assert "not a rule" in first[2]
    assert run("--cache-dir", str(root / "c"), str(root)) == first
    assert not list(snapshots.glob("registry-*.bin"))


def test_an_unchanged_index_is_not_written_again(run, write, tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(cache_mod, "RACY_NS", -(10**15))  # files just written count as old
    root = write({"bad.md": BAD, "good.md": "Hi Sam,\n\nYou mentioned onboarding.\n"})
    cache_dir = tmp_path / "c"
    run("--cache-dir", str(cache_dir), str(root))
    run("--cache-dir", str(cache_dir), str(root))  # a plain cache hit writes the index
    index = cache_dir / "index-v2.jsonl"
    os.utime(index, (1_000_000_000, 1_000_000_000))
    before = index.read_bytes()
    run("--cache-dir", str(cache_dir), str(root))
    assert index.stat().st_mtime == 1_000_000_000 and index.read_bytes() == before
    run("--cache-dir", str(cache_dir), str(root / "bad.md"))  # another set of files
    assert index.stat().st_mtime != 1_000_000_000
    assert [json.loads(line.split(b"\t")[0]) for line in index.read_bytes().splitlines()[1:]] == [
        str(root / "bad.md")
    ]


def test_index_notes_spill_to_disk_with_the_same_index(run, write, tmp_path, monkeypatch):
    files = {f"m{i}.md": BAD.replace("Alex", f"Alex {i}") for i in range(6)}
    root = write(files)
    monkeypatch.setattr(cache_mod, "RACY_NS", -(10**15))  # files just written count as old
    indexes = []
    for limit in (statindex.NOTES_IN_MEMORY, 2):
        monkeypatch.setattr(statindex, "NOTES_IN_MEMORY", limit)
        cache_dir = tmp_path / f"c{limit}"
        run("--cache-dir", str(cache_dir), "-j1", str(root))
        run("--cache-dir", str(cache_dir), "-j1", str(root))
        indexes.append((cache_dir / "index-v2.jsonl").read_bytes())
    assert indexes[0] == indexes[1] and len(indexes[0].splitlines()) == 7


def test_a_warm_hit_in_a_new_process_imports_no_rule_and_no_openssl(write, tmp_path):
    """The real thing: CLI processes with their own caches. A warm hit prints what a fresh
    run prints without importing a check module (the registry snapshot) or ``hashlib``
    (OpenSSL; ``sha.py``)."""
    import subprocess
    import sys

    root = write({"bad.md": BAD})
    code = (
        "import io, sys\n"
        "from outreach_lint.cli import main\n"
        "out = io.StringIO()\n"
        "code = main(['--format', 'json', *sys.argv[1:]], stdout=out)\n"
        "sys.stdout.write(out.getvalue())\n"
        "loaded = [m for m in ('outreach_lint.checks.pressure', 'outreach_lint.checks.meta',"
        " 'hashlib') if m in sys.modules]\n"
        "sys.stderr.write(' '.join(loaded) or 'none')\n"
    )
    env = {
        "OUTREACH_LINT_COMPILED_CACHE": str(tmp_path / "compiled"),
        "OUTREACH_LINT_DISABLE_PLUGINS": "1",
        "PATH": "",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
        )

    fresh = cli("--no-cache", str(root / "bad.md"))
    cached = [cli("--cache-dir", str(tmp_path / "c"), str(root / "bad.md")) for _ in range(3)]
    assert "outreach_lint.checks.pressure" in fresh.stderr  # the probe sees a real lint
    assert cached[0].stderr != "none"  # the first run lints and keeps the snapshot
    assert cached[2].stderr == "none"
    assert fresh.stdout == cached[0].stdout == cached[2].stdout and '"PR101"' in fresh.stdout


def test_sha256_is_hashlibs():
    import hashlib

    from outreach_lint.sha import sha256

    for data in (b"", b"abc", bytes(range(256)) * 1000):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_run_keeps_the_cache_bounded(lint, write, monkeypatch):
    """The size bound of the module docstring is kept by real runs, not only by ``prune``:
    a run prunes the oldest entries beyond the bound, and then not again for a day."""
    import os

    root = write({"bad.md": BAD})
    old = lint.cache_dir / "v1" / "00"
    old.mkdir(parents=True)
    for i in range(6):
        entry = old / f"{i:02d}.json"
        entry.write_text("{}")
        os.utime(entry, (1000 + i, 1000 + i))
    monkeypatch.setattr(cache_mod, "MAX_ENTRIES", 4)
    monkeypatch.setattr(cache_mod, "PRUNE_TO", 3)
    lint(str(root))
    left = entries(lint.cache_dir)
    assert len(left) == 3  # the run's own entry and the two newest old ones
    assert [p.name for p in left if p.parent == old] == ["04.json", "05.json"]
    assert (lint.cache_dir / "last-prune").exists()

    for i in range(6, 12):
        (old / f"{i:02d}.json").write_text("{}")
    lint(str(root))
    assert len(entries(lint.cache_dir)) == 9  # pruned at most once a day
