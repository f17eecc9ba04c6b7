"""Docs generated from the rules must match the rules, and the README's commands must exist."""

from __future__ import annotations

import re

from conftest import ROOT

from outreach_lint.engine import create_linter
from outreach_lint.ruledocs import rules_markdown


def test_rules_md_is_fresh():
    linter = create_linter(isolated=True, no_plugins=True)
    metas = [m for m in linter.base_registry.metas() if m.origin == "builtin"]
    expected = rules_markdown(metas)
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/rules.md is stale: run `python -m outreach_lint.ruledocs > docs/rules.md`"
    )


def test_readme_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert len(blocks) == 2 and all(b.count("\n") == 1 for b in blocks)
    assert "outreach-lint examples/" in blocks[0]
    assert "pip install -e '.[test]' && python -m pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && python -m pytest" in ci
