"""Results of a large run kept on disk, not in memory: memory that does not grow with files.

``outreach-lint check`` cannot print a file's findings the moment it is linted: the run-level
rules (duplicate clusters, sequences) add findings to files after every file has been seen, and
every output format is sorted by path. Keeping every :class:`~outreach_lint.engine.FileResult`
until then cost ~25 KB per template (findings, snippet lines, the per-message signatures), so
100,000 templates needed gigabytes.

A :class:`ResultSpool` instead pickles each result to an anonymous temporary file as it arrives
(deleted when closed, never visible in the repository). The signatures of each file are
pickled separately, after the file's shown path, so the run-level stage reads them without the
findings. What the spool knows of each file (where its result, path and signatures start, its
counts and rule-set group: a 32-byte record, :class:`_Index`) goes to a third temporary file
once the run passes :data:`INDEX_IN_MEMORY` files, so the spool's memory does not grow with
the number of files at all (session 16 kept ~100 bytes a file in memory: ~10 MB at 100,000).

* :meth:`ResultSpool.signatures` is a lazy, read-only sequence of every message's signature
  in the order of :func:`outreach_lint.project.sort_key` (the order the run-level stage uses).
* :meth:`ResultSpool.files` is a lazy sequence of the results, sorted by path, with the
  run-level findings merged in: what a :class:`~outreach_lint.engine.Report` needs. Iterating it
  twice reads the spool twice; a formatter that only iterates never holds more than one file.

Neither the results nor the per-file index are kept in memory; nor is the path order when
the files arrived sorted (discovery's order, the usual case: it is then a ``range``).

A small run (the pre-commit case: one to a few files) does not touch the disk at all: the
results stay in memory until the run holds more than :data:`IN_MEMORY_RESULTS` of them, and
only then move to the temporary files (so ``pickle`` and ``tempfile`` are not even imported
for it). Readers cannot tell the two modes apart.
"""

from __future__ import annotations

import bisect
import os
import sys
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any, Callable

#: A run keeps up to this many results in memory before it moves them all to temporary files.
#: Why 256: a result is ~25 KB at most in practice, so memory stays ~6 MB at worst (bounded,
#: whatever the number of files), while a one-file pre-commit run, and any run of a few hundred
#: templates, skips the imports (pickle, tempfile with shutil/random/bz2/lzma), two temporary
#: files and a pickle round trip per file.
IN_MEMORY_RESULTS = 256


#: up to this many files the digest uses CPython's own SHA-256 (no OpenSSL to load: a one-file
#: run saves ~2 ms); a larger run hashes every file's signatures and wants OpenSSL's speed
SMALL_DIGEST = 64


def _sha256(files: int) -> Any:
    """A SHA-256 object for a run of ``files`` files (the same digest either way)."""
    if files <= SMALL_DIGEST:
        from .sha import sha256

        return sha256()
    import hashlib

    return hashlib.sha256()


#: ``pickle.HIGHEST_PROTOCOL`` of every Python this supports (3.9-3.13): what a run pickles
#: with, without importing ``pickle`` to read it (a newer Python still reads and writes it)
PROTOCOL = 5


def _protocol() -> int:
    return PROTOCOL


def _pickle_values(obj: Any) -> bytes:
    """``obj`` pickled without the memo, so the bytes depend on its values alone.

    The digest hashes these bytes. With the memo, a string that is the same object as an
    earlier one (an interned literal such as the kind source ``"path"``, which is also the
    field name ``path``) is written as a back-reference, while an equal string read back from
    the result cache (JSON) is written out in full: equal signatures gave different digests,
    and a library with sequence folders never had its run-level findings served warm.
    Signatures hold no cycles, which is what the memo would be needed for.
    """
    import io

    buf = io.BytesIO()
    pickler = _pickler_class()(buf, _protocol())
    pickler.fast = True
    pickler.dump(obj)
    return buf.getvalue()


