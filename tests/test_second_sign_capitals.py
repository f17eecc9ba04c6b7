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
