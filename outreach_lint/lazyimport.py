"""Standard-library modules the console script imports only when an attribute is used.

``dataclasses`` (through every module of ours) and pluggy import ``inspect`` at their top, and
``inspect`` imports ``ast``, ``dis``, ``tokenize`` and more: ~40 M instructions, more than a
tenth of a one-file run. On Python 3.9-3.11 ``dataclasses`` uses ``inspect`` only to write a
docstring for a dataclass that has none, and pluggy only when it registers a plugin; a one-file
run whose dataclasses all have docstrings and whose only plugin is the built-in one
(``plugins._BuiltinsOnly``) needs none of it. ``ipaddress`` (~4 M) likewise: only
``urllib.parse`` imports it, for a URL whose host is in brackets. (Python 3.12+ ``dataclasses`` reads every class's
annotations through ``inspect``: there the module is loaded at the first dataclass, as before.)

:func:`install` puts a stand-in module in ``sys.modules``: ``import inspect`` binds it, and the
first attribute anyone reads of it imports the real module (which then replaces the stand-in in
``sys.modules``) and answers from it; every later read is answered from the real module's
namespace, copied into the stand-in. ``importlib.util.LazyLoader`` would not do: the import
statement itself reads ``__spec__`` of a module found in ``sys.modules``, which loads it.

Only the console script installs it (``client.main``), for a process that ends with the
command, and only for a module nobody has imported yet; ``OUTREACH_LINT_LAZY_IMPORTS=0`` turns
it off. ``tests/test_lazyimport.py`` checks a one-file run does not load ``inspect`` and prints
the same bytes as a run with it loaded.
"""

from __future__ import annotations

import sys

#: modules imported on first attribute use by the console script (``ipaddress``: imported by
#: ``urllib.parse``, which pathlib imports, and used there only for a bracketed URL host)
MODULES = ("inspect", "ipaddress")
ENV = "OUTREACH_LINT_LAZY_IMPORTS"


class LazyModule(type(sys)):  # type: ignore[misc]
    """A module whose attributes come from the real module, imported on the first read."""

    def __getattr__(self, attr: str) -> object:
        # only for names not in this namespace: before the real import, every name
        real = load(self)
        return getattr(real, attr)


def load(stand_in: LazyModule) -> object:
    """Import the real module for ``stand_in`` (once) and copy its namespace into it."""
    name = stand_in.__name__
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    __import__(name)
    real = sys.modules[name]
    vars(stand_in).update(vars(real))
    return real


def install() -> None:
    """Put a :class:`LazyModule` in ``sys.modules`` for each of :data:`MODULES` not imported."""
    import os

    if os.environ.get(ENV, "").strip() == "0":
        return
    for name in MODULES:
        if name not in sys.modules:
            sys.modules[name] = LazyModule(name)
