"""The engine: from paths to located, suppressed, sorted findings.

``Linter`` holds what a run shares (plugins, formats, rule registries, config resolver) and
lints one file at a time with :meth:`Linter.lint_file`, a function of the file alone, so that
runs can be parallel and cached. Nothing a file contains can stop the other files from being
linted: decoding problems, parse errors and crashing rules all become findings on that file.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from .compiled import suppress as compiled_suppress
from .config import Config, ConfigResolver
from .document import Document, LineIndex
from .lazyre import lazy
from .model import Finding, OneLineError, RuleMeta, Severity, Span
from .packs import Pack, PackMatcher, PackRule, evaluate, load_pack, load_packs
from .plugins import PluginError, Plugins, _describe, guarded
from .project import Project, ProjectRule
from .registry import Registry, SelectionError
from .rules import Rule, RuleContext, judges

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

STDIN = "-"


class UsageError(OneLineError):
    """A problem with how the tool was called or configured: exit code 2."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FileResult:
    """The located, suppressed findings of one file, and what the run-level stage needs."""

    path: str
    findings: tuple[Finding, ...] = ()
    #: source lines (1-based) that findings point at, for snippets
    lines: Mapping[int, str] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    internal_errors: int = 0
    #: the decoded text and how to write it back, kept only when fixes are wanted
    source: str | None = None
    #: one small, plain-data summary per message (``signature.DocSignature``), for the run-level
    #: stage (duplicates, sequences) and the customer-focus score; picklable, and JSON-able via
    #: ``DocSignature.to_dict``/``from_dict``, so it survives worker processes and result caches
    signatures: tuple[Any, ...] = ()
    #: the exact codec of the file ("utf-8", "utf-16-le", ...) and whether it starts with a BOM
    encoding: str = "utf-8"
    bom: bool = False

    @property
    def failing(self) -> bool:
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)


