"""Message gates (outreach_lint/widen.py): a pattern that survives widening and matches in a
slice cut at words matches in the whole text, and PR150's message gate changes no finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.checks import pressure
from outreach_lint.config import Overrides
from outreach_lint.engine import create_linter
from outreach_lint.widen import cut_at_words, survives_widening

ROOT = Path(__file__).resolve().parent.parent
#: labelled and example copy anyone may read (never the blind holdouts)
REAL = [
    ROOT / "examples",
    ROOT / "tests" / "corpus",
    *sorted((ROOT / "tests").glob("corpus-dev-*")),
]
CLASSES = [pytest.param(p, id=name) for name, p in pressure._BASE.items()] + [
    pytest.param(pressure._CARRIED_LOSS, id="carried-loss")
]


@pytest.mark.parametrize(
    ("source", "flags", "survives"),
    [
        (r"\b(?:today|tomorrow|end of (?:the )?week)\b", 0, True),
        (r"\b(?:\d+|two) days(?= left|\.| to go)", 0, True),  # a positive look-ahead
        (r"\bfoo(?=bar\b)", 0, True),
        (r"\bx[\w-]+?\s?y*", re.IGNORECASE, True),
        (r"^foo", 0, False),  # an anchor: the slice's start is not the text's
        (r"foo$", 0, False),
        (r"\Afoo", 0, False),
        (r"foo\Z", 0, False),
        (r"\Bfoo", 0, False),  # inside a word: true at a slice's start, false in the text
        (r"(?<=a)foo", 0, False),  # a look-behind reads before the slice
        (r"(?<!a)foo", 0, False),
        (r"foo(?!bar)", 0, False),  # "bar" may follow the slice's end
        (r"(a)\1", 0, False),
        (r"(a)?(?(1)b|c)", 0, False),
        (r"\bfoo\b", re.ASCII, False),  # another meaning of \b
        (r"(?a:\bfoo\b)", 0, False),
        (r"(?a)\bfoo\b", 0, False),
        (r"(?=(?!x))foo", 0, False),  # a negative look-ahead inside a positive one
    ],
)
def test_survives_widening(source, flags, survives):
    assert survives_widening(re.compile(source, flags)) is survives


@pytest.mark.parametrize(
    ("text", "cuts", "ok"),
    [
        ("Hi Sam. It ends today.", [(0, 7), (8, 22)], True),
        ("Hi Sam. It ends today.", [(0, 6), (7, 22)], True),
        ("Hi Sam.It ends", [(0, 7), (7, 14)], True),  # a cut between "." and "I"
        ("Hi Sam", [(0, 4)], False),  # "S|am" cuts a word
        ("Hi Sam", [(1, 6)], False),  # "H|i"
        ("Hi Sam", [(0, 7)], False),  # past the end
        ("Hi Sam", [(-1, 3)], False),
        ("Hi Sam", [(4, 2)], False),
        ("", [], True),
    ],
)
def test_cut_at_words(text, cuts, ok):
    assert cut_at_words(text, cuts) is ok


def test_the_counterexamples_the_refusals_stand_for():
    # why each refused construct is refused: a slice match the whole text does not have
    text = "abfoo barfoo"
    assert re.compile(r"\Bfoo").search(text[2:5]) is None  # (\B is true inside "abfoo")
    assert re.compile(r"^foo").search(text[2:5]) and not re.compile(r"^foo").search(text[1:])
    assert re.compile(r"foo(?!\s)").search("foo") and not re.compile(r"foo(?!\s)").search("foo ")
    # the cut rule itself: "ends" inside "bends" is a match of \bends\b only in the slice
    assert re.compile(r"\bends\b").search("bends"[1:]) and not re.search(r"\bends\b", "bends")
    assert not cut_at_words("bends", [(1, 5)])


@pytest.mark.parametrize("pattern", CLASSES)
def test_pr150_classes_survive_widening(pattern):
    # the proof obligation of PR150's message gate: without it the gate is not used
    assert survives_widening(pattern)


def _words(pattern: re.Pattern[str]) -> list[str]:
    return sorted(set(re.findall(r"[a-z0-9][a-z0-9' -]{1,18}[a-z0-9]", pattern.pattern)))


@pytest.mark.parametrize("pattern", CLASSES)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_match_in_a_word_cut_slice_is_a_match_in_the_text(pattern, data):
    pieces = st.sampled_from([*_words(pattern), "x", "_", "9", "é", "'", "-", "31st", "friday"])
    seps = st.sampled_from([" ", "", ",", ". ", "\n", "  ", "-", "'", "_", "."])
    parts = data.draw(st.lists(st.tuples(pieces, seps), max_size=12))
    text = "".join(p + s for p, s in parts)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    if cut_at_words(text, [(a, b)]) and pattern.search(text[a:b]) is not None:
        assert pattern.search(text) is not None


@pytest.fixture
def scans_due(monkeypatch):
    """PR150's scans made and compiled on the first message (a run past its hundredth): the
    gate is used only then."""
    monkeypatch.setattr(pressure, "_SCAN", pressure._new_scan(0))
    monkeypatch.setattr(pressure, "_JOINT", None)
    monkeypatch.setattr(pressure, "_SCAN_AFTER", 0)


def _real_texts() -> list[tuple[str, str]]:
    out = []
    for base in REAL:
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix in {".md", ".txt", ".html", ".eml"}:
                out.append((p.name, p.read_text(encoding="utf-8", errors="replace")))
    return out


def _pr150(texts, monkeypatch, gate: bool) -> tuple[list, int]:
    calls = {"skipped": 0}
    original = pressure._may_fire

    def counting(*args):
        result = original(*args)
        calls["skipped"] += not result
        return result if gate else True

    monkeypatch.setattr(pressure, "_may_fire", counting)
    # PR150 alone (and the shared analysis it reads): the whole catalogue would only add time
    linter = create_linter(isolated=True, no_plugins=True, overrides=Overrides(select=("PR150",)))
    found = []
    for name, text in texts:
        result = linter.lint_file(Path(name), display=name, data=text.encode("utf-8"))
        found.extend(
            (name, f.line, f.column, f.end_line, f.end_column, f.message)
            for f in result.findings
            if f.code == "PR150"
        )
    return found, calls["skipped"]


def test_the_gate_changes_no_finding_on_real_copy(scans_due, monkeypatch):
    texts = _real_texts()
    assert len(texts) > 100
    gated, skipped = _pr150(texts, monkeypatch, gate=True)
    ungated, _ = _pr150(texts, monkeypatch, gate=False)
    assert gated == ungated
    assert len(gated) > 20  # the rule fires on this copy
    assert skipped > len(texts) // 3  # and the gate skips most messages


def test_the_gate_keeps_a_loss_carried_from_the_sentence_before(scans_due):
    # no loss class anywhere: only the weak loss of a sentence that points back at the clock
    from outreach_lint import lint_text

    text = (
        "Hi Sam,\n\nThe 20% rate holds until Friday. After that, the offer stops.\n\nBest,\nAlex\n"
    )
    assert pressure._BASE["loss"].search(text.lower()) is None
    found = [(f.line, f.column, f.end_column) for f in lint_text(text, select=("PR150",))]
    assert found == [(3, 34, 61)]


def test_the_gate_skips_a_message_without_a_pair(scans_due, monkeypatch):
    calls = []
    original = pressure._may_fire
    monkeypatch.setattr(pressure, "_may_fire", lambda *a: calls.append(original(*a)) or calls[-1])
    from outreach_lint import lint_text

    assert (
        lint_text("Hi Sam,\n\nThe webinar is on Thursday.\n\nBest,\nAlex\n", select=("PR150",))
        == []
    )
    assert calls == [False]


def test_no_gate_before_a_scan_is_due(monkeypatch):
    # a short run: the gate says "may fire" without reading any syntax tree
    monkeypatch.setattr(pressure, "_SCAN", pressure._new_scan(10**9))
    monkeypatch.setattr(pressure, "_JOINT", pressure.MultiScan.of_patterns([], 10**9))
    calls = []
    original = pressure._may_fire
    monkeypatch.setattr(pressure, "_may_fire", lambda *a: calls.append(original(*a)) or calls[-1])
    monkeypatch.setattr(pressure, "survives_widening", lambda p: pytest.fail("parsed"))
    pressure._widens.cache_clear()
    from outreach_lint import lint_text

    assert (
        lint_text("Hi Sam,\n\nThe webinar is on Thursday.\n\nBest,\nAlex\n", select=("PR150",))
        == []
    )
    assert calls == [True]
