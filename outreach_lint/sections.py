"""Locate the parts of an email body: greeting, opening sentence, signature, footer.

Works on prose (markup already masked), so every format shares it. The openers that blast and
i-centric rules care about are judged on the first real sentence after the greeting, never on
the greeting or the subject line.
"""

from __future__ import annotations

import re

from .asciire import ascii_twin
from .document import Section
from .lazyre import lazy
from .model import Span

_GREETING = re.compile(
    # a sequence tool's spintax may open it: "{Hi|Hey} {{first_name}}," (Salesloft, Reply.io)
    r"(?i)^[ \t]*\{?(?:hi|hiya|hello|hey|heya|dear|greetings|good (?:morning|afternoon|evening|day)|"
    r"howdy|yo|to whom it may concern|hi there|hello there|salut|bonjour|"
    # other languages' salutations: "Estimados,", "Hola Juan,", "Guten Tag", "Dobrý den,"
    r"hola|estimad[oa]s?|buen[oa]s? (?:d[ií]as|tardes|noches)|ol[aá]|prezad[oa]s?|caro|cara|"
    r"ciao|buongiorno|gentile|hallo|guten (?:tag|morgen)|sehr geehrte[rs]?|liebe[rs]?|hej|hei|"
    r"dobr[yý] den|dzie[nń] dobry|cze[sś][cć]|szanown[ia]|namaste|geachte|beste|"
    # (session 7, recall7) "Madame, Monsieur,", "Prezados senhores,", "Respected Sir,"
    r"bonsoir|apreciad[oa]s?|querid[oa]s?|bom dia|boa tarde|madame|monsieur|mesdames|messieurs|"
    r"ch[eè]re?s?|gentil[ei]|egregi[oa]|salve|respected)\b"
    r"[^\n]{0,60}?[,:!.\u2014-]?[ \t]*$"
    # a salutation to a role or a crowd: "To the Practice Manager,", "ATTENTION HOMEOWNERS!!!"
    r"|^[ \t]*(?:to the|attention|attn)\b[^\n.?]{1,50}?(?:,|[:!]+)[ \t]*$",
    re.M,
)
#: a line that only names the reader, then a comma: "Nora,", "Dr. Whitfield,", "Ms. Sharma,"
#: (a vocative greeting: an email that starts by naming its reader greets them)
_VOCATIVE = lazy(
    r"[ \t]*(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sir|Madam|Dear)\.?[ \t]+)?"
    r"[A-Z\u00c0-\u00de][\w'\u2019-]*(?:[ \t]+[A-Z\u00c0-\u00de][\w'\u2019.-]*){0,2}[ \t]*,[ \t]*$",
    re.M,
)
_EMOJI = "[\U0001f300-\U0001faff\u2600-\u27bf][\ufe0f\U0001f3fb-\U0001f3ff]*"
_INLINE_GREETING = re.compile(
    r"(?P<head>(?i:hi|hiya|hello|hey|heya|dear)(?:(?:[ \t]+(?-i:[A-Z\u00c0-\u00de])[\w'\u2019.-]*){0,2}"
    # or a word that greets whoever opens it, in a text or a DM ("Hey there \U0001f44b I help...",
    # "Hi mate, urgent contract...", "Hello dear, kindly accept..."): BL102 reads it
    r"|[ \t]+(?i:there|all|everyone|folks|friend|friends|mate|buddy|pal|dude|babe|hun|hon|love|"
    r"lovely|darling|dear|sweetie|gorgeous|fam|boss|chief))"
    # the mark that ends the greeting: a comma, "!" or "!!", a dash, or a waving-hand emoji
    # ("Hey {{first_name}}!! My manager...", "Hi {{first_name}} \U0001f44b we're Nordflux...")
    r"[ \t]*(?:(?:,|!+|\u2014|-(?=[ \t]))(?:[ \t]*" + _EMOJI + r")?|" + _EMOJI + r"))[ \t]+(?=\S)"
)
_SIGN_OFF = re.compile(
    r"(?i)^[ \t]*(?:best(?: regards| wishes)?|kind regards|warm regards|warmly|regards|cheers|"
    r"thanks(?: again| so much)?|thank you|many thanks|sincerely|yours(?: truly| sincerely)?|"
    r"talk soon|speak soon|all the best|take care|with gratitude|best wishes|respectfully|"
    r"looking forward|to your success|onward|very respectfully|v/r|"
    # international sign-offs (session 7)
    r"saludos(?: cordiales)?|un saludo|atentamente|cordialmente|atenciosamente|abra[cç]os|"
    r"cordialement|bien [aà] vous|mit freundlichen gr[uü](?:ß|ss)en|freundliche gr[uü](?:ß|ss)e|"
    r"viele gr[uü](?:ß|ss)e|met vriendelijke groet(?:en)?|med v[aä]nliga h[aä]lsningar|"
    r"med venlig hilsen|med vennlig hilsen|distinti saluti|cordiali saluti)(?![\w/])[^\n]{0,30}?[,.!]?[ \t]*$",
    re.M,
)
_SIG_DASHES = re.compile(r"^-- ?$", re.M)
_FOOTER_WORDS = (
    r"\b(?:unsubscribe|opt[ -]out|manage (?:your )?preferences|"
    r"you(?:'|\u2019)re receiving this|you are receiving this|no longer wish to receive)\b"
)
#: a footer line: a whole line holding one of the footer words (the definition; :func:`locate`
#: finds the same lines through :data:`_FOOTER_WORD`, see :func:`_last_footer_line`)
_FOOTER = lazy(rf"(?i)^[^\n]*{_FOOTER_WORDS}[^\n]*$", re.M)
_FOOTER_WORD = ascii_twin(re.compile(rf"(?i){_FOOTER_WORDS}"))
# the first character as a set of its own, so ``re`` skips to it in C (a pattern that opens
# with an alternation tries a full match at every character: ~25% of the splitter's time);
# the same matches as :data:`_SENTENCE_END_REFERENCE` (tests/test_fast_patterns.py)
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'\u201d\u2019)\]]*(?=\s|$)|(?<=\n)[ \t]*\n)"
)
_SENTENCE_END_REFERENCE = r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n[ \t]*\n"
_ABBREVIATIONS = re.compile(
    r"(?i)(?:\b(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|inc|ltd|co|corp|e\.g|i\.e|approx|no)|\b[a-z])\.$"
)


