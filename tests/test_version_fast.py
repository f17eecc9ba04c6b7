"""``outreach-lint --version`` without argparse, pathlib or contextlib: the same bytes."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from outreach_lint import __version__, cli


def _through_argparse() -> str:
    """What the parser's version action prints (the way main() printed it before)."""
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(["--version"])
    assert exc.value.code in (0, None)
    return out.getvalue()


@pytest.mark.parametrize("columns", [None, "80", "20", "12", "3", "0", "junk"])
def test_fast_version_prints_what_argparse_prints(columns, monkeypatch):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--version"], stdout=out, stderr=err) == 0
    assert out.getvalue() == _through_argparse() == f"outreach-lint {__version__}\n"
    assert err.getvalue() == ""


def test_other_version_spellings_still_go_through_argparse():
    out = io.StringIO()
    assert cli.main(["--debug", "--version"], stdout=out) == 0
    assert out.getvalue() == _through_argparse()


def test_a_failed_write_is_ignored_like_argparse_does():
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    assert cli.main(["--version"], stdout=Closed()) == 0


def test_version_imports_no_parser_and_no_pathlib():
    code = (
        "import sys\n"
        "from outreach_lint.cli import main\n"
        "main(['--version'])\n"
        "heavy = sorted({'argparse', 'pathlib', 'contextlib', 'typing', 'dataclasses'}"
        " & set(sys.modules))\n"
        "sys.stderr.write(' '.join(heavy))\n"
    )
    # -S: no site (.pth files of other packages may import anything); the checkout on the path
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": ""},
    )
    assert done.stdout == f"outreach-lint {__version__}\n"
    assert done.stderr == ""
