"""The phrase trie finds exactly what the reference regex (``\\L<lits>``, overlapped) finds."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.packs import _build_trie, _trie_matches
from outreach_lint.textnorm import normalize_phrase, normalized_text


def reference(literals: list[str], norm: str) -> set[tuple[int, str, int]]:
    """What the matcher did with one regex: longest match per start, plus prefixes at spaces."""
    table = set(literals)
    rx = regex.compile(r"(?<![\w#])\L<lits>(?![\w#])", lits=sorted(table))
    out = set()
    for m in rx.finditer(norm, overlapped=True):
        lit, start = m.group(), m.start()
        out.add((start, lit, m.end()))
        pos = lit.find(" ")
        while pos != -1:
            if lit[:pos] in table:
                out.add((start, lit[:pos], start + pos))
            pos = lit.find(" ", pos + 1)
    return out


def trie(literals: list[str], norm: str) -> set[tuple[int, str, int]]:
    return {
        (start, lit, end)
        for start, found in _trie_matches(_build_trie(literals), norm)
        for lit, end in found
    }


def test_known_cases():
    lits = [
        normalize_phrase(p)
        for p in [
            "hope you're well",
            "hope you're well and thriving",
            "sir",
            "sir/madam",
            "act now!",
            "'d like",
            "e.g.",
            "100% guaranteed",
            "close the deal",
        ]
    ]
    text = normalized_text(
        "Dear Sir/Madam, I hope you're well and thriving. ACT NOW! I'd like 100% guaranteed, "
        "e.g.x and e.g. this; we'd 'd like to close the\n deal; closer the deal"
    )
    assert trie(lits, text) == reference(lits, text)
    found = {lit for _, lit, _ in trie(lits, text)}
    assert {"sir/madam", "hope you're well", "act now!", "#% guaranteed", "close the deal"} <= found
    assert "sir" not in found  # hidden by the longer literal at the same place, as before


WORDS = st.sampled_from(["a", "ab", "b", "#", "'", ".", "-", "x1", "é", "/"])


@settings(max_examples=300, deadline=None)
@given(
    literals=st.lists(
        st.lists(WORDS, min_size=1, max_size=4).map(lambda ws: " ".join(ws)), min_size=1
    ),
    text=st.lists(
        st.sampled_from(["a", "ab", "b", "#", "'", ".", "-", "x1", "é", "/", " ", "  ", "\n", "A"]),
        max_size=40,
    ).map("".join),
)
def test_trie_equals_reference_regex(literals, text):
    lits = sorted({normalize_phrase(lit) for lit in literals} - {""})
    norm = normalized_text(text)
    assert trie(lits, norm) == reference(lits, norm)
