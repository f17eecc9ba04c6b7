"""The result cache: an unchanged file under an unchanged setup is not linted twice.

An entry is the :class:`~outreach_lint.engine.FileResult` of one file, stored as JSON under a key
that hashes everything the result depends on:

* the file's bytes and the name it is shown under (per-file ignores, formats and every
  finding's ``path`` depend on it);
* the effective configuration of that file (every field of :class:`~outreach_lint.config.Config`,
  plus the bytes of the packs it names);
* the rule set: the tool version, the bytes of the built-in and plugin packs, the name and
  version of every plugin, and the size and mtime of the source files of outreach-lint and of
  each plugin module (so editing a rule in a checkout invalidates the cache without a release).

Safety, because the cache directory may be writable by whoever sends a pull request:

* entries are JSON, decoded into a fixed allow-list of this package's frozen dataclasses and
  enums; nothing is imported, evaluated or unpickled on load;
* an entry that is unreadable, truncated, of another format version, under the wrong key or
  of the wrong shape is a miss (and is removed), never an error;
* writes go to a temporary file in the same directory and are renamed into place, so readers
  (other processes, parallel workers) see a whole entry or none;
* the size is bounded: at most :data:`MAX_ENTRIES` entries, the least recently used pruned at
  most once a day.

A poisoned cache can hide findings (someone who can write the directory can write a "clean"
entry), as with any linter cache; in CI, do not share a cache across trust boundaries, or run
with ``--no-cache``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from pathlib import Path

from .compiled import suppress
from .sha import sha256

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from .config import Config
    from .engine import FileResult, Linter

#: bumped when the entry layout changes; old entries are then simply misses
FORMAT_VERSION = 1
#: the run-level entry's layout (2: streamed, a line per finding; 1 was one JSON document)
PROJECT_FORMAT = 2
DEFAULT_DIRNAME = ".outreach-lint-cache"
CACHE_DIR_ENV = "OUTREACH_LINT_CACHE_DIR"
MAX_ENTRIES = 200_000
PRUNE_TO = 150_000
PRUNE_EVERY = 24 * 3600  # seconds
TOUCH_AFTER = 24 * 3600  # refresh an entry's mtime (its LRU age) at most once a day
#: the stat index's layout (2: a line a file, sorted, read a block at a time, statindex.py;
#: 1 was one JSON object read whole)
INDEX_FORMAT = 2
#: files changed this recently when the index is written are not trusted by it (racy window;
#: larger than the timestamp granularity of common file systems, FAT's 2 s included)
RACY_NS = 3_000_000_000


# --------------------------------------------------------------------------- (de)serialization


class CacheFormatError(ValueError):
    """An entry that does not decode into a known shape: treated as a miss."""


_TYPES: dict[str, type] = {}
_DEFAULTS = [False]


def register_type(cls: type) -> type:
    """Allow a frozen dataclass or Enum to be stored in (and rebuilt from) cache entries.

    Fields added to :class:`FileResult` (e.g. document signatures for cross-file checks) are
    cached as long as their values are JSON-like (str, int, float, bool, None, lists, tuples,
    dicts) or registered types.
    """
    _TYPES[cls.__name__] = cls
    return cls


def _register_defaults() -> None:
    if _DEFAULTS[0]:
        return
    _DEFAULTS[0] = True
    from . import model, signature
    from .engine import FileResult

    for module in (model, signature):
        for name in dir(module):
            obj = getattr(module, name)
            if (
                isinstance(obj, type)
                and obj.__module__ == module.__name__
                and (dataclasses.is_dataclass(obj) or issubclass(obj, Enum))
            ):
                register_type(obj)
    register_type(FileResult)


def encode(value: Any) -> Any:
    """A JSON-ready form of ``value``; raises TypeError for anything not allowed."""
    _register_defaults()
    return _encode(value)


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"{name} is not registered for the cache")
        return {"$e": name, "v": value.value}
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"{name} is not registered for the cache")
        return {
            "$d": name,
            "f": {
                f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
            },
        }
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (frozenset, set)):
        return {"$s": sorted(_encode(v) for v in value)}
    if isinstance(value, Mapping):
        return {"$m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(value: Any) -> Any:
    """Rebuild what :func:`encode` stored; CacheFormatError for any other shape."""
    _register_defaults()
    return _decode(value)


def _decode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise CacheFormatError("unexpected value")
    if "$t" in value:
        return tuple(_decode(v) for v in _list(value["$t"]))
    if "$m" in value:
        out = {}
        for pair in _list(value["$m"]):
            if not isinstance(pair, list) or len(pair) != 2:
                raise CacheFormatError("bad mapping item")
            out[_hashable(_decode(pair[0]))] = _decode(pair[1])
        return out
    if "$s" in value:
        return frozenset(_hashable(_decode(v)) for v in _list(value["$s"]))
    if "$e" in value:
        cls = _TYPES.get(value["$e"]) if isinstance(value["$e"], str) else None
        if cls is None or not issubclass(cls, Enum):
            raise CacheFormatError("unknown enum")
        try:
            return cls(value.get("v"))
        except ValueError:
            raise CacheFormatError("bad enum value") from None
    if "$d" in value:
        cls = _TYPES.get(value["$d"]) if isinstance(value["$d"], str) else None
        fields = value.get("f")
        if cls is None or not dataclasses.is_dataclass(cls) or not isinstance(fields, dict):
            raise CacheFormatError("unknown record")
        known = {f.name for f in dataclasses.fields(cls) if f.init}
        if not set(fields) <= known:
            raise CacheFormatError("unknown field")
        try:
            return cls(**{k: _decode(v) for k, v in fields.items()})
        except (TypeError, ValueError) as exc:
            raise CacheFormatError(str(exc)) from None
    raise CacheFormatError("unexpected object")


def _hook(obj: dict) -> Any:
    """``json.loads`` object hook: :func:`decode` done bottom-up while the JSON is parsed.

    The parser calls it for every JSON object, innermost first, in C: a warm run decodes each
    entry several times faster than by walking the parsed tree in Python. Tagged objects are
    rebuilt with the same checks as :func:`decode`; untagged ones (the ``f`` table of a record,
    the entry itself) are returned as they are and checked by whoever holds them.
    """
    if "$d" in obj:
        cls = _TYPES.get(obj["$d"]) if isinstance(obj["$d"], str) else None
        fields = obj.get("f")
        if (
            len(obj) != 2
            or cls is None
            or not dataclasses.is_dataclass(cls)
            or not isinstance(fields, dict)
        ):
            raise CacheFormatError("unknown record")
        known = _init_fields(cls)
        if not fields.keys() <= known:
            raise CacheFormatError("unknown field")
        try:
            return cls(**fields)
        except (TypeError, ValueError) as exc:
            raise CacheFormatError(str(exc)) from None
    if "$t" in obj:
        if len(obj) != 1:
            raise CacheFormatError("unexpected object")
        return tuple(_list(obj["$t"]))
    if "$m" in obj:
        if len(obj) != 1:
            raise CacheFormatError("unexpected object")
        out = {}
        for pair in _list(obj["$m"]):
            if not isinstance(pair, list) or len(pair) != 2:
                raise CacheFormatError("bad mapping item")
            out[_hashable(pair[0])] = pair[1]
        return out
    if "$s" in obj:
        if len(obj) != 1:
            raise CacheFormatError("unexpected object")
        return frozenset(_hashable(v) for v in _list(obj["$s"]))
    if "$e" in obj:
        cls = _TYPES.get(obj["$e"]) if isinstance(obj["$e"], str) else None
        if len(obj) > 2 or cls is None or not issubclass(cls, Enum):
            raise CacheFormatError("unknown enum")
        try:
            return cls(obj.get("v"))
        except ValueError:
            raise CacheFormatError("bad enum value") from None
    return obj


_FIELDS: dict[type, frozenset] = {}


def _init_fields(cls: type) -> frozenset:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = frozenset(f.name for f in dataclasses.fields(cls) if f.init)
    return known


def loads_entry(raw: bytes) -> Any:
    """Parse a cache entry, rebuilding registered types as it goes (see :func:`_hook`)."""
    _register_defaults()
    return json.loads(raw, object_hook=_hook)


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise CacheFormatError("expected a list")
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        raise CacheFormatError("unhashable key")
    return value


def _project_line(value: Any) -> tuple[int, Any, str | None]:
    """``(position, finding, line text)`` of one line of a run-level entry; CacheFormatError
    for any other shape."""
    from .model import Finding

    if not isinstance(value, list) or len(value) != 3:
        raise CacheFormatError("not a run-level finding")
    position, finding, text = value
    if type(position) is not int or position < 0 or not isinstance(finding, Finding):
        raise CacheFormatError("not a run-level finding")
    if text is not None and not isinstance(text, str):
        raise CacheFormatError("not a line text")
    return position, finding, text


# --------------------------------------------------------------------------- fingerprints


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(v)) for v in value)
    if isinstance(value, Mapping):
        return sorted([repr(k), _canonical(v)] for k, v in value.items())
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value) if not isinstance(value, os.PathLike) else os.fspath(value)


def _file_digest(
    h: Any, path: str | os.PathLike[str], seen: dict[str, bytes] | None = None
) -> None:
    """Add ``path`` and a digest of its bytes to ``h``; ``seen`` holds the digests already
    taken in this key, by path (the built-in packs are named twice: once as built-in, once
    through the built-in plugin's ``outreach_lint_rule_packs`` hook)."""
    name = os.fspath(path)
    h.update(name.encode("utf-8", "surrogateescape") + b"\0")
    content = seen.get(name) if seen is not None else None
    if content is None:
        content = _content_digest(name)
        if seen is not None:
            seen[name] = content
    h.update(content)


def _content_digest(path: str) -> bytes:
    """A 256-bit BLAKE2b of the file's bytes (``<unreadable>`` when it cannot be read).

    BLAKE2b, as the compiled cache's keys (:func:`compiled.digest`): the built-in SHA-256
    (``_sha256``; OpenSSL's costs its import) spent ~48 instructions a byte, ~27 M of every
    cached one-file run over the ~280 KB of built-in packs (read twice); BLAKE2b ~10."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return b"<unreadable>"
    from . import compiled

    return compiled.content_digest(path, data)  # kept: loading the pack takes it again


def _stat_digest(h: Any, path: str) -> None:
    try:
        st = os.stat(path)
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    except OSError:
        h.update(f"{path}\0-\0".encode("utf-8", "surrogateescape"))


def _source_files(directory: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        out.extend(
            os.path.join(dirpath, n) for n in sorted(filenames) if n.endswith((".py", ".toml"))
        )
    return out


def ruleset_fingerprint(linter: Linter) -> str:
    """What every result of this run depends on besides the file and its config."""
    from . import __version__
    from .packs import builtin_pack_paths

    h = sha256(f"outreach-lint {__version__} cache {FORMAT_VERSION}\0".encode())
    package = Path(__file__).resolve().parent
    for path in _source_files(package):
        _stat_digest(h, path)
    seen: dict[str, bytes] = {}
    for path in builtin_pack_paths():
        _file_digest(h, path, seen)
    for name, version in sorted(linter.plugins.external):
        h.update(f"plugin {name} {version}\0".encode())
    for name, plugin in sorted(
        linter.plugins.manager.list_name_plugin(), key=lambda item: str(item[0])
    ):
        module = (
            plugin
            if isinstance(plugin, types.ModuleType)
            else sys.modules.get(type(plugin).__module__)
        )
        module_file = getattr(module, "__file__", None)
        h.update(f"registered {name}\0".encode())
        if module_file and not str(module_file).startswith(str(package)):
            _stat_digest(h, str(module_file))
    for _plugin, paths in linter.plugins.collect("outreach_lint_rule_packs"):
        for path in paths:
            _file_digest(h, path, seen)
    return h.hexdigest()


def config_fingerprint(config: Config) -> str:
    h = sha256(json.dumps(_canonical(config), sort_keys=True).encode())
    for path in config.packs:
        _file_digest(h, path)
    return h.hexdigest()


# --------------------------------------------------------------------------- the store


def default_cache_dir(start: Path | None = None) -> Path:
    """``$OUTREACH_LINT_CACHE_DIR``, else ``.outreach-lint-cache`` at the repository root."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env)
    from .config import repository_root

    return repository_root(start or Path.cwd()) / DEFAULT_DIRNAME


class ResultCache:
    """Content-addressed FileResults on disk. Every failure is a miss, never an error."""

    def __init__(self, directory: Path, ruleset_key: str):
        self.directory = Path(directory)
        self.ruleset_key = ruleset_key
        self._config_keys: dict[int, tuple[Config, str]] = {}
        self._ready = False
        self.hits = 0
        self.misses = 0
        self.writes = 0
        self.index_hits = 0
        #: read the stat index (off in worker processes: each would hold a copy)
        self.use_index = True
        self._index: Any = None  # statindex.IndexFile, once read (False: none to read)
        self._notes: Any = None  # statindex.Notes, from the first note
        self._started = time.time_ns()
        _register_defaults()

    @classmethod
    def for_linter(cls, linter: Linter, directory: Path | None = None) -> ResultCache:
        key = ruleset_fingerprint(linter)
        linter.snapshot_key = key  # a warm hit can then skip building the registry
        return cls(directory or default_cache_dir(), key)

    def key(self, config: Config, display: str, data: bytes) -> str:
        cached = self._config_keys.get(id(config))
        if cached is None or cached[0] is not config:
            cached = (config, config_fingerprint(config))
            self._config_keys[id(config)] = cached
        h = sha256()
        h.update(self.ruleset_key.encode())
        h.update(cached[1].encode())
        h.update(display.encode("utf-8", "surrogateescape") + b"\0")
        h.update(sha256(data).digest())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"v{FORMAT_VERSION}" / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether an entry exists for ``key`` (it may still turn out corrupt on reading)."""
        return self._path(key).is_file()

    def get(self, key: str) -> FileResult | None:
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
                mtime = os.fstat(fh.fileno()).st_mtime
        except OSError:
            self.misses += 1
            return None
        from .engine import FileResult

        try:
            entry = loads_entry(raw)
            if not isinstance(entry, dict) or entry.get("key") != key:
                raise CacheFormatError("wrong key")
            result = entry.get("result")
            if not isinstance(result, FileResult):
                raise CacheFormatError("not a result")
        except (ValueError, RecursionError):  # JSONDecodeError and CacheFormatError included
            self.misses += 1
            with suppress(OSError):
                path.unlink()
            return None
        if time.time() - mtime > TOUCH_AFTER:
            with suppress(OSError):
                os.utime(path)
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> bool:
        """Store ``result`` under ``key``; False when it could not be stored."""
        try:
            payload = json.dumps(
                {"key": key, "result": encode(result)}, ensure_ascii=False, separators=(",", ":")
            ).encode("utf-8")
        except (TypeError, ValueError):
            return False  # holds something that cannot be cached: lint it again next time
        path = self._path(key)
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            self._write(path, payload)
            self.writes += 1
        except OSError:
            return False  # read-only or full disk: the cache is an optimisation only
        return True

    # ---- the stat index ---------------------------------------------------------
    #
    # One file, ``index-v2.jsonl``, maps each file's shown name to its size, mtime, ctime and
    # inode, the fingerprint of its configuration and its entry key, as of the last run. A
    # file whose four stat values and configuration are unchanged is served by that key
    # without being read or hashed. ctime cannot be set by a program (``touch -d`` and
    # ``os.utime`` update it), so an edit that keeps size and mtime still changes it. What
    # the index cannot see is an edit within the timestamp granularity of the moment the file
    # was recorded (git's "racy" case): so files changed less than RACY_NS before the index
    # is written are left out of it and are hashed next time. The file is sorted and read a
    # block at a time, and the notes go to a temporary file once many (statindex.py), so
    # neither a warm run nor a cold one holds every file's row.

    def _index_path(self) -> Path:
        return self.directory / f"index-v{INDEX_FORMAT}.jsonl"

    def _index_head(self) -> bytes:
        return json.dumps({"ruleset": self.ruleset_key}).encode()

    def _load_index(self) -> Any:
        """The last run's index (a :class:`~outreach_lint.statindex.IndexFile`), else None."""
        if self._index is None:
            self._index = False
            if self.use_index:
                from .statindex import IndexFile

                self._index = IndexFile.open(self._index_path(), self._index_head()) or False
        return self._index or None

    def _config_fp(self, config: Config) -> str:
        return self.key(config, "", b"")[:32]

    @staticmethod
    def _row(st: os.stat_result, config_fp: str, key: str) -> str:
        return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {config_fp} {key}"

    def index_key(self, display: str, st: os.stat_result, config: Config) -> str | None:
        """The entry key recorded for this file if its stat and configuration are unchanged."""
        index = self._load_index()
        row = index.get(display) if index is not None else None
        if row is None:
            return None
        head, _, key = row.rpartition(" ")
        if head == self._row(st, self._config_fp(config), "")[:-1] and len(key) == 64:
            self.index_hits += 1
            return key
        return None

    def note(self, display: str, st: os.stat_result, config: Config, key: str) -> None:
        """Record that ``display`` with this stat holds the result stored under ``key``
        (in memory for a small run; sorted chunks in a temporary file past
        ``statindex.NOTES_IN_MEMORY``, until :meth:`save_index`: 100,000 notes would cost
        ~20 MB here)."""
        if max(st.st_mtime_ns, st.st_ctime_ns) >= self._started - RACY_NS:
            return  # changed just before (or during) this run: not trusted next time
        from .statindex import note_line

        self._add_note(note_line(display, self._row(st, self._config_fp(config), key)))

    def _add_note(self, line: bytes) -> None:
        if self._notes is None:
            from .statindex import Notes

            self._notes = Notes()
        self._notes.add(line)

    def take_notes(self) -> list[bytes]:
        """This process's notes (a worker hands them to the parent with its results)."""
        notes, self._notes = self._notes, None
        if notes is None:
            return []
        try:
            return list(notes.lines())
        finally:
            notes.close()

    def add_notes(self, lines: Any) -> None:
        for line in lines or ():
            self._add_note(line)

    def save_index(self) -> None:
        """Write this run's notes as the index the next run reads (sorted by name, merged
        from the notes' chunks); an index that would come out unchanged (an unchanged file
        linted again) is not written."""
        notes, self._notes = self._notes, None
        index = self._index or None
        try:
            if notes is None:
                return
            held = notes.held
            if held is not None and self._unchanged(held):
                return
            if index is not None:
                index.close()  # before it is replaced (Windows cannot replace an open file)
                index = self._index = None
            from .compiled import atomic_file
            from .statindex import write

            self._prepare()
            with atomic_file(self._index_path()) as out:
                write(out, self._index_head(), notes)
            with suppress(OSError):  # format 1's index (one JSON object)
                (self.directory / "index-v1.json").unlink()
        except (OSError, ValueError):
            pass  # the index is an optimisation only
        finally:
            if notes is not None:
                notes.close()
            if index is not None:
                index.close()
                self._index = None

    def _unchanged(self, notes: list[bytes]) -> bool:
        """Whether ``notes`` are exactly the index this run read (same rule set, same files,
        same rows): writing it again would change nothing."""
        index = self._index
        if not index or not self.use_index or index.rows != len(notes):
            return False
        names = set()
        for line in notes:
            name, _, row = line.partition(b"\t")
            if name in names or index.row_of(name) != row:
                return False
            names.add(name)
        return True

    # ---- the run-level stage -------------------------------------------------

    def project_key(self, digest: str, configs: Sequence[Config]) -> str:
        """Key of a run's run-level findings: the rule set, every rule set's configuration
        and the spool digest (names, groups, signatures of every file, in order)."""
        h = sha256(f"project\0{self.ruleset_key}\0{digest}\0".encode())
        for config in configs:
            h.update(self.key(config, "", b"").encode())
        return h.hexdigest()

    def _project_path(self) -> Path:
        return self.directory / f"project-v{PROJECT_FORMAT}.jsonl"

    def get_project(self, key: str, found: Any, path_at: Callable[[int], str | None]) -> bool:
        """Add the run-level findings stored for ``key`` to ``found`` (a
        :class:`~outreach_lint.spool.RunFindings`), a line at a time; True when the whole entry
        was read. One entry (the last run's): a library linted again unchanged reuses it.

        False (a miss: ``found`` then holds part of the entry and must be dropped) when the
        entry is missing, under another key, truncated (no end line, or an end line with
        another count) or holds a line of the wrong shape: a finding on a position
        ``path_at`` does not know or does not name as the finding's path.
        """
        try:
            with open(self._project_path(), "rb") as fh:
                head = json.loads(fh.readline(4096))  # the key line is ~80 bytes
                if not isinstance(head, dict) or head.get("key") != key:
                    return False
                for count, raw in enumerate(fh):
                    if not raw.endswith(b"\n"):
                        return False  # cut short inside its last line
                    line = loads_entry(raw)
                    if isinstance(line, dict):  # the end line: nothing may follow it
                        return line == {"end": count} and not fh.read(1)
                    position, finding, text = _project_line(line)
                    if path_at(position) != finding.path:
                        return False
                    found.add(position, finding, text)
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            return False
        return False  # no end line: truncated

    def put_project(self, key: str, found: Any) -> None:
        """Store the run-level findings ``found`` (a sealed
        :class:`~outreach_lint.spool.RunFindings`) for ``key``, streamed from it: a line
        ``[position in path order, finding, text of its line]`` each, between a key line and
        an end line with their count (so a truncated entry is told from a whole one). Nothing
        is stored when a finding cannot be encoded or the disk refuses."""
        from .compiled import atomic_file

        def line(value: Any) -> bytes:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            return text.encode("utf-8", "surrogatepass") + b"\n"

        with suppress(OSError, TypeError, ValueError):
            self._prepare()
            with atomic_file(self._project_path()) as out:
                out.write(line({"key": key}))
                count = 0
                for position, entries in found.groups():
                    for finding, text in entries:
                        out.write(line([position, encode(finding), text]))
                        count += 1
                out.write(line({"end": count}))
            with suppress(OSError):  # format 1's entry (one JSON document)
                (self.directory / f"project-v{FORMAT_VERSION}.json").unlink()

    def _write(self, path: Path, payload: bytes) -> None:
        """Atomic: a reader sees the old entry or the new one, never half of one."""
        from .compiled import atomic_file

        with atomic_file(path) as fh:
            fh.write(payload)

    def _prepare(self) -> None:
        if self._ready:
            return
        self._ready = True
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            with suppress(OSError):
                ignore.write_text("# created by outreach-lint\n*\n", encoding="utf-8")
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            with suppress(OSError):
                tag.write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by outreach-lint.\n",
                    encoding="utf-8",
                )

    def maybe_prune(self, *, force: bool = False) -> int:
        """Keep the cache bounded; runs at most once a day (or when ``force``)."""
        root = self.directory / f"v{FORMAT_VERSION}"
        stamp = self.directory / "last-prune"
        try:
            if not force and time.time() - stamp.stat().st_mtime < PRUNE_EVERY:
                return 0
        except OSError:
            if not root.is_dir():
                return 0
        removed = prune(root, MAX_ENTRIES, PRUNE_TO)
        with suppress(OSError):
            stamp.touch()
        return removed


