"""Sequence exports: several messages (steps with a subject and a body) in one YAML, JSON or CSV.

Each message becomes its own Document, with ``context`` ``{"step": ...}`` (and ``"pointer"``, an
RFC 6901 JSON pointer to the step, for JSON) copied into every finding; offsets map through
YAML block scalars, JSON escapes and quoted multi-line CSV cells to the original line and column.

How a file is recognised as a sequence (so CI config, ``package.json`` or a data dump is never
linted as copy):

* by name: ``*.sequence.yaml``/``.yml``/``.json``/``.csv`` (also ``*.seq.*``), or a
  ``[formats]`` glob naming ``sequence-yaml``, ``sequence-json`` or ``sequence-csv``. Such files
  are found by directory walks and must hold messages: a parse error or a missing body is a
  finding.
* by shape, for a plain ``.yaml``/``.yml``/``.json``/``.csv`` named explicitly on the command
  line: it is read only if it holds messages, else it is skipped silently (no findings, no parse
  errors). Directory walks never pick such files up.

The shape: a list of steps, or a mapping whose ``steps`` / ``emails`` / ``messages`` /
``templates`` / ``sequence`` / ``touches`` / ``cadence`` key holds them (a list, or a mapping
of step keys to steps; one level of nesting such as ``sequence: {steps: [...]}`` is followed),
or a single message mapping; at least one step must have both a subject key and a body key.
Keys are matched case-insensitively with ``-`` and spaces read as ``_``: subject (``subject``,
``subject_line``, ``email_subject``), body (``body``, ``body_html``, ``html``, ``body_text``,
``text``, ``content``, ``message``, ``email_body``, ``template``, ``plain_text``), preheader
(``preheader``, ``preview_text``), step (``step``, ``step_number``, ``position``, ``order``),
name (``name``, ``id``, ``key``, ``slug``). For CSV, the header row names the columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from ..document import Document, OffsetMap, Problem, Section
from ..model import Span
from ..suppress import scan_directives
from . import DocumentFormat, kind_problem, mapped_document
from . import html as html_format
from .textmap import Builder, Region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

SUBJECT_KEYS = ("subject", "subject_line", "email_subject")
BODY_KEYS = (
    "body",
    "body_html",
    "html_body",
    "html",
    "body_text",
    "text_body",
    "text",
    "plain_text",
    "body_plain",
    "content",
    "message",
    "email_body",
    "template",
)
PREHEADER_KEYS = ("preheader", "preview_text", "preview")
STEP_KEYS = ("step", "step_number", "position", "order")
NAME_KEYS = ("name", "id", "key", "slug")
CONTAINER_KEYS = (
    "steps",
    "emails",
    "messages",
    "templates",
    "sequence",
    "touches",
    "touchpoints",
    "cadence",
)
_HTML_BODY = re.compile(
    r"<(?:p|div|br|table|td|a|span|b|strong|em|i|ul|ol|li|h[1-6]|html|body)\b[^<>]*>", re.I
)


def norm(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


@dataclass
class Value:
    """A located string field of a step."""

    region: Region
    span: Span  # source span of the value (for problems)


@dataclass
class Step:
    """One step of a sequence file: its identity, where it is and its values."""

    ident: Any  # what findings show as "step"
    index: int  # 1-based position in the file
    span: Span  # the step in the file
    strings: dict[str, Value] = field(default_factory=dict)  # normalized key -> value
    plain: dict[str, Any] = field(default_factory=dict)  # normalized key -> plain value
    body_key: str = ""  # the original key name of the body, for messages
    pointer: str | None = None

    def first(self, keys: tuple[str, ...]) -> tuple[str, Value] | None:
        for key in keys:
            if key in self.strings:
                return key, self.strings[key]
        return None


class NotASequence(ValueError):
    """The file parsed but holds no messages."""


def looks_like_messages(mappings: list[dict[str, Any]]) -> bool:
    """At least one item has a subject and a body key (normalized keys)."""
    for item in mappings:
        keys = {norm(k) for k in item}
        if keys & set(SUBJECT_KEYS) and keys & set(BODY_KEYS):
            return True
    return False


def identify(step: Step) -> None:
    """Set ``ident`` from a step/position key, else a name/id key, else the index."""
    for key in STEP_KEYS:
        value = step.plain.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            step.ident = value
            return
        if isinstance(value, str) and value.strip().isdigit():
            step.ident = int(value.strip())
            return
    for key in NAME_KEYS:
        value = step.plain.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            step.ident = value
            return


def documents(
    path: str,
    source: str,
    fmt: str,
    steps: list[Step],
    settings: Mapping[str, Any],
    problems: list[Problem] | None = None,
) -> list[Document]:
    """One Document per step; file-level problems and directives ride on the first."""
    docs = []
    extra = list(problems or [])
    for step in steps:
        docs.append(_step_document(path, source, fmt, step, settings, extra))
        extra = []
    directives = scan_directives(source)
    if docs:
        first = docs[0]
        from dataclasses import replace

        docs[0] = replace(first, directives=tuple(directives), problems=first.problems)
        for i in range(1, len(docs)):
            docs[i] = replace(docs[i], directives=())
    elif extra or directives:
        docs.append(empty_document(path, source, fmt, extra))
    return docs


def empty_document(path: str, source: str, fmt: str, problems: list[Problem]) -> Document:
    """A document with no prose that only carries the file's problems."""
    return Document(
        path=path,
        source=source,
        prose="",
        format=fmt,
        offset_map=OffsetMap([(0, 0, 0, 0)]),
        directives=tuple(scan_directives(source)),
        problems=tuple(problems),
    )


