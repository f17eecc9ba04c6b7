"""Pressure shapes without stock words: PR156 (a consequence of not acting) and PR157 (acting
on the reader's behalf before they said yes).

PR156: a consequence attached to the reader's not acting ("if ... not ..., X will ...").

The stock pressure phrases ("last chance", "act now") and the word-class rules look for a clock,
a loss or a count. Much pressure carries none of their words and keeps one grammatical shape
instead: a condition that something is NOT done, and a consequence that follows from it.

- "If this isn't resolved by Monday, this will be escalated to your manager."
- "If we don't get help now, families will go hungry."
- "I may have to archive the project if nobody steps up."
- "You'd better put a deposit down now or it'll be gone."
- "If I don't hear back, I'll close your file and move on."
- "Please confirm today, otherwise this offer will not be available from tomorrow."
- "Claim your badge before it's offered to a competitor in your category."

In the labelled sets of the readable writers (tests/corpus, dev-4 .. dev-10, holdout-4 and the
bench/dev sets) 35 messages hold a sentence of this shape once the two exceptions below are
applied; 34 are labelled pressure, and they come from twelve writers. The two exceptions are
the shape's honest uses, each seen in several writers:

- the condition is the reader's FIT or preference, not an action left undone ("if now isn't
  the time", "if 7pm doesn't work for you", "if forecasting isn't a priority", "unless you'd
  rather I didn't");
- the consequence is our help or a door left open ("... just say so and I'll check back in the
  spring", "reply and we'll talk through the starter plan", "I'll leave it with you").

An "unless" clause counts only when it is about us or the reader ("unless I hear otherwise");
"the charge will fail unless it's updated" is a fact about a card. Quoted speech and a reply to
the reader's own message (:func:`pressure.answers_reader`) are left alone, as in PR150-PR155.
"""

from __future__ import annotations

import re

from ..asciire import ascii_twin
from ..lazyre import lazy
from ..rules import rule
from .pressure import accepts_no, answers_reader

