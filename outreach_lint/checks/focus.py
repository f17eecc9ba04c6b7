"""Product before person: does the message pitch us before it shows it knows the reader?"""

from __future__ import annotations

import bisect
import re

from ..analysis import READER_WORDS
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..rules import rule

# A sentence that presents us or what we sell (matched on folded text).
_PRODUCT = lazy(
    r"\b(?:our|my)\s+(?:[a-z0-9'-]+\s+){0,3}?(?:products?|platforms?|solutions?|software|tools?|"
    r"apps?|services?|features?|offerings?|technology|suite|system|agency|firm|company|studio|"
    r"api|dashboards?|integrations?|pricing|packages?|product line|startup|engine|network|"
    r"marketplace|program|programme)\b"
    r"|\bwe(?:'re| are)\s+(?:a|an|the)\s"
    r"|\bwe(?:'ve| have)?\s+(?:help|helped|offer|provide|build|built|make|deliver|specialize|"
    r"specialise|develop|developed|launched|created|sell|enable|empower|automate|partner with)\b"
    r"|\b(?:i|we)\s+(?:run|lead|head|founded|co-founded|started)\b"
    r"|\bmy name is\b|\b(?:introduce|introducing)\s+(?:myself|us|our)\b"
    r"|\bis\s+(?:a|an|the)\s+(?:[a-z0-9'#-]+\s+){0,3}?(?:platform|solution|tool|software|app|"
    r"service|provider|agency|company|firm|leader)\b"
)
# "you" that is not the reader's situation: the object of our pitch, or a generic crowd
_NOT_SITUATION = lazy(
    r"\b(?:show|tell|send|give|offer|introduce|invite|remind|bring|help|reach|contact|email|"
    r"walk|connect|save|provide|let|get|assure|promise|guarantee|ask)\s+(?:you|yours)\b"
    r"|\b(?:for|to)\s+you\b"
    r"|\b(?:companies|businesses|teams|firms|brands|organi[sz]ations|people|leaders|owners|"
    r"agencies|practices|clinics|stores|shops|restaurants|offices|retailers|schools|startups)\s+"
    r"(?:like|such as)\s+(?:yours|you)\b"
    r"|\bas an? [a-z' -]{2,30}, you\b"  # "As a business owner, you know...": a segment
    r"|\b(?:if|whether) you(?:'d| would)?(?: be)? (?:interested|open|keen|curious)\b"
)
# Sentences that mention the reader without saying anything about them: pleasantries that fit
# any inbox ("Hope you're doing great") and hypotheticals ("Imagine your team never...").
_NO_SITUATION_SENTENCE = lazy(
    r"^\W*(?:(?:i |we )?(?:hope|trust)\b|happy (?:monday|friday|new year)|imagine\b|"
    r"what if\b|picture this\b|as an? [a-z' -]{2,30}, you\b)"
)
# a sentence that starts from something the reader did or said
_OBSERVATION = lazy(
    r"^\W*(?:saw|noticed|read|loved|enjoyed|heard|watched|caught|spotted|congrats|"
    r"congratulations|following)\b"
)


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
replace it with a question about their situation. "You" as the object of our pitch ("let me show
you our platform"), "companies like yours", "as a business owner, you...", pleasantries ("Hope
you're doing well") and hypotheticals ("Imagine your team...") do not count as the reader's
situation.
""",
    options=(
        RuleOption(
            "kinds",
            ("first-touch", "follow-up", "breakup"),
            "Message kinds the rule judges (newsletters announce products by design)",
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
    if doc.message_kind not in ctx.options["kinds"]:
        return
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    for sentence in analysis.sentences:
        text = folded[sentence.span.start - base : sentence.span.end - base]
        product = None
        for m in _PRODUCT.finditer(text):
            if not analysis.is_quoted(sentence.span.start + m.start()):
                product = m
                break
        reader = reader_position(doc, sentence, folded, base)
        if reader is not None and (
            product is None or reader <= sentence.span.start + product.start()
        ):
            return
        if product is not None:
            span = Span(sentence.span.start + product.start(), sentence.span.start + product.end())
            yield ctx.finding(
                span,
                f"The message presents us ('{' '.join(doc.text_of(span).split())}') before it "
                "says anything about the reader's situation",
                suggestion="Open with the reader's situation (a trigger, a goal, a problem they "
                "have); bring in the product after, in one line, if at all.",
            )
            return


RULES = [product_before_person]
