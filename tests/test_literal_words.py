"""Literal requirements tested on a message's word runs (``prefilter.word_blob``) give exactly
what ``may_match`` gives on the whole case-folded message.

A literal made only of ``[0-9_a-z]`` occurs in a text exactly when it occurs inside one of the
text's maximal runs of those characters; the pack matcher's word index path tests such literals
on the distinct runs joined by NUL, and every other literal (spaces, apostrophes, hyphens) on the
whole text. A split that sent a literal with a space to the runs, a separator a literal could
hold, or runs taken from another text than the haystack fail these tests.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.packs import PackMatcher, builtin_pack_paths, load_pack
from outreach_lint.prefilter import (
    may_match,
    may_match_split,
    split_requirements,
    word_blob,
    word_runs,
)

ROOT = Path(__file__).resolve().parent.parent

PIECES = [
    *"ab_9 .,'-\n\t#x",
    "ß",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "é",
    "\ufffc",
    "\u00a0",
    "do",
    "you",
    "opt",
    "out",
    "sub",
    "scribe",
]
text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
literal = st.lists(
    st.sampled_from([*"ab_9 '-x", "ss", "i", "k", "s", "do", "you", "opt", "out", "scribe"]),
    min_size=1,
    max_size=4,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(text, literal)
def test_a_word_literal_is_in_the_runs_exactly_when_in_the_text(source, lit):
    haystack = source.casefold()
    blob = word_blob(word_runs(haystack))
    if split_requirements(((lit,),))[0]:  # a literal of word characters only
        assert (lit in blob) == (lit in haystack), (source, lit)
    else:
        assert split_requirements(((lit,),))[1] == ((lit,),)


@settings(max_examples=600, deadline=None)
@given(text, st.lists(st.lists(literal, min_size=1, max_size=4).map(tuple), max_size=4))
def test_split_requirements_answer_as_the_whole(source, reqs):
    haystack = source.casefold()
    blob = word_blob(word_runs(haystack))
    split = split_requirements(tuple(reqs))
    expected = may_match(tuple(reqs), haystack)
    if split is None:
        assert not reqs
    else:
        assert may_match_split(split, haystack, blob) == expected, (source, reqs)
        assert sorted(split[0] + split[1]) == sorted(reqs)


def test_a_literal_with_a_space_is_not_a_word():
    words, rest = split_requirements((("opt out", "unsubscribe"), ("you",), ("don't",)))
    assert words == (("you",),)
    assert rest == (("opt out", "unsubscribe"), ("don't",))
    blob = word_blob(word_runs("please opt out: you don't"))
    assert "opt out" not in blob  # why it must stay on the whole text


def _texts() -> list[str]:
    out = []
    for path in sorted((ROOT / "examples").rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".md", ".html", ".liquid", ".j2"}:
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out


def test_builtin_patterns_on_the_examples():
    """Every built-in pattern's requirements, on the examples and the rules' own examples."""
    rules = [r for p in builtin_pack_paths() for r in load_pack(p).rules]
    texts = _texts()
    texts.extend(example.text for rule in rules for example in rule.meta.examples)
    hays = [(h, word_blob(word_runs(h))) for h in (t.casefold() for t in texts)]
    checked = 0
    for _index, _rule, pairs in PackMatcher(rules)._pattern_plan():
        for _pattern, reqs, _words, _anchor in pairs:
            split = split_requirements(reqs)
            if split is None:
                continue
            for haystack, blob in hays:
                assert may_match_split(split, haystack, blob) == may_match(reqs, haystack)
                checked += 1
    assert checked > 1000
