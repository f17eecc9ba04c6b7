"""The CLI through main(argv): exit codes, output contract, errors that keep the run going."""

from __future__ import annotations

import json

import pytest

from outreach_lint import __version__

BAD = "---\nsubject: Hello\n---\nDear Sir/Madam,\n\nLet's close the deal this week.\n"
GOOD = '---\nsubject: Your onboarding survey\n---\nHi {{ first_name | default: "there" }},\n\nYour survey results looked sharp: what surprised you most?\n'


def test_version(run):
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_examples_show_all_three_headline_categories(run):
    from conftest import ROOT

    code, out, _ = run("--format", "json", str(ROOT / "examples"))
    assert code == 1
    data = json.loads(out)
    categories = {f["category"] for f in data["findings"]}
    assert {"blast", "pressure", "i-centric"} <= categories
    for f in data["findings"]:
        assert f["line"] >= 1 and f["column"] >= 1 and f["message"]


def test_clean_template_exits_zero(run, write):
    root = write({"good.md": GOOD})
    code, out, err = run(str(root / "good.md"))
    assert code == 0, out + err
    assert "All clear" in out


def test_text_output_has_location_code_snippet_and_help(run, write):
    root = write({"bad.md": BAD})
    code, out, _ = run("--no-color", str(root / "bad.md"))
    assert code == 1
    assert f"{root / 'bad.md'}:4:1: BL101 [warning] Generic salutation 'Dear Sir/Madam'" in out
    assert "4 | Dear Sir/Madam," in out
    assert "| ^^^^^^^^^^^^^^" in out
    assert "= help:" in out
    assert "\033[" not in out


def test_json_contract(run, write):
    root = write({"bad.md": BAD})
    _code, out, _ = run("--format", "json", str(root / "bad.md"))
    data = json.loads(out)
    assert data["version"] == 1
    assert data["summary"]["findings"] == len(data["findings"]) == 2
    keys = {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "category",
        "severity",
        "message",
        "suggestion",
        "fix",
    }
    for f in data["findings"]:
        assert keys <= set(f)
    first = data["findings"][0]
    assert (first["code"], first["line"], first["column"], first["end_column"]) == (
        "BL101",
        4,
        1,
        15,
    )
    assert first["category"] == "blast"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--select", "PR101"), {"PR101"}),
        (("--select", "PR"), {"PR101"}),
        (("--select", "pressure"), {"PR101"}),
        (("--select", "close-the-deal"), {"PR101"}),
        (("--ignore", "BL"), {"PR101"}),
        (("--select", "ALL", "--ignore", "blast"), {"PR101"}),
        (("--ignore", "PR", "--extend-select", "PR101"), {"BL101", "PR101"}),
    ],
)
def test_selection(run, write, args, expected):
    root = write({"bad.md": BAD})
    _code, out, _ = run("--format", "json", *args, str(root / "bad.md"))
    assert {f["code"] for f in json.loads(out)["findings"]} == expected


def test_fail_on_and_exit_zero(run, write):
    root = write({"bad.md": BAD})
    assert run("--fail-on", "error", str(root / "bad.md"))[0] == 0
    assert run("--exit-zero", str(root / "bad.md"))[0] == 0
    assert run(str(root / "bad.md"))[0] == 1


def test_stdin(run):
    code, out, _ = run("--format", "json", "--stdin-filename", "cold.md", "-", stdin=BAD)
    data = json.loads(out)
    assert code == 1
    assert {f["path"] for f in data["findings"]} == {"cold.md"}


def test_missing_path_is_reported_and_other_files_still_linted(run, write):
    root = write({"bad.md": BAD})
    code, out, err = run("--format", "json", str(root / "nope.md"), str(root / "bad.md"))
    assert code == 2
    assert "nope.md: no such file or directory" in err
    assert len(json.loads(out)["findings"]) == 2


def test_missing_path_alone_is_not_all_clear(run, write):
    """Exit 2 with a summary that says so, never 'All clear'."""
    root = write({"good.md": "Hi Sam,\n\nHow is the Denver launch going?\n"})
    code, out, err = run(str(root / "nope.md"), str(root / "good.md"))
    assert code == 2
    assert "All clear" not in out
    assert "No findings in 1 file, but 1 error" in out


def test_non_utf8_file_is_a_finding_and_others_are_linted(run, write):
    root = write({"latin1.txt": "Caf\xe9 au lait".encode("latin-1"), "bad.md": BAD})
    code, out, _err = run("--format", "json", str(root))
    data = json.loads(out)
    codes = {(f["path"].split("/")[-1], f["code"]) for f in data["findings"]}
    assert ("latin1.txt", "OL002") in codes
    assert ("bad.md", "BL101") in codes
    msg = next(f["message"] for f in data["findings"] if f["code"] == "OL002")
    assert "not valid UTF-8" in msg and "re-save the file as UTF-8" in msg
    assert code == 1


