"""The built wheel, installed into a fresh venv, lints with its shipped rule packs."""

from __future__ import annotations

import json
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
