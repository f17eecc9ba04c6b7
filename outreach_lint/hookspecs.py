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

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    from .document import Document
    from .formats import DocumentFormat
    from .model import Finding

PROJECT = "outreach_lint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def outreach_lint_rules() -> Sequence[Any]:
    """Return Python rules (objects made with :func:`outreach_lint.rules.rule`)."""


@hookspec
def outreach_lint_rule_packs() -> Sequence[str | Path]:
    """Return paths of TOML rule packs to load (see :mod:`outreach_lint.packs`)."""


@hookspec
def outreach_lint_document_formats() -> Sequence[DocumentFormat]:
    """Return input formats: a name, the extensions it claims and a parser."""


@hookspec(firstresult=True)
def outreach_lint_parse_document(
    path: str, text: str, format: str, settings: Mapping[str, Any]
) -> Sequence[Document] | None:
    """Parse one file into documents, or return None to let the next implementation try.

    When no implementation returns documents, the parser of the format registered under
    ``format`` (see :func:`outreach_lint_document_formats`) parses the file.
    """


@hookspec
def outreach_lint_formatters() -> Mapping[str, Any]:
    """Return output formatters: ``{name: callable(report, stream, options)}``."""


@hookspec(firstresult=True)
def outreach_lint_lint_document(document: Document, ruleset: Any) -> Sequence[Finding] | None:
    """Lint one document. Wrap it (``wrapper=True``) to drop, add or re-rank findings."""


@hookspec
def outreach_lint_lint_project(project: Any) -> Sequence[Finding] | None:
    """Judge the whole linted set after every file was linted; return located findings.

    ``project`` is a :class:`outreach_lint.project.Project`: ``project.signatures`` holds one
    :class:`outreach_lint.signature.DocSignature` per message (path, context, anchor position,
    metrics, MinHash); ``project.scope(code)`` gives a rule's context and the messages of the
    files that enable it. Make findings with :func:`outreach_lint.project.finding_at`. The
    engine drops findings of rules a file does not enable, or that its per-file ignores or
    file-wide suppressions name. The built-in implementation runs every enabled
    :class:`outreach_lint.project.ProjectRule`, including those plugins register through
    :func:`outreach_lint_rules`.
    """
