"""Data-driven rule cases, public so plugin authors test their rules the same way.

A case file ``tests/cases/<CODE>.toml``::

    rule = "PR101"                       # optional: defaults to the file name
    [[fail]]
    text = "Let's close the deal."
    filename = "case.txt"                # optional: picks the format (default case.txt)
    findings = [{line = 1, column = 7, end_line = 1, end_column = 21}]
    fixed = "..."                        # optional: the text after --fix (safe fixes)
    options = {}                         # optional: [rules.CODE] options
    also = ["PR101"]                     # optional: other rules to enable (e.g. for OL007)
    [[pass]]
    text = "We're close to done."

Each case runs only its rule, so cases do not depend on each other's rules.

Run-level rules (duplicates across templates, sequences) need several files: write them in one
``text``, each introduced by a line ``==> NAME <==`` (the way ``head`` prints several files),
and give each expected finding a ``path``::

    text = "==> seq/01-intro.md <==\nHi Sam, ...\n==> seq/02-bump.md <==\nJust bumping this.\n"
    findings = [{path = "seq/02-bump.md", line = 1, column = 1, end_line = 1, end_column = 19}] Use
:func:`load_cases` with ``pytest.mark.parametrize`` and :func:`check_case` in the test body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import _toml

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_CASE_KEYS = {"text", "filename", "findings", "fixed", "options", "name", "note", "also"}
_POS_KEYS = {"line", "column", "end_line", "end_column", "path"}
_BUNDLE_MARK = re.compile(r"^==> (.+?) <==\r?\n", re.M)


@dataclass(frozen=True)
class Case:
    """One rule case from a case file: the text, the expected findings or fixed text."""

    rule: str
    kind: str  # "fail" or "pass"
    text: str
    filename: str = "case.txt"
    findings: tuple[dict[str, int], ...] | None = None
    fixed: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    source: str = ""
    also: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.name}"


def load_cases(path: str | Path) -> list[Case]:
    """Read one case file; raise ValueError naming the file and the bad key."""
    path = Path(path)
    data = _toml.loads(path.read_text(encoding="utf-8"))
    rule = str(data.get("rule", path.stem))
    unknown = set(data) - {"rule", "fail", "pass"}
    if unknown:
        raise ValueError(f"{path}: unknown top-level keys {sorted(unknown)}")
    cases = []
    for kind in ("fail", "pass"):
        for i, entry in enumerate(data.get(kind, []), 1):
            bad = set(entry) - _CASE_KEYS
            if bad:
                raise ValueError(f"{path}: [[{kind}]] #{i}: unknown keys {sorted(bad)}")
            if "text" not in entry:
                raise ValueError(f"{path}: [[{kind}]] #{i}: missing 'text'")
            findings = entry.get("findings")
            if findings is not None:
                for pos in findings:
                    if set(pos) - _POS_KEYS:
                        raise ValueError(
                            f"{path}: [[{kind}]] #{i}: findings take {sorted(_POS_KEYS)}"
                        )
            if kind == "fail" and not findings:
                raise ValueError(f"{path}: [[fail]] #{i}: a failing case must list its findings")
            cases.append(
                Case(
                    rule=rule,
                    kind=kind,
                    text=entry["text"],
                    filename=entry.get("filename", "case.txt"),
                    findings=tuple(findings) if findings is not None else None,
                    fixed=entry.get("fixed"),
                    options=dict(entry.get("options", {})),
                    name=str(entry.get("name", i)),
                    also=tuple(entry.get("also", ())),
                    source=str(path),
                )
            )
    return cases


def run_case(case: Case, *, no_plugins: bool = False) -> list[Any]:
    """Lint the case text with only the case's rule enabled; return its findings."""
    from .config import Config
    from .engine import create_linter

    linter = create_linter(isolated=True, no_plugins=no_plugins)
    config = Config(
        select=(case.rule, *case.also),
        rule_settings=((case.rule, tuple(case.options.items())),) if case.options else (),
        root=Path.cwd(),
    )
    linter.resolver = _Fixed(config)
    files = split_bundle(case.text) or [(case.filename, case.text)]
    results = [
        linter.lint_file(Path(name), display=name, data=text.encode("utf-8"))
        for name, text in files
    ]
    results = linter.lint_project(results)
    if linter.errors:
        raise AssertionError("; ".join(linter.errors))
    return [f for r in results for f in r.findings if f.code == case.rule]


def split_bundle(text: str) -> list[tuple[str, str]]:
    """Split ``==> NAME <==`` sections of a multi-file case into (name, text); [] if none."""
    marks = list(_BUNDLE_MARK.finditer(text))
    if not marks or marks[0].start() != 0:
        return []
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append((m.group(1).strip(), text[m.end() : end]))
    return out


class _Fixed:
    """A resolver that answers one config for every path."""

    def __init__(self, config: Any):
        self.config = config

    def for_path(self, path: Path) -> Any:
        return self.config


def check_case(case: Case, *, no_plugins: bool = False) -> None:
    """Assert that the case behaves as written (positions and fix included)."""
    findings = run_case(case, no_plugins=no_plugins)
    where = f"{case.source} [[{case.kind}]] {case.name}"
    if case.kind == "pass":
        assert not findings, f"{where}: expected no {case.rule}, got " + "; ".join(
            f"{f.line}:{f.column} {f.message}" for f in findings
        )
        return
    with_path = any("path" in p for p in case.findings or ())
    got = [
        {
            **({"path": f.path} if with_path else {}),
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
        }
        for f in findings
    ]
    want = [dict(p) for p in case.findings or ()]
    assert got == want, f"{where}: positions differ\n  want {want}\n  got  {got}"
    if case.fixed is not None:
        from .fixes import apply_fixes

        fixed, _ = apply_fixes(case.text, [f for f in findings if f.fix is not None])
        assert fixed == case.fixed, f"{where}: fix differs\n  want {case.fixed!r}\n  got  {fixed!r}"
