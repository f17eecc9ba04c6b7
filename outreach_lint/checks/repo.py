"""Run-level rules: the shape of the whole template library.

BL201 finds the same message copied across templates with names swapped (the list blast).
The sequence rules (FU201-FU205, PR201) judge a follow-up sequence as a whole: a sequence file
(each step a document with context ``{"step": n}``), or the templates of one folder numbered by
front matter ``step:`` or by their file names (``01-intro.md``, ``step-2.md``, ``email3.txt``).

Examples and cases for these rules hold several files, each introduced by a ``==> name <==``
line (the way ``head`` prints several files); see :mod:`outreach_lint.testing`.
"""

from __future__ import annotations

import posixpath
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from ..model import Finding, RuleOption
from ..project import finding_at, project_rule, sort_key
from ..rules import RuleContext
from ..signature import DocSignature

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_SAME = (
    "Hi Sam,\n\nWe help revenue teams like yours automate the weekly pipeline report so managers "
    "stop copying numbers into slides every Monday morning. Most teams save four hours a week "
    "and forecast calls get shorter. Would it be worth a quick look next week?\n\nBest,\nAlex\n"
)
_BLAST_BAD = (
    "==> acme.md <==\n"
    + _SAME
    + "==> globex.md <==\n"
    + _SAME.replace("Sam", "Dana").replace("four", "five")
    + "==> initech.md <==\n"
    + _SAME.replace("Sam", "Lee").replace("Monday", "Friday")
)
_BLAST_GOOD = (
    "==> acme.md <==\n" + _SAME + "==> globex.md <==\n"
    "Hi Dana,\n\nYour post about the new Berlin warehouse caught my eye: opening a second site "
    "usually doubles the inventory counts your team reconciles by hand. How are you handling "
    "the cut-over between the two systems this quarter?\n\nBest,\nAlex\n"
)