# a negated condition: something not done, nobody doing it
# ("if unclaimed": the participle of a step the reader has not taken)
_NEGATION = lazy(
    r"\bnot\b|n't\b|\bnobody\b|\bno one\b|\bnever\b|\bno\b|"
    r"\bun(?:claimed|confirmed|answered|signed)\b"
)
# a consequence in the future, or one we say we are forced into, or a loss stated in the present
# ("If we don't receive the draft within 24 hours, the payment is forfeited", dev-15; "If the
# deposit isn't in by Friday, the booking is void", "miss it and you lose the rate"): a payment,
# a booking or a price taken away, not a state a notice describes ("the account is paused")
_CONSEQUENCE = (
    r"(?:\bwill\b|'ll\b|\b(?:may|might) (?:have to|need to)\b|"
    r"\b(?:am|are|is|'m|'re) going to\b|\bhave to\b|\bno choice\b|\bwon't\b|"
    r"\b(?:is|are|gets?|becomes?) (?:forfeited|void(?:ed)?|revoked|withdrawn)\b|"
    r"\byou lose\b(?! (?:nothing|no\b))"
    r")"
)
# "if/unless <condition> <consequence>" and "<consequence> if/unless <condition>"
_CONDITION_FIRST = ascii_twin(
    re.compile(r"\b(?:if|unless)\b(?P<c>[^.;!?]{0,90}?)(?P<q>" + _CONSEQUENCE + r"[^.;!?]*)")
)
_CONSEQUENCE_FIRST = ascii_twin(
    re.compile(r"(?P<q>" + _CONSEQUENCE + r"[^.;!?]*?)\b(?:if|unless)\b(?P<c>[^.;!?]*)")
)
# "... now, or it'll be gone": an ultimatum with the loss after "or"
# (a time word or a deadline before "or": "now or it'll be gone", "wire by Thursday or you'll
# miss out")
_OR_ELSE = re.compile(
    r"\b(?:now|today|tonight|tomorrow|quick(?:ly)?|fast|soon|asap|right away|"
    r"by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end of \w+|\d+\w*))\b"
    r"[^.;!?]{0,25}"
    r"\bor (?:else )?(?:it|they|you|we|this|that|the [a-z]+)(?:'ll| will| might| may| won't)\b"
)
# "..., otherwise <consequence>": the condition is the request before it ("let me know by
# tomorrow, otherwise I'll have to offer the terms to the next company", "please confirm
# today, otherwise this offer will not be available")
_OTHERWISE = re.compile(
    r"\b(?:otherwise|or else)\b(?P<q>[^.;!?]*?(?:\bwill\b|'ll\b|\bwon't\b|"
    r"\b(?:may|might) (?:have to|need to|not|no longer)\b)[^.;!?]*)"
)
# "... before it's gone", "before someone else takes it", "before it's offered to a
# competitor": the loss that follows if the reader does not act now
_BEFORE_LOSS = re.compile(
    r"\bbefore (?:it's|it is|they're|they are|it gets|they get) (?:gone|offered to|given to|"
    r"taken|snapped up)\b|\bbefore (?:someone|somebody|anyone|a competitor|another \w+) "
    r"(?:else )?(?:does|grabs|takes|gets|books|claims|snaps|finds|buys|signs)\b"
)
# the reader's place passes to a rival once a window closes or an ultimatum runs out ("Please
# confirm within 72 hours, or the slot goes to the next candidate on our list", "remit the fee
# within 5 business days, after which your slot will be offered to another candidate": pay-to-speak
# invitations by writers 14, 16 and 17); not a waiting-list policy with its date ("after that it
# goes to the waiting list", "unrenewed seats go to the waiting list": renewal notices by
# writers 8, 12 and 20, all clean), where the place goes to a queue, not to someone who wants it
_TO_RIVAL = re.compile(
    r"\b(?:goes|go|will\s+go|(?:will|'ll)\s+be\s+(?:offered|given|passed|handed|released|"
    r"reallocated))\s+(?:on\s+|over\s+)?to\s+(?:another|the\s+next|someone\s+else|"
    r"somebody\s+else|other)\b"
)
# ... after a window or an ultimatum in the same sentence
_WINDOW = lazy(r"\b(?:or|within|after which|unless|otherwise)\b")
# the condition is the reader's fit or preference, not an action left undone
_FIT = lazy(
    r"\b(?:work(?:s|ing)? (?:for|out)|(?:a |the )?(?:good |right )?fit|priority|"
    r"(?:the |right )?time\b|timing|rather|prefer|needed|sure|need it|relevant|useful|"
    r"on your (?:list|radar)|it's easier|the case|that's not it|that isn't it|ever)\b"
)
# the consequence is our help or a door left open
_HELP = lazy(
    r"\b(?:say so|let (?:me|us) know|reply|tell (?:me|us)|check (?:back|in)|circle back|"
    r"leave it|talk|look|answer|happy to|you can|feel free|"
    r"no (?:worries|problem|hard feelings)|understand|fair|move your|note it)\b"
)
# the consequence is that nothing changes for the reader: their usual order, plan or rate carries
# on ("If you don't choose, we'll send your usual: two veggie, one fish", dev-15). The same
# status-quo family is relief for PR150 and the frames ("keeps its current rate", "nothing
# changes", "carries over automatically", from earlier writers)
_STATUS_QUO = re.compile(
    r"\b(?:send|ship|keep|use|renew|continue|stick with|go with|leave)\s+(?:you\s+)?(?:with\s+)?"
    r"(?:your|the)\s+(?:usual|current|regular|default|existing|same)\b|\bnothing changes\b|"
    r"\b(?:stays?|remains?) the same\b|\bas (?:usual|normal|before)\b|\bcarr(?:y|ies) over\b"
)
# whom an "unless" clause is about: us or the reader ("unless I hear otherwise")
_UNLESS_PERSON = lazy(r"\s*(?:i|we|you)\b")


def threat_in(text: str) -> re.Match | None:
    """The first consequence-of-inaction in a sentence (folded: lower case, straight
    apostrophes), or None."""
    if (
        " if " not in f" {text}"
        and "unless" not in text
        and " or " not in text
        and "otherwise" not in text
        and "before" not in text
        and "within" not in text
        and "after which" not in text
    ):
        return None
    if accepts_no(text):
        return None  # "If drayage isn't on your plate this quarter, totally understood, and ..."
    found = _OR_ELSE.search(text) or _BEFORE_LOSS.search(text)
    if found is not None:
        return found
    for m in _TO_RIVAL.finditer(text):
        if _WINDOW.search(text, 0, m.start()):
            return m
    for m in _OTHERWISE.finditer(text):
        if not _HELP.search(m.group("q")):
            return m
    for pattern in (_CONDITION_FIRST, _CONSEQUENCE_FIRST):
        for m in pattern.finditer(text):
            condition, consequence = m.group("c"), m.group("q")
            if "unless" in m.group(0):
                if not _UNLESS_PERSON.match(condition):
                    continue
            elif _NEGATION.search(condition) is None:
                continue
            if _FIT.search(condition) or _HELP.search(condition) or _HELP.search(consequence):
                continue
            if _STATUS_QUO.search(consequence):
                continue  # nothing changes for the reader: no penalty
            return m
    return None


