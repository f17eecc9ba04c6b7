"""Inline suppressions in each format's comment syntax; unknown and unused ones reported."""

from __future__ import annotations

import json

import pytest

LINE = "Let's close the deal."


def lint(run, write, name: str, text: str, *extra: str):
    root = write({name: text})
    _, out, _ = run("--format", "json", "--select", "PR101,OL", *extra, str(root / name))
    return [(f["code"], f["line"]) for f in json.loads(out)["findings"]]


@pytest.mark.parametrize(
    ("name", "comment"),
    [
        ("a.md", "<!-- outreach-lint: disable-next-line=PR101 -->"),
        ("a.j2", "{# outreach-lint: disable-next-line=PR101 #}"),
        ("a.hbs", "{{!-- outreach-lint: disable-next-line=close-the-deal --}}"),
        ("a.txt", "# outreach-lint: disable-next-line=PR101"),
    ],
)
def test_next_line_in_each_syntax(run, write, name, comment):
    assert lint(run, write, name, f"{comment}\n{LINE}\n{LINE}\n") == [("PR101", 3)]


def test_region(run, write):
    text = f"{LINE}\n<!-- outreach-lint: disable=PR101 -->\n{LINE}\n{LINE}\n<!-- outreach-lint: enable=PR101 -->\n{LINE}\n"
    assert lint(run, write, "a.md", text) == [("PR101", 1), ("PR101", 6)]


def test_open_region_runs_to_end_of_file(run, write):
    text = f"{LINE}\n<!-- outreach-lint: disable -->\n{LINE}\n{LINE}\n"
    assert lint(run, write, "a.md", text) == [("PR101", 1)]


def test_disable_line_and_file(run, write):
    assert lint(
        run, write, "a.md", f"{LINE} <!-- outreach-lint: disable-line=PR101 -->\n{LINE}\n"
    ) == [("PR101", 2)]
    assert (
        lint(run, write, "b.md", f"{LINE}\n{{# outreach-lint: disable-file=pressure #}}\n{LINE}\n")
        == []
    )


def test_front_matter_key(run, write):
    text = f"---\nsubject: Hi\noutreach-lint-disable: [PR101]\n---\n{LINE}\n"
    assert lint(run, write, "a.md", text) == []


def test_unknown_and_unused_are_reported(run, write):
    text = f"<!-- outreach-lint: disable-next-line=PR999 -->\n{LINE}\n<!-- outreach-lint: disable-next-line=PR101 -->\nAll good here.\n"
    assert lint(run, write, "a.md", text) == [("OL006", 1), ("PR101", 2), ("OL007", 3)]


def test_directive_text_is_not_prose(run, write):
    text = "<!-- outreach-lint: disable-next-line=PR101 close the deal -->\nHello.\n"
    found = lint(run, write, "a.md", text)
    assert ("PR101", 1) not in found


@pytest.mark.parametrize("comment", ["disable-next-line=PR999", "disable-next-line=PR101"])
def test_meta_finding_names_the_file_when_nothing_else_is_flagged(run, write, comment):
    """OL006/OL007 alone in a file still carry its path (they used to print as ':3:1:')."""
    root = write({"a.md": f"Hi Sam,\n\n<!-- outreach-lint: {comment} -->\nHow is it going?\n"})
    _, out, _ = run("--format", "json", "--select", "PR101,OL", str(root / "a.md"))
    findings = json.loads(out)["findings"]
    assert [f["code"] for f in findings] in (["OL006"], ["OL007"])
    assert findings[0]["path"] == str(root / "a.md")
