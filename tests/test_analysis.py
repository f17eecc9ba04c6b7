"""The shared analysis (analysis.py) and section detection every metric rule relies on."""

from __future__ import annotations

import pytest

from outreach_lint.formats.markdown import parse as parse_markdown
from outreach_lint.formats.text import parse as parse_text


def doc(text: str, markdown: bool = False):
    parse = parse_markdown if markdown else parse_text
    return parse("x.md" if markdown else "x.txt", text, {})[0]


def section_text(d, kind: str) -> str | None:
    s = d.section(kind)
    return None if s is None else d.text_of(s.span)


@pytest.mark.parametrize(
    ("tail", "signature"),
    [
        ("Ashley", "Ashley"),
        (
            "Marco at Ironleaf\nHead of Growth, Ironleaf Inc.",
            "Marco at Ironleaf\nHead of Growth, Ironleaf Inc.",
        ),
        ("Best,\nSam", "Best,\nSam"),
        ("Let me know what you think", None),
        ("Worth a chat?", None),
    ],
)
def test_signature_without_a_sign_off_word(tail, signature):
    d = doc(f"Hi Tom,\n\nYour offer page is clear.\n\n{tail}\n")
    assert section_text(d, "signature") == signature


def test_quoted_pronouns_do_not_count():
    d = doc('Hi Sam,\n\nA customer said "I rebuilt it and we gave up" about your tool.\n\nAlex')
    (sentence,) = d.analysis.sentences
    assert sentence.self_refs == 0
    assert sentence.reader_refs == 1


def test_curly_contractions_and_inclusive_we():
    d = doc("Hi Sam,\n\nI\u2019m sure we\u2019ve met. When we spoke, you and I agreed.\n\nAlex")
    first, second = d.analysis.sentences
    assert first.self_refs == 2
    assert second.self_refs == 0  # "we spoke", "you and I" include the reader


def test_ic101_opener_pattern_is_sender_opener():
    """IC101's opener pattern (a pack, which cannot import Python) spells out
    analysis.SENDER_OPENER, the one definition of the reader-inclusive "we" that IC153 and the
    I/We balance use: the two must stay the same text (verbose-mode spaces aside)."""
    import re
    from pathlib import Path

    from outreach_lint import _toml
    from outreach_lint.analysis import SENDER_OPENER

    path = Path(__file__).resolve().parents[1] / "rules" / "i-centric.toml"
    data = _toml.loads(path.read_text(encoding="utf-8"))
    (ic101,) = [r for r in data["rules"] if r["code"] == "IC101"]
    opener = re.sub(r"\s+", "", ic101["patterns"][0])
    assert opener == "(?x)\\A\\s*" + SENDER_OPENER + "\\b(?:['\\u2019](?:m|ve|ll|d|re))?"


def test_leading_merge_tag_belongs_to_its_sentence():
    d = doc("Hi {{ first_name }},\n\n{{ company }} opened an office. Nice.\n\nAlex")
    first = d.analysis.sentences[0]
    assert d.text_of(first.span) == "opened an office."  # spans stay on prose, never in a tag
    assert first.reader_refs == 1


def test_questions_skip_quoted_ones():
    d = doc('Hi Sam,\n\nShe asked "why is it slow?" twice. Is it still slow for you?\n\nAlex')
    assert [d.text_of(q.span) for q in d.analysis.questions] == ["Is it still slow for you?"]


def test_paragraphs_split_lists_and_count_words():
    text = "Hi Lee,\n\nHere is what changed:\n\n- One item here.\n- Two items here.\n\nA closing paragraph of six words.\n\nSam\n"
    d = doc(text, markdown=True)
    got = [(d.text_of(p.span), p.words) for p in d.analysis.paragraphs]
    assert got == [
        ("Here is what changed:", 4),
        ("One item here.", 3),
        ("Two items here.", 3),
        ("A closing paragraph of six words.", 6),
    ]