def split_sentences(text: str, start: int, end: int, limit: int = 0) -> list[Span]:
    """Sentence spans inside ``text[start:end]``, trimmed; abbreviations do not end a sentence.

    ``limit``: stop after that many sentences (0: all), e.g. 1 for the opening sentence.
    """
    spans: list[Span] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group().startswith(".") and _ABBREVIATIONS.search(
            text, max(start, m.start() - 6), m.start() + 1
        ):
            continue
        _append_trimmed(spans, text, pos, m.end())
        pos = m.end()
        if limit and len(spans) >= limit:
            return spans
    _append_trimmed(spans, text, pos, end)
    return spans


def count_sentences(text: str, start: int, end: int) -> int:
    """``len(split_sentences(text, start, end))`` without building the spans.

    A piece between two sentence ends is a sentence when it holds a letter or digit
    (:func:`_append_trimmed` trims only white space, which is neither).
    """
    found = 0
    pos = start
    alnum = _ALNUM.search
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group().startswith(".") and _ABBREVIATIONS.search(
            text, max(start, m.start() - 6), m.start() + 1
        ):
            continue
        if alnum(text, pos, m.end()):
            found += 1
        pos = m.end()
    if alnum(text, pos, end):
        found += 1
    return found


_ALNUM = re.compile(r"[^\W_]")  # exactly str.isalnum, searched in C


