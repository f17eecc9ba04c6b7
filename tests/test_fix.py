"""--fix, --unsafe-fixes and --diff: what changes, what never does, and how files are written."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.config import Overrides
from outreach_lint.engine import create_linter
from outreach_lint.fixer import FixError, fix_file, write_fixed
from outreach_lint.fixes import apply_edits, select_edits, select_fixes
from outreach_lint.hookspecs import hookimpl
from outreach_lint.model import Applicability, Edit, Finding, Fix, Severity, Span
from outreach_lint.rules import rule

PACK = (Path(__file__).parent / "golden" / "fixture" / "house.toml").read_text(encoding="utf-8")
CONFIG = 'packs = ["house.toml"]\nselect = ["HY901", "PR901", "IC901"]\n'


@pytest.fixture
def repo(write):
    def _repo(files):
        return write({".outreach-lint.toml": CONFIG, "house.toml": PACK, **files})

    return _repo


def test_fix_rewrites_safe_fixes_and_reports_what_is_left(run, repo):
    root = repo({"a.md": "Hi Sam,\n\nWe leverage data. Act now.\n"})
    code, out, err = run("a.md", "--fix", "--no-color", cwd=root)
    assert (root / "a.md").read_text(encoding="utf-8") == "Hi Sam,\n\nWe use data. Act now.\n"
    assert code == 1  # PR901 has no fix and is still there
    assert "PR901" in out and "HY901" not in out
    assert "Fixed 1 finding in 1 file." in out
    assert err == ""


def test_second_fix_run_changes_nothing(run, repo):
    root = repo({"a.md": "We leverage it and utilize it, leverage again.\n"})
    assert run("a.md", "--fix", cwd=root)[0] == 0
    once = (root / "a.md").read_bytes()
    assert once == b"We use it and use it, use again.\n"
    mtime = os.stat(root / "a.md").st_mtime_ns
    code, out, _ = run("a.md", "--fix", cwd=root)
    assert code == 0 and "Fixed" not in out
    assert (root / "a.md").read_bytes() == once
    assert os.stat(root / "a.md").st_mtime_ns == mtime  # not even rewritten


def test_unsafe_fixes_only_with_the_flag(run, repo):
    text = "We are proud to offer payroll.\n"
    root = repo({"a.md": text})
    run("a.md", "--fix", cwd=root)
    assert (root / "a.md").read_text(encoding="utf-8") == text
    run("a.md", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "a.md").read_text(encoding="utf-8") == "You get payroll.\n"


def test_unsafe_fixes_alone_is_a_usage_error(run, repo):
    root = repo({"a.md": "x\n"})
    code, _, err = run("a.md", "--unsafe-fixes", cwd=root)
    assert code == 2 and "--unsafe-fixes needs --fix or --diff" in err


def test_diff_prints_and_changes_nothing(run, repo):
    text = "Hi,\n\nWe leverage data.\nAct now.\n"
    root = repo({"a.md": text, "b.md": "Act now.\n"})
    code, out, err = run(".", "--diff", cwd=root)
    assert code == 1
    assert out == (
        "--- a/a.md\n+++ b/a.md\n@@ -1,4 +1,4 @@\n Hi,\n \n-We leverage data.\n+We use data.\n"
        " Act now.\n"
    )
    assert "Would fix 1 finding in 1 file" in err
    assert (root / "a.md").read_text(encoding="utf-8") == text
    code, out, err = run("b.md", "--diff", cwd=root)
    assert (code, out) == (0, "")  # findings, but nothing to fix


def test_diff_applies_with_git_apply_semantics_no_newline_at_end(run, repo):
    root = repo({"a.md": "We leverage data."})
    _, out, _ = run("a.md", "--diff", cwd=root)
    assert out.endswith(
        "-We leverage data.\n\\ No newline at end of file\n+We use data.\n\\ No newline at end of file\n"
    )


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"Hi,\r\n\r\nWe leverage data.\r\n", b"Hi,\r\n\r\nWe use data.\r\n"),  # CRLF stays CRLF
        (codecs.BOM_UTF8 + b"We leverage data.\n", codecs.BOM_UTF8 + b"We use data.\n"),
        (
            "Grüße, Zoë! Wir leverage «Daten» – 日本.\n".encode(),
            "Grüße, Zoë! Wir use «Daten» – 日本.\n".encode(),
        ),
        (
            codecs.BOM_UTF16_LE + "Zoë, we leverage it.\r\n".encode("utf-16-le"),
            codecs.BOM_UTF16_LE + "Zoë, we use it.\r\n".encode("utf-16-le"),
        ),
        (
            codecs.BOM_UTF16_BE + "Zoë, we leverage it.\n".encode("utf-16-be"),
            codecs.BOM_UTF16_BE + "Zoë, we use it.\n".encode("utf-16-be"),
        ),
        (
            codecs.BOM_UTF32_LE + "we leverage it\n".encode("utf-32-le"),
            codecs.BOM_UTF32_LE + "we use it\n".encode("utf-32-le"),
        ),
    ],
    ids=["crlf", "utf8-bom", "utf8-non-ascii", "utf16-le-bom", "utf16-be-bom", "utf32-le-bom"],
)
def test_fix_keeps_encoding_bom_and_line_endings(run, repo, raw, expected):
    root = repo({"a.txt": raw})
    code, out, err = run("a.txt", "--fix", cwd=root)
    assert code == 0, out + err
    assert (root / "a.txt").read_bytes() == expected


def test_fix_keeps_file_mode(run, repo):
    root = repo({"a.md": "We leverage data.\n"})
    os.chmod(root / "a.md", 0o640)
    run("a.md", "--fix", cwd=root)
    assert stat.S_IMODE(os.stat(root / "a.md").st_mode) == 0o640
    assert (root / "a.md").read_text(encoding="utf-8") == "We use data.\n"
    assert sorted(p.name for p in root.iterdir()) == [".outreach-lint.toml", "a.md", "house.toml"]


def test_read_only_file_clear_error_nothing_changed(run, repo):
    root = repo({"a.md": "We leverage data.\n"})
    os.chmod(root / "a.md", 0o444)
    try:
        code, out, err = run("a.md", "--fix", cwd=root)
    finally:
        os.chmod(root / "a.md", 0o644)
    assert code == 2
    assert "a.md: the file is read-only; nothing was changed" in err
    assert (root / "a.md").read_text(encoding="utf-8") == "We leverage data.\n"
    assert "HY901" in out  # the finding is still reported
    assert "Fixed" not in out


def test_symlink_outside_the_repository_is_not_written_through(run, repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "target.md"
    outside.write_text("We leverage data.\n", encoding="utf-8")
    root = repo({"placeholder.txt": ""})
    (root / ".git").mkdir()
    (root / "link.md").symlink_to(outside)
    code, _, err = run("link.md", "--fix", cwd=root)
    assert code == 2 and "outside the repository" in err
    assert outside.read_text(encoding="utf-8") == "We leverage data.\n"


def test_symlink_inside_the_repository_writes_the_target(run, repo):
    root = repo({"real.md": "We leverage data.\n"})
    (root / ".git").mkdir()
    (root / "link.md").symlink_to(root / "real.md")
    code, _, err = run("link.md", "--fix", cwd=root)
    assert code == 0, err
    assert (root / "link.md").is_symlink()
    assert (root / "real.md").read_text(encoding="utf-8") == "We use data.\n"


def test_write_refuses_when_the_file_changed_meanwhile(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("edited by someone else\n", encoding="utf-8")
    with pytest.raises(FixError, match="changed on disk"):
        write_fixed(path, "new\n", "utf-8", False, expected="old\n")
    assert path.read_text(encoding="utf-8") == "edited by someone else\n"


def test_failed_write_leaves_original_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "a.md"
    path.write_text("old\n", encoding="utf-8")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(FixError, match="No space left on device; nothing was changed"):
        write_fixed(path, "new\n", "utf-8", False, expected="old\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_stdin_fix_prints_fixed_text(run, repo):
    root = repo({})
    code, out, err = run(
        "-", "--fix", "--stdin-filename", "x.md", stdin="We leverage it.\n", cwd=root
    )
    assert out == "We use it.\n"
    assert code == 0, err


# --------------------------------------------------------------------------- Python rules, loop


def _edit_rule(code, name, build):
    @rule(
        code=code,
        name=name,
        category="hype",
        summary="s",
        rationale="r" * 90,
        bad=("x",),
        good=("y",),
    )
    def check(doc, ctx):
        yield from build(doc, ctx)

    return check


class Plugin:
    def __init__(self, *rules):
        self._rules = rules

    @hookimpl
    def outreach_lint_rules(self):
        return list(self._rules)


def _fix_with(tmp_path, text, *rules, select):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    linter = create_linter(
        isolated=True,
        no_plugins=True,
        extra_plugins=(Plugin(*rules),),
        overrides=Overrides(select=select),
    )
    return fix_file(linter, path)


def test_python_rule_fix_and_overlaps_resolved_over_passes(tmp_path):
    def very(doc, ctx):  # "very very very" -> one "very" removed per finding
        start = doc.prose.find("very very")
        if start != -1:
            yield ctx.finding(
                Span(start, start + 5), "repeated", fix=Fix((Edit(Span(start, start + 5), ""),))
            )

    def upper(doc, ctx):  # overlaps the first: its fix waits for the next pass
        start = doc.prose.find("very")
        if start != -1 and "VERY" not in doc.prose:
            yield ctx.finding(
                Span(start, start + 4), "caps", fix=Fix((Edit(Span(start, start + 4), "VERY"),))
            )

    outcome = _fix_with(
        tmp_path,
        "a very very very good idea\n",
        _edit_rule("HY960", "repeat", very),
        _edit_rule("HY961", "caps", upper),
        select=("HY960", "HY961"),
    )
    assert outcome.fixed == "a VERY good idea\n"
    assert outcome.converged and outcome.passes == 3 and outcome.applied == 3
    assert outcome.result.findings == ()


def test_fix_loop_is_bounded(tmp_path):
    def grow(doc, ctx):  # a broken rule whose fix re-creates its finding forever
        yield ctx.finding(Span(0, 1), "grow", fix=Fix((Edit(Span(0, 0), "x"),)))

    outcome = _fix_with(tmp_path, "abc\n", _edit_rule("HY962", "grow", grow), select=("HY962",))
    assert not outcome.converged and outcome.passes == 10
    assert outcome.fixed == "x" * 10 + "abc\n"


# --------------------------------------------------------------------------- pure functions


def _finding(start, end, repl, code="HY901", unsafe=False):
    app = Applicability.UNSAFE if unsafe else Applicability.SAFE
    return Finding(
        code=code,
        name="n",
        category="hype",
        severity=Severity.WARNING,
        message=f"{start}",
        span=Span(start, end),
        fix=Fix((Edit(Span(start, end), repl),), app),
    )


def test_overlapping_fixes_are_chosen_deterministically():
    a, b, c = _finding(0, 5, "A"), _finding(3, 8, "B"), _finding(8, 9, "C")
    for order in ([a, b, c], [c, b, a], [b, a, c]):
        assert select_fixes(order) == [a, c]
    assert select_fixes([_finding(0, 1, "", unsafe=True)]) == []
    assert select_fixes([_finding(0, 50, "")], length=10) == []  # out of range: never applied


@st.composite
def text_and_findings(draw):
    text = draw(st.text(min_size=0, max_size=60))
    n = len(text)
    findings = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, n))
        end = draw(st.integers(start, n))
        findings.append(
            _finding(start, end, draw(st.text(max_size=5)), code=f"HY9{len(findings):02d}")
        )
    return text, findings


@settings(max_examples=300, deadline=None)
@given(text_and_findings())
def test_fixes_never_change_text_outside_their_spans(data):
    text, findings = data
    edits = select_edits(findings, length=len(text))
    out = apply_edits(text, edits)
    # walk the result: every character outside an edit is the original one, in order
    pos = 0
    rebuilt = []
    for e in edits:
        assert e.span.start >= pos  # sorted, non-overlapping
        rebuilt.append(text[pos : e.span.start])
        rebuilt.append(e.replacement)
        pos = e.span.end
    rebuilt.append(text[pos:])
    assert out == "".join(rebuilt)
    kept_outside = [
        text[p] for p in range(len(text)) if not any(e.span.start <= p < e.span.end for e in edits)
    ]
    removed = sum(len(e.span) for e in edits)
    added = sum(len(e.replacement) for e in edits)
    assert len(out) == len(text) - removed + added
    assert len(kept_outside) == len(text) - removed
