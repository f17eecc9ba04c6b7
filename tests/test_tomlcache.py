"""Parsed config files remembered by content (``outreach_lint.tomlcache``): a run that has
parsed a file before does not import a TOML parser, and gets exactly what parsing gives."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import new_process

from outreach_lint import _toml, compiled, tomlcache
from outreach_lint.cli import main

ROOT = str(Path(__file__).resolve().parent.parent)
pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="only the standard library's tomllib is cached"
)

PYPROJECT = textwrap.dedent(
    """\
    [project]
    name = "demo"
    version = "1.0"
    dependencies = ["a>=1", 'b']

    [tool.other]
    x = 1.5
    flags = [true, false]
    nested = { a = { b = [1, 2, { c = "d" }] } }

    [tool.outreach-lint]
    ignore = ["PR101"]
    fail-on = "warning"
    """
)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    new_process(monkeypatch, tomlcache.TABLE)
    return tmp_path / "compiled"


def _reparse(monkeypatch):
    """A new process: the table is read from the file again."""
    tomlcache.TABLE.flush()
    new_process(monkeypatch, tomlcache.TABLE)


def test_a_remembered_parse_equals_tomllib(fresh, monkeypatch):
    assert tomlcache.loads(PYPROJECT) == _toml.loads(PYPROJECT)
    _reparse(monkeypatch)
    monkeypatch.setattr(_toml, "loads", lambda text: pytest.fail("parsed again"))
    got = tomlcache.loads(PYPROJECT)
    monkeypatch.undo()
    want = _toml.loads(PYPROJECT)
    assert got == want
    assert json.dumps(got) == json.dumps(want)  # same order, same types (1.5 float, bools)
    assert type(got["tool"]["other"]["flags"][0]) is bool


def test_a_hit_is_a_fresh_copy(fresh, monkeypatch):
    tomlcache.loads(PYPROJECT)
    _reparse(monkeypatch)
    first = tomlcache.loads(PYPROJECT)
    first["tool"].clear()
    assert tomlcache.loads(PYPROJECT) == _toml.loads(PYPROJECT)


def test_invalid_toml_and_dates_are_never_remembered(fresh, monkeypatch):
    with pytest.raises(_toml.TOMLDecodeError):
        tomlcache.loads("a = = 1\n")
    dated = "when = 1979-05-27T07:32:00Z\n"
    assert tomlcache.loads(dated) == _toml.loads(dated)
    _reparse(monkeypatch)
    assert tomlcache.cached("a = = 1\n") is None
    assert tomlcache.cached(dated) is None
    with pytest.raises(_toml.TOMLDecodeError):
        tomlcache.loads("a = = 1\n")


def test_a_damaged_or_ill_shaped_table_is_a_miss(fresh, monkeypatch):
    tomlcache.loads(PYPROJECT)
    tomlcache.TABLE.flush()
    (entry,) = fresh.glob("toml-*.bin")
    key = tomlcache.TABLE.key()
    digest = compiled.digest(PYPROJECT)
    import marshal

    for value in ({digest: "not bytes"}, {"short": b"x"}, {digest: marshal.dumps([1, 2])}):
        compiled.save(tomlcache.TABLE.name(key), key, value)
        new_process(monkeypatch, tomlcache.TABLE)
        assert tomlcache.cached(PYPROJECT) is None
        assert tomlcache.loads(PYPROJECT) == _toml.loads(PYPROJECT)
    entry.write_bytes(entry.read_bytes()[:-3])  # truncated
    new_process(monkeypatch, tomlcache.TABLE)
    assert tomlcache.cached(PYPROJECT) is None


def test_config_errors_are_the_same_when_the_text_was_parsed_before(fresh, monkeypatch, tmp_path):
    """An invalid [tool.outreach-lint] table (valid TOML) is parsed from the table on the
    second run and must give the same error and exit code."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.outreach-lint]\nignor = ["PR101"]\n')
    (project / "a.md").write_text("Hi Sam,\n\nAct now, only 3 spots left!\n")
    (project / "b.md").write_text("Hi Sam,\n\nThanks for the note.\n")
    runs = []
    for _ in range(2):
        import io

        out, err = io.StringIO(), io.StringIO()
        code = main(["--no-cache", str(project / "a.md")], stdout=out, stderr=err)
        runs.append((code, out.getvalue(), err.getvalue()))
        _reparse(monkeypatch)
    assert runs[0] == runs[1]
    assert runs[0][0] == 2 and "ignor" in runs[0][2]


def test_a_second_run_imports_no_toml_parser_and_prints_the_same(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT)
    (project / "t.md").write_text(
        "Hi {{ first_name }},\n\nWe are the leading platform. Act now, only 3 spots left!\n"
    )
    code = textwrap.dedent(
        """
        import io, sys
        from outreach_lint.cli import main
        out = io.StringIO()
        rc = main(["--no-cache", "--format", "json", sys.argv[1]], stdout=out)
        sys.stdout.write(out.getvalue())
        sys.stderr.write(" ".join(m for m in ("tomllib", "tomli") if m in sys.modules))
        """
    )

    def run(cache: str) -> subprocess.CompletedProcess:
        env = {"OUTREACH_LINT_COMPILED_CACHE": cache, "PATH": "", "PYTHONPATH": ROOT}
        env["OUTREACH_LINT_DISABLE_PLUGINS"] = "1"
        return subprocess.run(
            [sys.executable, "-c", code, str(project / "t.md")],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=project,
        )

    cache = str(tmp_path / "compiled")
    cold, warm = run(cache), run(cache)
    off = run("0")
    assert cold.stderr == "tomllib" and off.stderr == "tomllib"
    assert warm.stderr == ""  # neither the config nor pressure_score.toml parsed again
    assert warm.stdout == cold.stdout == off.stdout
    assert json.loads(warm.stdout)  # the [tool.outreach-lint] table was applied alike
