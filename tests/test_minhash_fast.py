"""MinHash signatures and their densification equal the definitions (reference versions), bit for bit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import minhash
from outreach_lint.signature import SHINGLE_SIZE


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(max_size=12), max_size=300))
def test_signature_equals_reference(items):
    assert minhash.signature(items) == minhash._signature_reference(items)


def test_signature_of_real_shingles_and_edge_cases():
    words = ("hi sam we help teams like yours ship faster — would a call help? " * 5).split()
    items = minhash.shingles(words, SHINGLE_SIZE)
    assert minhash.signature(items) == minhash._signature_reference(items)
    assert minhash.signature(set()) == () == minhash._signature_reference(set())
    one = {"only one shingle"}  # 127 empty bins, all densified from one
    assert minhash.signature(one) == minhash._signature_reference(one)
    many = {f"shingle {i}" for i in range(5000)}  # every bin full
    assert minhash.signature(many) == minhash._signature_reference(many)
    assert len(minhash.signature(many)) == minhash.BINS


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.just(minhash._EMPTY), st.integers(0, 2**57 - 1)), max_size=140))
def test_densify_equals_reference(bins):
    assert minhash._densify(bins) == minhash._densify_reference(bins)


def _shingles_reference(words, k):
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


@given(
    st.lists(st.sampled_from(["a", "b", "c", "ß", "İ", "", " "]), max_size=30), st.integers(0, 6)
)
def test_shingles_equal_reference(words, k):
    assert minhash.shingles(words, k) == _shingles_reference(words, k)
    assert minhash.shingles(tuple(words), k) == _shingles_reference(words, k)
