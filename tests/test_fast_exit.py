"""The console script's short exit (``client._exit_now``) and the collector paused while a
command starts (``gcpause``): neither may change what a run prints, its exit code or what it
leaves behind."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _subproc import ROOT, console_env, run_script

from outreach_lint import client, gcpause, runner

EXAMPLES = str(ROOT / "examples")

# the console script pip writes, plus a line that shows whether main() returned; with a
# first argument "foreign", a module from outside the standard library is imported first
SCRIPT = textwrap.dedent(
    """
    import re, sys
    if sys.argv[1] == "foreign":
        sys.path.insert(0, sys.argv[2])
        import foreign_module
    del sys.argv[1:3]
    from outreach_lint.client import main
    code = main()
    sys.stderr.write("<returned>")
    sys.exit(code)
    """
)


def _console(tmp_path: Path, mode: str, *args: str, cache: str | None = None):
    foreign = tmp_path / "foreign"
    foreign.mkdir(exist_ok=True)
    (foreign / "foreign_module.py").write_text("VALUE = 1\n")
    # the session's compiled cache (conftest), unless the test wants a fresh one
    cache = cache or os.environ["OUTREACH_LINT_COMPILED_CACHE"]
    env = console_env(OUTREACH_LINT_COMPILED_CACHE=cache)
    return run_script(SCRIPT, mode, str(foreign), *args, cwd=tmp_path, env=env)


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "json", "--no-cache", EXAMPLES),  # findings: exit 1
        ("--format", "text", "--statistics", EXAMPLES),  # with the result cache
        ("--no-cache", str(Path(EXAMPLES) / "templates" / "good")),  # clean: exit 0
        ("--format", "nonsense", EXAMPLES),  # usage error: exit 2
        ("--version",),
        ("explain", "PR101"),
    ],
)
def test_the_short_exit_prints_and_exits_as_the_usual_one(tmp_path, args):
    short = _console(tmp_path, "plain", *args, "--cache-dir", str(tmp_path / "rc1"))
    usual = _console(tmp_path, "foreign", *args, "--cache-dir", str(tmp_path / "rc2"))
    if args[0] in ("--version", "explain"):  # no --cache-dir for these
        short = _console(tmp_path, "plain", *args)
        usual = _console(tmp_path, "foreign", *args)
    assert "<returned>" not in short.stderr  # it did exit early
    assert usual.stderr.endswith("<returned>")  # a foreign module: the usual exit
    assert (short.returncode, short.stdout, short.stderr) == (
        usual.returncode,
        usual.stdout,
        usual.stderr[: -len("<returned>")],
    )
    assert short.stdout or short.stderr


def test_the_exit_handlers_run_before_the_short_exit(tmp_path):
    """The compiled cache's process-wide tables are saved by ``atexit`` handlers."""
    cache = tmp_path / "fresh-compiled"
    (tmp_path / "pyproject.toml").write_text('[tool.outreach-lint]\nignore = ["PR101"]\n')
    done = _console(tmp_path, "plain", "--no-cache", EXAMPLES, cache=str(cache))
    assert "<returned>" not in done.stderr and done.returncode == 1
    assert list(cache.glob("prefilter-*.bin"))  # saved at exit
    if sys.version_info >= (3, 11):  # tomlcache: tomllib only
        assert list(cache.glob("toml-*.bin"))  # saved at exit


def test_a_failed_flush_is_left_to_the_usual_exit(tmp_path):
    """stdout on a full device: the write fails only when flushed at exit."""
    env = console_env()
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    (tmp_path / "foreign_module.py").write_text("VALUE = 1\n")
    runs = []
    for mode in ("plain", "foreign"):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-S", "-c", SCRIPT, mode, str(tmp_path), "--version"],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        runs.append((done.returncode, done.stderr.replace("<returned>", "")))
    assert runs[0] == runs[1]


def test_in_process_callers_get_the_exit_code_back(monkeypatch, capsys):
    """Under a test runner (a foreign module), main() returns as it always did."""
    monkeypatch.setattr(sys, "argv", ["outreach-lint", "--version"])
    assert client.main() == 0
    assert capsys.readouterr().out.startswith("outreach-lint ")
    assert gc.isenabled()  # and the collector is back on


# --------------------------------------------------------------------------- the collector


def test_a_command_leaves_the_collector_as_it_found_it(run, tmp_path):
    (tmp_path / "a.md").write_text("Hi Sam,\n\nAct now, only 3 spots left!\n")
    assert gc.isenabled()
    run("--no-cache", str(tmp_path / "a.md"))
    assert gc.isenabled()
    gc.disable()
    try:
        run("--no-cache", str(tmp_path / "a.md"))
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()


def test_the_collector_is_on_from_the_second_file(run, tmp_path, monkeypatch):
    seen = []
    real = runner.lint_one

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "lint_one", spy)
    for i in range(3):
        (tmp_path / f"{i}.md").write_text("Hi Sam,\n\nThanks for the note.\n")
    run("--no-cache", "-j1", str(tmp_path))
    assert seen == [False, True, True]  # paused for the first file only
    seen.clear()
    run("--no-cache", "-j1", str(tmp_path / "0.md"))
    assert seen == [False]


def test_workers_are_started_with_the_collector_on(monkeypatch):
    states = []
    import concurrent.futures

    class Refused(Exception):
        pass

    def pool(*args, **kwargs):
        states.append(gc.isenabled())
        raise Refused

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    gcpause.pause()
    try:
        with pytest.raises(Refused):
            list(runner._parallel(None, iter([]), 2, {}, None, False, runner.RunStats()))
    finally:
        gcpause.resume()
    assert states == [True]
    assert gc.isenabled()
