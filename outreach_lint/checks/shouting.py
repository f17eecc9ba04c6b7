"""Shouting: ALL CAPS words and piles of exclamation marks.

The hard part is acronyms: CRM, ROI, SOC, HIPAA, API, OSHA, HVAC are how professionals write, and
flagging them would make the rule useless for B2B copy. An all-caps token is shouting when it is
a common English word (FREE, NOW, HUGE, NEVER, EVERY), or when it is six letters or longer and
not a known acronym (GUARANTEED, INCREDIBLE). Other short all-caps tokens are taken as acronyms.
Tokens with digits (B2B, SOC2, 10X), single letters and user-allowed words are never shouting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule

# the capital first and the look-behind after it (it looks back past the capital), so ``re``
# skips to a capital in C instead of trying the look-behind at every character; the same
# matches as :data:`_CAPS_TOKEN_REFERENCE` (tests/test_fast_patterns.py)
_CAPS_TOKEN = re.compile(r"[A-Z](?<![\w'\u2019-].)[A-Z'\u2019-]*[A-Z](?![\w'\u2019-])")
_CAPS_TOKEN_REFERENCE = r"(?<![\w'\u2019-])[A-Z][A-Z'\u2019-]*[A-Z](?![\w'\u2019-])"
_RUN_GAP = lazy(r"^[ \t,&:;.!-]{1,3}$")


def _words(text: str) -> list[str]:
    """A word list written as one block of text (easier to read and extend than a list)."""
    return text.split()


#: common English words that are shouting when written in capitals (2 to 5 letters, plus a few
#: longer hype words); short tokens not listed here are treated as acronyms. LEFT and SOLD are
#: listed as well as loud (session 19, sj20): "24 HOURS LEFT" shouted nothing while both its
#: words read as acronyms (dev-25's subject, labelled; hy19 saw the shape on writers 20 and
#: 22). HOURS, ALERT and FLASH stay loud only: alone they head a notice ("HOLIDAY HOURS",
#: "AMBER ALERT"), and beside LEFT, ONLY or SALE the run shouts anyway
SHOUT_WORDS = frozenset(
    _words(
        """
    a about act after again all also always am an and any are as ask at away back bad be been
    best big but buy by call can cash cheap come could day days deal deals did do does don done
    down each easy else end ends even ever every fast few final find first for free from fun
    get gets give go goes going gone good got great had has have he help her here hey hi him his
    hot how huge if in into is it its just keep kind know last late less let like live look lose
    lot love low made make many may me miss money more most much must my need never new next
    no not note now of off oh ok on once one only or other our out over own pay plus price
    quick read ready real rich risk safe sale same save says see sell she should show sign
    so some soon start still stop such sure take than that the them then there they thing this
    those time to today too top true try turn until up urgent us use very wait want was way
    we well were what when where which while who why will win with won word work wow yes yet
    you your yours left sold
    act absolutely amazing attention biggest bonus breaking cheaper discount exclusive expires
    finally forever game changer changing changer guarantee guaranteed hurry important
    incredible insane instant limited
    massive miracle never notice offer offers really reminder revolutionary secret seriously
    special stunning totally ultimate unbelievable urgent winner
    """
    )
)
#: acronyms and initialisms that are normal in business copy even though they are long or
#: look like words; extend with the rule's ``allow`` option
ACRONYMS = frozenset(
    _words(
        """
    PASTOR CHAMP AIDA ASHRAE NASDAQ NYSE FINRA HIPAA GDPR CCPA OSHA HVAC COVID MEDDIC MEDDPICC SPICED BANT GAAP
    IFRS SOX SOC ISO PCI DSS FERPA COPPA CAN-SPAM NATO NASA UNICEF FEMA EBITDA ARR MRR
    SAAS PAAS IAAS CRM ERP CPQ SDR BDR AE CSM CFO CEO CTO COO CMO CRO CIO CISO VP SVP EVP
    ROI KPI OKR API SDK SQL AWS GCP SEO SEM PPC CPC CPM CTA B2B B2C DTC USA UK EU US IT
    AI ML NLP LLM GPT UX UI QA PR HR OK TV PS PPS AM PM ID FAQ PDF CSV HTML CSS URL NPS CSAT
    LATAM EMEA APAC DACH NORAM ASAP FYI RSVP ETA EOD EOW EOQ YOY QOQ MOM TBD TLDR
    LLC INC LTD GMBH PLC CPA MBA PHD MD RN DDS DMD NP PA JD
    """
    )
)


#: words that are the push or the claim themselves when shouted: urgency (NOW, TODAY, LAST,
#: HURRY), the offer (FREE, SALE, SAVE, DEAL), size and praise (HUGE, BEST, AMAZING), intensifiers
#: (SO, REALLY, TOTALLY), emphatic negation and totality (NOT, NEVER, ONLY, EVERY, MUST), the
#: reader singled out (YOU, YOUR) and the news as an alarm (ALERT, DEADLINE, HOURS LEFT, JUST
#: SOLD, IT'S BACK, IT'S HERE); with any "n't" contraction and any long word with an English
#: ending (GUARANTEED, AMAZING, TOTALLY; :func:`_english_word`) they make a run of capitals *loud*.
#: Capitals with no loud word (a function word, a short name, a long unlisted term: "the OR
#: time", "FOR IMMEDIATE RELEASE", "HAZWOPER", "buildings A-D") are as often a name, a label or
#: a keyword as a shout, so HY150 reports them only with a second sign (see :func:`all_caps`)
LOUD_WORDS = frozenset(
    _words(
        """
    act all always any best big bonus buy cash cheap cheaper deal deals discount easy end ends
    ever every exclusive expires fast final finally forever free good great guarantee
    guaranteed hot huge hurry important incredible instant last late limited lose love low
    massive miss money must never new no not notice now off offer offers only pay price quick
    ready real really rich risk sale save secret sell serious seriously so soon special stop
    stunning sure today tonight tomorrow too top totally true ultimate unbelievable urgent
    very wait want win winner won wow yes you your yours absolutely amazing attention biggest
    breaking game changer changing insane miracle reminder revolutionary
    alert back deadline flash gone here hours just left sold
    """
    )
)


#: the weak sign a run of capitals with no loud word is (``Finding.needs_second_sign``): HY150 in
#: the body and SJ151 in the subject name it alike, so plain capitals seen twice ("SAFE" in the
#: subject and the body, "SDVOSB" and "NAVSEA") are one sign, not two (session 16, sj17: at first
#: look, writers 4-22 less 16, 18, 20, the 8 messages whose only findings were plain capitals
#: were all clean, on six writers; three of them had two such findings)
PLAIN_CAPITALS = "plain capitals"


#: company legal forms that are also English words in capitals ("Fjordtech AS", Norway's
#: aksjeselskap; "Vidyapath Technologies PRIVATE LIMITED", the form Indian, UK and Commonwealth
#: companies register, which writer 18 lists with "Ltd" and "Pty Ltd" as no hype); after a
#: capitalized name they are part of it, not shouting
_LEGAL_FORMS = frozenset(["AS", "LIMITED", "PRIVATE"])
_NAME_BEFORE = lazy(r"\b[A-Z][a-z][\w&'.-]*[ \t]+(?:PRIVATE[ \t]+)?$")
#: "PRIVATE" is a legal form only before "LIMITED" or "LTD" ("... PRIVATE LIMITED")
_PRIVATE_FORM = lazy(r"[ \t]+(?:LIMITED|LTD)\b")
#: what joins two names in a list ("C-TPAT and FAST lanes", "ISO/IEC", "NAICS, CAGE")
_COORDINATION = lazy(r"^(?:[ \t]*[,/&][ \t]*|[ \t]+(?:and|or|&)[ \t]+)$")
#: closed-class words (conjunctions, prepositions, pronouns, auxiliaries) that English never puts
#: right after an article or a possessive; in capitals there they spell a name, not a shout: an
#: operating room ("your OR", dev-22), a director of nursing ("your DON", dev-13), "the WHO
#: guidance", "the CAN bus". Words that can be nouns ("a MUST", "your ONLY", "the BEST") are
#: not in the list and still shout after "the" or "your"
_FUNCTION_WORDS = frozenset(
    _words(
        "and or but nor for to of in on at by from with into if is are was were be been do does "
        "did don he she we they it him them us me who as"
    )
)
#: an article or a possessive right before a token (never "her" or "that": "tell her NOT to",
#: "that IS the point" put a function word after them)
_ARTICLES = r"[Aa]n?|[Tt]he|[Yy]our|[Oo]ur|[Tt]heir|[Mm]y|[Ii]ts"
_ARTICLE_BEFORE = lazy(r"(?<![\w'\u2019-])(?:" + _ARTICLES + r")[ \t]+$")
#: a registration or trademark sign right after a token: the brand's own spelling ("REALTORS®")
_MARKS = ("\u00ae", "\u2122")
_VOWELS = frozenset("AEIOUY")
#: the consonant pairs an English word can start with (STRONG, GROWTH, THREE, SCHOOL); a long
#: capitalized token that starts with any other pair (SDVOSB, NTSB) is an initialism
_ONSETS = frozenset(
    _words(
        "BL BR CH CL CR DR DW FL FR GH GL GN GR KN KR PH PL PN PR PS QU RH SC SH SK SL SM SN SP SQ "
        "ST SV SW TH TR TS TW VL WH WR"
    )
)
#: how many other unknown acronyms make a text jargon (see _jargon_register); chosen
#: leave-one-writer-out over the labelled sets (1 lost hits on two writers; 3 or more kept a
#: false positive on the writer whose jargon it is)
_JARGON_MIN_ACRONYMS = 2
#: an initialism at the head of a hyphenated compound ("SBA-certified", "NELAP-accredited")
_COMPOUND_INITIALISM = lazy(r"(?<![\w'\u2019-])([A-Z]{3,})-[a-z]")
#: endings of English words (EXPLOSIVE, GUARANTEED, AMAZING, TOTALLY): a long capitalized token
#: that ends in one is a word being shouted, whatever jargon stands around it
_ENGLISH_ENDING = lazy(
    r"(?:ED|ING|INGS|LY|IVE|OUS|ABLE|IBLE|TION|TIONS|MENT|MENTS|NESS|FUL|LESS|EST|IER|IEST|ERS)$"
)


def caps_runs(text: str, start: int, end: int, allow: Iterable[str] = ()) -> Iterator[Span]:
    """Spans of shouted words in ``text[start:end]``; adjacent shouted words form one span.

    A run that mixes acronyms and shouted words ("BUY CRM NOW") is one span; an acronym next
    to a shouted word is part of the shout, an acronym alone is not.

    Names in capitals that no list holds (agencies, programmes, certifications: NAVSEA,
    SDVOSB, FAST as a customs programme) are told from shouting by how they are written, not
    by a longer list:

    - a long token that starts with two consonants no English word starts with is an
      initialism (SDVOSB), not a word anyone shouts;
    - a token alone in brackets is an abbreviation being defined ("(NAVSEA)");
    - a token listed with an acronym ("C-TPAT and FAST lanes", "NAICS, CAGE") is one more
      name in the list;
    - a long token that is no shout word and has no English word ending (-ED, -ING, -IVE...),
      in text that names two or more other unknown acronyms and shouts nothing else, is the
      writer's jargon (a public-sector or trade register), not emphasis;
    - a run whose only shout words are the little words of a title, between two or more words
      that are no shouts, is a title ("THE DRY RIVER"; :func:`_title`).
    """
    allowed = {a.upper() for a in allow} | ACRONYMS
    # [span, word, letters, is_shout], lists because the passes below may clear is_shout
    tokens: list[list] = []
    for m in _CAPS_TOKEN.finditer(text, start, end):
        word = m.group()
        letters = word.replace("'", "").replace("\u2019", "").replace("-", "")
        is_shout = _is_shout(word, letters, allowed)
        if (
            is_shout
            and word in _LEGAL_FORMS
            and _NAME_BEFORE.search(text, max(start, m.start() - 40), m.start())
            and (word != "PRIVATE" or _PRIVATE_FORM.match(text, m.end(), end))
        ):
            is_shout = False  # "Fjordtech AS", "Harbor Foods LIMITED": the company's legal form
        if is_shout and _named_not_shouted(text, m.start(), m.end(), letters, start, end):
            is_shout = False
        if (
            is_shout
            and not letters.endswith("EST")
            and _noun_head(text, m.start(), m.end(), start, end)
        ):
            is_shout = False
        if is_shout and _name_by_grammar(text, m.start(), m.end(), letters, start, end):
            is_shout = False
        tokens.append([Span(m.start(), m.end()), word, letters, is_shout])
    if not tokens:
        return
    _names_in_lists(text, tokens, allowed)
    _jargon_register(text, tokens, allowed, start, end)
    run: list[list] = []  # the tokens of the current run
    shouted = False
    for token in tokens:
        span, is_shout = token[0], token[3]
        if run and _RUN_GAP.match(text[run[-1][0].end : span.start]) and (is_shout or shouted):
            run.append(token)
            shouted = shouted or is_shout
            continue
        if run and shouted and not _title(run):
            yield Span(run[0][0].start, run[-1][0].end)
        run, shouted = [token], is_shout
    if run and shouted and not _title(run):
        yield Span(run[0][0].start, run[-1][0].end)


#: the little words of a title ("THE DRY RIVER", "A TALE OF TWO CITIES")
_TITLE_LINKS = frozenset(_words("the a an of and or in on at to for by with from"))


def _title(run: list[list]) -> bool:
    """A run whose only shouted words are the little words of a title, between two or more
    words that are not shouts, is a name written in capitals (a manuscript's title in a query
    letter, "THE DRY RIVER"), not emphasis: a shout carries a loud word (FREE, NOW, LAST)."""
    shouts = [t for t in run if t[3]]
    return all(t[2].lower() in _TITLE_LINKS for t in shouts) and len(run) - len(shouts) >= 2


def _is_shout(word: str, letters: str, allowed: set[str]) -> bool:
    if word in allowed or letters in allowed:
        return False
    low = letters.lower()
    if low in SHOUT_WORDS:
        return True
    base = word.lower().split("'")[0].split("\u2019")[0]
    if base in SHOUT_WORDS and "'" in word.replace("\u2019", "'"):
        return True  # DON'T, WON'T, IT'S
    if "-" in word:
        # GAME-CHANGING shouts; FRESNO-OPS, COVID-19 style identifiers do not, nor a range of
        # single letters ("buildings A-D", "rows A-F": dev-12), whose "A" is no word
        # a long part that is an English word shouts too ("PRE-APPROVED", dev-13): the same test
        # as an unhyphenated token (six letters or more with an English ending)
        return any(
            p.lower() in SHOUT_WORDS or _english_word(p) for p in word.split("-") if len(p) > 1
        )
    return len(letters) >= 6


def _named_not_shouted(
    text: str, begin: int, stop: int, letters: str, start: int, end: int
) -> bool:
    """A token that is no shout word and is written as a name: an initialism, or in brackets."""
    if letters.lower() in SHOUT_WORDS:
        return False
    if (
        len(letters) >= 6
        and letters[0] not in _VOWELS
        and letters[1] not in _VOWELS
        and letters[:2] not in _ONSETS
    ):
        return True  # SDVOSB, NTSB-style: no English word starts that way
    return begin > start and stop < end and text[begin - 1] == "(" and text[stop] == ")"


#: a determiner before the token (the articles and possessives above, and "his"/"her", which
#: may precede a noun), with at most one hyphenated modifier ("a post-money SAFE", "your DON",
#: "the README")
_DETERMINER_BEFORE = lazy(
    r"(?<![\w'\u2019-])(?:" + _ARTICLES + r"|[Hh]is|[Hh]er)[ \t]+(?:[a-z]+-[a-z]+[ \t]+)?$"
)
#: ... and after it what follows a noun, not what an adjective modifies: a verb of saying, the
#: next noun phrase or a preposition ("the README says", "show your DON the log", "the demo unit
#: in your OR on any Thursday"); not "and" ("the NEW and improved", "the BEST and brightest"
#: shout), nor a compound ("a FREE in-home estimate")
_NOUN_AFTER = lazy(
    r"[ \t]+(?:the|a|an|says|said|shows|showed|lists|listed|notes|noted|mentions|mentioned|"
    r"asked|wants|on|in|at|during|before|after)(?![\w'\u2019-])"
)


def _noun_head(text: str, begin: int, stop: int, start: int, end: int) -> bool:
    """A capitalized word that heads its noun phrase is a term or a title, not emphasis: after a
    determiner and before a verb of saying or another noun phrase ("the README says", "show
    your DON the delivery log": writers 19 and 13).
    Shouting modifies the noun after it ("a HUGE discount", "your FREE trial") or stands alone
    ("Act NOW.")."""
    return (
        _DETERMINER_BEFORE.search(text, max(start, begin - 30), begin) is not None
        and _NOUN_AFTER.match(text, stop, end) is not None
    )


def _name_by_grammar(text: str, begin: int, stop: int, letters: str, start: int, end: int) -> bool:
    """A token whose place says it is a name: a function word after an article or a possessive
    ("your OR", "the WHO"), or a word the writer marks as registered ("REALTORS\u00ae")."""
    if stop < end and text[stop] in _MARKS:
        return True
    return letters.lower() in _FUNCTION_WORDS and (
        _ARTICLE_BEFORE.search(text, max(start, begin - 12), begin) is not None
    )


def _is_acronym(token, allowed: set[str]) -> bool:
    """A capitalized token that names something: a known acronym, or not shouted and no word."""
    _span, word, letters, is_shout = token
    if word in allowed or letters in allowed:
        return True
    return not is_shout and letters.lower() not in SHOUT_WORDS


def _names_in_lists(text: str, tokens: list, allowed: set[str]) -> None:
    """Clear the shout of a token joined to an acronym by a list word ("C-TPAT and FAST")."""
    for i, token in enumerate(tokens):
        if not token[3]:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(tokens) or not _is_acronym(tokens[j], allowed):
                continue
            left, right = (tokens[j], token) if j < i else (token, tokens[j])
            gap = text[left[0].end : right[0].start]
            if not _COORDINATION.match(gap):
                continue
            # the shouted neighbour on the other side keeps the run a shout ("FREE and FAST")
            k = i + 1 if j < i else i - 1
            if (
                0 <= k < len(tokens)
                and tokens[k][3]
                and _RUN_GAP.match(
                    text[
                        min(token[0].end, tokens[k][0].end) : max(
                            token[0].start, tokens[k][0].start
                        )
                    ]
                )
            ):
                continue
            token[3] = False
            break


def _jargon_register(text: str, tokens: list, allowed: set[str], start: int, end: int) -> None:
    """In text full of unknown acronyms that shouts nothing else, a long unlisted token is one
    more name (NAVSEA beside SDVOSB and NAICS), not a shout."""
    shouts = [t for t in tokens if t[3]]
    if not shouts or any(t[2].lower() in SHOUT_WORDS for t in shouts):
        return  # a listed shout word (FREE, NOW, HUGE) says the writer does shout
    unknown = {
        t[2]
        for t in tokens
        if not t[3] and t[1] not in allowed and t[2] not in allowed and len(t[2]) >= 3
    }
    # an initialism that prefixes a compound is a name of the register too ("an SBA-certified
    # small business", "a NELAP-accredited lab": dev-12), though it is no token of its own
    unknown.update(
        m.group(1)
        for m in _COMPOUND_INITIALISM.finditer(text, start, end)
        if m.group(1) not in allowed and m.group(1).lower() not in SHOUT_WORDS
    )
    if len(unknown) < _JARGON_MIN_ACRONYMS:
        return
    for t in shouts:
        if not _ENGLISH_ENDING.search(t[2]):
            t[3] = False


@rule(
    code="HY150",
    name="all-caps",
    category="hype",
    severity="warning",
    summary="Words in ALL CAPS (shouting), not acronyms",
    instead=(
        "Write the word in normal case and let a specific detail carry the weight. Instead of "
        "'This is a HUGE opportunity', write 'Northwind cut claim time from 9 days to 4.' "
        "Real acronyms (CRM, SaaS) stay as they are; add your own with the `allow` option."
    ),
    rationale="""
Capitals read as shouting. In a message to someone you have not met they say "I need your
attention more than I respect it", and spam filters weigh them the same way. Relational copy
earns attention with something specific about the reader, not with volume. Write the word in
normal case; if it matters, make the sentence around it matter. Acronyms (CRM, ROI, SOC, HIPAA,
API, OSHA) are fine and are not flagged; add house acronyms and product names with the `allow`
option. Discount codes after "code", a keyword the reader is told to type ("Reply STOP to opt
out"), words in quotation marks (a quoted subject line is someone else's shouting) and the
subject line (see the subject rules) are not judged. Capitals whose place makes them a name
are not shouting either: a function word right after an article or a possessive ("your OR",
"the WHO guidance"), a word marked as registered ("REALTORS®") and a title in capitals whose
only common words are the little words of a title ("THE DRY RIVER"). Capitals with no loud word
(no urgency, offer, praise or intensifier such as NOW, FREE, HUGE, REALLY, and no long word
with an English ending such as GUARANTEED) are reported only when another rule flags the
message's selling too (a list send, a push, hype or a bait subject): alone, they were a name, a
label or a keyword ("FOR IMMEDIATE RELEASE", "HAZWOPER", "buildings A-D") in all four such
cases on new writers' copy, and beside a fault of shape alone (no question, an opener about us,
a lazy bump) a name with its number ("OR 3", the operating room; "SECURE 2.0"). Such capitals
seen twice, in the body or in the subject (SJ151), are one sign, not two ("SDVOSB" and
"NAVSEA"; "SAFE" in the subject and the body).
""",
    options=(
        RuleOption("allow", (), "Extra all-caps words that are not shouting (acronyms, names)"),
    ),
    bad=(
        "Hi Sam,\n\nThis is a HUGE opportunity and it will NEVER come back.\n\nBest,\nAlex",
        "Hi Sam,\n\nOur clients see results EVERY SINGLE DAY.\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nYour CRM exports feed the ROI model, and the SOC 2 report covers the API "
        "and HIPAA data paths.\n\nBest,\nAlex",
        "Hi Sam,\n\nUse the code RAINY at checkout.\n\nBest,\nAlex",
    ),
)
def all_caps(doc, ctx):
    content = doc.analysis.content
    prose = doc.prose
    analysis = doc.analysis
    for span in caps_runs(prose, content.start, content.end, ctx.options["allow"]):
        if analysis.is_quoted(span.start):
            continue  # a quoted subject line or slogan is someone else's shouting
        if prose[span.start : span.end] in ("ALL CAPS", "CAPS", "CAPS LOCK"):
            continue  # naming the thing ("avoid ALL CAPS") is not doing it
        if span.start > 0 and prose[span.start - 1] == "[":
            continue  # "[ACTION: ...]" is a note to the writer, not copy the reader sees
        before = prose[max(content.start, span.start - 12) : span.start].lower()
        if re.search(r"\b(?:code|coupon|promo|voucher)[: ]+$", before):
            continue
        word = prose[span.start : span.end]
        if (
            " " not in word
            and word not in _NOT_KEYWORDS
            and re.search(
                r"\b(?:reply|text|txt|send|type|respond)(?:[ \t]+with)?[: \t]+[\"'\u201c]?$",
                prose[max(content.start, span.start - 16) : span.start].lower(),
            )
        ):
            continue  # a keyword the reader types ("Reply STOP to opt out", "text YES")
        if " " not in word and _KEYWORD_AFTER.match(prose, span.end, content.end):
            continue  # the opt-out keyword named by what it does ("STOP to opt out", dev-11)
        finding = ctx.finding(
            span,
            f"'{prose[span.start : span.end]}' is shouting: capitals read as pressure, not emphasis",
            suggestion="Write it in normal case; let the specific detail carry the weight.",
        )
        if not loud(word):
            # session 15 (sj16): on writers 12-20 at first look, capitals with no loud word that
            # were the message's only finding were names, labels and keywords 4 times in 4 (A-D,
            # HAZWOPER, "your DON", FOR IMMEDIATE RELEASE; writers 12, 13, 15), and no such lone
            # finding is a labelled hit on any readable set; with another sign they are mostly
            # emphasis ("WE DID IT AGAIN", "DISAPPEAR"): engine.drop_uncorroborated
            finding = finding.with_(needs_second_sign=PLAIN_CAPITALS)
        yield finding


def loud(run: str) -> bool:
    """Whether a run of capitals holds a loud word (:data:`LOUD_WORDS`, a "n't" contraction
    such as DON'T, or a long word with an English ending such as GUARANTEED)."""
    for m in _CAPS_TOKEN.finditer(run):
        word = m.group()
        for part in word.split("-"):
            low = part.lower().replace("\u2019", "'")
            if low.split("'")[0] in LOUD_WORDS or low.endswith("n't"):
                return True
            if _english_word(part.replace("'", "").replace("\u2019", "")):
                return True
    return False


def _english_word(letters: str) -> bool:
    """Whether a token of six letters or more ends as English words do (-ED, -ING, -IVE...):
    a word shouted (PRE-APPROVED, GUARANTEED), not an acronym or a code (HAZWOPER, SDVOSB)."""
    return len(letters) >= 6 and _ENGLISH_ENDING.search(letters) is not None


# a social formula said with a "!": a well-wish or a cheer ("Hope you have a great week ahead!",
# "Have a nice day!", "Happy Friday!", "Go Hawks!"); three such on two writers (dev-9, dev-12)
# pushed a plain message over the limit. Excitement about the offer is not in this class.
_PLEASANTRY = lazy(
    r"(?:(?:i |we )?hope (?:you|your|everyone|all)\b[^.!?\n\d%$]{0,50}?\b(?:day|week|weekend|"
    r"holidays?|break|summer|season|evening|morning|ahead|well)|"
    r"have a (?:great|good|nice|lovely|wonderful|happy|restful|safe|fantastic|relaxing) "
    r"(?:rest of (?:the |your )?)?(?:day|week|weekend|evening|morning|afternoon|holiday|holidays|"
    r"break|summer|season|one|trip)(?: ahead| off| everyone| all)?|"
    r"enjoy (?:the|your) (?:rest of (?:the |your )?)?(?:weekend|week|day|holidays?|break|summer|"
    r"evening)|happy (?:monday|tuesday|wednesday|thursday|friday|holidays|new year|thanksgiving|"
    r"hump day)|go (?-i:[A-Z][\w'-]+(?: [A-Z][\w'-]+)?))\s*",
    re.I,
)
_SENTENCE_START = lazy(r"[.!?\n]\s*(?=[^.!?\n]*$)")


def _is_pleasantry(prose: str, lo: int, at: int) -> bool:
    """Is the sentence that ends at ``at`` (the "!") a well-wish or a cheer?"""
    before = prose[max(lo, at - 120) : at]
    m = _SENTENCE_START.search(before)
    sentence = before[m.end() :] if m else before
    return _PLEASANTRY.fullmatch(sentence.strip()) is not None


#: what a keyword does, right after it: "STOP to opt out", "HELP for help", "END to unsubscribe"
_KEYWORD_AFTER = lazy(
    r"[ \t]+(?:to|for)[ \t]+(?:opt[ \t-]?out|opt[ \t-]?in|unsubscribe|stop|cancel|end|quit|help|"
    r"subscribe|confirm|get help)\b",
    re.I,
)
#: capitals after "reply" that urge rather than name a keyword to type ("Reply NOW")
_NOT_KEYWORDS = frozenset(("NOW", "TODAY", "ASAP", "FAST", "QUICKLY", "IMMEDIATELY", "SOON"))

# a run of marks must follow a word or a closing quote to be used; "(!!!)" or "no !!!," names it
# "!" first (``re`` finds it with a fast literal search), the look-behind after it; one or
# more further "!" or none is the two alternatives of :data:`_BANGS_REFERENCE` in one
_BANGS = re.compile(r"!(?<=[\w\"'\u201d\u2019)]!)(?:[ \t]*!)*")
_BANGS_REFERENCE = r"(?<=[\w\"'\u201d\u2019)])!(?:[ \t]*!)+|(?<=[\w\"'\u201d\u2019)])!"


@rule(
    code="HY151",
    name="exclamation-overload",
    category="hype",
    severity="warning",
    summary="Repeated or piled-up exclamation marks",
    instead=(
        "Use full stops, and keep one '!' at most, for genuinely good news. Instead of 'Big "
        "news!!! Our new plan is here!!', write 'The new plan is live: storage doubles at the "
        "same price.'"
    ),
    rationale="""
An exclamation mark is borrowed enthusiasm: one can be warm ("Congrats on the launch!"), but
"!!!" or a message where every other sentence ends in "!" reads as a sales pitch trying to
manufacture excitement the reader does not share. It also trips spam filters. Keep at most one,
for something that is genuinely good news for the reader, and let the facts carry the rest. A
doubled mark on its own ("Congrats on the new role!!") is warmth, not a pitch, so a run is
reported from three marks, and a shorter run counts once toward the message's total. A
well-wish or a cheer ("Have a great week!", "Go Hawks!") is a social formula, not excitement
about the offer, and is not counted.
""",
    options=(
        RuleOption(
            "max-marks",
            2,
            "Most exclamation marks in the message content (a shorter run such as '!!' counts "
            "once; a well-wish such as 'Have a great week!' not at all)",
        ),
        RuleOption(
            "min-run",
            3,
            "Fewest exclamation marks in a row reported as a run ('!!!'); a shorter run counts "
            "once toward max-marks",
        ),
    ),
    bad=(
        "Hi Sam,\n\nThis is going to change everything for your team!!!\n\nBest,\nAlex",
        "Hi Sam,\n\nBig news! We launched! It is live! Try it today!\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nCongrats on the launch! The onboarding flow looks sharp.\n\n"
        "How are activation numbers looking so far?\n\nBest,\nAlex",
    ),
)
def exclamation_overload(doc, ctx):
    content = doc.analysis.content
    prose = doc.prose
    count = 0
    reported = False
    analysis = doc.analysis
    for m in _BANGS.finditer(prose, content.start, content.end):
        if analysis.is_quoted(m.start()):
            continue
        marks = m.group().count("!")
        if marks < ctx.options["min-run"] and _is_pleasantry(prose, content.start, m.start()):
            continue  # "Have a great week!", "Go Hawks!": a social formula, not the pitch
        if marks > 1 and marks >= ctx.options["min-run"]:
            yield ctx.finding(
                Span(m.start(), m.end()),
                f"{marks} exclamation marks in a row read as hype",
                suggestion="Use a full stop; keep one '!' at most, for real good news.",
            )
            reported = True
            continue
        before = count
        count += 1  # a shorter run ("!!") is one piece of warmth, not two
        limit = ctx.options["max-marks"]
        if before <= limit < count and not reported:
            yield ctx.finding(
                Span(m.start(), m.end()),
                f"More than {ctx.options['max-marks']} exclamation marks in one message "
                "read as manufactured excitement",
                suggestion="Keep one '!' at most, for real good news; end the rest with a full stop.",
            )


RULES = [all_caps, exclamation_overload]