@pytest.mark.parametrize(
    ("body", "kinds"),
    [
        (
            "Could you reply with your POS system? Also forward this to purchasing.",
            ["reply", "referral"],
        ),
        (
            "Would you be open to a quick 30-minute call? If so, just reply with a time.",
            ["meeting"],
        ),
        ("How do you sync stock today? Is it the same POS in both stores?", ["question"]),
        ("No need to book a demo or sign up, it is just a link.", []),
        ("Worth a quick chat? I put together an audit. 15 minutes?", ["meeting"]),
        ("My calendar is filling up for May.", []),
        (
            "Book a call. Join our Slack. Leave us a review on G2.",
            ["meeting", "signup", "feedback"],
        ),
        # session 6 (mono7): offers, easier alternatives, relative clauses, states
        ("Did your boss see it? Happy to jump on a call with them too.", ["question"]),
        ("How is the pilot? I can send over the checklist we use.", ["question"]),
        ("A client who runs a dyeing unit shared your post. Open to a call?", ["meeting"]),
        ("Open to a call? And who handles hiring there?", ["meeting", "referral"]),
        (
            "Feel free to forward it to her if that's easier. Would you like any changes?",
            ["question"],
        ),
        ("Feel free to forward it to her. Would you like any changes?", ["referral", "question"]),
        ("You were selected to join the pilot. How is it going?", ["question"]),
    ],
)
def test_asks(body, kinds):
    d = doc(f"Hi Grace,\n\n{body}\n\nMarco")
    assert [a.kind for a in d.analysis.asks] == kinds


def test_greeting_name():
    assert doc("Hi Elena,\n\nHello.").analysis.greeting_name == "Elena"
    assert doc("Dear Valued Customer,\n\nHello.").analysis.greeting_name == ""
    assert doc("Hi there,\n\nHello.").analysis.greeting_name == ""
    assert doc("Hi,\n\nHello.").analysis.greeting_name == ""
    # session 12 (ic13): a brand's list, greeted by a role in lower case or as a collective
    assert doc("Hi Plotwise user!\n\nHello.").analysis.greeting_name == ""
    assert doc("Dear Acme customers,\n\nHello.").analysis.greeting_name == ""
    assert doc("Dear Potluck Family,\n\nHello.").analysis.greeting_name == ""
    assert doc("Hi Elena and team,\n\nHello.").analysis.greeting_name == "Elena"
    assert doc("Hi Acme team,\n\nHello.").analysis.greeting_name == "Acme"  # the reader's company
    # a role is not a name (session 6): "Hello Candidate", "Dear Healthcare Professional"
    assert doc("Hello Candidate,\n\nHello.").analysis.greeting_name == ""
    assert doc("Dear Healthcare Professional,\n\nHello.").analysis.greeting_name == ""
    assert doc("Dear Business Owners,\n\nHello.").analysis.greeting_name == ""
    assert doc("Hi Hunter,\n\nHello.").analysis.greeting_name == "Hunter"
    # a greeting that is only the name, or another language's salutation (session 6, mono7)
    assert doc("Nora,\n\nHello.").analysis.greeting_name == "Nora"
    # a courtesy title before a surname greets a person (session 10)
    assert doc("Dear Madam Chukwu,\n\nHello.").analysis.greeting_name == "Chukwu"
    assert doc("Hello Sir Rommel,\n\nHello.").analysis.greeting_name == "Rommel"
    assert doc("Dear Sir Or Madam,\n\nHello.").analysis.greeting_name == ""
    assert doc("Dear Madam,\n\nHello.").analysis.greeting_name == ""
    assert doc("Ms. Okafor,\n\nHello.").analysis.greeting_name == "Ms. Okafor"
    assert (
        doc("Dobr\u00fd den, Mr. Nov\u00e1k,\n\nHello.").analysis.greeting_name == "Mr. Nov\u00e1k"
    )
    assert doc("Hola Juan,\n\nHello.").analysis.greeting_name == "Juan"
    assert doc("Estimados,\n\nHello.").analysis.greeting_name == ""
    assert doc("Colleagues,\n\nHello.").analysis.greeting_name == ""
    # a first line that is a sentence, not a name, is no greeting
    assert doc("Numbers are up this month.\n\nHello.").section("greeting") is None
    assert doc("Short version, revenue is up.\n\nHello.").section("greeting") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("---\nkind: follow-up\n---\nHi Sam,\n\nHello.\n", "follow-up"),
        ("---\nstep: 3\n---\nHi Sam,\n\nHello.\n", "follow-up"),
        ("Hi Sam,\n\nHello.\n", "first-touch"),
        ("{{ first_name }} - saw your post on churn.\n\nAlex\n", "first-touch"),
        ("Here is what moved in freight this week.\n\nThe Freight Team\n", "newsletter"),
        (
            "Hi Sam,\n\nThis month we shipped exports, a billing page and team invites.\n\n"
            "Each one came from a reader request; thank you for sending them.\n\n"
            "You are receiving this because you subscribed. Unsubscribe.\n",
            "newsletter",
        ),
    ],
)
def test_message_kind(text, kind):
    assert doc(text, markdown=True).message_kind == kind


