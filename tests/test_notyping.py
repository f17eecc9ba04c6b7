"""``typing`` stays out of a one-file run: every module imports its names for the type checker
only (``TYPE_CHECKING = False`` locally, not ``typing.TYPE_CHECKING``), which saves a pre-commit
run the ~13 M instructions of importing it (docs/performance.md)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from _subproc import ROOT, console_env, run_script

PACKAGE = ROOT / "outreach_lint"
ONE = ROOT / "examples" / "templates" / "bad" / "cold-blast.md"

# the console script pip writes, plus an exit handler (the short exit runs them) that records
# whether typing was loaded
SCRIPT = textwrap.dedent(
    """
    import atexit, re, sys
    report = sys.argv.pop(1)
    def facts():
        with open(report, "w") as f:
            f.write(" ".join(sorted(m for m in ("typing", "tomllib") if m in sys.modules)))
    atexit.register(facts)
    from outreach_lint.client import main
    sys.exit(main())
    """
)


def _loaded(tmp_path: Path, *args: str, env_extra: dict[str, str]) -> tuple[int, str, set[str]]:
    report = tmp_path / "facts.txt"
    done = run_script(SCRIPT, str(report), *args, cwd=tmp_path, env=console_env(**env_extra))
    return done.returncode, done.stdout, set(report.read_text().split())


@pytest.mark.parametrize("fmt", ["json", "concise"])
def test_a_one_file_run_does_not_import_typing(tmp_path, fmt):
    env = {"OUTREACH_LINT_COMPILED_CACHE": str(tmp_path / "cc")}
    args = ("--format", fmt, "--no-cache", str(ONE))
    first = _loaded(tmp_path, *args, env_extra=env)  # fills the compiled cache
    again = _loaded(tmp_path, *args, env_extra=env)
    assert again[0] == first[0] == 1 and again[1] == first[1] and "BL" in again[1]
    assert "typing" not in again[2], again[2]


def _typing_imports_at_run_time(tree: ast.Module) -> list[int]:
    """Line numbers of module-level imports of typing outside ``if TYPE_CHECKING:``."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue
        for sub in ast.walk(node):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                break  # a function imports when it runs (and walks are shallow enough here)
            if isinstance(sub, ast.ImportFrom) and sub.module == "typing":
                found.append(sub.lineno)
            if isinstance(sub, ast.Import) and any(a.name == "typing" for a in sub.names):
                found.append(sub.lineno)
    return found


def test_no_module_imports_typing_when_it_is_imported():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = _typing_imports_at_run_time(tree)
        if lines:
            offenders[str(path.relative_to(ROOT))] = lines
        for node in tree.body:  # and never typing's own flag, which would import it
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                assert "TYPE_CHECKING = False" in path.read_text(encoding="utf-8"), path
    assert offenders == {}


def test_the_static_check_finds_a_run_time_import():
    tree = ast.parse("from typing import Any\nif TYPE_CHECKING:\n    from typing import IO\n")
    assert _typing_imports_at_run_time(tree) == [1]


def test_the_aliases_are_still_there_at_run_time():
    from typing import Any, Callable, Union

    from outreach_lint import formats, registry
    from outreach_lint.document import Document
    from outreach_lint.packs import PackRule
    from outreach_lint.rules import Rule

    assert registry.AnyRule == Union[Rule, PackRule]
    from collections.abc import Mapping, Sequence

    assert formats.ParseFn == Callable[[str, str, Mapping[str, Any]], Sequence[Document]]
    with pytest.raises(AttributeError):
        registry.NoSuchName  # noqa: B018
    with pytest.raises(AttributeError):
        formats.NoSuchName  # noqa: B018
