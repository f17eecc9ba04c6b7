"""Rule documentation rendered from the rule definitions: `explain` and docs/rules.md.

The docs are never written by hand: a test regenerates docs/rules.md and fails when the file in
the repository is stale (`python -m outreach_lint.ruledocs > docs/rules.md` refreshes it).
"""

from __future__ import annotations

import sys
import textwrap
from collections import defaultdict
from collections.abc import Iterable

from .model import CATEGORIES, RuleMeta

CATEGORY_TITLES = {
    "blast": "Cold-list blasts (BL)",
    "pressure": "Close-the-deal pressure (PR)",
    "i-centric": "I-centric copy (IC)",
    "monologue": "Monologue (MO)",
    "follow-up": "Lazy follow-ups (FU)",
    "hype": "Hype (HY)",
    "template": "Template problems (TM)",
    "subject": "Subject lines (SJ)",
    "meta": "The tool's own findings (OL)",
}


def explain_text(meta: RuleMeta) -> str:
    """Plain-text explanation for the terminal."""
    out = [f"{meta.code} ({meta.name})", "", meta.summary, ""]
    out.append(
        f"Category: {meta.category}    Default severity: {meta.severity.value}    "
        f"Fix: {'available' if meta.fixable else 'none'}    "
        f"Enabled by default: {'yes' if meta.default_enabled else 'no'}"
    )
    if meta.scope:
        out.append(f"Looks at: {', '.join(meta.scope)}")
    if meta.supersedes:
        out.append(f"Replaces: {_replaces(meta)}")
    if meta.corroborate:
        out.append(f"Reported: {CORROBORATE}")
    out.append(f"Defined in: {meta.origin}")
    kinds = kinds_note(meta)
    if kinds:
        out += ["", *_heading("Message kinds"), textwrap.fill(kinds, 96, break_on_hyphens=False)]
    out += ["", *_heading("Why this hurts"), meta.rationale.strip(), ""]
    if meta.what_to_write:
        text = textwrap.fill(meta.what_to_write, 96, break_long_words=False, break_on_hyphens=False)
        out += [*_heading("What to write instead"), text, ""]
    bad = [e.text for e in meta.examples if e.bad]
    good = [e.text for e in meta.examples if not e.bad]
    if bad:
        out += [*_heading("Flagged"), *(_indent(t) for t in bad)]
    if good:
        out += [*_heading("Better"), *(_indent(t) for t in good)]
    if meta.options:
        out += _heading(f"Options (set them in [rules.{meta.code}])")
        for o in meta.options:
            out.append(f"  {o.name} = {_toml_value(o.default)}    # {o.type_name}: {o.description}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


#: how a message's kind is decided, for every rule that depends on it (outreach_lint.kinds)
KIND_DECISION = (
    "A message's kind is declared in the file (front matter `kind:` or `step:`, a `Kind:` line "
    'at the top of a plain-text email, `<meta name="kind" content="follow-up">` in HTML), else '
    "set by the first matching `[kinds]` glob in the config; otherwise it is inferred: "
    "`newsletter` with an unsubscribe footer or no greeting, else a word or a step number in "
    "the path (`follow-ups/`, `sequences/x/step-2.txt`), else `breakup` or `follow-up` when "
    "the body ends the conversation ('this is my last email') or refers to our earlier message "
    "('my last email', a quoted reply), or `customer` when it writes to one ('your plan renews "
    "on'), else `first-touch`. "
    "`--format json` shows each message's kind and why."
)


def kinds_note(meta: RuleMeta) -> str:
    """Which message kinds the rule judges and how a kind is decided; "" for other rules."""
    names = {o.name for o in meta.options}
    if meta.message_kinds:
        judged = f"Judges only {', '.join(meta.message_kinds)} messages. "
    elif meta.kinds_gate:
        default = meta.option("kinds").default
        judged = f"Judges only the kinds in its `kinds` option (default {', '.join(default)}). "
    elif any(n.startswith("max-words-") and n.endswith("first-touch") for n in names):
        judged = "Its limit depends on the message kind. "
    else:
        judged = ""
    if meta.corroborate_kinds:
        judged += (
            f"In {' and '.join(meta.corroborate_kinds)} messages it is reported {CORROBORATE}. "
        )
    return judged + KIND_DECISION if judged else ""


#: when a ``corroborate`` rule's findings are reported (engine.drop_uncorroborated)
CORROBORATE = (
    "only with a second sign in the same message: a finding of another rule about the copy, "
    "or another sentence flagged the same way (alone its evidence is ambiguous: on copy by "
    "writers the rules had not seen, a message whose only finding was of this kind was wrong "
    "more than three times in four)"
)


def _replaces(meta: RuleMeta) -> str:
    return (
        f"{', '.join(meta.supersedes)} where their findings overlap this rule's "
        "(one finding per problem; show-superseded = true keeps both)"
    )


def _heading(title: str) -> list[str]:
    return [title, "-" * len(title)]


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines()) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def rules_markdown(metas: Iterable[RuleMeta]) -> str:
    """The whole rules reference as Markdown."""
    by_cat: dict[str, list[RuleMeta]] = defaultdict(list)
    for meta in metas:
        by_cat[meta.category].append(meta)
    out = [
        "# Rules reference",
        "",
        "<!-- Generated from the rule definitions by `python -m outreach_lint.ruledocs`. Do not edit. -->",
        "",
        "Every rule explains why the copy hurts the relationship with the reader and what to write",
        "instead. `outreach-lint explain CODE` prints the same text in the terminal.",
        "",
        "| Code | Name | Category | Severity | Fix | Default | Summary |",
        "|---|---|---|---|---|---|---|",
    ]
    ordered = [m for cat in CATEGORIES for m in sorted(by_cat.get(cat, []), key=lambda m: m.code)]
    for m in ordered:
        out.append(
            f"| [{m.code}](#{m.code.lower()}-{m.name}) | {m.name} | {m.category} | {m.severity.value} | "
            f"{'yes' if m.fixable else ''} | {'on' if m.default_enabled else 'off'} | {_cell(m.summary)} |"
        )
    out.append("")
    for cat in CATEGORIES:
        metas_in = sorted(by_cat.get(cat, []), key=lambda m: m.code)
        if not metas_in:
            continue
        out += [f"## {CATEGORY_TITLES[cat]}", ""]
        for m in metas_in:
            out += [
                f"### {m.code} {m.name}",
                "",
                f"**{m.summary}.** " if not m.summary.endswith(".") else f"**{m.summary}**",
                "",
            ]
            out.append(
                f"Category `{m.category}`, default severity `{m.severity.value}`, "
                f"{'fixable' if m.fixable else 'no automatic fix'}, "
                f"{'enabled' if m.default_enabled else 'disabled'} by default"
                + (f", looks at {', '.join(m.scope)}" if m.scope else "")
                + "."
                + (f" Replaces {_replaces(m)}." if m.supersedes else "")
                + (f" Reported {CORROBORATE}." if m.corroborate else "")
            )
            out += ["", m.rationale.strip(), ""]
            kinds = kinds_note(m)
            if kinds:
                out += [f"**Message kinds.** {kinds}", ""]
            if m.what_to_write:
                out += [f"**What to write instead.** {m.what_to_write}", ""]
            bad = [e.text for e in m.examples if e.bad]
            good = [e.text for e in m.examples if not e.bad]
            if bad:
                out += ["Flagged:", ""] + [_fence(t) for t in bad]
            if good:
                out += ["Better:", ""] + [_fence(t) for t in good]
            if m.options:
                out += ["Options:", "", "| Option | Default | Description |", "|---|---|---|"]
                out += [
                    f"| `{o.name}` | `{_toml_value(o.default)}` | {_cell(o.description)} |"
                    for o in m.options
                ]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    return "```text\n" + text.rstrip() + "\n```\n"


def main() -> int:
    from .engine import create_linter

    linter = create_linter(isolated=True, no_plugins=True)
    metas = [m for m in linter.base_registry.metas() if m.origin == "builtin"]
    sys.stdout.write(rules_markdown(metas))
    return 0


if __name__ == "__main__":
    sys.exit(main())
