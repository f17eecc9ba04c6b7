"""Findings that ask for a second sign in one case only (``Finding.needs_second_sign``).

MO150 on a note in a thread whose kind nothing says, and MO101 when the call it flags is the
only sign of a first touch (pack key ``time-ask-alone = false``), are held back by the same gate
as PR150 and PR155 (engine.drop_uncorroborated): reported when another rule about the copy
flags the message, or when no other rule ran. These tests go through the CLI, as a user would.
"""

from __future__ import annotations

from conftest import lint_codes

# MO150 on a note in a thread whose kind nothing says ("Re:" subject, no other sign): a real
# reply that delivers what was asked needs no question and looks the same, so the finding asks
# for a second sign (Finding.needs_second_sign); a lazy or pushy note shows it elsewhere too.
DELIVERS = (
    "Subject: Re: soil samples\n\nHi Jim,\n\nThe results are back: the pH is fine on every "
    "field except Long Meadow, and potash is low on the three silage fields.\n\nAoife\n"
)
BUMPS = DELIVERS.replace("Hi Jim,\n\n", "Hi Jim,\n\nJust circling back on this. ")


def test_a_thread_note_that_asks_nothing_needs_a_second_sign(run, write):
    root = write({"a.txt": DELIVERS, "b.txt": BUMPS})
    assert lint_codes(run, str(root / "a.txt")) == []
    assert lint_codes(run, str(root / "b.txt")) == ["FU101", "MO150"]
    # alone among the rules that ran, it reports as before
    assert lint_codes(run, "--select", "MO150", str(root / "a.txt")) == ["MO150"]


# A finding in the "Re:" subject itself is no second sign: the thread's first message wrote that
# subject, and it says nothing about the note under it (session 16, mo17: an unsubscribe
# confirmation under the original pitch's "... Before It's Too Late" subject)
INHERITED = DELIVERS.replace("Re: soil samples", "Re: Test your soil before it's too late")
PUSHED = DELIVERS.replace("Aoife\n", "Order before it's too late.\n\nAoife\n")


def test_a_finding_in_the_inherited_subject_is_no_second_sign(run, write):
    root = write({"a.txt": INHERITED, "b.txt": PUSHED})
    assert lint_codes(run, str(root / "a.txt")) == ["PR102"]
    # the same words in the note's own body are a second sign
    assert lint_codes(run, str(root / "b.txt")) == ["MO150", "PR102"]


# A first touch has no thread: its "Re:" is fake (SJ101) and written by the sender, so a finding
# in that subject is a sign like any other and keeps a lone PR155 in the body
FAKE = (
    "Subject: Re: your potash readings\nKind: first-touch\n\nHi Jim,\n\nYour potash readings "
    "on the silage fields were low in spring. The soil clinic in Ennis tests them free on "
    "Thursday: register today to secure your spot. Which fields worry you most?\n\nAoife\n"
)


def test_a_fake_reply_subject_is_a_second_sign(run, write):
    root = write({"a.txt": FAKE, "b.txt": FAKE.replace("Kind: first-touch\n", "")})
    assert lint_codes(run, "--select", "PR155,SJ101", str(root / "a.txt")) == ["PR155", "SJ101"]
    # with nothing to say the note is a first touch, the "Re:" may be real: no second sign
    assert lint_codes(run, "--select", "PR155,SJ101", str(root / "b.txt")) == []


def test_thread_alone_reports_the_thread_note_without_a_second_sign(run, write):
    root = write({"a.txt": DELIVERS, "c.toml": "[rules.MO150]\nthread-alone = true\n"})
    assert lint_codes(run, "--config", str(root / "c.toml"), str(root / "a.txt")) == ["MO150"]


# MO101 (pack key time-ask-alone = false): when the call it flags is the only sign that the
# message is a first touch (kinds.Sign.TIME_ASK), the reader is as often someone who knows us
# (a customer asked onto a podcast, a co-seller), so the finding needs a second sign.
GUEST = (
    "Subject: The show in January\n\nHi Renata,\n\nYour talk on month-end close was the clearest "
    "I have heard this year. Would a 30-minute call in January work to record an episode about "
    "it?\n\nMaya\n"
)
PITCHED = GUEST.replace(
    "Your talk on month-end close was the clearest I have heard this year.",
    "We are the leading podcast for finance teams.",
)


def test_a_meeting_ask_that_is_its_own_first_touch_sign_needs_a_second_sign(run, write):
    root = write({"a.txt": GUEST, "b.txt": PITCHED})
    assert lint_codes(run, str(root / "a.txt")) == []
    assert lint_codes(run, str(root / "b.txt")) == ["IC103", "MO101"]
    assert lint_codes(run, "--select", "MO101", str(root / "a.txt")) == ["MO101"]


# MO150 on a follow-up of a few words (under min-words): alone it is an acknowledgement ("Thanks,
# got it. Talk Monday."), but a lazy bump ("Just following up on the below.") owes the reader a
# question whatever its length (guide 18, session 15); a first touch that short is not judged.
SHORT_ACK = "---\nkind: follow-up\n---\nHi Grace,\n\nThanks, got it. Talk Monday.\n\nNils\n"
SHORT_BUMP = (
    "Subject: Re: maths practice\n\nDear Mrs. Nyaga,\n\nJust following up on the below.\n\nGrace\n"
)
SHORT_PITCH = "---\nsubject: Hello\n---\nDear Sir/Madam,\n\nLet's close the deal this week.\n"


def test_a_short_chase_is_judged_only_with_a_second_sign(run, write):
    root = write({"a.md": SHORT_ACK, "b.txt": SHORT_BUMP, "c.md": SHORT_PITCH, "d.toml": ""})
    assert lint_codes(run, str(root / "a.md")) == []
    assert "MO150" in lint_codes(run, str(root / "b.txt"))
    assert "MO150" not in lint_codes(run, str(root / "c.md"))
    off = root / "d.toml"
    off.write_text("[rules.MO150]\nshort-bumps = false\n", encoding="utf-8")
    assert "MO150" not in lint_codes(run, "--config", str(off), str(root / "b.txt"))


# HY150 on capitals with no loud word (shouting.LOUD_WORDS): a function word, a short name or a
# long unlisted term ("FOR IMMEDIATE RELEASE", "HAZWOPER") is as often a label or a name as a
# shout, so alone in the message it needs a second sign; a loud word (FREE, REALLY) does not.
RELEASE = (
    "Subject: Arbor comes to Denver\n\nHi Dana,\n\nFOR IMMEDIATE RELEASE\n\nArbor's e-bike "
    "subscription opens in Denver on December 1. Would a test ride for your readers be "
    "useful?\n\nSam\n"
)
LOUD = RELEASE.replace("FOR IMMEDIATE RELEASE", "Buyers are REALLY keen on this one.")
SECOND = RELEASE.replace("Would a test ride", "Act now: would a test ride")


def test_capitals_with_no_loud_word_need_a_second_sign(run, write):
    root = write({"a.txt": RELEASE, "b.txt": LOUD, "c.txt": SECOND})
    assert lint_codes(run, str(root / "a.txt")) == []
    assert lint_codes(run, str(root / "b.txt")) == ["HY150"]
    assert "HY150" in lint_codes(run, str(root / "c.txt"))
    assert lint_codes(run, "--select", "HY150", str(root / "a.txt")) == ["HY150"]
