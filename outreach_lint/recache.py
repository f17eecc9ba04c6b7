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

import sys

try:  # Python 3.11+
    import re._compiler as _compiler
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

import _sre

from . import compiled

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: at most this many patterns are kept (a bound against programs that compile endlessly)
MAX_PATTERNS = 4096
_DEBUG = 128  # re.DEBUG

#: the table of the active block (None outside one), as :data:`TABLE` opened it
_table: dict[tuple[str, int], tuple] | None = None


def _key() -> str:
    """The Python version and ``_sre``'s, and the size and mtime of the modules whose output
    is cached (the standard library's compiler and parser, and this module)."""
    from . import __version__

    parts = [
        __version__,
        sys.version,
        str(getattr(_sre, "MAGIC", "")),
        str(getattr(_sre, "CODESIZE", "")),
    ]
    for module in (_compiler, _parser, sys.modules[__name__]):
        parts.append(compiled.stamp(getattr(module, "__file__", None)) or "-")
    return compiled.digest(*parts)


def _valid(key: Any, value: Any) -> bool:
    """(pattern, flags) -> (flags, code, groups, groupindex, indexgroup) for _sre.compile."""
    return (
        compiled.is_pattern_key(key)
        and type(value) is tuple
        and len(value) == 5
        and type(value[0]) is int
        and compiled.is_packed_code(value[1])
        and type(value[2]) is int
        and type(value[3]) is dict
        and type(value[4]) is tuple
    )


def _all_valid(table: dict) -> bool:
    """``_valid`` of every item, for the exact types of marshalled data, in C (sets of the
    types met); False may be either answer (``_valid`` then decides)."""
    if not compiled.are_pattern_keys(table):
        return False
    values = list(table.values())
    if not values:
        return True
    if compiled.types_of(values) != {tuple} or set(map(len, values)) != {5}:
        return False
    flags, code, groups, groupindex, indexgroup = zip(*values)
    types_of = compiled.types_of
    return (
        types_of(flags) == {int}
        and types_of(code) == {bytes}
        and all(n % 4 == 0 for n in set(map(len, code)))
        and types_of(groups) == {int}
        and types_of(groupindex) == {dict}
        and types_of(indexgroup) == {tuple}
    )


#: (pattern, flags) -> what ``_sre.compile`` takes for it (entry ``re-<key>``)
TABLE = compiled.Table("re", _key, _valid, limit=MAX_PATTERNS, valid_all=_all_valid)


def _code_of(pattern: str, flags: int) -> tuple | None:
    """What ``re``'s compiler hands to ``_sre.compile`` for ``pattern`` (its own steps)."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # packed as bytes (compiled.pack_code): a table of lists of ints loads far slower
    packed = compiled.pack_code([int(c) for c in code])
    if packed is None:
        return None
    return (flags | p.state.flags, packed, p.state.groups - 1, groupindex, tuple(indexgroup))


def _build(p: str, data: tuple) -> Any:
    flags, packed, groups, groupindex, indexgroup = data
    return _sre.compile(p, flags, compiled.unpack_code(packed), groups, groupindex, indexgroup)


def _cached_compile(original: Any) -> Any:
    def compile(p: Any, flags: int = 0) -> Any:
        table = _table
        if type(p) is not str or not isinstance(flags, int) or flags & _DEBUG or table is None:
            return original(p, flags)
        key = (p, int(flags))  # a plain int, or an int subclass such as re.RegexFlag
        hit = table.get(key)
        if hit is not None:
            try:
                return _build(p, hit)
            except Exception:  # rejected by _sre's validation: compile as usual
                TABLE.drop(key)
        compiled = original(p, flags)  # errors are raised here, as without the cache
        if len(table) < MAX_PATTERNS:
            try:
                data = _code_of(p, key[1])
                same = data is not None and _build(p, data) == compiled
            except Exception:
                same = False
            if same:
                TABLE.put(key, data)
        return compiled

    compile.__wrapped__ = original  # type: ignore[attr-defined]
    return compile


def active() -> _Active:
    """Serve ``re`` compiles from the cache for the duration of the block; save new ones."""
    return _Active()


class _Active:
    """The block of :func:`active` (a class, not ``contextlib``: ``compiled.suppress``)."""

    __slots__ = ("_original",)

    def __enter__(self) -> None:
        global _table
        original = getattr(_compiler, "compile", None)
        self._original = None
        if (
            original is None
            or getattr(original, "__wrapped__", None) is not None  # already active (re-entrant)
            or not hasattr(_compiler, "_code")
            or not hasattr(_sre, "compile")
            or TABLE.open() is None  # the compiled cache is off
        ):
            return
        self._original = original
        _table = TABLE.table
        _compiler.compile = _cached_compile(original)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        global _table
        original = self._original
        if original is None:
            return
        _compiler.compile = original
        _table = None
        TABLE.close()
