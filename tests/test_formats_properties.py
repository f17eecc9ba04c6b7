"""Property-based tests: whatever the text, tags and markup, findings stay in the file and out
of the tags, and decoded prose maps back to the characters it came from."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from outreach_lint.config import Config
from outreach_lint.engine import create_linter
from outreach_lint.model import Span
from outreach_lint.testing import _Fixed

WORDS = [
    "Hi",
    "Sam,",
    "we",
    "I",
    "you",
    "your",
    "team",
    "close the deal",
    "just circling back",
    "act now",
    "synergy",
    "Best,",
    "Alex",
    "unsubscribe",
    "Re:",
    "!!!",
    "?",
    ".",
    "FREE",
    "{",
    "}",
    "[",
    "]",
    "%",
    "*",
    "|",
    "Ünïcödé",
    "😀",
]
TAGS = [
    "{{ first_name }}",
    '{{ first_name | default: "there" }}',
    "{{lead.First Name:default=there}}",
    "{{ contact.firstname }}",
    "{{#if company}}",
    "{{/if}}",
    "{{else}}",
    "{% if plan %}",
    "{% else %}",
    "{% endif %}",
    "{# note: close the deal #}",
    "*|FNAME|*",
    "*|IF:COMPANY|*",
    "*|END:IF|*",
    "{contactfield=firstname|there}",
    "{first_name}",
    "%FIRSTNAME%",
    "[First Name]",
    "[Company]",
]
MARKUP = [
    "<p>",
    "</p>",
    "<br>",
    "<b>",
    "</b>",
    "<div style='display:none'>",
    "</div>",
    "<!-- close the deal -->",
    "<style>p{x:1}</style>",
    '<a href="https://x.test/close-the-deal">',
    "</a>",
    "<td>",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t"]

piece = st.one_of(
    st.tuples(st.just("word"), st.sampled_from(WORDS)),
    st.tuples(st.just("tag"), st.sampled_from(TAGS)),
    st.tuples(st.just("markup"), st.sampled_from(MARKUP)),
    # an entity is prose (a decoded character): a finding may start or end on it
    st.tuples(st.just("entity"), st.sampled_from(["&amp;", "&nbsp;", "&rsquo;", "&#8212;"])),
    st.tuples(st.just("sep"), st.sampled_from(SEPARATORS)),
    st.tuples(st.just("word"), st.text(alphabet="abcdefghij ,.'", max_size=8)),
)

LINTER = create_linter(isolated=True, no_plugins=True)
LINTER.resolver = _Fixed(Config(select=("ALL",), root=Path.cwd()))


def build(pieces, with_markup: bool):
    text, tags = [], []
    pos = 0
    for kind, value in pieces:
        if kind in ("markup", "entity") and not with_markup:
            continue
        if kind in ("tag", "markup"):
            tags.append(Span(pos, pos + len(value)))
        text.append(value)
        pos += len(value)
    joined = "".join(text)
    # A bracket placeholder directly followed by "(", "[" or ":" is Markdown link syntax
    # ("[First Name][ref]", "[Company](url)"), which the scanner reads as prose by design.
    tags = [
        t
        for t in tags
        if not (joined[t.start] == "[" and joined[t.end : t.end + 1] in ("(", "[", ":"))
    ]
    return joined, tags


def lint(name: str, text: str):
    result = LINTER.lint_file(Path(name), display=name, data=text.encode("utf-8"))
    return result.findings


def assert_outside_tags(text, tags, findings):
    for f in findings:
        assert f.code != "OL004", f.message
        assert 0 <= f.span.start <= f.span.end <= len(text), (f.code, f.span, len(text))
        if f.category in ("template", "meta"):
            continue  # these point at tags on purpose
        for tag in tags:
            assert not (tag.start <= f.span.start < tag.end), (f.code, f.span, tag, text)
            assert not (tag.start < f.span.end <= tag.end), (f.code, f.span, tag, text)


SETTINGS = settings(
    # OUTREACH_LINT_FORMAT_EXAMPLES=2000 for a long run
    max_examples=int(os.environ.get("OUTREACH_LINT_FORMAT_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(st.lists(piece, max_size=60), st.sampled_from(["a.txt", "a.md", "a.hbs", "a.j2"]))
# found by hypothesis: "[First Name][" is a Markdown reference link, prose for the scanner
@example(
    [
        ("tag", "[First Name]"),
        ("word", "["),
        ("word", "Sam,"),
        ("word", "Sam,"),
        ("word", "a.a."),
        ("word", "Hi"),
        ("tag", "{{ first_name }}"),
        ("word", "a.a.a"),
    ],
    "a.txt",
)
def test_text_formats_findings_inside_text_never_in_tags(pieces, name):
    text, tags = build(pieces, with_markup=False)
    assert_outside_tags(text, tags, lint(name, text))


@SETTINGS
@given(st.lists(piece, max_size=60))
def test_html_findings_inside_text_never_in_tags_or_markup(pieces):
    text, tags = build(pieces, with_markup=True)
    assert_outside_tags(text, tags, lint("a.html", text))


@SETTINGS
@given(st.lists(piece, max_size=40), st.lists(piece, max_size=10))
def test_json_sequence_findings_inside_the_step_strings(body_pieces, subject_pieces):
    body, _ = build(body_pieces, with_markup=False)
    subject, _ = build(subject_pieces, with_markup=False)
    text = json.dumps({"steps": [{"subject": subject, "body": body}]}, indent=2)
    findings = lint("a.sequence.json", text)
    body_start = text.index('"body": "') + len('"body": "')
    subject_start = text.index('"subject": "') + len('"subject": "')
    for f in findings:
        assert f.code != "OL004", f.message
        if f.category in ("template", "meta"):
            continue
        inside_body = body_start <= f.span.start and f.span.end <= text.index('"\n', body_start)
        inside_subject = subject_start <= f.span.start and f.span.end <= text.index(
            '",', subject_start
        )
        assert inside_body or inside_subject, (f.code, f.span, text)


def _verbatim_chars_match(doc):
    """Every prose character mapped one to one equals the file's character there."""
    src = doc.source
    for p0, s0, plen, slen in doc.offset_map.segments:
        if plen == slen and plen:
            prose = doc.prose[p0 : p0 + plen]
            source = src[s0 : s0 + slen]
            for a, b in zip(prose, source):
                # masked tags are spaces in prose; HTML reads line breaks and tabs as spaces;
                # a lone CR is read as a line break (3407f45: CRLF and CR line ends)
                assert a == b or a == " " or (a == "\n" and b == "\r"), (a, b, prose, source)


