"""The plugin manager: built-ins plus installed entry points, each failure isolated.

A plugin that fails to import, or raises inside a hook, is reported by name and skipped; the
rest of the run goes on. Plugins come only from installed entry points (group
``outreach_lint``), never from configuration, and can be turned off with ``--no-plugins`` or
``OUTREACH_LINT_DISABLE_PLUGINS`` (``1`` for all, or a comma-separated list of names).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import hookspecs

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Callable

    import pluggy

ENTRY_POINT_GROUP = "outreach_lint"
DISABLE_ENV = "OUTREACH_LINT_DISABLE_PLUGINS"


@dataclass(frozen=True)
class PluginError:
    """A plugin that failed: which one, where (``import`` or a hook name) and how."""

    plugin: str
    where: str  # "import" or a hook name
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} failed in {self.where}: {self.message}"


@dataclass
class Plugins:
    """The run's plugin manager (pluggy's, or :class:`_BuiltinsOnly` while only the built-in
    plugin is registered), and what went wrong loading or calling plugins."""

    manager: pluggy.PluginManager
    errors: list[PluginError] = field(default_factory=list)
    external: list[tuple[str, str]] = field(default_factory=list)  # (name, distribution/version)

    @property
    def hook(self) -> Any:
        return self.manager.hook

    def collect(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of a hook separately: one plugin's failure stays its own."""
        manager = self.manager
        if type(manager) is _BuiltinsOnly and manager.real is None:
            impls: Any = manager.impls(hook_name)
        else:
            impls = reversed(getattr(manager.hook, hook_name).get_hookimpls())
        results = []
        for impl in impls:
            try:
                value = impl.function(*[kwargs[a] for a in impl.argnames])
            except Exception as exc:  # a plugin's bug must not end the run
                self.errors.append(PluginError(impl.plugin_name, hook_name, _describe(exc)))
                continue
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

    def each(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Every item every implementation of a hook returns, one at a time, as
        ``(plugin, item)``: :meth:`collect`, with each returned iterable consumed lazily.

        Why: the run-level hook's implementations return generators (the built-in one does),
        and their findings are spilled to disk as they come instead of held in one list. A
        returned value that fails while it is iterated (a plugin's generator raising, or a
        value that is not iterable) is reported as that plugin's error, like a failing call;
        what it yielded before stays.
        """
        for name, value in self.collect(hook_name, **kwargs):
            try:
                for item in value:
                    yield name, item
            except Exception as exc:  # a plugin's bug must not end the run
                self.errors.append(PluginError(name, hook_name, _describe(exc)))

    def blame(self, exc: BaseException) -> str:
        """The plugin whose hook function is on the traceback of ``exc`` (innermost wins)."""
        codes: dict[Any, str] = {}
        for name, plugin in self.manager.list_name_plugin():
            for caller in self.manager.get_hookcallers(plugin) or []:
                for impl in caller.get_hookimpls():
                    if impl.plugin is plugin:
                        codes[impl.function.__code__] = name
        culprit = "outreach_lint"
        tb = exc.__traceback__
        while tb is not None:
            culprit = codes.get(tb.tb_frame.f_code, culprit)
            tb = tb.tb_next
        return culprit


def _describe(exc: BaseException) -> str:
    import traceback  # only for a failing plugin (with textwrap: ~2 ms of every start)

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _disabled_names(no_plugins: bool) -> tuple[bool, set[str]]:
    value = os.environ.get(DISABLE_ENV, "").strip()
    if no_plugins or value.lower() in ("1", "true", "yes", "all", "*"):
        return True, set()
    return False, {v.strip() for v in value.split(",") if v.strip()}


def _entry_points() -> list[tuple[Any, str]]:
    """(entry point, "distribution version") pairs, sorted by entry point name.

    Finding them means reading the metadata of every installed distribution (and importing
    ``importlib.metadata``), which cost a pre-commit run more than linting its file. The list
    is kept in the compiled cache (:mod:`outreach_lint.compiled`) under a key of everything
    the search reads (:func:`_environment_key`), so installing, upgrading or removing any
    distribution, or editing an ``entry_points.txt``, finds them afresh.
    """
    from . import compiled

    key = _environment_key()
    name = f"entry-points-{key[:24]}" if key else ""
    if key:
        cached = compiled.load(name, key)
        if isinstance(cached, list) and all(
            isinstance(item, tuple) and len(item) == 3 and all(isinstance(x, str) for x in item)
            for item in cached
        ):
            return [(_EntryPoint(ep_name, value), version) for ep_name, value, version in cached]
    found = _scan_entry_points()
    if key:
        compiled.save(name, key, [(ep.name, ep.value, version) for ep, version in found])
        compiled.prune("entry-points", name)
    return found


def _scan_entry_points() -> list[tuple[Any, str]]:
    """Walks distributions rather than ``entry_points()`` so the owning distribution is known on
    every Python version (``EntryPoint.dist`` is missing on some)."""
    from importlib import metadata

    found = []
    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == ENTRY_POINT_GROUP:
                found.append((ep, f"{dist.metadata['Name']} {dist.version}"))
    return sorted(found, key=lambda pair: pair[0].name)


class _EntryPoint:
    """An entry point read from the cache; loads like ``importlib.metadata.EntryPoint``."""

    def __init__(self, name: str, value: str):
        self.name = name
        self.value = value

    def load(self) -> Any:
        import importlib
        import re

        match = re.match(
            r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$", self.value
        )
        if match is None:
            raise ValueError(f"malformed entry point {self.value!r}")
        obj: Any = importlib.import_module(match.group("module"))
        for attr in filter(None, (match.group("attr") or "").split(".")):
            obj = getattr(obj, attr)
        return obj


_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def _environment_key() -> str | None:
    """A key of what ``importlib.metadata`` reads to find entry points, or None (no caching).

    It covers ``sys.path`` (order included) and, for each entry, its mtime (a distribution
    installed or removed adds or removes a directory there) and the size and mtime of every
    distribution's ``entry_points.txt``. A custom metadata finder on ``sys.meta_path`` could
    find distributions anywhere: then nothing is cached.
    """
    import sys
    from importlib.machinery import PathFinder

    from . import compiled

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            return None
    parts = [compiled.code_key(), ENTRY_POINT_GROUP]
    for entry in sys.path:
        if not isinstance(entry, str):
            return None
        where = entry or "."
        try:
            st = os.stat(where)
        except OSError:
            parts.append(f"{entry}\0-")
            continue
        parts.append(f"{entry}\0{st.st_mtime_ns}\0{st.st_size}")
        if not os.path.isdir(where):
            continue  # a zip file: its mtime covers its content
        try:
            children = sorted(os.listdir(where))
        except OSError:
            return None
        for child in children:
            if child.lower().endswith(_METADATA_SUFFIXES):
                try:
                    st = os.stat(os.path.join(where, child, "entry_points.txt"))
                    parts.append(f"{child}\0{st.st_mtime_ns}\0{st.st_size}")
                except OSError:
                    parts.append(f"{child}\0-")
    return compiled.digest(*parts)


def _manager() -> pluggy.PluginManager:
    """pluggy's manager with the hook specifications and the built-in plugin registered."""
    import pluggy

    from . import builtin

    hookspecs.load_pluggy()  # pluggy's markers on the specifications and built-in functions
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name="outreach_lint")
    return pm


