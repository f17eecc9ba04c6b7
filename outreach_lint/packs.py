r"""Rule packs: declarative TOML rules, validated on load and never executed.

A pack is data. Loading one parses TOML, checks every key against the schema below and compiles
phrases and patterns; nothing in a pack can import or run code. Errors name the pack file, the
rule and the key, with the nearest valid key when one was misspelled.

Schema version 1::

    schema-version = 1
    [pack]
    name = "house-rules"            # optional; defaults to the file name
    description = "..."

    [[rules]]
    code = "PR101"                  # two capitals + three digits; prefix fixed by category
    name = "close-the-deal"         # kebab-case
    category = "pressure"
    severity = "warning"            # error | warning | info
    kind = "existence"              # existence | substitution | required | occurrence
    summary = "One line."
    message = "'{match}' ..."       # {match}, {replacement}, {count}, {max} are filled in
    rationale = "Why it hurts the relationship, and what to write instead."
    suggestion = "What to write instead."  # one line, shown with each finding
    instead = "..."                 # optional: "What to write instead" in explain and the
                                    # docs, with an example (default: the suggestion)
    supersedes = ["PR150"]          # more generic rules of the same category: where a
                                    # finding of this rule overlaps one of theirs, only this
                                    # one is reported (config: show-superseded = true)
    phrases = ["close+ the deal|sale"]   # mini-language, see outreach_lint.phrases
    patterns = ['regex']            # `regex` module syntax, run with a timeout; with a scope,
                                    # each section is matched on its own (^ and \A anchor there)
    exceptions = ["close to"]       # a hit inside an exception is not reported
    scope = ["body"]                # section kinds; empty means the whole message
    exclude-scope = ["opening"]     # hits inside these sections are not reported (so two
                                    # rules can split a phrase list between opener and rest)
    message-kinds = ["first-touch"] # only for these kinds of message; empty means all
    assumed-first-touch = true      # also judge a message that is a first touch only by
                                    # assumption (nothing declares its kind and its content has
                                    # no sign of any kind, not even of a first touch)
    group-greeting = true           # also judge a message greeted as a group ("Hi all,",
                                    # "Dear friends,") that only signs in its words make a
                                    # first touch (kinds.inferred_group_mail)
    time-ask-alone = true           # false: when only the time it asks for makes the message
                                    # a first touch (kinds.Sign.TIME_ASK), report a finding
                                    # only with a second sign (engine.drop_uncorroborated)
    replies = true                  # also judge a reply to the reader's own message (an
                                    # In-Reply-To header, thanks for their email; the
                                    # KindDecision's ``answers``)
    corroborate = false             # report this rule's findings only in a message that
                                    # shows a second sign (engine.drop_uncorroborated)
    corroborate-kinds = ["customer"] # the same, only in messages of these kinds (a rule
                                    # whose findings are sure in one kind of message and
                                    # ambiguous alone in another)
    skip-quoted = true              # ignore hits inside quotation marks
    skip-negated = false            # ignore hits preceded by a negation ("no need to ...")
    skip-subject = ["reader"]       # ignore hits in a sentence whose first personal pronoun
                                    # is the reader's ("You've given since 2021"), ours
                                    # ("self": "Our candidates are the best") or a third
                                    # person's ("other": "She has 8 years of ...")
    case-sensitive = false          # patterns only
    max = 1                         # occurrence: more than this many hits is a finding
    fix = "none"                    # substitution: safe | unsafe | none
    default-enabled = true
    [rules.substitutions]           # substitution: phrase -> replacement
    "leverage" = "use"
    [rules.examples]
    bad = ["copy that is flagged"]
    good = ["copy that is not"]

Merge tags are words no phrase contains. Phrases and patterns see the prose with every merge tag
(``{{ first_name }}``, ``*|FNAME|*``, ``[Company]``) written as U+FFFC characters, one per
character of the tag (line breaks kept): a phrase never matches across a tag ("dear
{{ first_name }} customer" is not "dear customer"), and a pattern can tell a greeting with a
name from one without (``\A\s*hi\s*,?\s*\Z`` matches "Hi," but not "Hi {{ first_name }},").
Template logic (``{% if %}``) is not a word: it reads as spaces. To write an exception that
looks at the words before a phrase, make the exception longer than the phrase: a hit is dropped
when an exception match covers it ("limited time" with the exception "have limited time").
"""

from __future__ import annotations

import bisect
import marshal
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from itertools import accumulate, chain, compress, count, islice
from pathlib import Path

from .lazyre import lazy
from .model import (
    CODE_RE,
    Applicability,
    Edit,
    Example,
    Finding,
    Fix,
    OneLineError,
    RuleMeta,
    Severity,
    Span,
    validate_identity,
)
from .phrases import PhraseError, ambiguity, expand
from .prefilter import (
    _ANCHOR_CHARS,
    Requirement,
    WordRequirement,
    anchored_matches,
    cuts_no_word,
    facts_of_words,
    may_match,
    may_match_split,
    requirements,
    split_requirements,
    start_anchor,
    word_blob,
    word_facts,
    word_requirements,
    word_runs,
    words_present,
)
from .textnorm import fold, normalize, normalized_text, translate

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from .document import Document
    from .rules import RuleContext

SCHEMA_VERSION = 1
KINDS = ("existence", "substitution", "required", "occurrence")
#: whom a sentence is about, by its first personal pronoun (``skip-subject``)
SUBJECTS = ("reader", "self", "other")
#: seconds a user pattern may spend on one document before it is stopped and reported
PATTERN_TIMEOUT = 1.0

_TOP_KEYS = {"schema-version", "pack", "rules"}
_PACK_KEYS = {"name", "description", "url"}
_RULE_KEYS = {
    "code",
    "name",
    "category",
    "severity",
    "kind",
    "summary",
    "message",
    "rationale",
    "suggestion",
    "instead",
    "supersedes",
    "phrases",
    "patterns",
    "exceptions",
    "scope",
    "exclude-scope",
    "message-kinds",
    "assumed-first-touch",
    "group-greeting",
    "time-ask-alone",
    "replies",
    "corroborate",
    "corroborate-kinds",
    "skip-quoted",
    "skip-negated",
    "skip-subject",
    "skip-names",
    "case-sensitive",
    "max",
    "fix",
    "default-enabled",
    "substitutions",
    "examples",
}
_REQUIRED_RULE_KEYS = ("code", "name", "category", "summary", "rationale", "message")
_EXAMPLE_KEYS = {"bad", "good"}
_NEGATORS = frozenset(
    [
        "not",
        "never",
        "no",
        "don't",
        "dont",
        "won't",
        "wont",
        "didn't",
        "can't",
        "cannot",
        "without",
        "nor",
        "nothing",
        "none",
        "neither",
        "hardly",
        "isn't",
        "aren't",
        "wasn't",
        "shouldn't",
        "wouldn't",
        "avoid",
        "stop",
        "skip",
    ]
)


_UNKNOWN: Any = object()


class Pattern:
    """A pack pattern, compiled with ``regex`` on first use.

    Compiling the built-in packs' patterns (and importing ``regex``) took a fifth of a one-file
    run; a pack loaded from the compiled cache (:mod:`outreach_lint.compiled`) was validated
    when the entry was written, so its patterns are compiled only when a document reaches them.
    Compares and hashes by source and flags, like a compiled pattern.
    """

    __slots__ = ("_compiled", "anchor", "flags", "pattern", "requirements", "words")

    def __init__(
        self,
        pattern: str,
        flags: int,
        compiled: Any = None,
        requirements: Any = _UNKNOWN,
        words: Any = _UNKNOWN,
        anchor: Any = _UNKNOWN,
    ):
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled
        #: what :func:`prefilter.requirements` says of it, when read from the compiled cache
        self.requirements = requirements
        #: what :func:`prefilter.word_requirements` says of it, likewise
        self.words = words
        #: what :func:`prefilter.start_anchor` says of it, likewise
        self.anchor = anchor

    def compiled(self) -> Any:
        if self._compiled is None:
            # regex.compile, from cached code during a CLI command (regexcache.py)
            from .regexcache import compile_pattern

            self._compiled = compile_pattern(self.pattern, self.flags)
        return self._compiled

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().finditer(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # search, match, ...: the compiled pattern's
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r}, {self.flags})"

    def __reduce__(self) -> Any:
        return (Pattern, (self.pattern, self.flags))


class PackError(OneLineError):
    """A pack that cannot be loaded; the message names file, rule and key."""

    def __init__(self, path: str, message: str, *, rule: str = "", key: str = "", line: int = 0):
        self.path, self.rule, self.key, self.line = path, rule, key, line
        where = path + (f":{line}" if line else "")
        parts = [where]
        if rule:
            parts.append(f"rule {rule}")
        if key:
            parts.append(f"key {key!r}")
        super().__init__(": ".join(parts) + ": " + message)


@dataclass(frozen=True)
class PackRule:
    """A rule defined by a pack: its metadata plus the data its kind needs."""

    meta: RuleMeta
    kind: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()  # ``regex`` patterns, compiled on first use
    substitutions: tuple[tuple[str, str], ...] = ()
    exceptions: tuple[str, ...] = ()
    message_kinds: tuple[str, ...] = ()
    exclude_scope: tuple[str, ...] = ()
    #: pack key ``assumed-first-touch``: False leaves alone a message whose first-touch kind is
    #: only assumed (:attr:`outreach_lint.kinds.KindDecision.assumed`)
    assumed_first_touch: bool = True
    #: pack key ``group-greeting``: False leaves alone a message greeted as a group that only
    #: signs in its words make a first touch (:func:`outreach_lint.kinds.inferred_group_mail`)
    group_greeting: bool = True
    #: pack key ``time-ask-alone``: False holds a finding back for a second sign in a message
    #: that only the time it asks for makes a first touch (:attr:`kinds.Sign.TIME_ASK`): a rule
    #: that flags that request must not be its own evidence that the reader is a stranger
    time_ask_alone: bool = True
    #: pack key ``corroborate-kinds``: in a message of one of these kinds a finding asks for a
    #: second sign (``Finding.needs_second_sign``), as a ``corroborate`` rule's always do
    corroborate_kinds: tuple[str, ...] = ()
    #: pack key ``replies``: False leaves alone a reply to the reader's own message
    #: (:attr:`outreach_lint.kinds.KindDecision.answers`): the reader wrote first
    replies: bool = True
    skip_quoted: bool = True
    skip_negated: bool = False
    skip_subject: tuple[str, ...] = ()
    #: pack key ``skip-names``: a hit written as a word of a proper name ("Synergy Plastics",
    #: "the Business One-Stop Shop") is a name, not the word (:func:`_in_name`)
    skip_names: bool = False
    max: int = 0
    fix: str = "none"

    def applies_to(self, doc: Document) -> bool:
        if self.message_kinds and doc.message_kind not in self.message_kinds:
            return False
        if not self.assumed_first_touch and doc.kind_decision.assumed:
            return False
        if not self.replies and doc.kind_decision.answers:
            return False
        return self.group_greeting or not inferred_group_mail(doc)


