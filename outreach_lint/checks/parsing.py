"""Problems with the file itself, reported by the format readers (OL010-OL015).

Like the other meta rules they have no check of their own: HTML, YAML/JSON/CSV and ``.eml``
readers report them with the position of the problem, and the rest of the file is still linted
as well as it can be. They exist as rules so users can select, ignore and look them up.
"""

from __future__ import annotations

from ..rules import rule


def _reported_by_parser(doc, ctx):
    return ()


html_not_well_formed = rule(
    code="OL010",
    name="html-not-well-formed",
    category="meta",
    severity="warning",
    summary="The HTML is not well formed (unclosed comment, tag or element, stray end tag)",
    instead=(
        "Close the element, tag or comment at the position shown, for example add the missing "
        "'</a>' or '-->', so every mail client shows what you reviewed."
    ),
    rationale="""
Mail clients repair broken HTML each in their own way: an unclosed `<a>` can turn the rest of
the email into one link in Outlook, an unclosed comment hides everything after it. What the
reader sees is then not what you reviewed. The finding points at the opening delimiter (or the
stray end tag); fix it there. Optional end tags (`</p>`, `</li>`, `</td>`) are not required.
""",
    bad=("<p>Hi Sam,</p>\n<div><a href='https://x.test'>See the report</div>",),
    good=("<p>Hi Sam,</p>\n<div><a href='https://x.test'>See the report</a></div>",),
)(_reported_by_parser)

data_parse_error = rule(
    code="OL011",
    name="sequence-parse-error",
    category="meta",
    severity="error",
    summary="A sequence export (YAML, JSON or CSV) does not parse",
    instead=(
        "Fix the YAML, JSON or CSV syntax at the line shown (an unclosed quote, a bad indent, "
        "a missing comma); validate the export before committing it."
    ),
    rationale="""
A sequence file that does not parse is not linted at all, and your outreach tool will likely
reject it too (or worse, import it with columns shifted). The finding points at the position
where the parser gave up; the message says what it expected.
""",
    bad=('[{"subject": "Hi", "body": "Hello" ',),
    good=('[{"subject": "Hi", "body": "Hello"}]',),
)(_reported_by_parser)

step_without_body = rule(
    code="OL012",
    name="sequence-step-without-body",
    category="meta",
    severity="error",
    summary="A step of a sequence has no body",
    instead=("Give the step its body text, or remove the empty step from the sequence."),
    rationale="""
A step with a subject and no body sends an empty email, or makes the import fail halfway
through a sequence. The finding points at the step (or its empty body); write the body or
remove the step.
""",
    bad=("- subject: Quick question\n  body: ''",),
    good=("- subject: Quick question\n  body: Is the audit still on your plate?",),
)(_reported_by_parser)

not_a_sequence = rule(
    code="OL013",
    name="not-a-sequence",
    category="meta",
    severity="error",
    summary="A file declared as a sequence holds no messages",
    instead=(
        "Put the messages in the file (a list of steps with subject and body), or remove the "
        "sequence declaration in [formats] if the file is not a sequence."
    ),
    rationale="""
Files named `*.sequence.yaml`/`.json`/`.csv`, or mapped to a sequence format in `[formats]`, must
hold steps with a subject and a body (see docs/templates.md for the accepted keys). If none is
found, nothing in the file was linted: rename the keys, or stop declaring the file a sequence.
""",
    bad=("steps:\n  - name: build\n    run: make",),
    good=("steps:\n  - subject: Quick question\n    body: Is the audit on your plate?",),
)(_reported_by_parser)

message_problem = rule(
    code="OL014",
    name="email-message-problem",
    category="meta",
    severity="warning",
    summary="An .eml message has no text part to lint, or its structure is broken",
    instead=(
        "Export the message again with a text or HTML part, or fix its MIME structure; an "
        ".eml without readable text cannot be reviewed."
    ),
    rationale="""
An `.eml` file whose MIME structure is broken (a missing boundary, no text/plain or text/html
part) shows readers nothing, or an attachment where the copy should be. Nothing in it could be
linted; check the Content-Type and boundaries.
""",
    bad=("Subject: Hi\nContent-Type: image/png\n\n(binary)",),
    good=("Subject: Hi\nContent-Type: text/plain\n\nHello Sam,",),
)(_reported_by_parser)

unknown_kind = rule(
    code="OL015",
    name="unknown-kind",
    category="meta",
    severity="warning",
    summary="A message declares a kind no rule knows (a typo such as 'folow-up')",
    instead=(
        "Declare one of first-touch, follow-up, breakup, newsletter, customer (aliases: "
        "followup, reply, break-up, cold), or list a team's own kind in extra-kinds: "
        '`extra-kinds = ["event-invite"]`.'
    ),
    rationale="""
Rules that depend on the kind of message (a fake "Re:" on a first touch, the length limit of a
follow-up, a question in a first touch) judge only the kinds they name. A declared kind that is
misspelled matches none of them, so those rules silently stop judging the message. The finding
points at the declared value: front matter `kind:`, a `Kind:` line of a plain-text email,
`<meta name="kind" content="...">` in HTML, or a sequence step's `kind` field. The declaration
still decides the kind. Kinds of your own (an event invitation with its own limits) are
declared in the config with `extra-kinds`, and rules take them in their `kinds` options.
""",
    bad=("Kind: folow-up\nSubject: The Reno numbers\n\nHi Sam,\n\nHere are the claim numbers.",),
    good=("Kind: follow-up\nSubject: The Reno numbers\n\nHi Sam,\n\nHere are the claim numbers.",),
)(_reported_by_parser)

RULES = [
    html_not_well_formed,
    data_parse_error,
    step_without_body,
    not_a_sequence,
    message_problem,
    unknown_kind,
]
