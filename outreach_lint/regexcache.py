"""A disk cache of compiled ``regex`` code: pack patterns without their compile cost.

The ``regex`` module compiles a pattern in Python (parse, optimise, generate code) and only
then hands the code to its C engine, ``_regex.compile``. For the dozen pack patterns a
one-file run reaches (long alternations of phrasings), that took ~17 ms of a ~120 ms run,
twenty times their matching. A CLI run keeps, per pattern, the exact arguments ``regex``
passed to ``_regex.compile`` in the compiled cache (:mod:`outreach_lint.compiled`, entry
``regex-<key>``) and calls ``_regex.compile`` with them the next time.

How it stays exact:

* Nothing of ``regex``'s compiler is reproduced here. On a miss the pattern is compiled by
  ``regex.compile`` itself, and the arguments are recorded by a stand-in for the ``_regex``
  module inside ``regex._main`` that passes every call through; a call that is not exactly
  one ``_regex.compile`` (a pattern ``regex`` had already cached, an error) is not recorded.
* The key covers the ``regex`` version, the size and mtime of its compiler and of its C
  engine, ``regex.DEFAULT_VERSION``, the preferred encoding (``regex`` keys its own cache by
  it) and this module; patterns with ``LOCALE`` or ``DEBUG`` are never cached.
* Only :func:`compile_pattern` (pack patterns) uses it, and only inside :func:`active` (a CLI
  command); anywhere else it is ``regex.compile``. The file is read only when it is owned by
  the current user and writable by no one else (``_regex`` trusts the code it is given, as
  Python trusts ``__pycache__``), and its CRC must match; anything else is a miss.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

#: at most this many patterns are kept (house packs could hold many)
MAX_PATTERNS = 4096

#: the table of the active block; _PENDING until its first pattern; None outside a block
_table: Any = None
_PENDING = object()
_new = 0
#: tables already read by this process, per cache file (in-process callers run many commands)
_read: dict[str, dict[tuple[str, int], tuple]] = {}
_LOCALE = 0x4
_DEBUG = 0x80


class _Recorder:
    """Stands in for ``_regex`` inside ``regex._main``: records the ``compile`` calls."""

    def __init__(self, real: Any, calls: list[tuple]):
        self._real = real
        self._calls = calls

    def compile(self, *args: Any) -> Any:
        self._calls.append(args)
        return self._real.compile(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def compile_pattern(pattern: str, flags: int) -> Any:
    """``regex.compile(pattern, flags)``, from the cache inside :func:`active`."""
    global _new
    import regex

    table = _table
    if table is _PENDING:
        table = _activate()
    if table is None or type(pattern) is not str or not isinstance(flags, int):
        return regex.compile(pattern, flags)
    if flags & (_LOCALE | _DEBUG):
        return regex.compile(pattern, flags)
    key = (pattern, int(flags))  # RegexFlag or int: the same flags
    hit = table.get(key)
    main = sys.modules.get("regex._main") or sys.modules.get("regex.regex")
    engine = getattr(main, "_regex", None)
    if hit is not None and engine is not None:
        try:
            return engine.compile(*hit)
        except Exception:  # not what this _regex takes: compile as usual
            del table[key]
            _new += 1
    if engine is None or len(table) >= MAX_PATTERNS:
        return regex.compile(pattern, flags)
    calls: list[tuple] = []
    main._regex = _Recorder(engine, calls)  # type: ignore[union-attr]
    try:
        compiled = regex.compile(pattern, flags)
    finally:
        main._regex = engine  # type: ignore[union-attr]
    if len(calls) == 1:
        import marshal

        args = _plain(calls[0])
        try:
            marshal.dumps(args)
        except ValueError:
            return compiled
        table[key] = args
        _new += 1
    return compiled


def _plain(value: Any) -> Any:
    """``value`` with int subclasses (``RegexFlag``) as plain ints, which marshal stores;
    ``_regex`` reads them as C integers either way."""
    cls = value.__class__
    if cls is bool or cls is int or cls is str or cls is bytes or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if cls is tuple:
        return tuple(_plain(v) for v in value)
    if cls is list:
        return [_plain(v) for v in value]
    if cls is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if cls is frozenset:
        return frozenset(_plain(v) for v in value)
    return value  # anything else: marshal refuses it, and the pattern is not cached


def _key() -> str | None:
    import regex

    from . import __version__, compiled

    main = sys.modules.get("regex._main") or sys.modules.get("regex.regex")
    engine = getattr(main, "_regex", None)
    if main is None or engine is None:
        return None
    parts = [__version__, sys.version, str(getattr(regex, "__version__", ""))]
    parts.append(str(getattr(regex, "DEFAULT_VERSION", "")))
    try:
        parts.append(str(main._getpreferredencoding(False)))  # type: ignore[attr-defined]
    except Exception:
        return None
    for module in (main, engine, sys.modules[__name__]):
        try:
            st = os.stat(module.__file__ or "")
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except (OSError, TypeError, AttributeError):
            return None
    return compiled.digest(*parts)


def _name(key: str) -> str:
    return f"regex-{key[:24]}"


def _valid(item: Any) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], tuple)
        and len(item[0]) == 2
        and type(item[0][0]) is str
        and type(item[0][1]) is int
        and isinstance(item[1], tuple)
        and len(item[1]) >= 3
        and item[1][0] == item[0][0]  # the pattern itself comes first
        and type(item[1][1]) is int
        and isinstance(item[1][2], list)
        and all(type(x) is int for x in item[1][2])
    )


def _load(key: str) -> dict[tuple[str, int], tuple]:
    from . import compiled
    from .codecache import _trusted

    directory = compiled.root()
    if directory is None or not _trusted(directory / f"{_name(key)}.bin"):
        return {}
    value = compiled.load(_name(key), key)
    if not isinstance(value, list) or not all(_valid(item) for item in value):
        return {}
    return dict(value)


def _activate() -> dict[tuple[str, int], tuple] | None:
    """The table of the active block, read from disk (None: this ``regex`` is not cached)."""
    global _table
    from . import compiled

    key = _key()
    if key is None:
        _table = None
        return None
    where = f"{compiled.root()}/{_name(key)}"
    table = _read.get(where)
    if table is None:
        table = _read[where] = _load(key)
    _table = table
    return table


@contextlib.contextmanager
def active() -> Iterator[None]:
    """Serve :func:`compile_pattern` from the cache for the block; save new patterns.

    The table is read when the first pattern is compiled (a run that compiles none, such as
    a warm result-cache hit, does not import ``regex`` for it).
    """
    global _table, _new
    from . import compiled

    if compiled.root() is None or _table is not None:
        yield
        return
    _table, _new = _PENDING, 0
    try:
        yield
    finally:
        table, _table = _table, None
        if _new and isinstance(table, dict):
            _new = 0
            key = _key()
            if key is not None:
                compiled.save(_name(key), key, list(table.items()))
                compiled.prune("regex", _name(key))
