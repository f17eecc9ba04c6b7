"""The built wheel, installed into a fresh venv, lints with its shipped rule packs."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile

import pytest

from .conftest import ROOT, clean_env, sh

pytestmark = pytest.mark.integration


def test_wheel_contains_packs(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(n for n in names if n.startswith("outreach_lint/_packs/"))
    shipped = sorted(f"outreach_lint/_packs/{p.name}" for p in (ROOT / "rules").glob("*.toml"))
    assert packs == shipped and packs
    assert not any(n.startswith("rules/") for n in names), "rules must not be a top-level package"
    # PR155 reads its word classes and weights from a data file next to its module
    assert "outreach_lint/checks/pressure_score.toml" in names


def test_installed_wheel_lints_examples(wheel_venv, tmp_path):
    proc = sh(
        wheel_venv / "outreach-lint",
        "--format",
        "json",
        ROOT / "examples",
        check=False,
        env=clean_env(),
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert {"blast", "pressure", "i-centric"} <= {f["category"] for f in data["findings"]}
    where = sh(
        wheel_venv / "python",
        "-c",
        "from outreach_lint.packs import builtin_pack_dir as d; print(d())",
        env=clean_env(),
        cwd=tmp_path,
    )
    assert "site-packages" in where.stdout and where.stdout.strip().endswith("_packs")


def test_installed_wheel_module_entry_point(wheel_venv, tmp_path):
    proc = sh(
        wheel_venv / "python", "-m", "outreach_lint", "--version", env=clean_env(), cwd=tmp_path
    )
    assert proc.stdout.startswith("outreach-lint ")


def test_installed_console_script_through_the_daemon(wheel_venv, tmp_path):
    """The installed ``outreach-lint`` (client.py) through the opt-in server: same bytes."""
    runtime = tempfile.mkdtemp(prefix="old-")  # short: a socket path holds at most 108 bytes
    env = clean_env(OUTREACH_LINT_DAEMON_DIR=runtime, OUTREACH_LINT_DAEMON_IDLE="60")
    ol = wheel_venv / "outreach-lint"
    try:
        assert "running: pid" in sh(ol, "daemon", "start", env=env, cwd=tmp_path).stdout
        for fmt in ("json", "text", "sarif"):
            command = (ol, "--format", fmt, ROOT / "examples")
            direct = sh(*command, check=False, env=env, cwd=tmp_path)
            through = sh(*command, "--daemon", check=False, env=env, cwd=tmp_path)
            assert (through.returncode, through.stdout, through.stderr) == (
                direct.returncode,
                direct.stdout,
                direct.stderr,
            )
            assert direct.returncode == 1
        status = sh(ol, "daemon", "status", env=env, cwd=tmp_path).stdout
        assert " 3 request(s) served" in status, status
    finally:
        sh(ol, "daemon", "stop", check=False, env=env, cwd=tmp_path)
        shutil.rmtree(runtime, ignore_errors=True)
