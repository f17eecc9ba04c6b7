"""Near-duplicate detection that scales: word shingles, one-permutation MinHash, LSH banding.

Why this shape:

* **Shingles** are runs of ``k`` consecutive words of the prose (merge tags are already masked out
  of the prose, and words are folded to lower case, so ``Hi {{ first_name }}`` and ``Hi Sam`` and
  any spacing differences look the same). Two messages that share most of their word runs are
  the same message with details swapped: the cold-list blast.
* **One-permutation MinHash** (Li, Owen and Zhang 2012) hashes each shingle once (CRC-32, stable
  across processes and Python versions, unlike ``hash()``), splits the hash space into ``BINS``
  bins and keeps the minimum per bin. That costs O(shingles) per message instead of
  O(shingles x permutations), so the signature is cheap enough to compute inside
  ``lint_file`` (in worker processes). Empty bins of short messages are filled by rotation
  densification (Shrivastava and Li 2014) so every signature has ``BINS`` comparable values.
  The fraction of equal bins estimates the Jaccard similarity of the two shingle sets.
* **LSH banding**: the signature is cut into bands of ``rows`` values; messages whose band
  values are equal land in the same bucket and become candidate pairs. Only candidates are
  compared, so the run-level stage is roughly linear in the number of messages (100,000 messages
  are bucketed in seconds) instead of quadratic. ``rows`` is chosen from the threshold so
  that pairs at the threshold are found with probability > 99.5%.
* Candidates are verified against the threshold with the signature estimate, and clusters are
  the connected components (union-find) of the verified pairs.
"""

from __future__ import annotations

import gc
import os
import struct
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import combinations, compress, islice, repeat
from operator import eq

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: signature length; 128 bins keep the estimate's standard error under 0.045
BINS = 128
_BIN_BITS = 7  # log2(BINS)
_VALUE_BITS = 57
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_EMPTY = 1 << 64
_MIX = 0x9E3779B97F4A7C15  # golden-ratio multiplier: spreads CRC-32 values over 64 bits
_MASK64 = (1 << 64) - 1


def shingles(words: Sequence[str], k: int) -> set[str]:
    """The set of ``k``-word runs of ``words`` (the whole text when it is shorter than ``k``)."""
    if len(words) < k:
        return {" ".join(words)} if words else set()
    if k < 1:
        return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    # the runs as k shifted copies zipped together: joined and collected in C, no Python step
    # per word (zip stops at the shortest copy, the last run)
    return set(map(" ".join, zip(*[words[i:] for i in range(k)])))


def _hash64(shingle: str) -> int:
    h = zlib.crc32(shingle.encode("utf-8"))
    # two CRCs with different seeds make 64 bits; the multiply mixes them into every bit
    h = (h << 32) | zlib.crc32(shingle.encode("utf-8"), 0x5BD1E995)
    return (h * _MIX) & _MASK64


def signature(items: set[str]) -> tuple[int, ...]:
    """One-permutation MinHash signature of a set of shingles (empty set: empty tuple)."""
    if not items:
        return ()
    bins = [_EMPTY] * BINS
    crc32 = zlib.crc32
    for item in items:
        # _hash64 inlined (the hot loop of signing a message): encode once, same value
        data = item.encode("utf-8")
        h = (((crc32(data) << 32) | crc32(data, 0x5BD1E995)) * _MIX) & _MASK64
        b = h >> _VALUE_BITS
        v = h & _VALUE_MASK
        if v < bins[b]:
            bins[b] = v
    if _EMPTY in bins:
        bins = _densify(bins)
    # 32 bits per bin are plenty for equality tests (a false match has odds 2^-32) and halve
    # the size of the signature in a JSON cache
    return tuple([((v * _MIX) & _MASK64) >> 32 for v in bins])


def _signature_reference(items: set[str]) -> tuple[int, ...]:
    """:func:`signature` one shingle at a time (the definition; the tests compare the two)."""
    if not items:
        return ()
    bins = [_EMPTY] * BINS
    for item in items:
        h = _hash64(item)
        b = h >> _VALUE_BITS
        v = h & _VALUE_MASK
        if v < bins[b]:
            bins[b] = v
    if _EMPTY in bins:
        bins = _densify_reference(bins)
    return tuple(((v * _MIX) & _MASK64) >> 32 for v in bins)


