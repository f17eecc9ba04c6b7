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


@settings(max_examples=100, deadline=None)
@given(_signatures(), st.sampled_from([0.5, 0.85]), st.integers(0, 3), st.booleans())
def test_spilled_store_clusters_equal_reference(sigs, threshold, spill_at, pread):
    """A store moved to a temporary file (from the ``spill_at``-th signature on; read back with
    ``os.pread``, or seek and read where there is none) clusters exactly as the reference."""
    from unittest import mock

    with (
        mock.patch.object(minhash, "SPILL_SIGNATURES", spill_at),
        mock.patch.object(minhash, "_pread", minhash._pread if pread else None),
    ):
        assert minhash.clusters(iter(sigs), threshold) == _clusters_reference(sigs, threshold)


def _noisy_copies(seed: int, copies: int, changed: int) -> list[tuple[int, ...]]:
    import random

    rnd = random.Random(seed)
    out = []
    for _ in range(3):
        base = [rnd.randrange(2**32) for _ in range(minhash.BINS)]
        for _ in range(copies):
            sig = list(base)
            for j in rnd.sample(range(minhash.BINS), changed):
                sig[j] = rnd.randrange(2**32)
            out.append(tuple(sig))
    rnd.shuffle(out)
    return out


def test_spilled_store_reads_the_right_signature(monkeypatch):
    """Copies that differ in 20-60 lanes: the lowest similarity of each cluster (and which
    candidates pass) depends on reading each signature's own lanes back from the file."""
    sigs = _noisy_copies(3, 8, 20) + _noisy_copies(4, 6, 60)
    expected = _clusters_reference(sigs, 0.5)
    assert any(low < 1 for _, low in expected)
    for spill_at in (0, 5):
        for pread in (minhash._pread, None):
            monkeypatch.setattr(minhash, "SPILL_SIGNATURES", spill_at)
            monkeypatch.setattr(minhash, "_pread", pread)
            assert minhash.clusters(sigs, 0.5) == expected


def test_store_moves_to_a_temporary_file_only_when_large(monkeypatch):
    import tempfile

    opened = []
    real = tempfile.TemporaryFile

    def spy(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(tempfile, "TemporaryFile", spy)
    bins = minhash.BINS
    sigs = [tuple((i * 7 + j) % 1000 for j in range(bins)) for i in range(6)]
    sigs += [sigs[0], sigs[3]]
    expected = [([0, 6], 1.0), ([3, 7], 1.0)]
    assert minhash.clusters(sigs, 0.9) == expected and not opened  # small: in memory
    monkeypatch.setattr(minhash, "SPILL_SIGNATURES", 4)
    assert minhash.clusters(sigs, 0.9) == expected
    # the signatures' lanes, their low bytes and the band hashes: each used, then closed (and
    # so deleted)
    assert len(opened) == 3 and all(f.closed for f in opened)


# ---------------------------------------------------------------- the low-byte bound
#
# A candidate pair is compared in full only when the low bytes of its lanes agree on enough
# lanes to reach the threshold (equal values have equal low bytes, so that count bounds the
# true one from above). These signatures make the bound as loose as it gets: lanes that
# differ only above their low byte agree there, so the full comparison has to decide.


def _high_byte_variants(seed: int, count: int, changed: int) -> list[tuple[int, ...]]:
    """Copies of one base that differ in ``changed`` lanes, only above the low byte."""
    import random

    rnd = random.Random(seed)
    base = [rnd.randrange(2**32) for _ in range(minhash.BINS)]
    out = []
    for _ in range(count):
        sig = list(base)
        for j in rnd.sample(range(minhash.BINS), changed):
            sig[j] = (sig[j] & 0xFF) | (rnd.randrange(1, 2**24) << 8)
        out.append(tuple(sig))
    return out


def test_bound_is_exact_at_the_threshold():
    """Pairs at exactly the threshold (64 of 128 lanes at 0.5) and one lane below it."""
    bins = minhash.BINS
    base = tuple(range(1000, 1000 + bins))
    at = tuple(v if i < 64 else v + 256 for i, v in enumerate(base))  # low bytes all agree
    below = tuple(v if i < 63 else v + 256 for i, v in enumerate(base))
    far = tuple(v if i < 63 else v + 1 for i, v in enumerate(base))  # low bytes disagree too
    sigs = [base, at, below, far]
    expected = _clusters_reference(sigs, 0.5)
    assert expected == [([0, 1, 2], 0.5)]  # 1 and 2 differ in one lane only
    assert minhash.clusters(sigs, 0.5) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 100), st.sampled_from([0.3, 0.5, 0.7, 0.85, 1.0]))
