"""Fast paths of the shared analysis give the same sentences and asks as the plain scans."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import emails

from outreach_lint import analysis
from outreach_lint.analysis import Analysis
from outreach_lint.engine import create_linter
from outreach_lint.model import Span

TEXT = create_linter().formats["text"]

PIECES = [
    "you",
    "your team",
    "I",
    "we",
    "our",
    "we both",
    "let's",
    "book a call",
    "grab 15 minutes on my calendar",
    "reply",
    "let me know",
    "forward this to",
    "the right person",
    "sign up",
    "click here",
    "no need to book a demo",
    "fill out the survey",
    "Would a chat help",
    "the launch",
    "Thursday",
    '"we said yes"',
    "ship",
]
messages = emails(PIECES, max_pieces=7)


def _docs(source):
    return TEXT.parse("mail.txt", source, {})


@settings(max_examples=200, deadline=None)
@given(messages)
def test_sentences_without_quotes_equal_the_offset_scan(source):
    for doc in _docs(source):
        fast = Analysis(doc)
        slow = Analysis(doc)
        # a quotation far outside the message forces the per-word offset scan; it covers nothing
        slow.__dict__["quoted"] = (*fast.quoted, Span(10**9, 10**9 + 1))
        assert fast.sentences == slow.sentences


@settings(max_examples=200, deadline=None)
@given(messages)
def test_asks_equal_without_the_prefilter(source):
    for doc in _docs(source):
        fast = Analysis(doc).asks
        saved = analysis._ask_requirements
        analysis._ask_requirements = lambda: None  # no prefilter: every sentence is scanned
        try:
            slow = Analysis(doc).asks
        finally:
            analysis._ask_requirements = saved
        assert fast == slow


def test_asks_found_through_the_prefilter():
    [doc] = _docs("Hi Sam,\n\nCould you forward this to the right person? Or book a call.\n")
    kinds = [a.kind for a in Analysis(doc).asks]
    assert kinds == ["referral", "meeting"]


# Pieces that start or end the sentence patterns gated by word sets in Analysis.sentences
GATE_PIECES = [
    "you",
    "your team",
    "yours",
    "for",
    "to",
    "for\nyou",
    "show you",
    "companies like yours",
    "as a founder, you",
    "if you're interested",
    "With Pulse,",
    "it helps your",
    "I",
    "We",
    "I'm curious",
    "just",
    "noticed",
    "Congrats on",
    "Thanks for",
    "To recap what I heard",
    "Happy to",
    "If it helps,",
    "we could send",
    "We'd love to hear",
    "Our trainer will run",
    "We'll send",
    "then I'll check",
    "I'm sorry for",
    "My apologies",
    "Sorry about",
    "Please delete",
    "Please find attached",
    "Hope",
    "Imagine",
    "the launch",
    '"quoted"',
]
gate_messages = emails(GATE_PIECES, max_pieces=5)


@settings(max_examples=300, deadline=None)
@given(gate_messages)
def test_word_gates_never_skip_a_pattern_that_matches(source):
    """The first-word and pitch-word sets only skip sentences their patterns cannot match."""
    for doc in _docs(source):
        a = Analysis(doc)
        base = a.content.start
        for s in a.sentences:
            text = a.folded[s.span.start - base : s.span.end - base]
            words = list(analysis.WORD.findall(text))
            if analysis.NOT_SITUATION.search(text):
                assert analysis._may_pitch_you(words, text), text
            if (
                analysis.READER_OBSERVATION.match(text)
                or analysis._OFFER.match(text)
                or analysis._COMMITMENT.match(text)
                or analysis._APOLOGY.match(text)
                or analysis._REQUEST.match(text)
                or analysis.NO_SITUATION_SENTENCE.match(text)
            ):
                assert words and words[0] in analysis._LEAD_WORDS, text
