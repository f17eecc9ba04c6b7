"""Template rules (TM): broken template logic, fields, fallbacks, leftovers, mixed dialects.

TM102 and TM103 are reported by the merge-tag scanner (:mod:`outreach_lint.mergetags`) while the
file is parsed; the others look at the Document's placeholders and sections. Placeholders are
found in every format (HTML text, sequence bodies, ``.eml`` parts), so these rules work there too.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import PurePath

from ..formats import TEMPLATE_EXTENSIONS
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule


def _reported_by_parser(doc, ctx):
    return ()


unclosed_block = rule(
    code="TM102",
    name="unclosed-template-block",
    category="template",
    severity="error",
    summary="A template block ({% if %}, {{#if}}, *|IF:|*) is never closed",
    instead=(
        "Close the block with its end tag ({% endif %}, {{/if}}, *|END:IF|*), or remove the "
        "opening tag."
    ),
    rationale="""
An `{% if %}` without its `{% endif %}` either fails to render (Jinja, Liquid) or swallows the
rest of the email into the condition, so some readers get half a message and others get a
template error in place of your note. The finding points at the opening tag; close the block
where the conditional copy ends.
""",
    bad=("Hi there,\n{% if company %}Your team at {{ company }} caught my eye.",),
    good=("Hi there,\n{% if company %}Your team at {{ company }} caught my eye.{% endif %}",),
)(_reported_by_parser)

stray_block_tag = rule(
    code="TM103",
    name="stray-template-block-tag",
    category="template",
    severity="error",
    summary="A block end or else tag has no block to close",
    instead=("Remove the stray end or else tag, or add the block it belongs to."),
    rationale="""
An `{% endif %}` or `{{/if}}` that closes nothing usually means an opening tag was deleted
while editing: the copy that was meant to be conditional is now sent to everyone, and the stray
tag may be shown as-is. Remove the stray tag or restore the block it belonged to.
""",
    bad=("Hi there,\nYour team caught my eye.{% endif %}",),
    good=("Hi there,\n{% if team %}Your team caught my eye.{% endif %}",),
)(_reported_by_parser)


@rule(
    code="TM104",
    name="unknown-merge-field",
    category="template",
    severity="error",
    summary="A merge tag names a field the config does not declare (or misspells a common one)",
    instead=(
        "Use a field your sending tool has (fix the spelling: 'first_name', not "
        "'frist_name'), or declare it in `fields` in the config."
    ),
    rationale="""
