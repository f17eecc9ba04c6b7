"""Property-based tests (hypothesis): no exception escapes, spans lie in the file, output is
deterministic, fixes are idempotent and touch only their spans.

The in-suite profile is small. The long profile (100,000 examples per target) runs outside the
normal suite::

    OUTREACH_LINT_FUZZ=long python -m pytest -q tests/test_fuzz.py -p no:cacheprovider
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "suite", max_examples=150, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "long", max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck)
)
PROFILE = "long" if os.environ.get("OUTREACH_LINT_FUZZ") == "long" else "suite"

WORDS = [
    "close the deal",
    "I",
    "we",
    "our",
    "you",
    "your",
    "just checking in",
    "ACT NOW",
    "!!!",
    "Hi",
    "Dear Sir/Madam",
    "following up",
    "leverage",
    "synergy",
    "\n",
    "\n\n",
    " ",
    "\t",
    "?",
    ".",
    ",",
    "'",
    '"',
    "\u201c",
    "\u2019",
    "\u202e",
    "\x1b[31m",
    "::set-output name=x::y",
    "{{ first_name }}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{% if x %}",
    "{% endif %}",
    "{#",
    "#}",
    "*|FNAME|*",
    "[First Name]",
    "%FIRSTNAME%",
    "{contactfield=firstname}",
    "<b>",
    "</b>",
    "<!-- outreach-lint: disable=PR101 -->",
    "<!--",
    "-->",
    "```",
    "# ",
    "> ",
    "- ",
    "**",
    "[link](http://x.y)",
    "http://example.com",
    "Subject: ",
    "---",
    "subject: hi",
    "é",
    "📧",
    "\r\n",
    "\x00",
    "\ufeff",
]
pieces = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
documents = st.lists(pieces, max_size=40).map("".join)
front_matter = st.builds(
    lambda keys, body: "---\n" + "".join(f"{k}: {v}\n" for k, v in keys) + "---\n" + body,
    st.lists(
        st.tuples(st.sampled_from(["subject", "kind", "step", "preheader", "x"]), documents),
        max_size=4,
    ),
    documents,
)
EXTENSIONS = [".md", ".txt", ".html", ".eml", ".yaml", ".json", ".csv", ".j2", ".hbs", ".liquid"]


def _linter():
    from outreach_lint.engine import create_linter

    return create_linter(isolated=True, no_plugins=True)


LINTER = None


def _lint(data: bytes, ext: str):
    global LINTER
    from pathlib import Path

    if LINTER is None:
        LINTER = _linter()
    return LINTER.lint_file(Path("fuzz" + ext), display="fuzz" + ext, data=data)


@settings.get_profile(PROFILE)
@given(st.one_of(documents, front_matter), st.sampled_from(EXTENSIONS))
def test_lint_never_crashes_and_spans_lie_in_the_file(text, ext):
    from outreach_lint.document import LineIndex

    result = _lint(text.encode("utf-8", "surrogatepass"), ext)
    assert not [f for f in result.findings if f.code == "OL004"], result.findings
    decoded = text[1:] if text.startswith("\ufeff") else text
    if any(f.code == "OL002" for f in result.findings):
        return
    index = LineIndex(decoded)
    for f in result.findings:
        assert 0 <= f.span.start <= f.span.end <= len(decoded), f
        assert (f.line, f.column) == index.position(f.span.start), f
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.span.start <= e.span.end <= len(decoded), f
    again = _lint(text.encode("utf-8", "surrogatepass"), ext)
    assert again.findings == result.findings  # deterministic


@settings.get_profile(PROFILE)
@given(documents, st.sampled_from([".md", ".txt", ".html"]))
def test_fixes_are_idempotent_and_stay_in_their_spans(text, ext):
    from outreach_lint.fixes import apply_edits, select_edits

    if "\x00" in text or text.startswith("\ufeff"):
        return
    current = text
    for _ in range(10):
        result = _lint(current.encode(), ext)
        edits = select_edits(result.findings, unsafe=True)
        if not edits:
            break
        fixed = apply_edits(current, edits)
        pos = 0
        out_pos = 0
        for e in edits:  # text between edits is unchanged
            keep = current[pos : e.span.start]
            assert fixed[out_pos : out_pos + len(keep)] == keep
            out_pos += len(keep) + len(e.replacement)
            pos = e.span.end
        assert fixed[out_pos:] == current[pos:]
        current = fixed
    else:
        raise AssertionError(f"fixes did not converge in 10 passes: {text!r}")
    assert not select_edits(_lint(current.encode(), ext).findings, unsafe=True)


@settings.get_profile(PROFILE)
@given(st.binary(max_size=300), st.sampled_from(EXTENSIONS))
def test_arbitrary_bytes_never_crash(data, ext):
    result = _lint(data, ext)
    assert not [f for f in result.findings if f.code == "OL004"]


scalars = st.one_of(
    st.text(max_size=10), st.integers(), st.booleans(), st.floats(allow_nan=False), st.none()
)
values = st.recursive(
    scalars.filter(lambda v: v is not None),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = [
    "select",
    "extend-select",
    "ignore",
    "extend-ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "fail-on",
    "packs",
    "rules",
    "fields",
    "formats",
    "max-file-size",
    "rendered",
    "fallback-encoding",
    "dialects",
    "bogus",
]
configs = st.dictionaries(
    st.sampled_from(KEYS),
    st.one_of(values, st.lists(st.sampled_from(["PR", "PR101", "ALL", "nope", "BL"]))),
    max_size=5,
)


@settings.get_profile(PROFILE)
@given(configs)
def test_any_config_is_accepted_or_one_clear_error(data):
    from outreach_lint.config import ConfigError, parse_config
    from outreach_lint.engine import UsageError

    try:
        config = parse_config(data, path="fuzz.toml")
        _linter().ruleset_for(config)
    except (ConfigError, UsageError) as exc:
        message = str(exc)
        assert ("\n" not in message.strip() and "fuzz.toml" in message) or "command line" in message
