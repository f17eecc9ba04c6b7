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
* The key covers the version, the size and mtime of ``regex``'s package files (its compiler
  and its C engine) and of this module, and the preferred encoding (``regex`` keys its own
  cache by it); it is computed from the files, without importing ``regex``. Patterns with
  ``LOCALE`` or ``DEBUG`` are never cached; a pattern whose flags name no version is served
  only while ``regex.DEFAULT_VERSION`` is regex's own default, ``VERSION0``, under which its
  entry was made.
* A hit with an explicit version (every pack pattern: ``V0``) is built by the C engine alone:
  when nothing has imported the ``regex`` package yet, its ``_regex`` extension is loaded on
  its own (found as ``import regex`` finds it) and the package, whose import costs more than
  a one-file run spends matching, is not imported at all. The pattern objects are the same
  type either way; the package, when imported later, loads its engine as it always does.
* Only :func:`compile_pattern` (pack patterns) uses it, and only inside :func:`active` (a CLI
  command); anywhere else it is ``regex.compile``. The file is read only when it is owned by
  the current user and writable by no one else (``_regex`` trusts the code it is given, as
  Python trusts ``__pycache__``), and its CRC must match; anything else is a miss.
"""

from __future__ import annotations

import os
import sys

from . import compiled

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: at most this many patterns are kept (house packs could hold many)
MAX_PATTERNS = 4096

#: inside :func:`active`: the table is opened when the first pattern is compiled
_pending = False
_LOCALE = 0x4
_DEBUG = 0x80
#: VERSION0 | VERSION1
_VERSIONS = 0x2000 | 0x100
#: what :func:`_key` found (package, engine file, engine spec), and the engine loaded alone
_located: tuple[str, str, Any] | None = None
_standalone: Any = None


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
    global _pending
    if _pending:  # the first pattern of the block: read the table now
        _pending = False
        TABLE.open()
    table = TABLE.table
    if (
        table is None
        or type(pattern) is not str
        or not isinstance(flags, int)
        or flags & (_LOCALE | _DEBUG)
    ):
        import regex

        return regex.compile(pattern, flags)
    key = (pattern, int(flags))  # RegexFlag or int: the same flags
    hit = table.get(key)
    if hit is not None and flags & _VERSIONS:
        # the version is explicit, so regex.DEFAULT_VERSION plays no part: the C engine alone
        # (loaded without the regex package when nothing imported it yet) builds the pattern
        engine = _engine()
        if engine is not None:
            try:
                return _build(engine, hit)
            except Exception:  # not what this _regex takes: compile as usual
                TABLE.drop(key)
                hit = None
    import regex

    if not flags & _VERSIONS and getattr(regex, "DEFAULT_VERSION", None) != regex.VERSION0:
        return regex.compile(pattern, flags)  # entries are made with regex's own default
    main = sys.modules.get("regex._main") or sys.modules.get("regex.regex")
    engine = getattr(main, "_regex", None)
    if hit is not None and engine is not None:
        try:
            return _build(engine, hit)
        except Exception:  # not what this _regex takes: compile as usual
            TABLE.drop(key)
    if engine is None or len(table) >= MAX_PATTERNS:
        return regex.compile(pattern, flags)
    calls: list[tuple] = []
    main._regex = _Recorder(engine, calls)  # type: ignore[union-attr]
    try:
        compiled_pattern = regex.compile(pattern, flags)
    finally:
        main._regex = engine  # type: ignore[union-attr]
    if len(calls) == 1:
        import marshal

        args = _plain(calls[0])
        packed = compiled.pack_code(args[2]) if len(args) >= 3 else None
        if packed is None:
            return compiled_pattern
        args = (*args[:2], packed, *args[3:])
        try:
            marshal.dumps(args)
        except ValueError:
            return compiled_pattern
        TABLE.put(key, args)
    return compiled_pattern


def _build(engine: Any, args: tuple) -> Any:
    """``_regex.compile`` with a stored entry (its code packed: compiled.pack_code)."""
    return engine.compile(args[0], args[1], compiled.unpack_code(args[2]), *args[3:])


def _engine() -> Any:
    """regex's C engine (``_regex``): the regex package's when it is imported, else the one
    :func:`_locate` found, loaded on its own (the package's Python half costs ~60 M
    instructions to import, several times what a one-file run spends matching)."""
    global _standalone
    main = sys.modules.get("regex._main") or sys.modules.get("regex.regex")
    if main is not None:
        return getattr(main, "_regex", None)
    if "regex" in sys.modules:
        return None  # being imported: let it finish
    if _standalone is None:
        spec = (_located or (None, None, None))[2]
        if spec is None:
            return None
        try:
            boot = sys.modules["_frozen_importlib"]
            module = boot.module_from_spec(spec)
            spec.loader.exec_module(module)
        except Exception:
            return None
        finally:
            # the package, when something imports it later, loads the engine as it always
            # does (an extension module is initialised once; its types are shared)
            if sys.modules.get(spec.name) is not None and "regex" not in sys.modules:
                del sys.modules[spec.name]
        _standalone = module
    return _standalone


def _locate() -> tuple[str, str, Any] | None:
    """(the regex package's ``__init__``, its C engine's file, the engine's spec when regex is
    not imported), found as ``import regex`` would find them; None when it cannot tell."""
    main = sys.modules.get("regex._main") or sys.modules.get("regex.regex")
    package = sys.modules.get("regex")
    if package is not None:
        engine = getattr(main, "_regex", None)
        init, so = getattr(package, "__file__", None), getattr(engine, "__file__", None)
        return (init, so, None) if init and so else None
    try:
        boot = sys.modules["_frozen_importlib"]
        ext = sys.modules["_frozen_importlib_external"]
        spec = boot._find_spec("regex", None)
        locations = spec.submodule_search_locations
        engine_spec = boot._find_spec("regex._regex", locations)
        if not isinstance(engine_spec.loader, ext.ExtensionFileLoader):
            return None
        return spec.origin, engine_spec.origin, engine_spec
    except Exception:
        return None


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
    """Computed from files alone, so that a run whose patterns are all cached never imports
    the regex package (only its C engine)."""
    global _located
    from . import __version__

    _located = _locate()
    if _located is None:
        return None
    init, engine, _spec = _located
    here = os.path.dirname(init)
    parts = [__version__, sys.version, preferred_encoding()]
    for path in (init, engine, __file__):
        stamp = compiled.stamp(path)
        if stamp is None:
            return None
        parts.append(stamp)
    for name in ("_main.py", "regex.py", "_regex_core.py"):  # compiler (newer, older layouts)
        parts.append(f"{name}:{compiled.stamp(os.path.join(here, name))}")
    return compiled.digest(*parts)


def preferred_encoding() -> str:
    """What ``locale.getpreferredencoding(False)`` answers (``regex`` keys its own cache by
    it), without importing ``locale`` (~3.5 M instructions of a one-file run): on Python 3.11+
    that function is UTF-8 mode's ``utf-8``, else ``_locale.getencoding()``."""
    import _locale

    getencoding = getattr(_locale, "getencoding", None)
    if getencoding is None:  # Python 3.9/3.10: another answer in UTF-8 mode ("UTF-8")
        import locale

        return locale.getpreferredencoding(False)
    if sys.flags.utf8_mode:
        return "utf-8"
    return getencoding()


