"""Built-in Python rules: one module per concern, each exposing ``RULES``.

They register through the ``outreach_lint_rules`` hook exactly as a plugin's rules do.
"""

from __future__ import annotations

import importlib

#: modules under outreach_lint.checks that hold built-in rules
MODULES = (
    "meta",
    "balance",
    "repo",
    "personalization",
    "focus",
    "monologue",
    "subject",
    "shouting",
    "templates",
    "parsing",
    "pressure",
    "pressure_frames",
    "pressure_score",
    "pressure_threat",
    "bumps",
)


def builtin_rules() -> list:
    rules = []
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        rules.extend(module.RULES)
    return rules
