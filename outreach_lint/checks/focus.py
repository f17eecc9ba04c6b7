"""Product before person: does the message pitch us before it shows it knows the reader?"""

from __future__ import annotations

import bisect
import re

from ..analysis import (
    I_FORMS,
    MONTHS,
    READER_WORDS,
    ROLE_NOUNS,
    SELF_WORDS,
    SIGNATURE_WORDS,
    WEEKDAYS,
)
from ..analysis import NO_SITUATION_SENTENCE as _NO_SITUATION_SENTENCE
from ..analysis import NOT_SITUATION as _NOT_SITUATION
from ..analysis import READER_OBSERVATION as _OBSERVATION
from ..analysis import SENDER_OPENER as _SENDER_OPENER
from ..asciire import ascii_twin
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule

# A sentence that presents us or what we sell (matched on folded text).
_PRODUCT = lazy(
    r"\b(?:our|my)\s+(?:[a-z0-9'-]+\s+){0,3}?(?:products?|platforms?|solutions?|software|tools?|"
    r"apps?|services?|features?|offerings?|technology|suite|system|agency|firm|company|studio|"
    r"api|dashboards?|integrations?|pricing|packages?|product line|startup|engine|"
    r"marketplace|program|programme)\b"
    # "our network" is what we sell ("our carrier network covers 48 states"), not the people we
    # know: "founders in our network", "grow my network" (session 15, ic16: writers 11 and 18,
    # both labelled without i-centric; the only two first-look IC150 findings on "network")
    r"|(?<!\bin\s)(?<!\binto\s)(?<!\bgrow\s)(?<!\bgrowing\s)(?<!\bexpand\s)(?<!\bexpanding\s)"
    r"(?<!\bbuild\s)(?<!\bbuilding\s)\b(?:our|my)\s+(?:[a-z0-9'-]+\s+){0,3}?network\b"
    r"|\bwe(?:'re| are)\s+(?:a|an|the)\s"
    r"|\bwe(?:'ve| have)?\s+(?:help|helped|offer|provide|build|built|make|deliver|specialize|"
    r"specialise|develop|developed|launched|created|sell|enable|empower|automate|partner with)\b"
    r"|\b(?:i|we)\s+(?:run|lead|head|founded|co-founded|started)\b"
    r"|\bmy name is\b|\b(?:introduce|introducing)\s+(?:myself|us|our)\b"
    r"|\bis\s+(?:a|an|the)\s+(?:[a-z0-9'#-]+\s+){0,3}?(?:platform|solution|tool|software|app|"
    r"service|provider|agency|company|firm|leader)\b"
    # "Meet Tally, the expense tool that...", "Introducing Pulse": a product's entrance
    r"|^\W*(?:meet|introducing|say hello to)\s+(?!(?:me|us|you|with|up)\b)[a-z0-9][\w'-]*"
    r"|,\s+(?:the|a|an)\s+(?:[a-z0-9'#-]+\s+){0,3}?(?:platform|solution|tool|software|app|"
    r"service|provider|agency|company|firm|suite|system)\s+(?:that|which|built|designed|for|"
    r"used|trusted)\b"
    # "With Pulse, your team gets...": the reader as the beneficiary of the product
    r"|^\W*with\s+(?:our\s+)?[a-z0-9'-]+(?:\s+[a-z0-9'-]+){0,2}(?=,\s+(?:you|your)\b)"
)
_PRODUCT_ASCII = ascii_twin(_PRODUCT)  # the same matches (asciire)
# A name in the text: a capitalised word (not an acronym) that does not open the sentence.
_NAME = lazy(r"(?<![.!?:]\s)(?<=\s|\()(?-i:[A-Z][a-z][\w'\u2019&-]*)")
_NOT_NAMES = I_FORMS | WEEKDAYS | MONTHS
# Sentences that introduce us or our news without a pronoun: "Sam from Ridgeway here",
# "Exciting times at Vantage!", "Founded in 2012, Northpeak has grown...", "Quick intro:".
_SELF_NEWS = lazy(
    r"\bhere\b|\bintro(?:duc\w*)?\b|\breaching out\b|\bfounded\b|\bsince (?:19|20)\d\d\b|"
    r"\bnews\b|\bexcit\w*|\bthrilled\b|\bproud\b|\bannounc\w*|\blaunch\w*|"
    r"\bon behalf of\b|\bthe team (?:at|from)\b|!\s*$"
)


# the end of a clause joined to the next: "..., and ", "; ", " \u2014 " (folded text)
_CLAUSE_END = lazy(r"(?:,\s*(?:and|but|so)|;|\u2014|\s-)\s*$")
_SELF_WORD = lazy(r"(?i)\b(?:i|we|our|my|us|me)\b")


def _names(text: str) -> set[str]:
    return {m.group().lower() for m in _NAME.finditer(text)} - _NOT_NAMES


def _sender_names(doc, sentences_with_us) -> set[str]:
    """Names the message uses for us: those in the signature, and in sentences about us."""
    names: set[str] = set()
    for kind in ("signature", "footer"):
        section = doc.section(kind)
        if section is not None:
            names |= _names(" " + doc.text_of(section.span))
    for span in sentences_with_us:
        names |= _names(doc.text_of(span))
    return names