def _densify(bins: list[int]) -> list[int]:
    """Fill each empty bin from the next non-empty bin to its right (circularly).

    The offset keeps a borrowed value distinct from the lender's own, so two messages agree on a
    borrowed bin only when they agree on the lender and borrow over the same distance. One
    backward walk around the circle from the last non-empty bin: the nearest lender to the
    right of a bin is the last non-empty bin the walk passed (same values as
    :func:`_densify_reference`, in one pass instead of one search per empty bin).
    """
    out = list(bins)
    n = len(bins)
    last = n - 1
    while last >= 0 and bins[last] == _EMPTY:
        last -= 1
    if last < 0:
        return out
    step = 1 << _VALUE_BITS
    lender, distance = bins[last], 0
    i = last
    for _ in range(n - 1):
        i = i - 1 if i else n - 1
        distance += 1
        value = bins[i]
        if value != _EMPTY:
            lender, distance = value, 0
        else:
            out[i] = lender + distance * step
    return out


def _densify_reference(bins: list[int]) -> list[int]:
    """:func:`_densify` by its definition: search right of each empty bin (for the tests)."""
    out = list(bins)
    n = len(bins)
    for i in range(n):
        if bins[i] != _EMPTY:
            continue
        for d in range(1, n):
            j = (i + d) % n
            if bins[j] != _EMPTY:
                out[i] = bins[j] + d * (1 << _VALUE_BITS)
                break
    return out


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the fraction of bins on which two signatures agree."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(map(eq, a, b)) / len(a)


def band_rows(threshold: float, bins: int = BINS) -> int:
    """Rows per band: the largest (fewest false candidates) that keeps recall high.

    A pair of similarity s becomes a candidate with probability 1 - (1 - s^r)^b. We take the
    largest r whose curve finds a pair right at the threshold with probability >= 99.5%; pairs
    above it are found with higher odds still, and a cluster of three or more has several
    pairs that can each connect it.
    """
    target = max(0.05, min(0.99, threshold))
    best = 1
    for r in range(1, bins + 1):
        b = bins // r
        if b < 1:
            break
        if 1 - (1 - target**r) ** b >= 0.995:
            best = r
    return best


def clusters(
    signatures: Iterable[Sequence[int]], threshold: float
) -> list[tuple[list[int], float]]:
    """Groups of indexes of near-duplicate signatures, each with its lowest verified similarity.

    Only groups of two or more are returned, sorted by their first (lowest) index; members are
    sorted too. Empty signatures never match anything. ``signatures`` is read once, in order
    (it may be a generator over signatures read from disk): what is kept per signature is its
    values as 32-bit lanes at a fixed stride (640 bytes, no object per signature; a tuple of
    128 Python ints is ~5 KB), in a temporary file once there are many (:class:`_Lanes`), and
    one 32-bit hash per band in memory (168 bytes at the default threshold).
    """
    # the buckets are many small lists: the cyclic garbage collector would rescan them over
    # and over, for nothing; it is off while we bucket
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _clusters(signatures, threshold)
    finally:
        if enabled:
            gc.enable()


