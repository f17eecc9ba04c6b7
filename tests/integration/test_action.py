"""The composite GitHub Action's lint step, run with bash as the runner would run it.

The install step needs GitHub's runner; here the built wheel's venv stands in for it, and the
lint step's script runs unchanged with the inputs in the environment, as `env:` passes them.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from .conftest import ROOT, clean_env, sh

pytestmark = pytest.mark.integration


def _step(name):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def _run_lint(wheel_venv, cwd, **inputs):
    step = _step("Lint")
    output = cwd / "github_output"
    env = clean_env(
        PATH=f"{wheel_venv}{os.pathsep}{os.environ['PATH']}",
        GITHUB_OUTPUT=str(output),
        INPUT_PATHS=inputs.get("paths", "."),
        INPUT_ARGS=inputs.get("args", ""),
        INPUT_SARIF_FILE=inputs.get("sarif", ""),
    )
    proc = sh("bash", "-c", step["run"], cwd=cwd, env=env, check=False)
    return proc, output.read_text(encoding="utf-8")


def test_action_lint_step_annotates_and_writes_sarif(wheel_venv, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a b.md").write_text("Dear Sir/Madam,\n\nLet's close the deal.\n")
    (tmp_path / "t" / "*.md").write_text("Hi {{ first_name }},\n")
    proc, output = _run_lint(
        wheel_venv, tmp_path, paths="t", args="--fail-on warning", sarif="out.sarif"
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert any(ln.startswith("::warning file=t/a b.md,line=1,col=1,") for ln in lines), lines
    assert any("title=PR101 close-the-deal::" in ln for ln in lines)
    assert output.strip() == "sarif-file=out.sarif"
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"BL101", "PR101"}


def test_action_inputs_cannot_inject_shell(wheel_venv, tmp_path):
    (tmp_path / "a.md").write_text("Hi {{ first_name }},\n\nWhat matters most to you?\n")
    proc, _ = _run_lint(wheel_venv, tmp_path, paths="a.md $(touch pwned) ; touch pwned2")
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert proc.returncode == 2  # the odd words are reported as missing paths, nothing runs
    assert "no such file or directory" in proc.stderr


def test_action_install_step_installs_this_checkout_or_a_pinned_version():
    script = _step("Install outreach-lint")["run"]
    assert '"$ACTION_PATH"' in script and '"outreach-lint==$INPUT_VERSION"' in script