def _step_document(
    path: str,
    source: str,
    fmt: str,
    step: Step,
    settings: Mapping[str, Any],
    problems: list[Problem],
) -> Document:
    problems = list(problems)
    subject = step.first(SUBJECT_KEYS)
    body = step.first(BODY_KEYS)
    preheader = step.first(PREHEADER_KEYS)
    where = f"step {step.ident}"
    if body is None or not body[1].region.text.strip():
        at = body[1].span if body is not None else Span(step.span.start, step.span.start + 1)
        problems.append(
            Problem(
                "OL012",
                f"Sequence {where} has no body: the reader would get an empty email"
                if body is not None
                else f"Sequence {where} has no body (expected one of: "
                + ", ".join(BODY_KEYS[:6])
                + ")",
                at,
                "Add the message body, or remove the step.",
            )
        )
    subject_builder = None
    if subject is not None and subject[1].region.text.strip():
        subject_builder = Builder()
        region = subject[1].region
        subject_builder.copy(region, 0, len(region.text))
    if body is not None:
        region = body[1].region
        is_html = "html" in body[0] or bool(_HTML_BODY.search(region.text))
    else:
        region, is_html = Region(""), False
    if is_html:
        found, tags = html_format.extract(region, settings)
        problems.extend(found.problems)
        problems.extend(
            Problem(p.code, p.message, region.to_source(p.span), p.suggestion)
            for p in tags.problems
        )
    else:
        found = html_format.HtmlText()
        found.body.copy(region, 0, len(region.text))
    if preheader is not None and not found.preheader.length and preheader[1].region.text.strip():
        found.preheader.copy(preheader[1].region, 0, len(preheader[1].region.text))
    prose, offset_map, subject_span, preheader_span, body_start = html_format.assemble(
        found, subject_builder
    )
    if not prose:
        offset_map = OffsetMap([(0, step.span.start, 0, 0)])
    meta = {k: v for k, v in step.plain.items() if isinstance(v, (str, int, float, bool))}
    meta.pop("body", None)
    if "kind" in step.strings and str(meta.get("kind", "")).strip():
        problem = kind_problem(meta["kind"], step.strings["kind"].span, settings)
        if problem is not None:
            problems.append(problem)
    if not isinstance(meta.get("step"), int):
        meta["step"] = step.ident if isinstance(step.ident, int) else step.index
    context: dict[str, Any] = {"step": step.ident}
    if step.pointer is not None:
        context["pointer"] = step.pointer
    doc = mapped_document(
        path,
        source,
        fmt,
        prose=prose,
        offset_map=offset_map,
        body=Span(body_start, len(prose)),
        subject=subject_span,
        extra_sections=[Section("preheader", preheader_span)] if preheader_span else [],
        directives=(),
        problems=problems,
        meta=meta,
        context=context,
        settings=settings,
        tag_problems=not is_html,
    )
    return doc


# --------------------------------------------------------------------------- YAML


