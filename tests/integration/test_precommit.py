"""The hook, run by the real pre-commit tool against this repository."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import clean_env, copy_checkout, sh

pytestmark = pytest.mark.integration

BAD = "---\nsubject: Partnership\n---\nDear Sir/Madam,\n\nLet's close the deal this week.\n"
GOOD = '---\nsubject: Your onboarding survey\n---\nHi {{ first_name | default: "there" }},\n\nWhat surprised you most in the survey?\n'


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed copy of this checkout: pre-commit installs hooks from a git revision."""
    src = tmp_path_factory.mktemp("hookrepo") / "outreach-lint"
    copy_checkout(src)
    env = clean_env(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    sh("git", "init", "-q", "-b", "main", src, env=env)
    sh("git", "add", "-A", cwd=src, env=env)
    sh("git", "commit", "-q", "-m", "snapshot", cwd=src, env=env)
    return src


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _templates_repo(tmp_path: Path, files: dict) -> Path:
    repo = tmp_path / "templates-repo"
    repo.mkdir()
    sh("git", "init", "-q", repo)
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    sh("git", "add", "-A", cwd=repo)
    return repo


def _try_repo(hook_repo, repo, home, hook, *files):
    env = clean_env(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    return sh(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        hook_repo,
        hook,
        "--files",
        *files,
        cwd=repo,
        env=env,
        check=False,
        timeout=900,
    )


def test_hook_fails_on_bad_and_passes_on_good(hook_repo, precommit_home, tmp_path):
    repo = _templates_repo(tmp_path, {"bad.md": BAD, "good.md": GOOD})
    bad = _try_repo(hook_repo, repo, precommit_home, "outreach-lint", "bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "BL101" in bad.stdout and "PR101" in bad.stdout
    good = _try_repo(hook_repo, repo, precommit_home, "outreach-lint", "good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


FIX_PACK = """
schema-version = 1
[[rules]]
code = "HY901"
name = "plain-words"
category = "hype"
severity = "warning"
kind = "substitution"
summary = "Jargon with a plain alternative"
message = "'{match}' is jargon: write '{replacement}'"
rationale = "Plain words respect the reader's time."
fix = "safe"
[rules.substitutions]
"leverage" = "use"
[rules.examples]
bad = ["We leverage data."]
good = ["We use data."]
"""


def test_fix_hook_fixes_fails_then_passes(hook_repo, precommit_home, tmp_path):
    repo = _templates_repo(
        tmp_path,
        {
            ".outreach-lint.toml": 'packs = ["house.toml"]\nselect = ["HY901"]\n',
            "house.toml": FIX_PACK,
            "note.md": "Hi Sam,\r\n\r\nYour team could leverage the survey results.\r\n",
        },
    )
    first = _try_repo(hook_repo, repo, precommit_home, "outreach-lint-fix", "note.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (
        repo / "note.md"
    ).read_bytes() == b"Hi Sam,\r\n\r\nYour team could use the survey results.\r\n"
    sh("git", "add", "-A", cwd=repo)
    second = _try_repo(hook_repo, repo, precommit_home, "outreach-lint-fix", "note.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
