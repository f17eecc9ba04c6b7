"""One clear finding per problem: a specific rule's finding replaces a generic one it overlaps.

Policy (engine.drop_superseded): a rule declares ``supersedes`` (codes of more generic rules of
its category); after suppressions and ignores, a finding of a superseded rule is dropped where a
finding of a rule that supersedes it overlaps it in the same file. Selection, suppression and
ignores decide first, so a user who keeps only the generic rule still gets it;
``show-superseded = true`` keeps everything. These tests go through the CLI, as a user would.
"""

from __future__ import annotations

import json

import pytest

from outreach_lint.packs import PackError, parse_pack

LEADING = "Hi Lee,\n\nWe are the leading provider of payroll software for mid-sized firms.\n"


def _codes(run, *argv, cwd=None):
    code, out, err = run("check", "--format", "json", "--no-cache", *argv, cwd=cwd)
    assert code in (0, 1), err
    data = json.loads(out)
    return sorted(f["code"] for f in data["findings"])


def test_the_specific_finding_replaces_the_generic_ones_on_the_same_text(run, write):
    root = write({"a.md": LEADING})
    assert _codes(run, "--isolated", "--select", "IC", str(root / "a.md")) == ["IC103"]


def test_show_superseded_keeps_every_finding(run, write):
    root = write({"a.md": LEADING, ".outreach-lint.toml": "show-superseded = true\n"})
    codes = _codes(run, "--select", "IC", str(root / "a.md"), cwd=root)
    assert codes == ["IC101", "IC103", "IC150"]


def test_selecting_only_the_generic_rule_still_reports_it(run, write):
    root = write({"a.md": LEADING})
    assert _codes(run, "--isolated", "--select", "IC101", str(root / "a.md")) == ["IC101"]
    assert _codes(run, "--isolated", "--select", "IC", "--ignore", "IC103", str(root / "a.md")) == [
        "IC101"
    ]


def test_a_suppressed_specific_finding_does_not_hide_the_generic_one(run, write):
    text = "Hi Lee,\n\n<!-- outreach-lint: disable-next-line=IC103 -->\n" + LEADING.split("\n\n")[1]
    root = write({"a.md": text})
    assert _codes(run, "--isolated", "--select", "IC101,IC103", str(root / "a.md")) == ["IC101"]


def test_findings_elsewhere_are_kept(run, write):
    text = "Hi Lee,\n\nWe help payroll teams close faster. We are the leading provider.\n"
    root = write({"a.md": text})
    assert _codes(run, "--isolated", "--select", "IC101,IC103", str(root / "a.md")) == [
        "IC101",
        "IC103",
    ]


HOUSE = """schema-version = 1
[[rules]]
code = "HY901"
name = "house-buzz"
category = "hype"
summary = "A house buzzword"
message = "'{match}'"
rationale = "A house rule whose rationale is long enough to read like a real pack rule's text."
phrases = ["synergy"]
SUPERSEDES_A
[[rules]]
code = "HY902"
name = "house-buzz-two"
category = "hype"
summary = "Another house buzzword"
message = "'{match}'"
rationale = "A house rule whose rationale is long enough to read like a real pack rule's text."
phrases = ["real synergy"]
SUPERSEDES_B
"""


def _house(a: str, b: str) -> str:
    return HOUSE.replace("SUPERSEDES_A", a).replace("SUPERSEDES_B", b)


def test_a_house_rule_can_supersede_and_mutual_declarations_keep_both(run, write):
    text = "Hi Sam,\n\nIt creates real synergy.\n"
    one_way = _house("", 'supersedes = ["HY901"]')
    root = write(
        {"a.md": text, "house.toml": one_way, ".outreach-lint.toml": 'packs = ["house.toml"]\n'}
    )
    assert _codes(run, "--select", "HY901,HY902", str(root / "a.md"), cwd=root) == ["HY902"]
    both = _house('supersedes = ["HY902"]', 'supersedes = ["HY901"]')
    (root / "house.toml").write_text(both, encoding="utf-8")
    assert _codes(run, "--select", "HY901,HY902", str(root / "a.md"), cwd=root) == [
        "HY901",
        "HY902",
    ]


def test_a_finding_with_a_fix_is_never_dropped(run, write):
    # HY102 (inflated-wording) has a safe fix; a house rule that claims to supersede it on
    # the same words must not make the fix disappear
    pack = _house('supersedes = ["HY102"]', "").replace('["synergy"]', '["in order to"]')
    text = "Hi Sam,\n\nWe call in order to help.\n"
    root = write(
        {"a.md": text, "house.toml": pack, ".outreach-lint.toml": 'packs = ["house.toml"]\n'}
    )
    assert _codes(run, "--select", "HY901,HY102", str(root / "a.md"), cwd=root) == [
        "HY102",
        "HY901",
    ]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('supersedes = ["PR150"]', "same category (starting with HY)"),
        ('supersedes = ["HY901"]', "another rule"),
        ('supersedes = ["hy150"]', "the code of another rule"),
        ("supersedes = [150]", "must be a list of strings"),
    ],
)
def test_supersedes_is_validated(value, says):
    with pytest.raises(PackError) as info:
        parse_pack(_house(value, ""), "house.toml")
    assert "key 'supersedes'" in str(info.value) and says in str(info.value)


def test_show_superseded_must_be_a_boolean(run, write):
    root = write({"a.md": LEADING, ".outreach-lint.toml": 'show-superseded = "yes"\n'})
    code, _, err = run("check", str(root / "a.md"), cwd=root)
    assert code == 2 and "show-superseded" in err and "true or false" in err


def test_explain_names_what_a_rule_replaces(run):
    code, out, _ = run("explain", "IC103")
    assert code == 0
    assert "Replaces: IC101, IC150 where their findings overlap" in out


def test_rules_json_lists_instead_and_supersedes(run):
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    rules = {r["code"]: r for r in json.loads(out)["rules"]}
    assert rules["IC103"]["supersedes"] == ["IC101", "IC150"]
    assert rules["MO150"]["instead"].startswith("End with one easy question")