def _pickler_class() -> Any:
    """``pickle.Pickler`` without importing ``pickle`` when it is not imported yet.

    ``pickle.Pickler`` is the C accelerator's ``_pickle.Pickler`` (the pure-Python class only
    where ``_pickle`` is missing), so the bytes are the same; the Python module around it costs
    ~4.5 M instructions to import, and a run kept in memory (a pre-commit run with the result
    cache) pickles only for the digest of its signatures (the run-level cache's key).
    """
    pickle = sys.modules.get("pickle")
    if pickle is not None:
        return pickle.Pickler
    try:
        from _pickle import Pickler
    except ImportError:  # pragma: no cover - an interpreter without the accelerator
        from pickle import Pickler
    return Pickler


@dataclass
class SpoolStats:
    """Totals that reports need without a pass over the results."""

    files: int = 0
    findings: int = 0
    messages: int = 0
    internal_errors: int = 0
    failing_files: int = 0


#: per-file index records kept in memory before they move to a temporary file (2,048 files)
INDEX_IN_MEMORY = 64 * 1024
#: the index file is read in blocks of this many bytes, a few of them cached (sequential
#: passes read each block once; a binary search by path rereads only its first levels)
INDEX_BLOCK = 4096
INDEX_CACHED_BLOCKS = 64


class _Index:
    """One fixed-size record per file, in a temporary file once there are many (on disk).

    A record is what the spool must find again about a file without reading its result:
    where its pickled result starts, where its path and pickled signatures start, the path's
    length in bytes, its signature and finding counts, and its rule-set group. Keeping them
    in ``array`` columns cost ~60 bytes a file for the whole run (6 MB at 100,000); here they
    cost a bounded buffer and cache (:data:`INDEX_IN_MEMORY`, :data:`INDEX_CACHED_BLOCKS`),
    whatever the number of files.
    """

    def __init__(self, directory: str | None) -> None:
        import struct

        self._struct = struct.Struct("<qqIIIi")
        self._size = self._struct.size
        assert INDEX_BLOCK % self._size == 0  # a block holds whole records
        self._directory = directory
        self._tail = bytearray()  # records not yet written to the file
        self._written = 0  # records in the file
        self._file: Any = None
        self._blocks: dict[int, bytes] = {}

    def __len__(self) -> int:
        return self._written + len(self._tail) // self._size

    def append(self, *fields: int) -> None:
        self._tail += self._struct.pack(*fields)
        if len(self._tail) >= INDEX_IN_MEMORY:
            self._flush()

    def _flush(self) -> None:
        """Move the buffered records to the file (whole blocks only, so cached blocks stay
        true: a block is cached only once it is complete in the file)."""
        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(  # noqa: SIM115
                prefix="outreach-lint-", dir=self._directory, buffering=0
            )
        cut = len(self._tail) - len(self._tail) % INDEX_BLOCK
        data = bytes(self._tail[:cut])
        while data:  # a raw file may write less than asked
            data = data[self._file.write(data) :]
        self._written += cut // self._size
        del self._tail[:cut]

    def get(self, index: int) -> tuple[int, int, int, int, int, int]:
        """The record of the ``index``-th file: (result offset, path offset, path length,
        signatures, findings, group)."""
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index >= self._written:
            return self._struct.unpack_from(self._tail, (index - self._written) * self._size)
        start = index * self._size
        number, at = divmod(start, INDEX_BLOCK)
        block = self._blocks.get(number)
        if block is None:
            block = os.pread(self._file.fileno(), INDEX_BLOCK, number * INDEX_BLOCK)
            if len(block) != INDEX_BLOCK:
                raise OSError(f"the spool's index file is short at block {number}")
            if len(self._blocks) >= INDEX_CACHED_BLOCKS:
                del self._blocks[next(iter(self._blocks))]
            self._blocks[number] = block
        return self._struct.unpack_from(block, at)

    def close(self) -> None:
        self._blocks.clear()
        if self._file is not None:
            self._file.close()


