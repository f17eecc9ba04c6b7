"""What a one-file run (the pre-commit case) leaves out: ``ntpath`` and ``copy`` until used
(``lazyimport.py``), the spool of a ``--no-cache`` run naming a few files (``cli._few_files``),
``tempfile`` in the caches' atomic writes (``compiled._temporary``), ``pickle`` around the C
pickler of the run-level digest (``spool._pickler_class``) and ``contextlib`` (the caches'
blocks are classes, ``compiled.suppress``); each gives the same output."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _subproc import ROOT, SITE, console_env, run_script

from outreach_lint import cli, codecache, compiled, lazyimport, recache, regexcache, spool

EXAMPLES = ROOT / "examples"
ONE = EXAMPLES / "templates" / "bad" / "cold-blast.md"

# the console script pip writes, plus an exit handler (the short exit runs them) that records
# what sits in sys.modules for the modules these changes leave out
SCRIPT = textwrap.dedent(
    """
    import atexit, json, re, sys
    report = sys.argv.pop(1)
    def facts():
        mods = sys.modules
        with open(report, "w") as f:
            json.dump({name: type(mods[name]).__name__ if name in mods else None
                       for name in ("ntpath", "copy", "weakref", "outreach_lint.spool",
                                    "pickle", "tempfile", "shutil", "contextlib")}, f)
    atexit.register(facts)
    from outreach_lint.client import main
    sys.exit(main())
    """
)


def _console(tmp_path: Path, *args: str, lazy: bool = True) -> tuple[tuple, dict]:
    cache = os.environ["OUTREACH_LINT_COMPILED_CACHE"]
    env = console_env(OUTREACH_LINT_COMPILED_CACHE=cache)
    if not lazy:
        env[lazyimport.ENV] = "0"
    report = tmp_path / f"facts-{lazy}.json"
    done = run_script(SCRIPT, str(report), *args, cwd=tmp_path, env=env)
    return (done.returncode, done.stdout, done.stderr), json.loads(report.read_text())


@pytest.mark.parametrize("fmt", ["text", "concise", "json"])
def test_a_no_cache_one_file_run_leaves_them_out_and_prints_the_same(tmp_path, fmt):
    args = ("--format", fmt, "--no-cache", str(ONE))
    _console(tmp_path, *args)  # the compiled cache warm (a cold one parses the packs: tomllib)
    lazy, facts = _console(tmp_path, *args)
    eager, eager_facts = _console(tmp_path, *args, lazy=False)
    assert lazy == eager
    assert lazy[0] == 1 and lazy[1]
    assert eager_facts["ntpath"] == "module" and eager_facts["weakref"] == "module"  # can fail
    if fmt != "json":  # the JSON formatter may call dataclasses.asdict, which needs copy
        assert facts["copy"] == "LazyModule"
        if sys.version_info < (3, 12):  # 3.12+ dataclasses load inspect, which loads weakref
            assert facts["weakref"] is None
    if sys.platform != "win32":
        assert facts["ntpath"] == "LazyModule"
    assert facts["outreach_lint.spool"] is None  # a few named files and no cache: no spool
    assert facts["pickle"] is None and facts["tempfile"] is None
    if sys.version_info < (3, 12):  # 3.12+ dataclasses load inspect, which loads contextlib
        assert facts["contextlib"] is None


def test_a_cache_miss_writes_without_tempfile_or_pickle_and_a_hit_agrees(tmp_path):
    rc = tmp_path / "rc"
    _console(tmp_path, "--format", "json", "--no-cache", str(ONE))  # the compiled cache warm
    args = ("--format", "json", "--cache-dir", str(rc), str(ONE))
    miss, facts = _console(tmp_path, *args)
    assert facts["outreach_lint.spool"] == "module"  # with the result cache: spooled
    assert facts["tempfile"] is None and facts["shutil"] is None and facts["pickle"] is None
    if sys.version_info < (3, 12):
        assert facts["contextlib"] is None
    assert any(p.is_file() and not p.name.startswith(".tmp-") for p in rc.rglob("*"))
    assert not list(rc.rglob(".tmp-*"))  # every temporary file was renamed into place
    hit, _ = _console(tmp_path, *args)
    fresh, _ = _console(tmp_path, "--format", "json", "--no-cache", str(ONE), lazy=False)
    assert miss == hit == fresh


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_few_named_files_without_the_cache_print_what_a_spooled_run_prints(run, monkeypatch, fmt):
    targets = [str(p) for p in sorted((EXAMPLES / "templates" / "bad").iterdir())[:3]]
    for argv in ([targets[0]], targets):
        argv = [*argv, "--format", fmt, "--no-color", "--no-cache"]
        monkeypatch.setattr(cli, "FEW_FILES", 0)  # the spool, as before
        spooled = run(*argv)
        monkeypatch.setattr(cli, "FEW_FILES", 256)
        in_memory = run(*argv)
        assert in_memory == spooled
        assert in_memory[0] == 1


def test_few_files_are_named_files_only(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("Hi\n")
    assert cli._few_files([str(tmp_path / "a.md")])
    assert cli._few_files([str(tmp_path / "missing.md")])  # reported missing, nothing to spool
    assert not cli._few_files([str(tmp_path)])  # a folder may hold any number of files
    assert not cli._few_files([str(tmp_path / "a.md"), str(tmp_path)])
    monkeypatch.setattr(cli, "FEW_FILES", 2)
    assert cli._few_files([str(tmp_path / "a.md")] * 2)
    assert not cli._few_files([str(tmp_path / "a.md")] * 3)


def test_the_temporary_file_is_made_as_mkstemp_makes_it(tmp_path, monkeypatch):
    fd, name = compiled._temporary(tmp_path, ".tmp-")
    os.close(fd)
    path = Path(name)
    assert path.parent == tmp_path and path.name.startswith(".tmp-") and path.is_absolute()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # a name that exists is never opened again: the next random name is taken
    draws = iter([b"\x01" * 8, b"\x01" * 8, b"\x02" * 8])
    monkeypatch.setattr(compiled.os, "urandom", lambda n: next(draws))
    fd1, first = compiled._temporary(tmp_path, "p-")
    fd2, second = compiled._temporary(tmp_path, "p-")
    os.close(fd1)
    os.close(fd2)
    assert first.endswith("p-" + "01" * 8) and second.endswith("p-" + "02" * 8)
    monkeypatch.setattr(compiled.os, "urandom", lambda n: b"\x01" * 8)
    with pytest.raises(FileExistsError):
        compiled._temporary(tmp_path, "p-")


def test_an_atomic_write_replaces_the_file_or_leaves_it(tmp_path):
    target = tmp_path / "entry.bin"
    target.write_bytes(b"old")
    with compiled.atomic_file(target) as fh:
        fh.write(b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(RuntimeError), compiled.atomic_file(target) as fh:
        fh.write(b"half")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.bin"]


def test_the_digest_pickles_as_pickle_does():
    from outreach_lint.model import Span
    from outreach_lint.signature import DocSignature

    values = [
        (DocSignature(path="a.md", context={"step": 2}, minhash=(1, 2**63), day=1.5),),
        ("path", "path", ("x", None, True, 0.1), {"k": [1, 2]}, Span(1, 2)),
    ]
    assert spool.PROTOCOL <= pickle.HIGHEST_PROTOCOL
    for value in values:
        blob = spool._pickle_values(value)
        pickler_buf = __import__("io").BytesIO()
        p = pickle.Pickler(pickler_buf, spool.PROTOCOL)
        p.fast = True
        p.dump(value)
        assert blob == pickler_buf.getvalue()
        assert pickle.loads(blob) == value


def test_the_digest_bytes_do_not_depend_on_pickle_being_imported():
    code = textwrap.dedent(
        """
        import sys
        from outreach_lint import spool
        from outreach_lint.model import Span
        value = ("path", {"step": 2}, (1, 2**63), 1.5, None, Span(3, 4))
        before = spool._pickle_values(value)
        assert "pickle" not in sys.modules
        import pickle
        assert spool._pickle_values(value) == before and pickle.loads(before) == value
        print(before.hex())
        """
    )
    env = {**os.environ, "PYTHONPATH": SITE}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    from outreach_lint.model import Span

    value = ("path", {"step": 2}, (1, 2**63), 1.5, None, Span(3, 4))
    assert done.stdout.strip() == spool._pickle_values(value).hex()


def test_the_ntpath_and_copy_stand_ins_serve_their_users():
    code = textwrap.dedent(
        """
        import sys
        from outreach_lint import lazyimport
        lazyimport.install()
        import pathlib, dataclasses
        if sys.platform != "win32":
            assert type(sys.modules["ntpath"]) is lazyimport.LazyModule
        assert type(sys.modules["copy"]) is lazyimport.LazyModule
        w = pathlib.PureWindowsPath("C:/a/b.txt")
        assert str(w) == "C:\\\\a\\\\b.txt" and w.drive == "C:" and w.name == "b.txt"
        assert w.parent == pathlib.PureWindowsPath("C:/a")
        import ntpath
        assert ntpath.join("a", "b") == "a\\\\b" and ntpath.splitdrive("C:/x")[0] == "C:"
        assert type(sys.modules["ntpath"]) is not lazyimport.LazyModule
        assert w.as_posix() == "C:/a/b.txt" and w.is_absolute()
        @dataclasses.dataclass
        class A:
            \"\"\"A.\"\"\"
            x: list
        got = dataclasses.asdict(A([1, {2}]))  # a set is deep-copied: the real copy module
        assert got == {"x": [1, {2}]}
        assert type(sys.modules["copy"]) is not lazyimport.LazyModule
        import copy
        assert copy.copy([1]) == [1] and copy.deepcopy is sys.modules["copy"].deepcopy
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": SITE}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env
    )
    assert done.stdout == "ok\n", done.stderr


