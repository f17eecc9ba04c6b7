"""Hypothesis strategies shared by the fast-path property tests."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def emails(pieces: Sequence[str], max_pieces: int) -> st.SearchStrategy[str]:
    """Short emails (greeting, 1-8 sentences of ``pieces`` with mixed endings, sign-off).

    Fast paths skip work by looking for words; sentences made of a few known pieces put those
    words, and their near-misses, in every combination and across sentence breaks.
    """
    sentences = st.lists(st.sampled_from(list(pieces)), min_size=1, max_size=max_pieces)
    sentence = sentences.map(" ".join)
    parts = st.lists(
        st.tuples(sentence, st.sampled_from([". ", "? ", "! ", ".\n\n"])), min_size=1, max_size=8
    )
    return parts.map(
        lambda ps: "Hi Sam,\n\n" + "".join(s + end for s, end in ps) + "\nBest,\nAlex\n"
    )
