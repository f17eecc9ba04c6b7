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
* ``entry-points-<key>``: the installed plugins' entry points (:mod:`plugins`);
* ``registry-<key>``: the rules' metadata, for a warm result-cache hit (:mod:`regsnapshot`);
* the tables (:class:`Table`): ``prefilter-`` (:mod:`prefilter`) and ``expansions-`` for a
  whole process, and ``re-``, ``code-`` and ``regex-`` for one CLI command (:mod:`recache`,
  :mod:`codecache`, :mod:`regexcache`: compiled code of the standard library's ``re``, of
  ``dataclasses`` and of ``regex``).

Entries are plain data (str, int, bool, tuple, list, dict, bytes) in :mod:`marshal` format,
which loads several times faster than JSON. ``marshal`` is the format of Python's own
``__pycache__``; it is only read from this directory, never from the project, and a loaded
value is checked for shape before it is used. Nothing in an entry is executed, except the
code of ``code-`` and ``regex-``, which are read only from a file the user owns and nobody
else can write (:func:`trusted`), the trust Python gives ``__pycache__``. Every file
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
import marshal
import os
import sys
from binascii import crc32
from itertools import chain
from pathlib import Path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, BinaryIO, Callable

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
    """A hex 256-bit BLAKE2b of ``parts`` (NUL-separated): the keys of this cache.

    BLAKE2b, not SHA-256: a run hashes the bytes of every pack it loads (~190 KB for the
    built-in ones) to key them, and without OpenSSL (whose import costs more than that) the
    built-in BLAKE2b is three times cheaper than the built-in SHA-256; both are
    collision-resistant. SHA-256 when ``_blake2`` is missing from the build.
    """
    try:
        from _blake2 import blake2b

        h = blake2b(digest_size=32)
    except ImportError:  # pragma: no cover - a Python built without it
        from .sha import sha256

        h = sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


#: the BLAKE2b of file contents taken in this process, by path, with the bytes it was taken of
_CONTENTS: dict[str, tuple[bytes, bytes]] = {}


def _content_hash() -> Any:
    """BLAKE2b with a 256-bit digest (SHA-256 when ``_blake2`` is missing from the build)."""
    global _content_hasher
    if _content_hasher is None:
        try:
            from _blake2 import blake2b
        except ImportError:  # pragma: no cover - a Python built without it
            from .sha import sha256 as _content_hasher
        else:

            def _content_hasher(data: bytes) -> Any:
                return blake2b(data, digest_size=32)

    return _content_hasher


_content_hasher: Any = None


def content_digest(path: str, data: bytes) -> bytes:
    """A 256-bit BLAKE2b of ``data``, the bytes of the file ``path``.

    A run with the result cache needs it of every pack file twice, for the result cache's
    rule-set key (``cache.ruleset_fingerprint``) and for the pack's own key
    (``packs.load_packs``): ~2.8 M instructions for the built-in packs. The digest is kept
    with the bytes it was taken of (the packs' bytes are kept by ``packs._PACK_CACHE`` too),
    and a later call for the same path whose bytes are equal (compared whole, which costs
    little next to hashing them) takes it instead of hashing again.
    """
    known = _CONTENTS.get(path)
    if known is not None and known[0] == data:
        return known[1]
    value = _content_hash()(data).digest()
    if len(_CONTENTS) >= 64:
        _CONTENTS.clear()
    _CONTENTS[path] = (data, value)
    return value


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


class suppress:
    """``contextlib.suppress``: the block's exceptions of these types end it, quietly.

    Here because importing ``contextlib`` costs a start ~2.4 M instructions (~18 classes,
    ABCs among them), and the start-up modules (this one, the other caches, the engine) used
    it only for this and for their ``with`` blocks (classes of their own now).
    """

    __slots__ = ("_types",)

    def __init__(self, *types: type[BaseException]) -> None:
        self._types = types

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        return exc_type is not None and issubclass(exc_type, self._types)


