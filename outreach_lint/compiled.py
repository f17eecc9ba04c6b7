"""A disk cache of compiled rule data, the ``__pycache__`` of rule packs.

The built-in packs expand to over ten thousand literals; parsing and validating them, expanding
their phrases and building the matcher's trie cost ten times more than linting a file, and a
pre-commit run pays it on every commit. All of it is a pure function of the pack bytes and of
outreach-lint's own code, so it is kept on disk:

* ``pack-<key>``: the validated rules of one pack file (:func:`packs.load_pack`);
* ``matcher-<key>``: the literal table and word trie of one set of pack rules
  (:class:`packs.PackMatcher`), the trie cut per first word so that a run decodes only the
  branches its documents reach;
* ``expansions-<key>``: phrase -> its normalized literals (:func:`phrases.expand`);
* ``formats-<key>``: the table of built-in formats (:mod:`formats.lazy`);
* ``entry-points-<key>``: the installed plugins' entry points (:mod:`plugins`).

Entries are plain data (str, int, bool, tuple, list, dict, bytes) in :mod:`marshal` format,
which loads several times faster than JSON. ``marshal`` is the format of Python's own
``__pycache__``; it is only read from this directory, never from the project, and nothing
in an entry is executed: a loaded value is checked for shape before it is used. Every file
starts with a magic string, the payload's length and its CRC-32, so a truncated or damaged
file is a miss, never an error; the entry also carries its full key. Keys cover the version,
the Python version and the size and mtime of the modules that compute the data, so an upgrade
or an edited checkout never reads stale data, and the key is part of the file name, so two
installations (a pre-commit environment and a project venv) sharing the directory do not
overwrite each other's entries. Writes are atomic (temporary file, then rename). The cache
lives in the user cache directory (``$XDG_CACHE_HOME`` or ``~/.cache``, ``/outreach-lint``),
not in the project: it is shared by every project and is not writable by a pull request.
``OUTREACH_LINT_COMPILED_CACHE`` names another directory, or turns it off with ``0``.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
from binascii import crc32
from pathlib import Path
from typing import Any

ENV = "OUTREACH_LINT_COMPILED_CACHE"
FORMAT = 2
MAGIC = b"OLC2"
#: at most this many phrases in the expansions file (a bound against unbounded house packs)
MAX_PHRASES = 100_000
#: files kept per kind (one per distinct pack, set of packs in use, installation...)
MAX_ENTRIES = 32
#: the modules whose output is cached (packs, phrases, matcher): their size and mtime key it
CODE_MODULES = (
    "__init__.py",
    "_toml.py",
    "compiled.py",
    "document.py",
    "model.py",
    "packs.py",
    "phrases.py",
    "prefilter.py",
    "textnorm.py",
)

_code_key: str | None = None


def root() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    if value == "0":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "outreach-lint" / f"compiled-v{FORMAT}"


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 of ``parts`` (NUL-separated): the keys of this cache."""
    import hashlib

    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def code_key() -> str:
    """The version, the Python version and the size and mtime of :data:`CODE_MODULES`."""
    global _code_key
    if _code_key is None:
        from . import __version__

        here = os.path.dirname(os.path.realpath(__file__))
        parts = [__version__, str(FORMAT), sys.version]
        for name in CODE_MODULES:
            try:
                st = os.stat(os.path.join(here, name))
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{name}:-")
        _code_key = digest(*parts)
    return _code_key


def _path(name: str) -> Path | None:
    directory = root()
    return None if directory is None else directory / f"{name}.bin"


def load(name: str, key: str) -> Any:
    """The value stored under ``name`` for ``key``, or None (missing, stale or damaged)."""
    path = _path(name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if len(data) < 12 or data[:4] != MAGIC:
        return None
    size = int.from_bytes(data[4:8], "little")
    payload = data[12:]
    if len(payload) != size or crc32(payload) != int.from_bytes(data[8:12], "little"):
        return None
    try:
        entry = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != key:
        return None
    return entry[1]


def save(name: str, key: str, value: Any) -> None:
    """Store ``value`` (plain data only) under ``name``; never fails the run."""
    path = _path(name)
    if path is None:
        return
    try:
        payload = marshal.dumps((key, value))
    except ValueError:
        return
    header = MAGIC + len(payload).to_bytes(4, "little") + crc32(payload).to_bytes(4, "little")
    _write(name, [header, payload])


def _write(name: str, chunks: list[bytes]) -> None:
    """Write ``chunks`` to the file of ``name`` atomically; never fails the run."""
    path = _path(name)
    if path is None:
        return
    try:
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, ValueError, OverflowError):
        return  # a cache only: a read-only home directory must not fail a run


# --------------------------------------------------------------------------- indexed entries

