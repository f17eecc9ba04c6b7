"""The section locator's line scans find what the plain ``finditer`` calls they replace find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.model import Span
from outreach_lint.sections import (
    _FOOTER,
    _SIG_DASHES,
    _SIGN_OFF,
    _last_footer_line,
    _line_matches,
    _line_starts,
    locate,
)

PIECES = [
    "Unsubscribe",
    "unsubscribed",
    "xunsubscribe",
    "opt-out",
    "Opt out",
    "manage your preferences",
    "Manage preferences.",
    "you\u2019re receiving this",
    "You are receiving this",
    "no longer wish to receive",
    "\n",
    "\n\n",
    " ",
    "\t",
    "Best,",
    "Best regards",
    "Thanks so much!",
    "Cheers",
    "-- ",
    "--",
    "Sam",
    "x",
    ".",
]
prose = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _bounds(text: str, a: int, b: int) -> tuple[int, int]:
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    return a, b


@settings(max_examples=500, deadline=None)
@given(prose, st.integers(0, 200), st.integers(0, 200))
def test_last_footer_line_is_the_last_footer_match(text, a, b):
    start, end = _bounds(text, a, b)
    matches = list(_FOOTER.finditer(text, start, end))
    expected = (matches[-1].start(), matches[-1].end()) if matches else None
    assert _last_footer_line(text, start, end) == expected


@settings(max_examples=500, deadline=None)
@given(prose, st.integers(0, 200), st.integers(0, 200))
def test_line_matches_equal_finditer(text, a, b):
    start, end = _bounds(text, a, b)
    starts = _line_starts(text, start, end)
    for pattern in (_SIG_DASHES, _SIGN_OFF, _FOOTER):
        expected = [m.span() for m in pattern.finditer(text, start, end)]
        assert [m.span() for m in _line_matches(pattern, text, starts, end)] == expected


def test_locate_finds_footer_and_signature():
    text = (
        "Hi Sam,\n\nA short note about the report.\n\nBest,\nAlex\n\n"
        "You are receiving this because you signed up. Unsubscribe here.\n"
    )
    kinds = {s.kind: text[s.span.start : s.span.end] for s in locate(text, Span(0, len(text)))}
    assert kinds["footer"].startswith("You are receiving this")
    assert kinds["signature"].startswith("Best,")


def _sections(text: str) -> dict[str, str]:
    return {s.kind: text[s.span.start : s.span.end] for s in locate(text, Span(0, len(text)))}


def test_a_greeting_to_a_role_or_a_crowd_is_a_greeting():
    assert _sections("To the Practice Manager,\n\nMany surgeries...")["greeting"] == (
        "To the Practice Manager,"
    )
    assert _sections("ATTENTION HOMEOWNERS!!!\n\nLast night's storm...")["greeting"] == (
        "ATTENTION HOMEOWNERS!!!"
    )
    assert "greeting" not in _sections("To the point, your claims doubled.\n\nAlex")
    assert "greeting" not in _sections("Attention to detail is why we won.\n\nAlex")


def test_a_spintax_greeting_is_a_greeting():
    # session 12 (ic13): a sequence tool picks one of "{Hi|Hey}" per send (writer16, Salesloft);
    # the merge tag is masked to spaces by then
    text = "{Hi|Hello}               ,\n\nJust wanted to follow up on my previous email.\n\nM"
    found = _sections(text)
    assert found["greeting"] == "{Hi|Hello}               ,"
    assert found["opening"] == "Just wanted to follow up on my previous email."
    assert "greeting" not in _sections("{Quick question} about your crew.\n\nM")


def test_a_greeting_sharing_its_line_with_the_first_sentence():
    text = "Hey Sam - wanted to make sure this didn't slip. Let me know!\n\nM"
    assert _sections(text)["greeting"] == "Hey Sam -"
    assert _sections("Hi, I run ops at Acme.\n\nAlex")["greeting"] == "Hi,"
    # masked merge tag (spaces) in place of the name
    assert _sections("Hey                - wanted to check.\n\nM")["greeting"].startswith("Hey")
    assert "greeting" not in _sections("Hindsight is why we wrote this.\n\nAlex")
