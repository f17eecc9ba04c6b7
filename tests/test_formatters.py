"""Every output format: golden files, and the consumers' own parsers and schemas."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from outreach_lint import __version__
from outreach_lint.formatters import BUILTIN_FORMATTERS

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SCHEMA = json.loads((HERE / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
FORMATS = sorted(BUILTIN_FORMATTERS)


@pytest.fixture
def fixture_repo(tmp_path):
    """A copy of the golden fixture (so nothing a test does can touch the checkout)."""
    dest = tmp_path / "repo"
    shutil.copytree(GOLDEN / "fixture", dest)
    return dest


def _normalize(text: str) -> str:
    return text.replace(f'"{__version__}"', '"<version>"')


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(run, fixture_repo, fmt):
    code, out, err = run(".", "--format", fmt, "--no-color", cwd=fixture_repo)
    assert code == 1, err
    assert err == ""
    golden = GOLDEN / f"{fmt}.out"
    got = _normalize(out)
    if os.environ.get("OUTREACH_LINT_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden for {fmt}: see tests/golden/README.md"
    assert got == golden.read_text(encoding="utf-8")


def test_every_format_has_a_golden():
    outs = {p.stem for p in GOLDEN.glob("*.out")}
    assert outs == set(FORMATS)


# --------------------------------------------------------------------------- SARIF


def _sarif(run, cwd, *args):
    from jsonschema import Draft4Validator

    code, out, _err = run(".", "--format", "sarif", *args, cwd=cwd)
    log = json.loads(out)
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, "\n".join(str(e) for e in errors[:3])
    return code, log


def test_sarif_validates_and_has_rule_metadata(run, fixture_repo):
    code, log = _sarif(run, fixture_repo)
    assert code == 1
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["HY901", "IC901", "PR901"]
    hy = rules[0]
    assert hy["name"] == "plain-words"
    assert hy["shortDescription"]["text"] == "Jargon with a plain alternative"
    assert hy["fullDescription"]["text"].startswith("Jargon makes the reader translate")
    assert "\n\n" in hy["fullDescription"]["text"]  # paragraphs kept
    assert hy["defaultConfiguration"]["level"] == "warning"
    assert hy["properties"]["tags"] == ["hype"]
    assert rules[1]["defaultConfiguration"]["level"] == "note"
    assert rules[2]["defaultConfiguration"]["level"] == "error"
    results = run_["results"]
    assert len(results) == 5
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["outreachLint/v1"]
    leverage = next(r for r in results if "leverage" in r["message"]["text"])
    loc = leverage["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "cold.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 6, "startColumn": 32, "endLine": 6, "endColumn": 40}
    (fix,) = leverage["fixes"]
    (change,) = fix["artifactChanges"]
    (rep,) = change["replacements"]
    assert rep["insertedContent"]["text"] == "use"
    region = rep["deletedRegion"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (6, 32, 40)
    text = (fixture_repo / "cold.md").read_text(encoding="utf-8")
    assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "leverage"


def test_sarif_validates_on_the_builtin_rules_and_examples(run):
    _code, log = _sarif(run, HERE.parent / "examples")
    assert log["runs"][0]["results"], "the examples have findings"
    ids = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in log["runs"][0]["results"]} <= ids


def test_sarif_fingerprints_survive_unrelated_edits(run, fixture_repo):
    _, before = _sarif(run, fixture_repo)
    cold = fixture_repo / "cold.md"
    cold.write_text(
        cold.read_text(encoding="utf-8").replace(
            "Hi {{ first_name }},", "Hi {{ first_name }},\n\nP.S.\n"
        ),
        encoding="utf-8",
    )
    _, after = _sarif(run, fixture_repo)

    def prints(log):
        return sorted(
            r["partialFingerprints"]["outreachLint/v1"] for r in log["runs"][0]["results"]
        )

    assert prints(before) == prints(after)
    lines_before = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in before["runs"][0]["results"]
    }
    lines_after = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in after["runs"][0]["results"]
    }
    assert lines_before != lines_after  # the findings did move


# --------------------------------------------------------------------------- JUnit


def test_junit_parses_one_testcase_per_file(run, fixture_repo):
    _code, out, _ = run(".", "--format", "junit", cwd=fixture_repo)
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"cold.md", "good.md", "sequences/step-2.txt"}
    assert len(cases["cold.md"].findall("failure")) == 3
    assert len(cases["sequences/step-2.txt"].findall("failure")) == 2
    assert cases["good.md"].findall("failure") == []
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    msg = cases["cold.md"].findall("failure")[2].get("message")
    assert msg == "PR901 'Act now' pushes the reader: <give them a reason & a choice>"


def test_junit_survives_hostile_names_and_copy(run, write):
    root = write(
        {
            ".outreach-lint.toml": 'packs = ["p.toml"]\nselect = ["PR901"]\n',
            "p.toml": (GOLDEN / "fixture" / "house.toml").read_text(encoding="utf-8"),
            'x"]]><evil a="1">&\x1b.txt': "Act now \x07 ]]> </failure> now.\n",
        }
    )
    _code, out, _ = run(".", "--format", "junit", cwd=root)
    tree = ET.fromstring(out)
    assert tree.find(".//evil") is None
    (case,) = tree.iter("testcase")
    assert case.get("name") == 'x"]]><evil a="1">&\\u001b.txt'
    assert len(case.findall("failure")) == 1


# --------------------------------------------------------------------------- GitLab


def test_gitlab_code_quality_fields(run, fixture_repo):
    _code, out, _ = run(".", "--format", "gitlab", cwd=fixture_repo)
    issues = json.loads(out)
    assert len(issues) == 5
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert not issue["location"]["path"].startswith(("/", "./"))
    assert len({i["fingerprint"] for i in issues}) == 5
    by_check = {}
    for i in issues:
        by_check.setdefault(i["check_name"], i)
    assert by_check["PR901 act-now"]["severity"] == "major"
    assert by_check["IC901 we-statement"]["severity"] == "info"
    assert by_check["HY901 plain-words"]["location"] == {
        "path": "cold.md",
        "lines": {"begin": 6, "end": 6},
    }


def test_gitlab_fingerprints_stable_and_distinct(run, fixture_repo):
    _, out1, _ = run(".", "--format", "gitlab", cwd=fixture_repo)
    seq = fixture_repo / "sequences" / "step-2.txt"
    # an unrelated edit above, and a second identical finding on a copy of the line
    seq.write_bytes(b"Note.\r\n" + seq.read_bytes() + b"Teams utilize our tool daily. Nope.\r\n")
    _, out2, _ = run(".", "--format", "gitlab", cwd=fixture_repo)
    one = {i["fingerprint"] for i in json.loads(out1)}
    two = json.loads(out2)
    assert one <= {i["fingerprint"] for i in two}
    assert len(two) == 6 and len({i["fingerprint"] for i in two}) == 6


# --------------------------------------------------------------------------- GitHub


HOSTILE_PACK = """
schema-version = 1
[[rules]]
code = "PR902"
name = "hostile"
category = "pressure"
severity = "warning"
kind = "existence"
summary = "s"
message = "100% sure: a,b\\n::error::injected\\r\\nend"
rationale = "r"
phrases = ["act now"]
[rules.examples]
bad = ["act now"]
good = ["later"]
"""


def test_github_escaping(run, write):
    from outreach_lint.formatters.github import escape_data, escape_property

    name = "we%ird:na,me\n::error file=x::boom.txt"
    root = write(
        {
            ".outreach-lint.toml": 'packs = ["p.toml"]\nselect = ["PR902"]\n',
            "p.toml": HOSTILE_PACK,
            name: "Please act now.\n",
        }
    )
    code, out, _ = run(".", "--format", "github", cwd=root)
    assert code == 1
    assert out.count("\n") == 1 and out.endswith("\n")
    line = out[:-1]
    assert line == (
        "::warning file=we%25ird%3Ana%2Cme%0A%3A%3Aerror file=x%3A%3Aboom.txt,"
        "line=1,col=8,endLine=1,endColumn=15,title=PR902 hostile::"
        "100%25 sure: a,b%0A::error::injected%0D%0Aend"
    )
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert escape_data("bell\x07 esc\x1b") == "bell\\u0007 esc\\u001b"


# --------------------------------------------------------------------------- others


def test_jsonl_one_object_per_finding(run, fixture_repo):
    _, out, _ = run(".", "--format", "jsonl", cwd=fixture_repo)
    rows = [json.loads(line) for line in out.splitlines()]
    _, full, _ = run(".", "--format", "json", cwd=fixture_repo)
    assert rows == json.loads(full)["findings"]


def test_concise_one_line_per_finding(run, fixture_repo):
    _, out, _ = run(".", "--format", "concise", cwd=fixture_repo)
    lines = out.splitlines()
    assert lines[0] == "cold.md:6:1: IC901 [info] 'We are proud to offer' talks about us"
    assert len([ln for ln in lines if ": " in ln and ln.split(":")[1].isdigit()]) == 5


def test_output_file_gets_report_terminal_gets_summary(run, fixture_repo, tmp_path):
    target = tmp_path / "report.sarif"
    code, out, err = run(".", "--format", "sarif", "--output-file", str(target), cwd=fixture_repo)
    assert code == 1 and err == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert out.splitlines() == [
        "Found 5 findings (2 errors, 2 warnings, 1 info) in 2 of 3 files.",
        "2 fixable with --fix (1 more with --fix --unsafe-fixes).",
        f"Wrote the sarif report to {target}.",
    ]


def test_output_file_unwritable_is_a_clear_error(run, fixture_repo, tmp_path):
    code, _out, err = run(
        ".", "--output-file", str(tmp_path / "missing" / "r.json"), cwd=fixture_repo
    )
    assert code == 2
    assert "cannot write --output-file" in err and "missing" in err


def test_unknown_format_lists_the_formats(run, fixture_repo):
    code, _, err = run(".", "--format", "xml", cwd=fixture_repo)
    assert code == 2
    for fmt in FORMATS:
        assert fmt in err