def reader_position(doc, sentence, folded: str, base: int) -> int | None:
    """Offset of the first reference to the reader's situation in the sentence, or None."""
    text = folded[sentence.span.start - base : sentence.span.end - base]
    if _OBSERVATION.match(text):
        return sentence.span.start
    if _NO_SITUATION_SENTENCE.match(text):
        return None
    masked = {
        m.start() + k for m in _NOT_SITUATION.finditer(text) for k in range(m.end() - m.start())
    }
    best = None
    for m in re.finditer(r"[a-z']+", text):
        if m.group() in READER_WORDS and m.start() not in masked:
            at = sentence.span.start + m.start()
            if not doc.analysis.is_quoted(at):
                best = at
                break
    tags = doc.analysis.reader_tags
    k = bisect.bisect_left(tags, min(sentence.span.start, max(0, sentence.tags_from)))
    if k < len(tags) and tags[k] < sentence.span.end and (best is None or tags[k] < best):
        best = tags[k]
    return best


@rule(
    code="IC150",
    corroborate=True,
    name="product-before-person",
    category="i-centric",
    severity="warning",
    summary="Our product comes before any mention of the reader's situation",
    instead=(
        "Open with the reader's situation (a trigger, a goal, a problem they named) and bring "
        "in the product only as the answer to it. Instead of 'Our platform automates claims', "
        "write 'Your Reno claims doubled in Q3; Northwind had the same spike and automated "
        "the first review.'"
    ),
    rationale="""
The order of a message tells the reader what the sender cares about. Leading with our platform,
our features or who we are says the email is about a sale; the reader has to do the work of
guessing whether it concerns them, and usually decides it does not. Relational selling starts
from the person: something specific about their situation, goal or problem, and only then, if at
all, one line on how we might help. Move the product sentence after the reader's context, or
replace it with a question about their situation.

What counts as the reader's situation: "you"/"your" about them, a merge tag about them, a
reaction to something they did ("Congrats on...", "Thanks for the tour...", "Saw the
launch..."), and, by default, a specific sentence (or clause of the same sentence) before the product that
names someone or something other than us ("The new Denver depot opens in May..."; "Many
surgeries now take requests through the NHS App, and we help..."; option `context-leads`).
What does not: "you" as the object of our pitch ("let me show you our platform"), "companies
like yours", "as a business owner, you...", "With Pulse, your team gets...", pleasantries
("Hope you're doing well"), hypotheticals ("Imagine your team..."), generic claims without a
name ("Most sales teams lose..."), and lines that introduce us or our news ("Sam from Ridgeway
here", "Exciting times at Vantage!", names from our signature). The reader's quoted message
below a reply is not read: "we built our own" there is their product, not ours.
""",
    kinds=("first-touch", "follow-up", "breakup"),
    kinds_help="Message kinds the rule judges (newsletters announce products by design)",
    options=(
        RuleOption(
            "context-leads",
            True,
            "A specific sentence before the product that names someone or something other "
            "than us (the reader's company, a place, a person) counts as the reader's situation",
        ),
    ),
    bad=(
        "Hi Sam,\n\nOur award-winning platform automates reconciliation for finance teams. "
        "Would your team want a faster close?\n\nBest,\nAlex",
        "Hi Sam,\n\nWe help companies like yours cut cloud costs by 30%.\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nYour team posted two AP roles this month. Our platform automates the "
        "matching those roles spend most of their week on. Would a short example help?"
        "\n\nBest,\nAlex",
        "Hi Sam,\n\nSaw your talk on month-end close at FinOps Live. We built a checklist from "
        "it.\n\nBest,\nAlex",
    ),
)
def product_before_person(doc, ctx):
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    leads = ctx.options["context-leads"]
    lead = False  # a specific sentence about someone else's situation came first
    sender: set[str] | None = None
    cut = doc.quoted_reply_start  # the reader's quoted message below a reply is theirs
    for sentence in analysis.sentences:
        if cut is not None and sentence.span.start >= cut:
            return
        text = folded[sentence.span.start - base : sentence.span.end - base]
        product = None
        for m in _PRODUCT_ASCII.finditer(text):
            if not analysis.is_quoted(sentence.span.start + m.start()):
                product = m
                break
        reader = reader_position(doc, sentence, folded, base)
        if reader is not None and (
            product is None or reader <= sentence.span.start + product.start()
        ):
            return
        if product is not None:
            if lead:
                return  # the product answers a situation the message has already named
            if leads and _CLAUSE_END.search(text, 0, product.start()):
                # the situation named first, in a clause of the same sentence: "Many GP
                # surgeries in the county now use the NHS App, and we help practices route..."
                # (not "Acme Analytics is a BI platform", nor "As a HubSpot partner, our...")
                before = doc.text_of(
                    Span(sentence.span.start, sentence.span.start + product.start())
                )
                names = _names(before)
                if names and not _SELF_WORD.search(before) and not _SELF_NEWS.search(before):
                    # our names come from the signature and the other sentences about us
                    others = [
                        sp for sp in _spans_about_us(analysis, folded, base) if sp != sentence.span
                    ]
                    if names - _sender_names(doc, others):
                        return
            span = Span(sentence.span.start + product.start(), sentence.span.start + product.end())
            yield ctx.finding(
                span,
                f"The message presents us ('{' '.join(doc.text_of(span).split())}') before it "
                "says anything about the reader's situation",
                suggestion="Open with the reader's situation (a trigger, a goal, a problem they "
                "have); bring in the product after, in one line, if at all.",
            )
            return
        if leads and not lead and not sentence.self_refs and not sentence.reader_refs:
            if _NO_SITUATION_SENTENCE.match(text) or _SELF_NEWS.search(text):
                continue
            names = _names(doc.text_of(sentence.span))
            if not names:
                continue
            if sender is None:
                sender = _sender_names(doc, _spans_about_us(analysis, folded, base))
            lead = bool(names - sender)


def _spans_about_us(analysis, folded: str, base: int) -> list[Span]:
    out = []
    for s in analysis.sentences:
        text = folded[s.span.start - base : s.span.end - base]
        if s.self_refs or _PRODUCT_ASCII.search(text) or _SELF_NEWS.search(text):
            out.append(s.span)
    return out


