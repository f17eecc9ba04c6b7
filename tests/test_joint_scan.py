"""PR150 and PR155 share one scan of the content (pressure.joint_spans): per class, the same
spans as the class's own pattern, and the same findings as each rule scanning on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.checks import pressure, pressure_score
from outreach_lint.config import Overrides
from outreach_lint.engine import create_linter

ROOT = Path(__file__).resolve().parent.parent
#: labelled and example copy anyone may read (never the blind holdouts)
REAL = [
    ROOT / "examples",
    ROOT / "tests" / "corpus",
    *sorted((ROOT / "tests").glob("corpus-dev-*")),
]


def _texts() -> list[tuple[str, str]]:
    return [
        (p.name, p.read_text(encoding="utf-8", errors="replace"))
        for base in REAL
        if base.is_dir()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.suffix in {".md", ".txt", ".html", ".eml"}
    ]


@pytest.fixture
def joint_now(monkeypatch):
    """The joint scan made and compiled on the first message (not after a hundred)."""
    monkeypatch.setattr(pressure, "_JOINT", None)
    monkeypatch.setattr(pressure, "_SCAN_AFTER", 0)
    joint = pressure._joint_scan()
    assert joint is not None
    return joint


def test_the_joint_scan_is_each_class_s_own_pattern(joint_now):
    scan, n = joint_now
    own = [pressure._BASE[name] for name in pressure._NAMES]
    own += [c.pattern for c in pressure_score.model().classes if c.cue]
    assert n == len(pressure._NAMES)
    assert [p.pattern for p in scan.patterns] == [p.pattern for p in own]
    found = 0
    for _name, text in _texts():
        folded = text.lower()
        spans = scan.spans(folded)
        assert spans == [[m.span() for m in p.finditer(folded)] for p in own]
        found += sum(map(len, spans))
    assert found > 1000


def _findings(texts, codes=("PR150", "PR155")) -> list:
    # the two rules alone (and the shared analysis they read): the rest would only add time
    linter = create_linter(isolated=True, no_plugins=True, overrides=Overrides(select=codes))
    out = []
    for name, text in texts:
        result = linter.lint_file(Path(name), display=name, data=text.encode("utf-8"))
        out.extend(
            (name, f.code, f.line, f.column, f.end_line, f.end_column, f.message)
            for f in result.findings
            if f.code in codes
        )
    return out


def test_same_findings_with_and_without_the_joint_scan(joint_now, monkeypatch):
    texts = _texts()
    used = {"n": 0}
    original = pressure.joint_spans

    def counting(doc):
        got = original(doc)
        used["n"] += got is not None
        return got

    monkeypatch.setattr(pressure, "joint_spans", counting)
    monkeypatch.setattr(pressure_score, "joint_spans", counting)
    shared = _findings(texts)
    assert used["n"] > len(texts)  # both rules took their spans from it
    monkeypatch.setattr(pressure, "joint_spans", lambda doc: None)
    monkeypatch.setattr(pressure_score, "joint_spans", lambda doc: None)
    alone = _findings(texts)
    assert shared == alone
    assert {c for _n, c, *_ in shared} == {"PR150", "PR155"}
