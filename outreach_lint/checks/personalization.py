"""Personalization: is there anything in the message that could only have been written to this reader?"""

from __future__ import annotations

from ..analysis import (
    FIRST_NAME_FIELD,
    GENERIC_ADDRESSEES,
    GENERIC_FIRST,
    I_FORMS,
    READER_OBSERVATION,
    ROLE_NOUNS,
    SHARED_TALK,
    WEEKDAYS,
)
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule
from .focus import reader_position, signed_names

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


# --- a sentence that could only have been written to this reader ----------------------------
# The reader did something: "you downloaded", "your team posted", "you spoke at" (any past
# tense, not a state: "you're interested", "you've been selected" are no observation)
_READER_ACTION = lazy(
    r"\b(?:you\s+|your\s+(?:[a-z0-9'-]+\s+){0,2}?)(?:just\s+|recently\s+|already\s+|also\s+)?"
    r"(?!(?:interested|updated|based|located|used|called|named|qualified|required|needed|suited|"
    r"focused|tired|concerned|excited|pleased|invited|selected|chosen|picked|hand-picked|"
    r"handpicked|featured|listed|shortlisted|identified|matched|related|limited|dedicated|"
    r"committed|guaranteed|expected|supposed)\b)"
    r"(?:[a-z]{2,}ed|spoke|wrote|said|told|took|went|ran|won|made|began|grew|built|sent|left|"
    r"gave|met|saw|read|put|got|came)\b"
    # the "we" that includes the reader: "we met at ProMat", "when we spoke on Tuesday"
    r"|\bwe\s+(?:just\s+|briefly\s+|finally\s+)?(?:" + SHARED_TALK + r")\b"
)
# A when: "last week", "on Tuesday", "in March", "yesterday" (folded text)
_WHEN = lazy(
    r"\b(?:yesterday|this morning|last (?:week|month|year|quarter|spring|summer|autumn|fall|"
    r"winter|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:this|next) "
    r"(?:week|month|quarter|spring|summer|autumn|fall|winter)|(?:on|last|this) (?:monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)|in (?:january|february|march|april|"
    r"may|june|july|august|september|october|november|december)|\d+ (?:days|weeks|months) ago|"
    r"earlier (?:this|today))\b"
)
# A name inside the sentence (not its first word): "the Lisbon office", "Raleigh-Durham"
_INNER_NAME = lazy(r"(?<=[\s(])[A-Z\u00c0-\u00de][a-z\u00df-\u00ff][\w'\u2019&.-]*")
_CONDITIONAL = lazy(r"\W*(?:if|unless|whether|when|once|should)\b")
# Names that say nothing of the reader: the calendar, and the platforms everyone is on
# ("I found you on LinkedIn" is how a list is built)
_NOT_THEIRS = (
    I_FORMS
    | WEEKDAYS
    | frozenset(
        [
            "linkedin",
            "google",
            "instagram",
            "facebook",
            "twitter",
            "tiktok",
            "youtube",
            "yelp",
            "amazon",
        ]
    )
)


def reader_specific(doc, upto: int | None = None):
    """The first sentence (up to the one holding ``upto``) that could only have been written to
    this reader, or None.

    Such a sentence reacts to something the reader did, said or has ("Congrats on the Lisbon
    office", "You downloaded our franchise guide last week", "Saw that Fathom has three SRE
    roles open") and carries a detail of theirs: a name that is not ours (a place, a company,
    an event) or a when ("last week", "on Tuesday"). Conditionals ("If you missed...") and the
    platforms every list is built from ("I found you on LinkedIn") do not count.
    """
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    ours: set[str] | None = None
    for sentence in analysis.sentences:
        if upto is not None and sentence.span.start > upto:
            break
        if analysis.is_quoted(sentence.span.start):
            continue
        low = folded[sentence.span.start - base : sentence.span.end - base]
        observed = READER_OBSERVATION.match(low) is not None
        if not observed and not (
            (sentence.reader_refs and _CUE.search(low)) or _READER_ACTION.search(low)
        ):
            continue
        if _CONDITIONAL.match(low):
            continue
        if _WHEN.search(low):
            return sentence
        if ours is None:
            ours = {w for line in signed_names(doc) for w in line} | set(analysis.sender_names)
            ours.update(w.lower() for w in analysis.greeting_name.split())
        for m in _INNER_NAME.finditer(doc.text_of(sentence.span)):
            word = m.group().rstrip(".,").lower().replace("\u2019", "'")
            word = word[:-2] if word.endswith("'s") else word
            if word not in ours and word not in _NOT_THEIRS:
                return sentence
    return None