# --- IC151: the opener is about us, in other words than I/We/My/Our --------------------------
# An introduction of the sender by name: "Quick intro to Acme:", "Introducing Acme",
# "Hello from the team at Acme!", "Ever heard of Acme?", "Acme here", "Tom from Acme here",
# "Tom Reyes, founder of Acme, here" (original case: the name must be capitalised)
_CAP = r"(?-i:[A-Z\u00c0-\u00de][\w&'\u2019.-]*)"
# a merge tag standing for a name ("This is {{ sender.first_name }} from {{ sender.company }}"):
# the prose the rules read has every tag blanked to spaces, one per character (five at least)
_TAG = r"(?<=[ ]{5})(?=\S)"
_SELF_ID = (
    r"(?:this\s+is|it['\u2019]s)\s+(?:" + _CAP + r"(?:\s+" + _CAP + r")?\s*,?\s*|" + _TAG + r")"
    r"(?:from|with|at|over\s+at|here\s+at)\b(?=\s+(?:the\s+)?" + _CAP + r"|[ ]{5})"
)
_INTRO_OPENER = lazy(
    r"(?i)\A\W*(?:(?:quick|exciting|big|good|some)\s+(?:news|update|question)\s*[:\u2014-]\s*)?(?:"
    r"(?:just\s+)?(?:a\s+)?(?:quick|brief|short|little)\s+(?:intro(?:duction)?|hello|note|word)"
    r"(?:\s+(?:to|from|on|about))?(?:\s+(?:what\s+(?:we|i)\s+do\s+at|the\s+team\s+(?:at|from)|"
    r"myself\s+and|us\s+at|me\s+and))?\s*[:,\u2014-]?\s+" + _CAP + r"(?<!\bI)"
    r"|(?:introducing|say\s+hello\s+to)\s+" + _CAP + r"(?<!\bI)"
    r"|(?:hello|hi|hey|greetings|a\s+(?:quick\s+)?(?:note|hello))\s+from\s+(?:the\s+(?:team|folks|crew)\s+"
    r"(?:at|over\s+at)\s+|the\s+)?" + _CAP + r"(?<!\bI)"
    r"|(?:have\s+you\s+(?:ever\s+)?|ever\s+)heard\s+of\s+" + _CAP + r"(?<!\bI)"
    # a self-identification ("This is Sam with Acme Analytics", "it's Bram from Northpine";
    # IC101's until session 10, moved here for the text-message rule below; "Sam here from
    # Acme" is the name tag further down)
    r"|(?P<tag>" + _SELF_ID + r")"
    # our material first: "Please find attached our capability statement", "Attached is our brochure"
    r"|(?:please\s+)?find\s+(?:attached|enclosed)\s+(?:our|my)\b"
    r"|(?:attached|enclosed)\s+(?:please\s+find|is|are|you(?:\s+will|\s*'ll)\s+find)\s+(?:our|my)\b"
    r"|"
    + _CAP
    + r"(?:\s+"
    + _CAP
    + r"){0,2}(?:\s*,\s*[^,.!?\n]{1,60},|\s+(?:from|with|at)\s+"
    + _CAP
    + r"(?:\s+"
    + _CAP
    # "Spring's here" is "Spring is here", an announcement, not a name tag
    + r"){0,3})?(?<!['\u2019]s)\s+here\b(?!\s+(?:is|are|was|were|in|at|on)\b)"
    r")"
)
# the first words of a sentence that starts with a name, after "At"/"Here at"
_SUBJECT_NAME = lazy(
    r"\A\W*(?i:(?:quick|exciting|big|good|some|short|brief)\s+(?:news|update|question|intro|note)"
    r"\s*[:\u2014-]\s*)?(?:(?i:here\s+at|at)\s+)?([A-Z\u00c0-\u00de][a-z\u00df-\u00ff][\w&-]*"
    r"(?:[ \t]+[A-Z\u00c0-\u00de][\w&-]*){0,3}(?:['\u2019]s)?)"
)
# a named product or company selling its capability as the first words: "Fieldly helps
# contractors quote jobs...", "Pathfinder gives your team real-time dashboards" (present tense:
# "Northwind cut claims by a third" is a named peer's result, not a pitch)
_PRODUCT_SUBJECT = lazy(
    r"\A\W*([A-Z\u00c0-\u00de][a-z\u00df-\u00ff][\w&-]*)(?:\s+[A-Z\u00c0-\u00de][\w&-]*){0,2}"
    r"\s+(?:(?:now\s+|also\s+|simply\s+|quietly\s+)?(?:helps|lets|gives|automates|offers|"
    r"provides|enables|empowers)\b"
    # or says what it is: "HackWro is the largest hackathon in Poland", "Tidewater Systems is a
    # veteran-owned small business" (the sender's self-description, whatever the adjectives)
    r"|(?P<identity>(?:is|are)\s+(?:the|a|an|one\s+of\s+the)\s))"
)
# a signature line that is only a name: "Tom Reyes", "Acme Logistics", "Kestrel Security Ltd"
_NAME_LINE = lazy(
    r"(?m)^[ \t>*_-]*((?:[A-Z\u00c0-\u00de][\w&'\u2019.-]*)(?:[ \t]+(?:&[ \t]+)?"
    r"[A-Z\u00c0-\u00de][\w&'\u2019.-]*){0,3})[ \t,.]*$"
)
_NOT_LEAD = frozenset(SIGNATURE_WORDS | ROLE_NOUNS | READER_WORDS | SELF_WORDS | _NOT_NAMES)


def _stem(word: str) -> str:
    word = word.lower()
    for end in ("'s", "\u2019s"):
        if word.endswith(end):
            return word[: -len(end)]
    return word