class SpoolPaths(Sequence):
    """The shown paths of a spool's files, by index, read back when asked (never all held)."""

    def __init__(self, spool: ResultSpool) -> None:
        self._spool = spool

    def __len__(self) -> int:
        return len(self._spool)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._spool.path(index)

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self._spool.path(i)


class ResultSpool:
    """FileResults appended to a temporary file; read back lazily, in path order."""

    def __init__(self, directory: str | None = None, memory_limit: int | None = None) -> None:
        self._directory = directory
        #: results kept in memory before the spool moves to disk (``IN_MEMORY_RESULTS``)
        self.memory_limit = IN_MEMORY_RESULTS if memory_limit is None else memory_limit
        # in memory: the results and their signature tuples; both None once on disk
        self._results: list[Any] | None = []
        self._mem_sigs: list[tuple] | None = []
        self._data: IO[bytes] | None = None
        self._sigs: IO[bytes] | None = None  # each file's path, then its pickled signatures
        self._dirty = False  # ``_sigs`` holds buffered bytes a ``pread`` would not see
        self._index = _Index(directory)
        self.paths = SpoolPaths(self)
        self.codes: set[str] = set()  # the rule codes of every finding added (a few dozen)
        self._order: Sequence[int] | None = None
        self.stats = SpoolStats()
        # what the run-level stage depends on, as it arrived: names, rule-set groups and the
        # signatures' bytes (a result cache keys the run-level findings on it)
        self._digest: Any = None
        self._digested = 0  # files already fed to the digest (in memory, fed when asked)
        self._closed = False
        self._run_findings: list[RunFindings] = []

    @property
    def on_disk(self) -> bool:
        """Whether the results were moved to temporary files (the run grew past the limit)."""
        return self._data is not None

    def _spill(self) -> None:
        """Move every result held in memory to the temporary files; later ones go there too."""
        import tempfile

        self._fold_digest()  # the files held so far, from the objects themselves
        results, sigs = self._results, self._mem_sigs
        assert results is not None and sigs is not None
        directory = self._directory
        self._data = tempfile.TemporaryFile(prefix="outreach-lint-", dir=directory)  # noqa: SIM115
        self._sigs = tempfile.TemporaryFile(prefix="outreach-lint-", dir=directory)  # noqa: SIM115
        held, self._index = self._index, _Index(directory)
        self._results = self._mem_sigs = None
        for i, (result, file_sigs) in enumerate(zip(results, sigs)):
            _, _, _, _, count, group = held.get(i)
            self._write(result, file_sigs, count, group)
        held.close()

    def _write(self, result: Any, sigs: tuple, count: int, group: int) -> bytes:
        """Append one result, its path and signatures to the files, and its index record;
        returns the signatures' pickle."""
        import pickle

        assert self._data is not None and self._sigs is not None
        offset = self._data.tell()
        pickle.dump(result, self._data, _protocol())
        name = result.path.encode("utf-8", "surrogatepass")  # os.fsdecode's lone surrogates
        where = self._sigs.tell()
        self._sigs.write(name)
        blob = _pickle_values(sigs) if sigs else b""
        self._sigs.write(blob)
        self._dirty = True
        self._index.append(offset, where, len(name), len(sigs), count, group)
        return blob

    def _feed(self, path: str, group: int, count: int, blob: bytes) -> None:
        if self._digest is None:
            self._digest = _sha256(len(self))
        self._digest.update(f"{path}\0{group}\0{count}\0".encode("utf-8", "surrogatepass"))
        if blob:
            self._digest.update(blob)

    def _fold_digest(self) -> None:
        """Feed the digest the files held in memory it has not seen yet, in order (on disk,
        each file is fed as it is written)."""
        if self._mem_sigs is None:
            return
        for i in range(self._digested, len(self)):
            sigs = self._mem_sigs[i]
            blob = _pickle_values(sigs) if sigs else b""
            self._feed(self.path(i), self.group(i), len(sigs), blob)
        self._digested = len(self)

    # ---- writing --------------------------------------------------------

    def add(self, result: Any, group: int = 0) -> None:
        """Append one result (and, separately, its signatures)."""
        if self._order is not None:
            raise RuntimeError("the spool is read-only once read")
        sigs = tuple(result.signatures)
        count = len(result.findings)
        if self._results is not None and len(self._results) >= self.memory_limit:
            self._spill()
        if self._results is not None and self._mem_sigs is not None:
            self._results.append(result)
            self._mem_sigs.append(sigs)
            self._index.append(0, 0, 0, len(sigs), count, group)
        else:
            self._feed(result.path, group, len(sigs), self._write(result, sigs, count, group))
        self.codes.update([f.code for f in result.findings])
        s = self.stats
        s.files += 1
        s.findings += count
        s.messages += len(sigs)
        s.internal_errors += result.internal_errors
        s.failing_files += 1 if result.failing else 0

    def __len__(self) -> int:
        return len(self._index)

    def digest(self) -> str:
        """A hash of every file's name, group and signatures, in the order they were added.

        Equal digests mean equal inputs to the run-level stage (with equal rule sets). The
        signatures are pickled without the memo (:func:`_pickle_values`), so equal signatures
        give equal digests whether they were just computed or read back from the cache.
        """
        self._fold_digest()
        if self._digest is None:  # nothing was added
            self._digest = _sha256(0)
        return self._digest.hexdigest()

    def _sealed(self) -> Sequence[int]:
        """The path order: a ``range`` when the files arrived sorted (discovery's order),
        else the sorted indexes (which hold every path once, while they sort)."""
        if self._order is None:
            self._flush()
            n = len(self)
            order: Sequence[int] = range(n)
            previous = None
            for path in self.paths:
                if previous is not None and previous > path:
                    order = array("l", sorted(range(n), key=self.path))
                    break
                previous = path
            self._order = order
        return self._order

    def _flush(self) -> None:
        if self._dirty and self._data is not None and self._sigs is not None:
            self._data.flush()
            self._sigs.flush()
            self._dirty = False

    # ---- reading --------------------------------------------------------

    def _read(self, stream: IO[bytes] | None, offset: int) -> Any:
        import pickle

        assert stream is not None
        self._flush()
        stream.seek(offset)
        return pickle.load(stream)

    def path(self, index: int) -> str:
        """The shown path of the ``index``-th file added."""
        if self._results is not None:
            if not 0 <= index < len(self._results):
                raise IndexError(index)
            return self._results[index].path
        _, where, size, _, _, _ = self._index.get(index)
        assert self._sigs is not None
        self._flush()
        name = os.pread(self._sigs.fileno(), size, where)
        if len(name) != size:
            raise OSError(f"the spool's path file is short at {where}")
        return name.decode("utf-8", "surrogatepass")

    def result(self, index: int) -> Any:
        """The stored result of the ``index``-th file added."""
        if self._results is not None:
            return self._results[index]
        return self._read(self._data, self._index.get(index)[0])

    def file_signatures(self, index: int, *, ordered: bool = True) -> tuple:
        """The signatures of the ``index``-th file added, in run-level order (``ordered``) or
        in the order the result held them."""
        _, where, size, count, _, _ = self._index.get(index)
        if not count:
            return ()
        if self._mem_sigs is not None:
            sigs = self._mem_sigs[index]
        else:
            sigs = self._read(self._sigs, where + size)
        if ordered and len(sigs) > 1:
            from .project import sort_key

            sigs = tuple(sorted(sigs, key=sort_key))
        return sigs

    def file_signatures_count(self, index: int) -> int:
        return self._index.get(index)[3]

    def finding_count(self, index: int) -> int:
        """Findings of the ``index``-th file as it was added (before the run-level stage)."""
        return self._index.get(index)[4]

    def group(self, index: int) -> int:
        return self._index.get(index)[5]

    def order(self) -> Sequence[int]:
        """Indexes of the files in path order."""
        return self._sealed()

    def signatures(self, keep: Callable[[int], bool] | None = None) -> SpooledSignatures:
        """Every message's signature in run-level order; only files ``keep(index)`` accepts."""
        return SpooledSignatures(self, self._sealed(), keep)

    def files(
        self,
        extra: Mapping[str, Sequence[Any]] | RunFindings | None = None,
        line_texts: Mapping[tuple[str, int], str] | None = None,
    ) -> SpooledFiles:
        """The results in path order, with the run-level findings merged in: ``extra[path]``
        (with the source lines ``line_texts`` they point at), or a :class:`RunFindings`."""
        order = self._sealed()
        if isinstance(extra, RunFindings):
            return SpooledFiles(self, order, extra)
        found = self.run_findings()
        if extra:
            texts = line_texts or {}
            for path, items in extra.items():
                where = self.locate(path)
                if where is None:
                    continue
                for f in items:
                    found.add(where[0], f, texts.get((f.path, f.line)))
        return SpooledFiles(self, order, found)

    def run_findings(self) -> RunFindings:
        """An empty store for this run's run-level findings (temporary files beside the
        spool's, once there are many; closed with the spool)."""
        found = RunFindings(self._directory)
        self._run_findings.append(found)
        return found

    def locate(self, path: str) -> tuple[int, int] | None:
        """(position in path order, spool index) of the file shown as ``path``, else None
        (the files are sorted: a binary search, one path read per step)."""
        paths, order = self.paths, self._sealed()
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            if paths[order[mid]] < path:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(order) and paths[order[lo]] == path:
            return lo, order[lo]
        return None

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._results = self._mem_sigs = None
            for stream in (self._data, self._sigs):
                if stream is not None:
                    stream.close()
            self._index.close()
            for found in self._run_findings:
                found.close()
            self._run_findings.clear()

    def __enter__(self) -> ResultSpool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


