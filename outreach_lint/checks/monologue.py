"""Monologue: copy that talks at the reader instead of starting a conversation.

No question, too many words for the kind of message, walls of text, and several asks at once.
All four read the shared :class:`~outreach_lint.analysis.Analysis` of the document.
"""

from __future__ import annotations

import re

from ..model import RuleOption, Span
from ..rules import rule

_KIND_LIMITS = ("first-touch", "follow-up", "breakup", "customer", "newsletter")


@rule(
    code="MO150",
    name="no-question",
    category="monologue",
    severity="warning",
    summary="The message asks the reader nothing",
    instead=(
        "End with one easy question about the reader's situation, answerable in a line. "
        "Instead of 'Let me know if you are interested.', write 'Is claim time something you "
        "are looking at this quarter?'"
    ),
    rationale="""
A sales email is the first line of a conversation, and a conversation needs the other person's
turn. Without a question the reader has nothing to answer, so the easiest reply is none: the
message is a broadcast. One easy, specific question about their situation ("How are you handling
the audit backlog today?") invites a reply and tells you whether there is anything to talk about.
A question mark is not enough on its own when the question is about us ("Want to see our
demo?"); ask about the reader. Breakup notes and newsletters are not judged by default, nor
is a message whose kind nothing says (no declaration, and no sign in its words of a first touch
or of anything else): it is as often a customer notice or a reply that needs no question. Such a
message is judged, though, when its subject continues a thread ("Re: the Q1 hiring plan"): a
real reply to the reader says so (a header, thanks for their message), so what is left is the
sender's own next message in a conversation, and a follow-up that asks nothing. There the
finding is reported only when the message shows a second sign, another rule's finding about the
copy (a lazy bump, pressure, an opener about the sender), but not one in the "Re:" subject
itself, which the thread's first message wrote: on later writers' sets such a note
that shows nothing else was more often a reply that delivers what was asked (a quote, an
answer, an acknowledgement) than a follow-up owing a question (`thread-alone = true` reports it
alone).
A message that only its words make a follow-up (thanks for the call, "as promised", a
reference to our earlier email, a quoted message) is judged with the same second sign: alone,
such a note was a delivery of what the reader asked for (the quote, the update, the report) on
later writers' sets, while a lazy or pushy follow-up shows it in another rule's finding
(`inferred-follow-up-alone = true` reports it alone).
Nor is a reply to the reader's own message (an In-Reply-To or References header, a file its path
calls a reply, or thanks for their email, question or introduction, and no reference back to an
earlier message of ours such as "per my last email"): the reader spoke last, and an answer that gives them what they asked
for needs no question of its own. A note after a sales call is still judged: it follows up our
pitch. Nor is a message greeted as a group ("Hi all,", "Dear friends,") that only signs in its
words make a first touch: an investor update or an appeal to members is list mail to people who
know the sender. The same holds for a crowd named by a plural role ("Attention contractors!",
"Dear MerchantCon speakers,") when that greeting is the only sign of a first touch.
""",
    kinds=("first-touch", "follow-up"),
    kinds_help="Message kinds the rule judges (see 'Message kinds' for how a kind is decided)",
    options=(
        RuleOption(
            "min-words",
            10,
            "Messages with fewer words are not judged, except a short follow-up (see short-bumps)",
        ),
        RuleOption(
            "short-bumps",
            True,
            "Judge a follow-up under min-words when another rule flags it too (a lazy bump: "
            "'Just following up on the below.'); false leaves every short message alone",
        ),
        RuleOption(
            "assumed-first-touch",
            False,
            "Also judge a message that is a first touch only by assumption: nothing declares "
            "its kind and its words show no sign of a first touch or of another kind",
        ),
        RuleOption(
            "replies",
            False,
            "Also judge a reply to the reader's own message: an In-Reply-To or References "
            "header, or thanks for their email or question, and no reference back to an "
            "earlier message of ours",
        ),
        RuleOption(
            "group-greeting",
            False,
            "Also judge a message that greets a group ('Hi all,', 'Dear friends,') when only "
            "signs in its words make it a first touch",
        ),
        RuleOption(
            "thread-alone",
            False,
            "Report a note in a thread whose kind nothing says ('Re:' subject, no other sign) "
            "even when no other rule flags the message",
        ),
        RuleOption(
            "inferred-follow-up-alone",
            False,
            "Report a follow-up known only by its words (a reference to our earlier message or "
            "to a call, 'as promised', a quoted message) even when no other rule flags it",
        ),
    ),
    bad=(
        "Hi Dana,\n\nYour returns page says refunds take up to 30 days. Shoppers who wait that "
        "long tend to file chargebacks, and every one costs a fee on top of the refund.\n\n"
        "We cut refund times to two days for stores like yours.\n\nBest,\nSam",
    ),
    good=(
        "Hi Dana,\n\nYour returns page says refunds take up to 30 days. Shoppers who wait that "
        "long tend to file chargebacks, and every one costs a fee on top of the refund.\n\n"
        "Is refund speed something your team is looking at this year?\n\nBest,\nSam",
    ),
)
def no_question(doc, ctx):
    analysis = doc.analysis
    if analysis.questions:
        return
    in_thread = doc.kind_decision.assumed and not ctx.options["assumed-first-touch"]
    if in_thread and not _continues_thread(doc):
        return
    # a few words ("Thanks, got it.") are judged only in a follow-up or a note into a thread,
    # and only with a second sign: there a lazy bump ("Just following up on the below.")
    # owes the reader a question whatever its length (guide 18)
    short = analysis.word_count < ctx.options["min-words"]
    if short and not (
        ctx.options["short-bumps"]
        and analysis.sentences
        and (in_thread or doc.kind_decision.kind == "follow-up")
    ):
        return
    if doc.kind_decision.answers and not ctx.options["replies"]:
        return
    if _inferred_group_mail(doc) and not ctx.options["group-greeting"]:
        return
    last = analysis.sentences[-1]
    finding = ctx.finding(
        last.span,
        "No question to the reader anywhere in the message: there is nothing for them to answer",
        suggestion="End with one easy question about the reader's situation, "
        "e.g. 'How are you handling this today?'",
    )
    if (
        (in_thread and not ctx.options["thread-alone"])
        or short
        or (_inferred_follow_up(doc) and not ctx.options["inferred-follow-up-alone"])
    ):
        # a note in a thread whose kind nothing says: a real reply that delivers what was asked
        # (a quote, an answer, an acknowledgement) needs no question, and looks the same; the
        # sender's pushy or lazy next note shows it elsewhere too (engine.drop_uncorroborated).
        # A follow-up of a few words is judged the same way: alone it is an acknowledgement,
        # a lazy bump shows it in the follow-up rules' findings
        finding = finding.with_(needs_second_sign=True)
    yield finding


