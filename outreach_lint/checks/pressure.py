"""Pressure cues: manipulation built from words that are each innocent on their own.

The phrase packs (rules/pressure.toml) catch stock pressure ("last chance", "radio silence").
Reworded pressure escapes fixed phrases, but it keeps its shape: a clock next to a loss for
the reader ("after the 31st it's off the table"), the reader's silence next to the sender's
feelings or stakes ("You said you'd get back to me by Tuesday... I went out on a limb with my
director"), the sender's quota next to a push to act now ("Our Q4 targets are tight, so let's
get moving this month"). PR150 looks for those pairs of word classes inside one sentence.

Each class is one regex alternation compiled once (extra words from the options are compiled
once per distinct option value); a sentence is scanned once per class, so the rule is linear
in the length of the message.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..asciire import ascii_twin
from ..lazyre import lazy
from ..model import RuleOption, Span
from ..prefilter import TextFilter, may_match, requirements
from ..rules import rule
from ..widen import cut_at_words, survives_widening
from ..wordscan import MultiScan
from ..wordstart import word_start

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"

#: word classes, matched on folded (lower case, straight apostrophes) sentence text
CUES: dict[str, str] = {
    # a clock: a day, a date, a period that is about to end
    "deadline": (
        rf"\b(?:today|tonight|tomorrow|midnight|eod|{_DAY}s?|"
        rf"(?:the )?{_ORDINAL}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|"
        r"end of (?:the |this |next )?(?:day|week|month|quarter|year)|"
        r"(?:this|next) (?:week|month|quarter)(?:end)?|"
        r"(?:month|quarter|year)[- ]end|final (?:hours?|days?)|last day|"
        r"(?:expires?|ends|closes|runs out) soon|"
        r"(?:\d+|twenty-four|twenty four|forty-eight|forty eight|seventy-two) (?:more )?(?:hours?|days?) "
        r"(?:left|from now|remaining)|"
        r"(?:in|within) (?:the next )?(?:\d+|two|three|four|five|48|72) (?:hours?|days?)|"
        r"(?:\d+|two|three|four|five) (?:more )?(?:hours?|days?)(?= left|\.| to go)|deadline|cut-?off)\b"
    ),
    # something the reader loses, or a price that gets worse
    "loss": (
        # "lost" is a loss to come only after "be" or "get" ("your place will be lost", "gets
        # lost"); after its subject it reports what happened ("On Tuesday ... customers on our
        # network lost internet and phone service", dev-27's outage notice; no readable PR150
        # finding used it otherwise)
        r"\b(?:off the table|los(?:e|es|ing)|"
        # (the verb is part of the match, not a look-behind: PR150's classes must survive
        # widening, tests/test_widen.py)
        r"(?:be|is|are|been|get|gets|'s|'re) lost|"
        r"forfeit(?:s|ed)?|go(?:es)? back (?:up|to)|"
        r"(?:prices?|rates?|pricing|costs?) (?:are|is) going up|"
        r"(?:offer|pricing|price|rate|discount|sale|deal|promo|promotion|bonus|match|savings?) "
        r"(?:ends|ending|is ending|closes|runs out|wraps up|is over)|"
        r"only (?:available|valid|good|open) (?:until|till|through)|"
        r"(?:prices|rates|costs|fees) (?:will )?(?:increase|rise|double)|"
        r"(?:plan|price|rate|pricing|fee|subscription|tier|seat)s? (?:\w+ )?(?:jumps?|doubles?|triples?) (?:to|on|after)|"
        r"(?:is|are|it's|they're) history|(?:returns?|go(?:es)? back) to normal|"
        r"(?:can't|cannot|won't be able to) (?:offer|hold|honou?r|extend|keep|give) (?:it|this|that|them|you)?\s?"
        r"(?:\w+ )?(?:anymore|any more|any longer)|go(?:es)? back (?:in|into) the (?:\w+ )?pool|"
        r"(?:price|prices|rate|rates|pricing|cost) (?:will )?(?:go(?:es)? up|go(?:es)? back|"
        r"increases|will increase|is increasing|rises|will rise|jumps)|"
        r"won't be able to|will not be able to|can't hold|cannot hold|no longer|"
        r"(?:is|are|will be|it's|they're) gone|goes with it|go away|"
        r"expir(?:e|es|ed|ing)|disappear(?:s|ed)?|vanish(?:es|ed)?|"
        r"miss (?:out|the (?:window|boat|chance)|this|your (?:chance|window|spot|place))|"
        r"release (?:your|the) (?:spot|seat|place|slot)|give (?:it|your \w+|them) to|"
        r"(?:to|for) (?:another|the next) (?:team|company|customer|client|buyer)|"
        r"(?:doors?|enrol+ment|registration|window|cart|vault) (?:slams? )?(?:close|closes|shuts?)|"
        r"before (?:it|they|the price|prices|the rate|rates) (?:rises?|goes up|go up|increases?|jumps?|doubles?)|"
        r"(?:can|could)n't (?:guarantee|promise)|(?:can )?only (?:keep|hold) (?:it|this|them|your)|"
        r"go(?:es)? to (?:the )?(?:waitlist|waiting list)|back to (?:full|list|regular) pric(?:e|ing)|"
        r"(?:it's|it is|then) full price|"
        r"won't be (?:here|around|available|back)|(?:can|could) only (?:extend|offer|hold|keep|honou?r|give)|"
        r"(?:that's|that is|is) all you(?:'ve| have)? got|(?:my|our) hands are tied|"
        r"(?:will )?cost (?:you )?(?:twice|double|triple)|(?:you'll|you will) pay (?:\$?[\d,]+ )?more|"
        r"(?:will be|'ll be|goes|go) (?:about |roughly |around |up to )?(?:\d+% )?(?:higher|more expensive)|"
        r"go to waste)\b"
    ),
    # the reader's silence, or a promise the reader did not keep
    "silence": (
        r"\b(?:you (?:said|promised|told me|agreed|committed)|"
        r"you(?:'d| would) (?:get back|let me know|reply|respond|decide|have)|"
        r"(?:haven't|have not|hadn't|didn't|did not|never) (?:heard|got|gotten|had|received|"
        r"replied|responded|gotten back|come back|got back)|"
        r"no (?:reply|response|answer|word)|not (?:a|one) (?:word|reply)|"
        r"still (?:waiting|no|nothing|haven't)|it's now|(?:a|two|three) weeks? (?:later|on)|"
        r"without (?:hearing|(?:a |an |any |a single |one )?(?:reply|answer|word|response|peep))|"
        r"went quiet|gone quiet|ghost(?:ed|ing)?|haven't been able to (?:get|reach)|"
        r"reached out (?:a few|several|multiple|many|\w+) times|tried (?:calling|emailing|reaching)|"
        r"silence|not to have (?:had|heard|got)|hear back (?:from you )?by now|nothing back)\b"
    ),
    # the sender's feelings, stakes or blame
    "stakes": (
        r"\b(?:out on a limb|stuck my neck out|put my (?:name|neck|reputation)|vouched|"
        r"my (?:boss|director|manager|vp|ceo|cfo|leadership|team lead|head of sales|"
        r"sales manager)|"
        r"disappoint(?:ed|ing)|disheartening|embarrass(?:ed|ing)|awkward|frustrat(?:ed|ing)|let down|"
        r"surprising|"
        r"hurt|upset|confused why|i need (?:this|to|you|an answer|a decision|a yes)|"
        r"my (?:quota|targets?|numbers|commission|bonus)|"
        r"(?:had to |have to )?fight to|fought (?:to|for)|went to bat|"
        r"(?:in|into) a (?:tough|difficult|bad) (?:spot|position)|look bad|"
        r"(?:isn't|wasn't|is not|was not|just isn't) (?:a priority|important)|worr(?:y|ied)|"
        r"i'd hate|hate to|a shame|surprised|not sure what else|did (?:i|we) (?:say|do) something|"
        r"missing out|leaving (?:\w+ )?on the table|talking to myself|"
        r"put (?:a lot of|so much|real) (?:work|time|effort)|pushed hard|"
        r"(?:wasn't|isn't|hasn't been|was not|is not) (?:easy|cheap)|"
        r"kept (?:the|this|your|that) (?:pricing|price|rate|offer|spot|discount|seat|slot) open|"
        r"(?:contact|reach out to|email|call|loop in|cc) your (?:ceo|boss|manager|director|vp))\b"
    ),
    # the sender's sacrifice or favour, held over the reader
    "sacrifice": (
        r"\b(?:out on a limb|stuck my neck out|pushed hard|fought (?:to|for)|went to bat|"
        r"(?:had to |have to )?fight to|called in a favou?r|"
        r"my (?:manager|director|boss|vp|ceo) (?:approved|signed off|agreed|made an exception)|"
        r"(?:one-time|one-off) (?:exception|discount|deal|price)|"
        r"got you (?:a |an )?(?:extra|special|additional|better|one-time|exclusive)|"
        r"(?:managed|was able|fought) to get (?:you )?(?:a |an )?(?:special|extra|better|one-time|exclusive)|"
        r"(?:special|exclusive) (?:rate|price|discount|deal|pricing) just for you|"
        r"(?:got|secured|won) (?:approval|sign-off|the green light|the okay|the ok) (?:for|on|to)|"
        r"(?:okayed|ok'd|signed off on) (?:a |an |the )?(?:special|extra|additional|one-time)|"
        r"kept (?:the|this|your|that) (?:pricing|price|rate|offer|spot|discount|seat|slot) open|"
        r"i'd hate|go to waste)\b"
    ),
    # the sender's quota, targets or quarter
    "quota": (
        r"\b(?:(?:my|our) (?:q[1-4] |quarterly |monthly |annual |sales |team's )?"
        r"(?:quota|targets?|numbers|sales goals?)|my (?:quarterly|monthly|annual) goal|"
        r"hit (?:my|our) (?:number|numbers|quota|target|targets)|"
        r"(?:my|our) (?:quarter|month|fiscal year) (?:ends|closes|is closing)|"
        r"end of (?:my|our) (?:quarter|month)|"
        r"(?:my|our) fiscal year (?:wraps up|ends|closes)|"
        r"(?:slots|deals|spots|seats) to (?:fill|close) (?:before|this|by))\b"
    ),
    # a push for the reader to act now
    "act-now": (
        r"\b(?:get (?:moving|going|started|this (?:done|signed|over))|move (?:forward|fast|quickly)|"
        r"sign|signed|commit|decide|lock (?:it|this|in)|pull the trigger|"
        r"this (?:week|month)|today|now|asap|right away|quickly|soon|before)\b"
    ),
}

#: the pairs the rule flags, and what each one does to the reader
PAIRS: dict[str, tuple[str, str, str]] = {
    "deadline+loss": (
        "deadline",
        "loss",
        "a clock next to a loss for the reader: the deadline is there to force a decision",
    ),
    "silence+stakes": (
        "silence",
        "stakes",
        "the reader's silence next to the sender's feelings or stakes: a guilt trip",
    ),
    "deadline+sacrifice": (
        "deadline",
        "sacrifice",
        "a clock next to the sender's sacrifice: the reader is made to owe the sender a yes",
    ),
    "quota+act-now": (
        "quota",
        "act-now",
        "the sender's quota next to a push to act now: our targets are not the reader's reason",
    ),
}

# the sender accepts a no, or asks nothing of the reader: "it sounds like X isn't a priority
# right now, which is completely fine", "if drayage isn't on your plate this quarter, totally
# understood", "no hard feelings", "(Otherwise) you don't need to do anything". Writers of ten
# readable sets (main, dev-5, 7, 8, 9, 11, 13, 14, 15, 16) wrote 23 sentences of this family and
# labelled none of them pressure; on the two newest writers the word-class rules fired on three
# of them (PR155 "I'll assume the episode doesn't fit right now, which is completely fine",
# PR156 "..., totally understood, and I won't keep filling your inbox", PR155 on a refund
# offer followed by "Otherwise you don't need to do anything"). A "but" after it takes the
# acceptance back ("that's fine, but the rate won't come back").
ACCEPTS_NO = (
    r"(?:\b(?:which|that)(?:'s| is| would be)|\bit(?:'s| is)|\band that's)\s+"
    r"(?:(?:totally|completely|perfectly|absolutely|entirely|also|quite|really)\s+)?"
    r"(?:fine|ok|okay|understandable|all good)\b(?![^.;!?]*\bbut\b)"
    r"|\b(?:which|that)(?:'s| is) (?:(?:totally|completely|perfectly|entirely) )?fair\b"
    r"(?![^.;!?]*\bbut\b)"
    r"|\b(?:totally|completely|perfectly|fully) (?:understood|understandable|fine|fair)\b"
    r"(?![^.;!?]*\bbut\b)"
    r"|\bno hard feelings\b"
    r"|\b(?:you )?(?:don't|do not|won't) (?:need|have) to do anything\b"
    # a promise to stop asking ("I won't ask again before then", "I won't follow up", dev-8,
    # dev-16, dev-17) and the door left open after a date or a no ("If not, you'll still get the
    # recording", "families can still book, just not at the group rate", dev-10, dev-17): in
    # the readable sets of sixteen writers neither is ever in a pressure-labelled message
    r"|\b(?:i|we) (?:won't|will not|will never) (?:ask|write|email|follow up|chase|bother you|"
    r"keep (?:asking|writing|emailing|filling|following))\b(?![^.;!?]*\bbut\b)"
    r"|\b(?:you|you'll|you will|they|families|members|everyone) (?:will |can |could )?still "
    r"(?:get|receive|have|keep|see|book|join|watch|access|be able to)\b(?![^.;!?]*\bbut\b)"
)
_ACCEPTS_NO = re.compile(ACCEPTS_NO)


def accepts_no(text: str) -> bool:
    """Does the sentence (folded text) accept the reader's no, or ask nothing of them?"""
    return _ACCEPTS_NO.search(text) is not None


