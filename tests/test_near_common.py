"""TM104's near-miss test without difflib (``templates._may_be_near``): the same answers as
difflib alone, and difflib imported only for a field that may be a misspelling."""

from __future__ import annotations

import difflib
import random
import subprocess
import sys
import textwrap

from _subproc import SITE

from outreach_lint.checks import templates


def _reference(key: str) -> str:
    """What ``_near_common`` answered before the gate: difflib over every common field."""
    close = [
        c
        for c in difflib.get_close_matches(key, list(templates._COMMON), n=1, cutoff=0.85)
        if c[0] == key[:1]
    ]
    return close[0] if close else ""


def _keys() -> list[str]:
    """Common fields, their one-edit misspellings, and unrelated or random names."""
    rng = random.Random(17)
    letters = "abcdefghijklmnopqrstuvwxyz0123"
    keys = ["", "x", "co", "nme", "frstname", "fristname", "compnay", "unsubscribelink", "promo"]
    for c in templates._COMMON:
        keys.append(c)
        for i in range(len(c)):
            keys.append(c[:i] + c[i + 1 :])  # a letter dropped
            keys.append(c[:i] + rng.choice(letters) + c[i + 1 :])  # a letter changed
            keys.append(c[:i] + rng.choice(letters) + c[i:])  # a letter added
            if i + 1 < len(c):
                keys.append(c[:i] + c[i + 1] + c[i] + c[i + 2 :])  # two swapped
    for _ in range(3000):
        keys.append("".join(rng.choice(letters) for _ in range(rng.randint(1, 14))))
    return keys


def test_the_gate_gives_difflibs_answers():
    keys = _keys()
    found = 0
    for key in keys:
        want = _reference(key)
        found += bool(want)
        if want:  # the gate must let every real near-miss through to difflib
            assert templates._may_be_near(key), key
        assert templates._near_common.__wrapped__(key) == want, key
    assert found > 100  # misspellings of common fields are found (the test can fail)
    assert sum(not templates._may_be_near(k) for k in keys) > 2000  # and most keys skip difflib


def test_a_field_that_is_no_misspelling_does_not_import_difflib():
    code = textwrap.dedent(
        """
        import sys
        from outreach_lint.checks import templates
        assert templates._near_common("promocode") == ""
        assert "difflib" not in sys.modules
        assert templates._COMMON[templates._near_common("fristname")] == "first_name"
        assert "difflib" in sys.modules
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": SITE, "OUTREACH_LINT_COMPILED_CACHE": "0"},
    )
    assert done.stdout == "ok\n", done.stderr