def _inferred_follow_up(doc) -> bool:
    """Whether only the message's words make it a follow-up ("Thank you for the call on
    Tuesday. As promised, attached are...", "update as promised:", a forwarded thread): such a
    note that asks nothing is as often a delivery of what the reader asked for (a quote, an
    update, a document) as a follow-up owing a question. Over main and dev-4..21 (session 17,
    mo18) MO150 alone on such a note was wrong 3 times in 3 (writers 9, 10, 18); the 52
    labelled monologue all showed another finding (a lazy bump, pressure, a blast greeting),
    as the lazy or pushy follow-up of guide 18 does."""
    decision = doc.kind_decision
    return decision.kind == "follow-up" and decision.source == "content"


def _continues_thread(doc) -> bool:
    """Whether the subject continues a thread ("Re: the Q1 hiring plan") while nothing else
    says which kind the message is: a note sent into a conversation under way. A real reply to
    the reader carries an In-Reply-To header or thanks them for their message, and is decided
    (and left alone) before this; what is left is the sender's own next message in the thread.
    Five writers (7-10, 12) label 10 of 11 such messages that ask nothing a monologue; on
    writers 12-20 at first look it was 8 right to 12 wrong, and the right ones showed another
    finding (a lazy bump, pressure, a sender-first opener) 6 times in 8 against 5 in 12 for the
    wrong ones, so the finding asks for that second sign (engine.drop_uncorroborated)."""
    from ..kinds import replies_in_subject

    return replies_in_subject(doc.subject)


