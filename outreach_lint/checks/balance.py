"""You-versus-I balance: is the message about the reader or about us?"""

from __future__ import annotations

from ..model import RuleOption
from ..rules import rule


@rule(
    code="IC102",
    corroborate=True,
    name="you-i-balance",
    category="i-centric",
    severity="warning",
    summary="More sentences about us than about the reader",
    instead=(
        "Rewrite from the reader's side: their situation, their goal, one question for them; "
        "keep one short line about us, tied to what they get. Instead of 'We built X. We help "
        "Y. We are proud of Z.', write 'Your team is hiring three SDRs; how long does ramp "
        "take today? Northwind cut theirs in half.'"
    ),
    rationale="""
People read email asking "what is in it for me?". A message whose sentences are mostly about
I, we, our product and our company answers "nothing": it is a monologue about the sender.
Relational selling puts the customer in the spotlight: their goals, their situation, their
question. Rewrite sentences from the reader's side ("You mentioned...", "Your team...") and
keep one line about us, only where it serves them.

How sentences are counted. About us: "I", "we", "our"..., and a sentence that opens with a
name the message signs with ("Kestrel Security has protected banks for fifteen years" in an
email signed "Kestrel Security"). About the reader: "you", "your", merge tags such as {{ company }}
(not the sender's own fields like {{ sender_name }} or [Your Company]), the "we" that includes
the reader ("when we spoke", "we both agreed"), a reaction to something the reader did even
without "you" ("Congrats on the Series B", "Loved the podcast episode", "I noticed the careers
page"), a request addressed to them ("Please delete it"; not "Please find attached our
brochure"), and a question that asks them something other than our meeting. Not about anyone: a
pleasantry ("Hope you're well"), an apology to the reader ("I'm sorry for the slip"), "you" as the object of our pitch ("let me show you",
"companies like yours"), an offer to the reader ("Happy to share it", "we could check your
export"), and a commitment to do something for them ("We'll send the draft by Wednesday", "Our
trainer will run two sessions"; not "we'll help you grow", which is the pitch). Not about us: the pronouns inside a quotation (a customer's "I" is their voice) and
"me" or "us" only as the object ("got me thinking"). A tie goes to the reader when the reader
comes first ("Your talk was the clearest I've seen"), and to us when "we" or "our" opens the
sentence ("Our approach starts with a study of your order profiles": the reader is the object
of our work there).

The rule fires only when sentences about us are more numerous than those about the reader, a
large share of the message, and at least four when any sentence is about the reader (two when
none is), so a short, specific email or reply with a few lines about us is left alone. It judges
selling messages (first touch, follow-up, breakup) by default; newsletters and customer emails
announce our news by design (add them with the `kinds` option). A message that declares no kind
and shows no sign of any kind, not even of a first touch, is left alone (option
`assumed-first-touch`): it is as often a client update or a reply, where "our plan", "our fees"
and "we will" report work done for the reader. A message that answers the reader's own question
or request ("You asked whether...", "Thanks for your question", "Here is the quote you asked
for", "Thanks for getting back to me") is left alone: they asked about us. The reader's quoted message below a reply is not counted.
""",
    kinds=("first-touch", "follow-up", "breakup"),
    kinds_help="Message kinds judged (see 'Message kinds'); announcements to customers are not",
    options=(
        RuleOption(
            "min-ratio", 1.0, "Lowest acceptable ratio of reader sentences to self sentences"
        ),
        RuleOption("min-sentences", 4, "Messages with fewer content sentences are not judged"),
        RuleOption(
            "min-self-sentences", 2, "Fewest self-centred sentences before the rule can fire"
        ),
        RuleOption(
            "min-self-share",
            0.4,
            "Fire only when at least this share of the content's sentences is about us",
        ),
        RuleOption(
            "min-self-sentences-with-reader",
            4,
            "When any sentence is about the reader, the fewest self-centred sentences before "
            "the rule can fire (one or two lines about us in a short, specific email are not "
            "a monologue)",
        ),
        RuleOption(
            "assumed-first-touch",
            False,
            "Also judge a message that is a first touch only by assumption: nothing declares "
            "its kind and its words show no sign of a first touch or of another kind (such a "
            "message is as often a client update or a reply, where lines about our work serve "
            "the reader)",
        ),
    ),
    bad=(
        "Hi Sam,\n\nI run growth at Acme. We built a platform that automates reporting. "
        "Our customers love our dashboards. I would like to show you our roadmap. "
        "We also offer training.\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nYou mentioned your team rebuilds the board report by hand each month. "
        "How long does that take you today? If it is more than a day, we may be able to help. "
        "Would a short write-up of how others handled it be useful to you?\n\nBest,\nAlex",
    ),
)
def you_i_balance(doc, ctx):
    if doc.kind_decision.assumed and not ctx.options["assumed-first-touch"]:
        return
    sentences = doc.analysis.sentences
    if len(sentences) < ctx.options["min-sentences"]:
        return
    from ..kinds import answers_reader_words

    cut = doc.quoted_reply_start
    if cut is not None:
        # the reader's quoted message below a reply is their voice, not ours
        sentences = [s for s in sentences if s.span.start < cut]
        if len(sentences) < ctx.options["min-sentences"]:
            return
    reader = [s for s in sentences if s.about == "reader"]
    selfish = [s for s in sentences if s.about == "self"]
    if len(selfish) < ctx.options["min-self-sentences"]:
        return
    if reader and len(selfish) < ctx.options["min-self-sentences-with-reader"]:
        return
    ratio = len(reader) / len(selfish)
    if ratio >= ctx.options["min-ratio"]:
        return
    if len(selfish) / len(sentences) < ctx.options["min-self-share"]:
        return
    if doc.kind_decision.answers or answers_reader_words(doc):
        # "You asked whether we can finish before the 1st. I can't... What I can do is...":
        # an answer to the reader's own question is about us because they asked about us
        # (kinds.ANSWER_SIGNS, read on the sender's own words above a quoted message, whatever
        # the kind: session 11 (ic12) replaced a local copy of part of that list)
        return
    yield ctx.finding(
        selfish[0].span,
        f"{len(selfish)} sentences are about us and {len(reader)} about the reader "
        f"(ratio {ratio:.2f}, want at least {ctx.options['min-ratio']:g}); "
        "the message reads as a monologue about the sender",
        suggestion="Rewrite from the reader's side: their situation, their goal, one question for them.",
    )


RULES = [you_i_balance]
