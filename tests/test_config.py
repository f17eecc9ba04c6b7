"""Configuration: discovery (closest wins), validation with one clear line, per-file settings."""

from __future__ import annotations

import json

import pytest

BAD = "Dear Sir/Madam,\n\nLet's close the deal this week.\n"


def codes(out: str) -> set[str]:
    return {f["code"] for f in json.loads(out)["findings"]}


def test_closest_config_wins(run, write):
    root = write(
        {
            ".outreach-lint.toml": 'ignore = ["PR"]\n',
            "a/bad.txt": BAD,
            "b/.outreach-lint.toml": 'ignore = ["BL"]\n',
            "b/bad.txt": BAD,
        }
    )
    _, out, _ = run("--format", "json", str(root / "a" / "bad.txt"), str(root / "b" / "bad.txt"))
    by_path = {}
    for f in json.loads(out)["findings"]:
        by_path.setdefault(f["path"].split("/")[-2], set()).add(f["code"])
    assert by_path == {"a": {"BL101"}, "b": {"PR101"}}


def test_pyproject_table(run, write):
    root = write(
        {
            "pyproject.toml": '[project]\nname = "x"\n[tool.outreach-lint]\nselect = ["PR101"]\n',
            "bad.txt": BAD,
        }
    )
    _, out, _ = run("--format", "json", str(root / "bad.txt"))
    assert codes(out) == {"PR101"}


def test_pyproject_without_table_is_skipped_for_a_parent_config(run, write):
    root = write(
        {
            ".outreach-lint.toml": 'select = ["BL101"]\n',
            "sub/pyproject.toml": '[project]\nname = "x"\n',
            "sub/bad.txt": BAD,
        }
    )
    _, out, _ = run("--format", "json", str(root / "sub" / "bad.txt"))
    assert codes(out) == {"BL101"}


def test_explicit_config_and_isolated(run, write):
    root = write(
        {
            ".outreach-lint.toml": 'select = ["BL101"]\n',
            "other.toml": 'select = ["PR101"]\n',
            "bad.txt": BAD,
        }
    )
    assert codes(
        run("--format", "json", "--config", str(root / "other.toml"), str(root / "bad.txt"))[1]
    ) == {"PR101"}
    assert codes(run("--format", "json", "--isolated", str(root / "bad.txt"))[1]) >= {
        "BL101",
        "PR101",
    }


def test_cli_select_overrides_config(run, write):
    root = write({".outreach-lint.toml": 'select = ["BL101"]\n', "bad.txt": BAD})
    assert codes(run("--format", "json", "--select", "PR101", str(root / "bad.txt"))[1]) == {
        "PR101"
    }


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("selct = ['PR']\n", "key 'selct': unknown key; did you mean 'select'?"),
        ("select = 'PR101'\nfail-on = 'fatal'\n", "key 'fail-on': unknown severity 'fatal'"),
        ("select = [1, 2]\n", "key 'select': must be a list of strings"),
        ("select = ['PR999']\n", "unknown rule selector 'PR999'"),
        ("ignore = ['close-the-dael']\n", "did you mean 'close-the-deal'?"),
        ("[rules.PR101]\nthreshold = 3\n", "[rules.PR101]: unknown option 'threshold'"),
        ("[rules.IC102]\nmin-ratio = 'high'\n", "option 'min-ratio' takes a float"),
        ("[rules.IC102]\nmin-ration = 2\n", "did you mean 'min-ratio'?"),
        ("[rules.XX100]\nseverity = 'error'\n", "[rules.XX100]: unknown rule"),
        ("[rules.PR101]\nseverity = 'loud'\n", "unknown severity 'loud'"),
        ("select = [\n", "invalid TOML"),
        ("max-file-size = -1\n", "key 'max-file-size': must be a positive number"),
        ("packs = ['missing.toml']\n", "pack 'missing.toml' not found"),
        ("[per-file-ignores]\n'x/*' = ['NOPE1']\n", "unknown rule selector 'NOPE1'"),
    ],
)
def test_broken_config_is_one_clear_line_and_exit_2(run, write, config, expected):
    root = write({".outreach-lint.toml": config, "bad.txt": BAD})
    code, out, err = run(str(root / "bad.txt"))
    assert code == 2
    assert err.count("\n") == 1, err
    assert expected in err
    assert ".outreach-lint.toml" in err or "command line" in err