def _inferred_group_mail(doc) -> bool:
    from ..kinds import inferred_group_mail

    return inferred_group_mail(doc)


@rule(
    code="MO151",
    name="too-long",
    category="monologue",
    severity="warning",
    summary="More words than the kind of message should take",
    instead=(
        "Cut to the reader's situation, one insight and one question; move the rest to a "
        "linked page. A first touch fits in 50-125 words; a follow-up rarely needs more than "
        "its first email did."
    ),
    rationale="""
Length is a cost you ask the reader to pay before they know you. Boomerang's analysis of over
40 million emails found reply rates peaked for messages of 50 to 125 words and fell steadily
after; most sales-engagement studies agree that a cold first touch should read in under a
minute on a phone. A long first touch usually explains our product; cut it to the reader's
situation, one insight and one question, and keep the rest for when they ask. The count covers
the content only (greeting, signature, unsubscribe footer and a quoted earlier message
excluded); a limit of 0 turns a kind off. Follow-ups and breakup notes have limits of their
own, looser than a first touch's: they write to someone who already has the context, and what
makes one longer is usually what it owes them (a recap after a call, the numbers they asked
for, what their membership paid for). Over the labelled sets no writer marks a follow-up or a
breakup of up to 177 words a monologue for its length; past 200 words a follow-up is a second
pitch, and a breakup note past 150 is pleading (`max-words-follow-up = 125` judges follow-ups
as a first touch). Nor are newsletters and customer emails judged. Nor is a
message whose kind nothing says (no declaration, and no sign in its words of a first touch or of
anything else): a long message with no sign of a pitch is as often a customer notice, an update
to people who know the sender or a reply, whose length is theirs to judge
(`assumed-first-touch = true` judges it as a first touch).
""",
    options=(
        RuleOption("max-words-first-touch", 125, "Word limit for a first touch (0: off)"),
        RuleOption("max-words-follow-up", 200, "Word limit for a follow-up (0: off)"),
        RuleOption("max-words-breakup", 150, "Word limit for a breakup note (0: off)"),
        RuleOption("max-words-customer", 0, "Word limit for customer emails (0: off)"),
        RuleOption("max-words-newsletter", 0, "Word limit for newsletters (0: off)"),
        RuleOption("max-words-other", 0, "Word limit for any other `kind:` (0: off)"),
        RuleOption(
            "assumed-first-touch",
            False,
            "Also judge a message that is a first touch only by assumption: nothing declares "
            "its kind and its words show no sign of a first touch or of another kind",
        ),
    ),
    bad=(
        "Hi Ana,\n\n"
        + "Our platform automates invoice matching, vendor onboarding and approvals. " * 15
        + "\n\nWould that help?\n\nBest,\nSam",
    ),
    good=(
        "Hi Ana,\n\nYour AP team posted two open roles this month. Matching invoices by hand "
        "usually takes a third of a clerk's week.\n\nHow much of that is still manual for you?"
        "\n\nBest,\nSam",
    ),
)
def too_long(doc, ctx):
    kind = doc.message_kind
    key = f"max-words-{kind}" if kind in _KIND_LIMITS else "max-words-other"
    limit = ctx.options[key]
    analysis = doc.analysis
    if limit <= 0 or analysis.word_count <= limit:
        return
    if doc.kind_decision.assumed and not ctx.options["assumed-first-touch"]:
        return
    # the earlier message a reply quotes is not the sender's words: count up to it
    quoted = doc.quoted_reply_start
    sentences = [s for s in analysis.sentences if quoted is None or s.span.start < quoted]
    count = sum(len(s.words) for s in sentences) if quoted is not None else analysis.word_count
    if count <= limit or not sentences:
        return
    # point at the sentence where the message crosses the limit
    seen = 0
    where = sentences[-1].span
    for sentence in sentences:
        seen += len(sentence.words)
        if seen > limit:
            where = sentence.span
            break
    yield ctx.finding(
        where,
        f"{count} words for a {kind} (limit {limit}); the message crosses the limit here",
        suggestion="Cut to the reader's situation, one insight and one question; "
        "offer the details for when they reply.",
    )


