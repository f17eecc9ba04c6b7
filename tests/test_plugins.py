"""Plugins in-process: wrappers re-rank findings, misspelled hooks and crashes are isolated."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.config import Overrides
from outreach_lint.engine import create_linter
from outreach_lint.hookspecs import hookimpl
from outreach_lint.model import Severity
from outreach_lint.rules import rule

TEXT = b"Dear Sir/Madam,\n\nLet's close the deal this week.\n"


def lint(*plugins, select=None):
    linter = create_linter(
        isolated=True, no_plugins=True, extra_plugins=plugins, overrides=Overrides(select=select)
    )
    result = linter.lint_file(Path("a.txt"), data=TEXT)
    return linter, result


class DropPressure:
    """A wrapper that drops pressure findings and raises blast findings to errors."""

    @hookimpl(wrapper=True)
    def outreach_lint_lint_document(self, document, ruleset):
        findings = yield
        return [
            f.with_(severity=Severity.ERROR) if f.category == "blast" else f
            for f in findings
            if f.category != "pressure"
        ]


def test_wrapper_can_drop_and_rerank():
    _, result = lint(DropPressure())
    assert [(f.code, f.severity) for f in result.findings] == [("BL101", Severity.ERROR)]


class ExtraRule:
    @hookimpl
    def outreach_lint_rules(self):
        @rule(
            code="PR950",
            name="test-extra",
            category="pressure",
            summary="s",
            rationale="r" * 90,
            bad=("x",),
            good=("y",),
        )
        def extra(doc, ctx):
            from outreach_lint.model import Span

            yield ctx.finding(Span(0, 4), "extra")

        return [extra]


def test_plugin_rule_runs_and_origin_is_recorded():
    linter, result = lint(ExtraRule())
    assert "PR950" in {f.code for f in result.findings}
    assert linter.base_registry.rules["PR950"].meta.origin.startswith("plugin ")


class Misspelled:
    @hookimpl
    def outreach_lint_rulez(self):
        return []


def test_misspelled_hook_is_caught_by_check_pending():
    import pluggy
    import pytest

    from outreach_lint.plugins import create_plugins

    with pytest.raises(pluggy.PluginValidationError):
        create_plugins(no_plugins=True, extra=(Misspelled(),)).manager.check_pending()


class CrashingRule:
    @hookimpl
    def outreach_lint_rules(self):
        @rule(
            code="PR951",
            name="test-crash",
            category="pressure",
            summary="s",
            rationale="r" * 90,
            bad=("x",),
            good=("y",),
        )
        def crash(doc, ctx):
            raise ZeroDivisionError("bad rule")

        return [crash]


def test_crashing_rule_is_an_internal_error_and_others_still_report():
    _, result = lint(CrashingRule())
    codes = [f.code for f in result.findings]
    assert "OL004" in codes and "BL101" in codes and "PR101" in codes
    msg = next(f.message for f in result.findings if f.code == "OL004")
    assert "rule PR951" in msg and "ZeroDivisionError: bad rule" in msg
    assert result.internal_errors == 1


class CrashingWrapper:
    @hookimpl(wrapper=True)
    def outreach_lint_lint_document(self, document, ruleset):
        yield
        raise RuntimeError("wrapper broke")


def test_crashing_wrapper_is_blamed_and_findings_still_come():
    linter, result = lint(CrashingWrapper())
    assert {"BL101", "PR101"} <= {f.code for f in result.findings}
    assert any("wrapper broke" in str(e) for e in linter.plugins.errors)
    assert linter.plugins.errors[0].plugin != "outreach_lint"


class DuplicateCode:
    @hookimpl
    def outreach_lint_rules(self):
        @rule(
            code="PR101",
            name="test-dup",
            category="pressure",
            summary="s",
            rationale="r" * 90,
            bad=("x",),
            good=("y",),
        )
        def dup(doc, ctx):
            return ()

        return [dup]


def test_plugin_cannot_take_a_builtin_code():
    linter, _ = lint(DuplicateCode())
    assert any("PR101" in e and "already taken" in e for e in linter.errors)


class FollowUpOnlyRule:
    """A plugin rule that judges only follow-ups, declared the way built-in rules declare it."""

    calls = 0

    @hookimpl
    def outreach_lint_rules(self):
        @rule(
            code="FU950",
            name="test-follow-up-only",
            category="follow-up",
            summary="s",
            rationale="r" * 90,
            kinds=("follow-up",),
            bad=("x",),
            good=("y",),
        )
        def follow_up_only(doc, ctx):
            from outreach_lint.model import Span

            FollowUpOnlyRule.calls += 1
            yield ctx.finding(Span(0, 1), "judged")

        return [follow_up_only]


@pytest.mark.parametrize(
    ("config", "kind", "fires"),
    [
        ("", "follow-up", True),
        ("", "first-touch", False),
        ('[rules.FU950]\nkinds = ["first-touch"]\n', "first-touch", True),
        ('[rules.FU950]\nkinds = ["first-touch"]\n', "follow-up", False),
    ],
)
def test_rule_kinds_gate_skips_other_kinds_before_the_check_runs(tmp_path, config, kind, fires):
    """``@rule(kinds=...)`` adds a user-settable ``kinds`` option and the engine, not the check,
    skips the other kinds (the check is never called for them)."""
    cfg = tmp_path / "outreach-lint.toml"
    cfg.write_text('select = ["FU950"]\n' + config)
    linter = create_linter(config=cfg, no_plugins=True, extra_plugins=(FollowUpOnlyRule(),))
    FollowUpOnlyRule.calls = 0
    text = f"Kind: {kind}\nSubject: Hello\n\nHi Sam,\n\nHow is the Denver launch going?\n"
    result = linter.lint_file(tmp_path / "a.txt", data=text.encode())
    assert [f.code for f in result.findings] == (["FU950"] if fires else [])
    assert FollowUpOnlyRule.calls == (1 if fires else 0)
