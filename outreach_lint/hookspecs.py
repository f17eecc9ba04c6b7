"""The plugin hooks of outreach-lint (pluggy project name ``outreach_lint``).

Built-in rules, packs, formats and output formatters are registered through these very hooks
by :mod:`outreach_lint.builtin`, just as a third-party plugin registers its own. A plugin is a
module (or object) with functions decorated by :data:`hookimpl`, published through the
entry-point group ``outreach_lint``::

    [project.entry-points.outreach_lint]
    my_rules = "my_package.plugin"

Plugins load only from installed entry points, never from a repository's configuration;
``--no-plugins`` or ``OUTREACH_LINT_DISABLE_PLUGINS=1`` turn them off for untrusted runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from .document import Document
    from .formats import DocumentFormat
    from .model import Finding

PROJECT = "outreach_lint"

# pluggy is imported when something first asks for :data:`hookspec` or :data:`hookimpl` (a
# plugin, or a run that builds pluggy's manager): a run with only the built-in plugin calls its
# hook functions without pluggy (``plugins._BuiltinsOnly``), and importing pluggy cost such a
# run ~18 M instructions (its modules build typing constructs at import). Until then the
# options of each specification and built-in implementation are recorded here, and
# :func:`load_pluggy` marks the functions with pluggy's own markers, exactly as the decorators
# did at import.

#: hook name -> the options of its specification (``hookspec(**options)``)
SPECS: dict[str, dict[str, Any]] = {}
#: hook name -> (the built-in implementation, its options: ``hookimpl(**options)``)
BUILTIN: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}


def _spec(**options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def record(function: Callable[..., Any]) -> Callable[..., Any]:
        SPECS[function.__name__] = options
        return function

    return record


def builtin_impl(function: Any = None, **options: Any) -> Any:
    """``hookimpl`` for :mod:`outreach_lint.builtin`: records the options, and marks the
    function with pluggy's marker once pluggy is loaded (:func:`load_pluggy`)."""

    def record(function: Callable[..., Any]) -> Callable[..., Any]:
        BUILTIN[function.__name__] = (function, options)
        if "hookimpl" in globals():
            globals()["hookimpl"](**options)(function)
        return function

    return record if function is None else record(function)


def load_pluggy() -> None:
    """Import pluggy, make :data:`hookspec` and :data:`hookimpl`, and mark the specifications
    and the built-in implementations recorded so far (once)."""
    namespace = globals()
    if "hookimpl" in namespace:
        return
    import pluggy

    spec = pluggy.HookspecMarker(PROJECT)
    impl = pluggy.HookimplMarker(PROJECT)
    for name, options in SPECS.items():
        spec(**options)(namespace[name])
    for function, options in BUILTIN.values():
        impl(**options)(function)
    namespace["hookspec"] = spec
    namespace["hookimpl"] = impl


def __getattr__(name: str) -> Any:
    if name in ("hookspec", "hookimpl"):
        load_pluggy()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@_spec()
def outreach_lint_rules() -> Sequence[Any]:
    """Return Python rules (objects made with :func:`outreach_lint.rules.rule`)."""


@_spec()
def outreach_lint_rule_packs() -> Sequence[str | Path]:
    """Return paths of TOML rule packs to load (see :mod:`outreach_lint.packs`)."""


@_spec()
def outreach_lint_document_formats() -> Sequence[DocumentFormat]:
    """Return input formats: a name, the extensions it claims and a parser."""


@_spec(firstresult=True)
def outreach_lint_parse_document(
    path: str, text: str, format: str, settings: Mapping[str, Any]
) -> Sequence[Document] | None:
    """Parse one file into documents, or return None to let the next implementation try.

    When no implementation returns documents, the parser of the format registered under
    ``format`` (see :func:`outreach_lint_document_formats`) parses the file.
    """


@_spec()
def outreach_lint_formatters() -> Mapping[str, Any]:
    """Return output formatters: ``{name: callable(report, stream, options)}``."""


@_spec(firstresult=True)
def outreach_lint_lint_document(document: Document, ruleset: Any) -> Sequence[Finding] | None:
    """Lint one document. Wrap it (``wrapper=True``) to drop, add or re-rank findings."""


@_spec()
def outreach_lint_lint_project(project: Any) -> Iterable[Finding] | None:
    """Judge the whole linted set after every file was linted; return located findings.

    Any iterable will do; a generator is consumed as it yields (the engine spills each finding
    to disk as it comes, so a large run never holds them all), and one that raises while it is
    consumed is reported as this plugin's error, keeping what it yielded before.

    ``project`` is a :class:`outreach_lint.project.Project`: ``project.signatures`` holds one
    :class:`outreach_lint.signature.DocSignature` per message (path, context, anchor position,
    metrics, MinHash); ``project.scope(code)`` gives a rule's context and the messages of the
    files that enable it. Make findings with :func:`outreach_lint.project.finding_at`. The
    engine drops findings of rules a file does not enable, or that its per-file ignores or
    file-wide suppressions name. The built-in implementation runs every enabled
    :class:`outreach_lint.project.ProjectRule`, including those plugins register through
    :func:`outreach_lint_rules`.
    """