def _proper_elsewhere(doc, name: str) -> bool:
    """True when ``name`` is a proper noun of the message: written capitalised again, not at
    a sentence start, and never as the reader's ("your Fieldly account"). "Automation helps
    teams..." is a generic claim; "Fieldly helps contractors..." with "Fieldly" in the subject or
    the signature, or again in the body, is our product."""
    prose = doc.prose
    first = doc.analysis.sentences[0].span.start
    for m in re.finditer(r"(?<![\w'\u2019-])" + re.escape(name) + r"(?![\w-])", prose):
        if m.start() == first or prose[max(0, m.start() - 6) : m.start()].lower().endswith(
            ("your ", "you use ")
        ):
            continue
        if not re.search(
            r"(?:[.!?:]\s*|\A\W*|\n\s*\n\W*)\Z", prose[max(0, m.start() - 8) : m.start()]
        ):
            return True
    return False


def signed_names(doc) -> tuple[tuple[str, ...], ...]:
    """The signature and footer lines that are only a name, as folded words: the sender
    ("Tom Reyes" -> ("tom", "reyes")) and the company ("The Tablesource Team" -> ("tablesource",
    "team")). Lines that are sentences (an unsubscribe footer) and sign-offs or titles give none."""
    out: list[tuple[str, ...]] = []
    for kind in ("signature", "footer"):
        section = doc.section(kind)
        if section is None:
            continue
        for m in _NAME_LINE.finditer(doc.text_of(section.span)):
            words = [_stem(w) for w in m.group(1).split()]
            if len(words) > 1 and words[0] == "the":
                words = words[1:]  # "The Tablesource Team" signs with Tablesource
            if words[0] not in _NOT_LEAD and words[0].isalpha():
                out.append(tuple(words))
    return tuple(out)


def _signs_with(doc, run: str) -> bool:
    """True when the capitalised words opening a sentence ("Acme Logistics", "Acme's") are how
    a signature line begins: "Ana Ruiz suggested..." in an email signed "Ana" is someone else."""
    words = tuple(_stem(w) for w in run.split())
    return any(line[: len(words)] == words for line in signed_names(doc))


@rule(
    code="IC151",
    name="sender-first-opener",
    category="i-centric",
    severity="warning",
    supersedes=("IC150",),
    summary="The first sentence is about us in other words than I/We: 'Quick intro to Acme', 'Acme helps...'",
    instead=(
        "Open with the reader: something they did, said or have, or a question about their "
        "situation; bring in who we are later, in one line, if at all. Instead of 'Quick intro "
        "to Acme: we audit freight invoices', write 'Your Reno depot ships 400 pallets a week; "
        "do carrier invoices get checked against the contract rate?'"
    ),
    rationale="""
The first sentence is the inbox preview and decides whether the rest is read. "Quick intro to
Acme", "Acme here", "Hello from the team at Acme!", "Introducing Acme" and "Acme audits
freight invoices for manufacturers" open with the sender as surely as "I" or "We" do (IC101):
the reader learns who is selling before learning why it concerns them, and files the email with
the other pitches. Open with the reader's situation and let the product arrive as the answer to
it, in one line.

What counts as us: an introduction of a capitalised name ("Quick intro to...", "Introducing...",
"Hello from...", "Ever heard of...?", "X here", "X from Y here", "This is X from Y", "It's X
with Y"), and a first sentence whose
first word (or the name after "At"/"Here at") is a name the message signs with: the first word
of a signature or footer line that is only a name ("Tom Reyes", "Acme Logistics"), also after an
introductory phrase ("Founded in 2011, Acme has...", "Ten years ago, Acme started..."); and a
name written again later in the message that opens the first sentence selling a capability
("Fieldly helps contractors...") or saying what it is ("HackWro is the largest hackathon in
Poland", "Tidewater Systems is a veteran-owned small business"), when that sentence says nothing
of the reader. Not counted:
the reader's name from the greeting, sign-offs and titles, and openers that already start with
I/We/My/Our (IC101 reports those). Judges selling messages only (first touch, follow-up,
breakup): a newsletter or a customer notice speaks as the company by design. A name tag ("Trent
here", "Shaz from Bug Off here", "it's Ben from Tidy Gutters") in a message with no signature, a
text message, is how it is signed (a text shows a number, not a name) and is not flagged. In a
message that says nothing of its kind, not even a first touch, our name as the subject ("Sprout
was unavailable for 52 minutes this morning", "Starting July 7, Summit's pickups move to
Tuesdays") is reported only with a second sign when the message asks the reader no question:
such a message is as often a notice to a customer as a pitch. An introduction of us ("Ben from
Dunmore admissions here") is reported alone.
""",
    kinds=("first-touch", "follow-up", "breakup"),
    kinds_help="Message kinds judged (newsletters and customer notices speak as the company)",
    bad=(
        "Hi Sam,\n\nQuick intro to Acme: we audit freight invoices for manufacturers and "
        "recover overcharges.\n\nWould a short call make sense?\n\nTom Reyes\nAcme Logistics",
        "Hi Sam,\n\nAcme Logistics audits freight invoices for manufacturers and recovers 3-5% "
        "of spend.\n\nWould a short call make sense?\n\nTom Reyes\nAcme Logistics",
    ),
    good=(
        "Hi Sam,\n\nYour Reno depot ships 400 pallets a week. Do the carrier invoices get "
        "checked against the contract rate?\n\nTom Reyes\nAcme Logistics",
        "Hi Sam,\n\nNorthwind cut carrier overcharges by a third last year. Is that on your "
        "list for Q3?\n\nTom Reyes\nAcme Logistics",
    ),
)
def sender_first_opener(doc, ctx):
    analysis = doc.analysis
    sentences = analysis.sentences
    if not sentences:
        return
    first = sentences[0]
    if (
        first.self_refs
        and analysis.folded[
            first.span.start - analysis.content.start : first.span.end - analysis.content.start
        ]
        .split(None, 1)[0]
        .strip("\"'\u201c(")
        .rstrip(",:")
        in SELF_WORDS
    ):
        return  # "I/We/My/Our..." is IC101's finding
    if analysis.is_quoted(first.span.start):
        return
    text = doc.text_of(first.span)
    m = _INTRO_OPENER.match(text)
    # our name as the subject (not an introduction of us) in a message whose kind is only
    # assumed and that asks the reader nothing reads as a notice as often as a pitch: see
    # _weak_alone
    weak = doc.kind_decision.assumed and m is None and not any(s.question for s in sentences)
    if (
        m is not None
        and doc.section("signature") is None
        and (m.group("tag") or m.group().rstrip().endswith("here"))
    ):
        # "Hi Sam, Trent here." or "Hi Carmel, it's Ben from Tidy Gutters." in a text message
        # with no signature: the name tag is how the message is signed (a text shows a number,
        # not a name), not an opener about us (two writers label it clean)
        return
    if m is None:
        greeted = analysis.greeting_name.lower().split()
        m = _SUBJECT_NAME.match(text)
        if m is not None:
            word = _stem(m.group(1).split()[0])
            if word in greeted or not _signs_with(doc, m.group(1)):
                m = None
        if m is None:
            m = _PRODUCT_SUBJECT.match(text)
            if (
                m is None
                or _stem(m.group(1)) in greeted
                or not _proper_elsewhere(doc, m.group(1))
                # a self-description only when the sentence says nothing of the reader ("Fathom
                # is a 40-person team and your on-call..." is about them)
                or (m.group("identity") and first.reader_refs)
            ):
                m = None
        if m is None:
            # our name as the subject after an introductory phrase: "Ten years ago, Acme
            # started...", "Founded in 2009, Acme has..."
            named = [sp for sp in sender_subjects(doc)[0] if first.span.contains(sp.start)]
            if not named:
                return
            span = named[0]
            shown = " ".join(doc.text_of(span).split())
            yield _weak_alone(
                ctx.finding(
                    span,
                    f"The first sentence is about us ('{shown}' is its subject), not the reader: "
                    "open with their situation",
                    suggestion="Open with the reader's situation (a trigger, a goal, a question "
                    "for them); say who we are later, in one line, if at all.",
                ),
                weak,
            )
            return
    if weak and _INTRODUCES.match(text, m.end()):
        weak = False  # "Ben from Dunmore admissions here": an introduction of us
    span = Span(first.span.start + m.start(), first.span.start + m.end())
    shown = " ".join(doc.text_of(span).split()).strip(" ,:;")
    yield _weak_alone(
        ctx.finding(
            span,
            f"The first sentence is about us ('{shown}'), not the reader: open with their situation",
            suggestion="Open with the reader's situation (a trigger, a goal, a question for them); "
            "say who we are later, in one line, if at all.",
        ),
        weak,
    )


