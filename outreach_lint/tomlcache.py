"""Parsed config files, remembered by content: a run does not import a TOML parser for a file
it has parsed before.

A ``pyproject.toml`` up the tree is read on every run to learn whether it has a
``[tool.outreach-lint]`` table, and importing and running ``tomllib`` cost a one-file run more
than linting the file. The result of parsing is a pure function of the text and of the parser,
so it is kept in the compiled cache (:mod:`outreach_lint.compiled`, a process-wide table
``toml-<key>``): the digest of the text (:func:`compiled.digest`) -> the parsed data,
marshalled.

How it stays exact:

* only Python 3.11+'s own ``tomllib`` is cached (the key is the Python version and this
  module's stamp); with ``tomli`` (older Pythons) every file is parsed;
* only text that parsed is remembered: invalid TOML is parsed (and reported) every run;
* only plain data is remembered (dict, list, str, int, float, bool; a TOML date or time is
  not marshal data, so such a file is parsed every run), and the value is decoded afresh on
  every hit, so a caller cannot change what the next run reads;
* a stored value is checked for shape when it is used; anything else is a miss.
"""

from __future__ import annotations

import marshal
import sys

from . import compiled

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: at most this many files are remembered (then the table starts again)
MAX_FILES = 256

_PLAIN = (str, int, float, bool)


def _key() -> str | None:
    if sys.version_info < (3, 11):
        return None  # tomli: its version is not part of a key here
    from . import __version__

    return compiled.digest("toml", __version__, sys.version, compiled.stamp(__file__) or "-")


def _valid(key: Any, value: Any) -> bool:
    return type(key) is str and len(key) == 64 and type(value) is bytes


#: compiled.digest(text) -> marshal.dumps(parsed data)
TABLE = compiled.Table("toml", _key, _valid, limit=MAX_FILES, clear_when_full=True, chars=16)


def _plain(value: Any) -> bool:
    cls = value.__class__
    if cls is dict:
        return all(k.__class__ is str and _plain(v) for k, v in value.items())
    if cls is list:
        return all(_plain(v) for v in value)
    return cls in _PLAIN


def cached(text: str) -> dict | None:
    """What parsing ``text`` gave before (a fresh copy), or None."""
    table = TABLE.items()
    if not table:
        return None
    stored = table.get(compiled.digest(text))
    if stored is None:
        return None
    try:
        data = marshal.loads(stored)
    except (EOFError, ValueError, TypeError):
        return None
    return data if data.__class__ is dict and _plain(data) else None


def remember(text: str, data: Any) -> None:
    """Keep what ``tomllib.loads(text)`` gave, if it is plain data."""
    if TABLE.key() is None or compiled.root() is None or not _plain(data):
        return
    TABLE.remember(compiled.digest(text), marshal.dumps(data))


def loads(text: str) -> dict:
    """``tomllib.loads(text)``, from the table when this text was parsed before."""
    data = cached(text)
    if data is None:
        from . import _toml

        data = _toml.loads(text)
        remember(text, data)
    return data