# the sentence takes the pressure off, or the reader owns the deadline
_RELIEF = re.compile(
    ACCEPTS_NO + "|"
    r"\b(?:no (?:rush|hurry|pressure|deadline|obligation)|not (?:urgent|in a rush|in a hurry)|"
    r"whenever (?:suits|works|you're ready|it suits)|in your own time|at your own pace|"
    r"(?:you|your team) (?:asked|requested) (?:for|about)|as you (?:asked|requested)|"
    r"(?:moves?|carry|carries|comes?) over automatically|nothing (?:is|gets|will be) lost|"
    r"keeps? (?:its|their|your|the) (?:current |existing )?(?:rate|price|pricing|plan)|"
    r"(?:you|your team) (?:mentioned|said|told me|shared|noted) (?:that )?(?:the|your) |"
    r"your (?:own )?(?:[\w-]+ ){0,2}(?:deadline|launch|go-live|cutover|audit|board meeting|"
    r"filing|event)|"
    # an honest deadline says why it exists, or leaves the weight of it to the reader
    r"because (?:we|the|our|they) (?:have|need|must) to|(?:may|might|could) (?:matter|be relevant)|"
    r"in case (?:it|that|this) (?:matters|helps)|for your (?:[\w-]+ )?planning|"
    # no action asked of the reader: "Nothing for you to do today", "nothing you need to decide"
    r"nothing (?:(?:that )?you (?:need|have|must|should) |for you )to (?:do|decide|sign|change|choose|commit)|"
    r"no (?:decision|action|signature) (?:is |will be )?(?:needed|required|necessary|expected)|"
    r"when (?:we|the|our) (?:send|hand|submit|print|order|finali[sz]e|confirm) |"
    # the day a change takes effect is news, not a clock on the reader: "our prices will increase
    # effective May 1", "filed rate increases this month, taking effect September 1" (session 17,
    # pr18: "effective <date>" or "takes effect" in 10 messages of writers main, 7, 9, 12, 21, 23
    # and 24, none labelled pressure; PR150 fired on two of them, on writers 23 and 24)
    r"(?:takes?|taking|took) effect|go(?:es)? into effect|comes? into effect|"
    rf"effective (?:from |on |as of )?(?:{_MONTH}\b|{_DAY}|the \d|\d|today|tomorrow|immediately))\b"
)
# relief that opens the next sentence takes the lever out of the one before: "The early-bird
# price runs until 31 May; after that it's 395. No pressure at all - it's the same event either
# way." (two writers wrote this shape about a real date). "No pressure, but..." takes it back.
NEXT_RELIEF = lazy(
    r"^\W*(?:(?:there's |there is |really |honestly |absolutely )?no (?:pressure|rush|hurry|obligation)"
    r"|no worries)\b(?![^.!?]*\bbut\b)"
    # nothing asked of the reader, or their no accepted, opening the next sentence ("If that's
    # too late, reply and we'll refund you today. Otherwise you don't need to do anything.")
    r"|^\W*(?:(?:otherwise|if not|and|if so)\W+)?(?:" + ACCEPTS_NO + r")"
)