@SETTINGS
@given(st.lists(piece, max_size=50))
def test_html_prose_maps_back_to_its_characters(pieces):
    from outreach_lint.formats import html

    text, _ = build(pieces, with_markup=True)
    for doc in html.parse("a.html", text, {}):
        _verbatim_chars_match(doc)


@SETTINGS
@given(
    st.text(
        alphabet=st.one_of(st.sampled_from(list("ab \"\\\n\t\r/'<>&:#|-é😀")), st.characters()),
        max_size=80,
    ),
    st.sampled_from(["json", "yaml-literal", "yaml-quoted", "csv"]),
)
def test_decoded_values_map_back(value, kind):
    from outreach_lint.formats import sequence

    if kind == "json":
        text = json.dumps([{"subject": "s", "body": value}], ensure_ascii=False)
        docs = sequence.JSON_FORMAT.parse("a.sequence.json", text, {})
    elif kind == "yaml-quoted":
        text = "- subject: s\n  body: " + json.dumps(value) + "\n"
        docs = sequence.YAML_FORMAT.parse("a.sequence.yaml", text, {})
    elif kind == "yaml-literal":
        lines = [ln for ln in value.replace("\r", "").split("\n")] or [""]
        text = "- subject: s\n  body: |\n" + "".join(f"    x{ln}\n" for ln in lines)
        docs = sequence.YAML_FORMAT.parse("a.sequence.yaml", text, {})
    else:
        text = 'subject,body\ns,"' + value.replace('"', '""') + '"\n'
        docs = sequence.CSV_FORMAT.parse("a.sequence.csv", text, {})
    for doc in docs:
        assert doc.source == text
        _verbatim_chars_match(doc)
        for span in (s.span for s in doc.sections):
            mapped = doc.to_source(span)
            assert 0 <= mapped.start <= mapped.end <= len(text)
