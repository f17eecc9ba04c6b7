"""Merge tags and template logic: found, named and masked so they are never read as prose.

A merge tag is personalization (``{{ first_name }}``, ``*|FNAME|*``, ``[First Name]``): rules
count it as a reference to the reader and never flag its letters as words. Template logic
(``{% if %}``, ``{{#if}}``) and template comments are masked too; the prose of every branch of
a conditional stays in place, so every branch is linted.

The scan is a single left-to-right pass with precompiled patterns, linear in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Placeholder, Problem
from .model import Span

# Each dialect: its name and a pattern; group "name" is the field, group "default" a fallback.
_MUSTACHE_COMMENT = re.compile(r"\{\{!--.*?--\}\}|\{\{![^}]*\}\}", re.S)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA_BLOCK = re.compile(r"\{%-?.*?-?%\}", re.S)
_MUSTACHE_TRIPLE = re.compile(r"\{\{\{\s*(?P<body>[^{}]*?)\s*\}\}\}", re.S)
_MUSTACHE = re.compile(r"\{\{-?\s*(?P<body>[^{}]*?)\s*-?\}\}", re.S)
_MAILCHIMP = re.compile(r"\*\|(?P<body>[A-Z0-9_:]+(?:[^|*]*)?)\|\*")
# [First Name], [Company], [Similar Company], [Name]: capitalised words in brackets, not a
# Markdown link text ("[see this](url)") and not a reference ("[1]").
_BRACKET = re.compile(
    r"\[(?P<body>[A-Z][A-Za-z0-9]*(?:[ /&'.-][A-Za-z0-9][A-Za-z0-9]*){0,5})\](?![(\[:])"
)
_MAUTIC = re.compile(r"\{(?P<body>contactfield=[^{}\s|]+(?:\|[^{}]*)?)\}")
_PERCENT = re.compile(r"%(?P<body>[A-Z][A-Z0-9_]{2,})%")

_DEFAULT_FILTER = re.compile(
    r"""\|\s*default\s*[:(]\s*(?P<q>["'])(?P<value>.*?)(?P=q)|\bdefault\s*=\s*(?P<bare>[^}|]+)"""
)
_BLOCK_HELPER = re.compile(r"^[#/^>&]|^else\b")


@dataclass(frozen=True)
class TemplateScan:
    placeholders: tuple[Placeholder, ...]
    masked: tuple[Span, ...]  # everything that is not prose: tags, logic, comments
    problems: tuple[Problem, ...]
    dialects: frozenset[str]


def _field_name(body: str) -> str:
    body = body.strip()
    for sep in ("|", ":default", " default"):
        if sep in body:
            body = body.split(sep, 1)[0]
    return body.strip()


def _default(body: str) -> str | None:
    m = _DEFAULT_FILTER.search(body)
    if not m:
        return None
    return m.group("value") if m.group("value") is not None else (m.group("bare") or "").strip()


def scan(text: str) -> TemplateScan:
    """Find merge tags, template logic and template comments in ``text``."""
    masked: list[Span] = []
    placeholders: list[Placeholder] = []
    dialects: set[str] = set()
    taken = bytearray(len(text))  # 1 where an earlier, stronger pattern already matched

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)
        masked.append(Span(s, e))

    if "{" in text:
        for rx in (_MUSTACHE_COMMENT, _JINJA_COMMENT, _JINJA_BLOCK):
            for m in rx.finditer(text):
                if free(*m.span()):
                    take(*m.span())
                    dialects.add("jinja" if rx is not _MUSTACHE_COMMENT else "handlebars")
        for rx in (_MUSTACHE_TRIPLE, _MUSTACHE):
            for m in rx.finditer(text):
                s, e = m.span()
                if not free(s, e):
                    continue
                take(s, e)
                body = m.group("body")
                if not body or _BLOCK_HELPER.match(body):
                    dialects.add("handlebars")
                    continue
                name = _field_name(body)
                placeholders.append(
                    Placeholder(name, Span(s, e), "mustache", _default(body), m.group())
                )
                dialects.add("mustache")
        for m in _MAUTIC.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                body = m.group("body")
                name, _, default = body.partition("|")
                placeholders.append(
                    Placeholder(
                        name.split("=", 1)[1], Span(s, e), "mautic", default or None, m.group()
                    )
                )
                dialects.add("mautic")
    if "*|" in text:
        for m in _MAILCHIMP.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                body = m.group("body")
                if ":" in body or body in ("END", "ELSE"):
                    dialects.add("mailchimp")
                    continue  # *|IF:...|*, *|END:IF|*: logic, not a field
                placeholders.append(Placeholder(body, Span(s, e), "mailchimp", None, m.group()))
                dialects.add("mailchimp")
    if "[" in text:
        for m in _BRACKET.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                placeholders.append(
                    Placeholder(m.group("body"), Span(s, e), "bracket", None, m.group())
                )
                dialects.add("bracket")
    if "%" in text:
        for m in _PERCENT.finditer(text):
            s, e = m.span()
            if free(s, e):
                take(s, e)
                placeholders.append(
                    Placeholder(m.group("body"), Span(s, e), "percent", None, m.group())
                )
                dialects.add("percent")

    problems = list(_unclosed(text, taken))
    placeholders.sort(key=lambda p: p.span)
    masked.sort()
    return TemplateScan(tuple(placeholders), tuple(masked), tuple(problems), frozenset(dialects))


_OPENERS = re.compile(r"\{\{|\{%|\{#")


def _unclosed(text: str, taken: bytearray) -> list[Problem]:
    """Opening delimiters that no pattern could close: a broken tag the reader would see."""
    problems = []
    for m in _OPENERS.finditer(text):
        if taken[m.start()]:
            continue
        closer = {"{{": "}}", "{%": "%}", "{#": "#}"}[m.group()]
        problems.append(
            Problem(
                code="TM101",
                message=f"Unclosed template tag {m.group()!r}: no matching {closer!r}",
                span=Span(m.start(), m.end()),
                suggestion=f"Close the tag with {closer!r} or remove the stray {m.group()!r}.",
            )
        )
    return problems