# third parties whose process can set a date: the reader can check them, and they are not the
# seller's lever (session 7: carriers, venues, suppliers, councils and schools on five writers)
_THIRD_PARTY = (
    r"(?:suppliers?|vendors?|carriers?|couriers?|venues?|caterers?|catering|printers?|hotels?|"
    r"airlines?|mills?|factory|factories|manufacturers?|distributors?|wholesalers?|landlords?|"
    r"council|city|county|state|government|regulators?|ministry|irs|hmrc|insurers?|underwriters?|"
    r"merchants?|builders' merchants?|mints?|"
    r"banks?|lenders?|ports?|customs|universit(?:y|ies)|schools?|district|auditors?|registrar|"
    r"court|organi[sz]ers?|roaster|growers?|farms?|labs?|laborator(?:y|ies)|exam board|law|"
    r"legislation|fuel surcharges?|surcharges?|post office|postal service|royal mail|usps|tariffs?)"
)

# a date with its cause: "registration closes Friday because the venue caps the room at 40",
# "rates hold through Friday because fuel surcharges reset on Monday", "valid through March so
# it lines up with the board meeting", "through October 2, which is when our revenue team reviews
# all holds", "sign by the 15th if you want us to file on time". Four writers wrote real dates
# this way and labelled them clean. The cause must be a process outside the offer: "because the
# price goes up", "since my quarter ends", "because spots are filling" are the lever, not a cause.
# A third party's process counts whatever its verb, and so does our own work ("so we can print
# the badges"); "so I can be flexible on price" and "so we can lock in your rate" do not.
STATED_CAUSE = re.compile(
    r"(?:\b(?:because|since|which is when|that's when)|,\s*when|"
    r"\bso (?:that )?(?:it|they|this|the (?:quote|dates?|timing|hold|order|schedule)))\s+"
    # the cause is not itself the lever ("because it starts costing more Monday")
    r"(?![^.;!?]{0,60}\b(?:cost(?:s|ing)?|more expensive|go(?:es)? up|ris(?:e|es|ing)|"
    # "by year end" is the calendar, not something that ends (dev-11: "because the lead
    # investor's fund needs it by year end")
    r"increas\w*|(?<!year )(?<!year-)ends?|expir\w*|runs? out|fill\w*|gone|sell(?:s|ing)? out|"
    # the sender's quota is the lever, not a cause ("since we need to meet our year-end target")
    r"quota|targets?|commission)\b)"
    r"(?!(?:the |this |our |that |my |your )?(?:offer|deal|discount|promo(?:tion)?|price|prices|"
    r"pricing|sale|spots?|seats?|places?|slots?|bonus|window|quarter|quota|month|targets?|numbers|"
    r"boss|manager|ceo|vp|director|leadership|sales)\b)"
    r"(?:[\w'&$%.-]+\s+){0,5}?"
    r"(?:resets?|reviews?|needs?|requires?|caps?|added|adds|begins?|starts?|prints?|ships?|"
    r"meets?|lines? up|aligns?|coincides?|releases? them)\b"
    r"|\bif you(?:'d)? (?:want|like|need) (?:us|me) to\b"
    # whose the date is: a third party's process ("because the carrier raised its rates", "when
    # our supplier's contract with us runs out", "as the venue needs numbers") is a cause whatever
    # its verb; only a scarce place ("since the hotel only has three rooms left") is still a lever
    rf"|(?:\b(?:because|since|as|when)|,\s*when)\s+(?:(?:the|our|their|its|your|each|every)\s+)?"
    rf"(?:[\w-]+\s+)?{_THIRD_PARTY}(?:'s|s'|s)?\b"
    r"(?![^.;!?]{0,60}\b(?:only|left|full|fill\w*|sold|selling|last|few|booked up|snapped|"
    r"go(?:es)? up|ris(?:e|es|ing)|increas\w*|doubl\w*|more expensive)\b)"
    # the price that moves is a third party's, passed through: "steel prices from our supplier go
    # up 6% on January 1", "timber's going up 8% at the merchant on the 1st" (dev-6, dev-8)
    rf"|\b(?:prices?|rates?|costs?|fees?|increases?|rises?|going up|goes up|go up)\s+"
    rf"(?:[\w%$.,-]+\s+){{0,3}}?(?:from|at|of|charged by|set by)\s+(?:the|our|their|its)\s+"
    rf"(?:[\w-]+\s+)?{_THIRD_PARTY}\b"
    rf"|\b(?:the|our|their)\s+(?:[\w-]+\s+)?{_THIRD_PARTY}(?:'s|s')\s+(?:[\w-]+\s+)?"
    r"(?:prices?|rates?|increases?|rises?)\b"
    r"|\btheir (?:increase|price rise|rise|rate rise) passed through\b"
    # a period that is a third party's: "because that is when their grant year ends", "which is
    # when the hotel's contract runs out" (dev-7, dev-8)
    r"|\b(?:because|since|as) (?:that's|that is|this is|it's|it is) when (?:their|the [\w-]+'s)\s"
    r"|\bwhich is when (?:their|the [\w-]+'s)\s"
    # a purpose of ours that is work, not the sale: "closes on 28 May so we can print badges";
    # "so we can lock in your rate" or "so we can get you started" is still the push
    r"|\bso (?:that )?(?:we|the team|they) (?:can|could|have time to)\s+"
    r"(?!be\b|(?:[\w']+\s+){0,2}?(?:lock|hold|keep|honou?r|secure|guarantee|close|sign|get (?:you|this|it)|"
    r"offer|give|throw|extend|include|discount|"
    r"start|onboard|wrap|finali[sz]e (?:the|your) (?:deal|contract|order)|count you)\b)"
)


