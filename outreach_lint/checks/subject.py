"""Subject lines: length, shouting, punctuation and the recipient's name.

The subject is the only part of the message every recipient reads, in a list of fifty others,
usually on a phone. These rules judge the ``subject`` section (front matter ``subject:``, a
``Subject:`` line) and nothing else.
"""

from __future__ import annotations

import re

from ..analysis import FIRST_NAME_FIELD
from ..kinds import replies_in_subject
from ..model import RuleOption, Span
from ..packs import REPLY_PREFIX
from ..rules import rule
from .shouting import PLAIN_CAPITALS, caps_runs, loud


def _subject(doc):
    """The subject span these rules judge, or None when there is none or it is not ours.

    A subject written only in merge tags is still one: "{{RANDOM | quick question | question}}
    {{firstName}}" (Instantly's spintax) masks to blanks, but the reader sees words and a name
    (session 17, bl18: writer 16's instantly/solar-resi/v1, labelled a subject flaw)."""
    section = doc.section("subject")
    if section is None:
        return None
    if not doc.text_of(section.span).strip() and not _tags_in(doc, section.span):
        return None
    if _readers_subject(doc, section.span):
        return None
    return section.span


def _readers_subject(doc, span: Span) -> bool:
    """Whether the subject is the reader's own, kept under our mail client's "Re:": the
    message answers a message the reader sent first (an In-Reply-To header, or words that
    take up what they wrote: "You're right, 4471 went out at 23%", "thanks for your
    question"; :attr:`outreach_lint.kinds.KindDecision.answers`).

    Session 15 (sj16): "Re: URGENT - invoice 4471 wrong VAT rate" is the customer's subject
    (writer 18, replies to inbound), whose capitals are theirs, not ours; none of the 90
    messages of the readable sets that answer the reader is labelled a subject flaw. A "Re:"
    on our own sequence step (kind follow-up, answering nothing) is our subject and is still
    judged, and so is a subject we wrote for the reply ("Your Q3 numbers")."""
    if not REPLY_PREFIX.match(doc.prose, span.start, span.end):
        return False
    return doc.kind_decision.answers or _quotes_the_reader(doc, span)


#: the quoted chain a mail client puts under a reply: lines quoted with ">" that run to the end
#: of the message, down to one ("> please remove me from your list", dev-19)
_QUOTED_CHAIN = re.compile(r"(?m)^[ \t]*>[^\n]*(?:\n[ \t]*>[^\n]*)*\s*\Z")


def _quotes_the_reader(doc, span: Span) -> bool:
    """Whether a "Re:" message quotes, below it, an earlier message that is not ours: a real
    reply in a thread the reader wrote in last, whose subject the thread set, not this message.

    Session 18 (hy19): over main and dev-4..26 (less the trio), the 19 messages with a "Re:"
    subject and a quoted earlier message are all labelled clean for their subject (writers 5,
    6, 9, 10, 14, 17, 18, 19, 20); the one the subject rules flagged was an unsubscribe
    request answered under the thread's long subject (writer 19, SJ150). A quoted message that
    greets the reader by the greeting's name is our own earlier email under a bump: its subject
    is ours and is still judged."""
    if not replies_in_subject(doc.prose[span.start : span.end]):
        return False  # "Fwd:" passes a message on; it answers nobody
    quoted = _quoted_source(doc)
    if quoted is None:
        return False
    greeting = doc.section("greeting")
    if greeting is None:
        return True
    m = doc.offset_map
    line = doc.source[m.to_source(greeting.span.start) : m.to_source_end(greeting.span.end)]
    line = " ".join(line.split()).rstrip(",:;!.\u2014- ")
    # the quoted message greets the reader as this one does: it is ours, not theirs
    return len(line) < 4 or line.lower() not in " ".join(quoted.replace(">", " ").split()).lower()


def _quoted_source(doc) -> str | None:
    """The source text of the earlier message quoted under this one, or None: from a reply
    attribution ("On Tue, Mar 3, 2026, Dana Ruiz wrote:") or the ">" chain ending the message
    (the Markdown parser masks ">" in the prose, so the chain is looked for in the source)."""
    end = doc.offset_map.to_source_end(len(doc.prose))
    start = doc.quoted_reply_start
    if start is not None:
        return doc.source[doc.offset_map.to_source(start) : end]
    body = doc.section("body")
    if body is None:
        return None
    m = _QUOTED_CHAIN.search(doc.source, doc.offset_map.to_source(body.span.start), end)
    return m.group() if m else None