@rule(
    code="MO152",
    name="wall-of-text",
    category="monologue",
    severity="warning",
    summary="A paragraph too long to read on a phone",
    instead=(
        "Split the paragraph where the idea changes: one to three short sentences per "
        "paragraph, a blank line between them, so it reads on a phone."
    ),
    rationale="""
Most outreach is first opened on a phone, where a 90-word paragraph fills the screen as a grey
block. A wall of text signals effort the reader has to spend, so they skim or postpone it, and a
postponed email is rarely answered. Short paragraphs of one to three sentences, with white space
between ideas, let the reader see the point and the question at a glance. Split the paragraph
where the idea changes, and cut what is about us. The earlier message a reply quotes ("On Mon,
Dana wrote:", lines quoted with ">", "-----Original Message-----") is the reader's own text
and is not judged.
""",
    options=(
        RuleOption("max-words", 75, "Most words in one paragraph"),
        RuleOption(
            "max-sentences", 0, "Most sentences in one paragraph (0: off; length is in words)"
        ),
    ),
    bad=(
        "Hi Lee,\n\n"
        + "We work with many clinics on intake, scheduling, reminders, billing and reporting. " * 8
        + "\n\nBest,\nSam",
    ),
    good=(
        "Hi Lee,\n\nYour clinic's intake form runs to four pages.\n\n"
        "Clinics that cut it to one page usually see fewer no-shows.\n\n"
        "Would a one-page example be useful?\n\nBest,\nSam",
    ),
)
def wall_of_text(doc, ctx):
    max_words = ctx.options["max-words"]
    max_sentences = ctx.options["max-sentences"]
    for para in doc.analysis.paragraphs:
        too_many_words = para.words > max_words
        too_many_sentences = max_sentences > 0 and para.sentences > max_sentences
        if not (too_many_words or too_many_sentences):
            continue
        # the earlier message a reply quotes ("On Mon, Dana wrote:", "> ...", "-----Original
        # Message-----") is the reader's text, not a wall the sender wrote (MO151 stops
        # counting there too)
        quoted = doc.quoted_reply_start
        if quoted is not None and para.span.start >= quoted:
            break
        end = doc.prose.find("\n", para.span.start, para.span.end)
        end = para.span.end if end == -1 else end
        while end > para.span.start and doc.prose[end - 1] in " \t":
            end -= 1  # a CRLF file's line ends in a space in the prose (unix_line_breaks)
        first_line = Span(para.span.start, end)
        yield ctx.finding(
            first_line,
            f"A wall of text: this paragraph has {para.words} words and {para.sentences} "
            f"sentences (limits {max_words} words, {max_sentences} sentences)",
            suggestion="Split it where the idea changes: one to three short sentences per paragraph.",
        )