# "people in your position", "companies at your stage", "founders like you": the reader's
# situation as a segment (folded text)
_SITUATION_SEGMENT = lazy(
    r"\b(?:(?:someone|people|leaders|professionals|founders|executives|managers|owners|folks|"
    r"ceos|cfos|ctos|cmos|marketers|operators|buyers)\s+in\s+your\s+(?:position|role|shoes|"
    r"situation)|(?:companies|businesses|organi[sz]ations|teams|firms|brands|startups)\s+(?:of|"
    r"at)\s+your\s+stage|(?P<who>people|[a-z][\w-]*s)\s+like\s+you(?:rself)?"
    r"(?!\s+and\s+(?:me|us)\b))\b"
)
# "like you" files the reader under a crowd named by its role: "founders like you", "CTOs like
# yourself", "agents like you", "physicians like you" (session 16, ic17: first-look blast misses
# of writers 19 and 22 named roles the old list lacked). Not the people who already know us:
# "customers like you who took a chance on us" in a founder's letter (guide item 10), "members
# like you have been asking for...".
_SEGMENT_PEOPLE = frozenset(["people", "folks"])
_RELATIONS = frozenset(
    [
        "customer",
        "client",
        "member",
        "partner",
        "patient",
        "subscriber",
        "user",
        "student",
        "parent",
        "reader",
        "friend",
        "neighbor",
        "neighbour",
        "resident",
        "donor",
        "guest",
    ]
)


def _role_plural(word: str) -> bool:
    """Whether ``word`` (folded) is a plural role noun: "ctos", "agents", "physicians",
    "homeowners", "attorneys", "secretaries"; not a relation ("customers", "members")."""
    if word in _SEGMENT_PEOPLE:
        return True
    stems = [word[:-1]]  # the regex ends every candidate in "s"
    if word.endswith("es"):
        stems.append(word[:-2])
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    return any(stem in ROLE_NOUNS and stem not in _RELATIONS for stem in stems)


# one of these words is in every _SITUATION_SEGMENT match but "like you"
_SEGMENT_WORDS = ("position", "role", "shoes", "situation", "stage")


