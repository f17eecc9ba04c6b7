"""The shortcuts of the pack matcher's pattern loop give exactly what the plain loop gives.

* Start anchors (:func:`prefilter.start_anchor`, :func:`prefilter.anchored_matches`): a pattern
  that opens with ``\\A`` (or a ``(?<=\\A[ \\t]*)`` look-behind) is tried only where a match can
  start, with ``match``, instead of ``finditer`` over the whole message.
* Section word facts from the message's (:func:`prefilter.cuts_no_word`): a scoped pattern whose
  words the whole message lacks is skipped without building its section's word facts, when
  the section is cut where no word crosses.
* The word index (``PackMatcher._word_index``): only the patterns one of whose requirements a
  word fact of the message names are visited at all.

Each keeps the plain computation as its reference: ``finditer`` itself, ``word_facts`` of the
section, and a matcher with the shortcut turned off.
"""

from __future__ import annotations

from pathlib import Path

import regex
from conftest import new_process
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.document import Document
from outreach_lint.engine import create_linter
from outreach_lint.packs import PackMatcher, builtin_pack_paths, load_pack
from outreach_lint.prefilter import (
    anchored_matches,
    cuts_no_word,
    start_anchor,
    word_facts,
)

ROOT = Path(__file__).resolve().parent.parent
FLAGS = regex.V0 | regex.IGNORECASE


def _compile(source: str, flags: int = FLAGS):
    return regex.compile(source, flags)


# ---------------------------------------------------------------- which patterns are anchored


KNOWN = [
    (r"\Afoo", ""),
    (r"(?x) \A \s* foo", ""),
    (r"(?:\Afoo)", ""),  # a non-capturing group around the whole pattern is the pattern
    (r"\A[ \t]*(?:hi|hello)\b", ""),
    (r"(?<=\A[ \t]*)(?:hi|hello)", " \t"),
    (r"(?<=\A *)x", " "),
    (r"(?<=\A[ \t]*?)x", " \t"),
    # not known: searched as usual
    (r"\Afoo|bar", None),  # an alternative without the anchor
    (r"(\Afoo|bar)x", None),
    (r"(\Afoo)", None),  # a capturing group: not unwrapped
    (r"x\A", None),
    (r"foo", None),
    (r"(?<=\A\s*)x", None),  # a category: other characters may be allowed
    (r"(?<=\A[ \ta]*)x", None),  # a letter has case variants
    (r"(?<=\A[^ ]*)x", None),
    (r"(?<=\A[ -~]*)x", None),
    (r"(?<=\A )x", None),  # exactly one space: not a run
    (r"(?<=\A[ \t]+)x", None),
    (r"(?<=\A[ \t]{0,3})x", None),
    (r"(?<!\A)x", None),
    (r"(?<=a[ \t]*)(?:x|\A)", None),  # a look-behind without the \A
    (r"(?<=\b[ \t]*)x", None),
    (r"(?=\A)x", None),
    (r"\Gx", None),
]


def test_known_shapes():
    for source, expected in KNOWN:
        got = start_anchor(_compile(source))
        if expected is None:
            assert got is None, source
        else:
            assert got is not None and set(got) == set(expected), source


def test_flags_beyond_the_plain_ones_get_no_anchor():
    assert start_anchor(_compile(r"\Afoo", FLAGS | regex.REVERSE)) is None
    assert start_anchor(_compile(r"\Afoo", regex.V1)) is None


# ---------------------------------------------------------------- same matches as finditer


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


_ANCHORS: dict = {}


def _same(pattern, text: str) -> None:
    # start_anchor reads the pattern's syntax tree (~3 ms): once per pattern, not per text
    if pattern not in _ANCHORS:
        _ANCHORS[pattern] = start_anchor(pattern)
    anchor = _ANCHORS[pattern]
    assert anchor is not None, pattern.pattern
    assert _spans(anchored_matches(pattern, text, anchor, None)) == _spans(
        pattern.finditer(text)
    ), (pattern.pattern, text)


