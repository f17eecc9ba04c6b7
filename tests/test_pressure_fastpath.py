"""PR150's lazy, prefiltered scan finds exactly what scanning every class of every sentence finds."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import emails

from outreach_lint.checks import pressure
from outreach_lint.engine import create_linter
from outreach_lint.model import Span

LINTER = create_linter()
RULESET = LINTER.ruleset_for(LINTER.resolver.for_path(Path("mail.txt")))
[RULE] = [r for r in RULESET.python_rules if r.meta.code == "PR150"]
TEXT = LINTER.formats["text"]


def reference(doc, ctx):
    """The rule as it was first written: every class scanned in every sentence."""
    options = ctx.options
    if doc.message_kind not in options["kinds"]:
        return
    extra = tuple(
        (name, tuple(options[option]))
        for name, option in pressure._EXTRA_OPTIONS.items()
        if options[option]
    )
    classes = pressure._classes(extra)
    pairs = [pressure.PAIRS[p] for p in options["pairs"] if p in pressure.PAIRS]
    needed = {name for first, second, _ in pairs for name in (first, second)}
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    previous: dict[str, re.Match] = {}
    for sentence in analysis.sentences:
        start = sentence.span.start
        text = folded[start - base : sentence.span.end - base]
        if pressure._RELIEF.search(text):
            previous = {}
            continue
        found = {name: pressure._first(classes[name], text, start, analysis) for name in needed}
        for first, second, what in pairs:
            a, b = found[first], found[second]
            if b is None and second == "loss" and "deadline" in previous and a is None:
                b = pressure._weak_carried_loss(text, start, analysis)
            if b is None:
                continue
            if a is not None:
                lo, hi = min(a.start(), b.start()), max(a.end(), b.end())
                cue_a = a.group()
            elif first in previous and pressure._carries(first, text):
                lo, hi = 0, b.end()
                cue_a = previous[first].group()
            else:
                continue
            yield (Span(start + lo, start + hi), f"'{cue_a}' with '{b.group()}': {what}")
            break
        else:
            for first, second, what in pairs:
                a = found[first]
                if a is None or second not in previous or not pressure._ANAPHORA.match(text):
                    continue
                b = previous[second]
                yield (Span(start, start + a.end()), f"'{b.group()}' with '{a.group()}': {what}")
                break
        previous = {name: m for name, m in found.items() if m is not None}


# pieces of every class, plus relief, negation, quotes, facts and back references
PIECES = [
    "before the 31st",
    "on Friday",
    "end of the month",
    "it's off the table",
    "the rate goes back up",
    "you said",
    "you'd get back to me",
    "I went out on a limb",
    "my director",
    "called in a favour",
    "our Q4 targets",
    "my quota",
    "let's get moving",
    "sign today",
    "no rush",
    "you won't lose",
    "your card expires",
    '"last day"',
    "After that,",
    "It's good",
    "the vault closes",
    "a one-off exception",
    "without hearing back",
    "haven't heard back",
    "disappointed",
    "ſale",
    "Ends",
    "the",
    "team",
    "and",
]
messages = emails(PIECES, max_pieces=6)


def _check(source: str, options: dict | None = None) -> None:
    ctx = RULESET.contexts["PR150"]
    if options:
        ctx = type(ctx)(meta=ctx.meta, options={**ctx.options, **options}, severity=ctx.severity)
    for doc in TEXT.parse("mail.txt", source, {}):
        fast = [(f.span, f.message) for f in RULE.check(doc, ctx) or ()]
        assert fast == list(reference(doc, ctx)), source


@settings(max_examples=300, deadline=None)
@given(messages)
def test_same_findings_as_scanning_every_class(source):
    _check(source)


@settings(max_examples=100, deadline=None)
@given(messages, st.sampled_from([("team",), ("ſale", "the rate"), ("café",)]))
def test_same_findings_with_extra_words(source, words):
    _check(source, {"extra-loss-words": words, "extra-act-now-words": words})


def test_known_messages():
    for source, flagged in [
        (
            "Hi Sam,\n\nThe 20% rate is only for teams that sign before the 31st, and after that "
            "it's off the table.\n\nBest,\nAlex\n",
            True,
        ),
        (
            "Hi Sam,\n\nThe offer holds until midnight Friday. After that, the match is gone.\n",
            True,
        ),
        ("Hi Sam,\n\nI was hoping to hear back by now. I put a lot of work into this.\n", True),
        ("Hi Sam,\n\nNo rush on Friday, it's off the table.\n", False),
    ]:
        _check(source)
        [doc] = TEXT.parse("mail.txt", source, {})
        assert bool(list(reference(doc, RULESET.contexts["PR150"]))) is flagged


_COMBINED: list = []


def _with_combined_scan(run) -> None:
    """Run ``run`` with the built-in classes found by the combined pattern (wordscan.py), which
    a process builds only after many messages, then put the scan back as it was."""
    saved = pressure._SCAN
    try:
        # built and compiled once for the module (~30 ms a build): a compiled scan keeps no
        # state between messages, so each example meets the same scan a fresh build gives
        if not _COMBINED:
            _COMBINED.append(pressure._new_scan(compile_after=0))
        pressure._SCAN = _COMBINED[0]
        assert pressure._combined_scan() is not None
        run()
    finally:
        pressure._SCAN = saved


@settings(max_examples=300, deadline=None)
@given(messages)
def test_same_findings_with_the_combined_scan(source):
    _with_combined_scan(lambda: _check(source))


def test_combined_scan_on_corpus_messages():
    root = Path(__file__).resolve().parent.parent
    sources = [
        path.read_text(encoding="utf-8", errors="replace")
        for top in ("examples", "tests/corpus", "tests/corpus-dev-5")
        for path in sorted((root / top).rglob("*.md"))
    ]
    assert len(sources) > 50

    def run():
        for source in sources:
            _check(source)

    _with_combined_scan(run)
