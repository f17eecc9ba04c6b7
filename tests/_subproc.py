"""Run a script in a fresh ``python -S``, as the console script pip writes runs: shared by the
start-up tests (test_fast_exit.py, test_lazyimport.py, test_notyping.py), which assert what such
a run imports and prints.

``-S`` with the site directories on PYTHONPATH: no ``.pth`` file runs, so the interpreter starts
with the standard library only, as in a fresh venv (a ``.pth`` that imports a third-party module
would import what a test asserts absent, and rightly turn the short exit off). No
``OUTREACH_LINT_*`` variable of the test session reaches the child unless the caller passes it.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = os.pathsep.join([str(ROOT), *site.getsitepackages()])


def console_env(*, plugins_off: bool = True, **extra: str) -> dict[str, str]:
    """This process's environment without its ``OUTREACH_LINT_*`` variables, the checkout and
    the site directories on PYTHONPATH, plugins off unless asked, then ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_LINT")}
    env["PYTHONPATH"] = SITE
    if plugins_off:
        env["OUTREACH_LINT_DISABLE_PLUGINS"] = "1"
    env.update(extra)
    return env


def run_script(
    script: str, *args: str, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``python -S -c script args...`` in ``cwd``, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-S", "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