# after a name: the name introduces the sender ("Ben from Dunmore admissions here", "Tom
# with Acme", "Sam, founder of ...")
_INTRODUCES = re.compile(r"\s*(?:from|with|at|here|of|,)(?![\w])", re.I)


def _weak_alone(finding, weak: bool):
    """Mark the finding as needing a second sign (engine.drop_uncorroborated) when ``weak``.

    Our name as the first sentence's subject in a message that says nothing of its kind, not
    even a first touch, and asks the reader no question ("Sprout was unavailable for 52 minutes
    this morning", "Starting July 7, Summit's core pickups move to Tuesdays") is as often a
    notice to a customer as a pitch, the reason IC102 leaves such messages alone (option
    assumed-first-touch). Session 18 (ic19): writers 22 and 23 label those two notices clean,
    with nothing else flagged in them; a pitch shows its push elsewhere too, or asks for the
    reader's time ("Acme audits freight invoices... Would a short call make sense?" is reported
    alone). An introduction of us ("Greetings from Guardpoint", "Ben from Dunmore admissions
    here") is not weak: writers 12 and 16 label it i-centric alone.
    """
    return finding.with_(needs_second_sign=True) if weak else finding


# --- the sender, by name, as the grammatical subject ---------------------------------------
# An introductory phrase before the subject: a short clause that ends in a comma ("Ten years
# ago, ", "Thanks to a decade of experience, ", "Founded in 2009, ", "Since 2012, ") or a time
# adverb ("Today Acme runs...").
_LEAD_PHRASE = lazy(
    r"\A\W*(?:(?i:today|now|recently|currently|since\s+\d{4}|in\s+\d{4}|this\s+year|last\s+year"
    r"|over\s+the\s+(?:last|past)\s+\w+\s+years)\s+(?=[A-Z\u00c0-\u00de])|[^,;:.!?\n]{3,80}?,\s+)"
)
# Predicate words that make the name before them a subject: auxiliaries, common irregular pasts,
# and a word ending in -s or -ed ("runs", "started"; not "-ss": "Acme class...").
_PREDICATE_WORDS = (
    r"(?:is|are|was|were|has|have|had|will|can|could|would|does|did|now|also|just|recently|"
    r"already|still|became|become|began|grew|won|built|made|sold|led|ran|took|brought|set|spent|"
    r"got|[a-z][a-z-]{2,}(?:ed|(?<!s)s))\b(?!['\u2019])"
)
# A capitalised name (up to four words, "The" and "&" allowed), its possessive and the thing
# it owns ("Acme's routing engine"), then the first word of the predicate.
_NAME_THEN_VERB = lazy(
    r"(?:The\s+)?(?P<name>[A-Z\u00c0-\u00de][\w&.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z\u00c0-\u00de][\w&.-]*){0,3})"
    r"(?P<poss>['\u2019]s(?:\s+[a-z][\w-]*){1,3}?)?\s+(?P<verb>" + _PREDICATE_WORDS + r")"
)
# Words that begin a sentence but are no one's name ("Most teams...", "Hope...", "Monday's...")
_NOT_SUBJECT = frozenset(
    _NOT_LEAD
    | frozenset(
        [
            "a",
            "an",
            "this",
            "that",
            "these",
            "those",
            "it",
            "there",
            "here",
            "what",
            "when",
            "where",
            "why",
            "how",
            "if",
            "as",
            "so",
            "but",
            "and",
            "or",
            "hope",
            "thanks",
            "happy",
            "just",
            "quick",
            "please",
            "let",
            "most",
            "many",
            "every",
            "each",
            "some",
            "one",
            "two",
            "three",
            "any",
            "no",
            "not",
            "all",
            "both",
        ]
    )
)
# A name the body ties to us: "I'm Tom from Acme", "We're Lantern & Loom", "here at Acme". The
# lead is found on the folded text (literal alternatives, fast); the name after it must be
# capitalised in the prose: _TIE_NAME is matched there, at the lead's end.
_TIE_LEAD = lazy(
    r"\b(?:i'm|i am|we're|we are|this is|here at|we at|us at|team at|founder of|co-founder of|"
    r"ceo of)\s+"
)
# substrings one of which every _TIE_LEAD match holds (tested first: most messages have none)
_TIE_KEYS = (
    "i'm ",
    "i am ",
    "we're ",
    "we are ",
    "this is ",
    "here at ",
    "we at ",
    "us at ",
    "team at ",
    "founder of ",
    "ceo of ",
)
_TIE_NAME = lazy(
    r"(?:[A-Z][\w'-]*\s+){0,2}(?:(?i:from|at|with)\s+)?"
    r"(?:The\s+)?([A-Z\u00c0-\u00de][\w&-]*(?:[ \t]+(?:&[ \t]+)?[A-Z\u00c0-\u00de][\w&-]*){0,3})"
)