def test_binary_file(run, write):
    root = write({"logo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00"})
    _code, out, _ = run("--format", "json", str(root / "logo.txt"))
    assert json.loads(out)["findings"][0]["code"] == "OL002"


def test_unknown_rule_code_is_a_usage_error(run, write):
    root = write({"bad.md": BAD})
    code, _out, err = run("--select", "clsoe-the-deal", str(root / "bad.md"))
    assert code == 2
    assert err.count("\n") == 1
    assert (
        "unknown rule selector 'clsoe-the-deal'" in err and "did you mean 'close-the-deal'" in err
    )


def test_unknown_format(run, write):
    root = write({"bad.md": BAD})
    code, _, err = run("--format", "xml", str(root))
    assert code == 2 and "unknown --format 'xml'" in err


def test_bad_flag_is_usage_error(run):
    code, _, err = run("--frobnicate")
    assert code == 2 and "unrecognized arguments" in err


def test_statistics_and_quiet(run, write):
    root = write({"bad.md": BAD})
    _code, out, _ = run("--quiet", "--statistics", str(root))
    assert "Statistics:" in out and "BL101" in out
    assert "| Dear" not in out
    assert "Found 2 findings" in out


def test_color_only_when_asked(run, write, monkeypatch):
    root = write({"bad.md": BAD})
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in run(str(root))[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run(str(root))[1]


def test_rules_command(run):
    code, out, _ = run("rules")
    assert code == 0 and "PR101  close-the-deal" in out
    code, out, _ = run("rules", "--format", "json")
    rules = json.loads(out)["rules"]
    assert {"code", "name", "category", "rationale", "examples", "options", "fixable"} <= set(
        rules[0]
    )


def test_explain(run):
    code, out, _ = run("explain", "close-the-deal")
    assert code == 0
    assert out.startswith("PR101 (close-the-deal)")
    assert "Why this hurts" in out and "Flagged" in out and "Better" in out
    code, _, err = run("explain", "PR10")
    assert code == 2 and "unknown rule 'PR10'" in err


def test_explain_lists_options(run):
    _code, out, _ = run("explain", "IC102")
    assert "min-ratio = 1.0" in out


def test_plugins_command(run):
    code, out, _ = run("plugins")
    assert code == 0 and "outreach_lint (built-in)" in out and "markdown" in out


def test_force_exclude(run, write):
    root = write({".outreach-lint.toml": 'exclude = ["drafts/"]\n', "drafts/bad.md": BAD})
    path = str(root / "drafts" / "bad.md")
    assert run(path, cwd=root)[0] == 1  # named explicitly: linted
    code, out, _ = run("--force-exclude", path, cwd=root)
    assert code == 0 and "no findings in 0 files" in out


def test_directory_discovery_skips_excluded_and_unknown(run, write):
    root = write(
        {
            "a.md": BAD,
            "notes.py": "print('close the deal')",
            "node_modules/x.md": BAD,
            ".outreach-lint.toml": 'extend-exclude = ["archive/**"]\n',
            "archive/old.md": BAD,
        }
    )
    _code, out, _ = run("--format", "json", str(root), cwd=root)
    paths = {f["path"] for f in json.loads(out)["findings"]}
    assert paths == {str(root / "a.md")}


def test_rules_and_explain_see_the_packs_of_the_config_here(run, write):
    """A house pack configured in .outreach-lint.toml shows in `rules` and `explain` run there."""
    pack = (
        'schema-version = 1\n[pack]\nname = "house"\n[[rules]]\ncode = "PR901"\nname = "no-asap"\n'
        'category = "pressure"\nseverity = "warning"\nkind = "existence"\nsummary = "Demands ASAP"\n'
        'message = "x"\nrationale = "Why."\nphrases = ["asap"]\n'
        '[rules.examples]\nbad = ["Reply ASAP."]\ngood = ["Would Thursday suit you?"]\n'
    )
    root = write({"house.toml": pack, ".outreach-lint.toml": 'packs = ["house.toml"]\n'})
    code, out, _ = run("rules", cwd=root)
    assert code == 0 and "PR901  no-asap" in out
    code, out, _ = run("explain", "no-asap", cwd=root)
    assert code == 0 and out.startswith("PR901 (no-asap)")
    code, _, err = run("explain", "no-asap", "--isolated", cwd=root)
    assert code == 2 and "unknown rule 'no-asap'" in err
