"""Standard-library modules the console script imports only when an attribute is used.

``dataclasses`` (through every module of ours) and pluggy import ``inspect`` at their top, and
``inspect`` imports ``ast``, ``dis``, ``tokenize`` and more: ~40 M instructions, more than a
tenth of a one-file run. On Python 3.9-3.11 ``dataclasses`` uses ``inspect`` only to write a
docstring for a dataclass that has none, and pluggy only when it registers a plugin; a one-file
run whose dataclasses all have docstrings and whose only plugin is the built-in one
(``plugins._BuiltinsOnly``) needs none of it. ``ipaddress`` (~4 M) likewise: only
``urllib.parse`` imports it, for a URL whose host is in brackets. (Python 3.12+ ``dataclasses`` reads every class's
annotations through ``inspect``: there the module is loaded at the first dataclass, as before.)
``urllib.parse`` itself (~5.8 M, its named tuples built at import): ``pathlib`` imports it at
its top for one function, ``quote_from_bytes``, which only ``Path.as_uri`` calls, and the SARIF
formatter imports it when it is chosen. Its stand-in answers that one name before the real
import with a forwarder (:data:`FORWARDED`): ``from urllib.parse import quote_from_bytes`` binds
a function that imports the real module on its first call and hands the call to it.
``ntpath`` (~2.1 M on Linux): ``pathlib`` imports it at its top for its Windows paths, which a
run on another system never makes, and its import tries five imports of ``nt`` and one of
``_winapi``, each a miss searched along the whole path. ``copy`` (~3.4 M with ``weakref`` and
``_weakrefset``, which it imports): ``dataclasses`` imports it at its top and calls it only in
``asdict``/``astuple``, which a one-file run in the text formats never calls. Both are
imported by nothing else a run needs; anyone who uses them gets the real module.

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

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, Callable

#: modules imported on first attribute use by the console script (``ipaddress``: imported by
#: ``urllib.parse``, which pathlib imports, and used there only for a bracketed URL host;
#: ``ntpath`` and ``copy``: see above)
MODULES = ("inspect", "ipaddress", "urllib.parse", "ntpath", "copy")
#: names a stand-in answers without importing the real module (``pathlib`` binds this one at
#: its top): a forwarder that imports the real module when it is first called
FORWARDED = {"urllib.parse": ("quote_from_bytes",)}
ENV = "OUTREACH_LINT_LAZY_IMPORTS"


class LazyModule(type(sys)):  # type: ignore[misc]
    """A module whose attributes come from the real module, imported on the first read."""

    def __getattr__(self, attr: str) -> object:
        # only for names not in this namespace: before the real import, every name
        if attr == "__path__":
            # none of MODULES is a package; ``from module import name`` asks this first
            raise AttributeError(attr)
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
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        if parent:
            # ``import urllib.parse`` reads the attribute of the package once the name is in
            # sys.modules (the import system sets it only when it loads the module itself)
            package = __import__(parent, fromlist=["__name__"])
            if hasattr(package, child):
                continue
        stand_in = sys.modules[name] = LazyModule(name)
        if parent:
            setattr(package, child, stand_in)
        for attr in FORWARDED.get(name, ()):
            setattr(stand_in, attr, _forwarder(stand_in, attr))


def _forwarder(stand_in: LazyModule, attr: str) -> Callable[..., Any]:
    """A function that calls ``attr`` of the real module of ``stand_in`` (imported on the
    first call): what ``from module import attr`` binds while the module is not imported."""
    real: list[Any] = []

    def forward(*args: Any, **kwargs: Any) -> Any:
        if not real:
            real.append(getattr(load(stand_in), attr))
        return real[0](*args, **kwargs)

    forward.__name__ = forward.__qualname__ = attr
    return forward
