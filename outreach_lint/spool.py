"""Results of a large run kept on disk, not in memory: memory that does not grow with files.

``outreach-lint check`` cannot print a file's findings the moment it is linted: the run-level
rules (duplicate clusters, sequences) add findings to files after every file has been seen, and
every output format is sorted by path. Keeping every :class:`~outreach_lint.engine.FileResult`
until then cost ~25 KB per template (findings, snippet lines, the per-message signatures), so
100,000 templates needed gigabytes.

A :class:`ResultSpool` instead pickles each result to an anonymous temporary file as it arrives
(deleted when closed, never visible in the repository) and keeps per file only its shown path,
two file offsets and a few small counters (about 100 bytes). The signatures of each file are
pickled separately, so the run-level stage reads them without the findings.

* :meth:`ResultSpool.signatures` is a lazy, read-only sequence of every message's signature
  in the order of :func:`outreach_lint.project.sort_key` (the order the run-level stage uses).
* :meth:`ResultSpool.files` is a lazy sequence of the results, sorted by path, with the
  run-level findings merged in: what a :class:`~outreach_lint.engine.Report` needs. Iterating it
  twice reads the spool twice; a formatter that only iterates never holds more than one file.

Only the order of iteration is kept in memory, never the results.

A small run (the pre-commit case: one to a few files) does not touch the disk at all: the
results stay in memory until the run holds more than :data:`IN_MEMORY_RESULTS` of them, and
only then move to the temporary files (so ``pickle`` and ``tempfile`` are not even imported
for it). Readers cannot tell the two modes apart.
"""

from __future__ import annotations

import bisect
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


def _protocol() -> int:
    import pickle

    return pickle.HIGHEST_PROTOCOL


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
    import pickle

    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, _protocol())
    pickler.fast = True
    pickler.dump(obj)
    return buf.getvalue()


@dataclass
class SpoolStats:
    """Totals that reports need without a pass over the results."""

    files: int = 0
    findings: int = 0
    messages: int = 0
    internal_errors: int = 0
    failing_files: int = 0