def create_plugins(*, no_plugins: bool = False, extra: tuple[Any, ...] = ()) -> Plugins:
    """The plugin manager for a run: built-ins, then entry points, then ``extra`` objects.

    When nothing but the built-in plugin is registered (plugins off, or none installed), the
    run gets a :class:`_BuiltinsOnly` stand-in that calls the built-in hook functions itself
    and builds pluggy's manager only if something asks for more.
    """
    all_off, blocked = _disabled_names(no_plugins)
    wanted: list[tuple[Any, str]] = []
    if not all_off:
        seen: set[str] = set()
        for ep, version in _entry_points():
            if ep.name in blocked or ep.name in seen:
                continue
            seen.add(ep.name)
            wanted.append((ep, version))
    if not wanted and not extra:
        lazy = _BuiltinsOnly.create()
        if lazy is not None:
            return Plugins(lazy)  # type: ignore[arg-type]
    pm = _manager()
    plugins = Plugins(pm)
    for ep, version in wanted:
        try:
            obj = ep.load()
            pm.register(obj, name=ep.name)
            pm.check_pending()
        except Exception as exc:
            if pm.get_plugin(ep.name) is not None:
                pm.unregister(name=ep.name)
            plugins.errors.append(PluginError(ep.name, "import", _describe(exc)))
            continue
        plugins.external.append((ep.name, version))
    for obj in extra:
        pm.register(obj)
    return plugins


def guarded(
    plugins: Plugins, fn: Callable[[], Any], where: str, fallback: Callable[[], Any]
) -> Any:
    """Run ``fn``; if a plugin raises, record it by name and return ``fallback()``."""
    try:
        return fn()
    except Exception as exc:
        plugins.errors.append(PluginError(plugins.blame(exc), where, _describe(exc)))
        return fallback()


