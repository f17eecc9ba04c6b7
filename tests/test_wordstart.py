"""Word-start gates (outreach_lint/wordstart.py): the gated patterns find exactly what the
patterns they stand for find, and the proof obligation (every match starts at a word start or
at a named character) holds for each gated pattern and fails for patterns it must refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import analysis
from outreach_lint.checks import pressure
from outreach_lint.wordstart import is_word_led, word_start

#: (the pattern, what it is gated on, the gated pattern the code uses)
GATED = [
    pytest.param(analysis._ASK, "", analysis._ASK_AT_WORDS, id="asks"),
    pytest.param(pressure.STATED_CAUSE, ",", pressure._STATED_CAUSE_AT_WORDS, id="stated-cause"),
]

ROOT = Path(__file__).resolve().parent.parent
#: labelled and example copy anyone may read (never the blind holdouts)
REAL = [
    ROOT / "examples",
    ROOT / "tests" / "corpus",
    *sorted((ROOT / "tests").glob("corpus-dev-*")),
]


def _all(pattern, text: str, pos: int = 0, endpos: int | None = None) -> list:
    end = len(text) if endpos is None else endpos
    return [(m.span(), m.lastgroup, m.groups()) for m in pattern.finditer(text, pos, end)]


@pytest.mark.parametrize(("pattern", "also", "gated"), GATED)
def test_the_gated_patterns_are_word_led(pattern, also, gated):
    # the proof obligation: a branch added later that does not open with \b and a word (or
    # the named character) fails here instead of losing matches
    assert is_word_led(pattern, also)
    assert gated._source == word_start(pattern, also)._source  # built with that gate
    assert gated.flags == pattern.flags and gated.groupindex == pattern.groupindex


def _words(pattern: re.Pattern[str]) -> list[str]:
    """Words and short phrases of the pattern's own source: texts dense in its branches."""
    return sorted(set(re.findall(r"[a-z][a-z' ]{1,18}[a-z]", pattern.pattern)))


@pytest.mark.parametrize(("pattern", "also", "gated"), GATED)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_same_matches_as_the_pattern(pattern, also, gated, data):
    pieces = st.sampled_from([*_words(pattern), ",", ", when", "x", "_", "9", "é", "'", "-"])
    seps = st.sampled_from([" ", "", ",", ". ", "\n", "  ", "-", "'", "_"])
    parts = data.draw(st.lists(st.tuples(pieces, seps), max_size=14))
    text = "".join(p + s for p, s in parts)
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    assert _all(gated, text) == _all(pattern, text)
    assert _all(gated, text, pos, endpos) == _all(pattern, text, pos, endpos)
    assert (gated.search(text, pos) is None) == (pattern.search(text, pos) is None)


@pytest.mark.parametrize(("pattern", "also", "gated"), GATED)
def test_same_matches_on_real_copy(pattern, also, gated):
    texts = [
        p.read_text(encoding="utf-8", errors="replace").lower()
        for base in REAL
        if base.is_dir()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.suffix in {".md", ".txt", ".html", ".eml"}
    ]
    assert len(texts) > 100
    found = 0
    for text in texts:
        got = _all(gated, text)
        assert got == _all(pattern, text)
        found += len(got)
    assert found > 10


@pytest.mark.parametrize(
    ("source", "also", "led"),
    [
        (r"\b(?:book|schedule)\s+a call", "", True),
        (r"\b(?:a|b)|\bc[de]", "", True),
        (r"(?:\bfoo|,\s*when)", ",", True),
        (r"(?:\bfoo|,\s*when)", "", False),  # a branch led by a comma
        (r"a|\bb", "", False),  # a branch without \b
        (r"\b(?:x)?", "", False),  # may match nothing
        (r"\b\s+x", "", False),  # \b then a space: not a word start
        (r"\b[a-z-]x", "", False),  # a set that holds a non-word character
        (r"\b.x", "", False),
        (r"(?:\bfoo)*bar", "", False),  # the repeat may be skipped: "bar" is not led
        (r"(?:\bfoo)+bar", "", True),
        (r"(?<=x)\bfoo", "", True),
        (r"(?i)\b(?:unsubscribe|opt[ -]out)\b", "", True),
        (r"\b(?P<a>one)|\b(?P<b>two)", "", True),
        (r"\b(?=\w)", "", False),  # zero-width only
    ],
)
def test_is_word_led(source, also, led):
    assert is_word_led(re.compile(source), also) is led


@pytest.mark.parametrize(
    "source", [r"(?i)\b(?:unsubscribe|opt[ -]out)\b", r"(?x) \b (?:one|two) # a comment"]
)
def test_flags_and_verbose_sources_survive(source):
    pattern = re.compile(source)
    gated = word_start(pattern)
    for text in ["UNSUBSCRIBE here", "opt-out, one two", "xone one"]:
        assert _all(gated, text) == _all(pattern, text)
