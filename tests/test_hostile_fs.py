"""File-system faults: files that vanish, cannot be read, loop, block or have odd names."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest

BAD = "Hi Sam,\n\nLet's close the deal this week.\n"


def _json(run, *argv):
    code, out, err = run("--format", "json", "--no-source", *argv)
    return code, json.loads(out) if out else None, err


def _codes(report, name):
    return [f["code"] for f in report["findings"] if f["path"].endswith(name)]


def test_a_file_that_vanishes_between_discovery_and_linting(write):
    from outreach_lint.engine import create_linter

    root = write({"a.md": BAD, "gone.md": BAD, "z.md": BAD})
    linter = create_linter(isolated=True, no_plugins=True)
    paths = list(linter.discover([str(root)]))
    assert [p.name for p in paths] == ["a.md", "gone.md", "z.md"]
    (root / "gone.md").unlink()
    results = [linter.lint_file(p) for p in paths]
    [gone] = results[1].findings
    assert gone.code == "OL002" and "No such file or directory" in gone.message
    assert gone.path.endswith("gone.md")
    assert (
        [f.code for f in results[0].findings] == [f.code for f in results[2].findings] == ["PR101"]
    )


def test_a_directory_that_vanishes_during_the_walk(write):
    from outreach_lint.engine import create_linter

    root = write({"a/one.md": BAD, "b/two.md": BAD})
    linter = create_linter(isolated=True, no_plugins=True)
    walk = linter.discover([str(root)])
    first = next(walk)
    (root / "b" / "two.md").unlink()
    (root / "b").rmdir()
    assert [first.name, *(p.name for p in walk)] == ["one.md"]


def test_a_missing_path_is_an_error_naming_it_and_the_rest_is_linted(run, write):
    root = write({"a.md": BAD})
    code, report, err = _json(run, str(root / "a.md"), str(root / "nope.md"))
    assert code == 2
    assert err.strip().endswith("nope.md: no such file or directory; check the path")
    assert _codes(report, "a.md") == ["PR101"]


def test_permission_denied(run, write):
    root = write({"secret.md": BAD, "ok.md": BAD})
    os.chmod(root / "secret.md", 0)
    try:
        if os.access(root / "secret.md", os.R_OK):
            pytest.skip("running as root: chmod 000 does not deny reads (see the FIFO test)")
        _code, report, _ = _json(run, str(root))
        [f] = [f for f in report["findings"] if f["path"].endswith("secret.md")]
        assert f["code"] == "OL002" and "Permission denied" in f["message"]
        assert _codes(report, "ok.md") == ["PR101"]
    finally:
        os.chmod(root / "secret.md", 0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_reported_not_opened(run, write):
    """Opening a FIFO blocks until someone writes: a hang in CI. It must never be opened."""
    root = write({"ok.md": BAD})
    os.mkfifo(root / "pipe.md")
    result: list = []
    worker = threading.Thread(target=lambda: result.append(_json(run, str(root))), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(root / "pipe.md", "w"):
            pass
        pytest.fail("linting a directory with a FIFO in it blocked")
    _code, report, _ = result[0]
    [f] = [f for f in report["findings"] if f["path"].endswith("pipe.md")]
    assert f["code"] == "OL002" and "Not a regular file" in f["message"]
    assert _codes(report, "ok.md") == ["PR101"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loops(run, write):
    root = write({"ok.md": BAD})
    os.symlink("loop-b.md", root / "loop-a.md")
    os.symlink("loop-a.md", root / "loop-b.md")
    os.symlink(".", root / "self")  # a directory loop: the walk must not follow it forever
    code, report, err = _json(run, str(root))
    assert err == ""
    assert _codes(report, "loop-a.md") == ["OL002"]
    assert "symbolic links" in next(
        f["message"] for f in report["findings"] if f["path"].endswith("loop-a.md")
    )
    assert _codes(report, "ok.md") == ["PR101"]
    assert report["summary"]["files"] == 3
    code, report, err = _json(run, str(root / "loop-a.md"))
    assert (code, _codes(report, "loop-a.md")) == (1, ["OL002"])


def test_a_directory_where_a_file_is_expected(run, write, tmp_path):
    root = write({"ok.md": BAD, "folder.md/inner.md": BAD})
    code, report, _ = _json(run, str(root))  # a directory named *.md is walked, not read
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in report["findings"]) == [
        "inner.md",
        "ok.md",
    ]
    code, out, err = run("--config", str(tmp_path), str(root / "ok.md"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(tmp_path) in err and "cannot read" in err
    (root / "tpl").mkdir()
    code, out, err = run("-", "--stdin-filename", str(root / "tpl"), stdin=BAD)
    assert code == 1  # a stdin name only picks format and config


@pytest.mark.parametrize(
    "name",
    [
        "with space.md",
        "ünïcödé 📧.md",
        "new\nline.md",
        "tab\there.md",
        "-dash.md",
        "esc\x1b[31m.md",
    ],
)
def test_odd_file_names(run, tmp_path, name):
    try:
        (tmp_path / name).write_text(BAD)
    except (OSError, UnicodeEncodeError):
        pytest.skip(f"the file system refuses {name!r}")
    _, report, _ = _json(run, str(tmp_path))
    [f] = report["findings"]
    assert f["path"] == str(tmp_path / name) and f["code"] == "PR101"
    _code, out, _err = run("--no-color", str(tmp_path))
    head = out.splitlines()[0]
    assert head.endswith(
        "PR101 [warning] 'close the deal' frames the reader as a deal to close, not a person to help"
    )
    assert "\x1b" not in out and "\t" not in head
    assert (
        Path(
            head.split(":")[0]
            .replace("\\x0a", "\n")
            .replace("\\x09", "\t")
            .replace("\\x1b", "\x1b")
        ).name
        == name
    )