#: run-level findings kept in memory before they all move to a temporary file
RUN_FINDINGS_IN_MEMORY = 256
#: a run's record buffer (32 bytes a finding) is sorted and written out at this many bytes
RUN_FINDINGS_CHUNK = 64 * 1024
#: the records are read back in blocks of this many bytes (one block per sorted chunk while
#: they are merged)
RUN_FINDINGS_BLOCK = 4096


class RunFindings:
    """The run-level findings of a run, grouped by file in path order; on disk once many.

    Why: the run-level rules yield findings in their own order (BL201 cluster by cluster,
    the sequence rules folder by folder) while every output is in path order, so they had to
    be held until the report was written: ~1 KB each (a BL201 finding carries its cluster's
    member list), 19,110 of them at 100,000 generated templates. Past
    :data:`RUN_FINDINGS_IN_MEMORY`, each finding is pickled, with the text of the line it
    points at, to an anonymous temporary file as it is added, and a 32-byte record (its
    file's position in path order, its number, where its pickle is) goes to a buffer; a full
    buffer is sorted and written to a second temporary file (a sorted chunk). :meth:`seal`
    merges the chunks (``heapq.merge``, one block of each at a time) into one sorted run,
    which :meth:`groups` reads in order and :meth:`at` searches. Memory: the buffer and a
    block per chunk while merging, whatever the number of findings.

    A file's findings keep the order they were added in (the number breaks ties), as the
    in-memory lists did.
    """

    def __init__(self, directory: str | None = None) -> None:
        import struct

        self._directory = directory
        self._struct = struct.Struct("<qqqq")  # position, number, pickle offset, its length
        #: (position, number, finding, line text) while in memory; None once on disk
        self._held: list[tuple[int, int, Any, str | None]] | None = []
        self._data: Any = None  # the pickles
        self._records: Any = None  # the sorted chunks, then the merged run
        self._buffer = bytearray()  # records not yet sorted and written
        self._chunks: list[tuple[int, int]] = []  # (offset, records) of each sorted chunk
        self._run: tuple[int, int] | None = None  # (offset, records) of the merged run
        self._sealed = False
        self.count = 0
        self.codes: set[str] = set()
        self.internal_errors = 0  # OL004 findings (each counts as a file's internal error)

    # ---- adding ---------------------------------------------------------

    def add(self, position: int, finding: Any, text: str | None) -> None:
        """Add a finding on the file at ``position`` in path order; ``text`` is the source
        line it points at (None when no message of the file starts on that line)."""
        if self._sealed:
            raise RuntimeError("the run-level findings are read-only once read")
        number = self.count
        self.count += 1
        self.codes.add(finding.code)
        if finding.code == "OL004":
            self.internal_errors += 1
        if self._held is not None:
            self._held.append((position, number, finding, text))
            if len(self._held) > RUN_FINDINGS_IN_MEMORY:
                self._spill()
            return
        self._append(position, number, finding, text)

    def _spill(self) -> None:
        """Move the findings held in memory to the temporary files; later ones go there too."""
        import tempfile

        held, self._held = self._held, None
        assert held is not None
        self._data = tempfile.TemporaryFile(prefix="outreach-lint-", dir=self._directory)  # noqa: SIM115
        self._records = tempfile.TemporaryFile(  # noqa: SIM115
            prefix="outreach-lint-", dir=self._directory, buffering=0
        )
        for entry in held:
            self._append(*entry)

    def _append(self, position: int, number: int, finding: Any, text: str | None) -> None:
        import pickle

        blob = pickle.dumps((finding, text), pickle.HIGHEST_PROTOCOL)
        offset = self._data.tell()
        self._data.write(blob)
        self._buffer += self._struct.pack(position, number, offset, len(blob))
        if len(self._buffer) >= RUN_FINDINGS_CHUNK:
            self._write_chunk()

    def _write_chunk(self) -> None:
        """Sort the buffered records and write them as one chunk."""
        if not self._buffer:
            return
        records = sorted(self._struct.iter_unpack(self._buffer))
        self._buffer = bytearray()
        offset = self._records.seek(0, os.SEEK_END)
        self._write(b"".join(self._struct.pack(*r) for r in records))
        self._chunks.append((offset, len(records)))

    def _write(self, data: bytes) -> None:
        while data:  # a raw file may write less than asked
            data = data[self._records.write(data) :]

    # ---- reading ----------------------------------------------------------

    def seal(self) -> None:
        """Done adding: sort what is in memory, or merge the sorted chunks into one run."""
        if self._sealed:
            return
        self._sealed = True
        if self._held is not None:
            self._held.sort(key=lambda entry: entry[:2])
            return
        self._data.flush()
        self._write_chunk()
        if len(self._chunks) == 1:
            self._run = self._chunks[0]
            return
        import heapq

        offset = self._records.seek(0, os.SEEK_END)
        out = bytearray()
        pack = self._struct.pack
        for record in heapq.merge(*(self._chunk(*c) for c in self._chunks)):
            out += pack(*record)
            if len(out) >= RUN_FINDINGS_CHUNK:
                self._write(bytes(out))
                out = bytearray()
        self._write(bytes(out))
        self._run = (offset, self.count)

    def _chunk(self, offset: int, count: int) -> Iterator[tuple[int, int, int, int]]:
        """The records of one sorted chunk (or the run), in order, read a block at a time."""
        size = self._struct.size
        per_block = max(1, RUN_FINDINGS_BLOCK // size)
        fd = self._records.fileno()
        for first in range(0, count, per_block):
            want = min(per_block, count - first) * size
            block = os.pread(fd, want, offset + first * size)
            if len(block) != want:
                raise OSError("the run-level findings' record file is short")
            yield from self._struct.iter_unpack(block)

    def _load(self, offset: int, length: int) -> tuple[Any, str | None]:
        import pickle

        blob = os.pread(self._data.fileno(), length, offset)
        if len(blob) != length:
            raise OSError("the run-level findings' file is short")
        return pickle.loads(blob)

    def groups(self) -> Iterator[tuple[int, list[tuple[Any, str | None]]]]:
        """(position, [(finding, line text), ...]) of every file with run-level findings, in
        path order; each file's findings in the order they were added."""
        self.seal()
        if self._held is not None:
            entries = iter(self._held)
            records: Iterator[tuple[int, Any]] = ((e[0], e) for e in entries)
            load: Callable[[Any], tuple[Any, str | None]] = lambda e: (e[2], e[3])  # noqa: E731
        elif self._run is not None:
            records = ((r[0], r) for r in self._chunk(*self._run))
            load = lambda r: self._load(r[2], r[3])  # noqa: E731
        else:
            return
        current = -1
        items: list[tuple[Any, str | None]] = []
        for position, record in records:
            if position != current:
                if items:
                    yield current, items
                current, items = position, []
            items.append(load(record))
        if items:
            yield current, items

    def at(self, position: int) -> list[tuple[Any, str | None]]:
        """The run-level findings of the file at ``position`` (a binary search)."""
        self.seal()
        held = self._held
        if held is not None:  # sorted by position: (position, -1) sorts before its entries
            lo = bisect.bisect_left(held, (position, -1))
            out = []
            while lo < len(held) and held[lo][0] == position:
                out.append((held[lo][2], held[lo][3]))
                lo += 1
            return out
        if self._run is None:
            return []
        offset, count = self._run
        size = self._struct.size
        fd = self._records.fileno()

        def record(k: int) -> tuple[int, int, int, int]:
            raw = os.pread(fd, size, offset + k * size)
            if len(raw) != size:
                raise OSError("the run-level findings' record file is short")
            return self._struct.unpack(raw)

        lo, hi = 0, count
        while lo < hi:
            mid = (lo + hi) // 2
            if record(mid)[0] < position:
                lo = mid + 1
            else:
                hi = mid
        out = []
        while lo < count:
            r = record(lo)
            if r[0] != position:
                break
            out.append(self._load(r[2], r[3]))
            lo += 1
        return out

    def close(self) -> None:
        self._held = None
        for stream in (self._data, self._records):
            if stream is not None:
                stream.close()
        self._data = self._records = None


#: a :class:`SpooledSignatures` remembers where every this-many-th file's messages start
MARK_EVERY = 64


class SpooledSignatures(Sequence):
    """A read-only sequence of signatures read from a spool on demand (never all at once).

    It holds no per-file list: iterating walks the path order and skips the files without
    messages or that ``keep`` refuses; indexing finds the nearest of the marks kept every
    :data:`MARK_EVERY` files and walks from there.
    """

    def __init__(
        self, spool: ResultSpool, order: Sequence[int], keep: Callable[[int], bool] | None
    ) -> None:
        self._spool = spool
        self._order = order
        self._keep = keep
        self._marks = array("q")  # message number where a marked file's messages start
        self._mark_at = array("q")  # that file's position in ``order``
        total = kept = 0
        for position, i in enumerate(order):
            count = self._count(i)
            if not count:
                continue
            if kept % MARK_EVERY == 0:
                self._marks.append(total)
                self._mark_at.append(position)
            kept += 1
            total += count
        self._len = total
        #: tells sorting code that the items are already in ``project.sort_key`` order
        self.sorted_by_key = True

    def _count(self, i: int) -> int:
        """Messages of file ``i`` in this sequence (0 when ``keep`` refuses it)."""
        count = self._spool.file_signatures_count(i)
        if count and self._keep is not None and not self._keep(i):
            return 0
        return count

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        for i in self._order:
            if self._count(i):
                yield from self._spool.file_signatures(i)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        mark = bisect.bisect_right(self._marks, index) - 1
        start, position = self._marks[mark], self._mark_at[mark]
        while True:
            i = self._order[position]
            count = self._count(i)
            if index < start + count:
                return self._spool.file_signatures(i)[index - start]
            start += count
            position += 1


class SpooledFiles(Sequence):
    """The results of a spool in path order; what ``Report.files`` holds for a large run."""

    #: tells ``Report``, ``scoring.score_results`` and the formatters that the files are
    #: already sorted by path (and that each one is read from disk when iterated)
    sorted_by_path = True

    def __init__(self, spool: ResultSpool, order: Sequence[int], extra: RunFindings) -> None:
        self.spool = spool
        self.order = order
        #: the run-level findings, by position in ``order`` (on disk once there are many)
        self.extra = extra
        extra.seal()
        stats = spool.stats
        self.finding_count = stats.findings + extra.count
        #: the rule code of every finding, without reading the results back
        self.finding_codes = spool.codes | extra.codes
        self.internal_errors = stats.internal_errors + extra.internal_errors
        failing = stats.failing_files > 0
        if not failing:
            for position, entries in extra.groups():
                if _merge(spool.result(order[position]), entries).failing:
                    failing = True
                    break
        self.any_failing = failing

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[Any]:
        spool = self.spool
        for _position, i, entries in self._walk():
            result = spool.result(i)
            yield _merge(result, entries) if entries else result

    def _walk(self) -> Iterator[tuple[int, int, list[tuple[Any, str | None]]]]:
        """(position, spool index, run-level findings) of every file in path order: the
        order and the run-level findings (sorted by position) walked side by side."""
        groups = self.extra.groups()
        upcoming = next(groups, None)
        for position, i in enumerate(self.order):
            entries: list[tuple[Any, str | None]] = []
            if upcoming is not None and upcoming[0] == position:
                entries = upcoming[1]
                upcoming = next(groups, None)
            yield position, i, entries

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._get(p) for p in range(*index.indices(len(self.order)))]
        if index < 0:
            index += len(self.order)
        if not 0 <= index < len(self.order):
            raise IndexError(index)
        return self._get(index)

    def _get(self, position: int) -> Any:
        result = self.spool.result(self.order[position])
        entries = self.extra.at(position)
        return _merge(result, entries) if entries else result

    def with_findings(self) -> Iterator[Any]:
        """Only the results that have findings (after the run-level merge), in path order;
        clean files are not even read."""
        spool = self.spool
        for _position, i, entries in self._walk():
            if entries:
                yield _merge(spool.result(i), entries)
            elif spool.finding_count(i):
                yield spool.result(i)

    def index_of(self, path: str) -> int | None:
        """The spool index of the file shown as ``path`` (files are sorted: a binary search)."""
        where = self.spool.locate(path)
        return None if where is None else where[1]


