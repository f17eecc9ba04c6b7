"""A disk cache of compiled phrase data, the ``__pycache__`` of rule packs.

The built-in packs expand to over ten thousand literals; expanding them and building the
matcher's trie costs more than linting a file, and a pre-commit run pays it on every commit.
Both are pure functions of the phrases and of outreach-lint's own code, so they are kept on disk:

* ``expansions``: phrase -> its normalized literals (what :func:`phrases.expand` returns);
* ``trie-<key>``: the word trie of one set of literals (:class:`packs.PackMatcher`).

Entries are JSON (nothing is executed on load), checked for shape, and keyed by the version and
the size and mtime of the modules that compute them, so an upgrade or an edited checkout never
reads stale data; unreadable entries are ignored and rewritten. Writes are atomic (temporary
file, then rename). The cache lives in the user cache directory (``$XDG_CACHE_HOME`` or
``~/.cache``, ``/outreach-lint``), not in the project: it is shared by every project and is not
writable by a pull request. ``OUTREACH_LINT_COMPILED_CACHE`` names another directory, or turns
it off with ``0``.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ENV = "OUTREACH_LINT_COMPILED_CACHE"
FORMAT = 1
#: at most this many phrases in the expansions file (a bound against unbounded house packs)
MAX_PHRASES = 100_000
#: trie files kept (one per distinct set of packs in use)
MAX_TRIES = 8

_code_key: str | None = None


def root() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    if value == "0":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "outreach-lint" / f"compiled-v{FORMAT}"


def code_key() -> str:
    """The version plus the size and mtime of the modules whose output is cached."""
    global _code_key
    if _code_key is None:
        from . import __version__

        here = Path(__file__).resolve().parent
        h = hashlib.sha256(f"{__version__}\0{FORMAT}\0".encode())
        for name in ("phrases.py", "textnorm.py", "packs.py", "compiled.py"):
            try:
                st = os.stat(here / name)
                h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
            except OSError:
                h.update(f"{name}\0-\0".encode())
        _code_key = h.hexdigest()
    return _code_key


def load(name: str, key: str) -> Any:
    """The value stored under ``name`` for ``key``, or None (missing, stale or unreadable)."""
    directory = root()
    if directory is None:
        return None
    try:
        with open(directory / f"{name}.json", "rb") as fh:
            entry = json.loads(fh.read())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry.get("value")


def save(name: str, key: str, value: Any) -> None:
    directory = root()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"key": key, "value": value}, ensure_ascii=False, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.replace(tmp, directory / f"{name}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, TypeError, ValueError):
        return  # a cache only: a read-only home directory must not fail a run


def prune_tries(keep: str) -> None:
    directory = root()
    if directory is None:
        return
    with contextlib.suppress(OSError):
        tries = sorted(
            (p.stat().st_mtime, p) for p in directory.glob("trie-*.json") if p.stem != keep
        )
        for _mtime, path in tries[: max(0, len(tries) - (MAX_TRIES - 1))]:
            with contextlib.suppress(OSError):
                path.unlink()


# --------------------------------------------------------------------------- expansions

_expansions: dict[str, list[str]] | None = None
_dirty = False


def expansions() -> dict[str, list[str]]:
    """Phrase -> literals known from earlier runs (loaded once per process)."""
    global _expansions
    if _expansions is None:
        value = load("expansions", code_key())
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
        save("expansions", code_key(), _expansions)
    _dirty = False