def _short(labels: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(labels[:limit])
    more = len(labels) - limit
    return f"{shown} and {more} more" if more > 0 else shown


@project_rule(
    code="BL201",
    name="near-duplicate-messages",
    category="blast",
    severity="warning",
    summary="Several templates are the same message with details swapped",
    instead=(
        "Keep one shared template if the message really is generic, and make the rest "
        "specific: rewrite each around its own reader's situation (their trigger, their "
        "problem, a named peer) instead of swapping only the company name in the same "
        "paragraph."
    ),
    rationale="""
When ten templates differ only in the company name, the library is one blast sent ten times.
Readers notice: the same phrasing reaches colleagues at the same company, and spam filters
fingerprint it too. Relational selling starts from something true about this reader, which
cannot be the same paragraph for everyone. Keep one shared template if the message really is
generic, and write the segment-specific ones from each segment's situation: its trigger, its
problem, its question. Similarity is measured on the words of the message (merge tags and
spacing ignored), as the share of four-word runs two messages have in common. Each group of
near-duplicates is reported once, on its first file, listing every other member; the JSON
output carries the full member list in `context.members`.
""",
    options=(
        RuleOption(
            "threshold",
            0.5,
            "Similarity (0-1, share of common four-word runs) at which two messages count as "
            "near-duplicates",
        ),
        RuleOption("min-words", 25, "Messages with fewer content words are not compared"),
    ),
    bad=(_BLAST_BAD,),
    good=(_BLAST_GOOD,),
)
def near_duplicates(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    from .. import minhash

    threshold = float(ctx.options["threshold"])
    min_words = int(ctx.options["min-words"])
    if not 0 < threshold <= 1:
        threshold = 0.5
    pool = _Pool(sigs, min_words)
    groups = minhash.clusters(pool.minhashes(), threshold)
    for number, (members, low) in enumerate(groups, 1):
        first = pool[members[0]]
        others = [pool[i] for i in members[1:]]
        labels = [o.label for o in others]
        alike = "word for word the same" if low >= 0.995 else f"at least {low:.0%} alike"
        yield finding_at(
            ctx,
            first,
            f"{len(members)} messages are near-duplicates ({alike}): this one and "
            f"{_short(labels)}; one message sent to everyone reads as a list blast",
            suggestion="Keep one generic template, or rewrite each around its own reader's "
            "situation and question.",
            extra={
                "cluster": number,
                "similarity": round(low, 2),
                "members": [
                    {"path": m.path, "line": m.line, **dict(m.context)} for m in [first, *others]
                ],
            },
        )


class _Pool:
    """The messages BL201 compares, in run-level order, without holding their signatures.

    A large run hands the rule a lazy sequence read from disk (``sorted_by_key``): the pool is
    then one pass that keeps only the positions of the messages long enough to compare;
    signatures are fetched again only for the members of a cluster.
    """

    def __init__(self, sigs: Sequence[DocSignature], min_words: int) -> None:
        self._min = min_words
        if getattr(sigs, "sorted_by_key", False):
            self._sigs: Sequence[DocSignature] = sigs
            self._index: array | None = array("i")
        else:
            self._sigs = sorted((s for s in sigs if self._keep(s)), key=sort_key)
            self._index = None

    def _keep(self, s: DocSignature) -> bool:
        return bool(s.minhash) and s.words >= self._min

    def minhashes(self) -> Iterator[Sequence[int]]:
        if self._index is None:
            yield from (s.minhash for s in self._sigs)
            return
        index = self._index
        for i, s in enumerate(self._sigs):
            if self._keep(s):
                index.append(i)
                yield s.minhash

    def __getitem__(self, i: int) -> DocSignature:
        return self._sigs[i if self._index is None else self._index[i]]


# --------------------------------------------------------------------------- sequences


def sequences(sigs: Sequence[DocSignature]) -> Iterable[list[DocSignature]]:
    """Sequences of two or more steps, each sorted by step (a list, for a list of signatures;
    an iterator for the lazy sequence of a large run).

    A file whose documents carry a step (a sequence export) is one sequence; otherwise the
    numbered templates of one folder are.
    """
    if getattr(sigs, "sorted_by_key", False):
        return _sequences_read(sigs)
    groups: dict[tuple[str, str], list[DocSignature]] = defaultdict(list)
    for s in sigs:
        if s.step is None:
            continue
        groups[_sequence_key(s)].append(s)
    out = []
    for _key, members in sorted(groups.items()):
        members.sort(key=lambda s: (s.step, s.path))
        if len({m.step for m in members}) >= 2:
            out.append(members)
    return out


def _sequence_key(s: DocSignature) -> tuple[str, str]:
    if s.step_source == "file":
        return ("file", s.path)
    return ("folder", posixpath.dirname(s.path.replace("\\", "/")))


def _sequences_read(sigs: Any) -> Iterator[list[DocSignature]]:
    """:func:`sequences` of a lazy sequence read from disk (a large run), one at a time.

    The positions of the steps are found once per sequence object (the five sequence rules
    share it) and kept as small integer arrays; each sequence's signatures are read only while
    a rule looks at it.
    """
    index = getattr(sigs, "_sequence_index", None)
    if index is None:
        groups: dict[tuple[str, str], array] = {}
        for i, s in enumerate(sigs):
            if s.step is not None:
                groups.setdefault(_sequence_key(s), array("i")).append(i)
        index = sorted(groups.items())
        sigs._sequence_index = index
    for _key, positions in index:
        members = [sigs[i] for i in positions]
        members.sort(key=lambda s: (s.step, s.path))
        if len({m.step for m in members}) >= 2:
            yield members


def _similar(a: str, b: str, cutoff: float) -> bool:
    wa, wb = set(a.split()), set(b.split())
    if len(wa) < 3 or len(wb) < 3:
        return a == b and bool(a)
    return len(wa & wb) / len(wa | wb) >= cutoff


def _step(s: DocSignature) -> str:
    return f"step {s.step}"


def _bundle(*steps: tuple[str, str]) -> str:
    return "".join(f"==> seq/{name} <==\n{text}" for name, text in steps)


_OPENER_BAD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nI wanted to reach out about your reporting. Your team files board reports "
        "monthly. Would a template help?\n\nBest,\nAlex\n",
    ),
    (
        "02-follow.md",
        "Hi Sam,\n\nI wanted to reach out about your reporting. A customer cut report prep "
        "from two days to one hour. Happy to share how?\n\nBest,\nAlex\n",
    ),
)
_OPENER_GOOD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nI wanted to reach out about your reporting. Your team files board reports "
        "monthly. Would a template help?\n\nBest,\nAlex\n",
    ),
    (
        "02-follow.md",
        "Hi Sam,\n\nA customer in your space cut board report prep from two days to one hour. "
        "Their checklist is short; want me to send it?\n\nBest,\nAlex\n",
    ),
)


