"""Capitals with no loud word (shouting.PLAIN_CAPITALS) are one weak sign, in the body (HY150)
and in the subject (SJ151): reported only when another rule flags the message, and never a
second sign for each other (engine.drop_uncorroborated). Session 16 (sj17): at first look the 8
messages whose only findings were plain capitals were all clean (six writers); three of them had
two such findings ("SAFE" in the subject and the body, "SDVOSB" and "NAVSEA"). These tests go
through the CLI, as a user would.
"""

from __future__ import annotations

from conftest import lint_codes

TERM = (
    "Subject: Intro via Jonah: SAFE vs. priced round\n\nHi Dana,\n\nJonah said you are weighing "
    "a post-money SAFE against a priced round. Which terms matter most to you?\n\nSam\n"
)
LOUD = TERM.replace("SAFE vs.", "FREE guide to a SAFE vs.")
SECOND = TERM.replace("Which terms", "Act now: which terms")
LABELS = (
    "Subject: Arbor comes to Denver\n\nHi Dana,\n\nFOR IMMEDIATE RELEASE\n\nArbor's e-bike "
    "subscription opens in Denver on December 1. Would a test ride for your readers be "
    "useful?\n\nMEDIA CONTACT: Sam Reyes\n\nSam\n"
)
WHOLE = TERM.replace("Intro via Jonah: SAFE vs. priced round", "SAFE VS PRICED ROUND")


def test_plain_capitals_in_the_subject_and_the_body_are_one_sign(run, write):
    root = write({"a.txt": TERM, "b.txt": LOUD, "c.txt": SECOND, "d.txt": LABELS, "e.txt": WHOLE})
    assert lint_codes(run, str(root / "a.txt")) == []
    assert "SJ151" in lint_codes(run, str(root / "b.txt"))
    assert {"HY150", "SJ151"} <= set(lint_codes(run, str(root / "c.txt")))
    assert lint_codes(run, str(root / "d.txt")) == []
    assert "SJ151" in lint_codes(run, str(root / "e.txt"))
    assert lint_codes(run, "--select", "SJ151", str(root / "a.txt")) == ["SJ151"]
    assert lint_codes(run, "--select", "HY150", str(root / "d.txt")) == ["HY150", "HY150"]


# session 19 (sj20): plain capitals need a sign of selling beside them (a list send, a push, hype
# or a bait subject); a fault of shape alone (no question, an opener about us, a lazy bump) left
# a name with its number reported: "OR 3", the operating room (dev-28), "SECURE 2.0" (dev-13)
ROOM = (
    "Subject: Case coverage Thursday\nKind: first-touch\n\nHi Dr. Lee,\n\nI will be in OR 3 for "
    "your 7:30 knee case with the kit and a backup. Text me if the start time moves.\n\nMaria\n"
)
ROOM_PUSHED = ROOM.replace(
    "Text me if the start time moves.", "Spots are going fast, so text me today."
)
ACT = (
    "Subject: SECURE 2.0 auto-enrollment\nKind: follow-up\n\nHi Dana,\n\nJust floating this back "
    "to the top of your inbox in case it slipped through the cracks.\n\nElena\n"
)
ACT_HYPED = ACT.replace("in case it slipped through the cracks", "with our revolutionary audit")


def test_plain_capitals_need_a_sign_of_selling_beside_them(run, write):
    root = write({"a.txt": ROOM, "b.txt": ROOM_PUSHED, "c.txt": ACT, "d.txt": ACT_HYPED})
    assert "HY150" not in lint_codes(run, str(root / "a.txt"))
    assert "MO150" in lint_codes(run, str(root / "a.txt"))
    assert {"HY150", "PR103"} <= set(lint_codes(run, str(root / "b.txt")))
    assert "SJ151" not in lint_codes(run, str(root / "c.txt"))
    assert "FU101" in lint_codes(run, str(root / "c.txt"))
    assert {"SJ151", "HY101"} <= set(lint_codes(run, str(root / "d.txt")))