# a question that leaves the decision with the reader: an offer of our help or a choice between
# options ("Would it help if I found out what sign-off involves before you decide anything?",
# "Would metering them for a fortnight, for free, be useful?", "Want us to keep the rate on hold,
# or would you rather we close the account?"): three first-look false positives of PR155 on two
# writers (dev-6, dev-8), each worded differently; and a question about how the reader works
# (dev-9). The question must not carry the loss itself
# ("Would it help to lock in the rate before it goes up on Friday?" is still the lever).
_OFFER_QUESTION = re.compile(
    r"^\W*(?:(?:and|so|but|or|then)\s+)?(?:"
    r"would it (?:help|be (?:useful|helpful|worth))|"
    r"would (?:[\w'-]+,?\s+){1,12}?be (?:useful|helpful|worth (?:it|a look|a try|doing|"
    # "Would a weekend-only trial for four weeks be worth thinking about, or ...?" (dev-11)
    r"thinking about|considering|exploring|discussing|a conversation|a call))|"
    r"(?:do you )?want (?:me|us) to|would you like (?:me|us) to|"
    r"(?:[\w'-]+,?\s+){1,12}?or would you (?:rather|prefer|like)|"
    # a question about how the reader works: their decision and their day are the topic ("Quick
    # question: how does your team decide which flaky tests to quarantine today?", dev-9)
    r"(?:[\w' -]{1,30}:\s*)?how (?:do|does|did) (?:you|your(?:\s+[\w'-]+){1,2})"
    r")\b"
    r"(?![^?]*\b(?:go(?:es)? up|increas\w*|expir\w*|ends?|last (?:chance|day)|miss|lose|left|"
    r"sell(?:s|ing)? out|fill(?:s|ing)? up|too late)\b)"
    r"[^?]*\?\W*$"
)


