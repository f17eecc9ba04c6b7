"""The plugin manager: built-ins plus installed entry points, each failure isolated.

A plugin that fails to import, or raises inside a hook, is reported by name and skipped; the
rest of the run goes on. Plugins come only from installed entry points (group
``outreach_lint``), never from configuration, and can be turned off with ``--no-plugins`` or
``OUTREACH_LINT_DISABLE_PLUGINS`` (``1`` for all, or a comma-separated list of names).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "outreach_lint"
DISABLE_ENV = "OUTREACH_LINT_DISABLE_PLUGINS"


@dataclass(frozen=True)
class PluginError:
    plugin: str
    where: str  # "import" or a hook name
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} failed in {self.where}: {self.message}"


@dataclass
class Plugins:
    manager: pluggy.PluginManager
    errors: list[PluginError] = field(default_factory=list)
    external: list[tuple[str, str]] = field(default_factory=list)  # (name, distribution/version)

    @property
    def hook(self) -> Any:
        return self.manager.hook

    def collect(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of a hook separately: one plugin's failure stays its own."""
        caller = getattr(self.manager.hook, hook_name)
        results = []
        for impl in reversed(caller.get_hookimpls()):
            try:
                value = impl.function(*[kwargs[a] for a in impl.argnames])
            except Exception as exc:  # a plugin's bug must not end the run
                self.errors.append(PluginError(impl.plugin_name, hook_name, _describe(exc)))
                continue
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

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


def create_plugins(*, no_plugins: bool = False, extra: tuple[Any, ...] = ()) -> Plugins:
    """The plugin manager for a run: built-ins, then entry points, then ``extra`` objects."""
    from . import builtin

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name="outreach_lint")
    plugins = Plugins(pm)
    all_off, blocked = _disabled_names(no_plugins)
    if not all_off:
        seen: set[str] = set()
        for ep, version in _entry_points():
            if ep.name in blocked or ep.name in seen:
                continue
            seen.add(ep.name)
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