def test_analysis_is_computed_once():
    d = doc("Hi Sam,\n\nHow are you?\n\nAlex")
    assert d.analysis is d.analysis
    assert d.analysis.sentences is d.analysis.sentences


@pytest.mark.parametrize(
    ("tail", "ps"),
    [
        ("Best,\nSam\n\nP.S. Is that page still current?", "P.S. Is that page still current?"),
        ("Best,\nSam\n\nPS: Is that page still current?", "PS: Is that page still current?"),
        ("Best,\nSam\n\np.p.s. one more thing.", "p.p.s. one more thing."),
        ("Best,\nSam Pscott\nPS Ltd", None),
    ],
)
def test_postscript_is_read_as_content(tail, ps):
    d = doc(f"Hi Dana,\n\nYour page says refunds take 30 days.\n\n{tail}")
    regions = d.analysis.regions
    assert (d.text_of(regions[1]) if len(regions) > 1 else None) == ps


def test_first_name_only_is_opt_in():
    """BL151 is a coaching hint: off by default, on with extend-select."""
    from outreach_lint import lint_text

    text = (
        "Hi {{ first_name }},\n\nMost finance teams still close the month in spreadsheets. "
        "Ledgerly automates the reconciliation so the close takes days, not weeks.\n\n"
        "Would it help to see how?\n\nAlex"
    )
    assert "BL151" not in {f.code for f in lint_text(text, filename="x.txt", no_plugins=True)}
    chosen = lint_text(text, filename="x.txt", select=("BL151",), no_plugins=True)
    assert [f.code for f in chosen] == ["BL151"]


@pytest.mark.parametrize(
    "sentence, about",
    [
        ("Congrats on the funding round.", "reader"),  # a reaction to what the reader did
        ("Loved the podcast episode on robots.", "reader"),
        ("I noticed the careers page lists three roles.", "reader"),
        ("I'm curious how that has gone.", "reader"),  # an indirect question
        ("Thanks for the time on Thursday.", "reader"),
        ("To recap what I heard: the close takes six days.", "reader"),
        ("Want me to send it over?", "reader"),  # a question hands them the turn
        ("Does Thursday work for a quick call?", "neutral"),  # asks only for our meeting
        ("Hope you are having a great week.", "neutral"),  # a pleasantry fits any inbox
        ("Happy to share them if useful.", "neutral"),  # an offer
        ("We could check your export before the cutover.", "reader"),
        ("I would love to show you our platform.", "self"),  # you as the pitch's object
        ("We help companies like yours grow.", "self"),
        ("The part about pickers stuck with me.", "neutral"),  # me only as the object
        ("Your talk was the clearest I have seen.", "reader"),  # a tie, the reader first
        ("I think your team would like it.", "neutral"),  # a tie, us first
        ("As we discussed, the team reconciles billing.", "reader"),  # the reader is in "we"
        ("We hit the same growth spurt last year.", "self"),
        ("Following up on my note from last week.", "self"),
        ("Our trainer will run two sessions on Tuesday.", "neutral"),  # a commitment to them
        ("We'll send the draft agreement by Wednesday.", "neutral"),
        ("We'll also cover the fees your staff were charged.", "reader"),
        ("We will be exhibiting at PackExpo next month.", "self"),  # our news, not a commitment
        ("We'll help you grow revenue this year.", "self"),  # the pitch, not a commitment
        ("Our platform will send alerts automatically.", "self"),  # the product, not a person
    ],
)
def test_whom_a_sentence_is_about(sentence, about):
    d = doc(f"Hi Sam,\n\n{sentence} The plan is ready.\n\nAlex")
    s, _ = d.analysis.sentences
    assert s.about == about


def test_sender_merge_tags_are_not_the_reader():
    d = doc(
        "Hi {{ first_name }},\n\nMy name is {{ name }} and I run sales at {{ sender.company }}. "
        "Is {{ company }} hiring?\n\nAlex"
    )
    first, second = d.analysis.sentences
    assert (first.reader_refs, second.reader_refs) == (0, 1)


def test_sender_names_come_from_the_signature_not_its_titles():
    d = doc(
        "Hi Sam,\n\nKestrel Security protects banks.\n\nBest regards,\nDana Ruiz\nHead of Sales, Kestrel Security"
    )
    names = d.analysis.sender_names
    assert {"dana", "ruiz", "kestrel", "security"} <= names
    assert not names & {"best", "regards", "head", "sales"}
    # the sentence that opens with the name we sign with is about us
    assert d.analysis.sentences[0].about == "self"