def name_subjects(text: str) -> list[tuple[int, int, str]]:
    """Capitalised names that may be the grammatical subject of the sentence ``text``: at its
    start, and after an introductory phrase if there is one, as (start, end, first word folded).

    "Ten years ago, Acme started in a garage" -> Acme; "Acme's engine reads every invoice" ->
    Acme; "Your Reno depot ships..." -> none (not a name); "Acme Logistics, the audit firm" ->
    none (no predicate); "Ten years ago, Acme started" -> "Ten" and "Acme" (the caller keeps
    the one that is our name). A cheap stand-in for a parser, good enough to tell who the sentence is
    about when the answer is a name.
    """
    stripped = len(text) - len(text.lstrip(" \t\n\"'\u201c(*-"))
    starts = [stripped]
    lead = _LEAD_PHRASE.match(text)
    if lead is not None and lead.end() > stripped:
        starts.append(lead.end())
    out = []
    for start in starts:
        m = _NAME_THEN_VERB.match(text, start)
        if m is None:
            continue
        first = _stem(m.group("name").split()[0]).rstrip(".")
        if first not in _NOT_SUBJECT:
            out.append((m.start("name"), m.end("name"), first))
    return out


def _run_words(text: str) -> tuple[str, ...]:
    return tuple(_stem(w).rstrip(".") for w in text.split() if w != "&")


def sender_subjects(doc) -> tuple[tuple[Span, ...], frozenset[str]]:
    """Sentences whose grammatical subject is the sender by name, as spans of that name, and
    the folded first words of the names the message uses for us (computed once per document).

    Our names: the first word of each signature or footer line that is only a name ("Tom
    Reyes", "Acme Logistics", "The Tablesource Team" -> tablesource), and a name the body ties
    to us ("I'm Tom from Acme", "We're Lantern & Loom", "here at Acme"). The reader's name from
    the greeting never counts.
    """
    memo = doc.memo.get("focus.sender_subjects")
    if memo is not None:
        return memo
    analysis = doc.analysis
    # our names first (one pass over the content for ties), so that only the rare sentences
    # holding one of them are parsed; names as word tuples: a subject counts when its words
    # begin one of them ("Acme" and "Acme Logistics" for a line "Acme Logistics"; not "Ana
    # Ruiz" for a line "Ana")
    lines = set(signed_names(doc))
    base = analysis.content.start
    folded = analysis.folded
    leads = _TIE_LEAD.finditer(folded) if any(k in folded for k in _TIE_KEYS) else ()
    for lead in leads:
        m = _TIE_NAME.match(doc.prose, base + lead.end())
        if m is not None:
            lines.add(_run_words(m.group(1)))
    greeted = set(_run_words(analysis.greeting_name))
    lines = {line for line in lines if line and line[0] not in greeted}
    names = frozenset(line[0] for line in lines)
    present = [n for n in names if n in folded]  # substring test: a cheap first filter
    spans = []
    for sentence in analysis.sentences if present else ():
        low = folded[sentence.span.start - base : sentence.span.end - base]
        if not any(n in low for n in present):
            continue
        text = doc.text_of(sentence.span)
        start = sentence.span.start
        for a, b, first in name_subjects(text):
            run = _run_words(text[a:b])
            if (
                first in names
                and any(line[: len(run)] == run for line in lines)
                and not analysis.is_quoted(start + a)
            ):
                spans.append(Span(start + a, start + b))
                break
    memo = (tuple(spans), names)
    doc.memo["focus.sender_subjects"] = memo
    return memo