@rule(
    code="MO153",
    name="several-asks",
    category="monologue",
    severity="warning",
    summary="More than one call to action",
    instead=(
        "Keep the one ask that matters most, ideally a question they can answer in one line, "
        "and drop or defer the rest. Instead of 'Reply with your POS system, forward this to "
        "purchasing, or book a call', write 'Which POS do you use today?'"
    ),
    rationale="""
Every extra ask makes the reply harder: the reader has to choose between booking a call,
forwarding the note, trying the product and answering a question, and choosing is work, so
they postpone, and the email is lost. A relationship starts with one small, easy step. Pick the
single ask that matters most for this message (usually a question they can answer in one line)
and save the others for later messages. Asks are requests to act: book or schedule a call,
reply with something, forward or refer, sign up or start a trial, click or download, review or
fill in a survey. A series of requests is one ask per request, whatever their kind: "Contact
your rep, schedule a site survey, download our calculator and follow us on LinkedIn" asks four
things, and so does a to-do list of "Download the app / Enroll in e-statements / Refer a
friend" (three or more in a row in a message that greets the reader; two joined by "and",
"Sign it and send it back", are one step, and requests joined by "or" are ways to take one). "Reply with a time for a call" is one ask, not two, and so are "Click here
to register" (the link is the way to take the ask after it) and "Open to a call? Which day
suits you?": a question that only asks how to take the ask beside it. Nor is
"Did you get a chance to review my last email?" an ask of its own: it is the bump (FU101);
nor a rhetorical question ("Did you know...?", "Ready to grow your revenue?"), which asks the
reader nothing they could answer. In a newsletter (or any list mail: an unsubscribe footer, no
greeting, a newsletter's folder) only stacked requests to act count: a question to the reader or
an invitation to reply ("Which part of your close takes longest?", "Hit reply and tell us")
beside the one link the issue is about ("Register here") asks for their view, not for a second
action. So too in a message whose kind nothing says (no declaration, and no sign in its words
of a first touch or of anything else): it is as often customer mail, a reply or an invitation
to people who know the sender as a cold email, and there a question beside its one link
("Which cheese should we set aside? Sign up here") asks for their view; stacked requests to
act still count (`assumed-first-touch = true` counts every ask, as in a first touch). In a
reply to the reader's own request (a demo request, an enquiry: see MO150), time slots or a
booking link are what they asked for, not an ask of ours. In a template, the branches of an
if/else (`{{#if}}..{{else}}`, `{% if %}..{% elif %}..{% else %}`, `*|IF:|*..*|ELSE:|*`) are
alternatives, and each reader gets one: only the asks of the branch with the most count.
""",
    options=(
        RuleOption("max-asks", 1, "Most calls to action in one message"),
        RuleOption(
            "newsletter-replies",
            False,
            "Also count a question or a request to reply as an ask in a newsletter",
        ),
        RuleOption(
            "assumed-first-touch",
            False,
            "Also count a question or a request to reply as an ask in a message that is a "
            "first touch only by assumption: nothing declares its kind and its words show no "
            "sign of a first touch or of another kind",
        ),
    ),
    bad=(
        "Hi Grace,\n\nRunning two bookstores often means ordering the same title twice.\n\n"
        "Could you reply with your current POS system? Also, feel free to forward this to "
        "whoever handles purchasing, or book a time on my calendar.\n\nBest,\nMarco",
    ),
    good=(
        "Hi Grace,\n\nRunning two bookstores often means ordering the same title twice.\n\n"
        "Would it help if I sent the checklist other two-store owners use to keep stock in "
        "sync?\n\nBest,\nMarco",
    ),
)
def several_asks(doc, ctx):
    asks = doc.analysis.asks
    list_like = doc.message_kind == "newsletter" and not ctx.options["newsletter-replies"]
    if doc.kind_decision.assumed and not ctx.options["assumed-first-touch"]:
        list_like = True
    if list_like:
        # guide call 5: a newsletter's question or "reply and tell us" beside its one link asks
        # for the reader's view, not for a second action; stacked requests still count. A
        # message whose kind nothing says is read the same way: on writers 9-11, 17 and 20 a
        # question beside one link there was wrong as a second ask 6 times out of 7
        asks = tuple(a for a in asks if a.kind not in ("question", "reply"))
    if doc.kind_decision.answers:
        # a reply to the reader's own demo request or enquiry: the slots or the booking link are
        # what they asked for (writer 18's call 3, writer 19), not a meeting ask of ours
        asks = tuple(a for a in asks if a.kind != "meeting")
    limit = ctx.options["max-asks"]
    if len(asks) <= limit:
        # a series of requests ("Contact your rep, schedule a site survey, download our ROI
        # calculator, and follow us on LinkedIn") is one ask per request, though the patterns
        # see each kind once; a stacked request counts in list mail too (guide call 5)
        series = doc.analysis.request_series
        if len(series) <= limit:
            return
        kept = {a.sentence for a in series}
        asks = tuple(
            sorted(
                (*(a for a in asks if a.sentence not in kept), *series),
                key=lambda a: a.span.start,
            )
        )
    # a template's if/else branches are alternatives: one reader gets one of them, so the asks
    # of the branch with the most count, not those of every branch together
    asks = _one_branch(doc, asks)
    if len(asks) <= limit:
        return
    extra = asks[limit]
    listed = ", ".join(_ask_label(doc, a) for a in asks)
    yield ctx.finding(
        extra.span,
        f"{len(asks)} asks in one message ({listed}); the reader has to choose, so they postpone",
        suggestion="Keep the one ask that matters most, ideally a question they can answer in "
        "one line; move the others to a later message.",
    )