class _Lanes:
    """Packed signatures at a fixed stride (:data:`_PACK`: ``BINS`` 32-bit lanes, each followed
    by a zero byte, 640 bytes; or their low bytes alone, ``stride`` :data:`BINS`).

    Up to :data:`SPILL_SIGNATURES` of them stay in one ``bytearray``; a larger run moves them to
    an anonymous temporary file (deleted when closed) and reads each back with one ``pread``
    when a candidate pair needs it: 100,000 signatures are 51 MB that the process would
    otherwise hold through the whole bucket walk, to serve a few reads per signature.
    """

    def __init__(self, spill_at: int, stride: int = 0) -> None:
        self.stride = stride or _PACK.size
        self.count = 0
        self._spill_at = spill_at
        self._buffer: bytearray | None = bytearray()
        self._file: Any = None
        self._fd = -1

    def add(self, raw: bytes) -> int:
        """Store one signature's bytes; returns its number."""
        if self._buffer is not None and self.count >= self._spill_at:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="outreach-lint-")  # noqa: SIM115
            self._file.write(self._buffer)
            self._buffer = None
        if self._buffer is not None:
            self._buffer += raw
        else:
            self._file.write(raw)
        self.count += 1
        return self.count - 1

    def seal(self) -> None:
        """Done adding: flush what is written so that reads see it."""
        if self._file is not None:
            self._file.flush()
            self._fd = self._file.fileno()

    def get(self, k: int) -> bytes | bytearray:
        stride = self.stride
        if self._buffer is not None:
            return self._buffer[k * stride : k * stride + stride]
        if _pread is not None:
            return _pread(self._fd, stride, k * stride)
        self._file.seek(k * stride)
        return self._file.read(stride)

    @property
    def spilled(self) -> bool:
        """Whether the signatures are in the temporary file (not in memory)."""
        return self._buffer is None

    def get_many(self, ks: list[int]) -> list[bytes]:
        """The packed signatures numbered ``ks``, in order (one ``pread`` each, in C)."""
        if self._buffer is None and _pread is not None:
            stride = self.stride
            return list(map(partial(_pread, self._fd, stride), [k * stride for k in ks]))
        return [bytes(self.get(k)) for k in ks]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._buffer = None


class _Bands:
    """The band hashes of every message: one column of 32-bit values per band, in message
    order, handed out one band at a time (the bucket walk needs one band at a time).

    The current chunk of ``chunk`` messages is held in memory, one ``array`` per band; a full
    chunk is written to an anonymous temporary file (band by band, so one band's part of a
    chunk is one contiguous read) before the next message is added. A run of up to ``chunk``
    messages writes nothing. The columns of 100,000 messages are 17 MB (42 bands at the
    default threshold) that would otherwise be held through the whole run-level stage; this
    holds one chunk while filling and one band's column while walking it.
    """

    def __init__(self, bands: int, chunk: int) -> None:
        self.columns = [array("I") for _ in range(bands)]
        self._chunk = max(chunk, 1)
        self._file: Any = None
        #: (offset, messages) of each chunk written
        self._parts: list[tuple[int, int]] = []
        self._end = 0

    def room(self) -> list[array]:
        """The columns to append the next message's hashes to (a full chunk is written out
        first)."""
        columns = self.columns
        if len(columns[0]) >= self._chunk:
            if self._file is None:
                import tempfile

                self._file = tempfile.TemporaryFile(prefix="outreach-lint-")  # noqa: SIM115
            for column in columns:
                self._file.write(column.tobytes())
            count = len(columns[0])
            self._parts.append((self._end, count))
            self._end += count * columns[0].itemsize * len(columns)
            columns = self.columns = [array("I") for _ in columns]
        return columns

    def column(self, band: int) -> array:
        """Band ``band``'s hashes of every message, in order (its memory here is let go)."""
        out = array("I")
        if self._parts:
            self._file.flush()
            fd = self._file.fileno()
            for offset, count in self._parts:
                size = count * out.itemsize
                start = offset + band * size
                if _pread is not None:
                    out.frombytes(_pread(fd, size, start))
                else:
                    self._file.seek(start)
                    out.frombytes(self._file.read(size))
        out += self.columns[band]
        self.columns[band] = array("I")
        return out

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self.columns = []


_pread = getattr(os, "pread", None)  # not on Windows: seek and read there

#: a bucket's members that missed its first are compared pairwise up to this many
_PAIRWISE = 64