@dataclass
class Report:
    """A run's results: every file's, run-level errors, and the metadata of reported rules."""

    files: list[FileResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # run-level problems, printed to stderr
    rules: dict[str, RuleMeta] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        if getattr(self.files, "sorted_by_path", False):  # a spooled run: read, never held
            from .spool import FindingsView

            return FindingsView(self.files)  # type: ignore[return-value]
        out = [f for r in self.files for f in r.findings]
        out.sort(key=lambda f: f.sort_key)
        return out

    @property
    def exit_code(self) -> int:
        if getattr(self.files, "sorted_by_path", False):
            files: Any = self.files
            if self.errors or files.internal_errors:
                return 2
            return 1 if files.any_failing else 0
        if self.errors or any(r.internal_errors for r in self.files):
            return 2
        return 1 if any(r.failing for r in self.files) else 0


# --------------------------------------------------------------------------- rule sets


@dataclass
class RuleSet:
    """The enabled rules for one configuration, with their options; built once per config."""

    registry: Registry
    config: Config
    enabled: tuple[str, ...]
    contexts: dict[str, RuleContext]
    python_rules: tuple[Rule, ...]
    pack_rules: tuple[PackRule, ...]
    _matcher: PackMatcher | None = None

    @property
    def matcher(self) -> PackMatcher:
        if self._matcher is None:
            self._matcher = PackMatcher(self.pack_rules)
        return self._matcher

    def is_enabled(self, code: str) -> bool:
        return code in self.contexts

    @cached_property
    def needs_second_sign(self) -> frozenset[str]:
        """The enabled ``corroborate`` rules whose findings :func:`drop_uncorroborated` holds
        back from a message with no second sign; none when no enabled rule could give one
        (``--select PR155`` alone reports PR155 as before). A property of the rule set, so it
        is derived once per configuration, not once per message."""
        metas = [ctx.meta for ctx in self.contexts.values()]
        if not any(not m.corroborate and m.category not in _NO_COMPANY for m in metas):
            return frozenset()
        return frozenset(m.code for m in metas if m.corroborate)

    @cached_property
    def can_corroborate(self) -> bool:
        """Whether a finding that asks for a second sign (``Finding.needs_second_sign``) can
        get one: at least two rules about the copy run (``--select MO150`` alone reports
        MO150 as before)."""
        metas = [ctx.meta for ctx in self.contexts.values()]
        return sum(1 for m in metas if m.category not in _NO_COMPANY) > 1

    def meta_finding(
        self, code: str, span: Span, message: str, suggestion: str = ""
    ) -> Finding | None:
        ctx = self.contexts.get(code)
        if ctx is None:
            return None
        return ctx.finding(span, message, suggestion=suggestion)


class _PendingRuleSet(RuleSet):
    """A rule set whose selection was validated against the registry snapshot: it stands in
    for the real one (same identity for the whole run) and builds it, with the registry, the
    first time anything but its ``config`` is used, i.e. only when a file is really linted
    or the run-level stage runs. A run served wholly by the cache never builds it."""

    def __init__(self, linter: Linter, config: Config) -> None:  # no dataclass __init__
        self.config = config
        self._linter: Linter | None = linter

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        if name.startswith("__") or self.__dict__.get("_linter") is None:
            raise AttributeError(name)
        linter = self.__dict__.pop("_linter")
        self.__dict__.update(vars(linter._build_ruleset(self.config)))
        return getattr(self, name)


def _validated_settings(
    registry: Registry, config: Config
) -> dict[str, tuple[dict[str, Any], Severity | None]]:
    """Check the selectors and ``[rules.X]`` tables of ``config``; options per code."""
    where = config.path or "command line"
    try:
        registry.check_selectors(
            (config.select or ()) + config.extend_select + config.ignore, where
        )
        for _, selectors in config.per_file_ignores:
            registry.check_selectors(selectors, f"{where}: per-file-ignores")
        return registry.resolve_options(config.rule_settings, where)
    except SelectionError as exc:
        raise UsageError(str(exc)) from None


def lint_document_core(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """Run every enabled rule on one document; a rule that raises becomes an OL004 finding."""
    findings: list[Finding] = []

    def timed_out(rule: PackRule, pattern: str) -> None:
        f = ruleset.meta_finding(
            "OL005",
            Span(0, 0),
            f"Pattern {pattern!r} of rule {rule.meta.code} ({rule.meta.origin}) timed out on this "
            "file; its matches here are incomplete. Rewrite it without nested repetition.",
        )
        if f:
            findings.append(f)

    if ruleset.pack_rules:
        try:
            hits = ruleset.matcher.run(doc, on_timeout=timed_out)
        except Exception as exc:
            hits = {}
            findings.append(_crash(ruleset, "pack matcher", exc))
        for index, rule in enumerate(ruleset.pack_rules):
            rule_hits = hits.get(index)
            if not rule_hits and rule.kind != "required":
                continue  # evaluate() finds nothing without a hit unless a phrase is required
            try:
                findings.extend(
                    evaluate(rule, doc, rule_hits or [], ruleset.contexts[rule.meta.code])
                )
            except Exception as exc:
                findings.append(_crash(ruleset, f"rule {rule.meta.code}", exc))
    for rule in ruleset.python_rules:
        ctx = ruleset.contexts[rule.meta.code]
        try:
            if not judges(rule.meta, ctx, doc):
                continue  # e.g. a first-touch rule on a follow-up: the check never runs
            findings.extend(rule.check(doc, ctx) or ())
        except Exception as exc:
            findings.append(_crash(ruleset, f"rule {rule.meta.code} ({rule.meta.origin})", exc))
    return drop_uncorroborated(findings, ruleset, doc)


# categories whose findings say nothing about the copy's selling (internal errors, template
# syntax): they do not corroborate a finding of a ``corroborate`` rule
_NO_COMPANY = frozenset({"meta", "template"})


def _second_sign(a: Finding, b: Finding, rules: Mapping[str, Any]) -> bool:
    """Two findings of ``corroborate`` rules are two signs when they are on separate text (two
    sentences), or when two different rules agree on the same text and neither is the other's
    more specific form (PR150 and the PR155 it supersedes are one sign). Two findings that
    name the same weak sign (``Finding.needs_second_sign`` as a string: plain capitals in the
    subject and in the body) are one habit of writing seen twice, not two signs."""
    if isinstance(a.needs_second_sign, str) and a.needs_second_sign == b.needs_second_sign:
        return False
    if not _overlap(a.span, b.span):
        return True
    if a.code == b.code:
        return False
    return (
        b.code not in rules[a.code].meta.supersedes and a.code not in rules[b.code].meta.supersedes
    )


def drop_uncorroborated(
    findings: list[Finding], ruleset: RuleSet, doc: Document | None = None
) -> list[Finding]:
    """Drop the findings of ``corroborate`` rules from a message that shows no second sign.

    Such a rule infers its problem from ordinary words in combination: PR150 and PR155 a lever
    from a date next to a price, "ends" next to "Friday", "my director" next to "you said";
    PR111, PR112, PR115 and PR154 a fact a notice also states (a place held, a form attached,
    a price change, a count of places: 0 right in 5 lone first-look findings on writers 8-20);
    IC102 a monologue from a count of sentences about us, IC104 and IC150 one line of our
    history or our offer. On copy by writers the rules had never seen, those findings were
    wrong more often than right when they were the only thing flagged in the message (a
    renewal notice, a price letter, a report of what happened, a considerate note with one line
    about us; first looks: PR150/PR155 right 8 times in 33 on writers 8-18, IC102/IC104/IC150
    0 in 10 on writers 5-20), and right four times in five when something else was flagged
    too. So a finding of theirs is reported when the message has a second sign: a finding of any other
    rule about the copy, or a second finding of these rules on separate text (two sentences
    that each build the lever). The gate is off when the rules that ran include none that could
    corroborate (``--select PR155`` alone still reports PR155: ``RuleSet.needs_second_sign`` is
    empty). It runs per message, before suppressions, so the evidence is the message's copy,
    not what the user chose to display. A rule whose finding is ambiguous alone in one case
    only marks that finding (``Finding.needs_second_sign``) and it is held back the same way:
    MO150 on a note in a thread whose kind nothing says (a real reply that delivers what was
    asked needs no question; a pushy or lazy note into the thread shows its push elsewhere too),
    PR156 on a threat that is only the conditional shape "if ... not, ... will" (0 right in 4
    lone first-look findings on writers 12-20), not on a loss said outright ("or it'll be gone").
    PR109 (a date asked of the reader) and PR104 (quota words) mark their findings so in a
    customer note or a newsletter (pack key ``corroborate-kinds``): alone there they were a real
    date (an RSVP, a contract's start) or the reader's own month-end on writers 11, 19 and 21.
    A finding in a subject that continues a thread ("Re: Protect your students before it's too
    late") is no second sign: that subject was written for the thread's first message, and says
    nothing about the note under it (an unsubscribe confirmation, a delivery, an answer).
    """
    lone = ruleset.needs_second_sign
    asks = any(f.needs_second_sign for f in findings) and ruleset.can_corroborate
    if not lone and not asks:
        return findings
    gated = [f for f in findings if f.code in lone or (asks and f.needs_second_sign)]
    if not gated:
        return findings
    held = {id(f) for f in gated}
    inherited = _inherited_subject(doc)
    if any(
        f.category not in _NO_COMPANY and id(f) not in held and not inherited(f) for f in findings
    ):
        return _capitals_beside_selling(findings, inherited)
    rules = ruleset.registry.rules
    signs = [f for f in gated if not inherited(f)]
    if any(_second_sign(a, b, rules) for i, a in enumerate(signs) for b in signs[i + 1 :]):
        return _capitals_beside_selling(findings, inherited)
    return [f for f in findings if id(f) not in held]


#: categories whose findings show the copy selling: a list send, a push, hype, a bait subject
_SELLING = frozenset({"blast", "pressure", "hype", "subject"})


def _capitals_beside_selling(
    findings: list[Finding], inherited: Callable[[Finding], bool]
) -> list[Finding]:
    """Drop plain capitals (capitals with no loud word, ``Finding.needs_second_sign`` a string:
    HY150 in the body, SJ151 in the subject) from a message whose other signs are all about its
    shape, not its selling: no question, an opener about us, a lazy bump.

    Capitals are emphasis beside a push, hype or a list send ("WE DID IT AGAIN" beside "!!!",
    "OUT OF CONTROL" under "Dear Property Manager"); beside a structural fault alone they were a
    name with its number on two writers ("SECURE 2.0" in a lazy bump's subject, dev-13; "OR 3",
    the operating room, in a text with no question, dev-28), and no readable labelled shout had
    only such company (session 19, sj20: main and dev-4..28 less the trio)."""
    if not any(isinstance(f.needs_second_sign, str) for f in findings):
        return findings
    if any(
        f.category in _SELLING and not isinstance(f.needs_second_sign, str) and not inherited(f)
        for f in findings
    ):
        return findings
    return [f for f in findings if not isinstance(f.needs_second_sign, str)]


def _never(finding: Finding) -> bool:
    return False


def _inherited_subject(doc: Document | None) -> Callable[[Finding], bool]:
    """A test for findings that sit in a subject continuing a thread ("Re: ..."): the thread's
    first message wrote it, so it is no evidence about this note (session 16, mo17: writer 19's
    unsubscribe confirmation under "Re: Protect Your Students and Staff From Cyber Threats Before
    It's Too Late" was held by PR102 and SJ150 on those words alone)."""
    section = doc.section("subject") if doc is not None else None
    if section is None:
        return _never
    from .kinds import replies_in_subject

    if not replies_in_subject(doc.subject):
        return _never
    decision = doc.kind_decision
    if decision.kind in ("first-touch", "newsletter") and not decision.assumed:
        # no thread to inherit from: the "Re:" is ours and fake (SJ101's finding), and so are
        # the words beside it
        return _never
    start, end = section.span.start, section.span.end
    return lambda f: start <= f.span.start and f.span.end <= end


def _crash(ruleset: RuleSet, where: str, exc: BaseException) -> Finding:
    from .plugins import _describe

    message = (
        f"Internal error in {where}: {_describe(exc)}; the other rules still ran. Please report it."
    )
    ctx = ruleset.contexts.get("OL004") or _fallback_context(ruleset.registry)
    return ctx.finding(Span(0, 0), message)


def _fallback_context(registry: Registry) -> RuleContext:
    meta = registry.rules["OL004"].meta
    return RuleContext(meta=meta, options={}, severity=meta.severity)


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {encoding: bom for bom, encoding in _BOMS}


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the exact codec (with endianness) and BOM, so it can be written back."""

    text: str
    encoding: str
    bom: bool


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """The inverse of :func:`decode`: the same codec, endianness and byte-order mark."""
    return (_BOM_OF[encoding] if bom else b"") + text.encode(encoding)


class DecodeProblem(ValueError):
    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


def decode(data: bytes, fallback: str | None = None) -> Decoded:
    """UTF-8 (or UTF-16/32 when a BOM says so). Binary and undecodable files are refused.

    ``fallback`` (the ``fallback-encoding`` setting, e.g. ``cp1252``) decodes a file that is
    not UTF-8; it is off by default because Latin-1 decodes *any* bytes, so a mis-saved file
    would be linted as mojibake instead of being reported.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding, True)
            except UnicodeDecodeError as exc:
                raise DecodeProblem(
                    f"not valid {encoding} despite its byte-order mark: {exc.reason}", exc.start
                ) from None
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise DecodeProblem(
            "looks binary (contains NUL bytes); exclude it or save it as UTF-8 text", nul
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        if fallback:
            try:
                return Decoded(data.decode(fallback), fallback, False)
            except UnicodeDecodeError:
                pass
        raise DecodeProblem(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8"
            + (
                ""
                if fallback
                else ', or set fallback-encoding = "cp1252" in the config for legacy files'
            ),
            exc.start,
        ) from None


# --------------------------------------------------------------------------- the linter


class Linter:
    """One run's shared state. Build with :func:`create_linter`."""

    def __init__(self, plugins: Plugins, resolver: ConfigResolver):
        self.plugins = plugins
        self.resolver = resolver
        self._base: Registry | None = None
        self._formats: dict[str, Any] | None = None
        self._by_ext: dict[str, str] = {}
        self._format_origin: dict[str, str] = {}
        self._registries: dict[tuple[Path, ...], Registry] = {}
        self._rulesets: dict[int, tuple[Config, RuleSet]] = {}
        self.errors: list[str] = []
        #: the picklable arguments of :func:`create_linter` that built this linter, so worker
        #: processes can build their own (None: built otherwise; runs stay in-process)
        self.settings: dict[str, Any] | None = None
        #: the result cache's rule-set key when the run has one: a warm hit then validates the
        #: selection against a snapshot of the registry (regsnapshot.py) instead of importing
        #: every rule; None: the registry is always built
        self.snapshot_key: str | None = None
        self._snapshot: Any = None  # the snapshot registry; False: none to use

    # ---- registries ------------------------------------------------------

    @property
    def base_registry(self) -> Registry:
        if self._base is None:
            registry = Registry()
            problems = len(self.errors) + len(self.plugins.errors)
            for plugin, rules in self.plugins.collect("outreach_lint_rules"):
                for rule in rules:
                    self._add(registry, rule, plugin)
            # every pack of every plugin at once: one compiled-cache entry restores them all
            items = [
                (plugin, path)
                for plugin, paths in self.plugins.collect("outreach_lint_rule_packs")
                for path in paths
            ]
            loaded = load_packs(
                [
                    (path, "builtin" if plugin == "outreach_lint" else f"plugin {plugin}")
                    for plugin, path in items
                ]
            )
            for (plugin, _path), pack in zip(items, loaded):
                if isinstance(pack, ValueError):
                    self.errors.append(f"{plugin}: {pack}")
                    continue
                for rule in pack.rules:
                    self._add(registry, rule, plugin)
            self._base = registry
            if self.snapshot_key is not None:  # keep its snapshot for the next warm run
                clean = len(self.errors) + len(self.plugins.errors) == problems
                if clean and self._registry_snapshot() is None:
                    from .regsnapshot import save

                    save(self.snapshot_key, registry)
        return self._base

    def _registry_snapshot(self) -> Registry | None:
        """The registry snapshot of this run's rule set (metadata only), or None."""
        if self._snapshot is None:
            from .regsnapshot import load

            self._snapshot = load(self.snapshot_key) if self.snapshot_key else None
            self._snapshot = self._snapshot or False
        return self._snapshot or None

    def _add(self, registry: Registry, rule: Any, plugin: str) -> None:
        meta = getattr(rule, "meta", None)
        if not isinstance(meta, RuleMeta) or (
            not isinstance(rule, PackRule) and not callable(getattr(rule, "check", None))
        ):
            self.errors.append(f"plugin {plugin!r} returned something that is not a rule: {rule!r}")
            return
        if plugin != "outreach_lint" and meta.origin == "builtin":
            from dataclasses import replace

            rule = replace(rule, meta=replace(meta, origin=f"plugin {plugin}"))
        try:
            registry.add(rule)
        except SelectionError as exc:
            self.errors.append(str(exc))

    def rule_meta(self, code: str) -> RuleMeta | None:
        """The metadata of a rule of this run: built-in, plugin, or from a config's packs."""
        if self._base is None and self._snapshot:  # a warm run: the snapshot knows
            from .regsnapshot import SnapshotError

            rule = self._snapshot.rules.get(code)
            if rule is not None:
                with compiled_suppress(SnapshotError):  # damaged: ask the registry
                    return rule.meta.full()
        for registry in (self.base_registry, *self._registries.values()):
            rule = registry.rules.get(code)
            if rule is not None:
                return rule.meta
        return None

    def registry_for(self, config: Config) -> Registry:
        if not config.packs:
            return self.base_registry
        key = config.packs
        if key not in self._registries:
            registry = Registry(dict(self.base_registry.rules), dict(self.base_registry.by_name))
            for path in config.packs:
                try:
                    pack: Pack = load_pack(path, origin=str(path))
                except ValueError as exc:
                    raise UsageError(str(exc)) from None
                for rule in pack.rules:
                    try:
                        registry.add(rule)
                    except SelectionError as exc:
                        raise UsageError(f"{path}: {exc}") from None
            self._registries[key] = registry
        return self._registries[key]

    def ruleset_for(self, config: Config) -> RuleSet:
        cached = self._rulesets.get(id(config))
        if cached is not None:
            return cached[1]
        ruleset: RuleSet | None = None
        if self._base is None and self.snapshot_key is not None and not config.packs:
            snapshot = self._registry_snapshot()
            if snapshot is not None:  # validated now, built when a file is really linted
                from .regsnapshot import SnapshotError

                try:
                    _validated_settings(snapshot, config)
                    ruleset = _PendingRuleSet(self, config)
                except SnapshotError:  # damaged after all: validate against the registry
                    self._snapshot = False
        if ruleset is None:
            ruleset = self._build_ruleset(config)
        self._rulesets[id(config)] = (config, ruleset)
        return ruleset

    def _build_ruleset(self, config: Config) -> RuleSet:
        registry = self.registry_for(config)
        settings = _validated_settings(registry, config)
        enabled = registry.select(config.select, config.extend_select, config.ignore)
        contexts = {}
        for code in enabled:
            meta = registry.rules[code].meta
            options, severity = settings.get(code, (meta.default_options, None))
            contexts[code] = RuleContext(
                meta=meta,
                options=options,
                severity=severity or meta.severity,
                fields=config.fields or frozenset(),
                settings={"fields_declared": config.fields is not None},
            )
        rules = [registry.rules[c] for c in enabled]
        ruleset = RuleSet(
            registry=registry,
            config=config,
            enabled=tuple(enabled),
            contexts=contexts,
            python_rules=tuple(
                r
                for r in rules
                if (isinstance(r, Rule) or not isinstance(r, PackRule))
                and not isinstance(r, ProjectRule)
            ),
            pack_rules=tuple(r for r in rules if isinstance(r, PackRule)),
        )
        return ruleset

    # ---- formats ---------------------------------------------------------

    @property
    def formats(self) -> dict[str, Any]:
        if self._formats is None:
            from .formats import DocumentFormat
            from .plugins import PluginError

            formats: dict[str, Any] = {}
            for plugin, items in self.plugins.collect("outreach_lint_document_formats"):
                for fmt in items if isinstance(items, (list, tuple)) else [items]:
                    if not isinstance(fmt, DocumentFormat):
                        self.plugins.errors.append(
                            PluginError(
                                plugin,
                                "outreach_lint_document_formats",
                                f"returned {fmt!r}, not a DocumentFormat; it was ignored",
                            )
                        )
                        continue
                    if fmt.name not in formats:
                        formats[fmt.name] = fmt
                        self._format_origin[fmt.name] = plugin
                    for ext in fmt.extensions:
                        self._by_ext.setdefault(ext.lower(), fmt.name)
            self._formats = formats
        return self._formats

    def format_of(self, path: Path, config: Config, text: str | None = None) -> str | None:
        """The format name for a file: config globs, then extension, then content sniffing."""
        formats = self.formats
        declared = config.format_for(path)
        if declared:
            if declared not in formats:
                raise UsageError(
                    f"{config.path}: [formats] names unknown format {declared!r} "
                    f"(known: {', '.join(sorted(formats))})"
                )
            return declared
        name = self.format_by_extension(path)
        if name or text is None:
            return name
        for fmt in formats.values():
            if fmt.sniff is not None and fmt.sniff(text):
                return fmt.name
        return None

    def format_by_extension(self, path: Path) -> str | None:
        """The longest matching extension wins: ``x.sequence.yaml`` before ``x.yaml``."""
        formats = self.formats  # fills _by_ext
        suffixes = [s.lower() for s in path.suffixes]
        for i in range(len(suffixes)):
            name = self._by_ext.get("".join(suffixes[i:]))
            if name and name in formats:
                return name
        return None

    def is_lintable(self, path: Path, config: Config) -> bool:
        name = self.format_of(path, config)
        if name is None:
            return False
        # formats like plain .json/.yaml are read only when named explicitly
        return config.format_for(path) is not None or getattr(self.formats[name], "discover", True)

    # ---- linting ---------------------------------------------------------

    def lint_file(
        self,
        path: Path,
        *,
        display: str | None = None,
        data: bytes | None = None,
        keep_source: bool = False,
    ) -> FileResult:
        """Lint one file (or ``data`` read from stdin, named ``path``)."""
        shown = display or str(path)
        config = self.resolver.for_path(path)
        ruleset = self.ruleset_for(config)
        if data is None:
            try:
                st = os.stat(path)
                size = st.st_size
                if stat.S_ISDIR(st.st_mode):
                    raise IsADirectoryError
                if not stat.S_ISREG(st.st_mode):
                    # a FIFO or device would block the run (or never end): never open one
                    return self._file_problem(
                        ruleset,
                        shown,
                        "OL002",
                        "Not a regular file (a FIFO, socket or device); skipped. Exclude it",
                    )
                if size > config.max_file_size:
                    return self._file_problem(
                        ruleset,
                        shown,
                        "OL003",
                        f"File is {size:,} bytes, over max-file-size ({config.max_file_size:,}); skipped",
                    )
                with open(path, "rb") as fh:
                    data = fh.read()
            except IsADirectoryError:
                return self._file_problem(ruleset, shown, "OL002", "Is a directory, not a file")
            except OSError as exc:
                return self._file_problem(
                    ruleset,
                    shown,
                    "OL002",
                    f"Cannot read the file: {exc.strerror or exc}; check that it exists and is readable",
                )
        if len(data) > config.max_file_size:
            return self._file_problem(
                ruleset,
                shown,
                "OL003",
                f"Input is {len(data):,} bytes, over max-file-size ({config.max_file_size:,}); skipped",
            )
        try:
            decoded = decode(data, config.fallback_encoding)
        except DecodeProblem as exc:
            line = data.count(b"\n", 0, exc.offset) + 1
            return self._file_problem(
                ruleset, shown, "OL002", f"File {exc} (line {line})", line=line
            )
        text = decoded.text
        fmt = self.format_of(path, config, text) or "text"
        settings = {
            "rendered": config.is_rendered(path),
            "fields": config.fields,
            "dialects": config.dialects,
            "kinds": config.known_kinds,
        }
        docs = self._parse(shown, text, fmt, settings, ruleset)
        if isinstance(docs, Finding):
            findings = [docs]
            docs = []
        else:
            findings = []
            policy = config.kind_policy(path)
            if policy is not None:  # the [kinds] config, the path, infer-kind-from-content
                docs = [d if d.kind_policy else replace(d, kind_policy=policy) for d in docs]
        result = self._finish(shown, text, docs, ruleset, findings, path, keep_source)
        if decoded.encoding != "utf-8" or decoded.bom:
            result = replace(result, encoding=decoded.encoding, bom=decoded.bom)
        return result

    def _parse(
        self, shown: str, text: str, fmt: str, settings: Mapping[str, Any], ruleset: RuleSet
    ) -> Sequence[Document] | Finding:
        plugins = self.plugins

        def via_hook() -> Any:
            return plugins.hook.outreach_lint_parse_document(
                path=shown, text=text, format=fmt, settings=settings
            )

        docs = guarded(plugins, via_hook, f"parse_document({shown})", lambda: None)
        if docs is not None:
            checked = _documents(docs)
            if checked is not None:
                return checked
            plugins.errors.append(
                PluginError(
                    _hook_owner(plugins, "outreach_lint_parse_document"),
                    f"parse_document({shown})",
                    "returned something that is not a list of Documents; the built-in parser ran",
                )
            )
        origin = self._format_origin.get(fmt, "outreach_lint")
        where = f"the {fmt} parser" + ("" if origin == "outreach_lint" else f" (plugin {origin})")
        try:
            docs = _documents(self.formats[fmt].parse(shown, text, settings))
            if docs is None:
                raise TypeError(f"{where} returned something that is not a list of Documents")
            return docs
        except Exception as exc:
            if origin != "outreach_lint":
                plugins.errors.append(PluginError(origin, f"parse({shown})", _describe(exc)))
            f = _crash(ruleset, where, exc)
            return f.with_(message=f"{f.message} The file was not linted.")

    def _finish(
        self,
        shown: str,
        text: str,
        docs: Sequence[Document],
        ruleset: RuleSet,
        findings: list[Finding],
        path: Path,
        keep_source: bool,
    ) -> FileResult:
        index = LineIndex(text)
        located: list[Finding] = []
        plugins = self.plugins
        signatures = self._signatures(docs, index, ruleset)
        for doc in docs:
            raw = guarded(
                plugins,
                lambda doc=doc: plugins.hook.outreach_lint_lint_document(
                    document=doc, ruleset=ruleset
                ),
                f"lint_document({shown})",
                lambda doc=doc: lint_document_core(doc, ruleset),
            )
            for f in raw or ():
                located.append(_locate(f, doc, shown, index))
            for problem in doc.problems:
                f = ruleset.meta_finding(
                    problem.code, problem.span, problem.message, problem.suggestion
                )
                if f is not None:
                    located.append(_locate(f, None, shown, index, context=doc.context))
        for f in findings:
            located.append(_locate(f, None, shown, index))
        internal = sum(1 for f in located if f.code == "OL004")
        directives = [d for doc in docs for d in doc.directives]
        if directives:
            located = self._suppress(located, directives, text, ruleset, shown)
        ignores = ruleset.config.ignores_for(path)
        if ignores:
            registry = ruleset.registry
            located = [
                f
                for f in located
                if f.code == "OL004"
                or not any(
                    registry.matches(s, registry.rules[f.code].meta)
                    for s in ignores
                    if f.code in registry.rules
                )
            ]
        if not ruleset.config.show_superseded:
            located = drop_superseded(located, ruleset.registry)
        located = _unique(located)
        located.sort(key=lambda f: f.sort_key)
        lines = {}
        for f in located:
            if f.line and f.line not in lines:
                span = index.line_span(f.line)
                lines[f.line] = text[span.start : span.end].rstrip("\r")
        return FileResult(
            path=shown,
            findings=tuple(located),
            lines=lines,
            fail_on=ruleset.config.fail_on,
            internal_errors=internal,
            source=text if keep_source else None,
            signatures=signatures,
        )

    def _signatures(
        self, docs: Sequence[Document], index: LineIndex, ruleset: RuleSet
    ) -> tuple[Any, ...]:
        """One :class:`~outreach_lint.signature.DocSignature` per document; never raises."""
        from .signature import compute

        blast = ruleset.contexts.get("BL201")
        min_words = int(blast.options.get("min-words", 0)) if blast is not None else 0
        out = []
        for doc in docs:
            try:
                out.append(compute(doc, index, with_minhash=blast is not None, min_words=min_words))
            except Exception as exc:  # a summary problem must not lose the file's findings
                self.errors.append(f"{doc.path}: could not summarise the message ({exc!r})")
        return tuple(out)

    # ---- the run-level stage ----------------------------------------------

    def lint_project(self, results: Sequence[FileResult]) -> list[FileResult]:
        """Run the run-level rules over every file's signatures; merge their findings in.

        Each finding lands in its file's result only if that file's configuration enables the
        rule, no per-file ignore matches it and no file-wide suppression names it.
        """
        results = list(results)
        signatures = [s for r in results for s in r.signatures]
        if not signatures:
            return results
        from .project import sort_key

        rulesets: dict[str, RuleSet] = {}
        for r in results:
            rulesets[r.path] = self.ruleset_for(self.resolver.for_path(Path(r.path)))
        scopes: dict[str, tuple[Any, list[Any]]] = {}
        rules: dict[str, ProjectRule] = {}
        for sig in sorted(signatures, key=sort_key):
            ruleset = rulesets.get(sig.path)
            if ruleset is None:
                continue
            for code in ruleset.enabled:
                rule = ruleset.registry.rules.get(code)
                if not isinstance(rule, ProjectRule):
                    continue
                rules.setdefault(code, rule)
                if code not in scopes:
                    scopes[code] = (ruleset.contexts[code], [])
                scopes[code][1].append(sig)
        if not scopes:
            return results
        project = Project(signatures=signatures, _scopes=scopes, rules=tuple(rules.values()))
        by_path: dict[str, list[Finding]] = {}
        disabled = {s.path: s.disabled for s in signatures if s.disabled}
        for _plugin, f in self.plugins.each("outreach_lint_lint_project", project=project):
            ruleset = rulesets.get(f.path) if isinstance(f, Finding) else None
            if ruleset is not None and _keeps_run_level(f, ruleset, disabled.get(f.path, ())):
                by_path.setdefault(f.path, []).append(f)
        if not by_path:
            return results
        from .spool import merged

        line_texts = {(s.path, s.line): s.line_text for s in signatures}
        return [merged(r, by_path[r.path], line_texts) if r.path in by_path else r for r in results]

    def lint_project_spooled(
        self, spool: Any, rulesets: Sequence[RuleSet], cache: Any = None
    ) -> Any:
        """:meth:`lint_project` for a run kept in a :class:`~outreach_lint.spool.ResultSpool`.

        ``rulesets[spool.group(i)]`` is the rule set of file ``i``. Signatures are read from the
        spool when a rule iterates them, never held all at once. Returns the files in path
        order (a lazy sequence) with the run-level findings merged in, exactly as
        :meth:`lint_project` would have returned them.
        """
        files = spool.files()
        if not spool.stats.messages:
            return files
        key = None
        if cache is not None:  # an unchanged library: the run-level findings of the last run
            key = cache.project_key(spool.digest(), [rs.config for rs in rulesets])
            stored = spool.run_findings()
            if cache.get_project(key, stored, _PathAt(spool)):
                return spool.files(stored)
            stored.close()  # a miss (or a bad entry): what it held is dropped
        codes_of = [
            {c for c in rs.enabled if isinstance(rs.registry.rules.get(c), ProjectRule)}
            for rs in rulesets
        ]
        # each rule set's run-level codes in its own order (the order the rules run in)
        ordered = [[c for c in rs.enabled if c in codes] for rs, codes in zip(rulesets, codes_of)]
        everything = set().union(*codes_of)
        scopes: dict[str, tuple[Any, Any]] = {}
        rules: dict[str, ProjectRule] = {}
        # rules enabled for the same files share one lazy sequence (and what rules memoize on it)
        shared: dict[frozenset[int], Any] = {}
        for i in spool.order():  # the first file (path order) enabling a rule gives its options
            if len(scopes) == len(everything):
                break  # every rule has its options: the other files add nothing
            if not spool.file_signatures_count(i):
                continue
            group = spool.group(i)
            ruleset = rulesets[group]
            for code in ordered[group]:
                if code not in scopes:
                    rules[code] = ruleset.registry.rules[code]  # type: ignore[assignment]
                    where = frozenset(g for g, codes in enumerate(codes_of) if code in codes)
                    if where not in shared:
                        shared[where] = spool.signatures(
                            keep=lambda j, where=where: spool.group(j) in where
                        )
                    scopes[code] = (ruleset.contexts[code], shared[where])
        if not scopes:
            return files
        project = Project(
            signatures=spool.signatures(), _scopes=scopes, rules=tuple(rules.values())
        )
        kept = spool.run_findings()
        where = _FileFacts(spool, rulesets)
        for _plugin, f in self.plugins.each("outreach_lint_lint_project", project=project):
            if not isinstance(f, Finding):
                continue
            facts = where.of(f.path)
            if facts is None:
                continue
            position, ruleset, disabled, texts = facts
            if _keeps_run_level(f, ruleset, disabled):
                kept.add(position, f, texts.get(f.line))
        files = spool.files(kept)
        if key is not None and not self.plugins.errors and not kept.internal_errors:
            cache.put_project(key, kept)
        return files

    def _suppress(
        self,
        findings: list[Finding],
        directives: list,
        text: str,
        ruleset: RuleSet,
        shown: str,
    ) -> list[Finding]:
        from .suppress import apply_suppressions

        registry = ruleset.registry
        index = LineIndex(text)

        def matches(selector: str, finding: Finding) -> bool:
            rule = registry.rules.get(finding.code)
            return (
                rule is not None
                and registry.matches(selector, rule.meta)
                and finding.code != "OL004"
            )

        def is_enabled(selector: str) -> bool:
            if selector.upper() == "ALL":
                return True
            return any(registry.matches(selector, registry.rules[c].meta) for c in ruleset.enabled)

        def make_meta(code: str, span: Span, message: str) -> Finding | None:
            f = ruleset.meta_finding(code, span, message)
            return None if f is None else _locate(f, None, shown, index)

        return apply_suppressions(
            findings,
            directives,
            text,
            matches=matches,
            is_known=registry.is_known,
            is_enabled=is_enabled,
            make_meta=make_meta,
        )

    def _file_problem(
        self, ruleset: RuleSet, shown: str, code: str, message: str, line: int = 1
    ) -> FileResult:
        f = ruleset.meta_finding(code, Span(0, 0), message)
        findings = ()
        if f is not None:
            findings = (f.with_(path=shown, line=line, column=1, end_line=line, end_column=1),)
        return FileResult(path=shown, findings=findings, fail_on=ruleset.config.fail_on)

    # ---- discovery -------------------------------------------------------

    def discover(self, paths: Sequence[str], *, force_exclude: bool = False) -> Iterator[Path]:
        """Files to lint, in a stable order. Missing paths are recorded as errors."""
        seen: set[str] = set()
        # one directory cannot list a file twice: remembering every file (~150 bytes each) is
        # needed only when several paths may overlap
        dedupe = len(paths) > 1
        for raw in paths:
            path = Path(raw)
            if not os.path.lexists(path):
                self.errors.append(f"{raw}: no such file or directory; check the path")
                continue
            if path.is_dir():
                for found in self._walk(path):
                    if not dedupe:
                        yield found
                        continue
                    key = os.path.normcase(os.path.abspath(found))
                    if key not in seen:
                        seen.add(key)
                        yield found
                continue
            config = self.resolver.for_path(path)
            if force_exclude and config.is_excluded(path):
                continue
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                yield path

    def _walk(self, top: Path) -> Iterator[Path]:
        for dirpath, dirnames, filenames in os.walk(top):
            base = Path(dirpath)
            config = self.resolver.for_path(base / "_")
            dirnames[:] = sorted(d for d in dirnames if not config.is_excluded(base / d))
            for name in sorted(filenames):
                candidate = base / name
                if config.is_excluded(candidate):
                    continue
                if self.is_lintable(candidate, config):
                    yield candidate


def _documents(value: Any) -> list[Document] | None:
    """``value`` as a list of Documents, or None when it is something else (a plugin's bug)."""
    try:
        docs = list(value)
    except TypeError:
        return None
    return docs if all(isinstance(d, Document) for d in docs) else None


def _hook_owner(plugins: Plugins, hook_name: str) -> str:
    """The first non-built-in plugin implementing a firstresult hook (the one that answered)."""
    caller = getattr(plugins.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):
        if impl.plugin_name != "outreach_lint":
            return impl.plugin_name
    return "outreach_lint"


#: what a fix may write into decoded text (HTML, sequences, .eml) without escaping
_PLAIN_REPLACEMENT = lazy(r"[A-Za-z0-9 ,.;:!?'()\-]*")


def _locate(
    f: Finding,
    doc: Document | None,
    path: str,
    index: LineIndex,
    context: Mapping[str, Any] | None = None,
) -> Finding:
    """Map a finding (and its fix) from prose to source coordinates, with line and column."""
    span = f.span if doc is None else doc.to_source(f.span)
    fix = f.fix
    if fix is not None and doc is not None and not doc.offset_map.identity:
        from dataclasses import replace

        if all(
            doc.offset_map.is_verbatim(e.span, doc.prose, doc.source)
            and _PLAIN_REPLACEMENT.fullmatch(e.replacement)
            for e in fix.edits
        ):
            fix = replace(
                fix, edits=tuple(replace(e, span=doc.to_source(e.span)) for e in fix.edits)
            )
        else:  # decoded text (an entity, an escape), or a replacement that would need escaping
            fix = None  # in HTML/JSON/YAML/CSV/quoted-printable: a fix could corrupt the file
    line, col = index.position(span.start)
    end_line, end_col = index.position(span.end)
    ctx = dict(doc.context) if doc is not None else dict(context or {})
    return f.with_(
        path=path or f.path,
        span=span,
        fix=fix,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        context=ctx,
    )


def drop_superseded(findings: list[Finding], registry: Registry) -> list[Finding]:
    """One clear finding per problem: drop findings that a more specific one replaces.

    A rule declares ``supersedes`` (codes of more generic rules of its category). A finding of
    a superseded rule is dropped when a finding of a rule that supersedes it overlaps its text
    in the same file: "We are the leading provider..." is IC103 (self-promotion), not also
    IC101 (opens with We) and IC150 (product before person). It runs after suppressions and
    ignores, so only findings the user would see can replace another: a user who selects or
    keeps only the generic rule still gets it. Two rules that name each other never drop each
    other, and a finding that carries a fix is never dropped (the fix would be lost).
    ``show-superseded = true`` in the config keeps everything.
    """
    rules = registry.rules
    replacing: dict[str, frozenset[str]] = {}
    for f in findings:
        if f.code not in replacing:
            rule = rules.get(f.code)
            meta = getattr(rule, "meta", None)
            replacing[f.code] = frozenset(getattr(meta, "supersedes", ()) or ())
    if not any(replacing.values()):
        return findings
    specific = [f for f in findings if replacing[f.code]]
    out = []
    for f in findings:
        if f.fix is not None or not any(
            f.code in replacing[s.code]
            and s.code not in replacing.get(f.code, frozenset())
            and s.path == f.path
            and _overlap(s.span, f.span)
            for s in specific
        ):
            out.append(f)
    return out


def _overlap(a: Span, b: Span) -> bool:
    if a.start == a.end or b.start == b.end:  # a point (a file-level finding): same point only
        return a.start == b.start and a.end == b.end
    return a.start < b.end and b.start < a.end


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.code, f.span, f.message, tuple(sorted(f.context.items())) if f.context else ())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def create_linter(
    *,
    config: Path | None = None,
    isolated: bool = False,
    overrides: Any = None,
    no_plugins: bool = False,
    extra_plugins: tuple[Any, ...] = (),
) -> Linter:
    from .plugins import create_plugins

    plugins = create_plugins(no_plugins=no_plugins, extra=extra_plugins)
    resolver = ConfigResolver(config, isolated=isolated, overrides=overrides)
    linter = Linter(plugins, resolver)
    if not extra_plugins:  # plugin objects may not survive pickling: no workers then
        linter.settings = {
            "config": config,
            "isolated": isolated,
            "overrides": overrides,
            "no_plugins": no_plugins,
        }
    return linter


def _keeps_run_level(f: Finding, ruleset: RuleSet, disabled: tuple) -> bool:
    """Whether a run-level finding on a file stays in the report: an internal error (OL004)
    always; another only when its rule is enabled for the file and neither a per-file ignore
    nor the file's own suppression comments (``disabled``) match it. One decision for the
    in-memory and the spooled run-level stage."""
    if f.code == "OL004":
        return True
    registry = ruleset.registry
    meta = registry.rules[f.code].meta if f.code in registry.rules else None
    if meta is None or not ruleset.is_enabled(f.code):
        return False
    selectors = ruleset.config.ignores_for(Path(f.path)) + disabled
    return not any(registry.matches(sel, meta) for sel in selectors)


class _FileFacts:
    """What the run-level stage needs of a file to keep or drop a finding on it: its position
    in path order, its rule set, its file-wide suppressions and its messages' line texts.

    Findings arrive in the rules' order (a cluster's members are scattered over the run), so
    each lookup finds the file by a binary search over the paths and reads its signatures;
    the last :data:`_FileFacts.KEEP` files are remembered (bounded, whatever the run).
    """

    KEEP = 256

    def __init__(self, spool: Any, rulesets: Sequence[RuleSet]) -> None:
        self._spool = spool
        self._rulesets = rulesets
        self._known: dict[str, Any] = {}

    def of(self, path: str) -> tuple[int, RuleSet, tuple, dict[int, str]] | None:
        if path in self._known:
            return self._known[path]
        spool = self._spool
        where = spool.locate(path)
        facts = None
        if where is not None:
            position, index = where
            sigs = spool.file_signatures(index, ordered=False)
            disabled = next((s.disabled for s in reversed(sigs) if s.disabled), ())
            texts = {s.line: s.line_text for s in sigs}  # the last on a line wins
            facts = (position, self._rulesets[spool.group(index)], disabled, texts)
        if len(self._known) >= self.KEEP:
            del self._known[next(iter(self._known))]
        self._known[path] = facts
        return facts


class _PathAt:
    """The path of the file at a position in path order (None past the end): how a stored
    run-level finding is checked against the run it is read into."""

    def __init__(self, spool: Any) -> None:
        self._spool = spool
        self._order = spool.order()

    def __call__(self, position: int) -> str | None:
        if position >= len(self._order):
            return None
        return self._spool.path(self._order[position])
