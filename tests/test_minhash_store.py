"""The contiguous signature store of ``minhash.clusters`` gives exactly the clusters of the
plain algorithm that verifies candidates with :func:`minhash.similarity` on tuples."""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import minhash


def _clusters_reference(sigs: list[tuple[int, ...]], threshold: float):
    """The same banding and bucket walk, verifying with ``similarity`` on the tuples."""
    rows = minhash.band_rows(threshold)
    bands = minhash.BINS // rows
    columns = [[] for _ in range(bands)]
    live = []
    for n, values in enumerate(sigs):
        if values:
            for band in range(bands):
                columns[band].append(hash(values[band * rows : band * rows + rows]) & 0xFFFFFFFF)
            live.append(n)
    parent = list(range(len(sigs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    weakest = {}

    def verify(a, b):
        pair = (a, b) if a < b else (b, a)
        if pair in weakest:
            return
        s = minhash.similarity(sigs[a], sigs[b])
        if s >= threshold:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
            weakest[pair] = s

    for column in columns:
        shared = {k for k, c in Counter(column).items() if c > 1}
        buckets = defaultdict(list)
        for j, k in enumerate(column):
            if k in shared:
                buckets[k].append(live[j])
        for members in buckets.values():
            first = members[0]
            for other in members[1:]:
                verify(first, other)
            rest = [m for m in members[1:] if find(m) != find(first)]
            if 1 < len(rest) <= 64:
                for x in range(len(rest)):
                    for y in range(x + 1, len(rest)):
                        verify(rest[x], rest[y])
    groups = {}
    for i in range(len(sigs)):
        root = find(i)
        if root != i:
            groups.setdefault(root, [root]).append(i)
    low = {}
    for (a, _b), s in weakest.items():
        root = find(a)
        low[root] = min(s, low.get(root, 1.0))
    return sorted(((m, low.get(r, 1.0)) for r, m in groups.items()), key=lambda g: g[0][0])


_VALUE = st.one_of(st.integers(0, 7), st.integers(0, 2**32 - 1), st.integers(2**32, 2**40))


@st.composite
def _signatures(draw):
    """A few base signatures and noisy copies of them (so clusters form), plus empty ones,
    other lengths and values beyond 32 bits."""
    bins = minhash.BINS
    bases = draw(st.lists(st.lists(_VALUE, min_size=bins, max_size=bins), min_size=1, max_size=4))
    out = []
    for _ in range(draw(st.integers(2, 30))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            out.append(())
        elif kind == 1:
            out.append(tuple(draw(st.lists(_VALUE, min_size=1, max_size=bins + 3))))
        else:
            base = list(draw(st.sampled_from(bases)))
            for i in draw(st.lists(st.integers(0, bins - 1), max_size=40)):
                base[i] = draw(_VALUE)
            out.append(tuple(base))
    return out


@settings(max_examples=200, deadline=None)
@given(_signatures(), st.sampled_from([0.5, 0.7, 0.85, 0.95]))
def test_store_clusters_equal_reference(sigs, threshold):
    assert minhash.clusters(sigs, threshold) == _clusters_reference(sigs, threshold)
    assert minhash.clusters(iter(sigs), threshold) == _clusters_reference(sigs, threshold)


def test_store_handles_mixed_kinds():
    bins = minhash.BINS
    small = tuple(range(bins))
    big = tuple(2**33 + i for i in range(bins))
    near = (*small[:-1], 2**35)  # one lane beyond 32 bits: kept aside, compared all the same
    sigs = [small, (), big, near, small, (1, 2, 3), big, (1, 2, 3), array("I", small)]
    assert minhash.clusters(sigs, 0.9) == _clusters_reference([tuple(s) for s in sigs], 0.9)
    assert minhash.clusters(sigs, 0.9) == [([0, 3, 4, 8], 127 / 128), ([2, 6], 1.0), ([5, 7], 1.0)]