def _tags_in(doc, span: Span):
    return [p for p in doc.placeholders if span.start <= p.span.start < span.end]


#: a token between spaces counts as a word when it holds a letter or a digit
_COUNTED = re.compile(r"[^\W_]")


@rule(
    code="SJ150",
    name="subject-too-long",
    category="subject",
    severity="warning",
    summary="Subject line longer than a phone shows",
    instead=(
        "A few plain words about the reader's topic, under about 40 characters so a phone "
        "shows all of it: 'Reno warehouse claims' rather than 'Helping logistics leaders like "
        "you reduce claims with our platform'."
    ),
    rationale="""
Mobile mail apps show roughly the first 35 to 45 characters of a subject in the inbox list and
desktop clients about 60; the rest is cut off, so a long subject loses its point exactly where
the reader decides whether to open. Short subjects also read like a note from a person rather than
a campaign: Boomerang found three-to-four-word subjects drew the most replies. Write a few plain
words about the reader's topic ("Fathom's on-call rotation"), not a headline about us. A merge tag
counts as a typical value of `merge-tag-chars` characters. Words are counted as a reader sees
them, between spaces: "4:30", "p.m.", "catch-up" and "2.0" are one word each. A "Re:" or "Fwd:" prefix is not
counted: the mail client adds it to a real reply, and a fake one is SJ101's finding. The word
count stands in for length: a subject of short words that a phone shows whole (`phone-chars`,
45 characters: "SSO for the 14 apps on your IT page") is not cut off, so it is not judged
on its words. A reply to a message the reader sent first (or over their message, quoted below it) keeps the
thread's subject under "Re:": it is not this message's, not judged.
""",
    options=(
        RuleOption("max-chars", 60, "Most characters (a phone shows about 40, a desktop 60)"),
        RuleOption("max-words", 9, "Most words, in a subject longer than phone-chars"),
        RuleOption(
            "phone-chars",
            45,
            "A subject this short is shown whole on a phone and is not judged on its words",
        ),
        RuleOption("merge-tag-chars", 8, "Characters a merge tag is assumed to render to"),
    ),
    bad=(
        "Subject: Unlock the power of automated workflows to transform your entire business\n\n"
        "Hi Sam,\n\nHow are approvals handled at your team today?",
    ),
    good=(
        "Subject: Your approval backlog\n\nHi Sam,\n\nHow are approvals handled at your team today?",
    ),
)
def subject_too_long(doc, ctx):
    span = _subject(doc)
    if span is None:
        return
    prose = doc.prose
    # "Re:" / "Fwd:" is the mail client's, not the writer's words (SJ101 judges a fake one)
    prefix = REPLY_PREFIX.match(prose, span.start, span.end)
    if prefix:
        span = Span(prefix.end(), span.end)
    tags = _tags_in(doc, span)
    # rendered length: visible characters plus a nominal length per merge tag
    text = prose[span.start : span.end]
    chars = len(" ".join(text.split())) + ctx.options["merge-tag-chars"] * len(tags)
    # words as a reader counts them, between spaces: "4:30", "p.m.", "catch-up", "2.0" and
    # "$100,000s" are one word each ("&" and a dash are none; a merge tag counts once)
    words = sum(1 for w in text.split() if _COUNTED.search(w) and "\ufffc" not in w) + len(tags)
    max_chars, max_words = ctx.options["max-chars"], ctx.options["max-words"]
    # session 16 (sj17): the word limit stands in for length; ten short words a phone shows
    # whole are not cut off. At first look (writers 4-22 less the held-out 16, 18, 20), seven
    # subjects of 49 characters or fewer were flagged on their words alone: six labelled clean
    # (writers 6, 13, 15, 19; the writer-19 pair at 40 and 43 characters still fired), the
    # seventh labelled for its capitals (writer 22, which SJ151 keeps); no readable subject of
    # 50 characters or fewer is labelled for its length
    if chars <= max_chars and (words <= max_words or chars <= ctx.options["phone-chars"]):
        return
    yield ctx.finding(
        span,
        f"Subject is {chars} characters and {words} words (limits {max_chars} and "
        f"{max_words}): a phone cuts it off before the point",
        suggestion="A few plain words about the reader's topic, under about 40 characters.",
    )


