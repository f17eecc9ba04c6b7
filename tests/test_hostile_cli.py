"""No traceback reaches a user: an unexpected exception is one line, "please report", exit 2."""

from __future__ import annotations

import pytest


@pytest.fixture
def buggy(monkeypatch):
    """Plant a bug in the engine (what an unforeseen input would trigger)."""

    def boom(self, *args, **kwargs):
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr("outreach_lint.engine.Linter.lint_file", boom)


def test_an_internal_error_is_one_line_and_exit_2(run, write, buggy, monkeypatch):
    monkeypatch.delenv("OUTREACH_LINT_DEBUG", raising=False)
    root = write({"a.md": "Hello"})
    code, out, err = run(str(root / "a.md"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(
        "outreach-lint: internal error: RuntimeError: boom\\x0awith a second line"
    )
    assert "please report it" in err and "--debug" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("how", ["flag-first", "flag-after", "env"])
def test_debug_shows_the_traceback(run, write, buggy, monkeypatch, how):
    root = write({"a.md": "Hello"})
    argv = [str(root / "a.md")]
    if how == "flag-first":
        argv = ["--debug", *argv]
    elif how == "flag-after":
        argv = ["check", *argv, "--debug"]
    else:
        monkeypatch.setenv("OUTREACH_LINT_DEBUG", "1")
    code, _out, err = run(*argv)
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in err and "please report it" in err.splitlines()[-1]


def test_the_real_entry_point_never_prints_a_traceback(tmp_path):
    """Through the console script's code path (``python -m``), with a planted bug."""
    import subprocess
    import sys

    (tmp_path / "a.md").write_text("Hello")
    code = (
        "import sys, outreach_lint.engine as e\n"
        "e.Linter.lint_file = lambda *a, **k: 1 / 0\n"
        "from outreach_lint.cli import main\n"
        "sys.exit(main())\n"
    )
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "a.md")],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "", "PYTHONPATH": str(root), "OUTREACH_LINT_DISABLE_PLUGINS": "1"},
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith("outreach-lint: internal error: ZeroDivisionError")
    assert "Traceback" not in proc.stderr