def _merge(result: Any, entries: Sequence[tuple[Any, str | None]]) -> Any:
    """``result`` with its run-level findings merged in: ``entries`` are (finding, the text of
    the source line it points at, or None), as :class:`RunFindings` keeps them."""
    texts = {(f.path, f.line): text for f, text in entries if text is not None}
    return merged(result, [f for f, _ in entries], texts)


def merged(result: Any, extra: Sequence[Any], line_texts: Mapping[tuple[str, int], str]) -> Any:
    """``result`` with run-level findings ``extra`` merged in (what ``lint_project`` does)."""
    found = sorted([*result.findings, *extra], key=lambda f: f.sort_key)
    lines = dict(result.lines)
    for f in extra:
        text = line_texts.get((f.path, f.line))
        if text is not None:
            lines.setdefault(f.line, text)
    return replace(
        result,
        findings=tuple(found),
        lines=lines,
        internal_errors=result.internal_errors + sum(1 for f in extra if f.code == "OL004"),
    )


class FindingsView:
    """``Report.findings`` of a spooled run: every finding in order, read file by file.

    It iterates like the list it stands for (sorted by path, line, column, ...) and knows its
    length, but holds one file's findings at a time.
    """

    def __init__(self, files: SpooledFiles) -> None:
        self._files = files

    def __len__(self) -> int:
        return self._files.finding_count

    def __bool__(self) -> bool:
        return self._files.finding_count > 0

    def __iter__(self) -> Iterator[Any]:
        for result in self._files.with_findings():
            yield from sorted(result.findings, key=lambda f: f.sort_key)
