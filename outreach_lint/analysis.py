"""One tokenization of a document, shared by every metric rule.

Computed lazily (``Document.analysis``) and only once per document, whatever the number of
metric rules: sentences of the content, words, and who each sentence is about (the reader or us).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .model import Span
from .sections import split_sentences
from .textnorm import fold

if TYPE_CHECKING:
    from .document import Document

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9]+(?:['\u2019][A-Za-z]+)*")

READER_WORDS = frozenset(
    [
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "y'all",
        "ya",
    ]
)
SELF_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "i'm",
        "i've",
        "i'll",
        "i'd",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "we're",
        "we've",
        "we'll",
        "we'd",
    ]
)
_WE_WORDS = frozenset(["we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll", "we'd"])
# "we" that includes the reader: "we spoke", "we both", "when we met", "you and I"
_INCLUSIVE_WE = re.compile(
    r"\b(?:we|us)\s+(?:both|all|two|spoke|met|talked|chatted|discussed|agreed|covered|"
    r"walked through|went through|caught up)\b|\byou and (?:i|me|us)\b|\b(?:i|we) and you\b|\blet's\b"
)


@dataclass(frozen=True)
class Sentence:
    span: Span
    words: tuple[str, ...]  # folded (lower case, straight apostrophes)
    reader_refs: int  # you/your + merge tags
    self_refs: int  # I/me/we/our ... (not the inclusive "we")

    @property
    def about(self) -> str:
        """``reader``, ``self`` or ``neutral``: whom the sentence is mostly about."""
        if self.reader_refs > self.self_refs:
            return "reader"
        if self.self_refs > self.reader_refs:
            return "self"
        return "neutral"


class Analysis:
    """Sentences and words of a document's content (greeting, signature, footer excluded)."""

    def __init__(self, doc: Document):
        self.doc = doc

    @cached_property
    def content(self) -> Span:
        section = self.doc.section("content") or self.doc.section("body")
        return section.span if section else Span(0, len(self.doc.prose))

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        prose = self.doc.prose
        tags = [p.span.start for p in self.doc.placeholders]
        out = []
        for span in split_sentences(prose, self.content.start, self.content.end):
            text = fold(prose[span.start : span.end])
            words = tuple(m.group() for m in _WORD.finditer(text))
            inclusive = len(_INCLUSIVE_WE.findall(text))
            reader = sum(1 for w in words if w in READER_WORDS)
            reader += sum(1 for t in tags if span.start <= t < span.end)
            selfish = sum(1 for w in words if w in SELF_WORDS)
            if inclusive:
                we = sum(1 for w in words if w in _WE_WORDS)
                selfish -= min(inclusive, we)
            out.append(Sentence(span, words, reader, max(0, selfish)))
        return tuple(out)

    @cached_property
    def word_count(self) -> int:
        return sum(len(s.words) for s in self.sentences)

    @cached_property
    def personalization(self) -> int:
        """Merge tags in the message: the cheapest sign that someone meant this reader."""
        return len(self.doc.placeholders)
