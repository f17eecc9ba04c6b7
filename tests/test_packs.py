"""Rule packs: validation errors name file, rule and key; matching survives real text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_lint.packs import PackError, load_pack, parse_pack
from outreach_lint.phrases import PhraseError, expand, inflect
from outreach_lint.textnorm import normalize

RULE = """
schema-version = 1
[[rules]]
code = "PR901"
name = "no-asap"
category = "pressure"
summary = "Demands an answer ASAP"
message = "'{match}' pushes your deadline onto the reader"
rationale = "Why it hurts."
phrases = ["asap"]
"""


def _pack(extra: str = "", base: str = RULE) -> str:
    return base + extra


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            RULE.replace("phrases", "phrase"),
            "rule PR901: key 'phrase': unknown key; did you mean 'phrases'?",
        ),
        (RULE.replace('summary = "Demands an answer ASAP"\n', ""), "key 'summary': is required"),
        (RULE.replace("schema-version = 1", "schema-version = 7"), "schema-version must be 1"),
        (RULE.replace('"PR901"', '"PR91"'), "must be two capital letters and three digits"),
        (RULE.replace('"PR901"', '"BL901"'), "must start with PR"),
        (RULE.replace('"no-asap"', '"No ASAP"'), "must be kebab-case"),
        (RULE.replace('"pressure"', '"pushy"'), "category 'pushy' must be one of"),
        (
            _pack('patterns = ["(unclosed"]\n'),
            "key 'patterns': invalid regular expression '(unclosed'",
        ),
        (_pack('severity = "fatal"\n'), "key 'severity': unknown severity 'fatal'"),
        (_pack('kind = "exists"\n'), "key 'kind': must be one of existence"),
        (_pack('scope = ["bodyy"]\n'), "unknown section 'bodyy'; did you mean 'body'?"),
        (
            _pack('corroborate-kinds = ["customers"]\n'),
            "key 'corroborate-kinds': unknown message kind 'customers'; did you mean 'customer'?",
        ),
        (_pack('fix = "safe"\n'), "only substitution rules can be fixable"),
        (_pack("max = 2\n"), "key 'max': only occurrence rules take max"),
        (RULE + RULE.split("schema-version = 1", 1)[1], "rule PR901: key 'code': duplicate code"),
        (_pack('exceptions = ["(broken"]\n'), "unbalanced '('"),
        ("schema-version = 1\n[[rules]\ncode = 1", "invalid TOML"),
        (
            "schema-version = 1\nrulez = []\n",
            "key 'rulez': unknown top-level key; did you mean 'rules'?",
        ),
    ],
)
def test_validation_errors_name_pack_rule_and_key(text, expected):
    with pytest.raises(PackError) as info:
        parse_pack(text, "house.toml")
    message = str(info.value)
    assert message.startswith("house.toml")
    assert expected in message


def test_error_carries_line_of_the_rule(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text(RULE.replace("phrases", "phrase"), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert str(info.value).startswith(f"{path}:4: rule PR901")


def test_substitution_needs_table_and_examples_are_kept():
    pack = parse_pack(
        RULE.replace('phrases = ["asap"]', "")
        + 'kind = "substitution"\nfix = "safe"\n[rules.substitutions]\n"utilize" = "use"\n'
        + '[rules.examples]\nbad = ["We utilize it."]\ngood = ["We use it."]\n',
        "p.toml",
    )
    rule = pack.rules[0]
    assert rule.kind == "substitution" and rule.meta.fixable
    assert [e.text for e in rule.meta.examples] == ["We utilize it.", "We use it."]


def test_inflection():
    assert inflect("close") == ["close", "closes", "closed", "closing"]
    assert inflect("get") == ["get", "gets", "got", "gotten", "getting"]
    assert inflect("reply") == ["reply", "replies", "replied", "replying"]
    assert inflect("reach") == ["reach", "reaches", "reached", "reaching"]


def test_expand_groups_optional_numbers():
    forms = expand("only {n} (spots|seats) left")
    assert "only # spots left" in forms and "only three seats left" in forms
    assert set(expand("i (just)? wanted to")) == {"i wanted to", "i just wanted to"}
    assert expand("Don’t miss out") == ["don't miss out"]


def test_expansion_is_bounded():
    with pytest.raises(PhraseError):
        expand(" ".join(["a|b|c|d"] * 6))


@given(st.text(max_size=200))
def test_normalize_map_is_monotonic_and_in_bounds(text):
    norm, nmap = normalize(text)
    last = 0
    for i in range(len(norm) + 1):
        start = nmap.start(i) if i < len(norm) else len(text)
        assert 0 <= start <= len(text)
        assert start >= last
        last = start
        assert 0 <= nmap.end(i) <= len(text)


@given(
    st.lists(
        st.sampled_from(["close", "the", "deal", "\n", "  ", "’", "-", "we", "3", "Close"]),
        max_size=30,
    )
)
def test_phrase_hits_map_back_to_text_that_says_the_phrase(words):
    """Any hit of "close the deal" maps back to source text that normalizes to a form of it."""
    from outreach_lint import lint_text

    text = " ".join(words)
    for f in lint_text(text, filename="x.txt", select=("PR101",)):
        said, _ = normalize(text[f.span.start : f.span.end])
        assert said.startswith("clos") and said.endswith("deal"), json.dumps(text)
