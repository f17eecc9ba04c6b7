"""The runtime face of a rule, shared by Python rules, pack rules and plugin rules.

A Python rule is a plain function decorated with :func:`rule`; it receives the
:class:`~outreach_lint.document.Document` and a :class:`RuleContext` and yields findings made with
``ctx.finding(...)``, in prose coordinates. The engine maps them to the file and applies
severity overrides, suppressions and selection, so a rule never has to know about any of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Example, Finding, Fix, RuleMeta, RuleOption, Severity, Span

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, Callable

    from .document import Document

    # only for type checkers: at run time the two forward references would be compiled by
    # typing.ForwardRef, whose first compile() cost every run ~10 M instructions
    CheckFn = Callable[["Document", "RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know about the run: its options, severity and the declared fields."""

    meta: RuleMeta
    options: Mapping[str, Any]
    severity: Severity
    fields: frozenset[str] = frozenset()
    #: project-wide settings a rule may read (e.g. ``rendered``); plain data
    settings: Mapping[str, Any] = field(default_factory=dict)

    def finding(
        self,
        span: Span,
        message: str | None = None,
        *,
        suggestion: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        meta = self.meta
        return Finding(
            code=meta.code,
            name=meta.name,
            category=meta.category,
            severity=self.severity,
            message=message or meta.message or meta.summary,
            span=span,
            suggestion=meta.suggestion if suggestion is None else suggestion,
            fix=fix,
        )


@dataclass(frozen=True)
class Rule:
    """A Python rule: its metadata and the function that checks one document."""

    meta: RuleMeta
    check: CheckFn

    def __call__(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        if not judges(self.meta, ctx, doc):
            return ()
        return self.check(doc, ctx)


def judges(meta: RuleMeta, ctx: RuleContext, doc: Document) -> bool:
    """Whether the rule judges this kind of message (see ``kinds`` in :func:`rule`)."""
    return not meta.kinds_gate or doc.message_kind in ctx.options["kinds"]


def rule(
    *,
    code: str,
    name: str,
    category: str,
    summary: str,
    rationale: str,
    severity: str = "warning",
    message: str = "",
    suggestion: str = "",
    instead: str = "",
    supersedes: Sequence[str] = (),
    options: Sequence[RuleOption] = (),
    bad: Sequence[str] = (),
    good: Sequence[str] = (),
    fixable: bool = False,
    default_enabled: bool = True,
    scope: Sequence[str] = (),
    origin: str = "builtin",
    kinds: Sequence[str] = (),
    kinds_help: str = "Message kinds the rule judges (see 'Message kinds')",
    corroborate: bool = False,
) -> Callable[[CheckFn], Rule]:
    """Declare a Python rule; the decorated function becomes a :class:`Rule`.

    ``rationale`` says why the copy hurts the relationship with the reader; ``instead`` says what
    to write instead, with a short example (both are shown by `explain` and docs/rules.md).
    ``suggestion`` is the default one-line help of the rule's findings. ``supersedes`` names
    more generic rules of the same category whose findings this rule's findings replace where
    they overlap (see :func:`outreach_lint.engine.drop_superseded`).

    ``kinds`` makes the rule judge only those message kinds (first touch, follow-up...) by
    default, through a ``kinds`` option users can change in ``[rules.<code>]``; the engine
    skips messages of other kinds before calling the check, so no rule repeats the test and a
    plugin rule gets the same behaviour by declaring it.

    ``corroborate`` marks a rule whose evidence is ambiguous alone (ordinary words in
    combination): its findings are reported only when something else in the message is flagged
    too (see :func:`outreach_lint.engine.drop_uncorroborated`).
    """
    if kinds:
        options = (RuleOption("kinds", tuple(kinds), kinds_help), *options)

    def decorate(fn: CheckFn) -> Rule:
        meta = RuleMeta(
            code=code,
            name=name,
            category=category,
            summary=summary,
            rationale=rationale.strip(),
            severity=Severity.parse(severity),
            message=message,
            suggestion=suggestion,
            options=tuple(options),
            examples=tuple(Example(t, True) for t in bad) + tuple(Example(t, False) for t in good),
            fixable=fixable,
            default_enabled=default_enabled,
            scope=tuple(scope),
            origin=origin,
            instead=" ".join(instead.split()),
            supersedes=tuple(supersedes),
            kinds_gate=bool(kinds),
            corroborate=corroborate,
        )
        return Rule(meta=meta, check=fn)

    return decorate
