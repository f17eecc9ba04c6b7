"""A disk cache of the code ``dataclasses`` generates: frozen models without their compile cost.

A lint creates ~45 dataclasses (the model, the document, the engine's results...). For each,
the standard library writes the source of ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__``... and compiles it with ``exec``: ~240 small compiles that cost
a one-file run ~15-20 ms of its ~130 ms. The compiled code is a pure function of that source
and the Python version, like the byte code in ``__pycache__``, so a CLI run keeps it in the
compiled cache (:mod:`outreach_lint.compiled`, entry ``code-<key>``) and hands ``exec`` the
code object instead of the text.

How it stays exact:

* :func:`active` puts a module global ``exec`` into ``dataclasses`` (it shadows the built-in
  there and nowhere else) only for the duration of a CLI command, and removes it afterwards.
* A source is compiled as ``exec(source)`` compiles it (file name ``<string>``, mode
  ``exec``, no inherited ``__future__`` flags: ``dataclasses`` has none), and the code runs
  with the same globals and locals; only the text-to-code step is skipped.
* Unlike the other entries of the compiled cache, this one holds code, as ``__pycache__``
  does: it is keyed by the Python version (which fixes the byte code), stored with ``marshal`` (the
  ``.pyc`` format), and read only from a file owned by the current user and writable by no
  one else (as the rest of the directory, which is the user's own: anyone who can write it can
  as well edit the user's installed packages or start-up files). A damaged, stale or foreign
  file is a miss. ``OUTREACH_LINT_COMPILED_CACHE=0`` turns it off with the rest.
"""

from __future__ import annotations

import builtins
import sys
from types import CodeType

from . import compiled

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: at most this many sources are kept (plugins may define dataclasses too)
MAX_SOURCES = 4096


def _key() -> str:
    """The Python version (it fixes the byte code) and the size and mtime of this module."""
    from . import __version__

    parts = [__version__, sys.version, str(sys.hexversion), sys.implementation.cache_tag or ""]
    parts.append(compiled.stamp(__file__) or "-")
    return compiled.digest(*parts)


def _valid(source: Any, code: Any) -> bool:
    return type(source) is str and type(code) is CodeType


#: dataclass method source -> its code object (entry ``code-<key>``; code: a trusted file only)
TABLE = compiled.Table("code", _key, _valid, trusted=True, limit=MAX_SOURCES)


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` for ``dataclasses``: the code of a known source comes from the table."""
    table = TABLE.table
    if type(source) is not str or table is None:
        return builtins.exec(source, globals, locals)
    code = table.get(source)
    if code is None:
        code = compile(source, "<string>", "exec", dont_inherit=True)
        TABLE.put(source, code)
    return builtins.exec(code, globals, locals)


def active() -> _Active:
    """Serve the compiles of ``dataclasses`` from the cache for the block; save new ones."""
    return _Active()


class _Active:
    """The block of :func:`active` (a class, not ``contextlib``: ``compiled.suppress``)."""

    __slots__ = ("_on",)

    def __enter__(self) -> None:
        import dataclasses

        # already active, or off: nothing to do
        self._on = "exec" not in vars(dataclasses) and TABLE.open() is not None
        if self._on:
            dataclasses.exec = _exec  # type: ignore[attr-defined]

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if not self._on:
            return
        import dataclasses

        with compiled.suppress(AttributeError):
            del dataclasses.exec  # type: ignore[attr-defined]
        TABLE.close()
