"""Output injection: nothing from a file's name or text can drive a terminal, a CI log or a parser.

One hostile file (a name with a newline, a fake workflow command and an escape sequence; copy
with ANSI escapes, a fake `::set-output`, bidi overrides and XML/HTML metacharacters) goes
through every output format. Each format must stay well formed, and no raw control character
or line-initial workflow command that we did not write may reach the output.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

HOSTILE_NAME = "evil\n::set-output name=x::pwned\x1b[2J <x>&.md"
HOSTILE_TEXT = (
    "Dear Sir/Madam,\n\n"
    "\x1b[31mLet's close the deal\x1b[0m today.\n"
    "::set-output name=token::stolen\n"
    "::error file=x,line=1::fake annotation close the deal\n"
    "\u202eclose the deal\u202c </testcase><script>alert(1)</script> ]]> &amp;\n"
)
FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "junit", "gitlab")
SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"


@pytest.fixture
def hostile(write):
    try:
        root = write({HOSTILE_NAME: HOSTILE_TEXT, "::warning file=a::pwned.md": HOSTILE_TEXT})
    except OSError:  # a file system that refuses such names
        pytest.skip("file system refuses control characters in names")
    return root


def _no_raw_controls(out: str) -> None:
    assert "\x1b" not in out, "raw ESC reached the output"
    assert "\u202e" not in out and "\u202c" not in out, "raw bidi override reached the output"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_neutralises_hostile_input(run, hostile, fmt):
    code, out, err = run("--format", fmt, "--no-cache", str(hostile))
    assert code == 1, err
    _no_raw_controls(out)
    _no_raw_controls(err)
    lines = out.splitlines()
    # no line may start a workflow command except the ones the github format writes itself
    for line in lines:
        if line.startswith("::"):
            assert fmt == "github" and line.startswith(("::warning ", "::error ", "::notice ")), (
                line
            )
            assert "::set-output" not in line.split("::", 2)[1]
    assert not any(line.startswith("::set-output") for line in lines)
    if fmt in ("json", "sarif", "gitlab"):
        data = json.loads(out)
        if fmt == "sarif":
            import jsonschema

            jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(
                data
            )
    elif fmt == "jsonl":
        for line in lines:
            json.loads(line)
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "github":
        assert all(
            line.startswith(("::warning ", "::error ", "::notice ")) for line in lines if line
        )


def test_html_report_escapes_hostile_input(run, hostile, tmp_path):
    report = tmp_path / "report.html"
    code, out, err = run("report", str(hostile), "-o", str(report))
    assert code in (0, 1), err
    html = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "\x1b" not in html


def test_score_table_escapes_hostile_names(run, hostile):
    code, out, err = run("score", str(hostile))
    _no_raw_controls(out)
    assert not any(line.startswith("::set-output") for line in out.splitlines())