def _valid(key: Any, args: Any) -> bool:
    """(pattern, flags) -> the arguments of ``_regex.compile``, the pattern first."""
    return (
        compiled.is_pattern_key(key)
        and type(args) is tuple
        and len(args) >= 3
        and args[0] == key[0]
        and type(args[1]) is int
        and compiled.is_packed_code(args[2])
    )


#: (pattern, flags) -> the arguments regex gave ``_regex.compile`` (entry ``regex-<key>``;
#: engine code: a trusted file only)
TABLE = compiled.Table("regex", _key, _valid, trusted=True, limit=MAX_PATTERNS)


def active() -> _Active:
    """Serve :func:`compile_pattern` from the cache for the block; save new patterns.

    The table is read when the first pattern is compiled (a run that compiles none, such as
    a warm result-cache hit, does not import ``regex`` for it).
    """
    return _Active()


class _Active:
    """The block of :func:`active` (a class, not ``contextlib``: ``compiled.suppress``)."""

    __slots__ = ("_on",)

    def __enter__(self) -> None:
        global _pending
        # off, or already active: nothing to do
        self._on = not (compiled.root() is None or _pending or TABLE.table is not None)
        if self._on:
            _pending = True

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        global _pending
        if self._on:
            _pending = False
            TABLE.close()