@project_rule(
    code="FU201",
    name="repeated-opener",
    category="follow-up",
    severity="warning",
    summary="A sequence step opens with the same sentence as an earlier step",
    instead=(
        "Open each step with what is new since the last one: a result, a resource, a "
        "different angle. Instead of repeating 'Saw {{ company }} is hiring SDRs', step two "
        "could open 'Northwind cut SDR ramp from 90 to 45 days with one change: here is the "
        "checklist.'"
    ),
    rationale="""
A follow-up that opens exactly like the last email tells the reader nothing happened in
between: no new thought, no new reason to reply. They recognise the first line in the preview
and skip it. Each step should earn its place with something new from the first sentence: a
result another customer got, a short resource, a sharper question about their situation.
""",
    options=(
        RuleOption("similarity", 0.8, "Share of common words at which two openers are the same"),
    ),
    bad=(_OPENER_BAD,),
    good=(_OPENER_GOOD,),
)
def repeated_opener(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    cutoff = float(ctx.options["similarity"])
    for seq in sequences(sigs):
        for i, s in enumerate(seq):
            for earlier in seq[:i]:
                if s.opener and _similar(s.opener, earlier.opener, cutoff):
                    yield finding_at(
                        ctx,
                        s,
                        f"{_step(s).capitalize()} opens with the same sentence as "
                        f"{_step(earlier)} ({earlier.label}); the reader sees nothing new",
                        suggestion="Open with what is new since the last step: a result, a "
                        "resource, or a sharper question.",
                    )
                    break


_ASK_BAD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nYour team files board reports monthly and rebuilds them by hand. "
        "Do you have 15 minutes for a call this week?\n\nBest,\nAlex\n",
    ),
    (
        "02-follow.md",
        "Hi Sam,\n\nA customer cut report prep from two days to one hour with one checklist. "
        "Do you have 15 minutes for a call this week?\n\nBest,\nAlex\n",
    ),
)
_ASK_GOOD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nYour team files board reports monthly and rebuilds them by hand. "
        "Do you have 15 minutes for a call this week?\n\nBest,\nAlex\n",
    ),
    (
        "02-follow.md",
        "Hi Sam,\n\nA customer cut report prep from two days to one hour with one checklist. "
        "Should I send you the checklist?\n\nBest,\nAlex\n",
    ),
)


