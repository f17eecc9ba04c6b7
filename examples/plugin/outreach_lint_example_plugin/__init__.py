"""An example outreach-lint plugin.

It adds one Python rule (PR901, "asap-demand") and one TOML pack (HY901, "house-buzzwords"),
through the same hooks the built-ins use. Plugin rules take numbers 900-999 of a category so
they never collide with built-in codes.
"""

from __future__ import annotations

import re
from pathlib import Path

from outreach_lint.hookspecs import hookimpl
from outreach_lint.rules import rule

_ASAP = re.compile(r"\b(?:asap|a\.s\.a\.p\.?)(?!\w)", re.IGNORECASE)


@rule(
    code="PR901",
    name="asap-demand",
    category="pressure",
    severity="warning",
    summary="Demands an answer 'ASAP'",
    rationale="""
"ASAP" makes the sender's timeline the reader's problem. A reader who owes you nothing owes you
no deadline either; ask when a decision would suit them, or say plainly why timing matters to them.
""",
    suggestion="Ask what timing suits them: 'Would it help to decide before your March planning?'",
    bad=("Please get back to me ASAP.",),
    good=("Would it help to look at this before your March planning?",),
)
def asap_demand(doc, ctx):
    for m in _ASAP.finditer(doc.prose):
        yield ctx.finding(_span(m), f"'{m.group()}' pushes your deadline onto the reader")


def _span(m):
    from outreach_lint.model import Span

    return Span(m.start(), m.end())


@hookimpl
def outreach_lint_rules():
    return [asap_demand]


@hookimpl
def outreach_lint_rule_packs():
    return [Path(__file__).with_name("house.toml")]
