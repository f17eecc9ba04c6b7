"""PR155 pressure-score: a scored model over word classes, one sentence at a time.

The phrase packs and the frame rules (PR150-PR154) recognise pressure by its wording, and
every new writer words it differently: measured on copy written by writers the rules never
saw, recall stays near two thirds however many phrases are added. What does carry over from
writer to writer is the *kind* of word pressure is built from: a clock ("Friday", "this week",
"in 48 hours"), something that ends or is lost ("expires", "goes back up", "you'll miss"), a
count of places ("only four seats", "spots"), a push aimed at the reader ("lock in", "sign",
"decide"), the reader's silence and the sender's hurt ("haven't heard", "I'll assume"), the
sender's quarter or boss. Honest copy uses the same words one at a time, or with a reason the
reader can check ("because the venue needs numbers", "no rush").

So each sentence gets a score: a bias, plus the weight of every class that has a live cue in it
(not inside quotation marks; not negated, for the classes where negation takes the cue back),
plus the weight of the listed pairs of classes. The classes, their words and every weight are
data (``pressure_score.toml`` next to this module), fitted by ``bench/fit_pressure.py`` on the
labelled sets of several writers and checked by leaving one writer out at a time.

Cost: the cue classes are found in one pass over the message's content (not once per sentence
or per class: ``wordscan.MultiScan``, the same matches as each class's own alternation); the
matches are assigned to sentences by bisection. The rule is linear in the length of the
message.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import tomlcache
from ..model import RuleOption, Span
from ..rules import rule
from ..wordscan import MultiScan
from .pressure import (
    _NAMES,
    accepts_no,
    answers_reader,
    joint_spans,
    leaves_decision,
    negated_by_policy,
    relieved_by_cause,
    relieved_by_next,
)

DATA = Path(__file__).with_name("pressure_score.toml")

# a cue taken back: "you won't lose", "nothing expires", "never expires", "isn't limited", "we
# don't run limited-time offers"; not the imperative "don't" ("don't miss out" is the pressure)
_NEGATED = re.compile(
    r"(?:\bnot|\bnever|\bnothing|\bno|\bwithout|\bwon't|\bwouldn't|\bisn't|\baren't|\bdoesn't|"
    r"\bcan't|\bwasn't|\bhasn't|\bhaven't|\bnobody|\bneither|\bnor|"
    r"\b(?:we|they|it) (?:don't|do not|doesn't|does not))\s+(?:[\w']+\s+){0,2}$"
    # a directive the sender declines to give: "I can't tell you to buy now", "I'm not going to
    # ask you to decide today" (dev-12: "Nobody knows where copper goes next, and I can't tell
    # you to buy now")
    r"|(?:\bnot|n't|\bnever)\s+(?:(?:going to|gonna|here to|trying to)\s+)?"
    r"(?:tell|telling|ask|asking|urge|urging|push|pushing|pressure|pressuring|rush|rushing|"
    r"expect|expecting)\s+(?:you|your team|anyone)\s+(?:to\s+)?$"
)


@dataclass(frozen=True)
class WordClass:
    """One word class of the pressure score: its weight, pattern and how it counts."""

    name: str
    weight: float
    negatable: bool
    pattern: re.Pattern
    cue: bool = True  # counts toward min_cues (the reader, relief and notices do not)
    label: str = ""  # what the class is, in a finding's message ("a clock")


@dataclass(frozen=True)
class Model:
    """The pressure score: bias, threshold, word classes and pair weights."""

    bias: float
    threshold: float
    classes: tuple[WordClass, ...]
    pairs: tuple[tuple[str, str, float], ...]
    min_cues: int = 2
    # the cue classes' patterns, in their order, found in one pass (wordscan.py)
    scan: MultiScan | None = field(default=None, compare=False, repr=False)

    def distinct(self, found: dict[str, tuple[int, int]]) -> int:
        """How many separate pieces of text the cue classes of a sentence come from: a cue
        inside another cue's text is the same piece with a second meaning ("Upgrade today" is a
        push and a clock, "rate increases" an offer and a loss), and one piece of text is
        information. Cues that only share a word ("window ... is closing" and "closing fast")
        stay apart."""
        spans = sorted(
            (found[c.name] for c in self.classes if c.cue and c.name in found),
            key=lambda se: (se[0], -se[1]),
        )
        count, outer = 0, (-1, -1)
        for s, e in spans:
            if s >= outer[0] and e <= outer[1]:
                continue  # inside the piece before
            count += 1
            outer = (s, e)
        return count

    def cues(self, present) -> int:
        """How many cue classes are among ``present``."""
        return sum(1 for c in self.classes if c.cue and c.name in present)

    def score(self, present) -> float | None:
        """The score of a sentence whose live classes are ``present`` (None: too few cues)."""
        if self.cues(present) < self.min_cues:
            return None
        total = self.bias
        for c in self.classes:
            if c.name in present:
                total += c.weight
        for a, b, w in self.pairs:
            if a in present and b in present:
                total += w
        return total


def parse_model(data: dict) -> Model:
    """Build a model from the TOML table (the shipped file or a fitting script's candidate)."""
    classes = []
    for name, spec in data["classes"].items():
        terms = [t for t in spec["terms"] if t]
        pattern = re.compile(r"\b(?:" + "|".join(terms) + r")\b")
        classes.append(
            WordClass(
                name,
                float(spec.get("weight", 0.0)),
                bool(spec.get("negatable")),
                pattern,
                bool(spec.get("cue", True)),
                str(spec.get("label", name)),
            )
        )
    known = {c.name for c in classes}
    pairs = []
    for key, weight in data.get("pairs", {}).items():
        a, _, b = key.partition("+")
        if a not in known or b not in known:
            raise ValueError(f"{DATA.name}: pair {key!r} names an unknown class")
        pairs.append((a, b, float(weight)))
    cue_terms = [
        [t for t in spec["terms"] if t]
        for spec in data["classes"].values()
        if bool(spec.get("cue", True))
    ]
    return Model(
        float(data["bias"]),
        float(data["threshold"]),
        tuple(classes),
        tuple(pairs),
        int(data.get("min_cues", 2)),
        MultiScan(cue_terms),
    )


@lru_cache(maxsize=1)
def model() -> Model:
    # the shipped file, parsed by an earlier run: no TOML parser imported (tomlcache.py)
    return parse_model(tomlcache.loads(DATA.read_text(encoding="utf-8")))


def sentence_cues(doc, mdl: Model | None = None) -> list[tuple[Span, dict[str, tuple[int, int]]]]:
    """Per content sentence (list items apart): its prose span and, per class, the prose span
    of its first live cue.

    Each cue class is matched once over the folded content; a match belongs to the sentence it
    starts in. The other classes (``cue = false``) are looked for only in the sentences with at
    least ``min_cues`` cue classes (the only ones the model scores). Quoted cues never count;
    negated cues do not count for negatable classes.
    """
    mdl = mdl or model()
    analysis = doc.analysis
    sentences = analysis.sentences
    if not sentences:
        return []
    base = analysis.content.start
    folded = analysis.folded
    spans = _segments(sentences, doc.prose)
    starts = [sp.start - base for sp in spans]
    ends = [sp.end - base for sp in spans]
    cues: list[dict[str, tuple[int, int]]] = [{} for _ in spans]
    quoted = bool(analysis.quoted)

    def live(c: WordClass, at: int, lo: int) -> bool:
        if quoted and analysis.is_quoted(base + at):
            return False
        return not (
            c.negatable
            and (_NEGATED.search(folded, max(lo, at - 45), at) or negated_by_policy(folded, at, lo))
        )

    # the cue classes over the whole message: each match belongs to the sentence it starts in
    cue_classes = [c for c in mdl.classes if c.cue]
    joint = joint_spans(doc) if mdl is model() else None
    if joint is not None:
        found_spans = joint[len(_NAMES) :]  # PR150's classes first (pressure.joint_spans)
    elif mdl.scan is not None:
        found_spans = mdl.scan.spans(folded)
    else:
        found_spans = [[m.span() for m in c.pattern.finditer(folded)] for c in cue_classes]
    for c, class_spans in zip(cue_classes, found_spans):
        name = c.name
        for at, stop in class_spans:
            i = bisect.bisect_right(starts, at) - 1
            if i < 0 or at >= ends[i] or name in cues[i] or not live(c, at, starts[i]):
                continue
            cues[i][name] = (base + at, base + stop)
    # the other classes (the reader, relief, facts) only matter in a sentence that has enough
    # cues to be scored: they are looked for there alone (most messages have no such sentence)
    context = [c for c in mdl.classes if not c.cue]
    for i, found in enumerate(cues):
        if len(found) < mdl.min_cues:
            continue
        lo, hi = starts[i], ends[i]
        for c in context:
            for m in c.pattern.finditer(folded, lo, hi):
                if live(c, m.start(), lo):
                    found[c.name] = (base + m.start(), base + m.end())
                    break
    return list(zip(spans, cues))


# a list item (its marker may be masked to spaces) starts a new clause even when the sentence
# splitter runs the items together
_ITEM_BREAK = re.compile(r"\n[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])?[ \t]+(?=\S)")


def _segments(sentences, prose: str) -> list[Span]:
    """The sentences' spans, split at list-item starts ("- Trial ending\n- Last chance").
    Line breaks are read on the prose (folding turns them into spaces)."""
    out = []
    for s in sentences:
        lo, hi = s.span.start, s.span.end
        if prose.find("\n", lo, hi) >= 0:
            for m in _ITEM_BREAK.finditer(prose, lo, hi):
                if m.end() > lo:
                    out.append(Span(lo, m.start()))
                    lo = m.end()
        out.append(Span(lo, hi))
    return out


@rule(
    code="PR155",
    name="pressure-score",
    category="pressure",
    severity="warning",
    summary="A sentence scores as pressure on word classes: a clock, a loss, scarcity, a push, "
    "silence and guilt, without a reason the reader can check",
    instead=(
        "Give the reader the facts and a reason of their own, and leave the decision with "
        "them. Instead of 'Only four seats left at this price, so lock yours in before Friday', "
        "write 'The workshop takes twelve people; the venue needs final numbers on Friday, so "
        "tell me by then if you'd like a place.'"
    ),
    rationale="""
Pressure is built from a handful of kinds of words, whatever the wording: a clock ("Friday",
"this week", "in 48 hours"), something that ends or is lost ("expires", "goes back up", "you'll
miss it"), a count of places ("only four seats"), a push aimed at the reader ("lock in",
"sign", "decide now"), the reader's silence with the sender's hurt ("I haven't heard back, so
I'll assume..."), the sender's quarter or boss. One of them alone is information; several in one
sentence, with no reason the reader can check, are a lever: the message decides for the reader
that they must act now or lose out. Readers recognise the lever even when the words are new,
and they answer it by distrusting everything else in the message; a yes won that way is a
cancelled order or a customer who warns their peers. Relational selling says what happens and
when, says why ("the venue needs final numbers by Friday", "so we can order materials"), and
leaves the decision to the reader ("no rush", "whenever it suits"). This rule scores each
sentence on those word classes (weights fitted on several writers' labelled copy, listed in the
rule's data file) and flags the sentences whose score passes the threshold; the message names
the cues it found. Quoted speech and negated cues ("you won't lose anything") do not count, and
a reply to the reader's own message (an In-Reply-To header, no reference back to an earlier
message of ours) is left alone: the reader asked, and the answer's dates are what they asked for.
Nor is a question that offers our help or a choice ("Would it help if I checked first?", "...,
or would you rather wait?") unless the question carries the loss itself.
""",
    kinds=("first-touch", "follow-up", "breakup", "newsletter"),
    options=(
        RuleOption(
            "threshold-offset",
            0.0,
            "Added to the model's threshold: raise it to flag fewer sentences, lower it for more",
        ),
    ),
    bad=(
        "Hi Sam,\n\nOnly four seats are left at this price, so lock yours in before Friday."
        "\n\nBest,\nAlex",
        "Hi Sam,\n\nI haven't heard back from you, so I'll assume this just isn't a priority."
        "\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nThe workshop takes twelve people, and the venue needs final numbers on "
        "Friday, so tell me by then if you'd like a place.\n\nBest,\nAlex",
        "Hi Sam,\n\nNo rush on the proposal: if the timing is wrong this quarter, just say so "
        "and I'll check back in the spring.\n\nBest,\nAlex",
    ),
    corroborate=True,
)
def pressure_score(doc, ctx):
    if answers_reader(doc):
        return  # a reply to the reader's own message (pressure.answers_reader)
    mdl = model()
    limit = mdl.threshold + float(ctx.options["threshold-offset"])
    labels = {c.name: c.label for c in mdl.classes}
    cue_names = {c.name for c in mdl.classes if c.cue}
    scored = sentence_cues(doc, mdl)
    for index, (_span, found) in enumerate(scored):
        if len(found) < mdl.min_cues:
            continue
        score = mdl.score(found.keys())
        if score is None or score <= limit or mdl.distinct(found) < mdl.min_cues:
            continue
        if index + 1 < len(scored):
            after = scored[index + 1][0]
            if relieved_by_next(doc.prose[after.start : after.end].lower()):
                continue  # "... after that it's 395. No pressure at all."
        sentence = doc.prose[_span.start : _span.end].lower()
        if relieved_by_cause(sentence):
            continue  # "... through Friday because fuel surcharges reset on Monday"
        if leaves_decision(sentence):
            continue  # "Would it help if I held the rate while you decide?"
        if accepts_no(sentence):
            continue  # "... doesn't fit right now, which is completely fine"
        # the cues, in reading order (the reader, relief and facts are context, not cues)
        pos = {n for n in found if n in cue_names}
        shown = sorted((found[n], n) for n in pos) or sorted((v, n) for n, v in found.items())
        # overlapping cues are one piece of text with several meanings ("ends Friday")
        merged: list[list] = []
        for (s, e), n in shown:
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
                merged[-1][2].append(labels[n])
            else:
                merged.append([s, e, [labels[n]]])
        lo, hi = merged[0][0], max(m[1] for m in merged)
        prose = doc.prose
        named = ", ".join(
            f"'{' '.join(prose[s:e].split())}' ({', '.join(what)})" for s, e, what in merged
        )
        yield ctx.finding(
            Span(lo, hi),
            f"Pressure built from {named}, with no reason the reader can check "
            f"(score {score:.1f} over {limit:.1f})",
            suggestion="Say what happens and when, give the reason ('the venue needs numbers "
            "by Friday'), and leave the decision with the reader.",
        )


RULES = [pressure_score]