def yaml_steps(source: str) -> list[Step]:
    from . import yamlmap as y

    root = y.compose(source)
    if root is None:
        raise NotASequence("the file is empty")
    items = _find_container_yaml(root)
    if items is None:
        raise NotASequence("no list of messages with subject and body found")
    steps = []
    for index, (key, node) in enumerate(items, 1):
        step = Step(ident=key if key is not None else index, index=index, span=y.node_span(node))
        for name, _k, value in y.mapping_items(node):
            nk = norm(name)
            try:
                step.plain[nk] = y.value_of(value)
            except y.YamlError:
                continue
            if y.is_string(value):
                step.strings[nk] = Value(y.scalar_region(source, value), y.node_span(value))
                if nk in BODY_KEYS and not step.body_key:
                    step.body_key = name
        if key is None:
            identify(step)
        steps.append(step)
    return steps


def _find_container_yaml(root: Any, depth: int = 0) -> list[tuple[Any, Any]] | None:
    from . import yamlmap as y

    def as_mapping(node: Any) -> dict[str, Any]:
        return {k: None for k, _, _ in y.mapping_items(node)}

    if y.is_sequence(root):
        maps = [n for n in root.value if y.is_mapping(n)]
        if maps and looks_like_messages([as_mapping(n) for n in maps]):
            return [(None, n) for n in maps]
        return None
    if not y.is_mapping(root):
        return None
    if looks_like_messages([as_mapping(root)]) and depth == 0:
        return [(None, root)]
    if depth > 1:
        return None
    for key, _k, value in y.mapping_items(root):
        if norm(key) not in CONTAINER_KEYS:
            continue
        if y.is_sequence(value):
            found = _find_container_yaml(value, depth + 1)
            if found:
                return found
        elif y.is_mapping(value):
            children = [(k, v) for k, _, v in y.mapping_items(value) if y.is_mapping(v)]
            if children and looks_like_messages([as_mapping(v) for _, v in children]):
                return children
            found = _find_container_yaml(value, depth + 1)
            if found:
                return found
    return None


# --------------------------------------------------------------------------- JSON


def json_steps(source: str) -> list[Step]:
    from . import jsonmap as j

    root = j.parse(source)
    items = _find_container_json(root, [])
    if items is None:
        raise NotASequence("no list of messages with subject and body found")
    steps = []
    for index, (key, node, parts) in enumerate(items, 1):
        step = Step(
            ident=key if key is not None else index,
            index=index,
            span=node.span,
            pointer=j.pointer(parts),
        )
        for name, value, _ in node.members:
            nk = norm(name)
            step.plain[nk] = value.plain() if value.kind != "string" else value.value
            if value.kind == "string" and value.region is not None:
                step.strings[nk] = Value(value.region, value.span)
        if key is None:
            identify(step)
        steps.append(step)
    return steps


def _find_container_json(node: Any, parts: list[Any], depth: int = 0) -> list | None:
    def keys(n: Any) -> dict[str, Any]:
        return {k: None for k, _, _ in n.members}

    if node.kind == "array":
        maps = [(i, n) for i, n in enumerate(node.items) if n.kind == "object"]
        if maps and looks_like_messages([keys(n) for _, n in maps]):
            return [(None, n, [*parts, i]) for i, n in maps]
        return None
    if node.kind != "object":
        return None
    if looks_like_messages([keys(node)]) and depth == 0:
        return [(None, node, parts)]
    if depth > 1:
        return None
    for key, value, _ in node.members:
        if norm(key) not in CONTAINER_KEYS:
            continue
        if value.kind == "array":
            found = _find_container_json(value, [*parts, key], depth + 1)
            if found:
                return found
        elif value.kind == "object":
            children = [(k, v) for k, v, _ in value.members if v.kind == "object"]
            if children and looks_like_messages([keys(v) for _, v in children]):
                return [(k, v, [*parts, key, k]) for k, v in children]
            found = _find_container_json(value, [*parts, key], depth + 1)
            if found:
                return found
    return None


# --------------------------------------------------------------------------- CSV


