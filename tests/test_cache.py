"""The result cache: same answers as a fresh run, invalidated by every input, robust to garbage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_lint import cache as cache_mod
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