@rule(
    code="BL152",
    name="segment-without-specifics",
    category="blast",
    severity="warning",
    summary="'People in your position': the reader as a segment, with nothing of theirs before it",
    instead=(
        "Say what you know about this reader before you generalize, or drop the segment. "
        "Instead of 'Founders in your position usually want...', write 'You mentioned the "
        "Lisbon hires at the meetup; founders who hire abroad first usually want...'"
    ),
    rationale="""
"People in your position", "companies at your stage" and "founders like you" describe the reader
by the filter that put them on a list (a role, a funding stage, a size), and when nothing before
them shows that the sender knows this reader, the reader hears exactly that: one row of a
segment. After a sentence that could only have been written to them ("You downloaded our
franchise guide last week and said you're looking at Raleigh-Durham"), the same words are a peer
comparison drawn from experience, and read as help. So the rule reports these phrases only when
no earlier sentence reacts to something the reader did, said or has with a detail of theirs (a
name that is not ours, or a when: "last week", "on Tuesday"). "Like you" counts after any role
("CTOs like yourself", "agents like you"), not after the people who already know us: "customers
like you" and "members like you" speak to a relationship, not a list. The plainer segment wording,
"companies like yours", "businesses in your industry", is BL105's and is reported either way:
writers label it a mass-send tell even after a specific opener.
""",
    bad=(
        "Hi Sam,\n\nFounders in your position usually want to know two things first: the real "
        "cost and the time to break even.\n\nWould the figures help?\n\nGreg",
    ),
    good=(
        "Hi Sam,\n\nYou downloaded our franchise guide last week and said you're looking at "
        "Raleigh-Durham. People in your position usually want two things first: the real cost "
        "and the time to break even.\n\nWould the figures help?\n\nGreg",
    ),
)
def segment_without_specifics(doc, ctx):
    folded = doc.analysis.folded
    if "like you" not in folded and not (
        "your " in folded and any(w in folded for w in _SEGMENT_WORDS)
    ):
        return  # most messages: the pattern never runs
    base = doc.analysis.content.start
    for m in _SITUATION_SEGMENT.finditer(folded):
        at = base + m.start()
        if doc.analysis.is_quoted(at) or (m.group("who") and not _role_plural(m.group("who"))):
            continue
        if reader_specific(doc, upto=at) is not None:
            return
        span = Span(at, base + m.end())
        shown = " ".join(doc.text_of(span).split())
        yield ctx.finding(
            span,
            f"'{shown}' files the reader under a segment, and nothing before it shows you know "
            "their situation: name what is specific to them",
            suggestion="Before generalizing, say one thing only this reader would recognise "
            "(what they did, said or have), or drop the segment.",
        )
        return


# --- the reader's company as one example of a class -------------------------------------------
# "businesses like {{company}}": a plural class noun and "like", right before a merge tag (folded
# text, where a tag reads as spaces)
_CLASS_LIKE_TAG = lazy(
    r"\b(?:companies|businesses|brands|organi[sz]ations|firms|agencies|teams|practices|offices|"
    r"clinics|stores|shops|startups|retailers|restaurants|schools|hotels|brokerages|dealerships|"
    r"customers|clients)[ \t]+(?:just[ \t]+|exactly[ \t]+)?like(?=[ \t])"
)


@rule(
    code="BL153",
    name="company-field-as-example",
    category="blast",
    severity="warning",
    summary="'Businesses like {{ company }}': the reader's company as one example of a segment",
    instead=(
        "Say what you know about this company, or name one peer with a result. Instead of 'We "
        "help businesses like {{ company }} manage their finances', write 'Saw {{ company }} "
        "opened two stores this spring; Northwind did the same and cut month-end to three days.'"
    ),
    rationale="""
"We help businesses like {{ company }}" is "businesses like yours" written through the template:
the reader's company is dropped in as one example of the segment the list was filtered on. It
announces the merge field it tries to hide, and tells the reader that the next sentence went,
word for word, to every other row of the list. Two writers use this exact shape in cold first
touches and label it a blast. Replace the segment with what you know about this company (what
it did, what it is hiring for), or with one named peer and what changed for them. A merge tag
for a peer ("teams like {{ competitor }}") is not the reader's company and is not reported.
""",
    bad=(
        "Hi {{ first_name }},\n\nWe help businesses like {{ company }} manage their finances "
        "with less effort.\n\nWould a short demo help?\n\nInes",
    ),
    good=(
        "Hi {{ first_name }},\n\nWe help teams like {{ competitor }} manage their finances "
        "with less effort.\n\nWould a short demo help?\n\nInes",
    ),
)
def company_field_as_example(doc, ctx):
    if not doc.placeholders or " like " not in doc.analysis.folded:
        return
    from ..kinds import is_company_field

    folded = doc.analysis.folded
    base = doc.analysis.content.start
    for m in _CLASS_LIKE_TAG.finditer(folded):
        after = base + m.end()
        tag = next((p for p in doc.placeholders if after < p.span.start <= after + 2), None)
        if tag is None or not is_company_field(tag.name):
            continue
        at = base + m.start()
        if doc.analysis.is_quoted(at):
            continue
        span = Span(at, tag.span.end)
        yield ctx.finding(
            span,
            f"'{' '.join(doc.text_of(Span(at, after)).split())} "
            f"{tag.raw or tag.name}' files the reader's company under a segment: say what you "
            "know about it",
            suggestion="Name what is specific to this company, or one peer and its result.",
        )


