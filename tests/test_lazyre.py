"""Lazily compiled module-level patterns (``outreach_lint.lazyre``)."""

from __future__ import annotations

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
        "assert len(lazies) == 39 and all(p._compiled is None for p in lazies)\n"
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