class atomic_file:
    """A binary file to write that replaces ``path`` only once it is complete (a temporary
    file in the same folder, then ``os.replace``): a reader sees the old file or the new one,
    never half of one. On any error the temporary file is removed and the error raised.
    Shared by every cache that writes (this module's tables, the result cache).

    ``with atomic_file(path) as fh:`` (the ``contextlib.contextmanager`` it was, as a class:
    see :class:`suppress`)."""

    __slots__ = ("_fh", "_path", "_tmp")

    def __init__(self, path: Path) -> None:
        self._path = path

    def __enter__(self) -> BinaryIO:
        fd, self._tmp = _temporary(self._path.parent, ".tmp-")
        try:
            self._fh = os.fdopen(fd, "wb")
        except BaseException:
            self._discard()
            raise
        return self._fh

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            self._fh.close()
            if exc_type is None:
                os.replace(self._tmp, self._path)
                return
        except BaseException:
            self._discard()
            raise
        self._discard()  # the block failed: its exception goes on

    def _discard(self) -> None:
        with suppress(OSError):
            os.unlink(self._tmp)


#: the flags ``tempfile.mkstemp`` opens a new binary file with (created here or an error,
#: never through a link); the file is the user's alone (mode 0o600, as there)
_TEMP_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOINHERIT", 0)
    | getattr(os, "O_BINARY", 0)
)


def _temporary(directory: Path | str, prefix: str) -> tuple[int, str]:
    """``tempfile.mkstemp(prefix=prefix, dir=directory)`` without importing ``tempfile``.

    A result-cache miss writes its entry (and the run-level one) through :func:`atomic_file`,
    and ``tempfile`` brings ``shutil``, ``random``, ``bz2`` and ``lzma``: ~8 M instructions,
    ~2.5% of a pre-commit run. The file is made as ``mkstemp`` makes it (the same flags and
    mode, a random name, another name if that one exists); only the random part of the name is
    spelled differently (16 hexadecimal digits from ``os.urandom``).
    """
    directory = os.path.abspath(directory)
    for _attempt in range(100):
        name = os.path.join(directory, f"{prefix}{os.urandom(8).hex()}")
        try:
            return os.open(name, _TEMP_FLAGS, 0o600), name
        except FileExistsError:
            continue
        except PermissionError:
            # Windows: a directory of that name exists (what mkstemp retries on too)
            if os.name == "nt" and os.path.isdir(directory) and os.access(directory, os.W_OK):
                continue
            raise
    raise FileExistsError(f"no usable temporary name in {directory}")


def _write(name: str, chunks: list[bytes]) -> None:
    """Write ``chunks`` to the file of ``name`` atomically; never fails the run."""
    path = _path(name)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path) as fh:
            for chunk in chunks:
                fh.write(chunk)
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

    def __del__(self, _close: Any = os.close) -> None:
        # os.close bound here: a trie kept in a module (kinds' phrase lists) lives until the
        # interpreter's teardown, which may have cleared this module's globals by then
        try:  # noqa: SIM105 (suppress may be gone too)
            _close(self._fd)
        except Exception:
            pass


def is_ref(value: Any) -> bool:
    """A part reference ``(offset, size, crc)`` (of the right shape; :meth:`Parts.read`
    checks the rest)."""
    return (
        value.__class__ is tuple
        and len(value) == 3
        and all(type(x) is int and x >= 0 for x in value)
    )


def are_refs(values: Any) -> bool:
    """Whether every item of ``values`` is a part reference: ``all(map(is_ref, values))``
    for marshalled data (no subclasses), with the items' types, lengths and numbers
    collected in C. An indexed matcher entry holds ~1,700 references; checking them one
    generator at a time cost a one-file run ~5 M instructions."""
    values = list(values)
    if not values:
        return True
    if set(map(type, values)) != {tuple} or set(map(len, values)) != {3}:
        return False
    numbers = list(chain.from_iterable(values))
    return set(map(type, numbers)) == {int} and min(numbers) >= 0


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
    with suppress(OSError):
        found = sorted(
            (p.stat().st_mtime, p) for p in directory.glob(f"{kind}-*.bin") if p.stem != keep
        )
        for _mtime, path in found[: max(0, len(found) - (keep_at_most - 1))]:
            with suppress(OSError):
                path.unlink()


