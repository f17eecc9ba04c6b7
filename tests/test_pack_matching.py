"""The pack engine's general behaviour: merge tags as words, negation, the load cache."""

from __future__ import annotations

from outreach_lint import lint_text
from outreach_lint.packs import TAG_CHAR, load_pack, parse_pack

PACK = """
schema-version = 1
[[rules]]
code = "BL901"
name = "dear-customer"
category = "blast"
summary = "test"
message = "'{match}'"
rationale = "A test rule whose rationale is long enough to pass the schema of a real pack rule."
phrases = ["dear customer", "act now"]
skip-negated = true
[[rules]]
code = "BL902"
name = "bare-hi"
category = "blast"
summary = "test"
message = "'{match}'"
rationale = "A test rule whose rationale is long enough to pass the schema of a real pack rule."
patterns = ['''\\A\\s*hi\\s*,?\\s*\\Z''']
scope = ["greeting"]
"""


def _codes(tmp_path, text, filename="t.txt"):
    pack = tmp_path / "house.toml"
    pack.write_text(PACK, encoding="utf-8")
    from pathlib import Path

    from outreach_lint.config import Config
    from outreach_lint.engine import create_linter
    from outreach_lint.testing import _Fixed

    linter = create_linter(isolated=True, no_plugins=True)
    linter.resolver = _Fixed(
        Config(select=("BL901", "BL902"), packs=(str(pack),), root=Path(tmp_path))
    )
    result = linter.lint_file(Path(filename), display=filename, data=text.encode("utf-8"))
    assert not linter.errors, linter.errors
    return [(f.code, f.column) for f in result.findings]


def test_phrase_does_not_match_across_a_merge_tag(tmp_path):
    assert _codes(tmp_path, "Dear customer, hi.") == [("BL901", 1)]
    assert _codes(tmp_path, "Dear {{ tier }} customer, hi.") == []
    assert _codes(tmp_path, "Dear *|TIER|* customer, hi.") == []


def test_pattern_sees_merge_tags_as_words(tmp_path):
    assert _codes(tmp_path, "Hi,\n\nYour plan renews.") == [("BL902", 1)]
    assert _codes(tmp_path, "Hi {{ first_name }},\n\nYour plan renews.") == []
    assert _codes(tmp_path, "Hi [First Name],\n\nYour plan renews.") == []


def test_nothing_and_none_negate(tmp_path):
    assert _codes(tmp_path, "Hello Sam,\n\nAct now.") == [("BL901", 1)]
    assert _codes(tmp_path, "Hello Sam,\n\nNothing to act now on.") == []


def test_match_text_keeps_length_and_line_breaks():
    from outreach_lint.engine import create_linter  # noqa: F401  (formats register)
    from outreach_lint.formats import build_document
    from outreach_lint.model import Span
    from outreach_lint.packs import match_text

    source = "Hi {{ first\n_name }}, yes"
    doc = build_document("t.txt", source, "text", body=Span(0, len(source)))
    text = match_text(doc)
    assert len(text) == len(source)
    assert text.count("\n") == 1
    assert text[3] == TAG_CHAR and text.endswith(", yes")


def test_load_pack_is_cached_by_content(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(PACK, encoding="utf-8")
    first = load_pack(path)
    assert load_pack(path) is first
    path.write_text(PACK.replace("act now", "act today"), encoding="utf-8")
    second = load_pack(path)
    assert second is not first
    assert "act today" in second.rules[0].phrases
    assert parse_pack(PACK).rules[0].meta.code == "BL901"


def test_builtin_packs_lint_a_realistic_blast():
    text = (
        "Subject: Re: quick question\n\nHi there,\n\nI hope this email finds you well. "
        "We are the leading provider of payroll software and we help companies like yours. "
        "Act now: only 3 spots left! Can I get 15 minutes on your calendar?\n"
    )
    codes = {f.code for f in lint_text(text, filename="cold.txt", no_plugins=True)}
    assert {"SJ101", "BL102", "BL103", "IC103", "BL105", "PR102", "PR103", "MO101"} <= codes


def test_exclude_scope_is_validated_and_applied(tmp_path):
    import pytest

    from outreach_lint.packs import PackError

    bad = PACK.replace('scope = ["greeting"]', 'scope = ["greeting"]\nexclude-scope = ["openin"]')
    with pytest.raises(PackError, match=r"exclude-scope.*did you mean 'opening'"):
        parse_pack(bad)
    text = "Hello Sam,\n\nAct now on this. Then act now again."
    assert [c for c, _ in _codes(tmp_path, text)] == ["BL901", "BL901"]
    excluding = PACK.replace(
        "skip-negated = true", 'skip-negated = true\nexclude-scope = ["opening"]', 1
    )
    (tmp_path / "house.toml").write_text(excluding, encoding="utf-8")
    pack = load_pack(tmp_path / "house.toml")
    assert pack.rules[0].exclude_scope == ("opening",)


def test_skip_subject_drops_hits_in_sentences_about_someone_else(tmp_path):
    """`skip-subject = ["reader", "other"]`: a hit in a sentence whose first pronoun is the
    reader's or a third person's is not reported ("You've given since 2021"); ours and
    subjectless ones are. An unknown subject is a pack error."""
    text = (
        "Hi Jo,\n\nDear customer, we thank you. You said dear customer was odd. "
        "She wrote dear customer too. Dear customer letters are old.\n\nAlex"
    )
    assert len(_codes(tmp_path, text)) == 4
    import pytest

    from outreach_lint.packs import PackError, load_pack

    bad = PACK.replace("skip-negated = true", 'skip-negated = true\nskip-subject = ["you"]', 1)
    (tmp_path / "house.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(PackError, match=r"unknown subject 'you'"):
        load_pack(tmp_path / "house.toml")
    other = PACK.replace(
        "skip-negated = true", 'skip-negated = true\nskip-subject = ["reader", "other"]', 1
    )
    (tmp_path / "house.toml").write_text(other, encoding="utf-8")
    assert load_pack(tmp_path / "house.toml").rules[0].skip_subject == ("reader", "other")
    pack = tmp_path / "house.toml"
    from pathlib import Path

    from outreach_lint.config import Config
    from outreach_lint.engine import create_linter
    from outreach_lint.testing import _Fixed

    linter = create_linter(isolated=True, no_plugins=True)
    linter.resolver = _Fixed(Config(select=("BL901",), packs=(str(pack),), root=Path(tmp_path)))
    target = tmp_path / "t.txt"
    target.write_text(text, encoding="utf-8")
    found = [(f.line, f.column) for f in linter.lint_file(target).findings]
    # "Dear customer, we thank you." (ours) and "Dear customer letters are old." (no pronoun)
    assert found == [(3, 1), (3, 91)]
