"""Hot patterns rewritten so that ``re`` can skip ahead in C give the same matches as the
patterns they replace (kept as ``*_REFERENCE`` sources next to them).

A pattern that opens with a look-behind or an alternation makes ``re`` start a full match at
every character; with its first character first (a literal or a set), ``re`` jumps to the next
place that character occurs. Each rewrite moves the look-behind after that character (looking
back past it), so every match, its groups and the position ``finditer`` moves on from must be
unchanged, with any ``pos``/``endpos`` (the callers scan slices of the prose).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import mergetags, sections
from outreach_lint.checks import shouting

PAIRS = [
    pytest.param(sections._SENTENCE_END, sections._SENTENCE_END_REFERENCE, id="sentence-end"),
    pytest.param(shouting._CAPS_TOKEN, shouting._CAPS_TOKEN_REFERENCE, id="caps-token"),
    pytest.param(shouting._BANGS, shouting._BANGS_REFERENCE, id="bangs"),
    pytest.param(mergetags._PYTHON, mergetags._PYTHON_REFERENCE, id="python-field"),
]

#: characters every pattern above cares about, their neighbours and near-misses
ALPHABET = "aZ_9é .!?!\n\n\t\"'\u201d\u2019)]-{}$ABCXYZ\u00e9\u0130\u2014\r"

ROOT = Path(__file__).resolve().parent.parent
#: labelled and example copy that anyone may read (never the blind holdouts)
REAL = [
    ROOT / "examples",
    ROOT / "tests" / "corpus",
    *sorted((ROOT / "tests").glob("corpus-dev-*")),
]


def _matches(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> list:
    return [(m.span(), m.group(), m.groupdict()) for m in pattern.finditer(text, pos, endpos)]


@pytest.mark.parametrize(("fast", "reference"), PAIRS)
@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, max_size=60),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_same_matches_as_the_reference(fast, reference, text, cut):
    ref = re.compile(reference)
    assert fast.flags == ref.flags and fast.groupindex == ref.groupindex
    pos, endpos = sorted(cut)
    assert _matches(fast, text, 0, len(text)) == _matches(ref, text, 0, len(text))
    assert _matches(fast, text, pos, endpos) == _matches(ref, text, pos, endpos)


@pytest.mark.parametrize(("fast", "reference"), PAIRS)
def test_same_matches_on_real_copy(fast, reference):
    ref = re.compile(reference)
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for base in REAL
        if base.is_dir()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.suffix in {".md", ".txt", ".html", ".eml", ".liquid", ".hbs", ".j2"}
    ]
    assert len(texts) > 100
    found = 0
    for text in texts:
        got = _matches(fast, text, 0, len(text))
        assert got == _matches(ref, text, 0, len(text))
        found += len(got)
        mid = len(text) // 3
        assert _matches(fast, text, mid, 2 * mid) == _matches(ref, text, mid, 2 * mid)
    # the copy exercises the pattern (no labelled message has a Python-style {field})
    assert found or reference == mergetags._PYTHON_REFERENCE


@pytest.mark.parametrize(
    ("pattern", "text", "spans"),
    [
        (sections._SENTENCE_END, "One. Two?! Three\n\nFour", [(3, 4), (8, 10), (16, 18)]),
        (sections._SENTENCE_END, 'Is it "done?" Yes.', [(11, 13), (17, 18)]),
        (
            shouting._CAPS_TOKEN,
            "FREE trial, BUY-NOW or O'NEIL. xFREE A",
            [(0, 4), (12, 19), (23, 29)],
        ),
        (shouting._BANGS, "Wow!! ! no !  Great! !\nx!", [(3, 7), (19, 22), (24, 25)]),
        (mergetags._PYTHON, "{first} ${no} {{no}} {a.b}", [(0, 7), (21, 26)]),
    ],
)
def test_known_matches(pattern, text, spans):
    assert [m.span() for m in pattern.finditer(text)] == spans
    reference = {
        sections._SENTENCE_END: sections._SENTENCE_END_REFERENCE,
        shouting._CAPS_TOKEN: shouting._CAPS_TOKEN_REFERENCE,
        shouting._BANGS: shouting._BANGS_REFERENCE,
        mergetags._PYTHON: mergetags._PYTHON_REFERENCE,
    }[pattern]
    assert [m.span() for m in re.finditer(reference, text)] == spans