A misspelled field (`{{ frist_name }}`) renders as nothing: the reader gets "Hi ," and knows at
once they are a row in a list. When the config declares the fields your sending tool has
(`fields = ["first_name", "company"]`), every merge tag is checked against them. Without a
`fields` list only near-misses of common CRM fields (first_name, company, job_title...) are
reported, so custom fields never cause noise.
""",
    bad=("Hi {{ frist_name }},\n\nSaw the launch.",),
    good=("Hi {{ first_name }},\n\nSaw the launch.",),
)
def unknown_field(doc, ctx):
    declared = ctx.fields if ctx.settings.get("fields_declared") else None
    known = {_squash(f): f for f in (declared or ())}
    for p in doc.placeholders:
        if p.dialect == "bracket":
            continue  # brackets are leftovers or prose, not fields of a sending tool
        key = _squash(p.name)
        if declared is not None:
            if p.name in declared or key in known:
                continue
            import difflib  # only for a field that is not declared: ~2.7 M instructions

            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {known[close[0]]!r}?" if close else ""
            yield ctx.finding(
                p.span,
                f"Merge field {p.name!r} is not one of the declared fields{hint}",
                suggestion="Use a declared field, or add it to `fields` in the config.",
            )
            continue
        if key in _COMMON:
            continue
        close = _near_common(key)
        if close:
            yield ctx.finding(
                p.span,
                f"Merge field {p.name!r} looks like a misspelling of {_COMMON[close]!r}",
                suggestion="Fix the field name (declare your fields with `fields` in the config "
                "to check every tag).",
            )


#: how close a field must be to a common one to be called its misspelling (difflib's ratio)
_NEAR = 0.85


@lru_cache(maxsize=1024)
def _near_common(key: str) -> str:
    """The common field ``key`` misspells, or "" (difflib is slow; fields repeat across files)."""
    if not _may_be_near(key):
        return ""  # no common field can pass: difflib (~3 M instructions to import) not needed
    import difflib  # imported when a field may misspell a common one

    close = [
        c
        for c in difflib.get_close_matches(key, list(_COMMON), n=1, cutoff=_NEAR)
        if c[0] == key[:1]
    ]
    return close[0] if close else ""


def _may_be_near(key: str) -> bool:
    """Whether some common field with ``key``'s first letter reaches :data:`_NEAR` by difflib's
    ``quick_ratio`` (shared characters, counted as a multiset), computed as difflib computes it.

    ``get_close_matches`` keeps only a candidate whose ``quick_ratio`` reaches the cutoff (an
    upper bound of its ``ratio``), and ``_near_common`` only one with ``key``'s first letter;
    so when this is False the answer is "" without asking difflib.
    """
    counts: dict[str, int] = {}
    for ch in key:
        counts[ch] = counts.get(ch, 0) + 1
    for c in _COMMON:
        if c[0] != key[:1]:
            continue
        avail = dict(counts)
        matches = 0
        for ch in c:
            if avail.get(ch, 0) > 0:
                avail[ch] -= 1
                matches += 1
        if 2.0 * matches / (len(c) + len(key)) >= _NEAR:
            return True
    return False


_COMMON = {
    _k: _v
    for _v in [
        "first_name",
        "last_name",
        "full_name",
        "name",
        "company",
        "company_name",
        "title",
        "job_title",
        "city",
        "state",
        "country",
        "industry",
        "website",
        "email",
        "phone",
        "role",
        "department",
        "fname",
        "lname",
    ]
    for _k in [_v.replace("_", "")]
}


def _squash(name: str) -> str:
    """``contact.First_Name`` -> ``firstname``: case, separators and CRM prefixes ignored."""
    low = name.strip().lower()
    for prefix in ("contact.", "lead.", "company.", "person.", "recipient.", "subscriber."):
        if low.startswith(prefix) and len(low) > len(prefix):
            low = low[len(prefix) :]
            break
    return re.sub(r"[\s_.-]+", "", low)


# dialects with an inline fallback syntax; the others keep defaults in the sending tool
_HAS_FALLBACK_SYNTAX = frozenset(("mustache", "mautic"))
_GUARD = lazy(
    r"\{%-?\s*(?:if|unless)\b(?P<a>[^%]*)%\}|\{\{#(?:if|with)\s+(?P<b>[^}]*)\}\}|\*\|IF:(?P<c>[^|]*)\|\*"
)


@rule(
    code="TM105",
    name="greeting-field-without-fallback",
    category="template",
    severity="warning",
    summary="A merge field in the greeting has no fallback",
    instead=(
        "Give the field a fallback so an empty value still reads well: 'Hi {{ first_name | "
        'default: "there" }},\' or an if/else around the greeting.'
    ),
    rationale="""