def _agreeing(one: bytes | bytearray, many: bytes | bytearray, count: int) -> list[int]:
    """How many 32-bit lanes ``one`` (one packed signature) shares with each of the ``count``
    packed signatures in ``many``.

    A few big-integer and bytes operations, in C: ``one`` gets its separator bytes set (they
    are zero in the packing), and XOR of it (repeated) with all of them leaves every separator
    at 1 and every lane on which the two agree at four zero bytes; counting the runs of four
    zero bytes in each signature's stretch counts exactly those lanes (a run cannot cross a
    separator). ``array.count(0)`` over the lanes, as before, built a Python int per lane and
    cost three times as much.
    """
    stride = _PACK.size
    head = (int.from_bytes(one, "little") | _SEPARATORS).to_bytes(stride, "little")
    data = (int.from_bytes(head * count, "little") ^ int.from_bytes(many, "little")).to_bytes(
        len(many), "little"
    )
    return [data.count(b"\x00\x00\x00\x00", i, i + stride) for i in range(0, len(many), stride)]


def _low_bytes_agreeing(one: bytes | bytearray, many: bytes | bytearray, count: int) -> list[int]:
    """On how many lanes the low byte of ``one``'s value equals that of each of the ``count``
    signatures in ``many`` (:data:`BINS` bytes each, one per lane; see :func:`_walk`).

    Equal values have equal low bytes, so this is at least :func:`_agreeing`'s count for the
    same pair: a pair whose low bytes agree on too few lanes cannot reach the threshold and is
    never compared in full. XOR leaves a zero byte exactly where two low bytes agree; a
    fifth of the bytes :func:`_agreeing` converts, and no separators.
    """
    data = (int.from_bytes(one * count, "little") ^ int.from_bytes(many, "little")).to_bytes(
        len(many), "little"
    )
    return list(
        map(data.count, repeat(0), range(0, len(many), BINS), range(BINS, len(many) + 1, BINS))
    )


def _pairs_low_bytes_agreeing(left: bytes, right: bytes) -> list[int]:
    """:func:`_low_bytes_agreeing` for pairs: on how many lanes the low bytes of the ``i``-th
    signature in ``left`` equal those of the ``i``-th in ``right`` (:data:`BINS` bytes each),
    for every ``i``, in one pass."""
    size = len(left)
    data = (int.from_bytes(left, "little") ^ int.from_bytes(right, "little")).to_bytes(
        size, "little"
    )
    return list(map(data.count, repeat(0), range(0, size, BINS), range(BINS, size + 1, BINS)))


#: a packed signature: each 32-bit lane (little-endian) followed by a zero separator byte
_PACK = struct.Struct("<" + "Ix" * BINS)
#: one packed signature's separator bytes set to 1 (as an integer)
_SEPARATORS = int.from_bytes(b"\x00\x00\x00\x00\x01" * BINS, "little")


def _walk_bucket(members: list[int], verify: Any, find: Any) -> None:
    """Verify the candidate pairs of one bucket, one pair at a time (the definition)."""
    first = members[0]
    # comparing each member with the bucket's first keeps a bucket linear
    for other in members[1:]:
        verify(first, other)
    # members that missed the first may still match each other (two groups sharing one band
    # value): compare those pairwise while the bucket is small
    rest = [m for m in members[1:] if find(m) != find(first)]
    if 1 < len(rest) <= _PAIRWISE:
        for x in range(len(rest)):
            for y in range(x + 1, len(rest)):
                verify(rest[x], rest[y])


#: skip the full comparison of a pair whose lanes' low bytes agree too rarely to reach the
#: threshold (exact: equal values have equal low bytes); a test turns it off to compare
LOW_BYTE_BOUND = True

#: signatures held in memory before the store moves to a temporary file (4 MB)
SPILL_SIGNATURES = 8192


def _members() -> array:
    return array("i")


