"""Merge tags and template logic: found, named and masked so they are never read as prose.

A merge tag is personalization (``{{ first_name }}``, ``*|FNAME|*``, ``[First Name]``): rules
count it as a reference to the reader and never flag its letters as words. Template logic
(``{% if %}``, ``{{#if}}``, ``*|IF:X|*``) and template comments are masked too; the prose of every
branch of a conditional stays in place, so every branch is linted.

Dialects (the names accepted by the ``dialects`` config key):

``mustache``   ``{{ x }}``, ``{{{ x }}}``, ``{{#if x}}..{{else}}..{{/if}}``: Mustache, Handlebars,
               Liquid and Jinja output tags, HubSpot ``{{ contact.firstname }}``, Marketo
               ``{{lead.First Name:default=there}}``; fallbacks ``| default: "x"``,
               ``| default("x")``, ``:default=x``
``jinja``      ``{% if %}..{% else %}..{% endif %}``, ``{# comment #}`` (Jinja, Liquid, HubL, Nunjucks)
``mailchimp``  ``*|FNAME|*``, ``*|IF:FNAME|*..*|ELSE:|*..*|END:IF|*``
``mautic``     ``{contactfield=firstname|there}``
``python``     ``{first_name}`` (str.format): one identifier, no spaces, so ``{1, 2}`` is prose
``percent``    ``%FIRSTNAME%``: upper case, at least three letters; Mailgun's
               ``%recipient.first_name%``
``bracket``    ``[First Name]``, ``[Company]``, ``[INSERT NAME]``: only brackets whose words
               name a field (name, company, title, city...) or say "insert", so ``[Webinar]``
               and ``[1]`` stay prose; Campaign Monitor's ``[firstname,fallback=there]``
``ampscript``  ``%%FirstName%%``, ``%%=ProperCase(FirstName)=%%``, ``%%[ SET @x = 1 ]%%``:
               Salesforce Marketing Cloud (AMPscript) and Pardot's ``%%first_name%%``
``salesforce`` ``{!Contact.FirstName}``, ``{!Lead.Company}``,
               ``{!BLANKVALUE(Contact.FirstName, "there")}``: Salesforce email templates

All are active by default. The scan is a single pass per dialect with precompiled patterns,
linear in the input; block structure (if/for/unless, Handlebars sections, Mailchimp
conditionals) is checked with a stack and reported with the position of the opening delimiter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Placeholder, Problem, mask
from .lazyre import lazy
from .model import Span

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

DIALECTS = (
    "mustache",
    "jinja",
    "mailchimp",
    "mautic",
    "python",
    "percent",
    "bracket",
    "ampscript",
    "salesforce",
)
#: names users may also write in config; they select the dialect that parses them
ALIASES = {
    "handlebars": "mustache",
    "hubspot": "mustache",
    "marketo": "mustache",
    "liquid": "jinja",
    "hubl": "jinja",
    "nunjucks": "jinja",
    "format": "python",
    "sfmc": "ampscript",
    "marketing-cloud": "ampscript",
    "pardot": "ampscript",
    "visualforce": "salesforce",
    "mailgun": "percent",
    "campaign-monitor": "bracket",
}
DEFAULT_DIALECTS = frozenset(DIALECTS)


def resolve_dialects(names: Iterable[str] | None) -> frozenset[str]:
    """Config names to dialect names; ``ValueError`` naming the first unknown one."""
    if names is None:
        return DEFAULT_DIALECTS
    out = set()
    for raw in names:
        name = raw.strip().lower()
        name = ALIASES.get(name, name)
        if name not in DIALECTS:
            known = ", ".join(sorted(set(DIALECTS) | set(ALIASES)))
            raise ValueError(f"unknown merge-tag dialect {raw!r} (known: {known})")
        out.add(name)
        if name == "mustache":
            out.add("jinja")  # {% %} logic goes with {{ }} output in every engine that has it
    return frozenset(out)


# Comments and logic blocks are found by _delimited()/_mustache_comments(), not by lazy
# ``.*?`` regexes, which rescan to the end of the file for every unclosed opener (quadratic on
# 10,000 stray ``{%``); tag bodies are stripped in Python, because ``\s*(.*?)\s*`` backtracks
# cubically on a ``{{`` followed by a long run of spaces.
_MUSTACHE_TRIPLE = re.compile(r"\{\{\{(?P<inner>[^{}]*)\}\}\}")
# Braze writes attributes as ``${name}`` inside Liquid output: ``{{${first_name} | default:
# 'there'}}``, ``{{custom_attribute.${trial_end}}}``; the inner braces are part of the tag
_MUSTACHE = re.compile(r"\{\{(?P<inner>(?:\$\{[^{}]*\}|[^{}])*)\}\}")
_BRAZE_ATTRIBUTE = re.compile(r"\$\{([^{}]*)\}")
_MAILCHIMP = lazy(r"\*\|(?P<body>[A-Z0-9_]+(?::[^|*\n]*)?)\|\*")
_MAUTIC = lazy(r"\{(?P<body>(?:contactfield|leadfield)=[^{}\s|]+(?:\|[^{}\n]*)?)\}")
# "{" first (a fast literal search in ``re``), the look-behind after it: the same matches as
# :data:`_PYTHON_REFERENCE` (tests/test_fast_patterns.py)
_PYTHON = re.compile(r"\{(?<![{$]\{)(?P<body>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\}(?!\})")
_PYTHON_REFERENCE = r"(?<![{$])\{(?P<body>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\}(?!\})"
_PERCENT = lazy(r"%(?P<body>[A-Z][A-Z0-9_]{2,}|recipient\.[A-Za-z_]\w*)%")
# AMPscript (Salesforce Marketing Cloud, Pardot): an attribute ``%%FirstName%%`` (its name may
# hold spaces: ``%%First Name%%``), an inline expression ``%%=ProperCase(FirstName)=%%`` and a
# code block ``%%[ SET @x = ... ]%%`` (logic, never prose)
_AMP_ATTRIBUTE = lazy(r"%%(?P<body>[A-Za-z_][\w.-]*(?: [A-Za-z_][\w.-]*){0,3})%%")
_AMP_EXPRESSION = lazy(r"%%=(?P<body>[^\n%]{1,200}?)=%%")
# an AMPscript expression's operands: a variable or attribute not called as a function, or a
# quoted attribute name (``AttributeValue("FirstName")``)
_AMP_OPERAND = lazy(
    r"""(?P<q>["'])(?P<quoted>[^"'\n]*)(?P=q)|@?(?P<word>[A-Za-z_]\w*)\b(?!\s*\()"""
)
# Salesforce merge fields: ``{!Contact.FirstName}``, ``{!Contact.FirstName, "there"}``,
# ``{!BLANKVALUE(Contact.FirstName, "there")}``; the body opens with a letter, so a Handlebars
# comment ``{{! x }}`` (taken first) and prose such as ``{!}`` are never one
_SALESFORCE = lazy(r"(?<!\{)\{!(?P<body>[A-Za-z][^{}\n]{0,120})\}")
_SALESFORCE_FIELD = lazy(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Za-z_]\w*\b(?!\s*\()")
_QUOTED = lazy(r"""(?P<q>["'])(?P<value>[^"'\n]*)(?P=q)""")

# bracket placeholders: the words must name a field, or ask for something to be inserted
_FIELD_WORDS = (
    r"name|names|firstname|lastname|fname|lname|company|companies|organi[sz]ation|org|account|"
    r"title|role|position|department|team|city|state|country|region|location|industry|"
    r"website|url|domain|email|phone|number|product|service|competitor|pain|point|goal|"
    r"date|day|time|event|connection|school|university|link|metric|result|tool|challenge|"
    r"project|initiative|post|article|podcast|feature|use case|trigger|signal|stat|"
    r"customer|client|prospect|recipient|contact|colleague|referral|mutual|detail"
)
_BRACKET = lazy(
    r"\[(?P<body>"
    r"(?:INSERT|Insert|insert|YOUR|Your|your|THEIR|Their)\b[^\[\]\n]{0,40}"
    r"|[A-Z][A-Z0-9]*_[A-Z0-9_]+"
    r"|(?:[A-Z][A-Za-z0-9'&.-]*[ /]){0,4}(?i:(?:" + _FIELD_WORDS + r"))s?"
    r")(?:,[ \t]*fallback=(?P<fallback>[^\[\]\n]{0,40}))?\](?![(\[:])"
)

_DEFAULT_FILTER = re.compile(
    r"""\|\s*default\s*[:(]\s*(?P<q>["'])(?P<value>.*?)(?P=q)"""
    r"""|:?\s*\bdefault\s*=\s*(?P<q2>["']?)(?P<bare>[^}|"']*)(?P=q2)"""
    r"""|\s\bor\s+(?P<q3>["'])(?P<orvalue>.*?)(?P=q3)"""
)
_JINJA_WORD = lazy(r"(?P<word>\w+)")

# block structure: opener -> closer
_JINJA_OPENERS = frozenset(
    [
        "if",
        "for",
        "unless",
        "case",
        "capture",
        "block",
        "macro",
        "call",
        "filter",
        "with",
        "raw",
        "comment",
        "autoescape",
        "tablerow",
        "paginate",
        "trans",
        "spaceless",
        "embed",
        "form",
    ]
)
_JINJA_MIDDLE = frozenset(["else", "elif", "elsif", "when", "empty"])


@dataclass(frozen=True)
class BlockTag:
    """One piece of template logic: an opener, a middle (else) or a closer."""

    role: str  # "open", "middle", "close"
    name: str  # "if", "each", "IF"
    span: Span
    dialect: str


@dataclass(frozen=True)
class TemplateScan:
    """What a scan for template syntax found: merge tags, masked logic, problems, dialects."""

    placeholders: tuple[Placeholder, ...]
    masked: tuple[Span, ...]  # everything that is not prose: tags, logic, comments
    problems: tuple[Problem, ...]
    dialects: frozenset[str]
    blocks: tuple[BlockTag, ...] = ()
    #: (opener, closer-or-None) for each conditional/loop, in source order of openers
    pairs: tuple[tuple[BlockTag, BlockTag | None], ...] = ()


def _field_name(body: str) -> str:
    body = body.strip()
    for sep in ("|", ":default", " default", " or "):
        if sep in body:
            body = body.split(sep, 1)[0]
    return _BRAZE_ATTRIBUTE.sub(r"\1", body.strip()).strip()


def _default(body: str) -> str | None:
    m = _DEFAULT_FILTER.search(body)
    if not m:
        return None
    if m.group("value") is not None:
        return m.group("value")
    if m.group("orvalue") is not None:
        return m.group("orvalue")
    return (m.group("bare") or "").strip()


def _ampscript_field(expression: str) -> str:
    """The attribute an AMPscript expression prints: ``FirstName`` for
    ``ProperCase(FirstName)``, ``AttributeValue("FirstName")`` or ``v(@FirstName)``."""
    for m in _AMP_OPERAND.finditer(expression):
        name = m.group("quoted") if m.group("q") else m.group("word")
        if name:
            return name
    return expression.strip()


def _salesforce_field(body: str) -> tuple[str, str | None]:
    """The field a Salesforce merge field prints and its fallback: ``Contact.FirstName`` and
    "there" for ``Contact.FirstName, "there"`` or ``BLANKVALUE(Contact.FirstName, "there")``."""
    field = _SALESFORCE_FIELD.search(body)
    name = field.group() if field else body.strip()
    rest = body[field.end() :] if field else ""
    quoted = _QUOTED.search(rest)
    if quoted:
        return name, quoted.group("value")
    bare = rest.strip(" \t)").lstrip(",").strip()
    return name, bare or None


def _tag_body(inner: str, controls: str) -> str:
    """A tag's expression without whitespace-control marks (``{{~- x -~}}``) and spaces."""
    for mark in controls:
        if inner.startswith(mark):
            inner = inner[1:]
    for mark in reversed(controls):
        if inner.endswith(mark):
            inner = inner[:-1]
    return inner.strip()


class _NextFinder:
    """``text.find(needle, start)`` for non-decreasing starts, in linear total time.

    The answer for one start stays right for every later start up to it, so each character is
    searched at most once however many openers ask.
    """

    def __init__(self, text: str, needle: str):
        self.text, self.needle = text, needle
        self.searched_from, self.found = -1, -1

    def find(self, start: int) -> int:
        known = self.searched_from != -1 and start >= self.searched_from
        if known and (self.found == -1 or self.found >= start):
            return self.found
        self.searched_from, self.found = start, self.text.find(self.needle, start)
        return self.found


def _delimited(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """Non-overlapping ``opener ... closer`` spans, leftmost first (like ``opener.*?closer``)."""
    spans = []
    closing = _NextFinder(text, closer)
    start = text.find(opener)
    while start != -1:
        end = closing.find(start + len(opener))
        if end == -1:
            break  # no closer anywhere after: every later opener is unclosed too
        spans.append((start, end + len(closer)))
        start = text.find(opener, end + len(closer))
    return spans


def _mustache_comments(text: str) -> list[tuple[int, int]]:
    """``{{!-- ... --}}`` (may contain ``}}``) and ``{{! ... }}`` (may not contain ``}``)."""
    spans = []
    long_close = _NextFinder(text, "--}}")
    brace = _NextFinder(text, "}")
    start = text.find("{{!")
    while start != -1:
        end = -1
        if text.startswith("{{!--", start):
            close = long_close.find(start + 5)
            if close != -1:
                end = close + 4
        if end == -1:
            close = brace.find(start + 3)
            if close != -1 and text.startswith("}}", close):
                end = close + 2
        if end == -1:
            start = text.find("{{!", start + 1)
        else:
            spans.append((start, end))
            start = text.find("{{!", end)
    return spans


def scan(
    text: str,
    dialects: Iterable[str] | None = None,
    opaque: Iterable[Span] = (),
) -> TemplateScan:
    """Find merge tags, template logic and template comments in ``text``.

    ``dialects`` limits the syntaxes recognised (default: all); nothing inside ``opaque`` spans
    (code blocks, ``<style>``) is scanned.
    """
    active = DEFAULT_DIALECTS if dialects is None else frozenset(dialects)
    opaque = [s for s in opaque if s.end > s.start]
    if opaque:
        text = mask(text, opaque)
    masked: list[Span] = []
    placeholders: list[Placeholder] = []
    blocks: list[BlockTag] = []
    found: set[str] = set()
    taken = bytearray(len(text))  # 1 where an earlier, stronger pattern already matched

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)
        masked.append(Span(s, e))

    def add(name: str, s: int, e: int, dialect: str, default: str | None, raw: str) -> None:
        placeholders.append(Placeholder(name, Span(s, e), dialect, default, raw))

    def plain(rx: Any, dialect: str) -> None:
        """Tags whose body is the field's name, with no default and no logic (``{name}``,
        ``[Name]``, ``%NAME%``)."""
        for m in rx.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                fallback = m.groupdict().get("fallback")
                add(m.group("body"), s, e, dialect, fallback, m.group())
                found.add(dialect)

    if "{" in text:
        if "mustache" in active:
            for s, e in _mustache_comments(text):
                if free(s, e):
                    take(s, e)
                    found.add("mustache")
        if "jinja" in active:
            for s, e in _delimited(text, "{#", "#}"):
                if free(s, e):
                    take(s, e)
                    found.add("jinja")
            for s, e in _delimited(text, "{%", "%}"):
                if not free(s, e):
                    continue
                take(s, e)
                found.add("jinja")
                body = _tag_body(text[s + 2 : e - 2], "-")
                word = _JINJA_WORD.match(body)
                if not word:
                    continue
                w = word.group("word")
                span = Span(s, e)
                if w in _JINJA_OPENERS or (w == "set" and "=" not in body):
                    blocks.append(BlockTag("open", w, span, "jinja"))
                elif w in _JINJA_MIDDLE:
                    blocks.append(BlockTag("middle", w, span, "jinja"))
                elif w.startswith("end") and len(w) > 3:
                    blocks.append(BlockTag("close", w[3:], span, "jinja"))
        if "mustache" in active:
            for rx in (_MUSTACHE_TRIPLE, _MUSTACHE):
                for m in rx.finditer(text):
                    s, e = m.span()
                    if not free(s, e):
                        continue
                    take(s, e)
                    found.add("mustache")
                    triple = rx is _MUSTACHE_TRIPLE
                    body = _tag_body(m.group("inner"), "" if triple else "~-")
                    if not body:
                        continue
                    head = body[0]
                    if head in "#^":
                        name = body[1:].split(None, 1)[0] if body[1:].strip() else ""
                        blocks.append(BlockTag("open", name, Span(s, e), "mustache"))
                        continue
                    if head == "/":
                        blocks.append(BlockTag("close", body[1:].strip(), Span(s, e), "mustache"))
                        continue
                    if body == "else" or body.startswith("else ") or head in ">&":
                        if body.startswith("else"):
                            blocks.append(BlockTag("middle", "else", Span(s, e), "mustache"))
                        continue
                    add(_field_name(body), s, e, "mustache", _default(body), m.group())
        if "mautic" in active:
            for m in _MAUTIC.finditer(text):
                s, e = m.span()
                if free(s, e):
                    take(s, e)
                    name, _, default = m.group("body").partition("|")
                    add(name.split("=", 1)[1], s, e, "mautic", default or None, m.group())
                    found.add("mautic")
        if "python" in active:
            plain(_PYTHON, "python")
    if "*|" in text and "mailchimp" in active:
        for m in _MAILCHIMP.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            take(s, e)
            found.add("mailchimp")
            body = m.group("body")
            head, _, rest = body.partition(":")
            if head in ("IF", "IFNOT", "INTERESTED"):
                blocks.append(BlockTag("open", head, Span(s, e), "mailchimp"))
            elif head in ("ELSE", "ELSEIF"):
                blocks.append(BlockTag("middle", head, Span(s, e), "mailchimp"))
            elif head == "END":
                blocks.append(BlockTag("close", rest or "IF", Span(s, e), "mailchimp"))
            else:
                name = rest if head in ("UPPER", "LOWER", "TITLE") and rest else body
                add(name, s, e, "mailchimp", None, m.group())
    if "%%" in text and "ampscript" in active:
        for s, e in _delimited(text, "%%[", "]%%"):
            if free(s, e):
                take(s, e)
                found.add("ampscript")
        for m in _AMP_EXPRESSION.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                add(_ampscript_field(m.group("body")), s, e, "ampscript", None, m.group())
                found.add("ampscript")
        plain(_AMP_ATTRIBUTE, "ampscript")
    if "{!" in text and "salesforce" in active:
        for m in _SALESFORCE.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                name, default = _salesforce_field(m.group("body"))
                add(name, s, e, "salesforce", default, m.group())
                found.add("salesforce")
    if "[" in text and "bracket" in active:
        plain(_BRACKET, "bracket")
    if "%" in text and "percent" in active:
        plain(_PERCENT, "percent")

    # the words inside {% comment %}...{% endcomment %} are not prose either
    pairs, block_problems = _match_blocks(blocks)
    for opener, closer in pairs:
        if opener.name == "comment" and closer is not None:
            masked.append(Span(opener.span.end, closer.span.start))

    problems = list(_unclosed(text, taken, active)) + block_problems
    placeholders.sort(key=lambda p: p.span)
    masked.sort()
    problems.sort(key=lambda p: p.span)
    problems = _capped(problems)
    return TemplateScan(
        tuple(placeholders),
        tuple(masked),
        tuple(problems),
        frozenset(found),
        tuple(blocks),
        tuple(pairs),
    )


#: per code and file: a file of 10,000 stray ``{%`` is one problem repeated, not 10,000 findings
MAX_PROBLEMS_PER_CODE = 25


def _capped(problems: list[Problem]) -> list[Problem]:
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.code] = counts.get(p.code, 0) + 1
    out: list[Problem] = []
    kept: dict[str, int] = {}
    for p in problems:
        n = kept.get(p.code, 0)
        if n >= MAX_PROBLEMS_PER_CODE:
            continue
        kept[p.code] = n + 1
        if n + 1 == MAX_PROBLEMS_PER_CODE and counts[p.code] > MAX_PROBLEMS_PER_CODE:
            more = counts[p.code] - MAX_PROBLEMS_PER_CODE
            p = Problem(
                p.code,
                f"{p.message} ({more} more like it in this file not shown)",
                p.span,
                p.suggestion,
            )
        out.append(p)
    return out


def _closes(opener: BlockTag, closer: BlockTag) -> bool:
    if opener.dialect != closer.dialect:
        return False
    if opener.dialect == "mustache":
        return not closer.name or closer.name == opener.name
    if opener.dialect == "mailchimp":
        return closer.name == ("INTERESTED" if opener.name == "INTERESTED" else "IF")
    return closer.name == opener.name


def _describe(tag: BlockTag) -> str:
    if tag.dialect == "mustache":
        return "{{/" + tag.name + "}}"
    if tag.dialect == "mailchimp":
        return "*|END:" + ("INTERESTED" if tag.name == "INTERESTED" else "IF") + "|*"
    return "{% end" + tag.name + " %}"


def _match_blocks(
    blocks: list[BlockTag],
) -> tuple[list[tuple[BlockTag, BlockTag | None]], list[Problem]]:
    """Pair openers with closers; unclosed openers are TM102, stray closers and else TM103."""
    blocks = sorted(blocks, key=lambda b: b.span)
    stack: list[BlockTag] = []
    pairs: dict[BlockTag, BlockTag | None] = {}
    problems: list[Problem] = []
    for tag in blocks:
        if tag.role == "open":
            stack.append(tag)
            pairs[tag] = None
        elif tag.role == "middle":
            if not any(o.dialect == tag.dialect for o in stack):
                problems.append(
                    Problem(
                        "TM103",
                        f"{tag.name!r} outside any block: there is no open if/unless/case for it",
                        tag.span,
                        "Remove it, or add the opening tag of the block it belongs to.",
                    )
                )
        else:
            match = None
            for i in range(len(stack) - 1, -1, -1):
                if _closes(stack[i], tag):
                    match = i
                    break
            if match is None:
                problems.append(
                    Problem(
                        "TM103",
                        f"Block end for {tag.name or 'a section'!r} with no open block to close",
                        tag.span,
                        "Remove the stray end tag, or add the block it was meant to close.",
                    )
                )
                continue
            # everything opened after the match is left unclosed
            for inner in stack[match + 1 :]:
                problems.append(_unclosed_block(inner))
            pairs[stack[match]] = tag
            del stack[match:]
    for tag in stack:
        problems.append(_unclosed_block(tag))
    ordered = sorted(pairs.items(), key=lambda kv: kv[0].span)
    return ordered, problems


def _unclosed_block(tag: BlockTag) -> Problem:
    return Problem(
        "TM102",
        f"Block {tag.name!r} is never closed: everything after it depends on a condition that "
        "never ends",
        tag.span,
        f"Close it with {_describe(tag)} where the conditional copy ends.",
    )


_OPENERS = re.compile(r"\{\{|\{%|\{#|\*\|(?=[A-Z])")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}", "*|": "|*"}
_OPENER_DIALECT = {"{{": "mustache", "{%": "jinja", "{#": "jinja", "*|": "mailchimp"}


