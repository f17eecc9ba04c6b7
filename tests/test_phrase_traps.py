"""The phrase mini-language's trap: '|' binds tighter than a space.

``you have|you've been`` means ``you (have|you've) been``; a pack author who meant
``(you have|you've) been`` gets a phrase that loads and silently never matches. Packs refuse
the shapes that give this mistake away, naming the file, the line of the phrase, the rule and
the key (as for an invalid regular expression), and trust whatever is written in parentheses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.packs import PackError, load_pack, parse_pack
from outreach_lint.phrases import ambiguity, expand

PACK = """schema-version = 1
[[rules]]
code = "BL901"
name = "house-rule"
category = "blast"
summary = "A house rule"
message = "'{match}' is flagged"
rationale = "Why it hurts."
phrases = [
  "perfectly plain",
  PHRASE,
]
"""


def _pack(phrase: str) -> str:
    return PACK.replace("PHRASE", '"' + phrase.replace('"', '\\"') + '"')


@pytest.mark.parametrize(
    ("phrase", "says"),
    [
        ("you have|you've been chosen", "'you've' of 'have|you've' repeats the word 'you'"),
        ("i'm|i am reaching out", "'i' and its contraction 'i'm'"),
        ("dear decision maker|decision-maker", "'decision-maker' of 'maker|decision-maker'"),
        ("found your profile online|on linkedin|on google", "'on' is an alternative of"),
        ("i was checking out|scrolling through|looking through your site", "'through'"),
        ("saw you on linkedin|google|the web", "offers 'the', which starts a noun phrase"),
    ],
)
def test_ambiguous_alternatives_are_a_load_error_with_the_phrase_line(tmp_path, phrase, says):
    path = tmp_path / "house.toml"
    path.write_text(_pack(phrase), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    message = str(info.value)
    # the phrase is on line 11 of the pack (the rule starts on line 3)
    assert message.startswith(f"{path}:11: rule BL901: key 'phrases': phrase ")
    assert says in message
    assert "parentheses" in message


def test_exceptions_and_substitutions_are_checked_too():
    text = _pack("perfectly fine").replace(
        "phrases = [", 'exceptions = ["you have|you\'ve been picked"]\nphrases = ['
    )
    with pytest.raises(PackError, match="key 'exceptions'"):
        parse_pack(text, "house.toml")
    sub = (
        PACK.replace('  "perfectly plain",\n  PHRASE,\n', "")
        .replace("phrases = [\n]\n", 'kind = "substitution"\n')
        .rstrip()
        + '\n[rules.substitutions]\n"we have|we\'ve got" = "we have"\n'
    )
    with pytest.raises(PackError, match=r"key 'substitutions'.*repeats the word 'we'"):
        parse_pack(sub, "house.toml")


@pytest.mark.parametrize(
    "phrase",
    [
        "close+ the deal|sale",
        "dear sir|sirs",
        "get+ this|it signed",
        "(don't|do not) miss out|this",
        "hope|trust this|my|the email|message|note finds you well",
        "found|got your name|email on|in|from a|our list",
        "empower+ you|your",
        "hope your week|week's|day is going well",
        # parentheses say what is meant, so they are trusted
        "(you have|you've) been chosen",
        "found your profile (online|on linkedin|on google)",
        "(online|on) linkedin",
        "saw you on (linkedin|google|the web)",
    ],
)
def test_ordinary_and_parenthesized_alternatives_load(phrase):
    assert ambiguity(phrase) is None
    parse_pack(_pack(phrase), "house.toml")


def test_the_parenthesized_fix_matches_what_the_author_meant(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text(_pack("(you have|you've) been chosen"), encoding="utf-8")
    rule = load_pack(path).rules[0]
    assert {"you have been chosen", "you've been chosen"} <= set(expand(rule.phrases[1]))
    from outreach_lint.config import Config
    from outreach_lint.engine import create_linter
    from outreach_lint.testing import _Fixed

    linter = create_linter(isolated=True, no_plugins=True)
    linter.resolver = _Fixed(Config(select=("BL901",), packs=(str(path),), root=tmp_path))
    text = "Hi Sam,\n\nYou\u2019ve been chosen for our beta."
    result = linter.lint_file(Path("t.txt"), display="t.txt", data=text.encode("utf-8"))
    assert [f.code for f in result.findings] == ["BL901"]


def test_builtin_packs_have_no_ambiguous_phrase():
    from outreach_lint import _toml

    root = Path(__file__).resolve().parent.parent / "rules"
    checked = 0
    for pack in sorted(root.glob("*.toml")):
        for entry in _toml.loads(pack.read_text(encoding="utf-8"))["rules"]:
            for phrase in [
                *entry.get("phrases", []),
                *entry.get("exceptions", []),
                *entry.get("substitutions", {}),
            ]:
                checked += 1
                assert ambiguity(phrase) is None, (pack.name, entry["code"], phrase)
    assert checked > 500