@rule(
    code="SJ151",
    name="subject-shouting",
    category="subject",
    severity="warning",
    summary="ALL CAPS subject, or shouted words in it",
    instead=(
        "Write the subject in sentence case; keep real acronyms: 'Question about your CRM "
        "migration' rather than 'QUESTION ABOUT YOUR CRM MIGRATION'."
    ),
    rationale="""
A subject in capitals ("FINAL NOTICE", "FREE AUDIT") is the look of spam and of clickbait: spam
filters score it, and readers who do see it feel shouted at before they open. People write to
people in sentence case. Keep acronyms (ROI, SOC 2, HIPAA) as they are; write everything else in
normal case and let a specific detail earn the open. A title in capitals ("Query: THE DRY
RIVER") is a name, as in the body (HY150). As in the body, capitals with no loud word (no
urgency, offer, praise or intensifier such as NOW, FREE, BEST, and no long word with an English
ending) are reported only when another rule flags the message's selling too (a list send, a
push, hype, another subject fault; not a missing question or a lazy bump alone: "Re: SECURE 2.0
auto-enrollment" on a bump names the act), and the same capitals in the body are no second sign
("Intro via Jonah: SAFE vs. priced round"); a whole subject in capitals
always is a shout. A reply to a message the reader sent first (or over their message, quoted
below it) keeps their subject under "Re:" ("Re: URGENT - invoice 4471"): their capitals are not judged.
""",
    options=(
        RuleOption("allow", (), "Extra all-caps words that are not shouting (acronyms, names)"),
    ),
    bad=(
        "Subject: FINAL NOTICE: your account\n\nHi Sam,\n\nYour trial ends on Friday.",
        "Subject: Get a FREE audit today\n\nHi Sam,\n\nYour site loads in 9 seconds.",
    ),
    good=("Subject: SOC 2 report for the ROI review\n\nHi Sam,\n\nAs promised, here it is.",),
)
def subject_shouting(doc, ctx):
    span = _subject(doc)
    if span is None:
        return
    runs = list(caps_runs(doc.prose, span.start, span.end, ctx.options["allow"]))
    if not runs:
        return
    letters = [c for c in doc.text_of(span) if c.isalpha()]
    whole = len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    where = span if whole else Span(runs[0].start, runs[-1].end)
    shouted = " ".join(doc.text_of(where).split())
    finding = ctx.finding(
        where,
        ("The whole subject is in capitals" if whole else f"'{shouted}' in the subject")
        + ": it reads as spam and as shouting",
        suggestion="Write the subject in sentence case; keep real acronyms as they are.",
    )
    if not whole and not loud(shouted):
        # session 16 (sj17): capitals with no loud word are as often a name or a label as a
        # shout ("Intro via Jonah: SAFE vs. priced round", writer 13; "Query: THE DRY RIVER",
        # writer 10), as in the body (HY150): reported only with a second sign, and the same
        # capitals in the body are no second sign (shouting.PLAIN_CAPITALS)
        finding = finding.with_(needs_second_sign=PLAIN_CAPITALS)
    yield finding


_PUNCT = re.compile(r"[!?]{2,}|!|\${2,}|\*{2,}")


@rule(
    code="SJ152",
    name="subject-punctuation",
    category="subject",
    severity="warning",
    summary="Exclamation marks or piled-up punctuation in the subject",
    instead=(
        "Drop the extra marks and say plainly what the email is about: 'Reno claims numbers' "
        "rather than 'Big news!!!' or 'Quick question?!'."
    ),
    rationale="""
"!!!", "??", "$$$" and exclamation marks in a subject are classic spam-filter triggers and the
typography of a flyer, not of a note between two people. One "!" is allowed by default (a
customer newsletter may celebrate); set `max-exclamations = 0` for cold outreach, where even one
promises excitement the reader has not asked for. Say what the email is about, plainly; a plain
question ("Question about Fathom's on-call?") is fine. A reply to a message the reader sent
first (or over their message, quoted below it) keeps the thread's subject under "Re:": it is
not this message's, not judged.
""",
    options=(RuleOption("max-exclamations", 1, "Single exclamation marks allowed in a subject"),),
    bad=("Subject: Big news for your team!!!\n\nHi Sam,\n\nYour trial ends on Friday.",),
    good=("Subject: Question about your trial?\n\nHi Sam,\n\nYour trial ends on Friday.",),
)
def subject_punctuation(doc, ctx):
    span = _subject(doc)
    if span is None:
        return
    prose = doc.prose
    singles = 0
    for m in _PUNCT.finditer(prose, span.start, span.end):
        if m.group() == "!":
            singles += 1
            if singles <= ctx.options["max-exclamations"]:
                continue
        yield ctx.finding(
            Span(m.start(), m.end()),
            f"'{m.group()}' in the subject reads as hype and trips spam filters",
            suggestion="Drop it; say plainly what the email is about.",
        )
        return


