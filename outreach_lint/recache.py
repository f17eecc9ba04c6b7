"""A disk cache of compiled ``re`` code: module-level patterns without their compile cost.

Every lint imports every check module, and their module-level ``re.compile`` calls (about
130 patterns, most of them large alternations) cost a one-file run ~40 ms of its ~180 ms:
Python's ``re`` parses each pattern and generates its matcher code anew in every process.
That code is a pure function of the pattern, its flags and the Python version, so a CLI run
keeps it in the compiled cache (:mod:`outreach_lint.compiled`, entry ``re-<key>``) and builds
each pattern straight from it with ``_sre.compile``, the last step of ``re.compile`` itself.

How it stays exact:

* :func:`active` wraps the compile step of the standard library (``re._compiler.compile``,
  ``sre_compile.compile`` before 3.11) only for the duration of a CLI command, and restores
  it afterwards; ``re``'s own per-process cache, error messages and flags handling are
  untouched (``re.compile`` still runs everything before that step).
* A pattern is recorded only after the code computed here gave a pattern *equal* to the one
  the standard library compiled (``re.Pattern`` equality compares the pattern, its flags and
  the whole generated code); anything this module cannot reproduce on a given Python is
  simply not cached.
* ``_sre.compile`` validates the code it is given, and the entry is keyed by the Python
  version, ``_sre.MAGIC`` and the size and mtime of the standard library's compiler modules;
  a value of the wrong shape, or code that ``_sre`` rejects, is a miss (compiled as usual).
* Only ``str`` patterns without ``re.DEBUG`` are cached; bytes patterns, and every pattern
  while the compiled cache is off (``OUTREACH_LINT_COMPILED_CACHE=0``), go the usual way.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    import re._compiler as _compiler
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

import _sre

#: at most this many patterns are kept (a bound against programs that compile endlessly)
MAX_PATTERNS = 4096
_DEBUG = 128  # re.DEBUG

#: (pattern, flags) -> (flags, code, groups, groupindex, indexgroup), as passed to _sre.compile;
#: the table of the active block (None outside one)
_table: dict[tuple[str, int], tuple] | None = None
#: changes to it that the next save writes
_new = 0
#: tables already read by this process, per cache file (in-process callers run many commands)
_read: dict[str, dict[tuple[str, int], tuple]] = {}


def _key() -> str:
    """The Python version and ``_sre``'s, and the size and mtime of the modules whose output
    is cached (the standard library's compiler and parser, and this module)."""
    from . import __version__, compiled

    parts = [
        __version__,
        sys.version,
        str(getattr(_sre, "MAGIC", "")),
        str(getattr(_sre, "CODESIZE", "")),
    ]
    for module in (_compiler, _parser, sys.modules[__name__]):
        try:
            st = os.stat(module.__file__ or "")
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except (OSError, TypeError):
            parts.append("-")
    return compiled.digest(*parts)


def _name(key: str) -> str:
    return f"re-{key[:24]}"


def _valid(item: Any) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], tuple)
        and len(item[0]) == 2
        and isinstance(item[0][0], str)
        and isinstance(item[0][1], int)
        and isinstance(item[1], tuple)
        and len(item[1]) == 5
        and isinstance(item[1][0], int)
        and isinstance(item[1][1], list)
        and isinstance(item[1][2], int)
        and isinstance(item[1][3], dict)
        and isinstance(item[1][4], tuple)
    )


def _load(key: str) -> dict[tuple[str, int], tuple]:
    from . import compiled

    value = compiled.load(_name(key), key)
    if not isinstance(value, list) or not all(_valid(item) for item in value):
        return {}
    return dict(value)


def _code_of(pattern: str, flags: int) -> tuple:
    """What ``re``'s compiler hands to ``_sre.compile`` for ``pattern`` (its own steps)."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # plain ints: the opcodes are int subclasses, which marshal does not store
    return (
        flags | p.state.flags,
        [int(c) for c in code],
        p.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _cached_compile(original: Any) -> Any:
    def compile(p: Any, flags: int = 0) -> Any:
        global _new
        table = _table
        if type(p) is not str or not isinstance(flags, int) or flags & _DEBUG or table is None:
            return original(p, flags)
        key = (p, int(flags))  # a plain int, or an int subclass such as re.RegexFlag
        hit = table.get(key)
        if hit is not None:
            try:
                return _sre.compile(p, *hit)
            except Exception:  # rejected by _sre's validation: compile as usual
                del table[key]
                _new += 1
        compiled = original(p, flags)  # errors are raised here, as without the cache
        if len(table) < MAX_PATTERNS:
            try:
                data = _code_of(p, key[1])
                same = _sre.compile(p, *data) == compiled
            except Exception:
                same = False
            if same:
                table[key] = data
                _new += 1
        return compiled

    compile.__wrapped__ = original  # type: ignore[attr-defined]
    return compile


@contextlib.contextmanager
def active() -> Iterator[None]:
    """Serve ``re`` compiles from the cache for the duration of the block; save new ones."""
    global _table, _new
    from . import compiled

    original = getattr(_compiler, "compile", None)
    directory = compiled.root()
    if (
        directory is None
        or original is None
        or getattr(original, "__wrapped__", None) is not None  # already active (re-entrant)
        or not hasattr(_compiler, "_code")
        or not hasattr(_sre, "compile")
    ):
        yield
        return
    key = _key()
    where = f"{directory}/{_name(key)}"
    table = _read.get(where)
    if table is None:
        table = _read[where] = _load(key)
    _table, _new = table, 0
    _compiler.compile = _cached_compile(original)
    try:
        yield
    finally:
        _compiler.compile = original
        _table = None
        if _new:
            _new = 0
            compiled.save(_name(key), key, list(table.items()))
            compiled.prune("re", _name(key))
