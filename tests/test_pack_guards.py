"""A guard put in front of a pack pattern for speed changes none of its matches.

IC103's sentence-opening claim pattern is a whole-message search whose alternatives each start
behind a look-behind (after white space or at the start of the text) with "we", "i", "our",
"is", "are" or "has". ``(?<!\\S)(?=i|we|our|are|has)`` in front says the same before any
look-behind is tried, so ``regex`` rejects most positions at once (the pattern cost ~0.2 ms a
message; half of that with the guard). These tests compare the pattern with and without its
guard, match for match, on the rule's own cases and on texts built from the pieces its
alternatives and look-behinds turn on.
"""

from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import packs
from outreach_lint.testing import load_cases

_GUARD = "(?<!\\S)(?=i|we|our|are|has)"
_ROOT = Path(__file__).resolve().parent


def _guarded() -> tuple[object, object]:
    rules = packs.load_pack(packs.builtin_pack_dir() / "i-centric.toml").rules
    (rule,) = [r for r in rules if r.meta.code == "IC103"]
    found = [p for p in rule.patterns if p.pattern.startswith(_GUARD)]
    assert len(found) == 1, "IC103's sentence-opening pattern lost its guard"
    source, flags = found[0].pattern, found[0].flags
    return regex.compile(source, flags), regex.compile(source[len(_GUARD) :], flags)


GUARDED, PLAIN = _guarded()

_PIECES = [
    "We",
    "we",
    "WE",
    "we're",
    "We\u2019re",
    "we've been",
    "We have been",
    "I",
    "i",
    "I'm",
    "I am",
    "\u0130",  # capital I with a dot
    "Our",
    "our team",
    "our platform",
    "is",
    "IS",
    "are",
    "has been",
    "have been",
    "The",
    "the",
    "Acme",
    "Northwind Labs",
    "Tidewave",
    "you",
    "your",
    "leading",
    "the leading",
    "a leading",
    "top-rated",
    "award-winning",
    "most trusted",
    "the most prestigious",
    "renowned",
    "provider",
    "workshop",
    "and",
    ", and",
    ",",
    ".",
    "!",
    "?",
    ":",
    ";",
    "\n",
    "\n\n",
    "\t",
    "\u00a0",
    "\u2003",
    "x",
    "1",
    "#1",
    "-",
    "'",
    "\u00df",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  ", "\n", ""])),
        max_size=30,
    )
)
def test_guard_changes_no_match_on_built_texts(parts):
    text = "".join(piece + gap for piece, gap in parts)
    assert [m.span() for m in GUARDED.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("weioursahtnl .,;:!?\n\t\u00a0\u0130'\u2019-1#AWIOTH")),
        max_size=80,
    )
)
def test_guard_changes_no_match_on_any_text(text):
    assert [m.span() for m in GUARDED.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]


_BEFORE = [
    "",
    "Hi. ",
    "Thanks!  ",
    "\n",
    "Hi,\n\n",
    "Sure, ",
    "Sure, and ",
    "x\t",
    "-",
    "(",
    "Also ",
]
_SUBJECTS = ["We're", "we are", "We've been", "we have been", "I'm", "i am", "Our team", "our new app", "Acme", "The Granary", "Northwind Labs", "You", "It"]  # fmt: skip
_VERBS = ["", "", "is", "are", "has been", "have been", "IS"]
_CLAIMS = ["the leading", "a top-rated", "the most prestigious", "award-winning", "renowned", "the best", "leading a workshop", "#1"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_BEFORE),
            st.sampled_from(_SUBJECTS),
            st.sampled_from(_VERBS),
            st.sampled_from(_CLAIMS),
            st.sampled_from([" provider.", " team in Ohio!", "", "?"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_guard_changes_no_match_on_claim_sentences(sentences):
    text = "".join(f"{b}{s} {v} {c}{e} " for b, s, v, c, e in sentences)
    spans = [m.span() for m in PLAIN.finditer(text)]
    assert [m.span() for m in GUARDED.finditer(text)] == spans


def test_guard_changes_no_match_on_the_rule_cases():
    texts = [case.text for case in load_cases(_ROOT / "cases" / "IC103.toml")]
    assert texts
    hits = 0
    for text in texts:
        spans = [m.span() for m in PLAIN.finditer(text)]
        hits += len(spans)
        assert [m.span() for m in GUARDED.finditer(text)] == spans
    assert hits  # the cases do reach this pattern