@dataclass(frozen=True)
class Pack:
    """One validated rule pack: where it came from, its name, description and rules."""

    path: str
    name: str
    description: str
    rules: tuple[PackRule, ...]


# --------------------------------------------------------------------------- loading


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _rule_line(text: str, code: str) -> int:
    m = re.search(r"^\s*code\s*=\s*[\"']" + re.escape(code) + r"[\"']", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _str_list(value: Any, path: str, code: str, key: str, line: int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PackError(path, "must be a list of strings", rule=code, key=key, line=line)
    return tuple(value)


def load_pack(path: str | Path, *, origin: str | None = None) -> Pack:
    """Read, validate and compile one pack file.

    Packs are immutable data, so a pack whose bytes are unchanged is returned from a small
    cache instead of being parsed and compiled again (tests and per-directory configs build
    many linters in one process).
    """
    path_str = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PackError(path_str, f"cannot read the pack: {exc.strerror or exc}") from None
    key = (path_str, origin, raw)
    cached = _PACK_CACHE.get(key)
    if cached is not None:
        return cached
    from . import compiled

    disk_key = compiled.digest(
        compiled.code_key(), path_str, repr(origin), compiled.content_digest(path_str, raw)
    )
    name = f"pack-{disk_key[:24]}"
    pack = _pack_from_record(compiled.load(name, disk_key), path_str)
    if pack is None:
        pack = _load_pack_bytes(raw, path_str, origin)
        record = _pack_record(pack)
        if record is not None:
            compiled.save(name, disk_key, record)
            compiled.prune("pack", name, keep_at_most=256)
    if len(_PACK_CACHE) >= 64:
        _PACK_CACHE.clear()
    _PACK_CACHE[key] = pack
    return pack


_PACK_CACHE: dict[tuple[Any, ...], Pack] = {}


def load_packs(items: Sequence[tuple[str, str | None]]) -> list[Pack | ValueError]:
    """``load_pack(path, origin=origin)`` of each item, in order; a pack that cannot be loaded
    is its error (``load_pack`` raises ``ValueError``s) in the list.

    The run's built-in and plugin packs are restored from one compiled-cache entry
    (``packset-*``, keyed by every pack's own key, in order) instead of one file each: seven
    opens, reads, CRC checks and key checks were ~7 M instructions of a one-file run. Any miss
    (a pack changed, added or removed, an error, a damaged entry) takes the per-pack path,
    whose results are then stored as the set's entry when all of them loaded.
    """
    from . import compiled

    keys = []
    raws = []
    for path, origin in items:
        path_str = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError:
            return _each_pack(items)
        raws.append((path_str, origin, raw))
        content = compiled.content_digest(path_str, raw)  # taken once a run (the rule-set key)
        keys.append(compiled.digest(compiled.code_key(), path_str, repr(origin), content))
    if all((path_str, origin, raw) in _PACK_CACHE for path_str, origin, raw in raws):
        return [_PACK_CACHE[k] for k in raws]
    set_key = compiled.digest(compiled.code_key(), "packset", *keys)
    name = f"packset-{set_key[:24]}"
    record = compiled.load(name, set_key)
    found: list[Pack | ValueError] = []
    if type(record) is tuple and len(record) == len(raws):
        for (path_str, _origin, _raw), one in zip(raws, record):
            pack = _pack_from_record(one, path_str)
            if pack is None:
                break
            found.append(pack)
    if len(found) != len(raws):
        found = _each_pack(items)
        records = [_pack_record(p) if isinstance(p, Pack) else None for p in found]
        if all(r is not None for r in records):
            compiled.save(name, set_key, tuple(records))
            compiled.prune("packset", name, keep_at_most=64)
        return found
    if len(_PACK_CACHE) + len(found) > 64:
        _PACK_CACHE.clear()
    for k, pack in zip(raws, found):
        _PACK_CACHE[k] = pack  # type: ignore[index]
    return found


def _each_pack(items: Sequence[tuple[str, str | None]]) -> list[Pack | ValueError]:
    found: list[Pack | ValueError] = []
    for path, origin in items:
        try:
            found.append(load_pack(path, origin=origin))
        except ValueError as exc:
            found.append(exc)
    return found


# ---- the compiled-cache form of a validated pack: plain data, rebuilt without validation

_META_FIELDS = tuple(f for f in fields(RuleMeta) if f.name != "options")
_RULE_FIELDS = tuple(f for f in fields(PackRule) if f.name != "meta")


def _pack_record(pack: Pack) -> Any:
    """``pack`` as plain data for :mod:`compiled`, or None if a rule does not fit the form."""
    rules = []
    for rule in pack.rules:
        meta = rule.meta
        if meta.options:
            return None
        m = {f.name: getattr(meta, f.name) for f in _META_FIELDS}
        m["severity"] = meta.severity.value
        m["examples"] = tuple((e.text, e.bad, e.note) for e in meta.examples)
        r = {f.name: getattr(rule, f.name) for f in _RULE_FIELDS}
        r["patterns"] = tuple(
            (p.pattern, p.flags, requirements(p), word_requirements(p), start_anchor(p))
            for p in rule.patterns
        )
        rules.append((m, r))
    return (pack.name, pack.description, tuple(rules))


def _checked_requirements(value: Any) -> Any:
    """A pattern's prefilter (or word facts) read from disk: None or a tuple of tuples of
    strings."""
    if value is None:
        return None
    # marshalled data holds exact types: checked in C first (a set of the types met), and
    # anything else (a subclass, a wrong type) gets the item-by-item check, which decides
    if (
        type(value) is tuple
        and set(map(type, value)) <= _TUPLE_ONLY
        and set(map(type, chain.from_iterable(value))) <= _STR_ONLY
    ):
        return value
    if isinstance(value, tuple) and all(
        isinstance(req, tuple) and all(isinstance(lit, str) for lit in req) for req in value
    ):
        return value
    raise ValueError("malformed prefilter")


_TUPLE_ONLY = frozenset((tuple,))
_STR_ONLY = frozenset((str,))


def _all_requirements(values: list[Any]) -> bool:
    """Whether each of ``values`` passes the first (C) test of :func:`_checked_requirements`:
    None, or a tuple of tuples of strings (exact types)."""
    present = [v for v in values if v is not None]
    if not set(map(type, present)) <= _TUPLE_ONLY:
        return False
    reqs = list(chain.from_iterable(present))
    return (
        set(map(type, reqs)) <= _TUPLE_ONLY
        and set(map(type, chain.from_iterable(reqs))) <= _STR_ONLY
    )


def _same(value: Any) -> Any:
    return value


def _checked_anchor(value: Any) -> str | None:
    """A pattern's start anchor read from disk: None or a string of anchor characters."""
    if value is None or (isinstance(value, str) and set(value) <= _ANCHOR_CHARS):
        return value
    raise ValueError("malformed start anchor")


def _plain_ok(value: Any, f: Any) -> bool:
    """A value read from disk has the type of the field's default (str for required ones)."""
    default = f.default if f.default is not MISSING else ""
    if isinstance(default, tuple):
        return isinstance(value, tuple)
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    return value is None or isinstance(value, type(default))


_META_NAMES = frozenset(f.name for f in _META_FIELDS)
_RULE_NAMES = frozenset(f.name for f in _RULE_FIELDS)
#: the fields :func:`_plain_ok` checks, and their names in the same order
_META_CHECKED = tuple(f for f in _META_FIELDS if f.name != "severity")
_META_CHECKED_NAMES = tuple(f.name for f in _META_CHECKED)
_RULE_CHECKED_NAMES = tuple(f.name for f in _RULE_FIELDS)
#: the types :func:`_plain_ok` answers for by type alone (no ``__class__`` tricks possible)
_PLAIN_TYPES = frozenset((str, int, bool, float, tuple, type(None)))
#: (which fields, the types of their values) -> what :func:`_plain_ok` said of all of them
_plain_memo: dict[tuple[bool, tuple[type, ...]], bool] = {}


def _all_plain_ok(values: dict[str, Any], meta: bool) -> bool:
    """``all(_plain_ok(values[f.name], f) ...)`` over the meta or rule fields.

    For the built-in types of marshalled data, :func:`_plain_ok` depends on the type of the
    value alone (``isinstance`` against a type, ``is None``), so its answer for a tuple of types
    is kept: 43 rules have a handful of distinct type tuples.
    """
    names = _META_CHECKED_NAMES if meta else _RULE_CHECKED_NAMES
    types = tuple(map(type, map(values.__getitem__, names)))
    key = (meta, types)
    known = _plain_memo.get(key)
    if known is not None:
        return known
    checked = _META_CHECKED if meta else _RULE_FIELDS
    ok = all(_plain_ok(values[f.name], f) for f in checked)
    if set(types) <= _PLAIN_TYPES:
        _plain_memo[key] = ok
    return ok


#: ``Severity(value)`` for the values a record holds (a dict lookup, not the enum's call)
_SEVERITIES = {s.value: s for s in Severity}
_META_ORDER = tuple(f.name for f in fields(RuleMeta))
_RULE_ORDER = tuple(f.name for f in fields(PackRule))
_new_object = object.__new__


def _restored(cls: type, order: tuple[str, ...], values: dict[str, Any]) -> Any:
    """``cls(**values)`` for a frozen dataclass whose ``__init__`` only stores its fields
    (``RuleMeta``'s ``__post_init__`` check is made by the caller): the instance dict is
    filled in field order at once, instead of one ``object.__setattr__`` call per field.
    Equality, hashing, ``repr`` and pickling read the same fields (``tests/test_startup.py``
    compares restored packs with parsed ones)."""
    obj = _new_object(cls)
    obj.__dict__.update([(name, values[name]) for name in order])
    return obj


def _pack_from_record(record: Any, path: str) -> Pack | None:
    """The pack stored by :func:`_pack_record`, or None when the record is not of that shape."""
    try:
        name, description, rules_data = record
        # every pattern's prefilter and word facts checked at once, in C; on any doubt each
        # is checked on its own (``_checked_requirements``): ~3.5 M instructions a run less
        facts = [x for _m, r in rules_data for p in r["patterns"] for x in p[2:4]]
        checked = _same if _all_requirements(facts) else _checked_requirements
        rules = []
        for m, r in rules_data:
            if set(m) != _META_NAMES or set(r) != _RULE_NAMES:
                return None
            m, r = dict(m), dict(r)
            m["severity"] = _SEVERITIES[m["severity"]]
            m["examples"] = tuple(Example(t, b, n) for t, b, n in m["examples"])
            r["patterns"] = tuple(
                Pattern(
                    src,
                    flags,
                    requirements=checked(reqs),
                    words=checked(words),
                    anchor=_checked_anchor(anchor),
                )
                for src, flags, reqs, words, anchor in r["patterns"]
            )
            if not _all_plain_ok(m, True):
                return None
            if not _all_plain_ok(r, False):
                return None
            if validate_identity(m["code"], m["name"], m["category"]):
                return None  # what RuleMeta.__post_init__ refuses
            m["options"] = ()
            r["meta"] = _restored(RuleMeta, _META_ORDER, m)
            rules.append(_restored(PackRule, _RULE_ORDER, r))
        if not isinstance(name, str) or not isinstance(description, str):
            return None
        return Pack(path, name, description, tuple(rules))
    except (TypeError, ValueError, KeyError):
        return None


def _load_pack_bytes(raw: bytes, path_str: str, origin: str | None) -> Pack:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackError(path_str, "is not UTF-8; save the pack as UTF-8") from None
    return parse_pack(text, path_str, origin=origin)


def parse_pack(text: str, path: str = "<pack>", *, origin: str | None = None) -> Pack:
    from . import _toml

    try:
        data = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        raise PackError(path, f"invalid TOML: {exc}") from None
    for key in data:
        if key not in _TOP_KEYS:
            raise PackError(path, "unknown top-level key" + _suggest(key, _TOP_KEYS), key=key)
    version = data.get("schema-version")
    if version != SCHEMA_VERSION:
        raise PackError(
            path,
            f"schema-version must be {SCHEMA_VERSION} (found {version!r}); "
            "add `schema-version = 1` at the top of the pack",
            key="schema-version",
        )
    pack_table = data.get("pack", {})
    if not isinstance(pack_table, dict):
        raise PackError(path, "must be a table", key="pack")
    for key in pack_table:
        if key not in _PACK_KEYS:
            raise PackError(path, "unknown key in [pack]" + _suggest(key, _PACK_KEYS), key=key)
    rules_data = data.get("rules", [])
    if not isinstance(rules_data, list):
        raise PackError(path, "must be an array of tables ([[rules]])", key="rules")
    seen: dict[str, int] = {}
    names: set[str] = set()
    rules = []
    for index, entry in enumerate(rules_data, 1):
        rule = _parse_rule(entry, index, text, path, origin or path)
        if rule.meta.code in seen:
            raise PackError(
                path,
                f"duplicate code (also rule #{seen[rule.meta.code]}); give each rule its own code",
                rule=rule.meta.code,
                key="code",
                line=_rule_line(text, rule.meta.code),
            )
        if rule.meta.name in names:
            raise PackError(path, "duplicate name", rule=rule.meta.code, key="name")
        seen[rule.meta.code] = index
        names.add(rule.meta.name)
        rules.append(rule)
    name = pack_table.get("name") or Path(path).stem
    return Pack(path, str(name), str(pack_table.get("description", "")), tuple(rules))


def _check_phrase(phrase: str, key: str, text: str, path: str, code: str, line: int) -> None:
    """Expand ``phrase`` (errors name the pack, rule and line) and refuse the shapes that
    silently mean something else than their author meant (see :func:`phrases.ambiguity`)."""
    try:
        expand(phrase)
        problem = ambiguity(phrase)
    except PhraseError as exc:
        raise PackError(path, str(exc), rule=code, key=key, line=line) from None
    if problem:
        raise PackError(
            path,
            f"phrase {phrase!r} is ambiguous: {problem}",
            rule=code,
            key=key,
            line=_phrase_line(text, line, phrase) or line,
        )


def _phrase_line(text: str, rule_line: int, phrase: str) -> int:
    """The line of the pack that holds ``phrase``, searching from its rule's line."""
    start = 0
    for _ in range(max(0, rule_line - 1)):
        start = text.find("\n", start) + 1
        if start == 0:
            return 0
    for quoted in (f'"{phrase}"', f"'{phrase}'", phrase):
        at = text.find(quoted, start)
        if at != -1:
            return text.count("\n", 0, at) + 1
    return 0


def _parse_rule(entry: Any, index: int, text: str, path: str, origin: str) -> PackRule:
    if not isinstance(entry, dict):
        raise PackError(path, "must be a table", rule=f"#{index}")
    code = str(entry.get("code", f"#{index}"))
    line = _rule_line(text, code)

    def fail(message: str, key: str = "") -> PackError:
        return PackError(path, message, rule=code, key=key, line=line)

    for key in entry:
        if key not in _RULE_KEYS:
            raise fail("unknown key" + _suggest(key, _RULE_KEYS), key)
    for key in _REQUIRED_RULE_KEYS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail("is required and must be a non-empty string", key)
    problems = validate_identity(entry["code"], entry["name"], entry["category"])
    if problems:
        raise fail("; ".join(problems))
    kind = entry.get("kind", "existence")
    if kind not in KINDS:
        raise fail(f"must be one of {', '.join(KINDS)}" + _suggest(str(kind), KINDS), "kind")
    try:
        severity = Severity.parse(entry.get("severity", "warning"))
    except ValueError as exc:
        raise fail(str(exc), "severity") from None

    phrases = _str_list(entry.get("phrases", []), path, code, "phrases", line)
    exceptions = _str_list(entry.get("exceptions", []), path, code, "exceptions", line)
    scope = _str_list(entry.get("scope", []), path, code, "scope", line)
    message_kinds = _str_list(entry.get("message-kinds", []), path, code, "message-kinds", line)
    corroborate_kinds = _str_list(
        entry.get("corroborate-kinds", []), path, code, "corroborate-kinds", line
    )
    if corroborate_kinds:
        from .kinds import KINDS as MESSAGE_KINDS

        for name in corroborate_kinds:
            if name not in MESSAGE_KINDS:
                raise fail(
                    f"unknown message kind {name!r}" + _suggest(name, MESSAGE_KINDS),
                    "corroborate-kinds",
                )
    from .document import SECTION_KINDS

    exclude_scope = _str_list(entry.get("exclude-scope", []), path, code, "exclude-scope", line)
    for key, sections in (("scope", scope), ("exclude-scope", exclude_scope)):
        for section in sections:
            if section not in SECTION_KINDS:
                raise fail(f"unknown section {section!r}" + _suggest(section, SECTION_KINDS), key)
    for key, items in (("phrases", phrases), ("exceptions", exceptions)):
        for phrase in items:
            _check_phrase(phrase, key, text, path, code, line)
    skip_subject = tuple(_str_list(entry.get("skip-subject", []), path, code, "skip-subject", line))
    for who in skip_subject:
        if who not in SUBJECTS:
            raise fail(f"unknown subject {who!r}" + _suggest(who, SUBJECTS), "skip-subject")

    case_sensitive = _bool(entry, "case-sensitive", False, fail)
    patterns = []
    sources = _str_list(entry.get("patterns", []), path, code, "patterns", line)
    if sources:
        import regex

        flags = int(regex.V0 | (0 if case_sensitive else regex.IGNORECASE))
    for source in sources:
        try:
            patterns.append(Pattern(source, flags, regex.compile(source, flags)))
        except regex.error as exc:
            raise fail(f"invalid regular expression {source!r}: {exc}", "patterns") from None

    substitutions_raw = entry.get("substitutions", {})
    if not isinstance(substitutions_raw, dict) or not all(
        isinstance(v, str) for v in substitutions_raw.values()
    ):
        raise fail('must be a table of phrase = "replacement"', "substitutions")
    substitutions = tuple(substitutions_raw.items())
    for phrase, _ in substitutions:
        _check_phrase(phrase, "substitutions", text, path, code, line)

    fix = entry.get("fix", "none")
    if fix not in ("safe", "unsafe", "none"):
        raise fail("must be safe, unsafe or none", "fix")
    maximum = entry.get("max", 0)
    if not isinstance(maximum, int) or isinstance(maximum, bool) or maximum < 0:
        raise fail("must be a whole number >= 0", "max")

    if kind == "substitution":
        if not substitutions:
            raise fail("a substitution rule needs [rules.substitutions]", "substitutions")
    elif substitutions:
        raise fail("only substitution rules take substitutions", "substitutions")
    elif not phrases and not patterns:
        raise fail("needs phrases or patterns", "phrases")
    if kind == "occurrence" and maximum < 1:
        raise fail("an occurrence rule needs max >= 1", "max")
    if kind != "occurrence" and "max" in entry:
        raise fail("only occurrence rules take max", "max")
    if fix != "none" and kind != "substitution":
        raise fail("only substitution rules can be fixable", "fix")

    examples_raw = entry.get("examples", {})
    if not isinstance(examples_raw, dict):
        raise fail("must be a table with bad = [...] and good = [...]", "examples")
    for key in examples_raw:
        if key not in _EXAMPLE_KEYS:
            raise fail("unknown key in examples" + _suggest(key, _EXAMPLE_KEYS), "examples")
    bad = _str_list(examples_raw.get("bad", []), path, code, "examples.bad", line)
    good = _str_list(examples_raw.get("good", []), path, code, "examples.good", line)
    for key in ("suggestion", "instead"):
        if not isinstance(entry.get(key, ""), str):
            raise fail("must be a string", key)
    supersedes = _str_list(entry.get("supersedes", []), path, code, "supersedes", line)
    for other in supersedes:
        if not CODE_RE.match(other) or other[:2] != entry["code"][:2] or other == entry["code"]:
            raise fail(
                f"{other!r} must be the code of another rule of the same category "
                f"(starting with {entry['code'][:2]})",
                "supersedes",
            )

    meta = RuleMeta(
        code=entry["code"],
        name=entry["name"],
        category=entry["category"],
        summary=entry["summary"].strip(),
        rationale=entry["rationale"].strip(),
        severity=severity,
        message=entry["message"].strip(),
        suggestion=str(entry.get("suggestion", "")).strip(),
        examples=tuple(Example(t, True) for t in bad) + tuple(Example(t, False) for t in good),
        fixable=fix != "none",
        default_enabled=_bool(entry, "default-enabled", True, fail),
        corroborate=_bool(entry, "corroborate", False, fail),
        scope=scope,
        origin=origin,
        instead=entry.get("instead", "").strip(),
        supersedes=supersedes,
        message_kinds=message_kinds,
        corroborate_kinds=tuple(corroborate_kinds),
    )
    return PackRule(
        meta=meta,
        kind=kind,
        phrases=phrases,
        patterns=tuple(patterns),
        substitutions=substitutions,
        exceptions=exceptions,
        message_kinds=message_kinds,
        exclude_scope=exclude_scope,
        assumed_first_touch=_bool(entry, "assumed-first-touch", True, fail),
        group_greeting=_bool(entry, "group-greeting", True, fail),
        time_ask_alone=_bool(entry, "time-ask-alone", True, fail),
        corroborate_kinds=tuple(corroborate_kinds),
        replies=_bool(entry, "replies", True, fail),
        skip_quoted=_bool(entry, "skip-quoted", True, fail),
        skip_negated=_bool(entry, "skip-negated", False, fail),
        skip_subject=skip_subject,
        skip_names=_bool(entry, "skip-names", False, fail),
        max=maximum,
        fix=fix,
    )


def _bool(entry: Mapping[str, Any], key: str, default: bool, fail: Any) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise fail("must be true or false", key)
    return value


def builtin_pack_dir() -> Path:
    """The packs shipped in the wheel, or the checkout's ``rules/`` when running from source."""
    here = Path(__file__).resolve().parent
    shipped = here / "_packs"
    if shipped.is_dir():
        return shipped
    return here.parent / "rules"


def builtin_pack_paths() -> list[Path]:
    return sorted(builtin_pack_dir().glob("*.toml"))


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Hit:
    """One phrase or pattern match of one pack rule, in prose coordinates."""

    span: Span
    replacement: str | None = None


class PackMatcher:
    r"""All phrases of all pack rules of a run in one word trie: one pass per document.

    The text and every literal are normalized alike (:mod:`textnorm`) and cut into tokens (runs
    of word characters, or one other character each); the trie is keyed by token and by the
    exact gap before it. A match starts at a token not preceded by a word character and ends
    where no word character follows (the ``(?<![\w#])...(?![\w#])`` of a regex), and at one
    start the longest literal is reported with those of its prefixes that end at a space.

    A ``regex`` named-list pattern over all literals did the same, but the built-in packs expand
    to over ten thousand literals, for which it cost ~300 ms per message; a dict walk costs
    about as much as tokenizing the message once.
    """

    #: skip a scoped pattern on the message's word facts when its section cuts no word
    #: (:func:`prefilter.cuts_no_word`); a test turns it off to compare
    section_facts_from_whole = True
    #: visit only the patterns a word fact of the message leads to (:meth:`_word_index`); a
    #: test turns it off to compare with the plain loop
    word_index = True
    #: from this many messages of a matcher on: building the index costs about what it saves
    #: on four messages, so a one-file run keeps the plain loop (a test sets 0)
    index_after = 4

    def __init__(self, rules: Sequence[PackRule]):
        self.rules = tuple(rules)
        # per rule, per pattern: the literals a text needs to match it (computed on first run)
        self._prefilters: list[tuple[tuple[Requirement, ...] | None, ...]] | None = None
        # per rule, per pattern: the words and word pairs a text needs (likewise)
        self._word_prefilters: list[tuple[tuple[WordRequirement, ...] | None, ...]] | None = None
        # per rule, per pattern: where a match can start (likewise; None: anywhere)
        self._anchors: list[tuple[str | None, ...]] | None = None
        self._plan: list[tuple[int, PackRule, tuple[tuple[Any, Any, Any, Any], ...]]] | None = None
        self._indexed: Any = None  # :meth:`_word_index`, made when first due
        self._messages = 0  # messages matched so far (index_after)
        memo = MATCHER_MEMO
        if memo is not None:
            hit = memo.get(tuple(map(id, self.rules)))
            if hit is not None:
                self._table, self._trie = hit[1], hit[2]
                return
        cached = _cached_matcher(self.rules)
        if cached is not None:
            self._table, self._trie = cached
            if memo is not None:
                memo[tuple(map(id, self.rules))] = (self.rules, self._table, self._trie)
            return
        self._build()

    def _build(self) -> None:
        table = _literal_table(self.rules)
        self._table: Mapping[str, list[tuple[int, bool, str | None]]] = table
        self._trie = _build_trie(table)
        if _worth_caching(self.rules):
            _save_matcher(self.rules, table, self._trie)
        if MATCHER_MEMO is not None:
            MATCHER_MEMO[tuple(map(id, self.rules))] = (self.rules, self._table, self._trie)

    def _pattern_plan(self) -> list[tuple[int, PackRule, tuple[tuple[Any, Any, Any, Any], ...]]]:
        """(rule index, rule, ((pattern, its prefilter, its word facts), ...)) of the rules
        that have patterns."""
        prefilters = self._prefilters
        if prefilters is None:
            prefilters = self._prefilters = _prefilters(self.rules)
        words = self._word_prefilters
        if words is None:
            words = self._word_prefilters = [
                tuple(_word_requirements(p) for p in rule.patterns) for rule in self.rules
            ]
        anchors = self._anchors
        if anchors is None:
            anchors = self._anchors = [
                tuple(_start_anchor(p) for p in rule.patterns) for rule in self.rules
            ]
        return [
            (
                index,
                rule,
                tuple(zip(rule.patterns, prefilters[index], words[index], anchors[index])),
            )
            for index, rule in enumerate(self.rules)
            if rule.patterns
        ]

    def literals(self) -> list[str]:
        """Every normalized literal of the matcher (phrases, substitutions and exceptions)."""
        from .compiled import Damaged

        try:
            return list(self._table)
        except Damaged:  # a damaged part of the cache file: build it (and the file) again
            self._build()
            return list(self._table)

    def run(self, doc: Document, on_timeout: Any = None) -> dict[int, list[Hit]]:
        """Return hits per rule index, exceptions already applied."""
        from .compiled import Damaged

        try:
            return self._run(doc, on_timeout)
        except Damaged:  # a damaged part of the cache file, seen before any pattern ran
            self._build()
            return self._run(doc, on_timeout)

    def _run(self, doc: Document, on_timeout: Any) -> dict[int, list[Hit]]:
        hits: dict[int, list[Hit]] = {}
        exceptions: dict[int, list[Span]] = {}
        text = match_text(doc)
        if self._table:
            # one pass gives the text and its offset map (most messages have a hit, and a
            # second pass for the map cost more than building it for every message)
            norm, nmap = normalize(text)
            table = self._table
            for start, found in _trie_matches(self._trie, norm):
                for lit, end in found:
                    span = Span(nmap.start(start), nmap.end(end))
                    for index, is_exception, replacement in table[lit]:
                        if is_exception:
                            exceptions.setdefault(index, []).append(span)
                        else:
                            hits.setdefault(index, []).append(Hit(span, replacement))
        self._messages += 1
        if self.word_index and self._messages > self.index_after:
            self._patterns_indexed(doc, text, hits, on_timeout)
        else:
            self._patterns_plain(doc, text, hits, on_timeout)
        for index, spans in exceptions.items():
            if index in hits:
                hits[index] = [h for h in hits[index] if not any(s.covers(h.span) for s in spans)]
        for index in hits:
            # overlapping hits of one rule (e.g. "hope you're well" inside a longer phrase)
            # collapse into the earliest, longest one
            hits[index] = _dedupe(hits[index])
        return hits

    def _word_index(
        self,
    ) -> tuple[list[Any], dict[str, list[int]], frozenset[str], list[int], list[int]]:
        """The plan's patterns in order, and an index from a word fact to the patterns that
        name it in one of their requirements (:func:`_key_requirement`).

        A pattern with word requirements can match only a text that offers a fact of each of
        them, so one that no fact of the message leads to is skipped without being visited:
        (entries, index, its keys, entries without word facts, scoped entries with them).
        """
        known = self._indexed
        if known is not None:
            return known
        plan = self._plan
        if plan is None:
            plan = self._plan = self._pattern_plan()
        entries: list[Any] = []
        index: dict[str, list[int]] = {}
        always: list[int] = []
        scoped: list[int] = []
        for rule_index, rule, pairs in plan:
            for pattern, reqs, wreqs, anchor in pairs:
                pos = len(entries)
                split = split_requirements(reqs)  # tested as words where they are words
                entries.append((rule_index, rule, pattern, split, wreqs, anchor))
                if not wreqs:
                    always.append(pos)
                    continue
                for fact in _key_requirement(wreqs):
                    index.setdefault(fact, []).append(pos)
                if rule.meta.scope:
                    scoped.append(pos)
        known = self._indexed = (entries, index, frozenset(index), always, scoped)
        return known

    def _patterns_indexed(
        self, doc: Document, text: str, hits: dict[int, list[Hit]], on_timeout: Any
    ) -> None:
        """What :meth:`_patterns_plain` does, visiting only the patterns the word index leads
        to (most messages offer the words of a tenth of the ~150 patterns): the rest would
        fail their word requirements there. A scoped pattern is still visited when a section
        of its scope is cut inside a word (its facts are then not a subset of the message's)."""
        entries, index, keys, always, scoped_entries = self._word_index()
        folded = translate(text, _QUOTES_ONLY)
        scan = _MessageScan(folded, hits, on_timeout, self.section_facts_from_whole)
        # one case fold and one pass over its words serve the word facts and the literals
        haystack = scan.haystack = folded.casefold()
        runs = word_runs(haystack)
        scan.blob = word_blob(runs)
        whole_facts = scan.whole_facts = (
            word_facts(folded) if "\u0130" in folded else facts_of_words(runs)
        )
        due = set(always)
        for fact in keys.intersection(whole_facts):
            due.update(index[fact])
        cut_scopes: dict[Any, bool] = {}  # scope -> some section of it cuts a word
        for pos in scoped_entries:
            if pos in due:
                continue
            scope = entries[pos][1].meta.scope
            cut = cut_scopes.get(scope)
            if cut is None:
                cut = cut_scopes[scope] = not self.section_facts_from_whole or not all(
                    cuts_no_word(folded, s.span.start, s.span.end) for s in doc.sections_of(scope)
                )
            if cut:
                due.add(pos)
        regions_of: dict[int, list[Span] | None] = {}  # rule index -> its regions, or skipped
        sections: dict[Any, list[Span] | None] = {}  # scope (None: the whole) -> its regions
        run = scan.run_split
        for pos in sorted(due):
            index_, rule, pattern, split, wreqs, anchor = entries[pos]
            if index_ in regions_of:
                regions = regions_of[index_]
            else:
                regions = regions_of[index_] = _rule_regions(doc, rule, len(folded), sections)
            if regions is not None:
                run(index_, rule, regions, pattern, split, wreqs, anchor)

    def _patterns_plain(
        self, doc: Document, text: str, hits: dict[int, list[Hit]], on_timeout: Any
    ) -> None:
        """Every pattern of the plan in order, each behind its own prefilters: the reference
        for :meth:`_patterns_indexed` (tests compare the two)."""
        plan = self._plan
        if plan is None:
            plan = self._plan = self._pattern_plan()
        scan = None
        sections: dict[Any, list[Span] | None] = {}
        for index, rule, pairs in plan:
            regions = _rule_regions(doc, rule, len(text), sections)
            if regions is None:
                continue
            if scan is None:
                folded = translate(text, _QUOTES_ONLY)
                scan = _MessageScan(folded, hits, on_timeout, self.section_facts_from_whole)
            for pattern, reqs, wreqs, anchor in pairs:
                scan.run(index, rule, regions, pattern, reqs, wreqs, anchor)


def _rule_regions(
    doc: Document, rule: PackRule, size: int, sections: dict[Any, list[Span] | None]
) -> list[Span] | None:
    """The regions of a message of ``size`` characters a rule's patterns are run on, or None
    when they are not run on it: a rule that does not judge this kind of message (or an
    assumed first touch, or inferred group mail) finds nothing there, and a scoped rule
    finds nothing in a message without its sections. A scoped pattern sees each section on
    its own, so ``^`` and ``\\A`` anchor at the section's start.

    ``sections`` is the message's memo of regions by scope (None for the whole message),
    shared by its rules: the lists are only read."""
    if rule.message_kinds and doc.message_kind not in rule.message_kinds:
        return None
    if not rule.assumed_first_touch and doc.kind_decision.assumed:
        return None
    if not rule.group_greeting and inferred_group_mail(doc):
        return None
    scope = rule.meta.scope or None
    if scope in sections:
        return sections[scope]
    if scope:
        regions = sections[scope] = [s.span for s in doc.sections_of(scope)] or None
    else:
        regions = sections[scope] = [Span(0, size)]
    return regions


class _MessageScan:
    """One message's pattern runs (:meth:`PackMatcher._patterns_plain` and
    :meth:`~PackMatcher._patterns_indexed`): its quote-folded text, the prefilter facts
    computed once for it, and the hits found so far."""

    __slots__ = (
        "blob",
        "facts_of",
        "folded",
        "from_whole",
        "haystack",
        "hits",
        "on_timeout",
        "whole_facts",
    )

    def __init__(
        self, folded: str, hits: dict[int, list[Hit]], on_timeout: Any, from_whole: bool
    ) -> None:
        self.folded = folded
        self.haystack: str | None = None  # its case fold, for the literal prefilter
        self.blob = ""  # prefilter.word_blob of the haystack (set with it for run_split)
        self.whole_facts: set[str] | None = None  # its word facts
        self.facts_of: dict[tuple[int, int], set[str]] = {}  # word facts per section
        self.from_whole = from_whole  # PackMatcher.section_facts_from_whole
        self.hits = hits
        self.on_timeout = on_timeout

    def run(
        self,
        index: int,
        rule: PackRule,
        regions: list[Span],
        pattern: Any,
        reqs: Any,
        wreqs: Any,
        anchor: str | None,
    ) -> None:
        """Run one pattern of rule ``index`` on its regions, behind its prefilters."""
        folded = self.folded
        scoped = bool(rule.meta.scope)
        if wreqs and not scoped:
            # the words and word pairs it needs (set lookups): most messages lack them
            whole = self.whole_facts
            if whole is None:
                whole = self.whole_facts = word_facts(folded)
            if not words_present(wreqs, whole):
                return
        if reqs:
            # most messages lack the words a pattern needs: a few `in` tests skip it
            haystack = self.haystack
            if haystack is None:
                haystack = self.haystack = folded.casefold()
            if not may_match(reqs, haystack):
                return
        self._scan(index, rule, regions, pattern, wreqs, anchor)

    def run_split(
        self,
        index: int,
        rule: PackRule,
        regions: list[Span],
        pattern: Any,
        split: Any,
        wreqs: Any,
        anchor: str | None,
    ) -> None:
        """:meth:`run` with the literal requirements split by
        :func:`~outreach_lint.prefilter.split_requirements` (``haystack`` and ``blob`` set)."""
        if wreqs and not rule.meta.scope:
            whole = self.whole_facts
            if whole is None:
                whole = self.whole_facts = word_facts(self.folded)
            if not words_present(wreqs, whole):
                return
        if split is not None and not may_match_split(split, self.haystack, self.blob):
            return
        self._scan(index, rule, regions, pattern, wreqs, anchor)

    def _scan(
        self,
        index: int,
        rule: PackRule,
        regions: list[Span],
        pattern: Any,
        wreqs: Any,
        anchor: str | None,
    ) -> None:
        """Run one pattern that passed the message's prefilters on its regions (a scoped
        one behind the word facts of each section)."""
        folded = self.folded
        scoped = bool(rule.meta.scope)
        try:
            for region in regions:
                if wreqs and scoped:
                    # the same, in the section the pattern sees (\b at its edges)
                    key = (region.start, region.end)
                    facts = self.facts_of.get(key)
                    if facts is None and self.from_whole:
                        # a section cut where no word crosses offers a subset of the
                        # message's facts: what the message lacks, it lacks
                        whole = self.whole_facts
                        if whole is None:
                            whole = self.whole_facts = word_facts(folded)
                        if not words_present(wreqs, whole) and cuts_no_word(
                            folded, region.start, region.end
                        ):
                            continue
                    if facts is None:
                        facts = self.facts_of[key] = word_facts(folded[region.start : region.end])
                    if not words_present(wreqs, facts):
                        continue
                piece = folded[region.start : region.end]
                if anchor is None:
                    found = pattern.finditer(piece, timeout=PATTERN_TIMEOUT)
                else:  # only where it can start (\A): not tried at every position
                    found = anchored_matches(pattern, piece, anchor, PATTERN_TIMEOUT)
                for m in found:
                    if m.end() > m.start():
                        span = Span(region.start + m.start(), region.start + m.end())
                        self.hits.setdefault(index, []).append(Hit(span))
        except TimeoutError:
            if self.on_timeout is not None:
                self.on_timeout(rule, pattern.pattern)


def _key_requirement(wreqs: Sequence[WordRequirement]) -> WordRequirement:
    """The requirement of a pattern the word index files it under: any one is sound (every
    requirement must be met), so the likely rarest: the longest shortest fact (a pair of
    words counts four characters more: pairs are rarer than words), then the fewest facts."""
    return min(wreqs, key=lambda req: (-min(len(f) + 4 * (" " in f) for f in req), len(req)))


def _literal_table(rules: Sequence[PackRule]) -> dict[str, list[tuple[int, bool, str | None]]]:
    """literal -> [(rule index, is_exception, replacement)] for every literal of ``rules``."""
    table: dict[str, list[tuple[int, bool, str | None]]] = {}
    for i, rule in enumerate(rules):
        for phrase in rule.phrases:
            for lit in expand(phrase):
                table.setdefault(lit, []).append((i, False, None))
        for phrase, replacement in rule.substitutions:
            for lit in expand(phrase):
                table.setdefault(lit, []).append((i, False, replacement))
        for phrase in rule.exceptions:
            for lit in expand(phrase):
                table.setdefault(lit, []).append((i, True, None))
    return table


def _prefilters(rules: Sequence[PackRule]) -> list[tuple[tuple[Requirement, ...] | None, ...]]:
    return [tuple(_requirements(p) for p in rule.patterns) for rule in rules]


def _requirements(pattern: Any) -> tuple[Requirement, ...] | None:
    # a pack read from the compiled cache carries them (parsing 40 patterns cost ~5 ms a run)
    known = getattr(pattern, "requirements", _UNKNOWN)
    return _kept(pattern, "requirements", requirements) if known is _UNKNOWN else known


def _word_requirements(pattern: Any) -> tuple[WordRequirement, ...] | None:
    known = getattr(pattern, "words", _UNKNOWN)
    return _kept(pattern, "words", word_requirements) if known is _UNKNOWN else known


def _start_anchor(pattern: Any) -> str | None:
    known = getattr(pattern, "anchor", _UNKNOWN)
    return _kept(pattern, "anchor", start_anchor) if known is _UNKNOWN else known


def _kept(pattern: Any, name: str, compute: Any) -> Any:
    """``compute(pattern)``, kept on a :class:`Pattern` (a pure function of its source and
    flags): every later matcher of the process reuses it, and so do the children of the
    resident server, forked after its warm-up. Without it, a server that warmed up while the
    compiled cache lacked the packs (a new install, pruned entries) had every child analyse
    the ~130 pack patterns again: ~120 ms of CPU per request instead of ~25."""
    value = compute(pattern)
    if isinstance(pattern, Pattern):
        setattr(pattern, name, value)
    return value


#: what a merge tag reads as to phrases and patterns: a character no phrase or word contains
TAG_CHAR = "\ufffc"


def match_text(doc: Document) -> str:
    """The prose as phrases and patterns see it: each merge tag filled with :data:`TAG_CHAR`.

    Same length as the prose, so spans need no mapping; line breaks inside a tag are kept.
    """
    prose = doc.prose
    if not doc.placeholders:
        return prose
    out: list[str] = []
    pos = 0
    for placeholder in sorted(doc.placeholders, key=lambda p: p.span):
        start, end = max(pos, placeholder.span.start), min(len(prose), placeholder.span.end)
        if start >= end:
            continue
        out.append(prose[pos:start])
        out.append("".join(c if c in "\r\n" else TAG_CHAR for c in prose[start:end]))
        pos = end
    out.append(prose[pos:])
    return "".join(out)


# word characters are those of Python's ``re`` (str.isalnum and "_") plus "#" (a normalized
# number); ``re`` splits several times faster than ``regex`` here
_TOKEN = re.compile(r"[\w#]+|[^\w#\s]")
_TOKEN_SPLIT = re.compile(r"([\w#]+|[^\w#\s])")
_WORD_CHAR = re.compile(r"[\w#]")
#: trie keys: the first token at the root; below it, the gap before a token, _SEP, the token;
#: _END holds the literal that ends at a node. Plain strings, so a trie is JSON as it is.
_SEP = "\x01"
_END = "\x00"


def _build_trie(literals: Iterable[str]) -> dict:
    root: dict = {}
    for literal in literals:
        tokens = list(_TOKEN.finditer(literal))
        if not tokens:
            continue
        node = root.setdefault(tokens[0].group(), {})
        prev_end = tokens[0].end()
        for token in tokens[1:]:
            key = literal[prev_end : token.start()] + _SEP + token.group()
            node = node.setdefault(key, {})
            prev_end = token.end()
        node[_END] = literal
    return root


class PhraseList:
    """A fixed list of phrases in the pack mini-language, matched exactly as pack phrases are.

    For built-in signals that are not rules (the back-references that make a message read as a
    follow-up, :mod:`outreach_lint.kinds`): the same expansion, normalization (case, curly
    apostrophes, line breaks inside a phrase) and word-boundary trie as :class:`PackMatcher`,
    without a rule or a finding. The trie is built on first use.
    """

    def __init__(self, phrases: Iterable[str]):
        self.phrases = tuple(phrases)
        self._trie: dict | None = None

    def first(self, text: str, norm: str | None = None) -> tuple[Span, str] | None:
        """The first match in ``text`` as ``(span in text, normalized literal)``, or None.

        ``norm`` is ``normalized_text(text)`` when the caller already has it: several lists
        matched over one text normalize it once.
        """
        if norm is None:
            norm = normalized_text(text)
        for start, found in self._walk(norm, first=True):
            literal, end = found[0]
            _, nmap = normalize(text)  # only for a hit: map the normalized span back
            return Span(nmap.start(start), nmap.end(end)), literal
        return None

    def matches(self, norm: str) -> list[tuple[int, int, str]]:
        """Every match in the normalized text ``norm`` as ``(start, end, literal)`` in ``norm``
        offsets, in text order (one walk, however many lists were merged into this one)."""
        return [(start, end, lit) for start, found in self._walk(norm) for lit, end in found]

    def holds(self, literal: str) -> bool:
        """Whether the normalized ``literal`` (one that some list matched) is one of ours."""
        return any(
            start == 0 and end == len(literal)
            for start, found in self._walk(literal)
            for _, end in found
        )

    def _walk(self, norm: str, first: bool = False) -> list[tuple[int, list[tuple[str, int]]]]:
        """:func:`_trie_matches` over the trie (its first start only, if ``first``), read from
        the compiled cache on first use; a damaged part of the cache file met on the way
        builds the trie (and the file) again."""
        from .compiled import Damaged

        if self._trie is None:
            self._trie = self._load_trie()
        for _ in range(2):
            try:
                return list(islice(_trie_matches(self._trie, norm), 1 if first else None))
            except Damaged:
                self._trie = self._build_trie()
        raise AssertionError("unreachable: a built trie has no parts")

    def _key(self) -> tuple[str, str]:
        """(file name, key) of the trie in the compiled cache: the phrases encoded as the
        matcher's are (:func:`_matcher_key`: ``marshal`` version 2, ~6x cheaper than ``repr``;
        ``repr`` for what marshal cannot write, which cannot collide with it)."""
        from . import compiled

        try:
            encoded: str | bytes = b"m2:" + marshal.dumps(self.phrases, 2)
        except ValueError:
            encoded = repr(self.phrases)
        key = compiled.digest(compiled.code_key(), encoded)
        return f"phrases-{key[:32]}", key

    def _load_trie(self) -> dict:
        # building the trie of ~1,000 literals costs ~10 ms, more than reading it back; it is
        # stored as the matcher's is (an indexed entry: a first word's node, and each of its
        # children, is a part read when a text reaches it), so a run reads the few branches
        # its messages reach and the one a looked-up literal walks, not the whole ~800 KB
        from . import compiled

        name, key = self._key()
        loaded = compiled.load_indexed(name, key)
        if loaded is not None:
            nodes, parts = loaded
            if (
                nodes.__class__ is dict
                and set(map(type, nodes)) <= {str}
                and compiled.are_refs(nodes.values())
            ):
                return _LazyTrie(nodes, parts)
        return self._build_trie()

    def _build_trie(self) -> dict:
        from . import compiled

        trie = _build_trie({lit for p in self.phrases for lit in expand(p)})
        name, key = self._key()
        writer = compiled.PartWriter()
        compiled.save_indexed(name, key, _trie_parts(trie, writer), writer.parts)
        compiled.prune("phrases", name)
        return trie


def _trie_parts(trie: dict, writer: Any) -> dict[str, Any]:
    """The root of ``trie`` with each first word's node a part of ``writer``, and each child
    of such a node a part of its own (the end of a literal stays in the node): what
    :class:`_LazyTrie` reads back."""
    refs = {}
    for first, node in trie.items():
        cut = {
            k: child if k == _END else writer.add(marshal.dumps(child)) for k, child in node.items()
        }
        refs[first] = writer.add(marshal.dumps(cut))
    return refs


#: below this many phrases the matcher is built in memory (cheaper than reading a file)
_CACHE_MIN_PHRASES = 50


def _worth_caching(rules: Sequence[PackRule]) -> bool:
    count = sum(len(r.phrases) + len(r.substitutions) + len(r.exceptions) for r in rules)
    return count >= _CACHE_MIN_PHRASES


def _first_token(literal: str) -> str:
    m = _TOKEN.search(literal)
    return m.group() if m else ""


class _LazyTable(Mapping):
    """The literal table read from the compiled cache, decoded one first word at a time.

    A one-file run looks up a handful of literals; decoding all ~24,000 of them cost more
    than linting the file. A chunk is marshalled bytes, or the reference of a part of the
    cache file not read yet (:class:`compiled.Parts`).
    """

    def __init__(self, chunks: dict[str, Any], count: int, parts: Any = None):
        self._chunks = chunks
        self._count = count
        self._parts = parts

    def _chunk(self, first: str) -> dict[str, Any]:
        chunk = self._chunks.get(first)
        if chunk is None:
            return {}
        if chunk.__class__ is tuple:
            chunk = self._parts.read(chunk)
        if chunk.__class__ is bytes:
            chunk = self._chunks[first] = marshal.loads(chunk)
        return chunk

    def __getitem__(self, literal: str) -> Any:
        return self._chunk(_first_token(literal))[literal]

    def __iter__(self) -> Iterator[str]:
        for first in list(self._chunks):
            yield from self._chunk(first)

    def __len__(self) -> int:
        return self._count


class _LazyNode(dict):
    """A first word's node of the matcher's trie read from the compiled cache: each child
    (the rest of the literals after the next gap and word) is the reference of a part of the
    file until a document has that word pair; then it is read, CRC-checked and decoded.

    The branch of a common first word ("we", "you") holds thousands of literals (~230 KB);
    decoding whole branches cost a one-file run ~20 ms, and a document has few of their
    word pairs. :func:`_trie_matches` walks it as a plain node (``in``, ``.get``).
    """

    __slots__ = ("_parts",)

    def __init__(self, node: dict, parts: Any):
        super().__init__(node)
        self._parts = parts

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        child = dict.get(self, key, default)
        if child.__class__ is tuple:
            child = marshal.loads(self._parts.read(child))
            dict.__setitem__(self, key, child)
        return child


class _LazyTrie(dict):
    """The root of the matcher's trie read from the compiled cache: first word -> node.

    A node is the reference of a part of the file until a document has that word; then it
    is read as a :class:`_LazyNode`. A run of one file reads ~50 first-word nodes and the
    children of the word pairs it has, not the whole ~5 MB file.
    """

    __slots__ = ("_parts",)

    def __init__(self, nodes: dict[str, Any], parts: Any):
        super().__init__(nodes)
        self._parts = parts

    def __getitem__(self, first: str) -> Any:
        node = dict.__getitem__(self, first)
        if node.__class__ is tuple:
            node = _LazyNode(marshal.loads(self._parts.read(node)), self._parts)
            dict.__setitem__(self, first, node)
        return node


#: None, except in the resident server (``daemon.py``): matchers by the identity of their rules
#: (frozen, and the same objects while the packs' bytes are unchanged: ``load_pack``), each with
#: its rules (which keeps the ids valid). The server fills it while it warms up; each request's
#: child then starts from that matcher instead of reading and checking the cache file again.
MATCHER_MEMO: dict[tuple[int, ...], tuple[tuple[PackRule, ...], Any, Any]] | None = None


def _matcher_key(rules: Sequence[PackRule]) -> str:
    """The key of the matcher of ``rules``: their phrases, substitutions and exceptions.

    Encoded by ``marshal`` version 2, which writes no back-references (so the bytes are a
    function of the data alone, not of which strings happen to be shared or interned) and
    tells str, tuple and list apart; ~6x cheaper than ``repr`` of the ~1,000 built-in
    phrases (~2 M instructions a run). Data marshal cannot write (a plugin's own types)
    falls back to ``repr``; the two cannot collide (a repr starts with "[", the bytes with
    "m2:")."""
    from . import compiled

    data = [(r.phrases, r.substitutions, r.exceptions) for r in rules]
    try:
        encoded: str | bytes = b"m2:" + marshal.dumps(data, 2)
    except ValueError:
        encoded = repr(data)
    return compiled.digest(compiled.code_key(), encoded)


def _cached_matcher(rules: Sequence[PackRule]) -> tuple[Mapping[str, Any], dict] | None:
    """The table and trie of ``rules`` from the compiled cache, or None.

    The entry is an indexed one (:func:`compiled.load_indexed`): its value holds, per first
    word of the literals, the reference of the table chunk and of the trie node, each
    marshalled on its own; a node holds the references of its children. Only the value is
    read here; a part when a document reaches it. A damaged part raises
    :class:`compiled.Damaged` then, and the matcher is built again (:meth:`PackMatcher.run`).
    """
    if not _worth_caching(rules):
        return None  # a house pack alone: cheaper to build than to read
    from . import compiled

    key = _matcher_key(rules)
    loaded = compiled.load_indexed(f"matcher-{key[:32]}", key)
    if loaded is None:
        return None
    value, parts = loaded
    try:
        count, table_chunks, trie_nodes = value
    except (TypeError, ValueError):
        return None
    are_refs = compiled.are_refs
    if not (
        isinstance(count, int)
        and isinstance(table_chunks, dict)
        and isinstance(trie_nodes, dict)
        and are_refs(table_chunks.values())
        and are_refs(trie_nodes.values())
        and set(trie_nodes) <= set(table_chunks)
    ):
        return None
    return _LazyTable(dict(table_chunks), count, parts), _LazyTrie(trie_nodes, parts)


def _save_matcher(rules: Sequence[PackRule], table: Mapping[str, Any], trie: dict) -> None:
    from . import compiled

    key = _matcher_key(rules)
    by_first: dict[str, dict[str, Any]] = {}
    for literal, entries in table.items():
        by_first.setdefault(_first_token(literal), {})[literal] = entries
    writer = compiled.PartWriter()
    table_refs = {first: writer.add(marshal.dumps(chunk)) for first, chunk in by_first.items()}
    trie_refs = _trie_parts(trie, writer)
    name = f"matcher-{key[:32]}"
    compiled.save_indexed(name, key, (len(table), table_refs, trie_refs), writer.parts)
    compiled.prune("matcher", name)


def _trie_matches(trie: dict, norm: str) -> Iterator[tuple[int, list[tuple[str, int]]]]:
    """(start, [(literal, end), ...]) for every start with a match: longest first."""
    # split() with a capturing group gives [gap, token, gap, token, ..., gap] as plain strings:
    # no match object per token; offsets are summed up only for a document that has a hit
    pieces = _TOKEN_SPLIT.split(norm)
    last = len(pieces) - 1  # pieces[last] is the gap after the last token
    word_char = _WORD_CHAR.match
    offsets: list[int] | None = None
    # plain dict lookups, in C (the trie of the compiled cache overrides them in Python to
    # read a node on first use: a value still unread, a tuple, goes through its own methods)
    lookup = dict.__getitem__
    step = dict.get
    # the tokens that start some literal, picked in C: most tokens start none
    for i in compress(count(1, 2), map(trie.__contains__, pieces[1:last:2])):
        node = lookup(trie, pieces[i])
        if node.__class__ is tuple:  # a part of the compiled cache not read yet
            node = trie[pieces[i]]
        elif node.__class__ is bytes:  # a branch still encoded (compiled cache): decode once
            node = trie[pieces[i]] = marshal.loads(node)
        # (?<![\w#]): the character before the token. A gap is white space, never a word
        # character, so only a token right before this one (no gap) can be one
        if not pieces[i - 1] and i > 1 and word_char(pieces[i - 2][-1]):
            continue
        j = i + 2
        if _END in node:
            ends = [(node[_END], i)]
        else:
            # most tokens start no literal here: the first word pair decides
            if j >= last:
                continue
            key = pieces[i + 1] + _SEP + pieces[j]
            child = step(node, key)
            if child is None:
                continue
            node = node.get(key) if child.__class__ is tuple else child
            ends = [(node[_END], j)] if _END in node else []
            j += 2
        while j < last:
            node = node.get(pieces[j - 1] + _SEP + pieces[j])
            if node is None:
                break
            if _END in node:
                ends.append((node[_END], j))
            j += 2
        if not ends:
            continue
        kept = []
        for lit, k in ends:
            # (?![\w#]): the character after the token (gap, else the next token's first)
            after = pieces[k + 1] or (pieces[k + 2] if k + 2 <= last else "")
            if not (after and word_char(after[0])):
                kept.append((lit, k))
        if not kept:
            continue
        if offsets is None:
            offsets = list(accumulate(map(len, pieces), initial=0))
        # a longer literal at the same place hides shorter ones, except those that end where
        # the longer one has a space (the phrase "hope you're well" inside a longer one)
        longest = kept[-1]
        found = [(longest[0], offsets[longest[1] + 1])]
        found.extend((lit, offsets[k + 1]) for lit, k in kept[:-1] if pieces[k + 1][:1] == " ")
        yield offsets[i], found


_QUOTES_ONLY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _dedupe(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.span.start, -h.span.end))
    out: list[Hit] = []
    for hit in hits:
        if out and hit.span.start < out[-1].span.end:
            continue
        out.append(hit)
    return out


# --------------------------------------------------------------------------- evaluation


def inferred_group_mail(doc: Document) -> bool:
    """:func:`outreach_lint.kinds.inferred_group_mail` (imported on first use)."""
    from .kinds import inferred_group_mail as group_mail

    return group_mail(doc)


def evaluate(rule: PackRule, doc: Document, hits: list[Hit], ctx: RuleContext) -> list[Finding]:
    """Turn one rule's raw hits in one document into findings, by the rule's kind."""
    if not rule.applies_to(doc):
        return []
    regions = [s.span for s in doc.sections_of(rule.meta.scope)] if rule.meta.scope else None
    if rule.meta.scope and not regions:
        return []
    kept = [h for h in hits if regions is None or any(r.contains(h.span.start) for r in regions)]
    if rule.exclude_scope:
        excluded = [s.span for s in doc.sections_of(rule.exclude_scope)]
        kept = [h for h in kept if not any(r.contains(h.span.start) for r in excluded)]
    if rule.skip_quoted:
        kept = [h for h in kept if not _is_quoted(doc.prose, h.span)]
        if kept:
            kept = _outside_reply_subject(doc, kept)
    if rule.skip_negated:
        kept = [h for h in kept if not _is_negated(doc.prose, h.span)]
    if rule.skip_names and kept:
        kept = [h for h in kept if not _in_name(doc.prose, h.span)]
    if rule.skip_subject and kept:
        from .analysis import sentence_subject  # the analysis module imports this one

        kept = [h for h in kept if sentence_subject(doc, h.span.start) not in rule.skip_subject]

    if rule.kind == "required":
        if kept:
            return []
        where = regions[0] if regions else Span(0, min(len(doc.prose), 1))
        first_line_end = doc.prose.find("\n", where.start)
        end = where.end if first_line_end == -1 else min(where.end, first_line_end)
        return [ctx.finding(Span(where.start, max(where.start, end)), _message(ctx, "", ""))]
    if rule.kind == "occurrence":
        if len(kept) <= rule.max:
            return []
        extra = kept[rule.max]
        msg = _message(ctx, _quote(doc, extra.span), "", count=len(kept), maximum=rule.max)
        return [ctx.finding(extra.span, msg)]

    findings = []
    second = (not rule.time_ask_alone and _time_ask_only(doc)) or (
        doc.message_kind in rule.corroborate_kinds
    )
    for hit in kept:
        matched = _quote(doc, hit.span)
        fix = None
        suggestion = None
        if rule.kind == "substitution" and hit.replacement is not None:
            replacement = match_case(doc.text_of(hit.span), hit.replacement)
            suggestion = f"Write {replacement!r} instead." if replacement else "Delete it."
            if ctx.meta.suggestion:
                suggestion = ctx.meta.suggestion.replace("{replacement}", replacement)
            if rule.fix != "none":
                fix = Fix(
                    edits=(Edit(hit.span, replacement),),
                    applicability=Applicability(rule.fix),
                    title=f"Replace {matched!r} with {replacement!r}",
                )
        else:
            replacement = ""
        finding = ctx.finding(
            hit.span, _message(ctx, matched, replacement), suggestion=suggestion, fix=fix
        )
        findings.append(finding.with_(needs_second_sign=True) if second else finding)
    return findings


def _time_ask_only(doc: Document) -> bool:
    """Whether only the time it asks for makes the message a first touch."""
    from .kinds import Sign

    return doc.kind_decision.sign == Sign.TIME_ASK


def _message(
    ctx: RuleContext, match: str, replacement: str, count: int = 0, maximum: int = 0
) -> str:
    # plain replacement, never str.format: pack text is untrusted data
    return (
        ctx.meta.message.replace("{match}", match)
        .replace("{replacement}", replacement)
        .replace("{count}", str(count))
        .replace("{max}", str(maximum))
    )


def _quote(doc: Document, span: Span) -> str:
    return " ".join(doc.text_of(span).split())


def match_case(original: str, replacement: str) -> str:
    """Give the replacement the case pattern of the text it replaces."""
    if not replacement:
        return replacement
    letters = [c for c in original if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return replacement.upper()
    if letters and letters[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


_OPEN_QUOTES = "\"'\u201c\u2018"
_CLOSE_QUOTES = "\"'\u201d\u2019"


@lru_cache(maxsize=4)
def _quote_marks(prose: str) -> tuple[str, list[int], list[int]]:
    """The folded prose, its newline offsets and its double-quote offsets, once per document.

    :func:`_is_quoted` looks these up by bisection: scanning the line around every hit is
    quadratic on a long line full of hits (a 5 MB one-line file took minutes).
    """
    folded = fold(prose)
    if len(folded) != len(prose):  # cannot happen (fold is same-length); be safe anyway
        folded = prose
    newlines = [m.start() for m in re.finditer("\n", prose)]
    quotes = [m.start() for m in re.finditer('"', folded)]
    return folded, newlines, quotes


def _is_quoted(prose: str, span: Span) -> bool:
    """True when the hit is written inside quotation marks: quoted, not said to the reader."""
    folded, newlines, quotes = _quote_marks(prose)
    i = bisect.bisect_left(newlines, span.start)
    line_start = newlines[i - 1] + 1 if i else 0
    j = bisect.bisect_left(newlines, span.end)
    line_end = newlines[j] if j < len(newlines) else len(prose)
    # an immediately wrapping pair: 'close the deal' or "close the deal"
    k = span.start - 1
    while k >= line_start and folded[k].isspace():
        k -= 1
    m = span.end
    while m < line_end and folded[m] in ".,!?;: ":
        m += 1
    wrapped = k >= line_start and m < line_end and folded[k] in "'\"" and folded[m] in "'\""
    if wrapped and (folded[k] == '"' or k == line_start or not folded[k - 1].isalnum()):
        return True
    # inside a longer double-quoted stretch on the same line
    before = bisect.bisect_left(quotes, span.start) - bisect.bisect_left(quotes, line_start)
    after = bisect.bisect_left(quotes, span.end)
    if before % 2 == 1 and after < len(quotes) and quotes[after] < line_end:
        return True
    return "'" in folded[max(line_start, span.start - _SINGLE_REACH) : span.start] and (
        _in_single_quotes(folded, line_start, line_end, span)
    )


#: how far a single-quoted stretch may reach either side of a hit
_SINGLE_REACH = 300


def _single_mark(folded: str, at: int, line_start: int, line_end: int) -> str:
    """What the straight single quote at ``at`` is: "open" (after a space, a bracket or the
    line start, before a word), "close" (after a word or punctuation, before a space,
    punctuation or the line end) or "" (an apostrophe inside a word: don't, the reader's)."""
    before = folded[at - 1] if at > line_start else " "
    after = folded[at + 1] if at + 1 < line_end else " "
    if (before.isspace() or before in "([{:;,") and (after.isalnum() or after == "_"):
        return "open"
    if (before.isalnum() or before in ".,!?%)") and (after.isspace() or after in ".,;:!?)]}-"):
        return "close"
    return ""


def _in_single_quotes(folded: str, line_start: int, line_end: int, span: Span) -> bool:
    """Is the hit inside a single-quoted stretch on its line ('a world-class, best-in-class
    partner')? The British and international way to quote (dev-14 quoted the reader's own
    tender back to them). The nearest mark before the hit must open and the nearest after it
    must close; a plural possessive ("the partners' plan") reads as a closing mark, so it ends
    nothing that opened before it."""
    lo = max(line_start, span.start - _SINGLE_REACH)
    at = folded.rfind("'", lo, span.start)
    while at >= 0:
        kind = _single_mark(folded, at, line_start, line_end)
        if kind == "close":
            return False
        if kind == "open":
            break
        at = folded.rfind("'", lo, at)
    else:
        return False
    hi = min(line_end, span.end + _SINGLE_REACH)
    at = folded.find("'", span.end, hi)
    while at >= 0:
        kind = _single_mark(folded, at, line_start, line_end)
        if kind == "close":
            return True
        if kind == "open":
            return False
        at = folded.find("'", at + 1, hi)
    return False


#: a capitalized word (a word of a name: "One-Stop", "Plastics", "H&M")
_CAP_WORD = r"[A-Z][\w&'\u2019-]*"
#: two or more capitalized words in a row, after a lower-case word on the same line: a name in
#: running prose ("says Synergy Plastics takes", "the Business One-Stop Shop queue")
_NAME_IN_PROSE = lazy(
    rf"\b([a-z][\w'\u2019-]*)[ \t]+({_CAP_WORD}(?:[ \t]+(?:&[ \t]+)?{_CAP_WORD})+)"
)
_CAP_BEFORE = lazy(rf"(?:{_CAP_WORD}[ \t]+(?:&[ \t]+)?)+$")
_CAP_AFTER = lazy(rf"(?:[ \t]+(?:&[ \t]+)?{_CAP_WORD})+")
#: words before a capitalized run that make it our own product line, not a name to leave alone
#: ("our Revolutionary Platform")
_SELF_BEFORE = frozenset(["our", "my", "we", "us", "introducing", "meet", "new"])


@lru_cache(maxsize=4)
def _names(prose: str) -> frozenset[str]:
    """The names written in running prose in this document (see :func:`_in_name`)."""
    return frozenset(
        " ".join(m.group(2).split())
        for m in _NAME_IN_PROSE.finditer(prose)
        if m.group(1) not in _SELF_BEFORE
    )


def _in_name(prose: str, span: Span) -> bool:
    """Is the hit a word of a proper name? A buzzword that names a company, an office or a
    programme ("Synergy Plastics", "the Business One-Stop Shop": two writers' reader-side
    names) says nothing about our copy. The hit must be written capitalized, inside a run of
    two or more capitalized words that the message also writes in running prose after a
    lower-case word (so a subject that repeats the name counts too); a run after "our" or "my"
    is our own product line, and a capitalized headline or a sentence start is no name."""
    text = prose[span.start : span.end]
    if not text[:1].isupper() or text.isupper():
        return False
    line_start = prose.rfind("\n", 0, span.start) + 1
    before = _CAP_BEFORE.search(prose, line_start, span.start)
    start = before.start() if before else span.start
    after = _CAP_AFTER.match(prose, span.end)
    end = after.end() if after else span.end
    run = " ".join(prose[start:end].split())
    if " " not in run:
        return False
    return run in _names(prose)


#: reply or forward prefixes at the start of a subject ("Re:", "RE: Fwd:", "AW:", "Re[2]:")
#: and the space after them
REPLY_PREFIX = re.compile(
    r"(?:[ \t]*(?:re|fwd?|fw|aw|wg|tr|sv|vs)[ \t]*(?:\[\d+\]|\(\d+\))?[ \t]*:)+[ \t]*", re.I
)


def _outside_reply_subject(doc: Document, hits: list[Hit]) -> list[Hit]:
    """The hits not in the quoted subject of a real reply.

    After "Re:" a follow-up, breakup or customer email repeats the subject of the message it
    answers: those words were judged in that message (and may be the reader's own), so they are
    quoted here. On a first touch or a newsletter the prefix is fake and the words are the
    sender's own.
    """
    section = doc.section("subject")
    if section is None or doc.message_kind in ("first-touch", "newsletter"):
        return hits
    span = section.span
    if not any(span.start <= h.span.start < span.end for h in hits):
        return hits
    m = REPLY_PREFIX.match(doc.prose, span.start, span.end)
    if not m:
        return hits
    return [h for h in hits if not (m.end() <= h.span.start < span.end)]


# a directive the sender declines to give: "I can't tell you to buy now", "I'm not asking you to
# act today", "we won't push you to decide this week" (the negation sits before the verb of
# telling, more than three words from the hit)
_SENTENCE_END = re.compile(r"[.!?;]\s")
_DECLINED_DIRECTIVE = re.compile(
    r"(?:\bnot|n't|\bnever)\s+(?:(?:going\s+to|gonna|here\s+to|trying\s+to)\s+)?"
    r"(?:tell|telling|ask|asking|urge|urging|push|pushing|pressure|pressuring|rush|rushing|"
    r"expect|expecting)\s+(?:you|your\s+team|anyone)\s+(?:to\s+)?$"
)


#: a hit that opens a clause of its own ("until it's too late", "before it's too late"): a
#: negation before it belongs to the verb it hangs on ("most owners find out their policy won't
#: pay until it's too late", dev-13; "don't wait until it's too late" is the same lever)
_OWN_CLAUSE = re.compile(r"(?:until|till|before)\b", re.I)


def _is_negated(prose: str, span: Span) -> bool:
    if _OWN_CLAUSE.match(prose, span.start):
        return False
    window = fold(prose[max(0, span.start - 60) : span.start])
    # a negation in the sentence before takes nothing back: "This offer cannot be extended.
    # Hurry up, capacity is very limited!" (dev-12)
    window = _SENTENCE_END.split(window)[-1]
    words = re.findall(r"[a-z']+", window)[-3:]
    if any(w in _NEGATORS or w.endswith("n't") for w in words):
        return True
    return _DECLINED_DIRECTIVE.search(window) is not None
