"""The fast normalization pattern finds exactly the pieces the pattern as first written finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import textnorm

# spaces, digits (ASCII and others), separators, hyphens, word and non-word characters
text = st.text(alphabet=st.sampled_from(list(" -.,1٣a_é\n\t!#\u00a0\u2010")), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(text)
def test_pieces_equal_reference(s):
    folded = textnorm.fold(s)
    fast = [m.span() for m in textnorm._PIECES.finditer(folded)]
    slow = [m.span() for m in textnorm._PIECES_REFERENCE.finditer(folded)]
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalize_text_equals_normalized_text(s):
    assert textnorm.normalize(s)[0] == textnorm.normalized_text(s)


def test_known_pieces():
    folded = textnorm.fold("End-of-quarter:  3 spots, 1,000.50 off - now")
    assert [m.group() for m in textnorm._PIECES.finditer(folded)] == [
        "-",
        "-",
        "  ",
        "3",
        "1,000.50",
    ]


TABLE_CHARS = "".join(chr(k) for k in textnorm._FOLD) + "abc '\"-\ufffc\u00e9"


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(alphabet=st.sampled_from(list(TABLE_CHARS)))))
def test_translate_equals_str_translate(s):
    from outreach_lint.packs import _QUOTES_ONLY

    for table in (textnorm._FOLD, _QUOTES_ONLY):
        assert textnorm.translate(s, table) == s.translate(table)


def test_translate_tables_replace_one_character_with_a_non_key():
    """What makes replacing one character at a time equal to str.translate."""
    from outreach_lint.packs import _QUOTES_ONLY

    for table in (textnorm._FOLD, _QUOTES_ONLY):
        assert all(isinstance(v, str) and len(v) == 1 for v in table.values())
        assert not {ord(v) for v in table.values()} & set(table)