@rule(
    code="IC154",
    name="sender-as-subject",
    supersedes=("IC150", "IC151"),
    category="i-centric",
    severity="warning",
    summary="Our company, by name, is the subject of sentence after sentence: 'Acme started... Acme has built...'",
    instead=(
        "Make the reader the subject: their situation, their goal, what changes for them; keep "
        "one line about us, tied to it. Instead of 'Ten years ago, Acme started in a garage. "
        "Today Acme runs forty trucks. Acme has built a routing engine...', write 'Your "
        "Thursday deliveries to the coast run late most weeks; would a second route from Reno "
        "help?'"
    ),
    rationale="""
Writing about ourselves in the third person does not hide who the message is about. "Ten years
ago, Acme started in a garage. Today Acme runs forty trucks. Thanks to a decade of experience,
Acme has built..." never says "I" or "we", and still every sentence has the sender as its
subject: it is a company biography, and the reader, who reads email asking what is in it for
them, finds nothing about their own situation. The I/We rules (IC101, IC102) count pronouns and
miss it. Make the reader the grammatical subject (their team, their numbers, what they said) and
keep at most one line about us, tied to what it changes for them.

What counts: a sentence whose grammatical subject, at its start or after an introductory phrase
("Ten years ago, ...", "Founded in 2009, ...", "Today ..."), is a name the message uses for us:
the first word of a signature line that is only a name ("Tom Reyes", "Acme Logistics", "The
Acme Team"), or a name the body ties to us ("I'm Tom from Acme", "We're Acme", "here at Acme").
"Acme's routing engine..." counts too. The rule fires when at least two sentences have us as
their subject by name and, counting the sentences about us by pronoun as well, they outnumber
the sentences about the reader. One line about the product after the reader's situation ("Your
Reno depot ships 400 pallets a week. Acme audits those invoices.") is not flagged, nor a named
customer or peer ("Northwind cut claims by a third"), nor the reader's own company. Judges
selling messages (first touch, follow-up, breakup): newsletters speak as the company by design.
""",
    kinds=("first-touch", "follow-up", "breakup"),
    kinds_help="Message kinds judged (newsletters and customer notices speak as the company)",
    options=(
        RuleOption(
            "min-sentences",
            2,
            "Fewest sentences with us, by name, as the subject before the rule can fire",
        ),
    ),
    bad=(
        "Hi Dana,\n\nTen years ago, Acme started in a garage with one van. Today Acme runs forty "
        "trucks across three states. Thanks to a decade of experience, Acme has built a routing "
        "engine nobody else can match.\n\nWould you like to see it?\n\nTom\nAcme Logistics",
    ),
    good=(
        "Hi Dana,\n\nYour coast deliveries left Reno late on four Thursdays last month, going by "
        "the tracking page. Acme runs a second dispatch from Sparks at 5am.\n\nWould an earlier "
        "pickup help?\n\nTom\nAcme Logistics",
    ),
)
def sender_as_subject(doc, ctx):
    spans, _ = sender_subjects(doc)
    if len(spans) < ctx.options["min-sentences"]:
        return
    starts = {span.start for span in spans}
    ours = reader = 0
    for sentence in doc.analysis.sentences:
        if (
            any(sentence.span.start <= at < sentence.span.end for at in starts)
            or sentence.about == "self"
        ):
            ours += 1
        elif sentence.about == "reader":
            reader += 1
    if ours <= reader:
        return
    shown = " ".join(doc.text_of(spans[0]).split())
    yield ctx.finding(
        spans[0],
        f"'{shown}' is the subject of {len(spans)} sentences: the message talks about us in "
        f"the third person ({ours} sentences about us, {reader} about the reader)",
        suggestion="Make the reader the subject: their situation, their goal, what changes for "
        "them; keep one line about us, tied to it.",
    )


# --- IC153: a pleasantry, then I/We/My/Our --------------------------------------------------
# A first sentence that is only a pleasantry with the "I" dropped or no subject at all ("Hope
# all is well!", "Trust you're keeping well.", "Good day!", "Greetings!", "Happy Friday!", "How
# are you?"): nothing in it names the reader's world (no capitalised word after the first, no
# number), and it is short. (A pleasantry that starts with "I hope..." is IC101's finding.)
_PLEASANTRY = lazy(
    r"(?i)^\W*(?:(?:hope|trust|hoping|wishing)\b|good\s+(?:day|morning|afternoon|evening)\b|"
    r"greetings\b|happy\s+(?:monday|tuesday|wednesday|thursday|friday|weekend|new\s+year|"
    r"holidays)\b|(?:hello|hi|hey)\s+(?:again|there)\b"
    # the networking site's pleasantry (session 10): "Thanks for connecting!", "Thank you for
    # accepting my request." (as the whole sentence)
    r"|(?:thanks|thank\s+you)(?:\s+so\s+much)?\s+for\s+(?:connecting|accepting(?:\s+my"
    r"(?:\s+connection)?\s+(?:request|invite|invitation))?|the\s+connect(?:ion)?)\W*$"
    # "How are you?" only as the whole sentence: "How are you handling renewals today?" is a
    # question about the reader's situation
    r"|(?:how\s+(?:are|is)|how['\u2019]s)\s+(?:you|it|things|everything|life)(?:\s+(?:doing|"
    r"going|keeping|today)){0,2}\W*$)"
)
# The sentence after it opens with the sender, as IC101's contract reads an opener: I, We, My,
# Our (not the "we" and "our" that include the reader, analysis.SENDER_OPENER: "We both...",
# "We met...", "Our call last week...", "Our mutual friend..."), or "This is Cindy from...",
# "Tom here from..."
_SELF_OPENER = lazy(
    r"^\W*(?:" + _SENDER_OPENER + r"(?:['\u2019](?:m|ve|ll|d|re))?(?![\w'\u2019])"
    r"|(?i:this\s+is)\s+" + _CAP + r"(?:\s+" + _CAP + r")?\s*,?\s+(?i:from|with|at)\b"
    r"|" + _CAP + r"(?:\s+" + _CAP + r")?\s+(?i:here)\s*,?\s+(?i:from|with|at)\b)"
)
# the first word of every _PLEASANTRY match (folded)
_PLEASANTRY_FIRST = frozenset(
    [
        "hope",
        "trust",
        "hoping",
        "wishing",
        "good",
        "greetings",
        "happy",
        "hello",
        "hi",
        "hey",
        "how",
        "how's",
        "thanks",
        "thank",
    ]
)
# capitalised words a pleasantry may hold without naming anything of the reader's ("Happy Friday!")
_PLAIN_CAPS = _NOT_NAMES | frozenset(["i\u2019m", "weekend", "new", "year", "holidays", "day"])
# "I'm reaching out to warehouse managers in your area": the reader as one of a batch, which
# the blast rules report (BL105); two writers label it blast, not i-centric
_BATCH_FRAME = lazy(r"(?i)\breach(?:ing|ed)?\s+out\s+to\s+(?!you\b)")


