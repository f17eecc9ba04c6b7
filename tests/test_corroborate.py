"""A lone ambiguous sign is not reported: PR150, PR155 (a word-class lever), PR156's conditional
threat (a grammatical shape) and IC102, IC104, IC150 (a count or a line about us) need a second
sign in the message.

Policy (engine.drop_uncorroborated): a rule declared with ``corroborate=True`` infers its
problem from ordinary words in combination; its findings are reported only when the message
has a finding of another rule about the copy, or a second finding of such rules on separate
text. With no rule that could corroborate among those that ran (``--select PR155``), the rule
reports as before. These tests go through the CLI, as a user would.
"""

from __future__ import annotations

import json

from conftest import lint_codes

LEVER = "The 20% rate ends Friday, and after that it goes back up."
ALONE = f"Hi Sam,\n\n{LEVER}\n\nBest,\nAlex\n"
WITH_HYPE = f"Hi Sam,\n\nOur world-class team built this for clinics like yours.\n\n{LEVER}\n\nBest,\nAlex\n"
TWO = (
    f"Hi Sam,\n\n{LEVER}\n\nThe new dashboards ship on Monday, and the old reports go away "
    "after that.\n\nBest,\nAlex\n"
)


def test_a_lone_lever_in_otherwise_clean_copy_is_not_reported(run, write):
    root = write({"a.md": ALONE})
    assert lint_codes(run, str(root / "a.md")) == []
    # another rule enabled that finds nothing does not corroborate either
    assert lint_codes(run, "--select", "PR155,HY101", str(root / "a.md")) == []


def test_another_finding_in_the_message_corroborates(run, write):
    root = write({"a.md": WITH_HYPE})
    assert lint_codes(run, "--select", "PR155,HY101", str(root / "a.md")) == ["HY101", "PR155"]
    assert "PR150" in lint_codes(run, str(root / "a.md"))


def test_two_sentences_that_each_build_the_lever_corroborate_each_other(run, write):
    root = write({"a.md": TWO})
    assert lint_codes(run, str(root / "a.md")) == ["PR150", "PR150"]


def test_the_rule_selected_alone_still_reports(run, write):
    root = write({"a.md": ALONE})
    assert lint_codes(run, "--select", "PR155", str(root / "a.md")) == ["PR155"]
    assert lint_codes(run, "--select", "PR150", str(root / "a.md")) == ["PR150"]


HOUSE = """schema-version = 1
[[rules]]
code = "IC901"
name = "house-history"
category = "i-centric"
summary = "x"
rationale = "x"
message = "'{match}' is our history"
phrases = ["since 2004"]
corroborate = %s
"""
HISTORY = "Hi Sam,\n\nWe have fixed roofs in the county since 2004.\n\nBest,\nAlex\n"


def test_a_pack_rule_can_ask_for_a_second_sign(run, write):
    for flag, expected in (("true", []), ("false", ["IC901"])):
        root = write(
            {
                ".git/HEAD": "",
                "house.toml": HOUSE % flag,
                ".outreach-lint.toml": 'packs = ["house.toml"]\nselect = ["IC901", "HY101"]\n',
                "mail.txt": HISTORY,
            }
        )
        code, out, err = run("check", "--format", "json", "--no-cache", str(root / "mail.txt"))
        assert code in (0, 1), err
        assert sorted(f["code"] for f in json.loads(out)["findings"]) == expected


def test_a_pack_corroborate_key_must_be_a_boolean(run, write):
    root = write(
        {
            ".git/HEAD": "",
            "house.toml": HOUSE % '"yes"',
            ".outreach-lint.toml": 'packs = ["house.toml"]\n',
            "mail.txt": HISTORY,
        }
    )
    code, out, err = run("check", str(root / "mail.txt"))
    assert code == 2 and "key 'corroborate'" in err
