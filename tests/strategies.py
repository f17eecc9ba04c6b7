"""Hypothesis strategies shared by the fast-path property tests."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def regex_level(children: st.SearchStrategy[str], *, lookbehind_and_atomic: bool = False):
    """One level of a random regex over ``children`` (for ``st.recursive``): a concatenation,
    an alternation, a quantified group, a lookahead, an inline case-insensitive group; with
    ``lookbehind_and_atomic`` also a negative lookbehind and an atomic group (the word
    prefilter reads those; the pattern prefilter's tests leave them out)."""
    branches = [
        st.lists(children, min_size=1, max_size=4).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        st.tuples(children, st.sampled_from(["?", "*", "+", "{0,2}", "{1,3}?", "{2}"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"
        ),
        children.map(lambda x: f"(?={x})"),
    ]
    if lookbehind_and_atomic:
        branches.append(children.map(lambda x: f"(?<!{x})"))
    branches.append(children.map(lambda x: f"(?i:{x})"))
    if lookbehind_and_atomic:
        branches.append(children.map(lambda x: f"(?>{x})"))
    return st.one_of(*branches)


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
