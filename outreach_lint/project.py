"""Run-level rules: checks that need the whole linted set, not one file.

Per-file linting (``Linter.lint_file``) stays a function of one file, so it can run in worker
processes and be cached. Each document leaves a small :class:`~outreach_lint.signature.DocSignature`
in its ``FileResult``; after every file is linted, ``Linter.lint_project`` hands all signatures
to the ``outreach_lint_lint_project`` hook, whose implementations (the built-in one runs the
:class:`ProjectRule` objects below; plugins may add their own) return findings anchored on a
message. The engine then applies each file's own selection, per-file ignores and file-wide
suppressions to them and merges them into that file's result, so exit codes, every output
format and ``--statistics`` treat them like any other finding.

A project rule is declared like a document rule, with :func:`project_rule`; it is listed,
selected, configured (``[rules.BL201] threshold = 0.8``) and explained like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Finding, RuleMeta, Span
from .rules import RuleContext, rule

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, Callable

    from .signature import DocSignature


@dataclass
class Project:
    """What a run-level rule sees: every message's signature, and who enabled the rule."""

    signatures: Sequence[DocSignature]
    #: code -> (the rule's context from the first file that enables it, the signatures of the
    #: files that enable it); a rule disabled for a directory never sees that directory's files
    _scopes: Mapping[str, tuple[RuleContext, Sequence[DocSignature]]] = field(default_factory=dict)
    #: the project rules enabled for at least one file
    rules: Sequence[ProjectRule] = ()

    def scope(self, code: str) -> tuple[RuleContext, Sequence[DocSignature]] | None:
        return self._scopes.get(code)


@dataclass(frozen=True)
class ProjectRule:
    """A rule that judges the linted set as a whole (duplicates, sequences)."""

    meta: RuleMeta
    check_project: Callable[[Sequence[DocSignature], RuleContext], Iterable[Finding]]

    def check(self, doc: Any, ctx: RuleContext) -> Iterable[Finding]:
        """Nothing to say about one document alone; the engine skips project rules per file."""
        return ()


def project_rule(**kwargs: Any) -> Callable[[Callable[..., Iterable[Finding]]], ProjectRule]:
    """Declare a run-level rule: same arguments as :func:`outreach_lint.rules.rule`.

    The function receives the signatures of the files that enable the rule (sorted by path and
    step) and the rule's context; it yields findings made with :func:`finding_at`.
    """

    def decorate(fn: Callable[..., Iterable[Finding]]) -> ProjectRule:
        return ProjectRule(meta=rule(**kwargs)(fn).meta, check_project=fn)

    return decorate


def finding_at(
    ctx: RuleContext,
    sig: DocSignature,
    message: str,
    *,
    suggestion: str | None = None,
    extra: Mapping[str, Any] | None = None,
    line: int | None = None,
    column: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
) -> Finding:
    """A located finding on message ``sig`` (at its opening sentence unless told otherwise)."""
    f = ctx.finding(Span(0, 0), message, suggestion=suggestion)
    context = dict(sig.context)
    context.update(extra or {})
    return f.with_(
        path=sig.path,
        line=line or sig.line,
        column=column or sig.column,
        end_line=end_line or sig.end_line,
        end_column=end_column or sig.end_column,
        context=context,
    )


def sort_key(sig: DocSignature) -> tuple:
    return (sig.path, sig.step if sig.step is not None else -1, sig.key)


def run_project_rules(project: Project, rules: Sequence[ProjectRule]) -> Iterator[Finding]:
    """The built-in implementation of the ``outreach_lint_lint_project`` hook, as a generator.

    Why lazy: each rule yields its findings one at a time (BL201 one per cluster, with its
    member list: ~1 KB each) and the engine spills each to disk as it comes; a list of them
    grew with the number of files (19,110 at 100,000 generated templates). A rule that raises
    adds an OL004 finding on its first message after what it yielded before, as it always did.
    """
    for r in rules:
        scope = project.scope(r.meta.code)
        if scope is None:
            continue
        ctx, sigs = scope
        try:
            yield from r.check_project(sigs, ctx) or ()
        except Exception as exc:
            crash = _crash(ctx, sigs, r, exc)
            if crash is not None:
                yield crash


def _crash(ctx: RuleContext, sigs: Sequence[DocSignature], r: ProjectRule, exc: Exception) -> Any:
    """The OL004 finding for run-level rule ``r`` failing with ``exc`` (None without messages)."""
    from .plugins import _describe

    first = sigs[0] if sigs else None
    if first is None:
        return None
    meta = RuleMeta(
        code="OL004",
        name="internal-error",
        category="meta",
        summary="A rule or plugin failed on this file",
        rationale="reported by the engine",
        severity=ctx.meta.severity.__class__("error"),
    )
    crash = RuleContext(meta=meta, options={}, severity=meta.severity)
    return finding_at(
        crash,
        first,
        f"Internal error in run-level rule {r.meta.code} ({r.meta.origin}): "
        f"{_describe(exc)}; the other rules still ran. Please report it.",
    )