# PR157: we have already done something to the reader's own things, as if they had agreed
# ("I already scheduled your install", "I've gone ahead and pencilled you in", "we have
# already prepared your renewal"): a person acting, a marker that it is done without asking,
# and the reader as the one it is done to or for. A talk or an agreement already had with the
# reader is the opposite: "the pricing and terms we've already agreed, including your redlined
# DPA" (dev-19), "as we've already discussed with your team" recall the reader's own yes
_ACTED_FOR_READER = ascii_twin(
    re.compile(
        r"\b(?:i|we)(?:'ve| have| had)? (?:already |gone ahead and |went ahead and |"
        r"taken the liberty (?:of|to) )(?!(?:\w+ )?(?:agreed|discussed|talked|spoken|spoke|chatted|"
        r"met|mentioned|covered)\b)(?:\w+ )?\w+(?:ed|ing|t)\b[^.;!?]{0,50}\b(?:you|your)\b"
    )
)
# ... or we have gone ahead and drawn up the reader's purchase ("I've gone ahead and prepared an
# order for 5 additional seats", dev-17; "I've gone ahead and attached our standard services
# agreement", main set; "I went ahead and drafted the contract for 25 seats", bench): the order,
# contract or quote is the reader's yes written for them. Not other work done unasked ("I went
# ahead and made the two concepts anyway", dev-5), nor "already sent" (a reminder of a step taken)
_PAPERWORK_FOR_READER = re.compile(
    r"\b(?:i|we)(?:'ve| have)? (?:gone|went) ahead and (?:prepared|drafted|drawn up|drew up|"
    r"raised|created|written up|wrote up|put together|attached|generated|filled (?:in|out))\b"
    r"[^.;!?]{0,30}?\b(?:order(?: form)?|contract|agreement|invoice|purchase order|paperwork|quote|"
    r"statement of work)s?\b"
)
# ... or the reader's paperwork is said to be done already, in the passive ("Our contract is
# already drafted for you", dev-23): the same yes written for them (a renewal's form is a
# customer's routine, guide call 7)
_PAPERWORK_READY = re.compile(
    r"(?<!renewal )\b(?:contract|agreement|order form|paperwork|proposal|purchase order|"
    r"statement of work|sow|docusign|quote)s? (?:is|are|'s|has been|have been) already (?:been )?"
    r"(?:drafted|prepared|drawn up|written up|filled (?:in|out)|raised|generated|created|printed|"
    r"ready)\b[^.;!?]{0,20}?\bfor (?:you|your)\b"
)
# ... and all that is left for the reader is to accept it ("so just accept it when you're
# back", "all you need to do is sign"); a click on a link or a survey is not an acceptance
_ONLY_ACCEPT = ascii_twin(
    re.compile(
        r"\b(?:just|simply|only need to|all you need to do is|all that's left is)\b[^.;!?]{0,10}"
        r"\b(?:accept|confirm|sign|approve|send (?:it |them )?back|countersign|your signature|initial)\b"
    )
)


def presumes_yes(text: str) -> re.Match | None:
    """The first place where a sentence (folded) acts on the reader's behalf or leaves the
    reader only to accept, or None."""
    if "ahead and" in text:
        found = _PAPERWORK_FOR_READER.search(text)
        if found is not None:
            return found
    if "you" not in text:
        return None
    return (
        _ACTED_FOR_READER.search(text)
        or _ONLY_ACCEPT.search(text)
        or (_PAPERWORK_READY.search(text) if " already " in text else None)
    )


def _sentences(doc, test):
    """The content's sentences (not quoted) where ``test`` finds its shape: (span, match)."""
    analysis = doc.analysis
    folded = analysis.folded
    base = analysis.content.start
    for sentence in analysis.sentences:
        start = sentence.span.start
        m = test(folded[start - base : sentence.span.end - base])
        if m is not None and not analysis.is_quoted(start + m.start()):
            yield sentence.span, m


def conditional_only(m: re.Match) -> bool:
    """Whether a PR156 match is only the grammatical conditional ("if ... not ..., X will",
    "..., otherwise X will"), not a loss said outright ("now or it'll be gone", "before it's
    offered to a competitor", "or the slot goes to the next candidate"). The conditional alone
    is grammar: a plan B in an investor update, "if not, you'll still get the recording",
    "otherwise I'll stay out of your way" (every lone first-look finding of PR156 on writers
    12-20, 4 of 4, was this shape and wrong). The outright loss was right each time it fired on
    the readable sets (23 messages, writers 8-18; two of them with nothing else flagged), so
    only the conditional waits for a second sign (engine.drop_uncorroborated)."""
    return m.re not in (_OR_ELSE, _BEFORE_LOSS, _TO_RIVAL)


