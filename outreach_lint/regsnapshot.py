"""A snapshot of the rule registry: a warm result-cache hit without importing every rule.

A run whose every file is served by the result cache still has to validate the selection
(``select``, ``ignore``, ``per-file-ignores``, ``[rules.X]`` options), and the report names
the rules it found. Both need only the rules' metadata (codes, names, categories, options and
their defaults, severities), yet building the registry imports all 13 check modules and loads
every built-in pack: for one unchanged file that cost more than the rest of the hit.

So when a run uses the result cache, the metadata of the base registry (built-ins and
plugins, in registration order) is kept in the compiled cache (:mod:`outreach_lint.compiled`,
entry ``registry-<key>``) and a later run validates against it (:meth:`Linter.ruleset_for`
builds the real rule set only when a file is actually linted).

How it stays exact:

* The key is the result cache's own rule-set key (:func:`cache.ruleset_fingerprint`: the
  version, the size and mtime of every source file of outreach-lint, the bytes of the
  built-in and plugin packs, every plugin's name, version and module), so anything that
  would invalidate a cached result invalidates the snapshot too.
* It is written only from a registry whose building reported no problem (a plugin or pack
  error must be reported every run, so such a run never uses a snapshot), and only after the
  stored text was read back into metadata *equal* to the registry's (``RuleMeta`` equality
  compares every field) in the same order.
* It is read like a result-cache entry: JSON decoded into the fixed allow-list of this
  package's frozen dataclasses (:func:`cache.loads_entry`), then checked for shape and
  rebuilt with :meth:`Registry.add` (unique codes and names). A damaged, stale, foreign or
  ill-shaped snapshot is a miss: the registry is built as usual.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any


#: bumped when the stored layout changes
FORMAT = 1


class MetaOnly:
    """A rule of a snapshot: its metadata, nothing to run (selection and reports need no more).

    ``meta`` is a :class:`LightMeta`: selection reads only a rule's code, name, category and
    whether it is on by default, so the full ``RuleMeta`` (summary, rationale, examples,
    options) is decoded only for the few rules a run reports or configures.
    """

    __slots__ = ("meta",)

    def __init__(self, meta: Any) -> None:
        self.meta = meta


class LightMeta:
    """The identity of a rule (what selection reads); anything else comes from the full
    ``RuleMeta``, decoded from its stored JSON on first use (:meth:`full`)."""

    __slots__ = ("_full", "_text", "category", "code", "default_enabled", "name")

    def __init__(self, code: str, name: str, category: str, default_enabled: bool, text: str):
        self.code = code
        self.name = name
        self.category = category
        self.default_enabled = default_enabled
        self._text = text
        self._full: Any = None

    def full(self) -> Any:
        """The rule's ``RuleMeta``; :class:`SnapshotError` when the stored one is damaged or
        does not match the identity it was filed under."""
        if self._full is None:
            from .cache import loads_entry
            from .model import RuleMeta

            try:
                meta = loads_entry(self._text)
            except (ValueError, TypeError, RecursionError):
                meta = None
            if type(meta) is not RuleMeta or _identity(meta) != (
                self.code,
                self.name,
                self.category,
                self.default_enabled,
            ):
                raise SnapshotError(f"the stored metadata of {self.code} is damaged")
            self._full = meta
        return self._full

    def __getattr__(self, name: str) -> Any:  # options, default_options, option()...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.full(), name)


class SnapshotError(Exception):
    """A snapshot's part turned out damaged after it was loaded (a CRC-checked file makes this
    a matter of a foreign writer, not of chance)."""


def _identity(meta: Any) -> tuple:
    return (meta.code, meta.name, meta.category, meta.default_enabled)


def _key(ruleset_key: str) -> str:
    from . import compiled

    return compiled.digest("registry", str(FORMAT), ruleset_key)


def _name(key: str) -> str:
    return f"registry-{key[:24]}"


def _registry(items: Any) -> Any:
    """A registry of :class:`MetaOnly` rules, or None when ``items`` is not a list of
    ``(code, name, category, default_enabled, json)`` with unique codes and names."""
    from .registry import Registry, SelectionError

    if type(items) is not list:
        return None
    registry = Registry()
    for item in items:
        if not (
            type(item) is tuple
            and len(item) == 5
            and type(item[0]) is str
            and type(item[1]) is str
            and type(item[2]) is str
            and type(item[3]) is bool
            and type(item[4]) is str
        ):
            return None
        try:
            registry.add(MetaOnly(LightMeta(*item)))  # type: ignore[arg-type]
        except (SelectionError, SnapshotError):
            return None
    return registry


def load(ruleset_key: str) -> Any:
    """The registry snapshot for ``ruleset_key`` (rules are :class:`MetaOnly`), or None."""
    from . import compiled

    key = _key(ruleset_key)
    return _registry(compiled.load(_name(key), key))


def save(ruleset_key: str, registry: Any) -> bool:
    """Store the metadata of ``registry`` for ``ruleset_key``; False when it cannot be stored
    exactly (a plugin option whose default is not plain data, say)."""
    import json

    from . import compiled
    from .cache import encode

    metas = [rule.meta for rule in registry.rules.values()]
    try:
        items = [
            (
                *_identity(m),
                json.dumps(encode(m), ensure_ascii=False, separators=(",", ":")),
            )
            for m in metas
        ]
        again = _registry(items)
        same = (
            again is not None
            and [r.meta.full() for r in again.rules.values()] == metas
            and list(again.rules) == list(registry.rules)
            and list(again.by_name.items()) == list(registry.by_name.items())
        )
    except (TypeError, ValueError, RecursionError, SnapshotError):
        return False
    if not same:
        return False
    key = _key(ruleset_key)
    compiled.save(_name(key), key, items)
    compiled.prune("registry", _name(key))
    return True