# --------------------------------------------------------------------------- tables


def stamp(path: str | None) -> str | None:
    """``size:mtime`` of a file, for keys (None when it cannot be read)."""
    try:
        st = os.stat(path or "")
    except (OSError, TypeError, ValueError):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def types_of(values: Any) -> set[type]:
    """The exact types of ``values`` (a set built in C: a table-level shape check)."""
    return set(map(type, values))


def are_pattern_keys(keys: Any) -> bool:
    """``all(map(is_pattern_key, keys))`` for marshalled data, in C; False may be either."""
    keys = list(keys)
    if not keys:
        return True
    if types_of(keys) != {tuple} or set(map(len, keys)) != {2}:
        return False
    sources, flags = zip(*keys)
    return types_of(sources) == {str} and types_of(flags) == {int}


def is_pattern_key(key: Any) -> bool:
    """``(pattern, flags)``: how the ``re-`` and ``regex-`` tables file a pattern."""
    return type(key) is tuple and len(key) == 2 and type(key[0]) is str and type(key[1]) is int


def pack_code(code: list[int]) -> bytes | None:
    """Engine code (a list of 32-bit unsigned ints) as bytes, which ``marshal`` reads back in
    one copy instead of one object per int (a table of ~400 patterns loads several times
    faster); None when it does not round-trip exactly."""
    from array import array

    try:
        packed = array("I", code).tobytes()
    except (OverflowError, TypeError, ValueError):
        return None
    return packed if len(packed) == 4 * len(code) and unpack_code(packed) == code else None


def unpack_code(packed: bytes) -> list[int]:
    """The list of ints :func:`pack_code` packed."""
    return memoryview(packed).cast("I").tolist()


def is_packed_code(value: Any) -> bool:
    return type(value) is bytes and len(value) % 4 == 0


