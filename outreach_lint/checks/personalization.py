"""Personalization: is there anything in the message that could only have been written to this reader?"""

from __future__ import annotations

from ..analysis import FIRST_NAME_FIELD
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule
from .focus import reader_position

# Something the reader did, said or has: the trace of research into this one person.
_CUE = lazy(
    r"\b(?:saw|noticed|read|heard|watched|mentioned|mention|asked|said|posted|wrote|shared|"
    r"published|announced|launched|opened|hired|hiring|raised|spoke|presented|moved|expanded|"
    r"joined|won|congrats|congratulations|recommended|referred|suggested)\b"
)
# A proper noun after a place or event preposition ("near Asheville", "at FinOps Live")
_PLACE = lazy(r"\b(?:near|in|at|from)\s+[A-Z\u00c0-\u00de][\w'\u2019&.-]*")
_PROPER = lazy(r"(?<=\s)[A-Z\u00c0-\u00de][\w'\u2019&.-]*")
_OPENING_SENTENCES = 3


def specific_reference(doc) -> bool:
    """True when one of the first sentences refers to this reader in particular.

    A merge field is the usual sign; in hand-written or rendered copy it is a sentence that
    speaks to the reader about something they did or have ("At Tuesday's roundtable you
    asked...", "Saw that Fathom has three SRE roles open", "Your cabin near Asheville...").
    """
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    for sentence in analysis.sentences[:_OPENING_SENTENCES]:
        text = doc.text_of(sentence.span)
        low = folded[sentence.span.start - base : sentence.span.end - base]
        reader = reader_position(doc, sentence, folded, base) is not None
        proper = any(
            m.group() not in ("I", "I'm", "I've", "I'd", "I'll") for m in _PROPER.finditer(text)
        )
        if _CUE.search(low) and (reader or proper):
            return True
        if reader and _PLACE.search(text):
            return True
    return False


_GROUP_GREETING = lazy(
    r"(?i)^\W*(?:hi|hello|hey|hiya|greetings|good\s+(?:morning|afternoon|evening|day)|dear)\s+"
    r"(?:all|everyone|everybody|folks|team|colleagues|friends|guys|y['\u2019]all)\W*$"
)


def _is_group_greeting(doc) -> bool:
    section = doc.section("greeting")
    return section is not None and bool(_GROUP_GREETING.match(doc.text_of(section.span)))


def _anchor(doc) -> Span:
    """Where a whole-message finding points: the greeting, else the first sentence."""
    for kind in ("greeting", "opening"):
        section = doc.section(kind)
        if section is not None:
            return section.span
    content = doc.analysis.content
    return Span(content.start, content.start)