@rule(
    code="SJ153",
    name="name-in-subject",
    category="subject",
    severity="warning",
    summary="The recipient's first name in the subject line",
    instead=(
        "Use their company or topic in the subject and keep the name for the greeting: "
        "'Acme's Reno warehouse' rather than '{{ first_name }}, quick question'."
    ),
    rationale="""
"{{ first_name }}, quick question" was a novelty once; now it is the best-known sign of an
automated sequence, and readers and filters both discount it. It also spends the few characters a
phone shows on a word the reader already knows. Personalize the subject with their situation or
company ("Fathom's on-call rotation") and keep the name for the greeting. A company merge tag is
fine, and so is the name of the reader's shop, company or pet (`{{ shop.name }}`); this rule
looks for first-name fields and for the greeting's name written into the subject as the name
it is addressed to ("Rick, a thought on...", "A quick favor, Desmond?", "A thought for Elena"),
where a sequence puts it; the greeting's word used as a modifier ("MerchantCon 2027 call for
talks", "the new Plotwise app") is a company's, an event's or a product's (a title and
surname, "Dr. Mensah", count when the greeting uses them and they open the subject; a role in
place of a name, "Dear Sponsor", is no name). The recipient
is the person the greeting names: in a template that greets `{{ contact.first_name }}`, a
`{{ creator.name }}` or `{{ speaker.first_name }}` in the subject is someone else. A reply to a
message the reader sent first (or over their message, quoted below it) keeps the thread's
subject under "Re:": it is not this message's, not judged.
""",
    options=(),
    bad=(
        "Subject: {{ first_name }}, quick question\n\nHi {{ first_name }},\n\nHow is the audit going?",
        "Subject: Elena, a thought on on-call\n\nHi Elena,\n\nHow is the rotation holding up?",
    ),
    good=(
        "Subject: On-call at {{ company }}\n\nHi {{ first_name }},\n\nHow is the rotation holding up?",
    ),
)
def name_in_subject(doc, ctx):
    span = _subject(doc)
    if span is None:
        return
    greeted = _greeted_objects(doc)
    for tag in _tags_in(doc, span):
        field = tag.name.strip()
        if FIRST_NAME_FIELD.match(field) and _names_a_person(field):
            if greeted and _object_of(field) not in greeted:
                continue  # "{{ creator.name }} x {{ brand }}" to "Hi {{ contact.first_name }}"
            yield ctx.finding(
                tag.span,
                "The recipient's first name in the subject reads as an automated sequence",
                suggestion="Use their company or topic in the subject; keep the name for the "
                "greeting.",
            )
            return
    name = doc.analysis.greeting_name
    if name and _greets_group(doc):
        return  # "Hello Formlyst security team,": the company's name, not a first name
    words = name.split()
    first = words[0].rstrip(".") if name else ""
    if first.lower() in _TITLES:
        # session 11 (ic12): "Dr. Mensah," greets a person by title and surname; the same
        # title and surname opening the subject as a vocative is the sequence's "{{ first_name
        # }}, ..." hard-coded ("Dr. Mensah, what happens if you can't operate?", writer13). Not
        # a closing address in a note after a call ("thanks for picking up, Mr. Delgado":
        # writer16 labels it clean), nor the surname alone (it may be the family's company).
        if len(words) < 2:
            return
        pattern = (
            rf"\A[ \t]*{re.escape(first)}\.?[ \t]+{re.escape(words[1])}(?![\w'\u2019])"
            r"(?=[ \t]*[,:\u2013\u2014-])"
        )
    elif len(first) < 2:
        return
    else:
        pattern = rf"(?<![\w'\u2019]){re.escape(first)}(?![\w'\u2019])"
    subject = doc.prose[span.start : span.end]
    # the title and surname pattern is anchored as a vocative already
    titled = first.lower() in _TITLES
    m = next((m for m in re.finditer(pattern, subject) if titled or _addressed(subject, m)), None)
    if m:
        yield ctx.finding(
            Span(span.start + m.start(), span.start + m.end()),
            f"The recipient's name ('{m.group()}') in the subject reads as an automated sequence",
            suggestion="Use their company or topic in the subject; keep the name for the greeting.",
        )