def _only_pleasantry(doc, sentence) -> bool:
    """Whether a sentence is only a pleasantry: short, subjectless, naming nothing of the
    reader's world (no number, no capitalised word after its first)."""
    if not sentence.words or sentence.words[0] not in _PLEASANTRY_FIRST:
        return False  # most messages: no pattern compiled or run
    text = doc.text_of(sentence.span)
    if not _PLEASANTRY.match(text):
        return False
    words = text.split()
    if len(words) > 12 or any(ch.isdigit() for ch in text):
        return False
    # "Hope the Denver launch went well": it names the reader's world
    return not any(
        w[:1].isupper() and w.strip("\"'\u201c(!?.,").lower() not in _PLAIN_CAPS for w in words[1:]
    )


@rule(
    code="IC153",
    name="pleasantry-then-self",
    category="i-centric",
    severity="warning",
    supersedes=("IC150",),
    summary="A pleasantry, then a sentence that opens with I/We/My/Our: 'Hope all is well! I'm...'",
    instead=(
        "Cut the pleasantry and open with the reader: something they did, said or have, or a "
        "question about their situation. Instead of 'Hope all is well! My name is Jenna and I "
        "run payroll at Corvid', write 'Your team now pays people in six countries; is payroll "
        "still run from spreadsheets?'"
    ),
    rationale="""
"Hope all is well!", "Good day!" and "Trust you're keeping well." are throat-clearing: they fit
any inbox and say nothing, so the reader's eye goes to the next sentence, and when that one opens
with "I", "We", "My name is" or "Our company" the email opens with the sender as surely as if
the pleasantry were not there (IC101). The reader learns who is selling before learning why it
concerns them. Cut the pleasantry and open with the reader's situation.

What counts: a first sentence that is only a pleasantry without a subject ("Hope...",
"Trust...", "Good day!", "Greetings!", "Happy Friday!", "How are you?", "Hi again!", "Thanks for
connecting!"), short and
naming nothing of the reader's world (no capitalised word after its first, no number: "Hope the
Denver launch went well" is about the reader), or two in a row ("Greetings of the day! Hope this
email finds you well."), then a sentence that opens with I, We, My or Our ("This is Cindy
from..." and "Tom here from..." too). The "we" and "our" that include the reader
("We both...", "We met...", "Our call last week...") are not flagged, nor a sentence that
reaches out to a group ("I'm reaching out to warehouse managers in your area": the blast rules
report that). A pleasantry that itself starts with "I hope..." is IC101's finding.
""",
    bad=(
        "Hi Jenna,\n\nHope all is well on your end! My name is Sam and I'm an account executive "
        "at Corvid Payroll.\n\nSam",
        "Hi Sam,\n\nGood day! We are a professional manufacturer of LED panel lights with 15 "
        "years of experience.\n\nCindy",
    ),
    good=(
        "Hi Jenna,\n\nHope all is well! Your team now pays people in six countries: is payroll "
        "still run from spreadsheets?\n\nSam",
        "Hi Jenna,\n\nHope the Denver launch went well. We both sat on the payments panel "
        "there.\n\nSam",
    ),
)
def pleasantry_then_self(doc, ctx):
    sentences = doc.analysis.sentences
    if len(sentences) < 2 or not _only_pleasantry(doc, sentences[0]):
        return
    # session 11 (ic12): pleasantries stack ("Greetings of the day! Hope this email finds you
    # well. We are..."): a second one is more throat-clearing, and the sender still comes
    # first (writers 6, 9 and 14 label each such message i-centric)
    second = sentences[1]
    if len(sentences) > 2 and _only_pleasantry(doc, second):
        second = sentences[2]
    if doc.analysis.is_quoted(second.span.start):
        return
    nxt = doc.text_of(second.span)
    m = _SELF_OPENER.match(nxt)
    if m is None or _BATCH_FRAME.search(nxt):
        return
    span = Span(second.span.start + m.start(), second.span.start + m.end())
    while span.start < span.end and not doc.prose[span.start].isalnum():
        span = Span(span.start + 1, span.end)
    shown = " ".join(doc.text_of(span).split())
    yield ctx.finding(
        span,
        f"After the pleasantry the message opens with us ('{shown}'): open with the reader",
        suggestion="Cut the pleasantry and open with the reader's situation: something they "
        "did, said or have, or a question about it.",
    )


RULES = [product_before_person, sender_first_opener, pleasantry_then_self, sender_as_subject]