def _one_branch(doc, asks: tuple) -> tuple:
    """The asks one reader can receive: where the copy has template branches
    (``{{#if}}..{{else}}..{{/if}}``, ``{% if %}..{% elif %}..{% else %}``, ``*|IF:|*..*|ELSE:|*``)
    only the branch with the most asks counts, at every level of nesting. The prose keeps every
    branch in place (so every branch is linted); a sequence step that writes "Did this land on
    your end?" for one reader and "Any movement on the reference call?" for another asks each of
    them once (session 16, mo17: writer 17's reference-step2)."""
    source = doc.source
    if "{{" not in source and "{%" not in source and "*|" not in source:
        return asks
    from ..mergetags import scan

    found = scan(source)
    middles = [b for b in found.blocks if b.role == "middle"]
    if not middles:
        return asks
    closed = [(o, c) for o, c in found.pairs if c is not None]
    # each else belongs to the innermost block of its dialect around it
    cuts: dict[int, list[int]] = {}
    for tag in middles:
        around = [
            i
            for i, (o, c) in enumerate(closed)
            if o.dialect == tag.dialect
            and o.span.end <= tag.span.start
            and tag.span.end <= c.span.start
        ]
        if around:
            inner = max(around, key=lambda i: closed[i][0].span.start)
            cuts.setdefault(inner, []).append(tag.span.start)
    if not cuts:
        return asks

    def path(ask) -> tuple:
        at = doc.to_source(ask.span).start
        steps = []
        for i, marks in cuts.items():
            opener, closer = closed[i]
            if opener.span.end <= at < closer.span.start:
                steps.append((opener.span.start, i, sum(1 for m in marks if m <= at)))
        return tuple((i, branch) for _, i, branch in sorted(steps))

    def pick(items: list, depth: int) -> list:
        kept = [a for a, p in items if len(p) <= depth]
        blocks: dict[int, dict[int, list]] = {}
        for a, p in items:
            if len(p) > depth:
                block, branch = p[depth]
                blocks.setdefault(block, {}).setdefault(branch, []).append((a, p))
        for branches in blocks.values():
            best: list = []
            for branch in sorted(branches):
                chosen = pick(branches[branch], depth + 1)
                if len(chosen) > len(best):
                    best = chosen
            kept.extend(best)
        return kept

    kept = pick([(a, path(a)) for a in asks], 0)
    return tuple(sorted(kept, key=lambda a: a.span.start))


def _ask_label(doc, ask) -> str:
    # masked markup leaves spaces before punctuation ('**Subject**:' -> 'Subject :'); close them
    words = re.sub(r"\s+([,.;:!?])", r"\1", doc.text_of(ask.span)).split()
    if ask.kind in ("question", "request") and len(words) > 6:
        return "'" + " ".join(words[:6]) + ("...?'" if ask.kind == "question" else "...'")
    return "'" + " ".join(words) + "'"


RULES = [no_question, too_long, wall_of_text, several_asks]