#: what comes right before a name the subject is addressed to: "A thought for Elena",
#: "Hey Elena"
_ADDRESS_BEFORE = re.compile(r"(?:^|[\s(\[])(?:for|hi|hey|hello|dear)\Z", re.IGNORECASE)


def _addressed(subject: str, m: re.Match) -> bool:
    """Whether the greeting's word ``m`` stands in the subject as the name it is addressed to,
    the sequence's "{{ first_name }}, quick question" hard-coded.

    Session 13 (ic14): a word the greeting puts after "Hi" is not always a person's first
    name: a company, an event, a product or a form's field greeted by name ("Hi MerchantCon
    team", "Hi Plotwise user!", "Hi Website,"). In the subject, a first name written by a
    sequence is addressed to the reader: it opens the subject before a comma or a dash
    ("Rick, a thought on the Huntsville branch", "Hannah \u2014 idea for..."), closes it after a
    comma ("A quick favor, Desmond?"), or follows "for" ("A thought for Elena"), "Hi", "Hey".
    Every such name the labelled sets mark as a subject flaw stands so (11 messages, 6
    writers); a name used as a modifier ("MerchantCon 2027 call for talks", "Help us test the
    new Plotwise app!", "Website ranking issue") is the company's, the event's or the
    product's, which writers 6, 9, 11, 14 and 17 label clean (the greeting's word was not a
    person)."""
    lead = REPLY_PREFIX.match(subject)  # "Re: Rick, ..." is a vocative too
    before = subject[lead.end() if lead else 0 : m.start()].rstrip(" \t")
    after = subject[m.end() :].lstrip(" \t")
    rest = after.rstrip(" \t\r\n").rstrip("?!.\u2026\"'\u201d)")
    if not before.strip(" \t\"'\u201c("):
        return not rest or after[:1] in ",:;\u2013\u2014-"  # "Rick, a thought...", "Elena"
    if before.endswith(",") and not rest:
        return True  # "Last one from me, Ingrid"
    return bool(_ADDRESS_BEFORE.search(before))


#: courtesy titles a greeting puts before a surname ("Dear Dr. Mensah,")
_TITLES = frozenset(("dr", "mr", "mrs", "ms", "mx", "prof"))


def _greets_group(doc) -> bool:
    """Whether the greeting's capitalized word qualifies a team or a crowd ("Hello Formlyst
    security team,", "Hey Oakhurst families,"): then it names a company, not a person."""
    from .personalization import crowd_greeting

    section = doc.section("greeting")
    return section is not None and crowd_greeting(doc.text_of(section.span))


#: objects whose ``.name`` is not a person's: the reader's shop, company or pet is a
#: personalized subject, not a first name ("Returns at {{ shop.name }}")
_THING_OBJECTS = frozenset(
    (
        "account",
        "accounts",
        "brand",
        "business",
        "clinic",
        "company",
        "course",
        "deal",
        "event",
        "item",
        "listing",
        "location",
        "org",
        "organisation",
        "organization",
        "pet",
        "plan",
        "practice",
        "product",
        "project",
        "property",
        "school",
        "shop",
        "site",
        "store",
        "team",
        "venue",
        "workspace",
    )
)


def _object_of(field: str) -> str:
    """The object a field belongs to: ``contact`` for ``contact.first_name``, "" for a bare
    ``first_name``."""
    head, _, _ = field.lower().rpartition(".")
    return head


def _greeted_objects(doc) -> frozenset[str]:
    """The objects of the first-name fields that greet the reader ("Hi {{ contact.first_name
    }},": ``contact``), or nothing when the greeting has no such field or one without an object.

    The recipient is the person the greeting names. A template that greets
    ``{{ contact.first_name }}`` and puts ``{{ creator.name }}`` in the subject names someone
    else there: the creator an agency pitches, a speaker, a candidate."""
    section = doc.section("greeting")
    if section is None:
        return frozenset()
    objects = {
        _object_of(p.name.strip())
        for p in _tags_in(doc, section.span)
        if FIRST_NAME_FIELD.match(p.name.strip())
    }
    if not objects or "" in objects:
        return frozenset()
    return frozenset(objects)


def _names_a_person(field: str) -> bool:
    """Whether a first-name-like field names a person: ``first_name``, ``contact.name``,
    ``name``; not ``shop.name`` or ``pet.name``."""
    parts = [p.lower() for p in field.split(".")]
    if len(parts) < 2 or parts[-1] != "name":
        return True
    return parts[-2] not in _THING_OBJECTS


RULES = [subject_too_long, subject_shouting, subject_punctuation, name_in_subject]
