"""Inline suppression directives, in the comment syntax of each format.

Accepted forms (``CODES`` is a comma-separated list of codes, names, prefixes or categories;
omitted, it means every rule)::

    <!-- outreach-lint: disable=PR101 -->          HTML and Markdown
    {# outreach-lint: disable-next-line=BL101 #}   Jinja, Liquid, Nunjucks (vanishes on render)
    {{!-- outreach-lint: enable=PR101 --}}         Handlebars and Mustache
    # outreach-lint: disable-file                  plain text, a line of its own

Actions: ``disable`` / ``enable`` (a region), ``disable-next-line``, ``disable-line`` and
``disable-file``. A front matter key ``outreach-lint-disable: [CODES]`` disables for the file.
Directives that name unknown rules, and directives that suppressed nothing, are reported as
``meta`` findings so stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .document import Directive, LineIndex
from .lazyre import lazy
from .model import Finding, Span

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Callable

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")

_BODY = r"outreach-lint:\s*(?P<action>disable-next-line|disable-line|disable-file|disable|enable)(?:\s*=\s*(?P<codes>[\w\s,.-]*?))?\s*"
_DIRECTIVE = lazy(
    r"<!--\s*" + _BODY + r"-->"
    r"|\{#-?\s*" + _BODY.replace("?P<", "?P<j") + r"-?#\}"
    r"|\{\{!(?:--)?\s*" + _BODY.replace("?P<", "?P<h") + r"(?:--)?\}\}"
    r"|^[ \t]*(?:#|//)[ \t]*" + _BODY.replace("?P<", "?P<t") + r"$",
    re.M,
)


def scan_directives(source: str) -> list[Directive]:
    """Find every directive in ``source`` (any comment syntax)."""
    if "outreach-lint:" not in source:
        return []
    index = LineIndex(source)
    out = []
    for m in _DIRECTIVE.finditer(source):
        groups = m.groupdict()
        action = groups["action"] or groups["jaction"] or groups["haction"] or groups["taction"]
        codes_raw = (
            groups["codes"] or groups["jcodes"] or groups["hcodes"] or groups["tcodes"] or ""
        )
        codes = tuple(c.strip() for c in codes_raw.split(",") if c.strip())
        line, _ = index.position(m.start())
        out.append(Directive(action, codes, line, Span(m.start(), m.end())))
    return out


@dataclass
class _Suppression:
    """One inline directive as applied: its selectors, the lines it covers, whether used."""

    directive: Directive
    selectors: tuple[str, ...]
    lines: range | None  # None: whole file
    used: bool = False


def apply_suppressions(
    findings: Sequence[Finding],
    directives: Iterable[Directive],
    source: str,
    *,
    matches: Callable[[str, Finding], bool],
    is_known: Callable[[str], bool],
    is_enabled: Callable[[str], bool],
    make_meta: Callable[[str, Span, str], Finding | None],
) -> list[Finding]:
    """Drop suppressed findings; add meta findings for unknown and unused directives.

    ``matches(selector, finding)`` tells whether a selector covers a finding;
    ``make_meta(code, span, message)`` builds a meta finding (or None when that rule is off).
    """
    directives = sorted(directives, key=lambda d: d.span)
    if not directives:
        return list(findings)
    index = LineIndex(source)
    last_line = index.line_count
    extra: list[Finding] = []
    suppressions: list[_Suppression] = []
    open_regions: dict[str, tuple[Directive, int]] = {}

    for d in directives:
        selectors = d.codes or ("ALL",)
        for sel in d.codes:
            if not is_known(sel):
                meta = make_meta(
                    "OL006",
                    d.span,
                    f"Suppression names unknown rule {sel!r}; use a rule code or name "
                    "(see `outreach-lint rules`)",
                )
                if meta:
                    extra.append(meta)
        if d.action == "disable-file":
            suppressions.append(_Suppression(d, selectors, None))
        elif d.action == "disable-line":
            suppressions.append(_Suppression(d, selectors, range(d.line, d.line + 1)))
        elif d.action == "disable-next-line":
            end_line, _ = index.position(d.span.end)
            suppressions.append(_Suppression(d, selectors, range(end_line + 1, end_line + 2)))
        elif d.action == "disable":
            for sel in selectors:
                open_regions[sel] = (d, d.line)
        elif d.action == "enable":
            for sel in selectors if d.codes else list(open_regions):
                if sel in open_regions:
                    start_d, start_line = open_regions.pop(sel)
                    suppressions.append(
                        _Suppression(start_d, (sel,), range(start_line, d.line + 1))
                    )
    for sel, (d, start_line) in open_regions.items():
        suppressions.append(_Suppression(d, (sel,), range(start_line, last_line + 1)))

    kept = []
    for finding in findings:
        suppressed = False
        for s in suppressions:
            if s.lines is not None and finding.line not in s.lines:
                continue
            if any(matches(sel, finding) for sel in s.selectors):
                s.used = True
                suppressed = True
        if not suppressed:
            kept.append(finding)

    reported: set[Span] = set()
    for s in suppressions:
        d = s.directive
        if s.used or d.span in reported:
            continue
        # only report a directive as unused when every rule it names is enabled and known
        if all(is_known(sel) and is_enabled(sel) for sel in s.selectors) and not any(
            other.used for other in suppressions if other.directive is d
        ):
            reported.add(d.span)
            names = ", ".join(d.codes) if d.codes else "all rules"
            meta = make_meta(
                "OL007",
                d.span,
                f"Unused suppression ({names}): nothing here is flagged any more; remove the comment",
            )
            if meta:
                extra.append(meta)
    return kept + extra
