"""The data every stage passes along: findings, fixes and rule metadata.

Everything here is a frozen dataclass so that stages cannot mutate each other's results
and so that findings can be cached, compared and sorted deterministically.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

from .lazyre import lazy

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

#: The exact category strings of DESIGN.md section 9. Other tools filter on them: never rename.
CATEGORIES: Mapping[str, str] = {
    "blast": "BL",
    "pressure": "PR",
    "i-centric": "IC",
    "monologue": "MO",
    "follow-up": "FU",
    "hype": "HY",
    "template": "TM",
    "subject": "SJ",
    "meta": "OL",
}
PREFIX_TO_CATEGORY: Mapping[str, str] = {prefix: cat for cat, prefix in CATEGORIES.items()}

CODE_RE = re.compile(r"^(?P<prefix>[A-Z]{2})(?P<number>\d{3})$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


# control, C1 and bidi characters: they can move a terminal's cursor or make a log line read
# differently from what it says; the second pattern keeps tab and line feed
_CONTROLS = lazy(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_BREAKS = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_breaks: bool = False) -> str:
    """Text from files and config made safe to print: controls become ``\\xNN``/``\\uNNNN``.

    With ``keep_breaks`` tab and line feed stay (for multi-line snippets); without, the result
    is one line, so a file name cannot start a new line in a CI log.
    """
    return (_CONTROLS_BUT_BREAKS if keep_breaks else _CONTROLS).sub(_visible, text)


class OneLineError(ValueError):
    """An error that prints as one line, whatever user input (a key, a path) it quotes.

    Config keys and file names can hold line breaks and escape sequences; an error quoting them
    must still be the single clear line the CLI promises, and must not drive a terminal.
    """

    def __str__(self) -> str:
        return escape_controls(super().__str__())


class Severity(str, Enum):
    """How much a finding matters. Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(str(value).lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r}: use one of error, warning, info"
            ) from None

    def __str__(self) -> str:  # so f-strings print "warning", not "Severity.WARNING"
        return self.value


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(str, Enum):
    """Whether a fix keeps the meaning of the copy (safe) or may change it (unsafe)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` of the text with ``replacement``."""

    span: Span
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A set of edits that together repair one finding."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "applicability": self.applicability.value,
            "edits": [
                {"start": e.span.start, "end": e.span.end, "replacement": e.replacement}
                for e in self.edits
            ],
        }


@dataclass(frozen=True)
class Example:
    """A piece of copy that shows a rule: ``bad`` copy is flagged, good copy is not."""

    text: str
    bad: bool
    note: str = ""


@dataclass(frozen=True)
class RuleOption:
    """A threshold or switch a user may set in ``[rules.<code>]``."""

    name: str
    default: Any
    description: str
    type: str = ""  # "int", "float", "bool", "str", "list"; derived from the default if empty

    @property
    def type_name(self) -> str:
        if self.type:
            return self.type
        return _type_name(self.default)

    def coerce(self, value: Any) -> Any:
        """Validate a user value against the declared type; raise ValueError with a hint."""
        want = self.type_name
        if want == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if want == "list" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        if _type_name(value) == want and want != "list":
            return value
        raise ValueError(f"option {self.name!r} takes a {want}, not {value!r}")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (list, tuple)):
        return "list"
    return "str"


@dataclass(frozen=True)
class RuleMeta:
    """Everything a user (or `explain`, or the docs) needs to know about a rule."""

    code: str
    name: str
    category: str
    summary: str
    rationale: str
    severity: Severity = Severity.WARNING
    message: str = ""
    suggestion: str = ""
    options: tuple[RuleOption, ...] = ()
    examples: tuple[Example, ...] = ()
    fixable: bool = False
    default_enabled: bool = True
    scope: tuple[str, ...] = ()
    origin: str = "builtin"  # "builtin", a pack path, or a plugin name
    #: "What to write instead" in `explain` and docs/rules.md: the better copy, with a short
    #: example; a rule without it shows its one-line ``suggestion`` there (see ``what_to_write``)
    instead: str = ""
    #: codes of more generic rules of the same category whose findings this rule's findings
    #: replace where they overlap ("one clear finding"; see engine.drop_superseded)
    supersedes: tuple[str, ...] = ()
    #: the message kinds a pack rule judges (pack key ``message-kinds``; empty: every kind)
    message_kinds: tuple[str, ...] = ()
    #: a Python rule that judges only the message kinds in its ``kinds`` option (declared with
    #: ``@rule(kinds=...)``): the engine skips other messages before calling it
    kinds_gate: bool = False
    #: the rule infers its problem from ordinary words in combination (a date next to a price,
    #: "ends" next to "Friday"), evidence that is ambiguous alone: its findings are reported
    #: only when the message shows a second sign, another finding of a different sentence or
    #: rule (see engine.drop_uncorroborated)
    corroborate: bool = False
    #: the message kinds in which the rule's findings wait for a second sign as a
    #: ``corroborate`` rule's always do (pack key ``corroborate-kinds``): sure evidence in one
    #: kind of message, ambiguous alone in another
    corroborate_kinds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = validate_identity(self.code, self.name, self.category)
        if problems:
            raise ValueError(f"rule {self.code or self.name!r}: " + "; ".join(problems))

    def option(self, name: str) -> RuleOption:
        for opt in self.options:
            if opt.name == name:
                return opt
        raise KeyError(name)

    @property
    def what_to_write(self) -> str:
        """The "What to write instead" text: ``instead``, else the rule's ``suggestion``."""
        return self.instead or self.suggestion

    @property
    def default_options(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}


def validate_identity(code: str, name: str, category: str) -> list[str]:
    """Check a rule's code, name and category against the contract; return the problems."""
    problems = []
    match = CODE_RE.match(code or "")
    if not match:
        problems.append(f"code {code!r} must be two capital letters and three digits, e.g. PR101")
    if category not in CATEGORIES:
        problems.append(f"category {category!r} must be one of {', '.join(CATEGORIES)}")
    elif match and CATEGORIES[category] != match.group("prefix"):
        problems.append(
            f"code {code!r} of category {category!r} must start with {CATEGORIES[category]}"
        )
    if not NAME_RE.match(name or ""):
        problems.append(f"name {name!r} must be kebab-case, e.g. close-the-deal")
    return problems


@dataclass(frozen=True)
class Finding:
    """One problem in one file.

    ``span`` is in the coordinates of whoever holds the finding: a rule reports spans in the
    document's prose, and the engine maps them to the original file before anyone else sees them
    (``line``/``column`` are only set after that, 1-based, columns counted in code points).
    """

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    span: Span
    path: str = ""
    suggestion: str = ""
    fix: Fix | None = None
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    #: where inside a multi-message file the finding is, e.g. {"step": 2, "pointer": "/steps/1/body"}
    context: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: reported only when the message shows a second sign (another rule's finding about the
    #: copy), as a ``corroborate`` rule's findings always are; set by a rule whose finding is
    #: ambiguous alone in one case only (MO150 on a note in a thread whose kind nothing says).
    #: A string instead of True names the weak sign; findings that name the same one are one
    #: sign, not two (plain capitals in the subject and in the body, "SAFE" twice:
    #: shouting.PLAIN_CAPITALS). Not part of the output (see engine.drop_uncorroborated)
    needs_second_sign: bool | str = field(default=False, compare=False, hash=False, repr=False)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column)

    def with_(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion or None,
            "fix": self.fix.to_dict() if self.fix else None,
        }
        if self.context:
            data["context"] = dict(self.context)
        return data