def trusted(path: Any) -> bool:
    """The file is the current user's and nobody else can write it (as for ``__pycache__``)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return (getuid is None or st.st_uid == getuid()) and not st.st_mode & 0o022


class Table:
    """One dict of the compiled cache that a process reads once and writes back if it changed.

    What the start-up caches share (``re-``, ``code-`` and ``regex-`` of a CLI command,
    ``prefilter-`` and ``expansions-`` of a process); each keeps only what is its own:

    * ``key()``: the key of the data (what computes it and its version); None: not cached;
    * ``valid(k, v)``: the shape of one stored item; one bad item makes the whole file a miss;
    * ``trusted``: the values are code (``code-``, ``regex-``), so the file is read only when
      it is the user's own and nobody else can write it, as Python treats ``__pycache__``;
    * ``limit`` items at most; past it ``put`` adds nothing, or with ``clear_when_full``
      starts a new table (for tables that grow with the user's own packs).

    A command uses :meth:`open` (the table, read once per process and file) and :meth:`close`
    (saved if changed); a process-wide table uses :meth:`items` and :meth:`remember` (saved at
    exit if changed). The file is ``<kind>-<first chars of the key>.bin``; at most
    :data:`MAX_ENTRIES` files of a kind are kept.
    """

    def __init__(
        self,
        kind: str,
        key: Callable[[], str | None],
        valid: Callable[[Any, Any], bool],
        *,
        trusted: bool = False,
        limit: int = 4096,
        clear_when_full: bool = False,
        chars: int = 24,
        valid_all: Callable[[dict], bool] | None = None,
    ) -> None:
        self.kind = kind
        self.key = key
        self.valid = valid
        #: a check of the whole table at once (in C, for the exact types of marshalled data)
        #: that answers True only where ``valid`` holds for every item; False decides nothing:
        #: ``valid`` then checks item by item
        self.valid_all = valid_all
        self.trusted = trusted
        self.limit = limit
        self.clear_when_full = clear_when_full
        self.chars = chars
        #: tables already read by this process, per file (in-process callers run many commands)
        self.read_tables: dict[str, dict] = {}
        #: the table in use (None: none), and what :meth:`close` needs to save it
        self.table: dict | None = None
        self.changed = 0
        self._where: tuple[str, str] | None = None
        self._at_exit = False

    def name(self, key: str) -> str:
        return f"{self.kind}-{key[: self.chars]}"

    def read(self, key: str) -> dict:
        """The stored table for ``key`` (empty when missing, stale, damaged, ill-shaped or, for
        a trusted table, writable by others); not remembered."""
        name = self.name(key)
        directory = root()
        if directory is None or (self.trusted and not trusted(directory / f"{name}.bin")):
            return {}
        value = load(name, key)
        if type(value) is not dict:
            return {}
        valid = self.valid
        try:
            ok = (self.valid_all is not None and self.valid_all(value)) or all(
                valid(k, v) for k, v in value.items()
            )
        except Exception:
            ok = False
        return value if ok else {}

    def open(self) -> dict | None:
        """The table of the current key, read once per process and file; None when the
        compiled cache is off or there is no key. Changes count from here."""
        directory = root()
        key = None if directory is None else self.key()
        if key is None:
            self.table, self._where = None, None
            return None
        name = self.name(key)
        where = f"{directory}/{name}"
        table = self.read_tables.get(where)
        if table is None:
            table = self.read_tables[where] = self.read(key)
        self.table, self.changed, self._where = table, 0, (name, key)
        return table

    def put(self, k: Any, v: Any) -> bool:
        """Record an item in the open table; False when it is full."""
        table = self.table
        if table is None:
            return False
        if len(table) >= self.limit:
            if not self.clear_when_full:
                return False
            table.clear()
        table[k] = v
        self.changed += 1
        return True

    def drop(self, k: Any) -> None:
        if self.table is not None and self.table.pop(k, None) is not None:
            self.changed += 1

    def close(self) -> None:
        """Save the open table if it changed (atomic; never fails the run) and close it."""
        table, where, changed = self.table, self._where, self.changed
        self.table, self.changed = None, 0
        if changed and table is not None and where is not None:
            name, key = where
            self._save(name, key, table)
            prune(self.kind, name)

    # ---- a table for the whole process, saved at exit

    def items(self) -> dict:
        """The process-wide table (opened on first use; empty and unsaved when off)."""
        table = self.table
        if table is None:
            table = self.open()
            if table is None:
                table = self.table = {}
        return table

    def remember(self, k: Any, v: Any) -> None:
        """:meth:`put` into the process-wide table; it is saved when the process exits."""
        self.items()
        self.put(k, v)
        if not self._at_exit:
            self._at_exit = True
            atexit.register(self.flush)

    def flush(self) -> None:
        """Save the process-wide table now if it changed (it stays open)."""
        table, where = self.table, self._where
        if self.changed and table is not None and where is not None:
            self.changed = 0
            self._save(where[0], where[1], table)
            prune(self.kind, where[0])

    def _save(self, name: str, key: str, table: dict) -> None:
        save(name, key, table)


class IndexedTable(Table):
    """A :class:`Table` stored as an indexed entry, each item read when it is first asked for.

    For a table of which a run uses few items: a one-file run asks the ``prefilter-`` memo
    (~230 patterns, 120 KB) for 13 of them, and reading, CRC-checking, unmarshalling and
    checking the whole file cost it ~6.7 M instructions. Here the entry's header maps
    ``index_of(key)`` (a number computed from the key alone, the same in every process) to
    the part holding the items with that number, and the table is a :class:`LazyItems`
    that reads a part (``Parts.read``: CRC-checked) the first time a key with its number is
    looked up. A part that is damaged, or holds one item ``valid`` refuses, adds nothing: its
    keys are misses, computed again as in any miss. Saving (when the process changed the
    table) reads every part first, then writes the whole table again.
    """

    def __init__(self, *args: Any, index_of: Callable[[Any], int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.index_of = index_of

    def read(self, key: str) -> dict:
        name = self.name(key)
        directory = root()
        if directory is None or (self.trusted and not trusted(directory / f"{name}.bin")):
            return {}
        got = load_indexed(name, key)
        if got is None:
            return {}
        header, parts = got
        if not (
            type(header) is tuple
            and len(header) == 2
            and type(header[0]) is dict
            and type(header[1]) is dict
            and header[0].keys() == header[1].keys()
            and types_of(header[0]) <= {int}
            and types_of(header[1].values()) <= {int}
            and are_refs(header[0].values())
        ):
            return {}
        return LazyItems(self, header[0], header[1], parts)

    def put(self, k: Any, v: Any) -> bool:
        table = self.table
        if type(table) is LazyItems and table.count() >= self.limit:
            table.load_all()  # the bound counts the items not read yet too
        return super().put(k, v)

    def _save(self, name: str, key: str, table: dict) -> None:
        if type(table) is LazyItems:
            table.load_all()
        groups: dict[int, list[tuple[Any, Any]]] = {}
        index_of = self.index_of
        for k, v in table.items():
            groups.setdefault(index_of(k), []).append((k, v))
        writer = PartWriter()
        refs: dict[int, tuple[int, int, int]] = {}
        try:
            for number, items in groups.items():
                refs[number] = writer.add(marshal.dumps(items))
        except ValueError:
            return
        counts = {number: len(items) for number, items in groups.items()}
        save_indexed(name, key, (refs, counts), writer.parts)


class LazyItems(dict):
    """The items of an :class:`IndexedTable` read so far, and how to read the rest: a key is
    looked up in its part (``in``, ``[]``, ``get``) the first time it is missing. Iterating
    or ``len`` see only the items read (:meth:`load_all` reads every part)."""

    def __init__(
        self, table: IndexedTable, refs: dict[int, Any], counts: dict[int, int], parts: Parts
    ) -> None:
        super().__init__()
        self._table = table
        self._refs = refs  # number -> its part, until read
        self._counts = counts  # number -> items in its part
        self._parts = parts

    def _read(self, number: int) -> None:
        ref = self._refs.pop(number, None)
        if ref is None:
            return
        valid = self._table.valid
        try:
            items = marshal.loads(self._parts.read(ref))
            if type(items) is not list or not all(
                type(item) is tuple and len(item) == 2 and valid(*item) for item in items
            ):
                return
        except (Damaged, EOFError, ValueError, TypeError):
            return
        for k, v in items:
            self.setdefault(k, v)  # an item this process already put stays

    def _find(self, k: Any) -> None:
        if self._refs:
            try:
                number = self._table.index_of(k)
            except Exception:
                return
            self._read(number)

    def __contains__(self, k: object) -> bool:
        if not dict.__contains__(self, k):
            self._find(k)
        return dict.__contains__(self, k)

    def __getitem__(self, k: Any) -> Any:
        if not dict.__contains__(self, k):
            self._find(k)
        return dict.__getitem__(self, k)

    def get(self, k: Any, default: Any = None) -> Any:
        if not dict.__contains__(self, k):
            self._find(k)
        return dict.get(self, k, default)

    def count(self) -> int:
        """The items read and the items of the parts not read yet."""
        return len(self) + sum(self._counts.get(n, 0) for n in self._refs)

    def load_all(self) -> None:
        for number in list(self._refs):
            self._read(number)


# --------------------------------------------------------------------------- expansions


def _expansion_valid(phrase: Any, literals: Any) -> bool:
    return type(phrase) is str and type(literals) is list and all(type(x) is str for x in literals)


#: phrase -> its normalized literals (:func:`phrases.expand`), for the whole process
EXPANSIONS = Table(
    "expansions",
    code_key,
    _expansion_valid,
    limit=MAX_PHRASES,
    clear_when_full=True,
    chars=16,
)


def expansions() -> dict[str, list[str]]:
    """Phrase -> literals known from earlier runs (loaded once per process)."""
    return EXPANSIONS.items()


def remember(phrase: str, literals: list[str]) -> None:
    EXPANSIONS.remember(phrase, literals)