class _BuiltinsOnly:
    """pluggy's manager for a run where only the built-in plugin is registered, built when
    something needs it.

    Registering a plugin makes pluggy read the signature of every hook function with
    ``inspect``, and ``inspect`` brings ``ast``, ``dis`` and ``tokenize``: ~40 M instructions,
    more than a tenth of a one-file run (the console script imports ``inspect`` only when an
    attribute of it is used: ``lazyimport.py``). With one plugin whose hook functions are plain
    functions, pluggy's answers are known: this calls them as pluggy does (arguments taken by
    name from the keyword arguments; a ``firstresult`` hook gives the first result that is not
    None, the others the list of results that are not None) and builds the real manager
    (:attr:`real`, registered exactly as :func:`_manager` does) the first time anything else
    is asked of it: a hook's implementations, registering a plugin, ``check_pending``, a
    hook pluggy does not know. ``tests/test_plugins.py`` compares the two.
    """

    def __init__(self, plugin: Any, impls: dict[str, tuple[Callable[..., Any], tuple[str, ...]]]):
        self.real: pluggy.PluginManager | None = None
        self._plugin = plugin
        self._impls = impls

    @classmethod
    def create(cls) -> _BuiltinsOnly | None:
        """The stand-in, or None when a built-in hook function is not a plain function (a
        wrapper, another spec name, defaults or ``*args``) or a specification has options
        pluggy acts on beyond ``firstresult``: then pluggy's manager it is."""
        from types import FunctionType

        from . import builtin

        impls = {}
        for name, (fn, opts) in hookspecs.BUILTIN.items():
            if (
                getattr(builtin, name, None) is not fn
                or type(fn) is not FunctionType
                or any(opts.get(k) for k in ("wrapper", "hookwrapper", "specname", "optionalhook"))
                or _spec(name) is None
                or fn.__defaults__
                or fn.__kwdefaults__
                or fn.__code__.co_flags & 0x0C  # *args, **kwargs
            ):
                return None
            code = fn.__code__
            impls[name] = (fn, code.co_varnames[: code.co_argcount])
        for name, spec in hookspecs.SPECS.items():
            if getattr(hookspecs, name).__defaults__ or any(
                spec.get(k) for k in ("historic", "warn_on_impl", "warn_on_impl_args")
            ):
                return None  # pluggy fills defaults, replays or warns: let it
        return cls(builtin, impls)

    def build(self) -> pluggy.PluginManager:
        if self.real is None:
            self.real = _manager()
        return self.real

    def impls(self, hook_name: str) -> list[Any]:
        """The built-in implementation of ``hook_name`` as ``(plugin_name, function, argnames)``
        records (what :meth:`Plugins.collect` reads of pluggy's ``HookImpl``)."""
        if self.real is not None or _spec(hook_name) is None:
            return list(reversed(getattr(self.build().hook, hook_name).get_hookimpls()))
        found = self._impls.get(hook_name)
        if found is None:
            return []
        return [_Impl("outreach_lint", found[0], found[1])]

    @property
    def hook(self) -> Any:
        return self.real.hook if self.real is not None else _BuiltinHooks(self)

    def list_name_plugin(self) -> list[tuple[str, Any]]:
        if self.real is not None:
            return self.real.list_name_plugin()
        return [("outreach_lint", self._plugin)]

    def __getattr__(self, name: str) -> Any:  # everything else: pluggy's own manager
        return getattr(self.build(), name)


class _Impl:
    __slots__ = ("argnames", "function", "plugin_name")

    def __init__(self, plugin_name: str, function: Callable[..., Any], argnames: tuple[str, ...]):
        self.plugin_name = plugin_name
        self.function = function
        self.argnames = argnames


class _BuiltinHooks:
    """``manager.hook`` of :class:`_BuiltinsOnly`: calls the built-in hook functions."""

    def __init__(self, owner: _BuiltinsOnly):
        self._owner = owner

    def __getattr__(self, name: str) -> Any:
        owner = self._owner
        if owner.real is not None or _spec(name) is None:
            return getattr(owner.build().hook, name)
        return _BuiltinCaller(owner, name)


class _BuiltinCaller:
    def __init__(self, owner: _BuiltinsOnly, name: str):
        self._owner = owner
        self.name = name

    def __call__(self, **kwargs: Any) -> Any:
        owner = self._owner
        found = owner._impls.get(self.name)
        if owner.real is not None or (found and not all(a in kwargs for a in found[1])):
            return getattr(owner.build().hook, self.name)(**kwargs)  # pluggy's own errors
        firstresult = bool((_spec(self.name) or {}).get("firstresult"))
        value = None if found is None else found[0](*[kwargs[a] for a in found[1]])
        if firstresult:
            return value
        return [] if value is None else [value]

    def __getattr__(self, name: str) -> Any:  # get_hookimpls, call_historic, ...
        return getattr(getattr(self._owner.build().hook, self.name), name)


def _spec(name: str) -> dict[str, Any] | None:
    """The options of the hook specification ``name`` in :mod:`hookspecs`, or None."""
    return hookspecs.SPECS.get(name)