def _append_trimmed(spans: list[Span], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and _ALNUM.search(text, s, e):
        spans.append(Span(s, e))


_NON_BLANK = re.compile(r"\S")
#: a headline: one short line, its own paragraph, without a sentence's closing period or a
#: greeting's comma (what an <h1>, a Markdown heading or a banner puts above the greeting)
_HEADLINE = re.compile(r"[^\n]{0,89}[^\s.,;:][ \t]*\n[ \t]*\n\s*")
_HEADLINE_WORDS = 12


def _below_headline(prose: str, start: int, end: int) -> int | None:
    """Where the paragraph after a headline at ``start`` begins, or None: the line at
    ``start`` is a headline when it is short (at most 12 words), ends without a period or a
    comma, and a blank line follows it."""
    h = _HEADLINE.match(prose, start, end)
    if h is None or h.end() >= end:
        return None
    line_end = prose.index("\n", start)
    if len(prose[start:line_end].split()) > _HEADLINE_WORDS:
        return None
    return h.end()


def _greeting_at(prose: str, start: int, body: Span) -> tuple[Span, int] | None:
    """(the greeting's span, where the content after it starts) when the line at ``start``
    (its first non-blank character) greets the reader, else None."""
    line_start = prose.rfind("\n", 0, start) + 1
    line_end = prose.find("\n", start, body.end)
    line_end = body.end if line_end == -1 else line_end
    # a greeting that shares its line with the first sentence: "Hey {{first_name}} -
    # wanted to make sure...", "Hi Sam, thanks for the notes" (three words or more after it)
    inline = _INLINE_GREETING.match(prose, start, line_end)
    if inline and len(prose[inline.end() : line_end].split()) < 3:
        inline = None
    g = None if inline else _GREETING.match(prose, max(line_start, body.start), line_end)
    if g is None and not inline:
        g = _VOCATIVE.match(prose, max(line_start, body.start), line_end)
    if (g and g.end() == line_end) or (g and prose[g.end() : line_end].strip() == ""):
        return Span(start, line_end), line_end
    if inline:
        return Span(start, inline.end("head")), inline.end()
    return None


def locate(prose: str, body: Span) -> list[Section]:
    """Greeting, opening, signature and footer sections inside the ``body`` span."""
    sections = [Section("body", body)]
    content_start, content_end = body.start, body.end

    # greeting: the first non-blank line, if it reads like one
    opening_from = None
    m = _NON_BLANK.search(prose, body.start, body.end)
    if m:
        found = _greeting_at(prose, m.start(), body)
        if found is not None:
            sections.append(Section("greeting", found[0]))
            content_start = found[1]
        else:
            # or the first line of the next paragraph when the first line is a headline above
            # it (an HTML <h1>, a banner: "The future of testing is here!", then "Hi there,"):
            # the opening is the sentence after that greeting. The content keeps the headline
            # (rules that read the whole content, shouting in a banner, still see it).
            below = _below_headline(prose, m.start(), body.end)
            found = None if below is None else _greeting_at(prose, below, body)
            if found is not None:
                sections.append(Section("greeting", found[0]))
                opening_from = found[1]

    footer = _last_footer_line(prose, content_start, body.end)
    if (
        footer is not None
        and (
            footer[0] > content_start + (content_end - content_start) // 2
            # the last line of the message, in a paragraph of its own
            or (
                not prose[footer[1] : body.end].strip()
                and prose.rfind("\n\n", content_start, footer[0]) != -1
            )
        )
    ):
        # footer runs from the start of its paragraph to the end of the body
        para = prose.rfind("\n\n", content_start, footer[0])
        fstart = para + 2 if para != -1 else footer[0]
        sections.append(Section("footer", Span(fstart, body.end)))
        content_end = fstart

    sign = None
    starts = _line_starts(prose, content_start, content_end)
    for sm in _line_matches(_SIG_DASHES, prose, starts, content_end) + _line_matches(
        _SIGN_OFF, prose, starts, content_end
    ):
        # a sign-off is in the last third of the message and followed by little text
        tail = prose[sm.end() : content_end]
        if len(tail.split()) <= 25 and (sign is None or sm.start() < sign.start()):
            sign = sm
    if sign is None:
        sign = _bare_signature(prose, content_start, content_end)
    if sign is not None:
        sections.append(
            Section("signature", Span(sign.start(), _rstrip(prose, sign.start(), content_end)))
        )
        content_end = sign.start()

    sentences = split_sentences(
        prose, content_start if opening_from is None else opening_from, content_end, limit=1
    )
    if sentences:
        sections.append(Section("opening", sentences[0]))
        cta = _call_to_action(prose, content_start, content_end)
        if cta is not None:
            sections.append(Section("cta", cta))
    sections.append(Section("content", Span(content_start, max(content_start, content_end))))
    return sections


def _last_footer_line(prose: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the last match of ``_FOOTER.finditer(prose, start, end)``, or None.

    ``_FOOTER`` tries every line start and backtracks through the whole line to each place a
    footer word could start (~0.15 ms a message); the footer words alone are found in one
    pass. A ``_FOOTER`` match is a whole line that starts at or after ``start`` (``^`` never
    matches before the search start) and holds a footer word; it ends at the line break or at
    ``end`` (``$`` matches there, as the word's closing ``\b`` does).
    """
    line_start = -1
    for m in _FOOTER_WORD.finditer(prose, start, end):
        at = prose.rfind("\n", 0, m.start()) + 1
        if at >= start:
            line_start = at
    if line_start < 0:
        return None
    line_end = prose.find("\n", line_start, end)
    return line_start, end if line_end == -1 else line_end


_NEWLINE = re.compile("\n")


def _line_starts(prose: str, start: int, end: int) -> list[int]:
    """Where ``^`` (re.M) can match in ``finditer(prose, start, end)``: ``start`` if a line
    starts there, and after each line break before ``end``."""
    starts = [start] if start == 0 or prose[start - 1] == "\n" else []
    starts.extend(m.end() for m in _NEWLINE.finditer(prose, start, end))
    return starts


def _line_matches(pattern: re.Pattern[str], prose: str, starts: list[int], end: int) -> list:
    """``list(pattern.finditer(prose, start, end))`` for a pattern that starts with ``^``
    (re.M) and never matches a line break: tried only at the line starts (in C, ``re``
    tries every position)."""
    found = []
    match = pattern.match
    for at in starts:
        m = match(prose, at, end)
        if m is not None:
            found.append(m)
    return found


_NAME_LINE = lazy(
    r"^[ \t]*(?:[-\u2014\u2013~][ \t]*)?[A-Z\u00c0-\u00de][\w'\u2019.&-]*"
    r"(?:[ \t]+(?:[A-Z\u00c0-\u00de][\w'\u2019.&,|-]*|at|from|of|the|and|&|@|\||[-\u2014\u2013,]))"
    r"{0,5}[ \t]*$",
    re.M,
)
_TITLE_LINE = lazy(r"^[ \t]*[^\n?!]{1,60}$")


def _bare_signature(prose: str, start: int, end: int) -> re.Match[str] | None:
    """A sign-off without a closing word: the last paragraph is just a name ("Ines", "Marco at
    Ironleaf"), optionally followed by a title or company line or two."""
    end = _rstrip(prose, start, end)
    brk = prose.rfind("\n\n", start, end)
    if brk == -1:
        return None
    para_start = brk + 2
    while para_start < end and prose[para_start] in " \t\n":
        para_start += 1
    lines = prose[para_start:end].split("\n")
    if not 1 <= len(lines) <= 4 or not prose[start:brk].strip():
        return None
    first = _NAME_LINE.match(lines[0])
    if first is None or lines[0].rstrip().endswith((",", ".")):
        return None
    if not all(_TITLE_LINE.match(line) and len(line.split()) <= 8 for line in lines[1:]):
        return None
    return _NAME_LINE.search(prose, para_start, para_start + len(lines[0]))


_CTA = lazy(
    r"(?i)\b(?:reply|respond|let me know|book|schedule|grab (?:a|some) time|pick a time|"
    r"sign up|register|join|download|click|tap|try|start (?:your|a) (?:free )?trial|"
    r"get started|hop on|jump on|worth a|open to|interested in|would you|could you|can you|"
    r"shall we|want me to|happy to send|see (?:the|it) here|read (?:it|more))\b"
)


def _call_to_action(prose: str, start: int, end: int) -> Span | None:
    """The call to action: the last sentence of the content that asks the reader for
    something (a question, or an ask such as "reply", "book", "let me know"); a button or link
    text in HTML is a sentence of its own, so it counts too. Paragraphs are split from the end,
    so a long message costs one paragraph's work in the usual case."""
    para_end = end
    while para_end > start:
        para_start = prose.rfind("\n\n", start, para_end)
        para_start = start if para_start == -1 else para_start + 2
        for span in reversed(split_sentences(prose, para_start, para_end)):
            text = prose[span.start : span.end]
            if text.rstrip().endswith("?") or _CTA.search(text):
                return span
        if para_start == start:
            break
        para_end = para_start - 2
    return None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