@rule(
    code="BL150",
    name="no-personalization",
    category="blast",
    severity="warning",
    summary="A first touch with no personalization at all",
    instead=(
        "Add one thing only this reader would recognise, in the first lines: a merge field "
        "that carries real research ({{ trigger }}, {{ recent_post }}), or a hand-written "
        "observation. Instead of 'We help logistics teams cut claims', write 'Hi {{ "
        "first_name }}, saw {{ company }} opened a second warehouse in Reno last month; are "
        "claims growing with it?'"
    ),
    rationale="""
A first message with no merge field and no name in the greeting could have gone to anyone, and
readers can tell within a line: it reads as a list blast, so it is skimmed and deleted, and it
teaches the reader that your name in their inbox means noise. Relational selling starts from one
person and a reason to write to them now. Address the reader by name and open with something
only they would recognise: their company ({{ company }}), a post they wrote, a role they are
hiring for, a mutual contact. A template passes when its merge fields carry that reference;
hand-written copy passes when one of its first sentences is about something the reader did or
has. What fails is the same words for every recipient. A message that greets a group ("Hi all,")
and shows no sign of any kind, not even of a pitch, is an update to people who know the sender
(a founder's investor update) and is not judged.
""",
    kinds=("first-touch",),
    kinds_help="Message kinds the rule judges (see 'Message kinds'); newsletters are broadcast",
    options=(RuleOption("min-words", 25, "Messages with fewer content words are not judged"),),
    bad=(
        "Hello,\n\nShipping costs keep going up and most brands overpay. ShipRight negotiates "
        "discounted rates with every major carrier, so you pay less on every label you print.\n\n"
        "Do you know what you paid per package last month?\n\nAlex",
    ),
    good=(
        "Hi {{ first_name }},\n\nSaw that {{ company }} opened a second warehouse in March. "
        "Splitting stock usually doubles the carrier invoices to check each week.\n\n"
        "How are you reconciling them today?\n\nAlex",
        "Hi Elena,\n\nSaw that Fathom has three SRE roles open and that the posts mention on-call "
        "every other week. That usually means the team is stretched thin.\n\nIs on-call load part "
        "of why you are hiring?\n\nInes",
    ),
)
def no_personalization(doc, ctx):
    analysis = doc.analysis
    if analysis.personalization or analysis.greeting_name:
        return
    if doc.kind_decision.assumed and _is_group_greeting(doc):
        # "Hi all," on a message with no sign of a pitch: an update to people who know us
        # (investors, a team), not a list blast; BL108 leaves it alone for the same reason
        return
    if analysis.word_count < ctx.options["min-words"] or specific_reference(doc):
        return
    yield ctx.finding(
        _anchor(doc),
        "Nothing in this first touch is specific to the reader: no merge field and no name; "
        "it reads as a list blast",
        suggestion="Greet the reader by name and open with one thing only they would recognise "
        "(their company, a post, a hire, a mutual contact).",
    )


@rule(
    code="BL151",
    name="first-name-only",
    category="blast",
    severity="info",
    default_enabled=False,
    summary="The only personalization is the first name",
    instead=(
        "Keep the name and add one reader-specific detail near the top: their company, the "
        "trigger for writing, or what they said. Instead of 'Hi {{ first_name }}, we help "
        "teams hire faster', write 'Hi {{ first_name }}, {{ company }} has three SDR roles "
        "open; is ramp time the bottleneck?'"
    ),
    rationale="""
A first name pasted into an otherwise identical message is the oldest mail-merge trick, and
readers have learned it: "Hi Sam" followed by copy that fits any company tells Sam he is row 412
of a spreadsheet. The name earns attention only when the next line proves you looked at his
situation. Add one reader-specific field or sentence (the company, the trigger that made you
write, a detail from their work); keep the first name, but do not let it carry the message alone.
Off by default (enable with `extend-select = ["BL151"]`): on the labelled set, editors judged most
first-name-only templates as weak rather than as blasts, so it is a coaching hint, not a gate.
""",
    kinds=("first-touch",),
    options=(RuleOption("min-words", 25, "Messages with fewer content words are not judged"),),
    bad=(
        "Hi {{ first_name }},\n\nMost finance teams still close the month in spreadsheets. "
        "Ledgerly automates the reconciliation so the close takes days, not weeks.\n\n"
        "Would it help to see how?\n\nAlex",
    ),
    good=(
        "Hi {{ first_name }},\n\nCongrats on {{ company }}'s Series B. Finance teams that double "
        "headcount in a year usually feel it first in the month-end close.\n\nHow long does "
        "{{ company }}'s close take today?\n\nAlex",
    ),
)
def first_name_only(doc, ctx):
    tags = doc.placeholders
    if not tags or not all(FIRST_NAME_FIELD.match(t.name.strip()) for t in tags):
        return
    if doc.analysis.word_count < ctx.options["min-words"] or specific_reference(doc):
        return
    body = doc.section("body")
    first = next((t for t in tags if body is None or body.span.contains(t.span.start)), tags[0])
    yield ctx.finding(
        first.span,
        "The first name is the only personalization: the rest of the message fits any reader",
        suggestion="Add one reader-specific detail: their company, the reason you are writing "
        "to them now, or something they said or built.",
    )


RULES = [no_personalization, first_name_only]
