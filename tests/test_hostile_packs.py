"""Hostile rule packs and config: bounded regexes, load errors naming pack/rule/key, no escapes."""

from __future__ import annotations

import json
import os
import time

import pytest

PACK = """schema-version = 1
[[rules]]
code = "PR901"
name = "catastrophic"
category = "pressure"
summary = "x"
rationale = "x"
message = "bad"
patterns = ['{pattern}']
"""
BAD = "Hi Sam,\n\nLet's close the deal this week.\n"


def test_catastrophic_pattern_is_bounded_and_reported(run, write, monkeypatch):
    monkeypatch.setattr("outreach_lint.packs.PATTERN_TIMEOUT", 0.3)
    root = write(
        {
            ".git/HEAD": "",
            "house.toml": PACK.replace("{pattern}", "(a+)+$"),
            ".outreach-lint.toml": 'packs = ["house.toml"]\nextend-select = ["PR901"]\n',
            "mail.txt": "a" * 5000 + "b\n\nLet's close the deal.\n",
        }
    )
    start = time.perf_counter()
    code, out, err = run("--format", "json", str(root / "mail.txt"))
    assert time.perf_counter() - start < 20
    found = json.loads(out)["findings"]
    [timeout] = [f for f in found if f["code"] == "OL005"]
    assert "(a+)+$" in timeout["message"] and "PR901" in timeout["message"]
    assert "PR101" in [f["code"] for f in found]  # the rest of the file was still linted


