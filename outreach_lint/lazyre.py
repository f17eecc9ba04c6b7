"""Module-level regular expressions compiled on first use, not at import.

Every run imports every check module, so each ``re.compile`` at module level costs start-up
time (~0.1-0.6 ms each) even when the run never reaches the code that uses the pattern: a
one-file pre-commit run of a clean template never looks for Mailchimp tags, product talk or
inline directives. ``lazy(source, flags)`` stands in for ``re.compile(source, flags)`` in such
places; the pattern is compiled once, the first time a method (``search``, ``finditer``, ...)
or attribute (``pattern``, ``flags``) is asked for, and behaves as the compiled pattern from
then on. Only for patterns used through their methods: it is not an ``re.Pattern`` instance,
so do not pass it to ``re.sub``/``re.compile`` or ``isinstance`` checks.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any


#: the pattern's methods and attributes a lazy pattern copies into its own slots once compiled,
#: so that a use after the first costs what it costs on the pattern (a slot read, no Python call)
_FORWARDED = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class LazyPattern:
    """An ``re.Pattern`` compiled on first use; its methods and attributes are the pattern's."""

    __slots__ = ("_compiled", "_flags", "_source", *_FORWARDED)

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if this is the first use)."""
        compiled = self._compiled
        if compiled is None:
            compiled = re.compile(self._source, self._flags)
            for name in _FORWARDED:
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
        return compiled

    def __getattr__(self, name: str) -> Any:
        # only reached for names that are not filled slots or properties: before the first
        # use, every forwarded name; after it, only the pattern's other attributes
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags!r})"


def lazy(source: str, flags: int = 0) -> LazyPattern:
    """``re.compile(source, flags)``, done the first time the pattern is used."""
    return LazyPattern(source, flags)
