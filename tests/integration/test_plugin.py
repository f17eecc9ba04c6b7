"""A real plugin package, installed with pip into a venv, adds rules through the CLI."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, clean_env, sh

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def plugin_venv(wheel_venv):
    sh(
        wheel_venv / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        ROOT / "examples" / "plugin",
        env=clean_env(),
    )
    return wheel_venv


def test_plugin_rule_fires(plugin_venv, tmp_path):
    target = tmp_path / "note.txt"
    target.write_text("Hi Ana,\n\nCould you utilize the report and reply ASAP?\n", encoding="utf-8")
    proc = sh(
        plugin_venv / "outreach-lint",
        "--format",
        "json",
        "--select",
        "PR901,HY901",
        target,
        check=False,
        env=clean_env(),
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    codes = {f["code"] for f in json.loads(proc.stdout)["findings"]}
    assert codes == {"PR901", "HY901"}


def test_plugins_command_lists_it(plugin_venv, tmp_path):
    proc = sh(plugin_venv / "outreach-lint", "plugins", env=clean_env(), cwd=tmp_path)
    assert "example (outreach-lint-example-plugin 1.0.0): 2 rule(s)" in proc.stdout


def test_plugins_can_be_disabled(plugin_venv, tmp_path):
    target = tmp_path / "note.txt"
    target.write_text("Reply ASAP.\n", encoding="utf-8")
    for args, env in (
        (["--no-plugins"], clean_env()),
        ([], clean_env(OUTREACH_LINT_DISABLE_PLUGINS="example")),
    ):
        proc = sh(
            plugin_venv / "outreach-lint",
            "--format",
            "json",
            *args,
            target,
            check=False,
            env=env,
            cwd=tmp_path,
        )
        assert "PR901" not in {f["code"] for f in json.loads(proc.stdout)["findings"]}


def test_broken_plugin_is_reported_and_run_goes_on(plugin_venv, tmp_path):
    """A second, broken plugin: named in the error, exit 2, the other rules still report."""
    pkg = tmp_path / "broken"
    (pkg / "broken_plugin").mkdir(parents=True)
    (pkg / "broken_plugin" / "__init__.py").write_text(
        "from outreach_lint.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def outreach_lint_rules():\n"
        "    raise RuntimeError('boom in rules')\n",
        encoding="utf-8",
    )
    (pkg / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
        '[project]\nname = "broken-plugin"\nversion = "0.0.1"\n'
        '[project.entry-points.outreach_lint]\nbroken = "broken_plugin"\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["broken_plugin"]\n',
        encoding="utf-8",
    )
    sh(plugin_venv / "python", "-m", "pip", "install", "--quiet", pkg, env=clean_env())
    try:
        target = tmp_path / "cold.txt"
        target.write_text("Dear Sir/Madam,\n\nReply ASAP.\n", encoding="utf-8")
        proc = sh(
            plugin_venv / "outreach-lint",
            "--format",
            "json",
            target,
            check=False,
            env=clean_env(),
            cwd=tmp_path,
        )
        assert proc.returncode == 2
        assert (
            "plugin 'broken' failed in outreach_lint_rules: RuntimeError: boom in rules"
            in proc.stderr
        )
        codes = {f["code"] for f in json.loads(proc.stdout)["findings"]}
        assert {"BL101", "PR901"} <= codes
    finally:
        sh(
            plugin_venv / "python",
            "-m",
            "pip",
            "uninstall",
            "--yes",
            "--quiet",
            "broken-plugin",
            env=clean_env(),
        )