# patterns built to reach every branch of anchored_matches: an empty match at the start, a
# match made only of allowed characters (both hand the text to finditer), a match past them
EDGE_PATTERNS = [
    _compile(r"\A(?:|a)"),
    _compile(r"\Aa*"),
    _compile(r"\A[ \t]*(?:hi|hey)"),
    _compile(r"(?<=\A[ \t]*)(?: |x)"),
    _compile(r"(?<=\A[ \t]*)\t*y?"),
    _compile(r"(?<=\A[ \t]*)(?:hi|hey)\b"),
    _compile(r"(?<=\A *)(?:x|\s+y)"),
    _compile(r"(?m)\A^x$"),
]

edge_text = st.lists(st.sampled_from([" ", "\t", "a", "x", "y", "hi", "hey", "\n", "İ"])).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(EDGE_PATTERNS), edge_text)
def test_anchored_matches_equal_finditer(pattern, text):
    _same(pattern, text)


def _builtin_anchored():
    out = []
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            for pattern in rule.patterns:
                if start_anchor(pattern) is not None:
                    out.append(pattern)
    return out


ANCHORED = _builtin_anchored()


def test_builtin_packs_have_anchored_patterns():
    """Documents the coverage: the built-in greeting and opener patterns are anchored."""
    assert len(ANCHORED) >= 3
    assert any(start_anchor(p) for p in ANCHORED)  # the look-behind form too


def _texts():
    for folder in ("examples", "tests/corpus", "tests/corpus-dev-5"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".md", ".txt", ".html", ".eml"}:
                text = path.read_text("utf-8", errors="replace")
                yield text
                # the body without its first line and the second paragraph: greetings first
                yield text.split("\n", 1)[-1]
                yield text.split("\n\n", 1)[-1]


TEXTS = list(_texts())


def test_builtin_anchored_patterns_on_corpus_texts():
    assert len(TEXTS) > 200
    for pattern in ANCHORED:
        for text in TEXTS:
            _same(pattern, text)


greeting = st.lists(
    st.sampled_from(
        [
            " ",
            "\t",
            "\n",
            "Hi",
            "hi",
            "Hello",
            "Hey",
            "there",
            "Sam",
            ",",
            "!",
            "I",
            "We",
            "I'm",
            "Good morning",
            "Re:",
            "Fwd:",
            "this is",
            "my name is",
            "x",
            "\ufffc",
            "İ",
        ]
    ),
    max_size=12,
).map(lambda parts: "".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ANCHORED), greeting)
def test_builtin_anchored_patterns_on_greetings(pattern, text):
    _same(pattern, text)


# ---------------------------------------------------------------- section word facts


word_text = st.lists(
    st.sampled_from(
        [*"ab_9 .,'-\n\t", "ß", "İ", "ı", "ſ", "\u212a", "é", "ŉ", "\u00a0", "do", "you"]
    )
).map("".join)