# --- a greeting to a crowd -------------------------------------------------------------------
# The greeting line: a salutation, then the words that name whom it greets, then punctuation.
_SALUTED = lazy(
    r"(?i)^[ \t]*(?:hi|hello|hey|hiya|heya|howdy|greetings|good[ \t]+(?:morning|afternoon|"
    r"evening|day)|dear|to[ \t]+(?:the|all)|attention|attn\.?)[ \t:]+(?P<who>[^\n,.:;!?\u2014]+?)"
    r"[ \t]*[,.:;!\u2014-]*[ \t]*$"
)
# A qualifier after the head noun says which crowd: "residents of Stryd y Bont", "parents at
# Oakhurst"; the head is the word before it.
_QUALIFIER = lazy(r"(?i)[ \t]+(?:of|at|on|in|from|across|around|near)[ \t].*$")
# Words that greet many people whatever their number ("Hi all", "Hello everyone", "Hi team")
_CROWD_HEADS = frozenset(
    [
        "all",
        "everyone",
        "everybody",
        "folks",
        "y'all",
        "y\u2019all",
        "guys",
        "team",
        "staff",
        "department",
        "people",
        "crew",
        "alumni",
        "families",
        "friends",
        "members",
    ]
)
# the form letter's own plural ("Dear Valued Customers"): BL101 reports it in every kind
_FORM_LETTER = frozenset(["valued", "esteemed", "loyal", "respected"])


# One organisation's unit: a team that is named ("Dear Kestrel procurement team,", "Hello
# Oakridge Museum web team,") is a known group; a team named by its function only ("Dear
# Procurement Team,", "Hello Team,") could be anyone's, and so could "Hi {{ company }} team,",
# whose tag is masked out of the greeting before it is read (it names no one in the template).
_UNIT_HEADS = frozenset(["team", "staff", "department", "crew", "office", "desk"])
# words that say which function or kind of place, never whose: "Dear Conference Team,",
# "Hi Sales and Marketing team," (with the salutation's own words)
_UNIT_WORDS = frozenset(
    [
        "the",
        "our",
        "your",
        "my",
        "all",
        "whole",
        "dear",
        "valued",
        "wonderful",
        "amazing",
        "awesome",
        "great",
        "lovely",
        "fantastic",
        "procurement",
        "purchasing",
        "sourcing",
        "supply",
        "chain",
        "logistics",
        "shipping",
        "warehouse",
        "sales",
        "marketing",
        "growth",
        "revenue",
        "finance",
        "financial",
        "accounts",
        "accounting",
        "payable",
        "receivable",
        "billing",
        "payroll",
        "tax",
        "treasury",
        "audit",
        "hr",
        "human",
        "resources",
        "people",
        "talent",
        "recruiting",
        "recruitment",
        "hiring",
        "admissions",
        "enrollment",
        "enrolment",
        "support",
        "customer",
        "customers",
        "client",
        "clients",
        "success",
        "service",
        "services",
        "care",
        "help",
        "helpdesk",
        "security",
        "infosec",
        "it",
        "tech",
        "technology",
        "technical",
        "engineering",
        "dev",
        "development",
        "devops",
        "product",
        "products",
        "design",
        "creative",
        "web",
        "website",
        "digital",
        "ecommerce",
        "e-commerce",
        "content",
        "editorial",
        "media",
        "press",
        "pr",
        "communications",
        "comms",
        "social",
        "brand",
        "events",
        "event",
        "conference",
        "conferences",
        "programme",
        "program",
        "partnerships",
        "partnership",
        "partner",
        "partners",
        "alliances",
        "business",
        "bd",
        "operations",
        "ops",
        "facilities",
        "legal",
        "compliance",
        "risk",
        "privacy",
        "admin",
        "administration",
        "administrative",
        "management",
        "leadership",
        "executive",
        "exec",
        "board",
        "investor",
        "investors",
        "relations",
        "research",
        "data",
        "analytics",
        "front",
        "reception",
        "store",
        "shop",
        "school",
        "clinic",
        "practice",
        "restaurant",
        "hotel",
        "museum",
        "hospital",
        "library",
        "studio",
        "venue",
        "festival",
        "summit",
        "expo",
        "podcast",
        "show",
        "magazine",
        "newsletter",
        "blog",
        "channel",
        "site",
        "app",
        "project",
        "community",
        "club",
        "church",
        "council",
        "company",
        "agency",
        "firm",
        "organisation",
        "organization",
        "foundation",
        "charity",
        "nonprofit",
        "startup",
        "office",
        "and",
        "&",
    ]
)