def test_suppress_is_contextlib_suppress():
    import contextlib

    for ours, theirs in (
        (compiled.suppress(OSError), contextlib.suppress(OSError)),
        (compiled.suppress(KeyError, ValueError), contextlib.suppress(KeyError, ValueError)),
        (compiled.suppress(), contextlib.suppress()),  # noqa: B022 - the empty case too
    ):
        for error in (FileNotFoundError, KeyError, ValueError, RuntimeError, KeyboardInterrupt):
            outcomes = []
            for block in (ours, theirs):
                try:
                    with block:
                        raise error("x")
                    outcomes.append("suppressed")
                except BaseException as exc:
                    outcomes.append(type(exc).__name__)
            assert outcomes[0] == outcomes[1], (error, outcomes)
        with ours:
            pass


@pytest.mark.parametrize("module", [codecache, recache, regexcache])
def test_each_cache_block_restores_and_nests_as_before(module, tmp_path, monkeypatch):
    import dataclasses

    re_compiler = recache._compiler  # re._compiler, sre_compile before 3.11
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "cc"))

    def state():
        return (
            "exec" in vars(dataclasses),
            getattr(re_compiler.compile, "__wrapped__", None) is not None,
            regexcache._pending,
            module.TABLE.table is None,
        )

    before = state()
    with module.active():
        inside = state()
        with module.active():  # nested: already active, nothing more happens
            assert state() == inside
        assert state() == inside
    assert state() == before
    assert inside != before  # the block did something (the test can fail)
    with pytest.raises(RuntimeError), module.active():
        assert state() == inside
        raise RuntimeError("stop")
    assert state() == before
    monkeypatch.setenv(compiled.ENV, "0")  # the compiled cache off: the block does nothing
    with module.active():
        assert state() == before