def test_rule_options_and_severity_override(run, write):
    text = "Hi Sam,\n\nYou run a big team. We built a tool. Our tool is fast. We also do training. Your team might like it.\n"
    root = write(
        {
            ".outreach-lint.toml": "select = ['IC102']\n[rules.you-i-balance]\nmin-ratio = 1.5\n"
            "min-self-sentences-with-reader = 3\nseverity = 'error'\n",
            "m.txt": text,
        }
    )
    code, out, _ = run("--format", "json", str(root / "m.txt"))
    findings = json.loads(out)["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("IC102", "error")]


def test_per_file_ignores(run, write):
    root = write(
        {
            ".outreach-lint.toml": "[per-file-ignores]\n'news/**' = ['pressure']\n",
            "news/a.txt": BAD,
            "cold/a.txt": BAD,
        }
    )
    _, out, _ = run("--format", "json", str(root))
    found = {(f["path"].split("/")[-2], f["code"]) for f in json.loads(out)["findings"]}
    assert (
        ("news", "PR101") not in found and ("cold", "PR101") in found and ("news", "BL101") in found
    )


def test_fail_on_from_config(run, write):
    root = write({".outreach-lint.toml": "fail-on = 'error'\n", "bad.txt": BAD})
    assert run(str(root / "bad.txt"))[0] == 0


def test_user_pack_by_path(run, write):
    pack = (
        "schema-version = 1\n[[rules]]\ncode = 'PR901'\nname = 'no-asap'\ncategory = 'pressure'\n"
        "summary = 's'\nmessage = \"'{match}' rushes the reader\"\nrationale = 'r'\nphrases = ['asap']\n"
    )
    root = write(
        {
            ".git/HEAD": "",
            ".outreach-lint.toml": "packs = ['style/house.toml']\nselect = ['PR9']\n",
            "style/house.toml": pack,
            "a.txt": "Reply ASAP please.",
        }
    )
    code, out, _ = run("--format", "json", str(root / "a.txt"))
    f = json.loads(out)["findings"]
    assert [(x["code"], x["message"], x["column"]) for x in f] == [
        ("PR901", "'ASAP' rushes the reader", 7)
    ]


def test_pack_outside_repository_is_refused(run, write, tmp_path):
    outside = tmp_path / "outside.toml"
    outside.write_text("schema-version = 1\n", encoding="utf-8")
    root = write(
        {
            "repo/.git/HEAD": "",
            "repo/.outreach-lint.toml": "packs = ['../outside.toml']\n",
            "repo/a.txt": "x",
        }
    )
    code, _, err = run(str(root / "repo" / "a.txt"))
    assert code == 2 and "lies outside the repository" in err


def test_invalid_pattern_in_user_pack_is_exit_2_with_location(run, write):
    pack = (
        "schema-version = 1\n[[rules]]\ncode = 'PR901'\nname = 'bad-regex'\ncategory = 'pressure'\n"
        "summary = 's'\nmessage = 'm'\nrationale = 'r'\npatterns = ['(oops']\n"
    )
    root = write(
        {
            ".git/HEAD": "",
            ".outreach-lint.toml": "packs = ['house.toml']\n",
            "house.toml": pack,
            "a.txt": "x",
        }
    )
    code, _, err = run(str(root / "a.txt"))
    assert code == 2
    assert "house.toml:3: rule PR901: key 'patterns': invalid regular expression '(oops'" in err