def leaves_decision(text: str) -> bool:
    """Is the sentence (lower-case text) a question that offers our help or a choice and
    leaves the decision with the reader? (Cheap: most sentences have no question mark.)"""
    return "?" in text and _OFFER_QUESTION.search(text) is not None


def answers_reader(doc) -> bool:
    """Is the message a reply to the reader's own message (:attr:`KindDecision.answers`)?

    The reader wrote last and asked; a date, a price or a stock level in the answer is what
    they asked for, not a lever ("H13 blocks are available until 24 April; after that the next
    delivery is in June", "pricing for 18 more seats ... before you decide"). In the labelled
    sets of five writers (dev-6 to dev-10) 14 of the 15 such replies are labelled free of
    pressure; five drew first-look false positives from the word-class rules (PR150, PR151,
    PR155), and the one with pressure (a quota deadline in a reply, dev-9) is caught by the
    pack's stock phrases (PR104, PR109), which still count. So the word-class rules
    (PR150-PR155) leave these replies alone.
    """
    return doc.kind_decision.answers


@lru_cache(maxsize=1024)
def relieved_by_cause(text: str) -> bool:
    """Does the sentence (folded text) give its date a cause outside the offer?

    Remembered per text: PR150, PR155 and the frame rules each ask it of the same sentences
    (~20 calls a message, ~45% repeats within a message, more across a repository's
    templates), and the search costs ~20 us a sentence (the pattern tries its alternatives at
    every position). A pure function of the text, so the answer is the same.
    """
    return _STATED_CAUSE_ASCII.search(text) is not None


#: STATED_CAUSE tried only where a word starts or at a comma (", when"): the same matches, and
#: most positions fail after one check instead of each branch's (tests/test_wordstart.py)
_STATED_CAUSE_AT_WORDS = word_start(STATED_CAUSE, ",")
_STATED_CAUSE_ASCII = ascii_twin(_STATED_CAUSE_AT_WORDS)  # the same matches (asciire)


def relieved_by_next(following: str) -> bool:
    """Does the sentence after a hit (folded text) open by handing the decision back?"""
    return NEXT_RELIEF.match(following) is not None