def _clusters(stream: Iterable[Sequence[int]], threshold: float) -> list[tuple[list[int], float]]:
    lanes = _Lanes(SPILL_SIGNATURES)
    low_bytes = _Lanes(SPILL_SIGNATURES, BINS)
    hashes = _Bands(BINS // band_rows(threshold), SPILL_SIGNATURES)
    try:
        return _walk(stream, threshold, lanes, low_bytes, hashes)
    finally:
        lanes.close()
        low_bytes.close()
        hashes.close()


def _walk(
    stream: Iterable[Sequence[int]],
    threshold: float,
    store: _Lanes,
    store_lows: _Lanes,
    store_bands: _Bands,
) -> list[tuple[list[int], float]]:
    rows = band_rows(threshold)
    bands = BINS // rows
    # band b of signature live[j] is store_bands.column(b)[j]: a 32-bit hash of its ``rows``
    # values. Equal hashes make candidates; every candidate is verified on the full
    # signatures, so a rare hash collision costs one comparison and never a false cluster
    live = array("i")
    # every signature of BINS 32-bit values goes to ``store`` (512 bytes each, no object per
    # message; see _Lanes); slot[i] is its number there, or -1 for the rare signature kept as
    # it is in ``side`` (empty, another length, or values that do not fit 32 bits). Two stored
    # signatures are compared by XOR of their lanes as integers and counting the zero lanes
    slot = array("i")
    # the low byte of every lane of each stored signature: a pair is compared in full only
    # when enough of them agree (see _low_bytes_agreeing). While the store is in memory, one
    # bytes object of BINS bytes per message (None for one kept aside), so that a bucket's are
    # joined in C (``map``) instead of sliced one Python call at a time. Once the store is in
    # its temporary file they are not kept in memory (they would be 18 MB at 100,000
    # messages): ``store_lows`` holds them at the same numbers as ``store``, spilled with it,
    # and a bucket reads its members' low bytes from there (128 bytes each, one ``pread``)
    lows: list[bytes | None] | None = []
    side: dict[int, tuple[int, ...]] = {}
    stride = store.stride
    step = stride // BINS  # _PACK: lane i's low byte is at step * i
    n = 0
    for sig in stream:
        values = tuple(sig)
        if values:
            columns = store_bands.room()
            for band in range(bands):
                columns[band].append(hash(values[band * rows : band * rows + rows]) & 0xFFFFFFFF)
            live.append(n)
        raw = None
        if len(values) == BINS:
            try:
                raw = _PACK.pack(*values)
            except (OverflowError, TypeError, struct.error):
                raw = None
        if raw is not None and len(raw) == stride:
            slot.append(store.add(raw))
            low = raw[0:stride:step]
            store_lows.add(low)
            if lows is not None:
                lows.append(low)
        else:
            slot.append(-1)
            if lows is not None:
                lows.append(None)
            side[n] = values
        if lows is not None and store.spilled:
            lows = None
        n += 1
    store.seal()
    store_lows.seal()
    spilled = lows is None

    def values_of(i: int) -> Sequence[int]:
        k = slot[i]
        if k < 0:
            return side[i]
        return _PACK.unpack(store.get(k))

    def similar(a: int, b: int) -> float:
        ka, kb = slot[a], slot[b]
        if ka >= 0 and kb >= 0:
            return _agreeing(store.get(ka), store.get(kb), 1)[0] / BINS
        return similarity(values_of(a), values_of(b))

    parent = array("i", range(n))
    # the fewest agreeing lanes whose similarity reaches the threshold, by the very test
    # accept() makes (0 when a test asks to compare every candidate in full)
    needed = next((u for u in range(BINS + 1) if u / BINS >= threshold), BINS + 1)
    if not LOW_BYTE_BOUND:
        needed = 0

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # whether a message was ever joined to another (union): while none of a bucket's members
    # was, each is alone in its group, and none is joined to the first (no find() per member)
    joined = bytearray(n)

    def union(a: int, b: int) -> None:
        joined[a] = joined[b] = 1
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # pairs verified similar (with their similarity); a pair found dissimilar is not
    # remembered: it is rare for one to collide in several bands, and remembering every one
    # costs memory that grows with the number of candidates (millions at 100,000 messages)
    weakest: dict[tuple[int, int], float] = {}

    def verify(a: int, b: int) -> None:
        pair = (a, b) if a < b else (b, a)
        if pair in weakest:
            return
        s = similar(a, b)
        if s >= threshold:
            union(a, b)
            weakest[pair] = s

    def accept(a: int, b: int, s: float) -> None:
        """:func:`verify` with the similarity already computed (a pair verified twice gets the
        same similarity and the same union: skipping it, as ``verify`` does, changes nothing)."""
        if s >= threshold:
            union(a, b)
            weakest[(a, b) if a < b else (b, a)] = s

    full: dict[int, Any] = {}  # the signatures of one bucket, each read at most once

    def full_of(m: int) -> Any:
        raw = full.get(m)
        if raw is None:
            raw = full[m] = store.get(slot[m])
        return raw

    low_of = lows.__getitem__ if lows is not None else None
    bucket_lows: dict[int, bytes] = {}  # once spilled: the low bytes of one bucket's members
    slot_of = slot.__getitem__

    def joined_lows(ms: Iterable[int]) -> bytes:
        """The low bytes of the signatures ``ms``, joined (read for the bucket once spilled)."""
        return b"".join(map(bucket_lows.__getitem__ if spilled else low_of, ms))

    def compare(pairs: Iterable[tuple[int, int]]) -> None:
        """Compare in full, in order, the pairs whose low bytes allowed it; accept each."""
        for a, b in pairs:
            accept(a, b, _agreeing(full_of(a), full_of(b), 1)[0] / BINS)

    for band in range(bands):
        column = store_bands.column(band)  # this band's memory goes as soon as it is bucketed
        # the shared keys first, in C: almost every key is unique, and only shared keys need
        # buckets. Sorted, equal keys are neighbours; the keys are sorted in parts of at most
        # ~16,384 (by their remainder), so that no list of an int object per message is held
        # (a Counter of 100,000 keys is 8 MB)
        parts = max(1, len(column) >> 14)
        shared: set[int] = set()
        for part in range(parts):
            if parts == 1:
                ordered = sorted(column)
            else:
                ordered = sorted(compress(column, map(part.__eq__, map(parts.__rmod__, column))))
            shared.update(compress(ordered, map(eq, ordered, islice(ordered, 1, None))))
            del ordered
        if not shared:
            continue
        # the members of each bucket as 32-bit integers (a list is ~40 bytes a member)
        buckets: dict[int, array] = defaultdict(_members)
        for key, member in compress(zip(column, live), map(shared.__contains__, column)):
            buckets[key].append(member)
        del column
        for members in buckets.values():
            if min(map(slot_of, members)) < 0:  # rare: a signature kept aside
                full.clear()
                _walk_bucket(members, verify, find)
                continue
            # the same comparisons, in the same order, as _walk_bucket: the first member with
            # every other, then (while few) the others not yet joined to it pairwise. The low
            # bytes of all the pairs are compared in one pass of big-integer operations (a
            # pair whose low bytes agree on too few lanes is below the threshold: accept would
            # do nothing); only the others are compared in full
            full.clear()
            if spilled:  # every member's low bytes, read once
                bucket_lows.clear()
                bucket_lows.update(zip(members, store_lows.get_many(list(map(slot_of, members)))))
            first = members[0]
            others = members[1:]
            count = len(others)
            bounds = _low_bytes_agreeing(joined_lows((first,)), joined_lows(others), count)
            if max(bounds) >= needed:
                compare(zip(repeat(first), compress(others, map(needed.__le__, bounds))))
            if count < 2:
                continue
            if joined[first]:
                root = find(first)
                rest = [m for m in others if find(m) != root]
            else:  # the first is alone in its group: no other is joined to it
                rest = others
            if 1 < len(rest) <= _PAIRWISE:
                pairs = list(combinations(rest, 2))
                left, right = zip(*pairs)
                bounds = _pairs_low_bytes_agreeing(joined_lows(left), joined_lows(right))
                if max(bounds) >= needed:
                    compare(compress(pairs, map(needed.__le__, bounds)))
    # a root is the lowest index of its group (union keeps the minimum), and i ascends, so
    # every member list comes out sorted
    groups: dict[int, list[int]] = {}
    for i in range(n):
        root = find(i)
        if root != i:
            groups.setdefault(root, [root]).append(i)
    low: dict[int, float] = {}
    for (a, _b), s in weakest.items():
        root = find(a)
        low[root] = min(s, low.get(root, 1.0))
    out = [(members, low.get(root, 1.0)) for root, members in groups.items()]
    out.sort(key=lambda g: g[0][0])
    return out
