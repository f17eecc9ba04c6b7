"""Messages and spans a new user reads: found while auditing the docs against real runs."""

from __future__ import annotations

import json


def _findings(run, write, name: str, text: str, select: str) -> list[dict]:
    root = write({name: text})
    _, out, _ = run("--format", "json", "--no-cache", "--select", select, str(root / name))
    return json.loads(out)["findings"]


def test_ask_quotes_close_the_space_left_by_masked_markup(run, write):
    text = (
        "Hi Ada,\n\nCould we find a time to talk next week?\n\n"
        "**Subject**: Still relevant?\n\nBook a demo here.\n"
    )
    (finding,) = _findings(run, write, "a.md", text, "MO153")
    assert "Subject :" not in finding["message"]
    assert "'Subject: Still relevant?'" in finding["message"]


def test_nameless_greeting_span_ends_before_a_merge_tag(run, write):
    (finding,) = _findings(run, write, "a.html", "Hi{{#if company}}\n", "BL102")
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 1, 3)
