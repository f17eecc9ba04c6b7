"""Adopting in an existing repository: --baseline / --write-baseline and --changed-since."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from outreach_lint.gitdiff import parse_diff, unquote

PACK = (Path(__file__).parent / "golden" / "fixture" / "house.toml").read_text(encoding="utf-8")
CONFIG = 'packs = ["house.toml"]\nselect = ["HY901", "PR901"]\n'
OLD = "Hi Sam,\n\nWe leverage data.\nAct now.\n"


@pytest.fixture
def repo(write):
    return write({".outreach-lint.toml": CONFIG, "house.toml": PACK, "t/a.md": OLD})


def test_baseline_hides_old_findings_and_survives_unrelated_edits(run, repo, tmp_path):
    code, out, _ = run("t", "--write-baseline", "base.json", cwd=repo)
    assert code == 0 and "Wrote 2 findings to the baseline base.json" in out
    data = json.loads((repo / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {(e["path"], e["code"], e["line"], e["count"]) for e in data["findings"]} == {
        ("t/a.md", "HY901", "We leverage data.", 1),
        ("t/a.md", "PR901", "Act now.", 1),
    }
    assert run("t", "--baseline", "base.json", cwd=repo)[0] == 0
    # unrelated edits: lines above, re-indented flagged line; path spelled differently
    (repo / "t" / "a.md").write_text(
        "Hi Sam,\n\nA new paragraph.\n\n  We   leverage data.\nAct now.\n", encoding="utf-8"
    )
    code, out, err = run(str(repo / "t" / "a.md"), "--baseline", "base.json", cwd=repo)
    assert code == 0, out
    assert "2 findings hidden by the baseline" in err
    # a new finding, and a second copy of an old one, are shown
    (repo / "t" / "a.md").write_text(OLD + "Act now.\nWe utilize it.\n", encoding="utf-8")
    code, out, _ = run("t", "--baseline", "base.json", "--format", "concise", cwd=repo)
    assert code == 1
    lines = [ln for ln in out.splitlines() if ln.startswith("t/")]
    assert lines == [
        "t/a.md:5:1: PR901 [error] 'Act now' pushes the reader: <give them a reason & a choice>",
        "t/a.md:6:4: HY901 [warning] 'utilize' is jargon: write 'use'",
    ]


def test_baseline_from_another_directory_matches(run, repo):
    run("t", "--write-baseline", "base.json", cwd=repo)
    code, out, _ = run("a.md", "--baseline", "../base.json", cwd=repo / "t")
    assert code == 0, out


@pytest.mark.parametrize(
    "content, needle",
    [(None, "cannot read the baseline"), ("{", "invalid JSON"), ('{"version": 9}', "version 1")],
)
def test_bad_baseline_is_a_usage_error(run, repo, content, needle):
    if content is not None:
        (repo / "base.json").write_text(content, encoding="utf-8")
    code, _, err = run("t", "--baseline", "base.json", cwd=repo)
    assert code == 2 and needle in err


# --------------------------------------------------------------------------- --changed-since


def git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def gitrepo(repo):
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def test_changed_since_reports_only_changed_lines(run, gitrepo):
    path = gitrepo / "t" / "a.md"
    path.write_text(
        OLD.replace("Hi Sam,", "Hi Sam, act now.") + "We utilize it.\n", encoding="utf-8"
    )
    (gitrepo / "t" / "new.md").write_text("Leverage it.\n", encoding="utf-8")  # untracked
    code, out, _ = run("t", "--changed-since", "HEAD", "--format", "concise", cwd=gitrepo)
    assert code == 1
    got = [ln.split(" [")[0] for ln in out.splitlines() if ln.startswith("t/")]
    assert got == ["t/a.md:1:9: PR901", "t/a.md:5:4: HY901", "t/new.md:1:1: HY901"]
    git(gitrepo, "add", "-A")
    git(gitrepo, "commit", "-q", "-m", "edit")
    assert run("t", "--changed-since", "HEAD", cwd=gitrepo)[0] == 0
    code, out, _ = run("t", "--changed-since", "HEAD~1", "--format", "concise", cwd=gitrepo)
    assert len([ln for ln in out.splitlines() if ln.startswith("t/")]) == 3


def test_changed_since_errors(run, gitrepo, tmp_path_factory):
    code, _, err = run("t", "--changed-since", "no-such-rev", cwd=gitrepo)
    assert code == 2 and "unknown revision 'no-such-rev'" in err
    plain = tmp_path_factory.mktemp("plain")
    (plain / "a.md").write_text("x\n", encoding="utf-8")
    code, _, err = run("a.md", "--changed-since", "HEAD", cwd=plain)
    assert code == 2 and "not inside a git repository" in err


def test_parse_diff_hunks_and_quoted_names(tmp_path):
    diff = (
        "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,0 +2,3 @@\n+a\n+b\n+c\n@@ -9 +12 @@\n-q\n+r\n"
        "@@ -20,2 +22,0 @@\n-gone\n-gone\n"
        '+++ "b/we\\tird \\303\\251.md"\n@@ -0,0 +1 @@\n+x\n'
        "+++ b/with space.md\t\n@@ -1 +1 @@\n+y\n"
    )
    changes = parse_diff(diff, tmp_path)
    assert changes.lines[str(tmp_path / "x")] == {2, 3, 4, 12}
    assert changes.lines[str(tmp_path / "we\tird é.md")] == {1}
    assert changes.lines[str(tmp_path / "with space.md")] == {1}
    assert unquote('"a\\"b\\\\c"') == 'a"b\\c'