@project_rule(
    code="FU202",
    name="repeated-ask",
    category="follow-up",
    severity="warning",
    summary="A sequence step repeats the ask of an earlier step",
    instead=(
        "Make each step's ask smaller or different from the last: a yes/no question, a "
        "resource, a referral. Instead of a second 'Can we book 30 minutes?', ask 'Would the "
        "two-page ramp checklist be useful?'"
    ),
    rationale="""
Asking for the same 15-minute call in every step turns a sequence into nagging: the reader
already declined it once by not answering. Vary the ask and make each one smaller and more
useful to them: a resource they can read in a minute, a yes/no question, a referral to the
right person. A new ask gives them a new, easier way to reply.
""",
    options=(
        RuleOption("similarity", 0.8, "Share of common words at which two asks are the same"),
    ),
    bad=(_ASK_BAD,),
    good=(_ASK_GOOD,),
)
def repeated_ask(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    cutoff = float(ctx.options["similarity"])
    for seq in sequences(sigs):
        for i, s in enumerate(seq):
            if not s.ask_at:
                continue
            for earlier in seq[:i]:
                if s.ask and _similar(s.ask, earlier.ask, cutoff):
                    line, column, end_line, end_column = s.ask_at
                    yield finding_at(
                        ctx,
                        s,
                        f"{_step(s).capitalize()} repeats the ask of {_step(earlier)} "
                        f"({earlier.label}); asking again for what they ignored reads as nagging",
                        suggestion="Make a smaller, different ask: a resource, a yes/no "
                        "question, the right person to talk to.",
                        line=line,
                        column=column,
                        end_line=end_line,
                        end_column=end_column,
                    )
                    break


_BUMP_BAD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nYour team rebuilds the board report by hand every month. A customer cut "
        "that from two days to one hour with a shared checklist. Would the checklist help "
        "your team?\n\nBest,\nAlex\n",
    ),
    (
        "02-bump.md",
        "Hi Sam,\n\nJust bumping this to the top of your inbox. Would the checklist help your "
        "team?\n\nBest,\nAlex\n",
    ),
)
_BUMP_GOOD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nYour team rebuilds the board report by hand every month. A customer cut "
        "that from two days to one hour with a shared checklist. Would the checklist help "
        "your team?\n\nBest,\nAlex\n",
    ),
    (
        "02-follow.md",
        "Hi Sam,\n\nOne more idea: finance leads at Globex moved the variance commentary into "
        "the data warehouse, so the narrative updates itself. Curious whether your auditors "
        "would accept that?\n\nBest,\nAlex\n",
    ),
)


@project_rule(
    code="FU203",
    name="lazy-bump",
    category="follow-up",
    severity="warning",
    summary="A follow-up step adds almost nothing the earlier steps did not say",
    instead=(
        "Give the step its own value: one new insight, result or resource the reader can use "
        "even if they never reply. Instead of 'Just bumping this', write 'One number from the "
        "Northwind pilot: claims closed in 4 days instead of 9.'"
    ),
    rationale="""
"Just bumping this to the top of your inbox" asks the reader to do the work of scrolling back
and re-reading your pitch. It gives them nothing: no new information, no new reason to care.
A follow-up earns a reply when it brings something of value on its own: an insight, a result,
a resource, a better question. This rule counts the content words a step uses that no earlier
step used; too few means the step is a bump.
""",
    options=(
        RuleOption(
            "min-new-words", 8, "Fewest new content words a follow-up must bring to not be a bump"
        ),
    ),
    bad=(_BUMP_BAD,),
    good=(_BUMP_GOOD,),
)
def lazy_bump(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    need = int(ctx.options["min-new-words"])
    for seq in sequences(sigs):
        seen: set[str] = set()
        for i, s in enumerate(seq):
            new = [w for w in s.vocab if w not in seen]
            if i > 0 and len(new) < need:
                listed = ", ".join(repr(w) for w in new[:5]) or "none"
                yield finding_at(
                    ctx,
                    s,
                    f"{_step(s).capitalize()} brings {len(new)} new content word"
                    f"{'s' if len(new) != 1 else ''} ({listed}) after {i} earlier step"
                    f"{'s' if i != 1 else ''}: it is a bump that gives the reader nothing new",
                    suggestion="Give this step its own value: an insight, a result, a resource "
                    "or a better question.",
                )
            seen.update(s.vocab)


_GUILT_BAD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nYour team rebuilds the board report by hand every month. Would a "
        "checklist help?\n\nBest,\nAlex\n",
    ),
    (
        "02-last.md",
        "Hi Sam,\n\nI haven't heard back, so I'll assume this isn't a priority and close your "
        "file.\n\nBest,\nAlex\n",
    ),
)
_GUILT_GOOD = _bundle(
    (
        "01-intro.md",
        "Hi Sam,\n\nYour team rebuilds the board report by hand every month. Would a "
        "checklist help?\n\nBest,\nAlex\n",
    ),
    (
        "02-last.md",
        "Hi Sam,\n\nI'll leave it here. The checklist is at the link below if month-end ever "
        "gets painful; it is yours to use either way.\n\nBest,\nAlex\n",
    ),
)