CRM fields are often empty. "Hi {{ first_name }}," with no fallback sends "Hi ," to every
contact without a first name: the clearest sign of a blast there is. Give the field a fallback
(`{{ first_name | default: "there" }}`, `{{lead.First Name:default=there}}`,
`{contactfield=firstname|there}`) or guard it with `{% if first_name %}`. Fields your tool
always fills can be listed in the `required` option. Mailchimp, `%FIELD%` and Python-style
tags keep their defaults in the sending tool, so they are not judged.
""",
    options=(
        RuleOption(
            "required", [], "Fields that are always filled (no fallback needed)", type="list"
        ),
    ),
    bad=("Hi {{ first_name }},\n\nSaw the launch.",),
    good=('Hi {{ first_name | default: "there" }},\n\nSaw the launch.',),
)
def missing_fallback(doc, ctx):
    greeting = doc.section("greeting")
    if greeting is None:
        return
    required = {r.lower() for r in ctx.options.get("required", ())}
    for p in doc.placeholders:
        if not greeting.span.covers(p.span) and not (
            greeting.span.start <= p.span.start < greeting.span.end
        ):
            continue
        if p.default is not None or p.dialect not in _HAS_FALLBACK_SYNTAX:
            continue
        if p.name.lower() in required:
            continue
        if _guarded(doc, p):
            continue
        yield ctx.finding(
            p.span,
            f"{p.raw.strip() or p.name!r} in the greeting has no fallback: an empty field "
            'sends "Hi ,"',
            suggestion=f'Add a fallback, e.g. {{{{ {p.name} | default: "there" }}}}, or guard '
            f"it with {{% if {p.name} %}}.",
        )


def _guarded(doc, placeholder) -> bool:
    """A guard for the field earlier on the same source line (``{% if first_name %}``)."""
    src = doc.to_source(placeholder.span)
    line_start = doc.source.rfind("\n", 0, src.start) + 1
    before = doc.source[line_start : src.start]
    name = placeholder.name.lower()
    for m in _GUARD.finditer(before):
        cond = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        if name in cond or name.split(".")[-1] in cond:
            return True
    return False


_LEFTOVER = lazy(
    r"\bINSERT[ _][A-Z][A-Z ]{1,30}[A-Z]\b|\b(?:X{3,}|TK|TKTK|TBD|FIXME|TODO|LOREM IPSUM)\b"
    r"|\b[Ll]orem ipsum\b|<<\s*[A-Za-z][\w ]{0,30}>>|\{\{|\}\}"
)

#: every match of _LEFTOVER contains one of these (case-sensitive, as the pattern is)
_LEFTOVER_NEEDS = (
    "INSERT",
    "XXX",
    "TK",
    "TBD",
    "FIXME",
    "TODO",
    "LOREM IPSUM",
    "orem ipsum",
    "<<",
    "{{",
    "}}",
)


@rule(
    code="TM106",
    name="leftover-placeholder",
    category="template",
    severity="error",
    summary="Placeholder text left in copy that is about to be sent",
    instead=(
        "Replace the placeholder ('[Company]', 'XXX', 'Lorem ipsum') with the real value "
        "before the copy is sent, or turn it into a merge field."
    ),
    rationale="""
"INSERT NAME", "XXX", "TODO" or a `[Company Name]` that nobody filled in reaches the reader as
is, and tells them the note was a form letter nobody read before sending. In files declared
rendered (the `rendered` globs in the config, or front matter `rendered: true`) every merge tag
is a leftover too, since rendering should have replaced it. Fill it in or remove it.
""",
    bad=("Hi Sam,\n\nLoved your post about XXX.",),
    good=("Hi Sam,\n\nLoved your post about onboarding.",),
)
def leftover_placeholder(doc, ctx):
    rendered = bool(doc.meta.get("rendered"))
    seen: list[Span] = []
    for p in doc.placeholders:
        if rendered or (p.dialect == "bracket" and p.name.upper().startswith("INSERT")):
            seen.append(p.span)
            yield ctx.finding(
                p.span,
                f"Leftover placeholder {p.raw.strip()!r}"
                + (" in rendered copy" if rendered else "")
                + ": the reader would see it as is",
                suggestion="Replace it with the real value, or remove it.",
            )
    prose = doc.prose
    # most copy holds none of the literals a leftover needs: skip the scan (same matches)
    matches = _LEFTOVER.finditer(prose) if any(map(prose.__contains__, _LEFTOVER_NEEDS)) else ()
    for m in matches:
        span = Span(m.start(), m.end())
        if any(s.overlaps(span) for s in seen):
            continue
        if m.group() in ("{{", "}}") and not rendered:
            continue
        yield ctx.finding(
            span,
            f"Leftover placeholder text {m.group()!r}: the reader would see it as is",
            suggestion="Replace it with the real value, or remove it.",
        )


_FAMILY_LABEL = {
    "mustache": "{{ }} (Mustache/Handlebars/Liquid/Jinja/HubSpot/Marketo)",
    "mailchimp": "*|...|* (Mailchimp)",
    "mautic": "{contactfield=...} (Mautic)",
    "python": "{field} (Python format)",
    "percent": "%FIELD% (percent)",
    "bracket": "[Field] (bracket placeholder)",
    "ampscript": "%%Field%% (AMPscript: Marketing Cloud, Pardot)",
    "salesforce": "{!Object.Field} (Salesforce)",
}


@rule(
    code="TM107",
    name="mixed-merge-tag-dialects",
    category="template",
    severity="warning",
    summary="One message mixes merge-tag dialects",
    instead=(
        "Write every merge tag in the dialect of your sending tool, for example all '{{ "
        "first_name }}' or all '*|FNAME|*', never both."
    ),
    rationale="""
