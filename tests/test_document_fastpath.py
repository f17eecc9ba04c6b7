"""Fast paths of the per-document path give the same findings as the plain loops they replace.

Each test keeps the plain computation as a reference and compares it with what the linter now
does, on generated templates (``bench/generate.py``: every format, merge tags, the phrases the
packs flag) and on hypothesis emails made of pack words.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import emails

from outreach_lint.analysis import _split_list, _split_list_lines
from outreach_lint.checks.templates import _LEFTOVER, _LEFTOVER_NEEDS
from outreach_lint.engine import create_linter, drop_uncorroborated, lint_document_core
from outreach_lint.formats.markdown import _MASKS, _mask_matches
from outreach_lint.model import Span
from outreach_lint.packs import KINDS, Hit, _dedupe, evaluate, parse_pack
from outreach_lint.prefilter import requirements
from outreach_lint.rules import RuleContext
from outreach_lint.sections import count_sentences, split_sentences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import FORMATS, template  # noqa: E402

LINTER = create_linter(isolated=True, no_plugins=True)
RULESET = LINTER.ruleset_for(LINTER.resolver.for_path(Path("mail.md")))
MATCHER = RULESET.matcher
TEXT = LINTER.formats["text"]

PIECES = [
    "Hi there,",
    "don't let your team fall behind",
    "offer expires this Friday",
    "only two onboarding slots left",
    "I'll assume you've decided",
    "we are the leading platform",
    "what day next week works for the kickoff?",
    "I wanted to reach out",
    "just following up",
    "circling back",
    "any updates?",
    "our revolutionary, best-in-class solution",
    "book a call",
    "reply",
    "unsubscribe",
    "you",
    "we",
    "Thursday",
    '"close the deal"',
]
messages = emails(PIECES, max_pieces=6)


def _generated_documents(count: int = 120):
    exts = [e for name in ("html", "markdown", "text") for e in FORMATS[name]]
    for index in range(count):
        ext = exts[index % len(exts)]
        path = Path(f"campaign/t{index:06d}{ext}")
        config = LINTER.resolver.for_path(path)
        source = template(index, ext, seed=7)
        fmt = LINTER.format_of(path, config, source) or "text"
        settings_ = {"rendered": False, "fields": config.fields, "dialects": config.dialects}
        yield from LINTER._parse(str(path), source, fmt, settings_, RULESET)


DOCUMENTS = list(_generated_documents())


def _reference_pattern_hits(doc) -> dict[int, list[Hit]]:
    """Pattern hits of every pack rule, each rule asked whether it judges this message."""
    from outreach_lint.packs import _QUOTES_ONLY, match_text

    folded = match_text(doc).translate(_QUOTES_ONLY)
    hits: dict[int, list[Hit]] = {}
    for index, rule in enumerate(MATCHER.rules):
        if not rule.patterns or not rule.applies_to(doc):
            continue
        if rule.meta.scope:
            regions = [s.span for s in doc.sections_of(rule.meta.scope)]
        else:
            regions = [Span(0, len(folded))]
        for pattern in rule.patterns:
            for region in regions:
                for m in pattern.finditer(folded[region.start : region.end]):
                    if m.end() > m.start():
                        span = Span(region.start + m.start(), region.start + m.end())
                        hits.setdefault(index, []).append(Hit(span))
    return hits


def _reference_core(doc) -> list:
    """The engine's loop before the fast paths: every pack rule evaluated, hits or not (then
    the same per-message gate the engine applies: engine.drop_uncorroborated)."""
    findings = []
    hits = MATCHER.run(doc)
    for index, rule in enumerate(RULESET.pack_rules):
        findings.extend(evaluate(rule, doc, hits.get(index, []), RULESET.contexts[rule.meta.code]))
    for rule in RULESET.python_rules:
        findings.extend(rule(doc, RULESET.contexts[rule.meta.code]) or ())
    return drop_uncorroborated(findings, RULESET, doc)


#: rules whose hits are all pattern hits (no phrase, substitution or exception)
PURE = {
    i
    for i, r in enumerate(MATCHER.rules)
    if r.patterns and not (r.phrases or r.substitutions or r.exceptions)
}


def test_generated_documents_cover_the_paths():
    """The fixtures reach what the fast paths skip: pack hits, rules without hits, kinds."""
    kinds = {doc.message_kind for doc in DOCUMENTS}
    assert {"first-touch", "newsletter"} <= kinds
    with_hits = sum(1 for doc in DOCUMENTS if MATCHER.run(doc))
    assert with_hits > len(DOCUMENTS) // 2
    assert any(r.message_kinds and r.patterns for r in MATCHER.rules)


def test_core_equals_the_plain_loop_on_generated_templates():
    for doc in DOCUMENTS:
        assert lint_document_core(doc, RULESET) == _reference_core(doc)


@settings(max_examples=120, deadline=None)
@given(messages)
def test_core_equals_the_plain_loop_on_emails(source):
    for doc in TEXT.parse("mail.txt", source, {}):
        assert lint_document_core(doc, RULESET) == _reference_core(doc)


HOUSE = """
schema-version = 1
[[rules]]
code = "PR901"
name = "needs-a-question"
category = "pressure"
summary = "s"
message = "m"
rationale = "r"
kind = "{kind}"
phrases = ["asap"]
{extra}
"""


def test_a_rule_without_hits_finds_nothing_unless_a_phrase_is_required():
    """Why the engine skips evaluate() for a rule with no hit: every kind but ``required``
    (which reports the absence of its phrase) finds nothing in a message without hits."""
    house = {
        kind: parse_pack(HOUSE.format(kind=kind, extra=extra), "house.toml").rules[0]
        for kind, extra in (
            ("existence", ""),
            ("occurrence", "max = 1"),
            ("required", 'scope = ["subject"]'),
        )
    }
    rules = [*RULESET.pack_rules, *house.values()]
    assert {r.kind for r in rules} == set(KINDS)
    for doc in DOCUMENTS[:40]:
        for rule in rules:
            ctx = RuleContext(rule.meta, {}, rule.meta.severity)
            found = evaluate(rule, doc, [], ctx)
            if rule.kind != "required":
                assert found == []
    assert any(evaluate(house["required"], doc, [], ctx) for doc in DOCUMENTS[:40])


def test_pattern_hits_equal_the_plain_loop():
    """The pattern plan (rules with patterns only, the message kind read once) and the
    prefilters give the hits of asking every rule about every message."""
    assert len(PURE) >= 4 and any(MATCHER.rules[i].message_kinds for i in PURE)
    for doc in DOCUMENTS:
        reference = {i: _dedupe(h) for i, h in _reference_pattern_hits(doc).items() if i in PURE}
        got = {i: h for i, h in MATCHER.run(doc).items() if i in PURE}
        assert got == reference, doc.path


shaped = st.tuples(
    st.sampled_from(["Re: pricing", "Fwd: the deck", "pricing", "quick question"]),
    st.sampled_from(["Hi all,", "Hi there,", "Hello,", "Hi Sam,", ""]),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map(". ".join),
    st.sampled_from(["", "\n\nUnsubscribe from these emails.", "\n\nThanks,\nAlex"]),
)


@settings(max_examples=150, deadline=None)
@given(shaped)
def test_pattern_hits_equal_the_plain_loop_on_every_message_kind(parts):
    """Subjects, greetings and footers that decide the message kind and the scoped patterns."""
    subject, greeting, body, footer = parts
    source = f"Subject: {subject}\n\n{greeting}\n\n{body}.{footer}\n"
    for doc in TEXT.parse("mail.txt", source, {}):
        reference = {i: _dedupe(h) for i, h in _reference_pattern_hits(doc).items() if i in PURE}
        got = {i: h for i, h in MATCHER.run(doc).items() if i in PURE}
        assert got == reference


# ---------------------------------------------------------------- paragraphs (MO152)

PROSE_PIECES = [*"ab1 .!?\n\t-*+\u2022)\"'", "Dr.", "e.g.", "2.", "\n\n", "  "]
prose_text = st.lists(st.sampled_from(PROSE_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(prose_text, st.integers(0, 80), st.integers(0, 80))
def test_count_sentences_equals_the_spans_it_replaces(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert count_sentences(text, start, end) == len(split_sentences(text, start, end))


list_lines = st.lists(
    st.sampled_from(
        [
            "- one",
            "* two",
            "1. three",
            "12) four",
            "  indented",
            "\u2022 five",
            "plain",
            "",
            "-x",
            "\t- tab",
        ]
    ),
    max_size=8,
).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(list_lines, st.integers(0, 80), st.integers(0, 80))
def test_list_items_split_as_before(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    block = Span(start, end)
    assert _split_list(text, block) == _split_list_lines(text, block)


# ---------------------------------------------------------------- Markdown masks

MARKDOWN_PIECES = [
    *"ab #>-*+_|`~<[]()!1.\n \t",
    "```",
    "~~~",
    "**",
    "__",
    "~~",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<style>",
    "</style>",
    "<https://x.io>",
    "https://x.io/a",
    "http",
    "](",
    "![",
    "[x]: /u",
    "1. ",
    "- [x] ",
    "## ",
    "> ",
    "---",
    "`code`",
    "word",
]
markdown_text = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(markdown_text, st.integers(0, 200), st.integers(0, 200))
def test_markdown_masks_match_where_finditer_does(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    fast = [(m.span(), m.lastgroup) for m in _mask_matches(text, start, end)]
    plain = [(m.span(), m.lastgroup) for m in _MASKS.finditer(text, start, end)]
    assert fast == plain


def test_no_markdown_mask_matches_the_empty_string():
    """What _mask_matches relies on to step past a match."""
    assert _MASKS.match("") is None
    assert all(_MASKS.match(t) is None for t in ["\n", " ", "a", "h", "[", "!"])


def test_no_prefilter_for_an_ignorecase_re_pattern():
    """``re`` IGNORECASE matches "i" to the dotless "\u0131", which case-folds to itself."""
    import re

    pattern = re.compile(r"(?i)unsubscribe")
    assert pattern.search("unsubscr\u0131be")
    assert requirements(pattern) is None
    assert requirements(re.compile("unsubscribe")) == (("unsubscribe",),)


# ---------------------------------------------------------------- TM106 leftovers

LEFTOVER_PIECES = [
    *"IXTFLlo<>{}_ ",
    "INSERT",
    "INSERT NAME HERE",
    "XX",
    "X",
    "TK",
    "TBD",
    "FIXME",
    "TODO",
    "LOREM",
    "IPSUM",
    "Lorem",
    "ipsum",
    "orem",
    "word",
    "\n",
]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(LEFTOVER_PIECES), max_size=20).map("".join))
def test_every_leftover_holds_a_literal_the_prefilter_looks_for(text):
    for m in _LEFTOVER.finditer(text):
        assert any(word in m.group() for word in _LEFTOVER_NEEDS), m.group()