@project_rule(
    code="PR201",
    name="guilt-trip-finale",
    category="pressure",
    severity="warning",
    summary="The last step of a sequence guilt-trips or fakes a breakup",
    instead=(
        "End the sequence by leaving something useful and an easy way back: 'I'll leave the "
        "Reno claims benchmark here; if it becomes a priority, reply any time.'"
    ),
    rationale="""
The "breakup email" ("I'll assume you're not interested and close your file", "did I do
something wrong?", "this is your last chance") works by making the reader feel guilty or
afraid of missing out. Some reply, but they reply to make the discomfort stop, and the
relationship starts from pressure. End a sequence the way a good colleague would: leave
something useful, make it easy to come back later, and stop. The rule looks at the last step
of each sequence.
""",
    bad=(_GUILT_BAD,),
    good=(_GUILT_GOOD,),
)
def guilt_finale(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    for seq in sequences(sigs):
        last = seq[-1]
        if last.guilt:
            line, column, end_line, end_column, text = last.guilt
            yield finding_at(
                ctx,
                last,
                f"The last step of the sequence ends on guilt: {text!r}; the reader replies "
                "to make the discomfort stop, if at all",
                suggestion="End by leaving something useful and an easy way back: 'I'll leave "
                "it here; the checklist is yours if month-end gets painful.'",
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
            )


_SPACING_BAD = _bundle(
    ("01-intro.md", "---\nday: 0\n---\nHi Sam,\n\nYour team rebuilds reports by hand.\n"),
    ("02-follow.md", "---\nday: 1\n---\nHi Sam,\n\nA customer cut report prep to an hour.\n"),
    ("03-last.md", "---\nday: 2\n---\nHi Sam,\n\nHere is the checklist they used.\n"),
)
_SPACING_GOOD = _bundle(
    ("01-intro.md", "---\nday: 0\n---\nHi Sam,\n\nYour team rebuilds reports by hand.\n"),
    ("02-follow.md", "---\nday: 3\n---\nHi Sam,\n\nA customer cut report prep to an hour.\n"),
    ("03-last.md", "---\nday: 10\n---\nHi Sam,\n\nHere is the checklist they used.\n"),
)


@project_rule(
    code="FU204",
    name="crowded-sequence",
    category="follow-up",
    severity="warning",
    summary="Sequence steps come too close together, or closer and closer",
    instead=(
        "Space the steps out and let the gaps grow: for example day 0, 3, 7, 14 and 30, "
        "rather than daily or shrinking intervals."
    ),
    rationale="""
Three emails in three days is pressure, not persistence: the reader has not had time to read
the first one, and the cadence says "your inbox is my channel". Good sequences give each step
room and space later steps further apart (for example day 0, 3, 7, 14). The rule reads the
front matter `day:` (days from the start) or `delay:`/`wait:` (days after the previous step)
of each step.
""",
    options=(RuleOption("min-gap-days", 2.0, "Fewest days between two steps"),),
    bad=(_SPACING_BAD,),
    good=(_SPACING_GOOD,),
)
def crowded_sequence(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    min_gap = float(ctx.options["min-gap-days"])
    for seq in sequences(sigs):
        gaps: list[float | None] = [None]
        for prev, s in zip(seq, seq[1:]):
            if s.delay is not None:
                gaps.append(s.delay)
            elif s.day is not None and prev.day is not None:
                gaps.append(s.day - prev.day)
            else:
                gaps.append(None)
        for i in range(1, len(seq)):
            gap = gaps[i]
            if gap is None:
                continue
            s = seq[i]
            if gap < min_gap:
                yield finding_at(
                    ctx,
                    s,
                    f"{_step(s).capitalize()} comes {gap:g} day{'s' if gap != 1 else ''} after "
                    f"{_step(seq[i - 1])} (want at least {min_gap:g}); the reader has not had "
                    "time to read the last one",
                    suggestion="Give each step room, and space later steps further apart "
                    "(e.g. days 0, 3, 7, 14).",
                )
            elif i >= 2 and gaps[i - 1] is not None and gap < gaps[i - 1]:  # type: ignore[operator]
                yield finding_at(
                    ctx,
                    s,
                    f"{_step(s).capitalize()} comes {gap:g} days after the previous step, "
                    f"sooner than the gap before it ({gaps[i - 1]:g} days): the sequence speeds "
                    "up as the reader stays silent, which reads as pressure",
                    suggestion="Space later steps further apart, not closer.",
                )


_GROW_FIRST = (
    "Hi Sam,\n\nYour team rebuilds the board report by hand every month. Would a checklist "
    "help?\n\nBest,\nAlex\n"
)
_GROW_BAD = _bundle(
    ("01-intro.md", _GROW_FIRST),
    (
        "02-follow.md",
        "Hi Sam,\n\nFollowing up with more detail on how our platform works. It connects to "
        "your ledger, pulls actuals nightly, maps accounts to the board template, flags "
        "variances over a threshold, drafts commentary for each variance, routes drafts to "
        "owners for review, tracks approvals, versions every report and exports to slides, "
        "PDF and spreadsheets, with single sign-on, audit logs and role-based permissions "
        "for every team member. Would a demo help?\n\nBest,\nAlex\n",
    ),
)
_GROW_GOOD = _bundle(
    ("01-intro.md", _GROW_FIRST),
    ("02-follow.md", "Hi Sam,\n\nShould I send the checklist over?\n\nBest,\nAlex\n"),
)


@project_rule(
    code="FU205",
    name="growing-follow-up",
    category="follow-up",
    severity="warning",
    summary="A follow-up step is much longer than the first email",
    instead=(
        "Keep follow-ups shorter than the first email: one new idea and one small ask, under "
        "about 100 words."
    ),
    rationale="""
Follow-ups should get shorter: the reader has context from the first email, and a follow-up
is read on a phone between meetings. A step that is longer than the opener piles on more of
what did not work the first time, usually more about us. Cut it to one new idea and one
small ask.
""",
    options=(
        RuleOption("max-ratio", 1.5, "Longest a follow-up may be, as a multiple of step one"),
        RuleOption("min-words", 40, "Follow-ups shorter than this are never flagged"),
    ),
    bad=(_GROW_BAD,),
    good=(_GROW_GOOD,),
)
def growing_follow_up(sigs: Sequence[DocSignature], ctx: RuleContext) -> Iterator[Finding]:
    ratio = float(ctx.options["max-ratio"])
    floor = int(ctx.options["min-words"])
    for seq in sequences(sigs):
        first = seq[0]
        if not first.words:
            continue
        for s in seq[1:]:
            if s.words >= floor and s.words > ratio * first.words:
                yield finding_at(
                    ctx,
                    s,
                    f"{_step(s).capitalize()} has {s.words} words, {s.words / first.words:.1f}x "
                    f"the first step ({first.words}); follow-ups should get shorter",
                    suggestion="Cut it to one new idea and one small ask.",
                )


RULES = [
    near_duplicates,
    repeated_opener,
    repeated_ask,
    lazy_bump,
    guilt_finale,
    crowded_sequence,
    growing_follow_up,
]
