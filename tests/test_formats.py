"""Every input format, end to end: findings at exact positions in the original file.

Each fixture in tests/fixtures/formats/ holds the same probe phrases ("close the deal" for PR101,
"circling back" for FU101) in prose, and in places that are not prose (CSS, scripts, comments,
attributes, code, URLs, template comments). The tests assert where the probes are reported, the
context of sequence steps and MIME parts, and that nothing else is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.config import Config
from outreach_lint.engine import create_linter
from outreach_lint.testing import _Fixed

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def lint(path: Path | str, select=("PR101", "FU101"), data: str | None = None, **config):
    linter = create_linter(isolated=True, no_plugins=True)
    linter.resolver = _Fixed(Config(select=tuple(select), root=Path.cwd(), **config))
    path = Path(path)
    raw = data.encode("utf-8") if data is not None else None
    result = linter.lint_file(path, display=path.name, data=raw)
    assert not linter.errors, linter.errors
    return result.findings


def located(findings):
    return [(f.code, f.line, f.column, f.end_line, f.end_column, dict(f.context)) for f in findings]


def source_text(path: Path, f) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    if f.line == f.end_line:
        return lines[f.line - 1][f.column - 1 : f.end_column - 1]
    first = lines[f.line - 1][f.column - 1 :]
    last = lines[f.end_line - 1][: f.end_column - 1]
    return first + "\n" + last


# --------------------------------------------------------------------------- HTML


def test_html_entities_multiline_tags_alt_title_preheader():
    path = FIXTURES / "welcome.html"
    findings = lint(path)
    assert located(findings) == [
        ("PR101", 4, 22, 4, 36, {}),  # <title> is the subject
        ("FU101", 11, 76, 11, 94, {}),  # hidden preheader div
        ("PR101", 15, 48, 16, 10, {}),  # close&nbsp;the\n     deal
        ("PR101", 19, 13, 19, 27, {}),  # title= on a tag spread over three lines
        ("PR101", 21, 16, 21, 30, {}),  # alt=
    ]
    texts = [source_text(path, f) for f in findings]
    assert texts[2] == "close&nbsp;the\n     deal"
    assert texts[3] == "Close the deal"


def test_html_sections():
    from outreach_lint.formats import html

    text = (FIXTURES / "welcome.html").read_text(encoding="utf-8")
    (doc,) = html.parse("welcome.html", text, {})
    kinds = {s.kind: doc.text_of(s.span) for s in doc.sections}
    assert kinds["subject"].startswith("Let\u2019s close the deal, ")
    assert kinds["preheader"].startswith("Just circling back")
    assert kinds["greeting"].startswith("Hi ")
    assert kinds["signature"] == "Best,\nAlex"
    assert kinds["opening"].startswith("Your Q3 report is out \u2014 when can we close\xa0the")
    assert [p.name for p in doc.placeholders] == ["first_name", "first_name"]
    # nothing from <style>, <script>, comments or data- attributes reached the prose
    assert doc.prose.count("close the deal") + doc.prose.count("close\xa0the") == 3


def test_html_not_well_formed_never_crashes():
    text = '<p>Hi <b>Sam,</p>\n<div><a href="x">Let\'s close the deal</div>\n</span><!-- open'
    findings = lint("broken.html", ("OL010", "PR101"), data=text)
    assert located(findings) == [
        ("OL010", 1, 7, 1, 10, {}),  # <b> closed by </p>
        ("OL010", 2, 6, 2, 18, {}),  # <a> closed by </div>
        ("PR101", 2, 24, 2, 38, {}),  # still linted
        ("OL010", 3, 1, 3, 8, {}),  # stray </span>
        ("OL010", 3, 8, 3, 12, {}),  # unclosed comment
    ]


@pytest.mark.parametrize(
    "junk",
    [
        "<",
        "<<<>>>",
        "<p",
        "<a href='x",
        '<img alt="unterminated',
        "</",
        "<!--",
        "<![CDATA[",
        "<script>",
        "&#99999999;&#xZZ;&;&amp",
        "<p>{{ x | default: '<b>' }}</p>",
        "<title>{% if %}",
        "\x00<p>\ufffd",
    ],
)
def test_html_garbage_is_findings_not_crashes(junk):
    findings = lint("junk.html", ("ALL",), data=junk)
    assert not [f for f in findings if f.code == "OL004"], [f.message for f in findings]


# --------------------------------------------------------------------------- .eml


def test_eml_quoted_printable_base64_and_encoded_subject():
    path = FIXTURES / "renewal.eml"
    findings = lint(path)
    assert located(findings) == [
        ("PR101", 3, 10, 3, 50, {"part": "text/plain"}),  # encoded-word subject: whole value
        ("FU101", 15, 33, 15, 51, {"part": "text/plain"}),
        ("PR101", 15, 77, 16, 14, {"part": "text/plain"}),  # across a QP soft line break
        ("PR101", 24, 57, 24, 77, {"part": "text/html"}),  # base64: the quartets that hold it
    ]
    assert source_text(path, findings[1]) == "just circling back"
    assert source_text(path, findings[2]) == "c=\nlose the deal"


def test_eml_without_text_part():
    findings = lint("x.eml", ("OL014",), data="Subject: Hi\nContent-Type: image/png\n\nnot text\n")
    assert located(findings) == [("OL014", 1, 1, 1, 2, {})]


# --------------------------------------------------------------------------- sequences


def test_yaml_sequence_block_scalars_and_missing_body():
    path = FIXTURES / "outbound.sequence.yaml"
    findings = lint(path, ("PR101", "FU101", "OL012"))
    assert located(findings) == [
        ("PR101", 10, 36, 10, 50, {"step": 1}),  # literal block scalar
        ("FU101", 19, 49, 20, 22, {"step": 2}),  # folded block scalar, across the fold
        ("OL012", 21, 7, 21, 8, {"step": 3}),  # a step with a subject and no body
    ]
    assert source_text(path, findings[1]) == "just\n        circling back"


def test_json_sequence_escapes_and_pointer():
    path = FIXTURES / "outbound.sequence.json"
    findings = lint(path, ("PR101", "FU101"))
    assert located(findings) == [
        ("PR101", 7, 94, 7, 108, {"step": 1, "pointer": "/steps/0"}),
        ("FU101", 12, 40, 12, 58, {"step": 2, "pointer": "/steps/1"}),
        ("PR101", 12, 74, 12, 93, {"step": 2, "pointer": "/steps/1"}),  # close\u00a0the deal
    ]
    assert source_text(path, findings[2]) == "close\\u00a0the deal"


def test_csv_sequence_quoted_multiline_cells():
    path = FIXTURES / "outbound.sequence.csv"
    findings = lint(path, ("PR101", "FU101"))
    assert located(findings) == [
        ("PR101", 4, 9, 4, 23, {"step": 1}),
        ("FU101", 9, 27, 9, 45, {"step": 2}),
    ]


def test_sequence_steps_are_separate_documents():
    from outreach_lint.formats import sequence

    text = (FIXTURES / "outbound.sequence.yaml").read_text(encoding="utf-8")
    docs = sequence.YAML_FORMAT.parse("outbound.sequence.yaml", text, {})
    assert [d.context for d in docs] == [{"step": 1}, {"step": 2}, {"step": 3}]
    assert [d.subject for d in docs] == ['Your Q3 "renewal" plan', "Following up", "Last note"]
    assert [d.message_kind for d in docs] == ["first-touch", "follow-up", "follow-up"]
    assert docs[1].meta["delay_days"] == 3


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ci.yml", "on: push\njobs:\n  build:\n    steps:\n      - run: make\n"),
        ("package.json", '{"name": "x", "scripts": {"test": "close the deal"}}'),
        ("chart.yaml", "steps: {{ .Values.steps }}\n  bad: [yaml"),
        ("data.csv", "a,b\n1,close the deal\n"),
        ("broken.json", '{"subject": '),
    ],
)
def test_unrelated_data_files_are_never_copy(name, text, run, write):
    root = write({name: text, "copy.md": "Hi Sam,\n\nHow is the audit going?\n"})
    # explicitly named: read only if shaped like messages, silently skipped otherwise
    assert lint(root / name, ("ALL",), data=text) == ()
    # directory walks never pick plain data files up
    code, out, err = run("--format", "json", "--isolated", str(root))
    assert name not in out


def test_plain_json_with_messages_is_linted_when_named(write):
    text = '[{"subject": "Hi", "body": "Just circling back."}]'
    findings = lint("export.json", ("FU101",), data=text)
    assert located(findings) == [("FU101", 1, 29, 1, 47, {"step": 1, "pointer": "/0"})]


def test_sequence_formats_declared_by_config_glob(tmp_path):
    path = tmp_path / "exports" / "apollo.json"
    path.parent.mkdir()
    path.write_text('{"emails": {"intro": {"subject": "Hi", "body": "Just circling back."}}}')
    findings = lint(path, ("FU101",), formats=(("exports/*.json", "sequence-json"),))
    assert [(f.code, dict(f.context)) for f in findings] == [
        ("FU101", {"step": "intro", "pointer": "/emails/intro"})
    ]


@pytest.mark.parametrize(
    ("name", "text", "code", "where"),
    [
        ("a.sequence.json", '{"steps": [', "OL011", (1, 12)),
        ("a.sequence.yaml", "steps:\n  - subject: [x\n", "OL011", (3, 1)),
        ("a.sequence.yaml", "a: &x [1]\nb: *x\n", "OL011", (2, 4)),  # aliases are refused
        ("a.sequence.csv", 'subject,body\nHi,"open\n', "OL011", (2, 4)),
        ("a.sequence.yaml", "name: not a sequence\n", "OL013", (1, 1)),
        # too deep: refused, no crash; CPython < 3.13 raises RecursionError (reported at the
        # start), 3.13's decoder reports the end of the input
        ("a.sequence.json", "[" * 5000, "OL011", {(1, 1), (1, 5001)}),
    ],
    ids=["json", "yaml", "alias", "csv", "shape", "deep-json"],
)
def test_sequence_parse_errors_have_positions(name, text, code, where):
    findings = lint(name, ("OL",), data=text)
    assert [f.code for f in findings] == [code]
    allowed = where if isinstance(where, set) else {where}
    assert (findings[0].line, findings[0].column) in allowed


def test_billion_laughs_is_refused_quickly():
    import time

    laughs = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        laughs += f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    start = time.perf_counter()
    findings = lint("bomb.sequence.yaml", ("OL",), data=laughs)
    assert time.perf_counter() - start < 2
    assert [f.code for f in findings] == ["OL011"]
    # and in front matter
    findings = lint("bomb.md", ("OL",), data="---\n" + laughs + "---\nHi there,\n")
    assert [f.code for f in findings] == ["OL001"]


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("renewal.hbs", [("PR101", 5, 7, 5, 21, {}), ("FU101", 7, 1, 7, 19, {})]),
        ("renewal.liquid", [("PR101", 4, 33, 4, 47, {}), ("FU101", 4, 88, 4, 106, {})]),
        ("renewal.html.j2", [("PR101", 5, 33, 5, 47, {}), ("FU101", 7, 4, 7, 22, {})]),
    ],
)
def test_every_branch_of_a_conditional_is_linted(name, expected):
    assert located(lint(FIXTURES / name)) == expected


def test_template_comments_and_logic_are_not_prose():
    from outreach_lint.formats import template

    text = (FIXTURES / "renewal.liquid").read_text(encoding="utf-8")
    (doc,) = template.parse("renewal.liquid", text, {})
    assert "internal note" not in doc.prose
    assert "plan ==" not in doc.prose
    assert template.kind_of((FIXTURES / "renewal.html.j2").read_text()) == "html"


# --------------------------------------------------------------------------- Markdown


def test_markdown_code_urls_and_link_targets_are_not_prose():
    path = FIXTURES / "guide.md"
    findings = lint(path, ("PR101", "TM102", "TM101"))
    # the subject (quoted, with '' escape) and the last sentence; not the code span, the
    # fenced block (nor the unclosed {% if %} inside it), the link target or the autolink
    assert located(findings) == [("PR101", 2, 18, 2, 32, {}), ("PR101", 15, 48, 15, 62, {})]


# --------------------------------------------------------------------------- dialects


@pytest.mark.parametrize(
    ("text", "name", "dialect", "default"),
    [
        ("Hi {{ first_name }},", "first_name", "mustache", None),
        ('Hi {{ first_name | default: "there" }},', "first_name", "mustache", "there"),
        ("Hi {{ first_name|default('there') }},", "first_name", "mustache", "there"),
        ("Hi {{ contact.firstname }},", "contact.firstname", "mustache", None),
        ("Hi {{lead.First Name:default=there}},", "lead.First Name", "mustache", "there"),
        ("Hi {{{ first_name }}},", "first_name", "mustache", None),
        # Braze: attributes written ${name} inside the Liquid output tag
        ("Hi {{${first_name} | default: 'there'}},", "first_name", "mustache", "there"),
        ("Hi {{custom_attribute.${nickname}}},", "custom_attribute.nickname", "mustache", None),
        ("Hi *|FNAME|*,", "FNAME", "mailchimp", None),
        ("Hi *|TITLE:FNAME|*,", "FNAME", "mailchimp", None),
        ("Hi {contactfield=firstname|there},", "firstname", "mautic", "there"),
        ("Hi {first_name},", "first_name", "python", None),
        ("Hi %FIRSTNAME%,", "FIRSTNAME", "percent", None),
        ("Hi [First Name],", "First Name", "bracket", None),
        ("Hi [FIRST_NAME],", "FIRST_NAME", "bracket", None),
        # session 17 (bl18): Campaign Monitor's fallback, Mailgun's recipient variables,
        # Marketing Cloud / Pardot AMPscript and Salesforce merge fields (writers 5 and 12)
        ("Hi [firstname,fallback=there],", "firstname", "bracket", "there"),
        ("Hi %recipient.first_name%,", "recipient.first_name", "percent", None),
        ("Hi %%FirstName%%,", "FirstName", "ampscript", None),
        ("Hi %%first_name%%,", "first_name", "ampscript", None),
        ("Hi %%=ProperCase(FirstName)=%%,", "FirstName", "ampscript", None),
        ('Hi %%=AttributeValue("FirstName")=%%,', "FirstName", "ampscript", None),
        ("Hi {!Contact.FirstName},", "Contact.FirstName", "salesforce", None),
        ('Hi {!Contact.FirstName, "there"},', "Contact.FirstName", "salesforce", "there"),
        ('Hi {!BLANKVALUE(Lead.FirstName, "there")},', "Lead.FirstName", "salesforce", "there"),
    ],
)
def test_each_dialect_is_a_placeholder(text, name, dialect, default):
    from outreach_lint.formats import text as text_format

    (doc,) = text_format.parse("t.txt", text, {})
    (p,) = doc.placeholders
    assert (p.name, p.dialect, p.default) == (name, dialect, default)
    assert text[p.span.start : p.span.end] == p.raw
    assert doc.prose.startswith("Hi ") and doc.prose.strip().endswith(",")
    assert not any(c.isalpha() for c in doc.prose[3:])  # the tag is masked


@pytest.mark.parametrize(
    "prose",
    [
        "The set {1, 2} is tiny.",
        "Reply [1] and [see this](https://x.test).",
        "[Webinar] Join us on Tuesday. [URGENT] is not a field.",
        "We grew 100% YoY and 50%.",
        'Use {curly braces} in JSON like {"a": 1}.',
        "*|| not mailchimp",
        "Up 100%% on paper, 50 %% in cash, %%% and {!} are not tags.",
    ],
)
def test_ordinary_braces_and_brackets_are_prose(prose):
    from outreach_lint.formats import text as text_format

    (doc,) = text_format.parse("t.txt", prose, {})
    assert doc.placeholders == ()
    assert not doc.problems
    # only "{curly braces}" is a plausible python field; it is prose because it has a space
    assert doc.prose == prose


def test_ampscript_code_blocks_are_logic_not_prose():
    """A Marketing Cloud ``%%[ ... ]%%`` block sets variables: none of it is read as words."""
    from outreach_lint.formats import text as text_format

    text = '%%[ SET @fn = AttributeValue("FirstName") ]%%Hi %%=v(@fn)=%%,'
    (doc,) = text_format.parse("t.txt", text, {})
    assert [p.dialect for p in doc.placeholders] == ["ampscript"]
    assert doc.prose.strip(" \ue000").startswith("Hi ")
    assert "SET" not in doc.prose and "AttributeValue" not in doc.prose


def test_dialects_config_narrows_the_scan(write, run):
    root = write(
        {
            ".outreach-lint.toml": 'dialects = ["handlebars"]\nselect = ["TM"]\n',
            "a.txt": "Hi {{ first_name | default: 'there' }},\n\nAsk [Company] about %PLAN%.\n",
        }
    )
    from outreach_lint.formats import text as text_format
    from outreach_lint.mergetags import resolve_dialects

    dialects = resolve_dialects(["handlebars"])
    assert dialects == {"mustache", "jinja"}
    (doc,) = text_format.parse("a.txt", (root / "a.txt").read_text(), {"dialects": dialects})
    assert [p.dialect for p in doc.placeholders] == ["mustache"]
    code, out, err = run("--format", "json", str(root / "a.txt"), cwd=root)
    assert code == 0, out + err  # [Company] is prose now: no TM107 mixed dialects


def test_unknown_dialect_in_config_is_a_usage_error(write, run):
    root = write({".outreach-lint.toml": 'dialects = ["mustache", "smarty"]\n', "a.txt": "Hi"})
    code, out, err = run(str(root / "a.txt"), cwd=root)
    assert code == 2
    assert "dialects" in err and "smarty" in err


def test_fields_config_checks_every_tag(write, run):
    root = write(
        {
            ".outreach-lint.toml": 'fields = ["first_name", "company"]\nselect = ["TM104"]\n',
            "a.txt": "Hi {{ first_name }},\n\nHow is {{ compny }} doing with {{ plan }}?\n",
        }
    )
    code, out, err = run("--format", "json", str(root / "a.txt"), cwd=root)
    import json

    data = json.loads(out)
    got = [(f["line"], f["column"], f["message"]) for f in data["findings"]]
    assert got == [
        (3, 8, "Merge field 'compny' is not one of the declared fields; did you mean 'company'?"),
        (3, 32, "Merge field 'plan' is not one of the declared fields"),
    ]


def test_rendered_glob_turns_tags_into_leftovers(write, run):
    root = write(
        {
            ".outreach-lint.toml": 'rendered = ["out/**"]\nselect = ["TM106"]\n',
            "out/a.txt": "Hi {{first_name}},\n\nHow is [Company Name] doing?\n",
            "tpl/a.txt": "Hi {{first_name}},\n\nHow is [Company Name] doing?\n",
        }
    )
    import json

    code, out, err = run("--format", "json", str(root), cwd=root)
    data = json.loads(out)
    got = sorted((Path(f["path"]).parent.name, f["line"], f["column"]) for f in data["findings"])
    assert got == [("out", 1, 4), ("out", 3, 8)]


def test_format_detection_extension_sniff_and_config(tmp_path):
    from outreach_lint.engine import create_linter

    linter = create_linter(isolated=True, no_plugins=True)
    config = Config(root=tmp_path, formats=(("legacy/*.tpl", "html"),))
    fmt = linter.format_of
    assert fmt(tmp_path / "a.html", config) == "html"
    assert fmt(tmp_path / "a.eml", config) == "eml"
    assert fmt(tmp_path / "a.hbs", config) == "template"
    assert fmt(tmp_path / "a.html.hbs", config) == "html"
    assert fmt(tmp_path / "a.sequence.yaml", config) == "sequence-yaml"
    assert fmt(tmp_path / "a.yaml", config) == "data"
    assert fmt(tmp_path / "legacy" / "x.tpl", config) == "html"
    assert fmt(tmp_path / "noext", config, "<!doctype html><p>Hi</p>") == "html"
    assert fmt(tmp_path / "noext", config, "From: a@b.c\nMessage-ID: <x>\n\nHi") == "eml"
    assert linter.is_lintable(tmp_path / "a.sequence.json", config)
    assert not linter.is_lintable(tmp_path / "package.json", config)


# --------------------------------------------------------------------------- sections everywhere

BODY = (
    "Hi Sam,\n\nYour Q3 report shows churn down 4%. Worth a chat on Tuesday?\n\nBest,\nAlex\n\n"
    "You are receiving this because you asked for the report. Unsubscribe any time."
)
_BODY_HTML = (
    "<p>Hi Sam,</p><p>Your Q3 report shows churn down 4%. Worth a chat on Tuesday?</p>"
    "<p>Best,<br>Alex</p><p>You are receiving this because you asked for the report. "
    "Unsubscribe any time.</p>"
)
SAME_MESSAGE = {
    "a.txt": "Subject: Churn is down\n" + BODY,
    "a.md": "---\nsubject: Churn is down\npreheader: Two numbers\n---\n" + BODY,
    "a.html": "<html><head><title>Churn is down</title></head><body>"
    '<div style="display:none">Two numbers</div>' + _BODY_HTML + "</body></html>",
    "a.eml": "Subject: Churn is down\nContent-Type: text/plain\n\n" + BODY,
}


def _same_message():
    import json

    out = dict(SAME_MESSAGE)
    out["a.sequence.yaml"] = (
        "- subject: Churn is down\n  preheader: Two numbers\n  body: " + json.dumps(BODY) + "\n"
    )
    out["a.sequence.json"] = json.dumps(
        {"steps": [{"subject": "Churn is down", "preview_text": "Two numbers", "body": BODY}]}
    )
    out["a.sequence.csv"] = 'subject,body\nChurn is down,"' + BODY.replace('"', '""') + '"\n'
    out["a.hbs"] = "Subject: Churn is down\n" + BODY.replace("Sam", "{{ first_name }}")
    # Markdown without front matter, opening with a pasted subject line as plain text does
    out["b.md"] = "Subject: Churn is down\n\n" + BODY
    return out


@pytest.mark.parametrize("name", sorted(_same_message()))
def test_sections_are_located_in_every_format(name):
    from outreach_lint.engine import create_linter

    text = _same_message()[name]
    linter = create_linter(isolated=True, no_plugins=True)
    fmt = linter.format_of(Path(name), Config(root=Path.cwd()), text)
    (doc,) = linter.formats[fmt].parse(name, text, {})
    got = {s.kind: " ".join(doc.text_of(s.span).split()) for s in doc.sections}
    assert got["subject"] == "Churn is down"
    if name in ("a.md", "a.html", "a.sequence.yaml", "a.sequence.json"):
        assert got["preheader"] == "Two numbers"
    assert got["greeting"] in ("Hi Sam,", "Hi ,")  # a merge tag is masked in prose
    assert got["opening"] == "Your Q3 report shows churn down 4%."
    assert got["cta"] == "Worth a chat on Tuesday?"
    assert got["signature"] == "Best, Alex"
    assert got["footer"].startswith("You are receiving this")
    assert "Churn is down" not in got["body"]
    assert "Two numbers" not in got["content"]


def _markdown_doc(text):
    from outreach_lint.formats import markdown

    (doc,) = markdown.parse("a.md", text, {})
    return doc


def test_markdown_header_lines_declare_kind_and_step_without_front_matter():
    doc = _markdown_doc("Subject: One more thing\nKind: follow-up\nStep: 2\n\nHi Sam,\n\nBody.\n")
    assert doc.meta == {"kind": "follow-up", "step": 2}
    assert doc.text_of(doc.section("subject").span) == "One more thing"
    assert "Kind" not in doc.prose and "Subject" not in doc.prose


def test_markdown_subject_line_only_at_the_top_and_front_matter_wins():
    later = _markdown_doc("Hi Sam,\n\nSubject: the report you asked for is attached.\n")
    assert later.section("subject") is None
    assert "Subject: the report" in later.prose
    fm = _markdown_doc("---\nsubject: From front matter\n---\nSubject: not a header\n")
    assert fm.text_of(fm.section("subject").span) == "From front matter"
    assert "Subject: not a header" in fm.prose


def test_generic_greeting_under_a_markdown_subject_line_is_found(run, write):
    root = write({"a.md": "Subject: quick one\n\nDear Sir/Madam,\n\nWe sell software.\n"})
    code, out, err = run("--isolated", "--format", "concise", str(root))
    assert code == 1, err
    assert "a.md:3:1: BL101" in out
    assert "a.md:5:1: IC101" in out


# --------------------------------------------------------------------------- fixes through decoding


def test_fixes_apply_through_html_and_json_but_never_on_decoded_text(run, write):
    root = write(
        {
            "a.html": "<p>Hi Sam,</p>\n<p>We can utilize the report &amp; utili&#122;e it.</p>\n",
            "a.sequence.json": '[{"subject": "Hi", "body": "We can utilize \\"it\\"."}]',
            "a.md": "Hi Sam,\n\n<style>p { utilize: 1 }</style>\n\nWe can utilize it.\n",
        }
    )
    code, out, err = run("--isolated", "--select", "HY102", "--fix", str(root))
    assert (root / "a.html").read_text() == (
        "<p>Hi Sam,</p>\n<p>We can use the report &amp; utili&#122;e it.</p>\n"
    )
    assert (root / "a.sequence.json").read_text() == (
        '[{"subject": "Hi", "body": "We can use \\"it\\"."}]'
    )
    assert (root / "a.md").read_text() == (
        "Hi Sam,\n\n<style>p { utilize: 1 }</style>\n\nWe can use it.\n"
    )
    # the entity-spelled word is still reported, just not fixed
    code, out, err = run("--isolated", "--select", "HY102", "--format", "json", str(root))
    import json

    left = [(Path(f["path"]).name, f["line"], f["column"]) for f in json.loads(out)["findings"]]
    assert left == [("a.html", 2, 32)]


# --------------------------------------------------------------------------- hostile input


def test_deeply_nested_html_is_linear():
    """20,000 unclosed <div>s took minutes when every tag walked the open-element stack."""
    import time

    from outreach_lint.formats import html

    start = time.perf_counter()
    (doc,) = html.parse("a.html", "<div>" * 20000 + "Hi there" + "</span>" * 20000, {})
    assert time.perf_counter() - start < 20
    assert doc.prose.strip() == "Hi there"
    assert len([p for p in doc.problems if p.code == "OL010"]) == 10  # capped


def test_template_problems_are_capped_per_file():
    findings = lint("a.txt", ("TM101",), data="{% " * 1000)
    assert len(findings) == 25
    assert findings[-1].message.endswith("(975 more like it in this file not shown)")
