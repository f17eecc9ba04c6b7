"""A plugin that raises in any hook is reported by name; the other rules still run; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.hookspecs import hookimpl

BAD = "Hi Sam,\n\nLet's close the deal this week.\n"


class Boom(Exception):
    pass


def _plugin(hook: str):
    class Broken:
        __name__ = f"broken_{hook}"

    params = {
        "rules": "()",
        "rule_packs": "()",
        "document_formats": "()",
        "formatters": "()",
        "parse_document": "(path, text, format, settings)",
        "lint_document": "(document, ruleset)",
    }[hook]
    ns: dict = {}
    exec(
        f"def outreach_lint_{hook}{params}: raise Boom({hook!r} + ' exploded')", {"Boom": Boom}, ns
    )
    fn = ns[f"outreach_lint_{hook}"]
    obj = Broken()
    setattr(obj, f"outreach_lint_{hook}", hookimpl(fn))
    return obj


@pytest.mark.parametrize(
    "hook",
    ["rules", "rule_packs", "document_formats", "parse_document", "lint_document", "formatters"],
)
def test_a_raising_hook_is_isolated_and_named(tmp_path, hook):
    from outreach_lint.cli import _formatters
    from outreach_lint.engine import Report, create_linter

    (tmp_path / "a.md").write_text(BAD)
    linter = create_linter(isolated=True, no_plugins=True, extra_plugins=(_plugin(hook),))
    result = linter.lint_file(tmp_path / "a.md")
    formatters, _ = _formatters(linter)
    assert "text" in formatters and "json" in formatters
    report = Report(files=[result], errors=[str(e) for e in linter.plugins.errors])
    assert [f.code for f in result.findings] == ["PR101"]  # the other rules still ran
    [error] = linter.plugins.errors
    assert error.plugin == f"broken_{hook}" and f"{hook} exploded" in error.message
    assert report.exit_code == 2


def test_a_rule_that_raises_is_an_ol004_finding_naming_it(tmp_path):
    from outreach_lint.engine import create_linter
    from outreach_lint.rules import rule

    @rule(
        code="PR951",
        name="always-crashes",
        category="pressure",
        summary="x",
        rationale="x",
        bad=("x",),
        good=("y",),
    )
    def crashes(doc, ctx):
        raise Boom("rule bug")
        yield  # pragma: no cover

    class Plugin:
        __name__ = "crashy"

        @hookimpl
        def outreach_lint_rules(self):
            return [crashes]

    (tmp_path / "a.md").write_text(BAD)
    from outreach_lint.config import Overrides

    linter = create_linter(
        isolated=True,
        no_plugins=True,
        extra_plugins=(Plugin(),),
        overrides=Overrides(extend_select=("PR951",)),
    )
    result = linter.lint_file(tmp_path / "a.md")
    codes = [f.code for f in result.findings]
    assert "PR101" in codes and "OL004" in codes and result.internal_errors == 1
    [crash] = [f for f in result.findings if f.code == "OL004"]
    assert "PR951" in crash.message and "plugin crashy" in crash.message


def test_a_plugin_formatter_that_raises_is_one_line_exit_2(tmp_path):
    from outreach_lint.cli import _formatter, _PluginFailure

    def broken(report, stream, options):
        raise Boom("formatter bug")

    with pytest.raises(_PluginFailure, match="plugin 'fancy' failed in its output formatter"):
        _formatter(broken, "fancy")(None, None, None)


def test_a_plugin_parser_returning_garbage_is_named(tmp_path):
    from outreach_lint.engine import create_linter

    class Garbage:
        __name__ = "garbage_parser"

        @hookimpl
        def outreach_lint_parse_document(self, path, text, format, settings):
            return ["not a document"]

    (tmp_path / "a.md").write_text(BAD)
    linter = create_linter(isolated=True, no_plugins=True, extra_plugins=(Garbage(),))
    result = linter.lint_file(Path(tmp_path / "a.md"))
    assert [f.code for f in result.findings] == ["PR101"]
    [error] = linter.plugins.errors
    assert error.plugin == "garbage_parser" and "not a list of Documents" in error.message