@pytest.mark.parametrize(
    "pattern,needle", [("(unclosed", "invalid regular expression"), ("a{2,1}", "invalid")]
)
def test_invalid_regex_is_an_error_at_load(run, write, pattern, needle):
    root = write(
        {
            ".git/HEAD": "",
            "house.toml": PACK.replace("{pattern}", pattern),
            ".outreach-lint.toml": 'packs = ["house.toml"]\n',
            "mail.txt": BAD,
        }
    )
    code, out, err = run(str(root / "mail.txt"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "house.toml" in err and "rule PR901" in err and "key 'patterns'" in err and needle in err


@pytest.mark.parametrize(
    "config,key",
    [
        ("select = [", "invalid TOML"),
        ('select = "PR101"\nfoo = 1\n', "'foo'"),
        ("select = 3\n", "'select'"),
        ('select = ["PR999"]\n', "PR999"),
        ('ignore = ["nonsense-rule"]\n', "nonsense-rule"),
        ('fail-on = "loud"\n', "'fail-on'"),
        ("max-file-size = -1\n", "'max-file-size'"),
        ('max-file-size = "1MB"\n', "'max-file-size'"),
        ("per-file-ignores = 3\n", "'per-file-ignores'"),
        ('per-file-ignores = {"*.md" = ["XX123"]}\n', "XX123"),
        ("[rules.PR101]\nnot-an-option = 1\n", "not-an-option"),
        ("[rules.NOPE1]\nx = 1\n", "NOPE1"),
        ('fallback-encoding = "klingon"\n', "'fallback-encoding'"),
        ('packs = ["missing.toml"]\n', "'packs'"),
        ("rules = 3\n", "'rules'"),
        ('formats = {"*.x" = 3}\n', "'formats'"),
    ],
)
def test_broken_config_is_one_line_naming_file_and_key(run, write, config, key):
    root = write({".git/HEAD": "", ".outreach-lint.toml": config, "mail.md": BAD})
    code, out, err = run(str(root / "mail.md"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    assert ".outreach-lint.toml" in err and key in err and "Traceback" not in err


def test_config_that_is_not_utf8(run, write):
    root = write({".git/HEAD": "", ".outreach-lint.toml": b"select = ['\xff']\n", "a.md": BAD})
    code, _, err = run(str(root / "a.md"))
    assert code == 2 and err.count("\n") == 1 and "UTF-8" in err


@pytest.mark.parametrize("escape", ["../outside.toml", "ABSOLUTE", "link.toml"])
def test_packs_in_repo_config_cannot_escape_the_repository(run, tmp_path, escape):
    outside = tmp_path / "outside.toml"
    outside.write_text(PACK.replace("{pattern}", "deal"))
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    if escape == "ABSOLUTE":
        escape = str(outside)
    elif escape == "link.toml":
        os.symlink(outside, repo / "link.toml")
    (repo / ".outreach-lint.toml").write_text(f"packs = [{json.dumps(escape)}]\n")
    (repo / "a.md").write_text(BAD)
    code, out, err = run(str(repo / "a.md"))
    assert code == 2 and out == ""
    assert "outside the repository" in err and err.count("\n") == 1
    # the same config named on the command line is trusted
    code, out, err = run("--config", str(repo / ".outreach-lint.toml"), str(repo / "a.md"))
    assert code == 1, err


def test_a_pack_is_data(run, write, tmp_path):
    """TOML cannot import; a pack that names Python gets no further than a schema error."""
    marker = tmp_path / "ran"
    root = write(
        {
            ".git/HEAD": "",
            "evil.toml": 'schema-version = 1\nimport = "os"\n[[rules]]\ncode = "PR902"\n'
            f'name = "x"\ncategory = "pressure"\nsummary = "x"\nrationale = "x"\n'
            f"message = \"{{__import__('os').system('touch {marker}')}}\"\n"
            'phrases = ["deal"]\n',
            ".outreach-lint.toml": 'packs = ["evil.toml"]\n',
            "a.md": BAD,
        }
    )
    code, _, err = run(str(root / "a.md"))
    assert code == 2 and "unknown top-level key" in err and "'import'" in err
    (root / "evil.toml").write_text((root / "evil.toml").read_text().replace('import = "os"\n', ""))
    code, out, _ = run("--extend-select", "PR902", "--format", "json", str(root / "a.md"))
    messages = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "PR902"]
    assert messages and "__import__" in messages[0]  # the text is printed, never evaluated
    assert not marker.exists()


@pytest.mark.parametrize("entry", ["\x00", "a\x00b.toml", "   "])
def test_unusable_pack_paths_are_one_clear_error(run, write, entry):
    """Found by the long fuzz profile: a NUL byte in a pack path crashed path resolution."""
    import json as _json

    root = write(
        {".git/HEAD": "", ".outreach-lint.toml": f"packs = [{_json.dumps(entry)}]\n", "a.txt": "x"}
    )
    code, _, err = run(str(root / "a.txt"))
    assert code == 2
    assert err.count("\n") == 1 and "key 'packs'" in err and "not a usable file name" in err


def test_config_errors_quoting_user_keys_stay_one_line():
    """Found by the long fuzz profile: a rule table named with a line break gave a 2-line error."""
    from outreach_lint.config import parse_config
    from outreach_lint.engine import UsageError, create_linter

    linter = create_linter(isolated=True, no_plugins=True)
    with pytest.raises(UsageError) as info:
        linter.ruleset_for(parse_config({"rules": {"\n\x1b[2J": {}}}, path="fuzz.toml"))
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message
    assert message.startswith("fuzz.toml: [rules.\\x0a\\x1b[2J]")


def test_fallback_encoding_with_a_nul_is_one_clear_error(run, write):
    """Found by the long fuzz profile: codecs.lookup raises ValueError on a NUL in the name."""
    root = write({".outreach-lint.toml": 'fallback-encoding = "\\u0000"\n', "a.txt": "x"})
    code, _, err = run(str(root / "a.txt"))
    assert code == 2 and err.count("\n") == 1 and "key 'fallback-encoding'" in err


def test_eml_charset_with_a_nul_does_not_crash(run, write):
    # RFC 2231 lets the charset parameter carry a percent-encoded NUL
    eml = (
        "Subject: Hello\nContent-Type: text/plain; charset*=''ut%00f\n\n"
        "Dear Sir/Madam,\n\nLet's close the deal.\n"
    )
    root = write({"a.eml": eml})
    code, out, err = run("--format", "json", str(root / "a.eml"))
    assert code == 1, err
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert "OL004" not in codes and "PR101" in codes