@settings(max_examples=600, deadline=None)
@given(word_text, st.integers(0, 40), st.integers(0, 40))
def test_a_piece_cut_where_no_word_crosses_offers_a_subset(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    if cuts_no_word(text, start, end):
        assert word_facts(text[start:end]) <= word_facts(text), (text, start, end)


def test_a_cut_word_is_seen():
    assert not cuts_no_word("the meeting", 5, 11)  # "eting" is not a word of the text
    assert not cuts_no_word("the meeting", 0, 6)
    assert cuts_no_word("the meeting", 4, 11)
    assert cuts_no_word("the meeting", 3, 11)
    assert not cuts_no_word("caf\u00e9s", 4, 5)  # outside ASCII: a possible word character


LINTER = create_linter()
TEXT = LINTER.formats["text"]
RULES = [r for p in builtin_pack_paths() for r in load_pack(p).rules]
FAST = PackMatcher(RULES)
FAST.index_after = 0  # the word index from the first message on
PLAIN = PackMatcher(RULES)
PLAIN.section_facts_from_whole = False
PLAIN.word_index = False
PLAIN._anchors = [tuple(None for _ in r.patterns) for r in RULES]


def test_every_shortcut_is_reached():
    assert any(r.meta.scope and any(start_anchor(p) is None for p in r.patterns) for r in RULES)
    assert FAST.section_facts_from_whole and not PLAIN.section_facts_from_whole
    assert FAST.word_index and not PLAIN.word_index and FAST.index_after == 0


def test_the_word_index_waits_for_a_few_messages():
    """A one-file run keeps the plain loop: building the index costs what it saves on ~4."""
    matcher = PackMatcher(RULES)
    doc = next(iter(TEXT.parse("mail.txt", "Subject: hi\n\nDo you have a minute?\n", {})))
    for _ in range(matcher.index_after):
        matcher.run(doc)
        assert matcher._indexed is None
    matcher.run(doc)
    assert matcher._indexed is not None


message = st.tuples(
    st.sampled_from(["Re: pricing", "Fwd: the deck", "pricing", "quick question", "Do you?"]),
    st.sampled_from(["Hi all,", "Hi there,", "  Hello,", "\tHey Sam,", "Hi Sam,", "", "I"]),
    st.lists(
        st.sampled_from(
            [
                "Do you have a minute",
                "are you the right person",
                "I noticed your post",
                "We help teams",
                "or not",
                "the meeting",
                "your team",
                "last chance",
                "act now",
                "Would you be open to a call",
                "I'm reaching out",
                "İt is",
                "x",
            ]
        ),
        min_size=1,
        max_size=8,
    ).map(". ".join),
    st.sampled_from(["", "\n\nUnsubscribe from these emails.", "\n\nThanks,\nAlex", "\n\n-- \nA"]),
)


@settings(max_examples=200, deadline=None)
@given(message)
def test_matcher_hits_equal_without_the_shortcuts(parts):
    subject, greeting_, body, footer = parts
    source = f"Subject: {subject}\n\n{greeting_}\n\n{body}.{footer}\n"
    for doc in TEXT.parse("mail.txt", source, {}):
        assert isinstance(doc, Document)
        assert FAST.run(doc) == PLAIN.run(doc)


def test_matcher_hits_equal_without_the_shortcuts_on_corpus_files():
    for folder in ("examples", "tests/corpus", "tests/corpus-dev-5"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file():
                continue
            config = LINTER.resolver.for_path(path)
            source = path.read_text("utf-8", errors="replace")
            fmt = LINTER.format_of(path, config, source) or "text"
            settings_ = {"rendered": False, "fields": config.fields, "dialects": config.dialects}
            ruleset = LINTER.ruleset_for(config)
            docs = LINTER._parse(str(path), source, fmt, settings_, ruleset)
            if not isinstance(docs, list):
                continue
            for doc in docs:
                assert FAST.run(doc) == PLAIN.run(doc), path


# ---------------------------------------------------------------- the trie walk, lazy or built


def test_a_trie_read_lazily_walks_as_the_built_one(tmp_path, monkeypatch):
    """The walk looks nodes up with plain dict calls and hands an unread part (a reference,
    a tuple) to the lazy trie's own methods: same hits as a matcher built from the rules."""
    from outreach_lint import compiled
    from outreach_lint.packs import _LazyTrie

    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    new_process(monkeypatch, compiled.EXPANSIONS)
    built = PackMatcher(RULES)  # writes the cache entry
    assert not isinstance(built._trie, _LazyTrie)
    lazy = PackMatcher(RULES)
    assert isinstance(lazy._trie, _LazyTrie)
    seen = 0
    for text in TEXTS[:120]:
        for doc in TEXT.parse("mail.txt", text, {}):
            hits = built.run(doc)
            assert lazy.run(doc) == hits
            seen += bool(hits)
    assert seen > 20