class PathList(Sequence):
    """The shown paths of a run, ~30 bytes each instead of a ``str`` object each (~140).

    A spool keeps every file's path until the end of the run (for the path order and to find a
    file by its path). 100,000 ``str`` objects and the list holding them cost ~15 MB; most
    paths share their folder, so each folder is kept once and each file keeps a folder number
    and its name's bytes in one buffer. Reading a path back joins the two: the same string.
    """

    def __init__(self) -> None:
        self._folders: dict[str, int] = {}
        self._folder_names: list[str] = []
        self._folder_of = array("i")
        self._names = bytearray()
        self._ends = array("q")  # where each name ends in ``_names``

    def append(self, path: str) -> None:
        cut = max(path.rfind("/"), path.rfind("\\")) + 1
        folder = path[:cut]
        number = self._folders.get(folder)
        if number is None:
            number = self._folders[folder] = len(self._folder_names)
            self._folder_names.append(folder)
        self._folder_of.append(number)
        # surrogatepass: a name os.fsdecode could not decode keeps its lone surrogates
        self._names += path[cut:].encode("utf-8", "surrogatepass")
        self._ends.append(len(self._names))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self._ends):
            raise IndexError(index)
        start = self._ends[index - 1] if index else 0
        name = self._names[start : self._ends[index]].decode("utf-8", "surrogatepass")
        return self._folder_names[self._folder_of[index]] + name

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self[i]


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
        self._sigs: IO[bytes] | None = None
        self.paths = PathList()
        self._offsets = array("q")  # where each file's pickled result starts
        self._sig_offsets = array("q")  # where each file's pickled signature tuple starts
        self._sig_counts = array("l")
        self._groups = array("i")  # caller-defined small int per file (the rule set's index)
        self._counts = array("l")  # findings per file, so clean files are skipped unread
        self.codes: set[str] = set()  # the rule codes of every finding added (a few dozen)
        self._order: list[int] | None = None
        self.stats = SpoolStats()
        # what the run-level stage depends on, as it arrived: names, rule-set groups and the
        # signatures' bytes (a result cache keys the run-level findings on it)
        self._digest: Any = None
        self._digested = 0  # files already fed to the digest (in memory, fed when asked)
        self._closed = False

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
        self._results = self._mem_sigs = None
        for result, file_sigs in zip(results, sigs):
            self._write(result, file_sigs)

    def _write(self, result: Any, sigs: tuple) -> bytes:
        """Append one result and its signatures to the files; returns the signatures' pickle."""
        import pickle

        assert self._data is not None and self._sigs is not None
        self._offsets.append(self._data.tell())
        pickle.dump(result, self._data, _protocol())
        self._sig_offsets.append(self._sigs.tell())
        blob = _pickle_values(sigs) if sigs else b""
        self._sigs.write(blob)
        return blob

    def _feed(self, path: str, group: int, count: int, blob: bytes) -> None:
        if self._digest is None:
            self._digest = _sha256(len(self.paths))
        self._digest.update(f"{path}\0{group}\0{count}\0".encode("utf-8", "surrogatepass"))
        if blob:
            self._digest.update(blob)

    def _fold_digest(self) -> None:
        """Feed the digest the files held in memory it has not seen yet, in order (on disk,
        each file is fed as it is written)."""
        if self._mem_sigs is None:
            return
        for i in range(self._digested, len(self.paths)):
            sigs = self._mem_sigs[i]
            blob = _pickle_values(sigs) if sigs else b""
            self._feed(self.paths[i], self._groups[i], len(sigs), blob)
        self._digested = len(self.paths)

    # ---- writing --------------------------------------------------------

    def add(self, result: Any, group: int = 0) -> None:
        """Append one result (and, separately, its signatures)."""
        if self._order is not None:
            raise RuntimeError("the spool is read-only once read")
        sigs = tuple(result.signatures)
        if self._results is not None and len(self._results) >= self.memory_limit:
            self._spill()
        if self._results is not None and self._mem_sigs is not None:
            self._results.append(result)
            self._mem_sigs.append(sigs)
        else:
            self._feed(result.path, group, len(sigs), self._write(result, sigs))
        self._sig_counts.append(len(sigs))
        self._groups.append(group)
        self._counts.append(len(result.findings))
        self.codes.update([f.code for f in result.findings])
        self.paths.append(result.path)
        s = self.stats
        s.files += 1
        s.findings += len(result.findings)
        s.messages += len(sigs)
        s.internal_errors += result.internal_errors
        s.failing_files += 1 if result.failing else 0

    def __len__(self) -> int:
        return len(self.paths)

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

    def _sealed(self) -> list[int]:
        if self._order is None:
            if self._data is not None and self._sigs is not None:
                self._data.flush()
                self._sigs.flush()
            paths = self.paths
            order = list(range(len(paths)))
            if any(paths[i] > paths[i + 1] for i in range(len(paths) - 1)):
                order.sort(key=paths.__getitem__)
            self._order = order
        return self._order

    # ---- reading --------------------------------------------------------

    def _read(self, stream: IO[bytes] | None, offset: int) -> Any:
        import pickle

        assert stream is not None
        stream.seek(offset)
        return pickle.load(stream)

    def result(self, index: int) -> Any:
        """The stored result of the ``index``-th file added."""
        if self._results is not None:
            return self._results[index]
        return self._read(self._data, self._offsets[index])

    def file_signatures(self, index: int, *, ordered: bool = True) -> tuple:
        """The signatures of the ``index``-th file added, in run-level order (``ordered``) or
        in the order the result held them."""
        if not self._sig_counts[index]:
            return ()
        if self._mem_sigs is not None:
            sigs = self._mem_sigs[index]
        else:
            sigs = self._read(self._sigs, self._sig_offsets[index])
        if ordered and len(sigs) > 1:
            from .project import sort_key

            sigs = tuple(sorted(sigs, key=sort_key))
        return sigs

    def file_signatures_count(self, index: int) -> int:
        return self._sig_counts[index]

    def group(self, index: int) -> int:
        return self._groups[index]

    def order(self) -> list[int]:
        """Indexes of the files in path order."""
        return self._sealed()

    def signatures(self, keep: Callable[[int], bool] | None = None) -> SpooledSignatures:
        """Every message's signature in run-level order; only files ``keep(index)`` accepts."""
        files = [i for i in self._sealed() if self._sig_counts[i] and (keep is None or keep(i))]
        return SpooledSignatures(self, files)

    def files(
        self,
        extra: Mapping[str, Sequence[Any]] | None = None,
        line_texts: Mapping[tuple[str, int], str] | None = None,
    ) -> SpooledFiles:
        """The results in path order, with the run-level findings ``extra[path]`` merged in."""
        return SpooledFiles(self, self._sealed(), dict(extra or {}), dict(line_texts or {}))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._results = self._mem_sigs = None
            for stream in (self._data, self._sigs):
                if stream is not None:
                    stream.close()

    def __enter__(self) -> ResultSpool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class SpooledSignatures(Sequence):
    """A read-only sequence of signatures read from a spool on demand (never all at once)."""

    def __init__(self, spool: ResultSpool, files: list[int]) -> None:
        self._spool = spool
        self._files = array("l", files)
        starts = array("l")
        total = 0
        for i in files:
            starts.append(total)
            total += spool._sig_counts[i]
        self._starts = starts
        self._len = total
        #: tells sorting code that the items are already in ``project.sort_key`` order
        self.sorted_by_key = True

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        for i in self._files:
            yield from self._spool.file_signatures(i)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        pos = bisect.bisect_right(self._starts, index) - 1
        return self._spool.file_signatures(self._files[pos])[index - self._starts[pos]]