def named_team(text: str) -> bool:
    """Whether a greeting line greets one named organisation's unit: a team, staff or office
    whose words hold a capitalised word that is no function or place word ("Dear Kestrel
    procurement team,", "Hello Oakridge Museum web team,"; not "Dear Conference Team,", "Hello
    Team,"). It greets a group, but a known one: no crowd of strangers."""
    m = _SALUTED.match(text)
    if m is None:
        return False
    tokens = _QUALIFIER.sub("", m.group("who")).split()
    if len(tokens) < 2 or tokens[-1].lower() not in _UNIT_HEADS:
        return False
    return any(t[:1].isupper() and t.lower() not in _UNIT_WORDS for t in tokens[:-1])


def _crowd_part(words: str) -> bool:
    tokens = words.split()
    if not tokens or len(tokens) > 4 or "\ufffc" in words:
        return False
    head = tokens[-1].lower()
    if head in _CROWD_HEADS:
        return True
    if head.endswith("ies") and head[:-3] + "y" in ROLE_NOUNS:
        return True
    return head.endswith("s") and (head[:-1] in ROLE_NOUNS or head[:-2] in ROLE_NOUNS)


def crowd_greeting(text: str) -> bool:
    """Whether a greeting line greets a crowd, not one reader: its head word is a plural role or
    membership noun, or a word that greets many ("Hi all,", "Dear Members,", "Dear residents of
    Stryd y Bont,", "Hey Oakhurst families,", "ATTENTION HOMEOWNERS!!!", "Dear parents and
    carers,"). Not a person with them ("Hi Priya and team,"), nor the form letter's "Dear Valued
    Customers" (BL101)."""
    m = _SALUTED.match(text)
    if m is None:
        return False
    who = _QUALIFIER.sub("", m.group("who")).strip()
    if not who or any(w.lower() in _FORM_LETTER for w in who.split()):
        return False
    parts = [p for p in (x.strip() for x in _AND.split(who)) if p]
    return bool(parts) and all(_crowd_part(p) for p in parts)


_AND = lazy(r"(?i)[ \t]+(?:and|&)[ \t]+|[ \t]*/[ \t]*")


def _greets_crowd(doc) -> Span | None:
    section = doc.section("greeting")
    if section is None:
        return None
    text = doc.text_of(section.span)
    if not crowd_greeting(text) or named_team(text):
        return None
    lead = len(text) - len(text.lstrip())
    return Span(section.span.start + lead, section.span.start + len(text.rstrip()))


