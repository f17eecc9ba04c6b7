"""Shared real-tool fixtures: one built wheel and one fresh venv for the whole session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def sh(*cmd, cwd=None, env=None, check=True, timeout=600):
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def clean_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OUTREACH_LINT_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(extra)
    return env


_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "__pycache__",
    "dist",
    "build",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".outreach-lint-cache",
    "node_modules",
    "data",
    "results",
)


def copy_checkout(dest: Path) -> Path:
    """A copy of this checkout's sources (no VCS, caches, venvs or bench data) at ``dest``."""
    shutil.copytree(ROOT, dest, ignore=_NOT_SOURCE)
    return dest


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "outreach-lint"
    # build from a copy so the checkout is never touched by the build
    copy_checkout(src)
    sh(sys.executable, "-m", "build", "--wheel", "--outdir", out, src)
    wheels = list(out.glob("outreach_lint-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv with the built wheel installed (dependencies from the package index)."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    sh(
        bindir / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        wheel,
        env=clean_env(),
    )
    return bindir