# things that expire as a matter of fact: "your card expires at the end of the month"
_FACT = re.compile(
    r"\b(?:card|payment method|certificate|ssl|domain|password|passport|licen[cs]e|token|"
    r"link|quote|warranty|api key|offer letter|job offer|"
    # proof of insurance and credentials a vendor keeps current: "our current COI expires April 30;
    # I'll send the renewal the week it's issued" (dev-21, a vendor's onboarding reply)
    r"coi|certificate of insurance|insurance certificate|accreditation|certification|"
    # "the workers' comp certificate we have on file for Alvarez Landscaping expires December
    # 31" (dev-16): the document the sender holds on file, named with its holder
    r"(?:card|certificate|coi|licen[cs]e|policy|document|id|passport)s? (?:that )?(?:we|you) "
    r"(?:have|hold|keep) on file(?: for [^.;!?]{0,40}?)?(?= expir)|"
    # a loan's rate lock, like a quote's validity: "your rate lock expires on the 14th", "your
    # 6.125% lock on the purchase expires October 14" (dev-13, a lender to a borrower in process)
    r"rate lock|(?:your|the) (?:[\d.]+% )?lock(?= on))s?\b[^.;!?]{0,30}?expir\w*$"
    # "open enrollment" and "annual enrollment" are a plan's or Medicare's yearly window, set by
    # the employer, the carrier or CMS: their closing is a fact of the reader's coverage
    r"|\b(?:open|annual) enrol+ment (?:slams? )?(?:close|closes|shuts?)$"
    # a contract's own term, in a relative clause: "the renewal of our contract for guarding
    # services at Hillside Mall which will expire on 31st December" (dev-12, a renewal notice)
    r"|\b(?:contract|agreement|lease|subscription|membership|policy|term)s?\b[^.;!?]{0,70}?"
    r"\b(?:which|that) (?:will |is going to |is due to |is set to |is to )?expir\w*$"
)
# a cue taken back: "you won't lose", "nothing expires", "never expires"
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bnothing|\bno|\bwithout)\s+(?:[\w']+\s+){0,2}$")
# a policy of not doing it negates the whole clause: "we don't do end-of-quarter discounts or
# expiring offers", "I never put deadlines on a quote"
POLICY_NEGATION = re.compile(
    r"\b(?:we|i|they)(?: [\w']+)? (?:don't|do not|never|won't|will never|refuse to) "
    r"(?:do|run|offer|use|send|believe in|play|make|pull|set|add|put|give|attach|push)\b"
    r"(?:(?!\bbut\b)[^.;:!?])*$"
)


def negated_by_policy(text: str, at: int, lo: int = 0) -> bool:
    """Is the position inside a clause that opens with a policy of not doing it?"""
    return POLICY_NEGATION.search(text, max(lo, at - 100), at) is not None


# a sentence that continues the one before with a pronoun ("It's good until Friday.")
_ANAPHORA = re.compile(
    r"^\W*(?:it's|it is|it|that's|that is|that|this|they're|they|these|those|"
    r"the (?:offer|price|pricing|rate|discount|deal|exception|spot|seat))\b"
)

# a sentence that points back at the clock of the sentence before
_BACK_REFERENCE = re.compile(
    r"^\W*(?:after (?:that|then|this|which|midnight|today)|past that|beyond that|otherwise|"
    r"that's all|once (?:that|it|they|those|the)|if not|then)\b"
)

# a weaker loss, enough in a sentence that points back at a clock ("After that, the vault closes.")
_CARRIED_LOSS = re.compile(
    r"\b(?:closes|shuts|ends|is over|goes away|disappears|stops|expires|is gone|it's gone|"
    r"they're gone|no longer|full price|(?:costs?|pay) more|higher|(?:can't|cannot|won't) (?:offer|hold|keep))\b"
)

_BASE = {name: re.compile(pattern) for name, pattern in CUES.items()}
# the built-in classes found in one pass per sentence (the same matches as each class's own
# pattern, wordscan.py) once a process has linted enough messages to pay for building and
# compiling it; until then (and with extra words) each class is prefiltered and scanned on its
# own, so a run of a few files never builds it
_NAMES = tuple(CUES)
_INDEX = {name: i for i, name in enumerate(_NAMES)}
_SCAN_AFTER = 100
_SCAN: MultiScan | None = None


def _new_scan(compile_after: int = _SCAN_AFTER) -> MultiScan:
    """The built-in classes split into their terms, as one scan (nothing compiled yet)."""
    return MultiScan.of_patterns([CUES[name] for name in _NAMES], compile_after)


def _combined_scan() -> MultiScan | None:
    """The combined scan of the built-in classes, from the message after :data:`_SCAN_AFTER`
    on (None before, or when it cannot be built). The scan counts the messages itself
    (``MultiScan.due``); it is made on the first message, and compiles nothing until due."""
    global _SCAN
    if _SCAN is None:
        _SCAN = _new_scan()
    return _SCAN if _SCAN.due() else None


#: PR150's built-in classes and PR155's cue classes in one scan of the content: the two rules
#: ask for matches of their classes over the same folded text, and one pass stops at each
#: separator once instead of twice (~20% less than the two scans, same spans per class)
_JOINT: MultiScan | None = None
_JOINT_MISSING = object()


def _joint_scan() -> tuple[MultiScan, int] | None:
    """The joint scan and the number of PR150's classes in it, counting one use (None until
    it is due, as :func:`_combined_scan`)."""
    global _JOINT
    if _JOINT is None:
        from .pressure_score import model

        sources = [CUES[name] for name in _NAMES]
        sources += [c.pattern.pattern for c in model().classes if c.cue]
        _JOINT = MultiScan.of_patterns(sources, _SCAN_AFTER)
    return (_JOINT, len(_NAMES)) if _JOINT.due() else None


def joint_spans(doc) -> list[list[tuple[int, int]]] | None:
    """Per class, the spans of its matches in ``doc.analysis.folded`` (PR150's classes in
    :data:`CUES` order, then PR155's cue classes in the model's order), exactly as each class's
    own pattern finds them; None while the joint scan is not due. Made once per document."""
    got = doc.memo.get(__name__, _JOINT_MISSING)
    if got is _JOINT_MISSING:
        joint = _joint_scan()
        got = doc.memo[__name__] = None if joint is None else joint[0].spans(doc.analysis.folded)
    return got


@lru_cache(maxsize=32)
def _classes(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, re.Pattern]:
    """The word classes with the user's extra words (compiled once per distinct option value)."""
    out = dict(_BASE)
    for name, words in extra:
        words = tuple(w.strip().lower() for w in words if w.strip())
        if words:
            alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
            out[name] = re.compile(rf"{CUES[name]}|\b(?:{alternation})\b")
    return out


def _counts(text: str, at: int, end: int, start: int, analysis) -> bool:
    """Does the match at ``text[at:end]`` count: neither quoted, a plain fact nor negated?"""
    if analysis.is_quoted(start + at):
        return False
    if _FACT.search(text, max(0, at - 100), end):
        return False
    return _NEGATED.search(text, max(0, at - 30), at) is None and not negated_by_policy(text, at)


def _first(pattern: re.Pattern, text: str, start: int, analysis) -> re.Match | None:
    """First match of a class in a sentence that is neither quoted, negated nor a plain fact."""
    for m in pattern.finditer(text):
        if _counts(text, m.start(), m.end(), start, analysis):
            return m
    return None


def _first_of_spans(
    pattern: re.Pattern, spans: list[tuple[int, int]], text: str, start: int, analysis
) -> re.Match | None:
    """:func:`_first`, given the spans of ``pattern.finditer(text)``."""
    for at, end in spans:
        if _counts(text, at, end, start, analysis):
            return pattern.match(text, at)  # the match finditer made there
    return None


_EXTRA_OPTIONS = {
    "deadline": "extra-deadline-words",
    "loss": "extra-loss-words",
    "silence": "extra-silence-words",
    "stakes": "extra-stakes-words",
    "sacrifice": "extra-sacrifice-words",
    "quota": "extra-quota-words",
    "act-now": "extra-act-now-words",
}


@rule(
    code="PR150",
    name="pressure-cues",
    category="pressure",
    severity="warning",
    summary="A sentence combines cues of pressure: a clock and a loss, silence and guilt, "
    "a quota and a push",
    instead=(
        "State the facts without the lever: say what happens and when, and leave the decision "
        "with the reader. Instead of 'The price goes up Friday and you'll lose your spot', "
        "write 'The current price holds for orders placed by Friday; after that it is the "
        "list price.'"
    ),
    rationale="""
Pressure rarely uses a stock phrase. It is built from words that are innocent alone: a date, a
price, "you said", "my director", "our targets". Put together in one sentence they make the same
move as "last chance": a deadline with a penalty ("the rate goes back up after Friday"), a guilt
trip for the reader's silence ("You said you'd get back to me by Tuesday; I went out on a limb
with my director"), or the sender's quota as the reason to buy now ("Our Q4 targets are tight, so
let's get this signed this month"). The reader feels handled, and a yes won under pressure turns
into a cancelled order, a slow payer or a customer who warns their peers. Relational selling
gives the reader a reason of their own: say plainly what happens and when, without a threat;
treat silence as information, not a debt ("If the timing is wrong, just say so and I'll check
back next quarter"); keep your quota out of their decision. A real date stated plainly ("the
invoice is due March 3", "the webinar is on Thursday") is not flagged, nor is "no rush", nor a
deadline the reader owns ("your launch is on Friday"). A reply to the reader's own message
(an In-Reply-To header and no reference back to an earlier message of ours) is left alone: the
reader asked, and the date or price in the answer is what they asked for.
""",
    kinds=("first-touch", "follow-up", "breakup", "newsletter", "customer"),
    supersedes=("PR155",),
    options=(
        RuleOption(
            "pairs",
            tuple(PAIRS),
            "Cue pairs to flag: deadline+loss, silence+stakes, deadline+sacrifice, quota+act-now",
        ),
        *(
            RuleOption(option, (), f"Extra words or phrases for the '{name}' cue class")
            for name, option in _EXTRA_OPTIONS.items()
        ),
    ),
    bad=(
        "Hi Sam,\n\nThe 20% rate is only for teams that sign before the 31st, and after that "
        "it's off the table.\n\nBest,\nAlex",
        "Hi Sam,\n\nYou said you'd get back to me by Tuesday, and I went out on a limb with my "
        "director for this pricing.\n\nBest,\nAlex",
        "Hi Sam,\n\nOur Q4 targets are tight, so I can be flexible if we get moving this month."
        "\n\nBest,\nAlex",
    ),
    good=(
        "Hi Sam,\n\nThe webinar is on Thursday at 4pm; the recording goes out on Friday if the "
        "time doesn't suit.\n\nBest,\nAlex",
        "Hi Sam,\n\nI haven't heard back, so I'll take it the timing is wrong. No rush: if it "
        "changes, just reply.\n\nBest,\nAlex",
        "Hi Sam,\n\nOur Q4 roadmap ships in November. Would an early look help your planning?"
        "\n\nBest,\nAlex",
    ),
    corroborate=True,
)
def pressure_cues(doc, ctx):
    if answers_reader(doc):
        return
    options = ctx.options
    extra = tuple(
        (name, tuple(options[option])) for name, option in _EXTRA_OPTIONS.items() if options[option]
    )
    classes = _classes(extra)
    pairs = [PAIRS[p] for p in options["pairs"] if p in PAIRS]
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    viable = _Viable(classes, folded)
    if viable.haystack is None:
        viable.haystack = folded.casefold()
    combined = None if extra else _combined_scan()
    joint = None if extra else joint_spans(doc)
    if not _may_fire(pairs, classes, folded, analysis, base, combined, joint):
        return
    # a sentence is searched for relief only if it holds a word relief needs (same results)
    relief = TextFilter(_requirements(_RELIEF), viable.haystack)
    previous: _Cues | None = None  # cues of the sentence before (for carried pairs)
    for sentence in analysis.sentences:
        start = sentence.span.start
        text = folded[start - base : sentence.span.end - base]
        if (
            (relief.may_match(text.casefold()) and _RELIEF.search(text))
            or relieved_by_cause(text)
            or leaves_decision(text)
        ):
            previous = None
            continue
        # each class is scanned only when a pair needs it: the second cue first (it is rarer),
        # the first only next to a second one (here, or in the sentence after)
        found = _Cues(classes, viable, text, start, analysis, scan=combined)
        for first, second, what in pairs:
            b = found.get(second)
            if (
                b is None
                and second == "loss"
                and previous is not None
                and previous.get("deadline") is not None
                and found.get(first) is None
            ):
                # "You've got until midnight. After that, the vault closes."
                b = _weak_carried_loss(text, start, analysis)
            if b is None:
                continue
            a = found.get(first)
            if a is not None:
                lo, hi = min(a.start(), b.start()), max(a.end(), b.end())
                cue_a = a.group()
            elif previous is not None and previous.get(first) is not None and _carries(first, text):
                # "...until midnight Friday. After that, the match is gone."
                lo, hi = 0, b.end()
                cue_a = previous.get(first).group()
            else:
                continue
            yield _finding(ctx, start, lo, hi, cue_a, b.group(), what)
            break
        else:
            if previous is not None and _ANAPHORA.match(text):
                for first, second, what in pairs:
                    # "My boss made a one-off exception for you. It's good until Friday."
                    b = previous.get(second)
                    if b is None:
                        continue
                    a = found.get(first)
                    if a is None:
                        continue
                    yield _finding(ctx, start, 0, a.end(), b.group(), a.group(), what)
                    break
        previous = found


def _may_fire(pairs, classes, folded: str, analysis, base: int, combined, joint=None) -> bool:
    """False only when no sentence can hold a pair: for every pair, the first class or the
    second (with the weak carried loss for a loss) matches nowhere in the content.

    Only once a scan is due (``joint`` or ``combined``), so a short run pays nothing for it.
    A finding needs a match of both classes of a pair in the content's sentences (the first
    here, before or after; the second, or a carried loss); a match in a sentence is a match in
    the content when the classes survive widening and the sentences cut no word
    (:mod:`outreach_lint.widen`): otherwise the answer is True and every sentence is scanned.
    """
    if joint is None and combined is None:
        # a short run (no scan due yet): no gate, so it never reads the classes' syntax trees
        # (~7 ms); the gate pays from the hundredth message on, with a whole-content scan
        return True
    if not (
        _widens(_CARRIED_LOSS) and all(_widens(p) for p in classes.values())
    ) or not cut_at_words(
        folded, ((s.span.start - base, s.span.end - base) for s in analysis.sentences)
    ):
        return True
    present: dict[str, bool] = {}
    spans = joint  # the built-in classes over the content, from the joint scan (or None)

    def has(name: str) -> bool:
        nonlocal spans
        if name in present:
            return present[name]
        if spans is None:
            spans = combined.spans(folded)
        hit = present[name] = bool(spans[_INDEX[name]])
        return hit

    for first, second, _what in pairs:
        if has(first) and (
            has(second) or (second == "loss" and _CARRIED_LOSS.search(folded) is not None)
        ):
            return True
    return False


@lru_cache(maxsize=64)
def _widens(pattern: re.Pattern) -> bool:
    return survives_widening(pattern)


class _Viable:
    """The words each class needs (:mod:`outreach_lint.prefilter`) that occur in the message.

    A class with a requirement none of whose words occurs in the folded content matches in no
    sentence; otherwise a sentence is scanned only when it contains one of those words.
    """

    def __init__(self, classes: dict[str, re.Pattern], folded: str):
        self.classes = classes
        self.folded = folded
        self.haystack: str | None = None
        self.known: dict[str, tuple[tuple[str, ...], ...] | None] = {}

    def __call__(self, name: str) -> tuple[tuple[str, ...], ...] | None:
        """None: the class matches nowhere; else the requirements left to test per sentence."""
        if name in self.known:
            return self.known[name]
        reqs = _requirements(self.classes[name])
        present: tuple[tuple[str, ...], ...] | None = ()
        if reqs:
            if self.haystack is None:
                self.haystack = self.folded.casefold()
            haystack = self.haystack
            kept = []
            for alternatives in reqs:
                here = tuple(w for w in alternatives if w in haystack)
                if not here:
                    present = None
                    break
                kept.append(here)
            else:
                present = tuple(kept)
        self.known[name] = present
        return present


class _Cues:
    """The first match of each class in one sentence, scanned on first use (same results as
    scanning every class up front: each scan depends only on the sentence)."""

    __slots__ = (
        "analysis",
        "classes",
        "folded",
        "found",
        "scan",
        "spans",
        "start",
        "text",
        "viable",
    )

    def __init__(self, classes, viable: _Viable, text: str, start: int, analysis, scan=None):
        self.classes = classes
        self.viable = viable
        self.text = text
        self.folded: str | None = None
        self.start = start
        self.analysis = analysis
        self.found: dict[str, re.Match | None] = {}
        #: the built-in classes (no extra words): every class's matches in the sentence come
        #: from one pass of this combined scan, made on first use; no literal prefilter is needed
        self.scan: MultiScan | None = scan
        self.spans: list[list[tuple[int, int]]] | None = None

    def get(self, name: str) -> re.Match | None:
        found = self.found
        if name in found:
            return found[name]
        if self.scan is not None:
            if self.spans is None:
                self.spans = self.scan.spans(self.text)
            m = _first_of_spans(
                self.classes[name], self.spans[_INDEX[name]], self.text, self.start, self.analysis
            )
            found[name] = m
            return m
        m = None
        reqs = self.viable(name)
        if reqs is not None:
            if reqs:
                if self.folded is None:
                    self.folded = self.text.casefold()
                if not may_match(reqs, self.folded):
                    found[name] = None
                    return None
            m = _first(self.classes[name], self.text, self.start, self.analysis)
        found[name] = m
        return m


@lru_cache(maxsize=64)
def _requirements(pattern: re.Pattern):
    return requirements(pattern)


def _finding(ctx, start: int, lo: int, hi: int, cue_a: str, cue_b: str, what: str):
    return ctx.finding(
        Span(start + lo, start + hi),
        f"'{cue_a}' with '{cue_b}': {what}",
        suggestion="State the facts without the lever: say what happens and when, "
        "leave the reader free to say no, and give them a reason of their own to act.",
    )


def _weak_carried_loss(text: str, start: int, analysis) -> re.Match | None:
    """A weak loss cue, only in a sentence that opens by pointing back at the clock before."""
    if _BACK_REFERENCE.match(text) is None:
        return None
    return _first(_CARRIED_LOSS, text, start, analysis)


def _carries(first: str, text: str) -> bool:
    """Does this sentence continue the one before (so its cue pairs with the one there)?"""
    if first == "silence":
        return True  # "I was hoping to hear back by now. I put a lot of work into this."
    return first == "deadline" and _BACK_REFERENCE.match(text) is not None


RULES = [pressure_cues]
