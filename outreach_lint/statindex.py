"""The result cache's stat index on disk: written sorted, read a block at a time.

The index maps each file's shown name to its stat row (size, mtime, ctime, inode, the
configuration's fingerprint, the entry key; see :meth:`~outreach_lint.cache.ResultCache.note`)
as of the last run. Issue 6 asks for memory that does not grow with the number of files: the
index used to be one JSON object, read whole into a dict by a warm run (~750 bytes a file in
memory, 72 MiB at 100,000 files) and written from every note. Now:

* a run's notes (one line each: the name as a JSON string, a tab, the row) are kept in memory
  up to :data:`NOTES_IN_MEMORY`, then sorted and written to a temporary file as a chunk;
  :class:`Notes` merges the chunks (``heapq.merge``, one block of each) when the index is
  written, so the file comes out sorted by the line's name;
* :class:`IndexFile` reads that file once, keeping the name of every
  :data:`BLOCK_ROWS`-th line and where it starts (1/64 of the names), and answers a lookup by
  a binary search over those names and one read of the block that holds the name, parsed into
  a small dict (the last :data:`BLOCKS_KEPT` kept: lookups come in discovery order, close to
  the file's).

A line is ``json.dumps(name)`` (ASCII: every other character escaped), a tab (which a JSON
string never holds unescaped), and the row (ASCII); lines sort as bytes, names compare as
their JSON strings: the same order on both sides, whatever the characters.

A damaged index can only lose rows (a line of the wrong shape is skipped, an unsorted file is
not used): a lost row means the file is read and hashed, never a wrong answer, as before.
"""

from __future__ import annotations

import bisect
import heapq
import json
import os

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

#: notes kept in memory before they are sorted and written to a temporary file as a chunk
NOTES_IN_MEMORY = 1024
#: bytes read at a time from each chunk while they are merged
NOTES_BLOCK = 4096
#: lines of the index file per block: one name in every this many is kept in memory
BLOCK_ROWS = 64
#: parsed blocks kept (the last read)
BLOCKS_KEPT = 4


def name_of(display: str) -> bytes:
    """The form a name has in a note and in the index file (and sorts by)."""
    return json.dumps(display).encode("ascii")


def note_line(display: str, row: str) -> bytes:
    return name_of(display) + b"\t" + row.encode("ascii", "backslashreplace")


def _name(line: bytes) -> bytes:
    return line.partition(b"\t")[0]


class Notes:
    """A run's notes, to be written sorted by name; in a temporary file once many."""

    def __init__(self) -> None:
        self._held: list[bytes] = []
        self._file: Any = None  # the sorted chunks
        self._chunks: list[tuple[int, int]] = []  # (offset, size) of each
        self.count = 0

    @property
    def held(self) -> list[bytes] | None:
        """The notes, when they are all in memory (None once chunks were written)."""
        return self._held if self._file is None else None

    def add(self, line: bytes) -> None:
        self._held.append(line)
        self.count += 1
        if len(self._held) >= NOTES_IN_MEMORY:
            self._write_chunk()

    def _write_chunk(self) -> None:
        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="outreach-lint-")  # noqa: SIM115
        held, self._held = self._held, []
        held.sort(key=_name)  # stable: a name noted twice keeps its notes' order
        data = b"".join(line + b"\n" for line in held)
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        self._chunks.append((offset, len(data)))

    def _chunk(self, offset: int, size: int) -> Iterator[bytes]:
        """The lines of one chunk, read a block at a time."""
        fh, end, tail = self._file, offset + size, b""
        while offset < end:
            fh.seek(offset)  # chunks are read in turns (and Windows has no os.pread)
            block = fh.read(min(NOTES_BLOCK, end - offset))
            if not block:
                raise OSError("the index notes' file is short")
            offset += len(block)
            lines = (tail + block).split(b"\n")
            tail = lines.pop()
            yield from lines
        if tail:
            yield tail

    def lines(self) -> Iterable[bytes]:
        """Every note (what a worker hands to its parent; the parent sorts them again)."""
        if self._file is None:
            return list(self._held)
        self._file.flush()
        out = [line for c in self._chunks for line in self._chunk(*c)]
        return out + self._held  # only a worker asks: its notes are one chunk of files

    def sorted(self) -> Iterator[bytes]:
        """Every note sorted by name, one per name (the last noted wins)."""
        if self._file is None:
            merged: Iterable[bytes] = sorted(self._held, key=_name)
        else:
            if self._held:
                self._write_chunk()
            self._file.flush()
            merged = heapq.merge(*(self._chunk(*c) for c in self._chunks), key=_name)
        last = None
        for line in merged:
            if last is not None and _name(last) != _name(line):
                yield last
            last = line
        if last is not None:
            yield last

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._held = []


def write(out: Any, head: bytes, notes: Notes) -> None:
    """The index file: ``head`` (a JSON line), then each note, sorted by name."""
    out.write(head + b"\n")
    for line in notes.sorted():
        out.write(line + b"\n")


class IndexFile:
    """The index file of the last run, read a block at a time (never whole)."""

    def __init__(self, fh: Any, names: list[bytes], starts: list[int], rows: int) -> None:
        self._fh = fh
        self._names = names  # the first name of every block, increasing
        self._starts = starts  # where each block starts; the last item is where rows end
        self.rows = rows
        self._blocks: dict[int, dict[bytes, bytes]] = {}

    @classmethod
    def open(cls, path: Any, head: bytes) -> IndexFile | None:
        """The index at ``path`` if its first line is ``head`` (the rule set's), else None.

        One pass over the file: every :data:`BLOCK_ROWS`-th line's name and offset are kept.
        A last line without its newline (a cut) ends the rows; block names that do not
        increase (not an index this module wrote) make the file unused.
        """
        try:
            fh = open(path, "rb")  # noqa: SIM115 (kept open for the lookups; closed by close)
        except OSError:
            return None
        try:
            if fh.readline(4096) != head + b"\n":
                fh.close()
                return None
            names: list[bytes] = []
            starts: list[int] = []
            offset = fh.tell()
            rows = 0
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                if rows % BLOCK_ROWS == 0:
                    name = _name(line)
                    if names and name <= names[-1]:
                        fh.close()
                        return None
                    names.append(name)
                    starts.append(offset)
                offset += len(line)
                rows += 1
            starts.append(offset)
        except OSError:
            fh.close()
            return None
        return cls(fh, names, starts, rows)

    def get(self, display: str) -> str | None:
        """The row noted for ``display``, else None."""
        row = self.row_of(name_of(display))
        return None if row is None else row.decode("ascii", "replace")

    def row_of(self, name: bytes) -> bytes | None:
        """The row of the line whose name is ``name`` (as :func:`name_of` makes it)."""
        k = bisect.bisect_right(self._names, name) - 1
        return self._block(k).get(name) if k >= 0 else None

    def _block(self, k: int) -> dict[bytes, bytes]:
        block = self._blocks.get(k)
        if block is None:
            start, end = self._starts[k], self._starts[k + 1]
            try:
                self._fh.seek(start)  # not os.pread: the index is read on Windows too
                data = self._fh.read(end - start)
            except OSError:
                data = b""
            block = {}
            for line in data.split(b"\n"):
                name, tab, row = line.partition(b"\t")
                if tab:
                    block[name] = row
            if len(self._blocks) >= BLOCKS_KEPT:
                del self._blocks[next(iter(self._blocks))]
            self._blocks[k] = block
        return block

    def close(self) -> None:
        self._fh.close()
        self._blocks.clear()