def test_bound_equals_full_comparison(seed, changed, threshold):
    sigs = _high_byte_variants(seed, 6, changed) + _noisy_copies(seed, 4, changed)
    expected = _clusters_reference(sigs, threshold)
    assert minhash.clusters(sigs, threshold) == expected
    from unittest import mock

    with mock.patch.object(minhash, "LOW_BYTE_BOUND", False):
        assert minhash.clusters(sigs, threshold) == expected


def test_bound_spares_most_full_comparisons(monkeypatch):
    """The mechanism works: dissimilar messages sharing a band are not compared in full."""
    import random

    rnd = random.Random(5)
    shared = [rnd.randrange(2**32) for _ in range(minhash.BINS)]
    # 30 messages that share their first band and nothing else: 29 + 28*27/2 candidates
    sigs = [tuple(shared[:3] + [rnd.randrange(2**32) for _ in range(minhash.BINS - 3)])]
    sigs += [
        tuple(shared[:3] + [rnd.randrange(2**32) for _ in range(minhash.BINS - 3)])
        for _ in range(29)
    ]
    full = []
    real = minhash._agreeing
    monkeypatch.setattr(minhash, "_agreeing", lambda *a: full.append(a[2]) or real(*a))
    assert minhash.clusters(sigs, 0.5) == _clusters_reference(sigs, 0.5) == []
    assert sum(full) == 0
    monkeypatch.setattr(minhash, "LOW_BYTE_BOUND", False)
    full.clear()
    assert minhash.clusters(sigs, 0.5) == []
    assert sum(full) >= 29 + 28 * 27 // 2


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from([0.5, 0.7]), st.integers(70, 160))
def test_large_buckets_equal_reference(seed, threshold, count):
    """Buckets larger than the pairwise limit (64), first members joined and not, and
    near-threshold pairs: the one-pass bucket walk keeps the reference's clusters and their
    lowest similarities."""
    import random

    rng = random.Random(seed)
    bins = minhash.BINS
    bases = [[rng.getrandbits(32) for _ in range(bins)] for _ in range(3)]
    sigs = []
    for _ in range(count):
        sig = list(rng.choice(bases))
        # few lanes changed (a cluster), or about half (near the threshold), or most
        for i in rng.sample(range(bins), rng.choice([2, 50, 64, 70, 120])):
            sig[i] = rng.getrandbits(8) if rng.random() < 0.5 else rng.getrandbits(32)
        sigs.append(tuple(sig))
    assert minhash.clusters(sigs, threshold) == _clusters_reference(sigs, threshold)


def _pairs_seen_only_in_one_bucket(count: int) -> list[tuple[int, ...]]:
    """``count`` pairs of similar signatures (2 of every 3 lanes equal: 0.66 alike) that share
    no band but the first, which every signature shares: the pairs meet only in that one
    bucket, where a dissimilar signature is first."""
    import random

    rng = random.Random(count)
    bins = minhash.BINS
    head = [7, 8, 9]
    out = [tuple(head + [rng.getrandbits(32) for _ in range(bins - 3)])]
    for _ in range(count):
        x = head + [rng.getrandbits(32) for _ in range(bins - 3)]
        y = list(x)
        for band in range(1, bins // 3):
            y[band * 3 + rng.randrange(3)] = rng.getrandbits(32)  # one lane of each band
        y[bins - 1] = rng.getrandbits(32)
        out += [tuple(x), tuple(y)]
    return out


def test_pairs_met_only_in_a_large_bucket_follow_the_pairwise_limit():
    rows = minhash.band_rows(0.5)
    assert rows == 3  # the construction above assumes bands of three lanes
    for count in (10, 32, 40):  # rest of 20, 64 (pairwise) and 80 members (not)
        sigs = _pairs_seen_only_in_one_bucket(count)
        got = minhash.clusters(sigs, 0.5)
        assert got == _clusters_reference(sigs, 0.5)
        assert len(got) == (count if 2 * count <= 64 else 0)
