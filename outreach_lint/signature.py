"""Per-message facts that run-level rules need, computed once inside ``lint_file``.

Run-level rules (duplicate clusters, sequence checks) and the customer-focus score look at the
whole linted set, but they must not need the documents themselves: ``lint_file`` may run in a
worker process and its result may come from a JSON cache. So each document leaves behind a
:class:`DocSignature`: small (about 2 KB as JSON, most of it the MinHash), plain data, picklable,
and convertible to and from JSON with :meth:`DocSignature.to_dict` / :meth:`DocSignature.from_dict`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import PurePath

from .lazyre import lazy
from .model import Span

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from .document import Document, LineIndex

#: words per shingle for duplicate detection (4: one swapped word changes 4 shingles)
SHINGLE_SIZE = 4

# step numbers in file names: "01-intro.md", "step-2.md", "email_3.txt", "followup2.md"; a named
# step beats a leading number ("001-step2-bump.txt" is step 2: the 001 only orders the folder)
_STEP_NAMED = lazy(
    r"(?i)(?:^|[-_ .])(?:step|email|touch|follow-?up|fu|e|day)[-_ ]?(?P<named>\d{1,2})(?:\D|$)"
)
_STEP_LEAD = lazy(r"^(?P<lead>0?\d{1,2})(?=[-_. ])")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "it's",
        "just",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "you're",
        "i'm",
        "i've",
        "we're",
        "i'd",
        "i'll",
        "any",
        "all",
        "also",
        "about",
        "out",
    ]
)
_QUESTION = re.compile(r"\?[\"'\u201d\u2019)\]]*$")


@dataclass(frozen=True)
class DocSignature:
    """What the run-level stage knows about one message (a document of a file)."""

    path: str
    #: the document's context (``{"step": 2}`` for a step of a sequence file); findings carry it
    context: Mapping[str, Any] = field(default_factory=dict)
    #: anchor for run-level findings: the opening sentence, in source lines and columns (1-based)
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    #: the source line at ``line`` (for snippets), at most 300 characters
    line_text: str = ""
    subject: str = ""
    kind: str = "first-touch"
    #: where the kind came from (outreach_lint.kinds.SOURCES) and why, for --format json
    kind_source: str = ""
    kind_reason: str = ""
    #: step number in a sequence (context, front matter ``step:`` or the file name), else None
    step: int | None = None
    #: where the step came from: "file" (a sequence file), "front-matter" or "name"
    step_source: str = ""
    #: front matter ``day:`` (days from the start) and ``delay:``/``wait:`` (days after the last step)
    day: float | None = None
    delay: float | None = None
    words: int = 0
    sentences: int = 0
    reader_sentences: int = 0
    self_sentences: int = 0
    questions: int = 0
    placeholders: int = 0
    #: one-permutation MinHash of the content's word shingles; empty when too short to compare
    minhash: tuple[int, ...] = ()
    #: first content sentence and the ask (last question, else last sentence), folded words
    opener: str = ""
    ask: str = ""
    #: where the ask is: (line, column, end_line, end_column), empty when there is none
    ask_at: tuple[int, ...] = ()
    #: a guilt or breakup line in a sequence step: (line, column, end_line, end_column, text)
    guilt: tuple[Any, ...] = ()
    #: distinct content words (no stop words), only for messages that look like sequence steps
    vocab: tuple[str, ...] = ()
    #: rule selectors disabled for the whole file by a directive or front matter
    disabled: tuple[str, ...] = ()
    #: the first 200 characters of the content, whitespace collapsed (for reports)
    preview: str = ""

    @property
    def key(self) -> tuple[str, tuple]:
        return (self.path, tuple(sorted((k, str(v)) for k, v in self.context.items())))

    @property
    def title(self) -> str:
        return self.subject or self.preview[:80]

    @property
    def label(self) -> str:
        """``path`` or ``path (step 2)`` for a message inside a multi-message file."""
        if self.context:
            where = ", ".join(f"{k} {v}" for k, v in self.context.items() if k != "pointer")
            if where:
                return f"{self.path} ({where})"
        return self.path

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["context"] = dict(self.context)
        data["minhash"] = list(self.minhash)
        data["vocab"] = list(self.vocab)
        data["disabled"] = list(self.disabled)
        data["ask_at"] = list(self.ask_at)
        data["guilt"] = list(self.guilt)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocSignature:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("minhash", "vocab", "disabled", "ask_at", "guilt"):
            if key in values:
                values[key] = tuple(values[key])
        if "context" in values:
            values["context"] = dict(values["context"])
        return cls(**values)


def step_from_name(path: str) -> int | None:
    """A step number written in a file name (``02-bump.md``, ``002-bump.md`` -> 2), else None."""
    stem = PurePath(path).name
    m = _STEP_NAMED.search(stem) or _STEP_LEAD.match(stem)
    return int(m.group(1)) if m else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(d|days?|h|hours?|w|weeks?)?\s*$", value, re.I)
        if m:
            n = float(m.group(1))
            unit = (m.group(2) or "d").lower()
            if unit.startswith("h"):
                return n / 24
            if unit.startswith("w"):
                return n * 7
            return n
    return None


def _int(value: Any) -> int | None:
    n = _number(value)
    return int(n) if n is not None and n == int(n) else None


def _position(doc: Document, index: LineIndex, span: Span) -> tuple[int, int, int, int]:
    src = doc.to_source(span)
    return (*index.position(src.start), *index.position(src.end))


# Guilt and breakup manipulation: lines that make the reader feel bad for not answering, or
# fake a deadline to force a reply. Matched on folded prose (straight apostrophes, lower case).
_GUILT = lazy(
    r"(?i)\b(?:"
    r"(?:i'll|i will|i'm going to|i am going to|i'll just|i will just|i'll go ahead and|i guess i'll)\s+"
    r"(?:assume|take (?:it|that as a sign))|"
    r"(?:should|shall) i (?:close|stop|give up|assume)|"
    r"clos(?:e|ing) (?:out )?(?:your|the) (?:file|account|loop on you)|"
    r"this (?:is|will be) (?:my|the) (?:last|final) (?:email|e-mail|message|note|attempt|try|time)|"
    r"(?:my|one) (?:last|final) (?:attempt|try|chance)|last chance|"
    r"did i (?:do|say) something wrong|"
    r"(?:have you been|were you|did you get) (?:abducted|kidnapped|eaten|lost|hit by)|"
    r"i'll (?:stop|quit) (?:bothering|bugging|pestering|emailing|chasing)|"
    r"(?:not|no longer) a priority|"
    r"(?:take|remove) you (?:off|from) (?:my|our) (?:list|radar)|"
    r"(?:must|should) (?:have|be) (?:ignoring|too busy)|"
    r"giving up on (?:you|this)|"
    r"haven't heard (?:back )?from you"
    r")",
)


def find_guilt(prose: str, start: int, end: int) -> Span | None:
    """The first guilt or breakup line in ``prose[start:end]``, or None."""
    from .textnorm import fold

    m = _GUILT.search(fold(prose[start:end]))
    return Span(start + m.start(), start + m.end()) if m else None


def compute(
    doc: Document, index: LineIndex, *, with_minhash: bool = True, min_words: int = 0
) -> DocSignature:
    """The signature of one parsed document (``index`` is the line index of its source file)."""
    from . import minhash

    analysis = doc.analysis
    sentences = analysis.sentences
    words = [w for s in sentences for w in s.words]
    prose = doc.prose

    anchor = doc.section("opening")
    span = anchor.span if anchor else analysis.content
    if len(span) == 0:
        span = Span(span.start, span.start)
    src = doc.to_source(span)
    line, column = index.position(src.start)
    end_line, end_column = index.position(src.end)
    line_span = index.line_span(line)
    line_text = doc.source[line_span.start : line_span.end].rstrip("\r")[:300]

    context_step = doc.context.get("step") if doc.context else None
    step, step_source = _int(context_step), "file" if context_step is not None else ""
    if step is None and doc.meta.get("step") is not None:
        step, step_source = _int(doc.meta.get("step")), "front-matter"
    if step is None:
        step = step_from_name(doc.path)
        step_source = "name" if step is not None else ""

    opener = " ".join(sentences[0].words) if sentences else ""
    questions = [s for s in sentences if _QUESTION.search(prose[s.span.start : s.span.end])]
    ask_sentence = questions[-1] if questions else (sentences[-1] if sentences else None)
    ask = " ".join(ask_sentence.words) if ask_sentence is not None else ""
    ask_at: tuple[int, ...] = ()
    if ask_sentence is not None:
        ask_at = _position(doc, index, ask_sentence.span)

    sig: tuple[int, ...] = ()
    if with_minhash and len(words) >= max(min_words, 1):
        sig = minhash.signature(minhash.shingles(words, SHINGLE_SIZE))

    vocab: tuple[str, ...] = ()
    guilt: tuple[Any, ...] = ()
    if step is not None:
        vocab = tuple(sorted({w for w in words if len(w) > 2 and w not in _STOPWORDS}))[:400]
        content = analysis.content
        hit = find_guilt(prose, content.start, content.end)
        if hit is not None:
            guilt = (*_position(doc, index, hit), " ".join(prose[hit.start : hit.end].split()))

    disabled: list[str] = []
    for d in doc.directives:
        if d.action == "disable-file":
            disabled.extend(d.codes or ("ALL",))

    content = analysis.content
    preview = " ".join(prose[content.start : content.end].split())[:200]
    subject = " ".join(doc.subject.split())[:200]
    meta = doc.meta or {}
    return DocSignature(
        path=doc.path,
        context=dict(doc.context or {}),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        line_text=line_text,
        subject=subject,
        kind=doc.kind_decision.kind,
        kind_source=doc.kind_decision.source,
        kind_reason=doc.kind_decision.reason,
        step=step,
        step_source=step_source,
        day=_number(meta.get("day", meta.get("send_day"))),
        delay=_number(
            meta.get("delay", meta.get("wait", meta.get("delay_days", meta.get("wait_days"))))
        ),
        words=len(words),
        sentences=len(sentences),
        reader_sentences=sum(1 for s in sentences if s.about == "reader"),
        self_sentences=sum(1 for s in sentences if s.about == "self"),
        questions=len(questions),
        placeholders=analysis.personalization,
        minhash=sig,
        opener=opener,
        ask=ask,
        vocab=vocab,
        ask_at=ask_at,
        guilt=guilt,
        disabled=tuple(disabled),
        preview=preview,
    )
