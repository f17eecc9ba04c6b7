"""Built-in formats that import their parser only when a file of theirs is linted.

Importing every parser (HTML, e-mail, YAML front matter and sequence exports...) costs more than
linting a small file; a pre-commit run over one ``.txt`` template needs none of them. What the
engine needs up front (name, extensions, whether it sniffs, whether walks discover it) is kept in
the compiled cache (:mod:`outreach_lint.compiled`), keyed by the size and mtime of the format
modules; a lazy format imports its module on first ``parse`` or ``sniff``. Without a
cache entry (first run, edited checkout), the real formats are imported and returned.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence

from . import DocumentFormat

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_PACKAGE = __name__.rsplit(".", 1)[0]


def _loader(module: str, attr: str) -> Any:
    def real() -> Any:
        return getattr(importlib.import_module(f"{_PACKAGE}.{module}"), attr)

    return real


def lazy_format(meta: dict[str, Any]) -> DocumentFormat:
    """A real DocumentFormat whose ``parse``/``sniff`` import the parser on first call."""
    real = _loader(meta["module"], meta["attr"])

    def parse(path: str, text: str, settings: Any) -> Any:
        return real().parse(path, text, settings)

    def sniff(text: str) -> bool:
        fn = real().sniff
        return bool(fn(text)) if fn is not None else False

    parse.lazy = sniff.lazy = True  # type: ignore[attr-defined]
    return DocumentFormat(
        name=meta["name"],
        extensions=tuple(meta["extensions"]),
        parse=parse,
        sniff=sniff if meta["sniff"] else None,
        description=meta["description"],
        discover=meta["discover"],
    )


def _key() -> str:
    from .. import compiled

    here = os.path.dirname(os.path.realpath(__file__))
    parts = [compiled.code_key()]
    for name in sorted(os.listdir(here)):
        if name.endswith(".py"):
            try:
                st = os.stat(os.path.join(here, name))
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{name}:-")
    return compiled.digest(*parts)


_FIELDS = {"module": str, "attr": str, "name": str, "description": str, "discover": bool}


def _valid(meta: Any, specs: Sequence[tuple[str, str]]) -> bool:
    if not isinstance(meta, list) or len(meta) != len(specs):
        return False
    for entry, (module, attr) in zip(meta, specs):
        if not isinstance(entry, dict) or (entry.get("module"), entry.get("attr")) != (
            module,
            attr,
        ):
            return False
        if not all(isinstance(entry.get(k), t) for k, t in _FIELDS.items()):
            return False
        if not isinstance(entry.get("sniff"), bool):
            return False
        exts = entry.get("extensions")
        if not isinstance(exts, list) or not all(isinstance(e, str) for e in exts):
            return False
    return True


def formats(specs: Sequence[tuple[str, str]]) -> list[Any]:
    """The formats named by ``(module, attribute)`` pairs, lazily when the cache knows them."""
    from .. import compiled

    key = _key()
    name = f"formats-{key[:16]}"
    meta = compiled.load(name, key)
    if _valid(meta, specs):
        return [lazy_format(m) for m in meta]
    real = [getattr(importlib.import_module(f"{_PACKAGE}.{m}"), a) for m, a in specs]
    compiled.save(
        name,
        key,
        [
            {
                "module": m,
                "attr": a,
                "name": f.name,
                "extensions": list(f.extensions),
                "description": f.description,
                "discover": bool(getattr(f, "discover", True)),
                "sniff": f.sniff is not None,
            }
            for (m, a), f in zip(specs, real)
        ],
    )
    compiled.prune("formats", name)
    return real
