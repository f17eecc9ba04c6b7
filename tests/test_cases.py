"""Data-driven rule cases (tests/cases/<CODE>.toml) and the meta-test that every rule has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.engine import create_linter
from outreach_lint.testing import check_case, load_cases

CASES_DIR = Path(__file__).parent / "cases"
ALL_CASES = [c for path in sorted(CASES_DIR.glob("*.toml")) for c in load_cases(path)]


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_case(case):
    check_case(case, no_plugins=True)


def _builtin_metas():
    linter = create_linter(isolated=True, no_plugins=True)
    assert not linter.errors, linter.errors
    return linter.base_registry.metas()


# rules the engine reports itself; their cases live in the engine and CLI tests
ENGINE_REPORTED = {"OL002", "OL003", "OL004", "OL005"}


@pytest.mark.parametrize("meta", _builtin_metas(), ids=lambda m: m.code)
def test_every_rule_has_cases_and_examples(meta):
    """proselint's habit: a rule without failing and passing cases and examples is not done."""
    assert any(e.bad for e in meta.examples), f"{meta.code} has no bad example"
    assert any(not e.bad for e in meta.examples), f"{meta.code} has no good example"
    assert len(meta.rationale) > 80, f"{meta.code} needs a rationale that explains itself"
    if meta.code in ENGINE_REPORTED:
        return
    cases = [c for c in ALL_CASES if c.rule == meta.code]
    assert any(c.kind == "fail" for c in cases), (
        f"tests/cases/{meta.code}.toml needs [[fail]] cases"
    )
    assert any(c.kind == "pass" for c in cases), (
        f"tests/cases/{meta.code}.toml needs [[pass]] cases"
    )


_PLACEHOLDERS = ("{match}", "{replacement}", "{count}", "{max}")


@pytest.mark.parametrize("meta", _builtin_metas(), ids=lambda m: m.code)
def test_every_rule_says_what_to_write_instead(meta):
    """`explain` and docs/rules.md show "What to write instead" for every rule.

    Python rules declare it with ``instead=`` (their findings' suggestions vary per finding);
    a pack rule may use its one-line ``suggestion``, or ``instead`` when the suggestion is a
    per-finding template.
    """
    text = meta.what_to_write
    assert len(text) >= 40, f"{meta.code} needs `instead`: what to write instead, with an example"
    assert not any(p in text for p in _PLACEHOLDERS), (
        f"{meta.code}: 'What to write instead' shows a message placeholder; give it `instead`"
    )
    if not _is_pack_rule(meta.code):
        assert meta.instead, f"{meta.code} is a Python rule: declare `instead=` in @rule"


def _is_pack_rule(code):
    from outreach_lint.packs import PackRule

    linter = create_linter(isolated=True, no_plugins=True)
    return isinstance(linter.base_registry.rules[code], PackRule)


@pytest.mark.parametrize("meta", _builtin_metas(), ids=lambda m: m.code)
def test_examples_behave(meta):
    """The examples shown by `explain` and in docs/rules.md are themselves checked."""
    from outreach_lint.testing import Case, run_case

    if meta.code in ENGINE_REPORTED or meta.category == "meta":
        return
    for ex in meta.examples:
        case = Case(
            rule=meta.code, kind="fail" if ex.bad else "pass", text=ex.text, filename="example.txt"
        )
        found = run_case(case, no_plugins=True)
        if ex.bad:
            assert found, f"{meta.code}: bad example not flagged: {ex.text!r}"
        else:
            assert not found, (
                f"{meta.code}: good example flagged: {ex.text!r} -> {found[0].message}"
            )
