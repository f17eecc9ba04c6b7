"""The built-in plugin: registers outreach-lint's own rules, packs, formats and formatters.

It uses the same hooks as any third-party plugin, so everything a user sees from the built-ins a
plugin can provide too. Heavy modules are imported inside the hooks, only when asked for.
"""

from __future__ import annotations

# recorded without importing pluggy; marked with its hookimpl when pluggy is loaded (hookspecs.py)
from .hookspecs import builtin_impl as hookimpl


@hookimpl
def outreach_lint_rules() -> list:
    from .checks import builtin_rules

    return builtin_rules()


@hookimpl
def outreach_lint_rule_packs() -> list:
    from .packs import builtin_pack_paths

    return builtin_pack_paths()


#: (module in outreach_lint.formats, attribute) of every built-in format, in priority order
BUILTIN_FORMATS = (
    ("text", "FORMAT"),
    ("markdown", "FORMAT"),
    ("html", "FORMAT"),
    ("template", "FORMAT"),
    ("eml", "FORMAT"),
    ("sequence", "YAML_FORMAT"),
    ("sequence", "JSON_FORMAT"),
    ("sequence", "CSV_FORMAT"),
    ("sequence", "DATA_FORMAT"),
)


@hookimpl
def outreach_lint_document_formats() -> list:
    # parsers are imported when a file of theirs is linted (formats/lazy.py): start-up cost
    from .formats.lazy import formats

    return formats(BUILTIN_FORMATS)


@hookimpl
def outreach_lint_formatters() -> dict:
    from .formatters import BUILTIN_FORMATTERS

    return dict(BUILTIN_FORMATTERS)


@hookimpl(trylast=True)
def outreach_lint_lint_document(document, ruleset):
    from .engine import lint_document_core

    return lint_document_core(document, ruleset)


@hookimpl
def outreach_lint_lint_project(project):
    from .project import run_project_rules

    return run_project_rules(project, project.rules)
