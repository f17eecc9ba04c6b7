"""Lazily compiled module-level patterns (``outreach_lint.lazyre``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from outreach_lint.lazyre import LazyPattern, lazy


def test_compiled_on_first_use_and_same_as_re_compile():
    p = lazy(r"\b(?P<w>hi|hello)\b", re.IGNORECASE)
    assert p._compiled is None
    real = re.compile(r"\b(?P<w>hi|hello)\b", re.IGNORECASE)
    text = "Hello Sam, hi again. HI!"
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert p.compiled is p.compiled and p.compiled == real
    assert p.search("oh HI").group("w") == "HI" and p.match("x") is None
    assert p.pattern == real.pattern and p.flags == real.flags


def test_a_clean_one_file_run_leaves_unneeded_patterns_uncompiled(tmp_path):
    """Importing the modules compiles none of their lazy patterns; a clean one-file run
    compiles only those it reaches (a template without Mailchimp tags or directives)."""
    path = tmp_path / "note.md"
    path.write_text("Hi Sam,\n\nHow is the onboarding going for your new hires?\n\nBest,\nAl\n")
    code = (
        "import io, sys\n"
        "from outreach_lint.lazyre import LazyPattern\n"
        "from outreach_lint import mergetags, suppress\n"
        "from outreach_lint.checks import focus, personalization\n"
        "mods = (mergetags, suppress, focus, personalization)\n"
        "lazies = [v for m in mods for v in vars(m).values() if isinstance(v, LazyPattern)]\n"
        "assert len(lazies) == 46 and all(p._compiled is None for p in lazies)\n"
        "from outreach_lint.cli import main\n"
        "main(['--no-cache', sys.argv[1]], stdout=io.StringIO(), stderr=io.StringIO())\n"
        "print(sum(p._compiled is None for p in lazies))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert int(out.stdout) > 0  # e.g. _MAILCHIMP, _DIRECTIVE: never needed here


def test_lazy_pattern_is_not_a_pattern_instance():
    # documented limit: use it through its methods, never where an re.Pattern is required
    assert not isinstance(lazy("a"), re.Pattern) and isinstance(lazy("a"), LazyPattern)


def test_a_compiled_lazy_pattern_serves_its_methods_from_slots():
    """After the first use the pattern's methods are the compiled pattern's own bound methods,
    read from slots: no Python ``__getattr__`` call per use on the hot paths."""
    p = lazy(r"\bhi\b")
    assert p.search("oh hi").group() == "hi"
    real = p.compiled
    for name in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
        method = object.__getattribute__(p, name)  # the slot itself, not __getattr__
        assert method.__self__ is real and method.__name__ == name
    assert object.__getattribute__(p, "pattern") == real.pattern
    assert object.__getattribute__(p, "flags") == real.flags


#: module-level patterns that a one-file run of a first-touch template does not use (session 12:
#: 54 patterns, ~5 M instructions of a one-file run); importing their modules compiles none
LAZY_AT_IMPORT = {
    "outreach_lint.analysis": ["_SELF_OBSERVATION"],
    "outreach_lint.checks.bumps": [
        "_NUDGE",
        "_NEW",
        "_FIGURE",
        "_GENERIC_QUESTION",
        "_COURTESY",
        "_PROPER",
    ],
    "outreach_lint.checks.pressure": ["NEXT_RELIEF"],
    "outreach_lint.checks.pressure_frames": [
        "_CLOCK",
        "_OFFER",
        "_ENDS",
        "_HOLDS",
        "_RESTRICT",
        "_ACT_BY",
        "_WINDOW",
        "_TO_OTHERS",
        "_SOMEONE_ELSE",
        "_TAKEN",
        "_ACCOUNT_FACT",
        "_OWN_ALLOWANCE",
        "_DELAY",
        "_COST",
        "_AHEAD",
        "_WE_ALREADY",
        "_METRIC_RATE",
        "_BARE_ORDINAL",
        "_DATE_LEAD",
    ],
    "outreach_lint.checks.pressure_threat": ["_NEGATION", "_FIT", "_HELP", "_UNLESS_PERSON"],
    "outreach_lint.checks.shouting": [
        "_RUN_GAP",
        "_PLEASANTRY",
        "_SENTENCE_START",
        "_KEYWORD_AFTER",
        "_NAME_BEFORE",
        "_COORDINATION",
        "_COMPOUND_INITIALISM",
        "_ENGLISH_ENDING",
    ],
    "outreach_lint.checks.templates": ["_GUARD", "_LEFTOVER"],
    "outreach_lint.engine": ["_PLAIN_REPLACEMENT"],
    "outreach_lint.formats.text": ["_KIND_VALUE", "_STEP_VALUE"],
    "outreach_lint.kinds": ["_SEPARATORS"],
    "outreach_lint.packs": ["_NAME_IN_PROSE", "_CAP_BEFORE", "_CAP_AFTER"],
    "outreach_lint.prefilter": ["_FACTS"],
    "outreach_lint.sections": ["_CTA", "_VOCATIVE", "_FOOTER"],
    "outreach_lint.signature": ["_GUILT"],
    "outreach_lint.textnorm": ["_PIECES_REFERENCE"],
}


def test_patterns_a_first_touch_file_does_not_use_are_not_compiled_at_import():
    code = (
        "import importlib, json, sys\n"
        "from outreach_lint.lazyre import LazyPattern\n"
        "names = json.loads(sys.argv[1])\n"
        "from outreach_lint.checks import builtin_rules\n"
        "builtin_rules()\n"
        "bad = [m + '.' + n for m, ns in names.items() for n in ns\n"
        "       if not isinstance(getattr(importlib.import_module(m), n), LazyPattern)\n"
        "       or getattr(importlib.import_module(m), n)._compiled is not None]\n"
        "bad += [m for m in ('difflib',) if m in sys.modules]  # templates: on first use\n"
        "print(json.dumps(bad))\n"
    )
    import json

    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(LAZY_AT_IMPORT)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == []


def test_a_one_file_run_leaves_the_first_touch_patterns_uncompiled(tmp_path):
    """The pre-commit case: a first-touch template with a pressure line compiles none of
    them (pressure_frames' classes are asked for their requirements, which the prefilter memo
    answers by source and flags without compiling the pattern, from the second run on)."""
    import json

    path = tmp_path / "t.txt"
    path.write_text(  # bench/run.py's one-file template (generated t000001)
        "Subject: Act now - only 3 spots left\n\n"
        'Dear {{ first_name | default: "there" }},\n\n'
        "Your colleague Dana mentioned that the pricing page experiment got easier\n"
        "after the reorg. We would love to set up 30 minutes on your calendar to walk\n"
        "you through our features.\n\n"
        "Would a two-page summary that a retailer that grew fast last year used for the\n"
        "trial-to-paid handoff be useful? Here is a before-and-after comparison that an\n"
        "agency that works with your competitors used for the quarterly board report.\n\n"
        "Would it be worth a short call to see if this fits?\n\nBest,\n{{ sender.name }}\n"
    )
    code = (
        "import importlib, io, json, sys\n"
        "from outreach_lint.lazyre import LazyPattern\n"
        "names = json.loads(sys.argv[1])\n"
        "from outreach_lint.cli import main\n"
        "main(['--no-cache', sys.argv[2]], stdout=io.StringIO(), stderr=io.StringIO())\n"
        "print(json.dumps([m + '.' + n for m, ns in names.items() for n in ns\n"
        "       if getattr(importlib.import_module(m), n)._compiled is not None]))\n"
    )
    env = {**os.environ, "OUTREACH_LINT_COMPILED_CACHE": str(tmp_path / "cc")}
    args = [sys.executable, "-c", code, json.dumps(LAZY_AT_IMPORT), str(path)]
    for _ in range(2):  # the first run fills the compiled cache (prefilter memo)
        out = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    assert json.loads(out.stdout) == []


def test_lazy_requirements_are_those_of_the_compiled_pattern():
    from outreach_lint import prefilter

    for source, flags in [
        (r"\b(?:only|just) (?:today|tonight)\b", 0),
        (r"(?i)\bact now\b", 0),
        (r"\bact now\b", re.IGNORECASE),
        (r"^\W*(?:we|i|our)\b", re.M),
    ]:
        p = lazy(source, flags)
        got = prefilter.requirements(p)
        assert got == prefilter.requirements(re.compile(source, flags))
        again = lazy(source, flags)
        assert prefilter.requirements(again) == got
        if prefilter.MEMO.table is not None and prefilter.MEMO.table:
            assert again._compiled is None  # answered by the memo
