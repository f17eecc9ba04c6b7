"""The tool's own findings (category ``meta``) and parser-reported template problems.

These rules have no check of their own: the engine and the parsers report them. They exist as
rules so users can select, ignore and look them up like any other.
"""

from __future__ import annotations

from ..rules import rule


def _reported_by_engine(doc, ctx):
    return ()


parse_error = rule(
    code="OL001",
    name="parse-error",
    category="meta",
    severity="error",
    summary="The file could not be parsed as its format",
    instead=(
        "Fix the syntax at the position shown (an unclosed front matter block, tag or "
        "delimiter), so the file reads as its format: for example close the front matter with "
        "a second '---' line."
    ),
    rationale="""
A template that does not parse is a template your sending tool may also misread: the reader could
see raw markup or a broken merge field. Fix the syntax at the position shown (the message says
which delimiter or structure is wrong); until then the rest of the file is linted as well as it
can be.
""",
    bad=("---\nsubject: Hello\n(no closing ---)",),
    good=("---\nsubject: Hello\n---\nHi {{ first_name }},",),
)(_reported_by_engine)

unreadable_file = rule(
    code="OL002",
    name="unreadable-file",
    category="meta",
    severity="error",
    summary="The file could not be read or decoded as text",
    instead=(
        "Save the file as UTF-8 text, fix its permissions, or exclude it with `exclude` if it "
        'is not a template; for legacy Windows files set fallback-encoding = "cp1252".'
    ),
    rationale="""
outreach-lint reads templates as UTF-8 (a BOM selects UTF-16 or UTF-32). A file that is binary,
undecodable or unreadable cannot be checked, so copy in it reaches readers unreviewed. Save the
file as UTF-8, fix its permissions, or exclude it with `exclude` if it is not a template.
""",
    bad=("(a Latin-1 file with bytes that are not UTF-8)",),
    good=("(the same file saved as UTF-8)",),
)(_reported_by_engine)

file_too_large = rule(
    code="OL003",
    name="file-too-large",
    category="meta",
    severity="warning",
    summary="The file is larger than max-file-size and was skipped",
    instead=(
        "Split the file into one message per file, exclude it if it is not copy, or raise "
        "`max-file-size` in the config."
    ),
    rationale="""
No real outreach template is megabytes long; a huge file is usually an export, a data dump or a
mistake, and linting it would slow every commit. It is reported rather than silently dropped.
Raise `max-file-size` if the file really is copy, or exclude it.
""",
    bad=("(a 20 MB CSV dump in templates/)",),
    good=("(the templates themselves, a few KB each)",),
)(_reported_by_engine)

internal_error = rule(
    code="OL004",
    name="internal-error",
    category="meta",
    severity="error",
    summary="A rule or plugin failed on this file",
    instead=(
        "Nothing to change in the copy: report the message with the file (run with --debug "
        "for the traceback). The other rules still ran; --no-plugins tells you whether a "
        "plugin is the cause."
    ),
    rationale="""
A crash in one rule must not hide the findings of the others, so the failure is reported here and
the run goes on (and exits 2). The message names the rule or plugin; please report it to its
authors with the file that triggered it.
""",
    bad=("(any file on which a plugin raised an exception)",),
    good=("(the same file after the plugin is fixed)",),
)(_reported_by_engine)

pattern_timeout = rule(
    code="OL005",
    name="pattern-timeout",
    category="meta",
    severity="warning",
    summary="A pack pattern took too long on this file and was stopped",
    instead=(
        "Rewrite the pack pattern without nested repetition (for example '(a+)+' becomes "
        "'a+'), or write the phrase in the pack's phrase language, which never times out."
    ),
    rationale="""
A regular expression with nested repetition can take exponential time on some input. Each pack
pattern runs under a time limit so one bad pattern cannot hang a CI job; when it trips, that
pattern's results for the file are incomplete. Rewrite the pattern without nested quantifiers.
""",
    bad=("(a pack pattern like (a+)+$ run on a long line of a's)",),
    good=("(the same pattern written as a+$)",),
)(_reported_by_engine)

unknown_suppression = rule(
    code="OL006",
    name="unknown-suppression-code",
    category="meta",
    severity="warning",
    summary="A suppression comment names a rule that does not exist",
    instead=(
        "Write a code, prefix, category or name that exists (`outreach-lint rules` lists "
        "them), for example '<!-- outreach-lint: disable-next-line BL103 -->'."
    ),
    rationale="""
A misspelled code in a suppression silently suppresses nothing, or worse, hides a typo that
someone will copy. Use a code or name from `outreach-lint rules`.
""",
    bad=("<!-- outreach-lint: disable=PR999 -->",),
    good=("<!-- outreach-lint: disable=PR101 -->",),
)(_reported_by_engine)

unused_suppression = rule(
    code="OL007",
    name="unused-suppression",
    category="meta",
    severity="warning",
    summary="A suppression comment no longer suppresses anything",
    instead=("Delete the suppression comment: the copy no longer has the problem it silenced."),
    rationale="""
Suppressions outlive the copy they were written for. An unused one hides future problems on that
line for no reason; remove it.
""",
    bad=(
        "<!-- outreach-lint: disable-next-line=PR101 -->\nLooking forward to hearing your thoughts.",
    ),
    good=("Looking forward to hearing your thoughts.",),
)(_reported_by_engine)

malformed_tag = rule(
    code="TM101",
    name="malformed-merge-tag",
    category="template",
    severity="error",
    summary="A merge tag or template block is not closed",
    instead=(
        "Close the merge tag or block at the position shown, for example '{{ first_name }}' "
        "rather than '{{ first_name', so the reader never sees raw template syntax."
    ),
    rationale="""
An unclosed `{{` or `{%` is sent as-is by most tools: the reader sees "Hi {{first_name," and knows
at once they are one row in a spreadsheet. Nothing undoes a first impression like a broken
merge field. Close the tag (the finding points at its opening delimiter) or remove it.
""",
    bad=("Hi {{ first_name,",),
    good=("Hi {{ first_name }},",),
)(_reported_by_engine)

RULES = [
    parse_error,
    unreadable_file,
    file_too_large,
    internal_error,
    pattern_timeout,
    unknown_suppression,
    unused_suppression,
    malformed_tag,
]