@rule(
    code="BL108",
    name="group-greeting",
    category="blast",
    severity="warning",
    summary="A one-to-one email that greets a crowd: 'Hi all,', 'Hello everyone,'",
    supersedes=("BL150",),
    instead="Greet one person by name: 'Hi {{ first_name }},'",
    rationale="""
"Hi all," and "Hello everyone," at the top of a cold email or a follow-up say out loud that the
message went to a list. The reader stops feeling addressed and starts feeling counted. Greet the
one person you are writing to by name. The same holds for any plural in place of a name ("Dear
Homeowners,", "ATTENTION BUSINESS OWNERS", "Hi team,") when the message pitches to people who do
not know the sender yet.

A crowd greeting is honest, though, when the message really is written to a group the sender
belongs to or serves: a council's notice to "Dear residents of Stryd y Bont,", a society's
letter to "Dear Members,", a parish appeal to "Dear friends,", a founder's update to "Hi all,".
So the rule judges only messages that read as a first touch, a follow-up or a breakup by a sign
of their own (declared, from the path, or a pitch in the words). It leaves alone newsletters and
customer mail, messages with no sign of any kind, and messages whose only sign of a pitch is
the role greeting itself ("Dear parents," on a note about the school trip) or a request for
time: a founder asks the investors on the update for "a 20-minute call with me" as a cold
caller asks a stranger, so the request alone says nothing of who the crowd is.
The mail-merge singular ("Dear Member,", "Dear Resident,") and the form letter's "Dear Valued
Customers" are BL101's, in every kind. A team named by whose it is ("Dear Kestrel procurement
team,", "Hello Oakridge Museum web team,") is a known group, not a crowd: only a team named by
its function alone ("Dear Procurement Team,", "Hello Team,") could be anyone's. A merge tag
names nobody in the template: "Hi {{ company }} team," is read as "Hi team," (the same line
goes to every company on the list), so on a pitch it is judged as a crowd.
A reply to the reader's own message is not judged (an In-Reply-To header, thanks for their
email), as BL101-BL103 do not judge it: the reader wrote first, so the message cannot be a list
send, and "Dear Procurement Team," answers the team that sent the request for proposals.
""",
    message="The greeting greets a crowd: a one-to-one email should greet one person",
    suggestion="Greet one person by name: 'Hi {{ first_name }},'",
    kinds=("first-touch", "follow-up", "breakup"),
    bad=(
        "Hi all,\n\nWe help logistics teams cut claims.",
        "ATTENTION HOMEOWNERS!!!\n\nLast night's storm may have damaged your roof. Book your "
        "free inspection today.",
    ),
    good=(
        "Hi Priya,\n\nWe help logistics teams cut claims.",
        "Dear residents of Stryd y Bont,\n\nThe Christmas lights switch-on is on Friday 4 "
        "December. Please do not park on the street after 3pm that day.\n\nLlinos Hughes",
    ),
)
def group_greeting(doc, ctx):
    span = _greets_crowd(doc)
    if span is None:
        return
    decision = doc.kind_decision
    if _crowd_without_pitch(decision):
        return  # no sign, or only "if anyone has 30 minutes": an update to people who know us
    if decision.answers:
        return  # the reader wrote first (a team that sent an RFP): no list send
    from ..kinds import Sign

    if decision.sign == Sign.ROLE_GREETING:
        return  # the greeting itself is the only sign of a pitch: no evidence of one
    shown = " ".join(doc.text_of(span).split())
    yield ctx.finding(
        span,
        f"'{shown}' greets a crowd: a one-to-one email should greet one person",
        suggestion="Greet one person by name: 'Hi {{ first_name }},'",
    )


def _anchor(doc) -> Span:
    """Where a whole-message finding points: the greeting, else the first sentence."""
    for kind in ("greeting", "opening"):
        section = doc.section(kind)
        if section is not None:
            return section.span
    content = doc.analysis.content
    return Span(content.start, content.start)


#: a text's greeting in lower case that names its reader, sharing its line with the first
#: sentence: "hi linda, it's dwight.", "hey dwayne its corey." (no greeting section, so no
#: greeting name either)
_TEXTED_NAME = lazy(
    r"\s*(?:hi|hey|hello|hiya|heya|dear)[ \t]+([a-z][a-z'\u2019-]+)"
    r"(?:[ \t]*[,!]|[ \t]+(?:it['\u2019]?s|this[ \t]+is)\b)"
)


