"""Empty bumps: a short follow-up that points back at our last email and adds nothing.

FU101-FU103 catch the stock wording ("just checking in", "bumping this to the top of your
inbox", "any update?"). Writers reword the bump endlessly ("Any movement on this?", "Did this
get buried?", "Popping this back to the top of your pile"), but a bump keeps its shape: the
message is short, it refers to an earlier message or nudges it, and it carries nothing new: no
fact, no figure, no link or attachment, no name, no question about the reader's situation.
Every other sentence of the message must be short filler or a courtesy ("Let me know your
thoughts!"); a sentence of its own (an argument, a plea, a scarcity claim) means the message is
something else, judged by other rules. FU150 checks that shape, so a follow-up that opens with "Following up on my last email" and
then gives a new number passes, and one that rewords the nudge is still caught.
"""

from __future__ import annotations

import re

from ..analysis import MONTHS, WEEKDAYS
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule
from .pressure import _NEGATED

# calendar words and their short forms: a number next to one is a date, not a fact (folded)
_MONTHS_DAYS = "|".join(
    sorted(
        MONTHS
        | WEEKDAYS
        | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
        | {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
    )
)

# the message nudges, or points back at our earlier message (folded text)
_NUDGE = lazy(
    r"\b(?:bump(?:s|ed|ing)?|nudg(?:e|es|ed|ing)|ping(?:s|ed|ing)?|re-?surfac\w*|"
    r"float(?:s|ing)? (?:this|it|my \w+)|"
    r"(?:bring|brings|bringing|brought|pop|pops|popping|move|moving|push|pushing|put|putting|"
    r"send|sending|get|getting) (?:this|it|my \w+) (?:back|up|to the top)|"
    r"back (?:to|on) (?:the top|your (?:attention|radar|desk|plate|list))|"
    r"top of your (?:inbox|pile|list|queue|stack|mind)|reviv\w+ (?:this|the|my)|"
    r"(?:get|got|gets|getting|gone|went) (?:buried|lost|missed|overlooked)|buried|"
    r"slip(?:ped|s)? through the cracks|"
    r"(?:send|sending|resend|resending|forward|forwarding|share|sharing) (?:this|it|my \w+)"
    r"(?: over| along| across)? (?:again|one more time|once more)|"
    r"in case (?:it|this|my \w+) (?:got|went|was|ended)|"
    r"did you (?:see|get|catch|receive|read) (?:this|my|it)|"
    r"(?:if|whether) you (?:saw|got|caught|received|read|had a chance)|"
    r"(?:had|have|get|got) (?:a (?:chance|moment|minute)|(?:the )?time) to (?:look|read|review|see|"
    r"go through|check)|"
    r"any (?:movement|thoughts|news|progress|updates?|word|feedback|luck)|"
    r"(?:still|back) on your radar|(?:following|follow) (?:on|up) (?:from|on) my|"
    r"my (?:last|previous|earlier|prior|original|first) (?:email|note|message|mail|reply)s?|"
    r"(?:the|my) (?:email|note|message|mail) (?:i sent|below|from|of)|the below|see below|"
    r"(?:on|to|regarding|about) (?:my )?below (?:mail|email|message|note)|"
    r"this thread|circling back|checking (?:in|back|whether|if)|touching base|following up|"
    r"(?:did|has) (?:this|it) (?:get|reach|land)|circl(?:e|es|ing) (?:this|it) back|"
    r"(?:if|whether) you(?:'d| had| have)? (?:seen|saw|read|got|gotten)|"
    r"(?:seen|saw|read|got|gotten|received) my (?:email|note|message|mail)s?|"
    r"(?:fall|fell|fallen|falls|slip|slipped|drop|dropped) (?:off|past|through) your "
    r"(?:list|radar|plate|desk|inbox)|re-?up(?:ping|ped)? (?:this|it)|"
    r"(?:slipped|slip) past you|raising this again|(?:what|how) you think about my)\b"
)
# "this will be my last email", "this is my last note": the final one, announced by a breakup, not
# the previous one pointed back at (nine readable breakups by seven writers say it; session 12, ks13)
_FINAL_LEAD = re.compile(
    r"\b(?:this|it|that)(?:'s| is| will be|'ll be| is going to be| would be)(?: also)? $"
)
# something new: a link, an attachment, a figure, an update, a correction (folded text)
_NEW = lazy(
    r"https?:|www\.|\b(?:attach(?:ed|ing)|enclos(?:ed|ing)|here(?:'s| is| are) (?:the|a|an|"
    r"two|three|some|what|how)|as promised|you (?:asked|mentioned|said|told|requested|wanted|needed|raised|flagged|reported)|"
    r"(?:an |one |quick |small )?update:|(?:good|some|big) news|since (?:then|we spoke|my last|"
    r"our call|last week)|new|now (?:live|available|includes|supports)|shipped|launched|"
    r"released|forgot|wrong|correction|revised|updated|i've added|added|changed|"
    r"found|case study|data point|example)\b"
)
# a number that is a fact, not a date or an hour ("18%", "11 days", "$400")
_FIGURE = lazy(
    rf"\$\s?\d|\d+(?:[.,]\d+)?\s?%|\b\d+(?:[.,]\d+)?\b(?!\s?(?:st|nd|rd|th|am|pm|:)\b)"
    rf"(?!\s(?:{_MONTHS_DAYS})\b)"
)
# a question that asks nothing new ("Any thoughts?", "Is it still on your radar?")
_GENERIC_QUESTION = lazy(
    r"\b(?:thoughts|radar|interested|interest|worth|make sense|good time|open to|priority|"
    r"a chance|see (?:this|it|my)|get (?:this|it|my)|still (?:relevant|a fit|on)|"
    r"should i|shall i|would you|could you|can you|let me know)\b"
)
# a closing courtesy, not content ("Let me know your thoughts!", "Thanks in advance.")
_COURTESY = lazy(
    r"\b(?:let me know|thanks|thank you|appreciate|happy to|hope|cheers|have a (?:great|good))\b"
)
# a capitalized word inside a sentence: a name, a product, a place (new content)
_PROPER = lazy(r"(?<=[a-z,;:] )[A-Z][a-z]+")
_NOT_NAMES = frozenset(
    ["I", "I'm", "I've", "I'll", "I'd", "Hi", "Hello", "Thanks", "Best", "Regards", "Cheers"]
    + [w.capitalize() for w in _MONTHS_DAYS.split("|")]
)


_STANDALONE_WORDS = 8


def _adds_something(doc, analysis, folded: str, nudge_sentence: int, strict: bool = True) -> bool:
    """Does the message carry anything new beyond the nudge?"""
    if _NEW.search(folded) or _FIGURE.search(folded):
        return True
    content = analysis.content
    in_source = doc.to_source(content)
    source = doc.source[in_source.start : in_source.end]
    if "http" in source or "www." in source:
        return True
    prose = doc.prose
    for i, sentence in enumerate(analysis.sentences):
        text = prose[sentence.span.start : sentence.span.end]
        if any(m.group() not in _NOT_NAMES for m in _PROPER.finditer(text)):
            return True
        if i == nudge_sentence:
            continue
        low = folded[sentence.span.start - content.start : sentence.span.end - content.start]
        if _NUDGE.search(low):
            continue
        if sentence.question:
            if not _GENERIC_QUESTION.search(low):
                return True  # a question about the reader's situation
        elif strict and len(sentence.words) > 7 and not _COURTESY.search(low):
            return True  # a sentence of its own: an argument, a claim, a plea
    return False


@rule(
    code="FU150",
    name="empty-bump",
    category="follow-up",
    summary="A short follow-up that only points back at the last email and adds nothing new",
    message="This follow-up only nudges the last email: it gives the reader nothing new to "
    "reply to",
    suggestion="Replace the nudge with one new thing: a fact, a resource, or a question about "
    "the reader's situation.",
    instead=(
        "Make the follow-up stand on its own with one new thing. Instead of 'Any movement on "
        "this?', write 'One number I left out: Fenwick's returns team cut refund time from 9 "
        "days to 4 with the same setup. Is refund time still the bottleneck for you?'"
    ),
    rationale="""
A bump ("Any movement on this?", "Did this get buried?", "Popping this back to the top of your
pile") tells the reader only that we want an answer. It adds nothing to reply to, puts the work
of finding and rereading the earlier email on them, and reads as impatience. Reworded bumps are
endless, but the shape is fixed: a short message that refers to our earlier one and carries no
new fact, figure, link, name or question about the reader's situation. A follow-up that earns
a reply brings one new thing and makes the answer easy. A follow-up that mentions the last
email and then adds a number, a link, an attachment, a correction or a real question about the
reader is not flagged, nor is a longer message (over `max-words`).
""",
    kinds=("first-touch", "follow-up", "breakup"),
    options=(
        RuleOption("max-words", 40, "Longest message (words in the content) judged as a bump"),
    ),
    bad=(
        "Hi Sam,\n\nAny movement on this?\n\nBest,\nAlex",
        "Hi Sam,\n\nDid this get buried? Popping it back to the top of your pile.\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nFollowing up on my last email with the one number I forgot: the migration "
        "took Fenwick 11 days.\n\nBest,\nAlex",
        "Hi Sam,\n\nSince we spoke, your team posted a RevOps job. Is that hire connected to "
        "the reporting project?\n\nBest,\nAlex",
    ),
)
def empty_bump(doc, ctx):
    analysis = doc.analysis
    if analysis.word_count > ctx.options["max-words"] or not analysis.sentences:
        return
    folded = analysis.folded
    base = analysis.content.start
    for i, sentence in enumerate(analysis.sentences):
        lo = sentence.span.start - base
        text = folded[lo : sentence.span.end - base]
        for m in _NUDGE.finditer(text):
            if analysis.is_quoted(sentence.span.start + m.start()):
                continue
            if _NEGATED.search(text, max(0, m.start() - 30), m.start()):
                continue
            if m.group().startswith("my last") and _FINAL_LEAD.search(
                text, max(0, m.start() - 30), m.start()
            ):
                continue  # "this will be my last email": the final one, not the previous one
            # a bump on its own line ("Did this get buried?") stays a bump whatever follows,
            # unless something new follows; a nudge inside a longer sentence needs the rest of
            # the message to be filler
            standalone = len(sentence.words) <= _STANDALONE_WORDS
            if _adds_something(doc, analysis, folded, i, strict=not standalone):
                return
            yield ctx.finding(Span(sentence.span.start, sentence.span.end))
            return


RULES = [empty_bump]