class SpooledFiles(Sequence):
    """The results of a spool in path order; what ``Report.files`` holds for a large run."""

    #: tells ``Report``, ``scoring.score_results`` and the formatters that the files are
    #: already sorted by path (and that each one is read from disk when iterated)
    sorted_by_path = True

    def __init__(
        self,
        spool: ResultSpool,
        order: list[int],
        extra: dict[str, Sequence[Any]],
        line_texts: dict[tuple[str, int], str],
    ) -> None:
        self.spool = spool
        self.order = order
        self.extra = extra
        self.line_texts = line_texts
        stats = spool.stats
        self.finding_count = stats.findings + sum(len(v) for v in extra.values())
        #: the rule code of every finding, without reading the results back
        self.finding_codes = spool.codes | {f.code for v in extra.values() for f in v}
        ol004 = sum(1 for v in extra.values() for f in v if f.code == "OL004")
        self.internal_errors = stats.internal_errors + ol004
        failing = stats.failing_files > 0
        if not failing:
            for path in extra:
                index = self.index_of(path)
                if index is not None and self._get(index).failing:
                    failing = True
                    break
        self.any_failing = failing

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[Any]:
        for i in self.order:
            yield self._get(i)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._get(i) for i in self.order[index]]
        return self._get(self.order[index])

    def _get(self, i: int) -> Any:
        result = self.spool.result(i)
        extra = self.extra.get(result.path)
        return merged(result, extra, self.line_texts) if extra else result

    def with_findings(self) -> Iterator[Any]:
        """Only the results that have findings (after the run-level merge), in path order;
        clean files are not even read."""
        counts, paths, extra = self.spool._counts, self.spool.paths, self.extra
        for i in self.order:
            if counts[i] or paths[i] in extra:
                result = self._get(i)
                if result.findings:
                    yield result

    def index_of(self, path: str) -> int | None:
        """The spool index of the file shown as ``path`` (files are sorted: a binary search)."""
        paths, order = self.spool.paths, self.order
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            if paths[order[mid]] < path:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(order) and paths[order[lo]] == path:
            return order[lo]
        return None


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