@rule(
    code="PR156",
    name="consequence-of-inaction",
    category="pressure",
    summary="A consequence tied to the reader's not acting: 'if ... not ..., X will ...', "
    "'... or it'll be gone'",
    message="A threat: something bad is said to follow if the reader does not act, so the "
    "reader acts to avoid it rather than because they want to",
    suggestion="Say what you need and why, and leave the decision to the reader.",
    instead=(
        "State the facts and what you need, without the penalty. Instead of 'If this isn't "
        "resolved by Monday, this will be escalated to your manager', write 'Invoice 4471 is "
        "30 days past due; could you tell me when it's scheduled, or who I should ask?'"
    ),
    rationale="""
"If this isn't resolved by Monday, it will be escalated", "I may have to archive the project if
nobody steps up", "If we don't get help now, families will go hungry", "Put a deposit down now
or it'll be gone", "Confirm today, otherwise the offer will not be available", "Claim it before
it's offered to a competitor": the sentence ties a loss, a
penalty or someone's harm to the reader's not acting. It needs no stock phrase and no date; the
shape is the lever. The reader is given a reason to act that is about avoiding the consequence,
not about wanting what is offered, and readers resent being cornered even when they comply.
Relational selling says what is needed and why, and leaves the choice with the reader. Not
flagged: a condition about the reader's fit or preference ("if now isn't the time, just say so
and I'll check back in the spring"), a consequence that is our help ("if 7pm doesn't work for
you, reply and we'll move your booking"), quoted speech, and a reply to the reader's own message.
The conditional shape ("if ... not ..., X will", "otherwise X will") is reported only with a
second sign in the message (a finding of another rule about the copy, or another sentence
flagged the same way): it is grammar, and on copy by writers the rule had never seen, a message
whose only finding was this sentence was an honest one each time ("if it doesn't work, we'll
change the deposit model" in an investor update, "if not, you'll still get the recording",
"otherwise I'll stay out of your way"). A loss said outright ("now or it'll be gone", "before
it's offered to a competitor", "or the slot goes to the next candidate") is reported alone.
""",
    bad=(
        "Hi Ken,\n\nIf this isn't resolved by Monday, this will be escalated to your manager."
        "\n\nBest,\nSandra",
        "Hi Sam,\n\nAnother buyer is coming at 4, so put a deposit down now or it'll be gone."
        "\n\nBest,\nTrent",
    ),
    good=(
        "Hi Sam,\n\nIf now isn't the time, just say so and I'll check back in the spring."
        "\n\nBest,\nAlex",
        "Hi Sam,\n\nIf 7pm doesn't work for you, reply and we'll move your booking.\n\nBest,\nAlex",
    ),
)
def consequence_of_inaction(doc, ctx):
    if answers_reader(doc):
        return  # a reply to the reader's own message (pressure.answers_reader)
    for span, m in _sentences(doc, threat_in):
        finding = ctx.finding(span)  # the whole sentence: condition and consequence
        yield finding.with_(needs_second_sign=True) if conditional_only(m) else finding


@rule(
    code="PR157",
    name="acted-before-yes",
    category="pressure",
    summary="We have already done something to the reader's own things, or leave them only "
    "to accept: 'I already scheduled your install', 'so just accept the invite'",
    message="Acts as if the reader had already said yes: something is set up for them "
    "without asking, and all that is left is to accept",
    suggestion="Offer the step and ask whether the reader wants it.",
    instead=(
        "Offer the step instead of taking it. Instead of 'I already scheduled your install "
        "for Monday, so we just need your signature', write 'Monday is open for the install "
        "if you decide to go ahead; shall I hold it for you?'"
    ),
    rationale="""
"I already scheduled your install for Monday and ordered the unit", "I've gone ahead and
pencilled you in for Thursday", "I'll send a calendar invite for Tuesday, so just accept it":
the sender acts on the reader's own calendar, order or contract before the reader agreed, and
leaves them only a yes to give. Saying no now means undoing something, so the reader is cornered
into the sale or into an awkward refusal; the relationship pays for it either way. Relational
selling offers the step and waits for the reader to take it. A sentence counts when we say the
thing is already done ("already", "gone ahead and") to the reader or their things, when we "went
ahead and" drew up their order, contract or quote, or when the only thing left for the reader is
to accept, sign or confirm. A link to click is not flagged,
nor is quoted speech or a reply to the reader's own message.
""",
    bad=(
        "Hi Mr. Greer,\n\nI already scheduled your install for Monday and ordered the unit, "
        "so we just need your signature on the attached.\n\nRosa",
        "Hi Noreen,\n\nI'll send over a calendar invite for next Tuesday at 10am, so just "
        "accept it when you're back.\n\nAoife",
    ),
    good=(
        "Hi Mr. Greer,\n\nMonday is open for the install if you decide to go ahead; shall I "
        "hold it for you?\n\nRosa",
        "Hi Sam,\n\nIt takes one question: just click a number below.\n\nBest,\nAlex",
    ),
)
def acted_before_yes(doc, ctx):
    if answers_reader(doc):
        return  # a reply to the reader's own message (pressure.answers_reader)
    for span, _m in _sentences(doc, presumes_yes):
        yield ctx.finding(span)


RULES = [consequence_of_inaction, acted_before_yes]