def csv_steps(source: str) -> list[Step]:
    from . import csvmap as c

    rows = c.rows(source)
    if not rows:
        raise NotASequence("the file is empty")
    header = [norm(cell.region.text) for cell in rows[0].cells]
    if not looks_like_messages([dict.fromkeys(header)]):
        raise NotASequence(
            "the header row names no subject and body columns (e.g. step,subject,body)"
        )
    steps = []
    for index, row in enumerate(rows[1:], 1):
        step = Step(ident=index, index=index, span=row.span)
        for name, cell in zip(header, row.cells):
            step.plain[name] = cell.region.text
            step.strings[name] = Value(cell.region, cell.span)
        identify(step)
        steps.append(step)
    return steps


def csv_problems(source: str) -> list[Problem]:
    """Rows whose cell count differs from the header's: a shifted column is a wrong message."""
    from . import csvmap as c

    rows = c.rows(source)
    if not rows:
        return []
    width = len(rows[0].cells)
    out = []
    for row in rows[1:]:
        if len(row.cells) != width:
            out.append(
                Problem(
                    "OL011",
                    f"CSV row {row.line} has {len(row.cells)} cells, the header has {width}: "
                    "a cell with an unquoted delimiter or line break shifts the columns",
                    Span(row.span.start, row.span.start + 1),
                    'Quote cells that contain the delimiter or line breaks ("...").',
                )
            )
    return out[:10]


# --------------------------------------------------------------------------- formats


def _read(kind: str, source: str) -> tuple[list[Step], list[Problem]]:
    if kind == "yaml":
        return yaml_steps(source), []
    if kind == "json":
        return json_steps(source), []
    return csv_steps(source), csv_problems(source)


def _errors() -> tuple[type[Exception], ...]:
    from .csvmap import CsvError
    from .jsonmap import JsonError
    from .yamlmap import YamlError

    return (YamlError, JsonError, CsvError)


def _declared(kind: str) -> Any:
    fmt = f"sequence-{kind}"

    def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
        try:
            steps, problems = _read(kind, text)
        except _errors() as exc:
            at = min(getattr(exc, "offset", 0), len(text))
            span = Span(at, min(at + 1, len(text)))
            return [
                empty_document(
                    path,
                    text,
                    fmt,
                    [Problem("OL011", str(exc), span, f"Fix the {kind.upper()} syntax here.")],
                )
            ]
        except NotASequence as exc:
            return [
                empty_document(
                    path,
                    text,
                    fmt,
                    [
                        Problem(
                            "OL013",
                            f"Not a sequence of messages: {exc}",
                            Span(0, min(1, len(text))),
                            "Give each step a subject and a body, or stop declaring this file "
                            "a sequence.",
                        )
                    ],
                )
            ]
        return documents(path, text, fmt, steps, settings, problems)

    return parse


def _by_shape(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    """A plain .yaml/.json/.csv: lint it only if it holds messages; otherwise stay silent."""
    suffix = PurePath(path).suffix.lower()
    kind = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}.get(suffix)
    if kind is None:
        kind = "json" if text.lstrip().startswith(("{", "[")) else "yaml"
    try:
        steps, problems = _read(kind, text)
    except (*_errors(), NotASequence):
        return []
    return documents(path, text, f"sequence-{kind}", steps, settings, problems)


def _sniff(kind: str) -> Any:
    def sniff(text: str) -> bool:
        head = text[:2048].lower()
        if "subject" not in head:
            return False
        try:
            _read(kind, text)
        except Exception:
            return False
        return True

    return sniff


YAML_FORMAT = DocumentFormat(
    name="sequence-yaml",
    extensions=(".sequence.yaml", ".sequence.yml", ".seq.yaml", ".seq.yml"),
    parse=_declared("yaml"),
    sniff=_sniff("yaml"),
    description="A YAML sequence export: steps with subject and body, each linted on its own",
)
JSON_FORMAT = DocumentFormat(
    name="sequence-json",
    extensions=(".sequence.json", ".seq.json"),
    parse=_declared("json"),
    sniff=_sniff("json"),
    description="A JSON sequence export; findings carry the step and a JSON pointer",
)
CSV_FORMAT = DocumentFormat(
    name="sequence-csv",
    extensions=(".sequence.csv", ".seq.csv"),
    parse=_declared("csv"),
    description="A CSV sequence export: a header row with subject and body columns",
)
DATA_FORMAT = DocumentFormat(
    name="data",
    extensions=(".yaml", ".yml", ".json", ".csv"),
    parse=_by_shape,
    description="Plain YAML/JSON/CSV: linted only when named explicitly and holding messages",
    discover=False,
)
