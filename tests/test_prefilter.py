"""The literal prefilter of pack patterns never skips a pattern that could match."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import regex_level

from outreach_lint.document import Document
from outreach_lint.engine import create_linter
from outreach_lint.packs import PackMatcher, builtin_pack_paths, load_pack
from outreach_lint.prefilter import _TRUSTED, may_match, requirements

FLAGS = regex.V0 | regex.IGNORECASE


def reqs(source: str, flags: int = FLAGS):
    return requirements(regex.compile(source, flags))


def test_requirements_of_known_shapes():
    assert reqs(r"\bdon't\s+let\s+(?:\S+\s+){1,3}?behind\b") == (
        ("behind",),
        ("don't",),
        ("let",),
    )
    # an alternation requires one of its alternatives; an optional part requires nothing
    either = reqs(r"\b(?:close|cancel)(?:\s+out)?\b")  # Python's parser factors out the "c"
    assert may_match(either, "cancel") and may_match(either, "close")
    assert not may_match(either, "clone") and not may_match(either, "out")
    assert reqs(r"\b(?:close|(?:maybe)?)\b") == ()
    assert reqs(r"(z)?y*(?=abc)(?<=def)[ghi]\1?") == ()
    # case: the text is compared case-folded, the literal lower-cased
    assert reqs(r"Hello World") == (("hello world",),)
    # the capital I matches the dotless i under IGNORECASE: it is never part of a literal
    assert reqs(r"\bI am here") == ((" am here",),)


@pytest.mark.parametrize(
    "source",
    [
        r"\p{L}+ignore",  # regex-only escape
        r"(?:colour){e<=1}",  # fuzzy matching: the braces are not literal text
        r"(?V1)[[a-z]--[aeiou]]x",  # version 1 set operations
        r"[[:alpha:]x]yz",  # POSIX class: Python's parser reads it another way (and warns)
        r"\L<words>",  # named list
        r"(?|(a)|(b))",  # branch reset
    ],
)
def test_regex_only_syntax_gets_no_prefilter(source):
    named = {"words": ["a"]} if "\\L" in source else {}
    flags = regex.IGNORECASE if "(?V1)" in source else FLAGS
    pattern = regex.compile(source, flags, **named)
    assert requirements(pattern) is None


def test_unusual_flags_get_no_prefilter():
    assert requirements(regex.compile("abc", regex.V1 | regex.IGNORECASE)) is None
    assert requirements(regex.compile("abc", regex.BESTMATCH)) is None
    assert requirements(object()) is None


def test_every_character_that_matches_a_literal_folds_to_it():
    """IGNORECASE lets other code points match an ASCII literal (KELVIN SIGN for k, long s
    for s): the case-folded text must still contain the lower-case literal."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    trusted = "".join(sorted(_TRUSTED))
    for flags in (FLAGS, regex.V1 | regex.IGNORECASE, FLAGS | regex.FULLCASE):
        # one scan for the few code points that match any trusted character at all
        candidates = {
            m.group() for m in regex.finditer(f"[{regex.escape(trusted)}]", everything, flags)
        }
        assert len(candidates) < 200
        for ch in trusted:
            for other in candidates:
                if regex.fullmatch(regex.escape(ch), other, flags):
                    assert ch.lower() in other.casefold(), (ch, other, flags)


def test_may_match():
    assert may_match((("a", "b"), ("c",)), "xbc")
    assert not may_match((("a", "b"), ("c",)), "xbd")
    assert may_match((), "")


# ---------------------------------------------------------------- property: never a false skip

WORDS = ["close", "deal", "don't", "let", "behind", "I", "we'll", "ſale", "K", "the", "x"]
atoms = st.one_of(
    st.sampled_from(WORDS).map(regex.escape),
    st.sampled_from([r"\s+", r"\b", r"\w+", r"[a-z]", r".", r"\d{1,2}", " ", "'"]),
)


patterns = st.recursive(atoms, regex_level, max_leaves=8)
texts = st.lists(
    st.one_of(
        st.sampled_from(WORDS + [w.upper() for w in WORDS] + ["ı", "İ"]), st.text(max_size=3)
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(source=patterns, text=texts, case_sensitive=st.booleans())
def test_a_pattern_that_matches_always_passes_its_prefilter(source, text, case_sensitive):
    pattern = regex.compile(source, regex.V0 | (0 if case_sensitive else regex.IGNORECASE))
    found = requirements(pattern)
    if found is not None and pattern.search(text):
        assert may_match(found, text.casefold()), (source, text, found)


def test_builtin_patterns_all_get_a_prefilter_or_are_scoped():
    """Documents the coverage: a pattern without a prefilter runs on every message."""
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            for pattern in rule.patterns:
                found = requirements(pattern)
                assert found is not None, (rule.meta.code, pattern.pattern)
                assert found or rule.meta.scope, (rule.meta.code, pattern.pattern)


# ---------------------------------------------------------------- the matcher: same hits


def _builtin_rules():
    return [r for p in builtin_pack_paths() for r in load_pack(p).rules]


RULES = _builtin_rules()
FAST = PackMatcher(RULES)
SLOW = PackMatcher(RULES)
SLOW._prefilters = [tuple(None for _ in r.patterns) for r in RULES]
SLOW._word_prefilters = [tuple(None for _ in r.patterns) for r in RULES]
TEXT = create_linter().formats["text"]


PATTERN_WORDS = [
    "don't let",
    "your team",
    "fall behind",
    "hurry",
    "offer expires",
    "this friday",
    "only two",
    "onboarding slots left",
    "I'll assume you've",
    "decided",
    "we'll release your spot",
    "is the leading",
    "platform",
    "what day next week works for the kickoff?",
    "I've attached the order form",
    "any updates?",
    "what's the latest?",
    "Re:",
    "Hi there,",
    "Hi all,",
    "or not?",
    "Do you",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*PATTERN_WORDS, "\n\n", ".", ",", "Sam", "x"]), max_size=25))
def test_matcher_hits_equal_with_and_without_prefilters(words):
    source = "Subject: " + " ".join(words[:3]) + "\n\n" + " ".join(words) + "\n"
    for doc in TEXT.parse("mail.txt", source, {}):
        assert isinstance(doc, Document)
        assert FAST.run(doc) == SLOW.run(doc)


def test_prefilter_skips_a_pattern_whose_words_are_absent():
    """The mechanism works: a message without the words never runs the pattern."""
    calls = []
    [doc] = TEXT.parse("mail.txt", "Hi Sam,\n\nDon't let your team fall behind.\n", {})
    [with_words] = [r for r in RULES if r.meta.code == "PR102"]
    real = with_words.patterns[0]

    class Spy:
        pattern = real.pattern
        flags = real.flags

        def finditer(self, *args, **kwargs):
            calls.append(args[0])
            return real.finditer(*args, **kwargs)

    spy_rule = replace(with_words, patterns=(Spy(),))
    matcher = PackMatcher([spy_rule])
    hits = matcher.run(doc)
    assert calls and hits  # the words are there: it ran and matched
    calls.clear()
    [other] = TEXT.parse("mail.txt", "Hi Sam,\n\nHow is the launch?\n", {})
    assert matcher.run(other) == {} and calls == []