#: the same greeting with a capitalised name, on the message's first line, as a DM, a text or a
#: two-line reply opens: "Kia ora Hemi, your talk...", "Thanks Ruth - here are three slots",
#: or the name alone as the vocative, before a comma or a dash and the sentence it starts
#: ("Gareth, I help...", "Joel - saw the Brixton nursery opens in January")
_INLINE_NAME = lazy(
    r"\s*(?:(?i:hi|hey|hello|hiya|heya|dear|morning|kia[ \t]+ora|g['\u2019]day|thanks|"
    r"thank[ \t]+you|cheers)[ \t]+([A-Z][a-z'\u2019-]+)(?:[ \t]*[,!]|[ \t]+[-\u2013\u2014][ \t])"
    r"|([A-Z][a-z'\u2019-]+)(?:[ \t]*,|[ \t]+[-\u2013\u2014])[ \t]+(?:I\b|[a-z]))"
)
#: capitalised first words that are no name: "Congratulations, you...", "Sorry, ...",
#: "Honestly, ..." (and any -ly adverb), folded
_NOT_A_VOCATIVE = frozenset(
    [
        "congratulations",
        "congrats",
        "sorry",
        "apologies",
        "yes",
        "no",
        "okay",
        "ok",
        "well",
        "so",
        "also",
        "again",
        "anyway",
        "quick",
        "great",
        "good",
        "update",
        "reminder",
        "note",
        "thanks",
        "cheers",
        "welcome",
        "attention",
        "important",
        "urgent",
    ]
)


def _texted_name(doc) -> bool:
    """Whether a message with no greeting line opens by naming its reader, as a text or a DM
    does ("hi linda, it's dwight.", "Kia ora Hemi, your talk...", "Gareth, I help..."): a
    name in the greeting, written on the first line.

    Session 13 (ic14): the capitalised forms. Writers 11, 12, 16 and 18 open DMs, texts and
    short replies with the reader's name before a comma or a dash ("Rosa, your thread on...",
    "Ines - saw Norvale is moving...", "Dennis - last note from me"); writer18 labels three
    such first touches not blast ("name present so not blast")."""
    body = doc.section("body")
    if body is None or doc.section("greeting") is not None:
        return False
    m = _TEXTED_NAME.match(doc.prose, body.span.start)
    if m is not None:
        name = m.group(1)
    else:
        m = _INLINE_NAME.match(doc.prose, body.span.start)
        if m is None:
            return False
        name = (m.group(1) or m.group(2)).lower()
        if name in _NOT_A_VOCATIVE or name.endswith("ly"):
            return False
    return name not in GENERIC_ADDRESSEES and name not in GENERIC_FIRST and name not in ROLE_NOUNS


def _crowd_without_pitch(decision) -> bool:
    """Whether nothing but a request for time says "stranger": no sign of any kind, or only
    "30 minutes of your time", "a 20-minute call with me". A crowd greeting with only that is
    an update asking people who know us for an hour (session 17, bl18: writer 6's investor
    updates; "Hi all,"/"Hi everyone," is labelled clean by writers 6, 8, 11 and 16, 12 of 12)."""
    from ..kinds import Sign

    return decision.assumed or decision.sign == Sign.TIME_ASK


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
has. A text, a DM or a short reply that names its reader on its first line, without a
greeting line ("Gareth, I help...", "Kia ora Hemi, your talk...", "Thanks Ruth - here are..."),
is greeted by name. What fails is the same words for every recipient. A message that greets a
group ("Hi all,")
and shows no sign of any kind, not even of a pitch, or none but a request for time ("a
20-minute call with me"), is an update to people who know the sender (a founder's investor
update) and is not judged.
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
    if analysis.personalization or analysis.greeting_name or _texted_name(doc):
        return
    if _crowd_without_pitch(doc.kind_decision) and _greets_crowd(doc) is not None:
        # "Hi all,", "Dear residents of Stryd y Bont," on a message with no sign of a pitch:
        # a notice or an update to people who know us, not a list blast; BL108 leaves it alone
        # for the same reason
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


RULES = [
    no_personalization,
    first_name_only,
    segment_without_specifics,
    group_greeting,
    company_field_as_example,
]