#: an entry whose parts are read one at a time: header (key, value), then the parts
MAGIC_INDEXED = b"OLI1"


class Damaged(Exception):
    """A part of an indexed entry is missing or damaged: the data must be built again."""


class Parts:
    """The parts of an indexed entry, each read (``os.pread``) and CRC-checked when asked for.

    A part is named by its reference ``(offset, size, crc)``, which the value of the entry
    (or another part) holds. The file stays open (by descriptor) while the value that uses it
    lives, so a run reads the few parts it needs, not the whole file; a replaced file (an
    atomic rename by another process) does not change what this descriptor reads.
    """

    __slots__ = ("_base", "_fd")

    def __init__(self, fd: int, base: int):
        self._fd = fd
        self._base = base

    def read(self, ref: Any) -> bytes:
        """The part ``ref`` names; :class:`Damaged` when it cannot be read whole and intact."""
        try:
            offset, size, crc = ref
            data = _pread(self._fd, size, self._base + offset)
        except (OSError, TypeError, ValueError, OverflowError) as exc:
            raise Damaged(str(exc)) from None
        if len(data) != size or crc32(data) != crc:
            raise Damaged(f"the part at {offset} is damaged")
        return data

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            os.close(self._fd)


def is_ref(value: Any) -> bool:
    """A part reference ``(offset, size, crc)`` (of the right shape; :meth:`Parts.read`
    checks the rest)."""
    return (
        value.__class__ is tuple
        and len(value) == 3
        and all(type(x) is int and x >= 0 for x in value)
    )


def _pread(fd: int, size: int, offset: int) -> bytes:
    pread = getattr(os, "pread", None)
    if pread is not None:
        return pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, size)


class PartWriter:
    """Collects the parts of an indexed entry; :meth:`add` gives the reference to store."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self._size = 0

    def add(self, data: bytes) -> tuple[int, int, int]:
        ref = (self._size, len(data), crc32(data))
        self.parts.append(data)
        self._size += len(data)
        return ref


def save_indexed(name: str, key: str, value: Any, parts: list[bytes]) -> None:
    """Store ``value`` (plain data holding :class:`PartWriter` references) and the ``parts``
    under ``name``; never fails."""
    try:
        header = marshal.dumps((key, value))
    except ValueError:
        return
    head = MAGIC_INDEXED + len(header).to_bytes(4, "little") + crc32(header).to_bytes(4, "little")
    _write(name, [head, header, *parts])


def load_indexed(name: str, key: str) -> tuple[Any, Parts] | None:
    """``(value, parts)`` stored under ``name`` for ``key``, or None (missing, stale, damaged
    header); a damaged part raises :class:`Damaged` when it is read."""
    path = _path(name)
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    parts = None
    try:
        start = _pread(fd, 12, 0)
        if len(start) != 12 or start[:4] != MAGIC_INDEXED:
            return None
        size = int.from_bytes(start[4:8], "little")
        header = _pread(fd, size, 12)
        if len(header) != size or crc32(header) != int.from_bytes(start[8:12], "little"):
            return None
        entry = marshal.loads(header)
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key):
            return None
        parts = Parts(fd, 12 + size)
        return entry[1], parts
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        if parts is None:
            os.close(fd)


def prune(kind: str, keep: str, *, keep_at_most: int = MAX_ENTRIES) -> None:
    """Keep at most ``keep_at_most`` files ``<kind>-*``, the newest, and always ``keep``."""
    directory = root()
    if directory is None:
        return
    with contextlib.suppress(OSError):
        found = sorted(
            (p.stat().st_mtime, p) for p in directory.glob(f"{kind}-*.bin") if p.stem != keep
        )
        for _mtime, path in found[: max(0, len(found) - (keep_at_most - 1))]:
            with contextlib.suppress(OSError):
                path.unlink()


# --------------------------------------------------------------------------- expansions

_expansions: dict[str, list[str]] | None = None
_dirty = False


def _expansions_name() -> str:
    return f"expansions-{code_key()[:16]}"


def expansions() -> dict[str, list[str]]:
    """Phrase -> literals known from earlier runs (loaded once per process)."""
    global _expansions
    if _expansions is None:
        value = load(_expansions_name(), code_key())
        ok = isinstance(value, dict) and all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()
        )
        _expansions = value if ok else {}
    return _expansions


def remember(phrase: str, literals: list[str]) -> None:
    global _dirty
    known = expansions()
    if len(known) >= MAX_PHRASES:
        known.clear()
    known[phrase] = literals
    if not _dirty:
        _dirty = True
        atexit.register(_flush)


def _flush() -> None:
    global _dirty
    if _dirty and _expansions is not None:
        save(_expansions_name(), code_key(), _expansions)
        prune("expansions", _expansions_name())
    _dirty = False