def _unclosed(text: str, taken: bytearray, active: frozenset[str]) -> list[Problem]:
    """Opening delimiters that no pattern could close: a broken tag the reader would see."""
    problems = []
    for m in _OPENERS.finditer(text):
        if taken[m.start()] or _OPENER_DIALECT[m.group()] not in active:
            continue
        closer = _CLOSERS[m.group()]
        problems.append(
            Problem(
                code="TM101",
                message=f"Unclosed template tag {m.group()!r}: no matching {closer!r}",
                span=Span(m.start(), m.end()),
                suggestion=f"Close the tag with {closer!r} or remove the stray {m.group()!r}.",
            )
        )
    return problems


def within(span: Span, pairs: Iterable[tuple[BlockTag, BlockTag | None]]) -> bool:
    """Whether ``span`` sits inside a conditional block (between an opener and its closer)."""
    for opener, closer in pairs:
        end = closer.span.start if closer is not None else 1 << 62
        if opener.span.end <= span.start and span.end <= end:
            return True
    return False


def fill(text: str, spans: Iterable[Span], char: str = "\ue000") -> str:
    """``text`` with every character in ``spans`` replaced by ``char`` (line breaks kept).

    HTML is tokenized on the filled text, so ``<`` or quotes inside a merge tag
    (``{{ x | default: "<b>" }}``) can never be mistaken for markup.
    """
    out = list(text)
    for span in spans:
        for i in range(span.start, min(span.end, len(out))):
            if out[i] not in "\r\n":
                out[i] = char
    return "".join(out)
