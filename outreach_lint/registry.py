"""All known rules of a run, and selection by code, prefix, name, category or ``ALL``.

Selection follows ruff: the most specific selector wins (a code or name beats a prefix, which
beats a category, which beats ``ALL``); on a tie, ``ignore`` wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import CATEGORIES, OneLineError, RuleMeta, Severity
from .packs import PackRule
from .rules import Rule

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, Union

    AnyRule = Union[Rule, PackRule]


def __getattr__(name: str) -> Any:
    """``AnyRule`` for code that reads it at run time (typing is imported only then)."""
    if name == "AnyRule":
        from typing import Union

        return Union[Rule, PackRule]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SelectionError(OneLineError):
    pass


@dataclass
class Registry:
    """Every rule that could run: built-ins, packs and plugins, by code and by name."""

    rules: dict[str, AnyRule] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(self, rule: AnyRule) -> None:
        meta = rule.meta
        existing = self.rules.get(meta.code)
        if existing is not None:
            raise SelectionError(
                f"rule code {meta.code} from {meta.origin} is already taken by "
                f"{existing.meta.name} from {existing.meta.origin}"
            )
        if meta.name in self.by_name:
            raise SelectionError(
                f"rule name {meta.name!r} from {meta.origin} is already taken by {self.by_name[meta.name]}"
            )
        self.rules[meta.code] = rule
        self.by_name[meta.name] = meta.code

    def metas(self) -> list[RuleMeta]:
        return [self.rules[c].meta for c in sorted(self.rules)]

    def lookup(self, code_or_name: str) -> AnyRule | None:
        key = code_or_name.strip()
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        code = self.by_name.get(key.lower())
        return self.rules[code] if code else None

    # ---------------------------------------------------------------- selectors

    def specificity(self, selector: str, meta: RuleMeta) -> int:
        """How specifically ``selector`` names ``meta``; -1 when it does not match."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return 0
        if sel.lower() == meta.category:
            return 1
        if sel.upper() == meta.code or sel.lower() == meta.name:
            return 10
        upper = sel.upper()
        prefix_like = (
            len(upper) >= 2 and upper[:2].isalpha() and (len(upper) == 2 or upper[2:].isdigit())
        )
        if prefix_like and meta.code.startswith(upper):
            return 2 + len(upper)
        return -1

    def matches(self, selector: str, meta: RuleMeta) -> bool:
        return self.specificity(selector, meta) >= 0

    def is_known(self, selector: str) -> bool:
        return any(self.matches(selector, m) for m in self.metas())

    def check_selectors(self, selectors: Iterable[str], where: str) -> None:
        valid = ["ALL", *CATEGORIES, *self.rules, *self.by_name]
        for sel in selectors:
            if not self.is_known(sel):
                close = _nearest(sel, _close_matches(sel, valid, n=5, cutoff=0.5))
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise SelectionError(
                    f"{where}: unknown rule selector {sel!r}{hint} "
                    "(use a code, a prefix like PR, a name, a category or ALL)"
                )

    def select(
        self,
        select: tuple[str, ...] | None,
        extend_select: tuple[str, ...],
        ignore: tuple[str, ...],
    ) -> list[str]:
        """The enabled rule codes, sorted."""
        enabled = []
        for code in sorted(self.rules):
            meta = self.rules[code].meta
            best_on = -1 if select is not None else (0 if meta.default_enabled else -1)
            for sel in (select or ()) + extend_select:
                best_on = max(best_on, self.specificity(sel, meta))
            best_off = max((self.specificity(sel, meta) for sel in ignore), default=-1)
            if best_on >= 0 and best_on > best_off:
                enabled.append(code)
        return enabled

    def resolve_options(
        self, settings: Iterable[tuple[str, Iterable[tuple[str, Any]]]], where: str
    ) -> dict[str, tuple[dict[str, Any], Severity | None]]:
        """Validate ``[rules.X]`` tables; return options and severity override per code."""
        out: dict[str, tuple[dict[str, Any], Severity | None]] = {}
        for selector, items in settings:
            rule = self.lookup(selector)
            if rule is None:
                close = _close_matches(selector, [*self.rules, *self.by_name], n=1, cutoff=0.5)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise SelectionError(f"{where}: [rules.{selector}]: unknown rule{hint}")
            meta = rule.meta
            options = dict(meta.default_options)
            severity = None
            for key, value in items:
                if key == "severity":
                    try:
                        severity = Severity.parse(value)
                    except ValueError as exc:
                        raise SelectionError(
                            f"{where}: [rules.{selector}] severity: {exc}"
                        ) from None
                    continue
                try:
                    opt = meta.option(key)
                except KeyError:
                    names = [o.name for o in meta.options] + ["severity"]
                    close = _close_matches(key, names, n=1, cutoff=0.5)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    valid = ", ".join(names)
                    raise SelectionError(
                        f"{where}: [rules.{selector}]: unknown option {key!r}{hint} (valid: {valid})"
                    ) from None
                try:
                    options[key] = opt.coerce(value)
                except ValueError as exc:
                    raise SelectionError(f"{where}: [rules.{selector}]: {exc}") from None
            out[meta.code] = (options, severity)
        return out


def meta_dict(meta: RuleMeta) -> Mapping[str, Any]:
    """A rule's metadata as plain data (``rules --format json``, SARIF, docs)."""
    return {
        "code": meta.code,
        "name": meta.name,
        "category": meta.category,
        "severity": meta.severity.value,
        "summary": meta.summary,
        "rationale": meta.rationale,
        "message": meta.message,
        "suggestion": meta.suggestion,
        "instead": meta.what_to_write,
        "supersedes": list(meta.supersedes),
        "message_kinds": list(meta.message_kinds),
        "fixable": meta.fixable,
        "default_enabled": meta.default_enabled,
        "scope": list(meta.scope),
        "origin": meta.origin,
        "options": [
            {
                "name": o.name,
                "default": o.default,
                "type": o.type_name,
                "description": o.description,
            }
            for o in meta.options
        ],
        "examples": {
            "bad": [e.text for e in meta.examples if e.bad],
            "good": [e.text for e in meta.examples if not e.bad],
        },
    }


def _nearest(word: str, candidates: list[str]) -> list[str]:
    """Break difflib's ties by how many characters differ: 'PR1O1' means PR101, not PR110."""

    def differing(other: str) -> int:
        return sum(a != b for a, b in zip(word.upper(), other.upper())) + abs(
            len(word) - len(other)
        )

    return sorted(candidates, key=differing)[:1]


def _close_matches(word: str, choices: Any, n: int, cutoff: float) -> list[str]:
    # difflib only for an error message: not imported on every start
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)