A sending tool fills only its own syntax. A template with both `{{ first_name }}` and
`*|FNAME|*` (or a `[Company]` left from a draft) reaches the reader with one of them raw. The
finding points at the first tag of each dialect that is not the message's main one; rewrite
them in the dialect your tool uses (or narrow `dialects` in the config if a syntax is prose).
""",
    bad=("Hi {{ first_name }},\n\nHow is *|COMPANY|* handling the audit?",),
    good=("Hi {{ first_name }},\n\nHow is {{ company }} handling the audit?",),
)
def mixed_dialects(doc, ctx):
    counts = Counter(p.dialect for p in doc.placeholders)
    if len(counts) < 2:
        return
    main = max(counts, key=lambda d: (counts[d], d == "mustache"))
    reported = set()
    for p in doc.placeholders:
        if p.dialect == main or p.dialect in reported:
            continue
        reported.add(p.dialect)
        yield ctx.finding(
            p.span,
            f"{p.raw.strip()!r} is a {_FAMILY_LABEL.get(p.dialect, p.dialect)} tag, but this "
            f"message mostly uses {_FAMILY_LABEL.get(main, main)}: your tool fills only one",
            suggestion="Write every merge tag in the dialect of your sending tool.",
        )


_NAME_GREETING = re.compile(
    r"(?:hi|hello|hey|dear|hiya|heya|morning|good (?:morning|afternoon|evening))[ \t]+"
    r"(?P<name>[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)(?=[ \t]*[,!.:\u2014-]?[ \t]*$)",
    re.I,
)
_NOT_NAMES = frozenset(
    [
        "there",
        "team",
        "all",
        "everyone",
        "everybody",
        "folks",
        "friend",
        "friends",
        "sir",
        "madam",
        "again",
        "both",
        "you",
        "y'all",
        "guys",
        "gang",
        "crew",
        "colleague",
        "colleagues",
        "neighbor",
        "neighbour",
        "partner",
        "partners",
    ]
)
_TEMPLATE_EXTS = frozenset(TEMPLATE_EXTENSIONS)


@rule(
    code="TM108",
    name="hard-coded-name",
    category="template",
    severity="warning",
    summary='A template greets a hard-coded name ("Hi John,")',
    instead=(
        "Use the merge field with a fallback instead of a hard-coded name: 'Hi {{ first_name "
        "| default: \"there\" }},' rather than 'Hi John,'."
    ),
    rationale="""
A template is sent to many people; "Hi John," in it means everyone who is not John is greeted
by someone else's name: a worse blast than no name at all. In a template (a file with merge tags,
or a template file type) greet with the merge field and a fallback:
`Hi {{ first_name | default: "there" }},`. Rendered copy (the `rendered` globs) is not judged.
""",
    bad=("Hi John,\n\nHow is {{ company }} handling the audit?",),
    good=('Hi {{ first_name | default: "there" }},\n\nHow is {{ company }} handling the audit?',),
)
def hard_coded_name(doc, ctx):
    if doc.meta.get("rendered"):
        return
    is_template = bool(doc.placeholders) or PurePath(doc.path).suffix.lower() in _TEMPLATE_EXTS
    if not is_template:
        return
    greeting = doc.section("greeting")
    if greeting is None:
        return
    text = doc.text_of(greeting.span)
    m = _NAME_GREETING.match(text.strip())
    if not m or m.group("name").lower() in _NOT_NAMES:
        return
    lead = len(text) - len(text.lstrip())
    start = greeting.span.start + lead + m.start("name")
    yield ctx.finding(
        Span(start, start + len(m.group("name"))),
        f"Hard-coded name {m.group('name')!r} in a template greeting: everyone else on the list "
        "is greeted as " + m.group("name"),
        suggestion='Use the merge field with a fallback, e.g. {{ first_name | default: "there" }}.',
    )


RULES = [
    unclosed_block,
    stray_block_tag,
    unknown_field,
    missing_fallback,
    leftover_placeholder,
    mixed_dialects,
    hard_coded_name,
]
