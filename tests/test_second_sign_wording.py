"""HY102 (inflated wording) and HY103 (jargon) ask for a second sign (pack key ``corroborate``).

Wordiness and jargon alone are a plain-language note, not hype: on new writers' first looks
(session 16, sj17) their lone findings were wrong 2 times in 2 ("a large number of" in a freight
notice, "leverage" in a finance note), and every labelled hit came with another hype finding.
They report when another rule flags the message, when a second finding of theirs stands on
separate text (engine.drop_uncorroborated), or when no other rule ran (``--select``).
These tests go through the CLI, as a user would.
"""

from __future__ import annotations

from conftest import lint_codes

NOTICE = (
    "Subject: Density classes and your LTL invoices\n\nHi Dana,\n\nFrom March 1 the carriers "
    "rate a large number of your pallets by density. Which lanes should we check first?"
    "\n\nSam\n"
)
JARGON = NOTICE.replace("a large number of", "most of").replace("Which", "To leverage it, which")
HYPED = NOTICE.replace("Hi Dana,\n\n", "Hi Dana,\n\nOur world-class team is here. ")


def test_wordiness_alone_needs_a_second_sign(run, write):
    root = write({"a.txt": NOTICE, "b.txt": JARGON, "c.txt": HYPED})
    assert lint_codes(run, str(root / "a.txt")) == []
    assert lint_codes(run, str(root / "b.txt")) == []
    codes = lint_codes(run, str(root / "c.txt"))
    assert "HY101" in codes and "HY102" in codes
    assert lint_codes(run, "--select", "HY102", str(root / "a.txt")) == ["HY102"]
    assert lint_codes(run, "--select", "HY103", str(root / "b.txt")) == ["HY103"]