def prune(root: Path, max_entries: int, keep: int) -> int:
    """When ``root`` holds more than ``max_entries`` entries, delete the oldest beyond ``keep``.

    A first pass only counts the entries (the usual answer: nothing to prune, and nothing
    held: listing every entry with its mtime cost ~250 bytes an entry, 25 MB on the first run
    of the day over 100,000 cached files). Pruning keeps each entry's mtime (8 bytes, and the
    entries are bounded by ``max_entries``) to find the cut-off: entries older than it go,
    then those at it in path order, as if every (mtime, path) had been sorted.
    """
    from array import array

    total = sum(1 for _ in _entries(root, stat=False))
    if total <= max_entries:
        return 0
    mtimes = array("d", (mtime for mtime, _ in _entries(root)))
    drop = len(mtimes) - keep
    if drop <= 0:
        return 0
    cutoff = sorted(mtimes)[drop - 1]
    del mtimes
    removed = 0
    tied: list[str] = []
    for mtime, path in _entries(root):
        if mtime < cutoff:
            removed += _unlink(path)
        elif mtime == cutoff:
            tied.append(path)
    for path in sorted(tied)[: max(0, drop - removed)]:
        removed += _unlink(path)
    return removed


def _entries(root: Path, *, stat: bool = True) -> Iterator[tuple[float, str]]:
    """(mtime, path) of every entry under ``root`` (mtime 0.0 when ``stat`` is False)."""
    try:
        shards = list(os.scandir(root))
    except OSError:
        return
    for shard in shards:
        if not shard.is_dir(follow_symlinks=False):
            continue
        try:
            for entry in os.scandir(shard.path):
                if not stat:
                    yield 0.0, entry.path
                    continue
                with suppress(OSError):
                    yield entry.stat(follow_symlinks=False).st_mtime, entry.path
        except OSError:
            continue


def _unlink(path: str) -> int:
    try:
        os.unlink(path)
    except OSError:
        return 0
    return 1
