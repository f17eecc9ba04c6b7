"""ASCII twins (``outreach_lint.asciire``) match an all-ASCII string exactly as the pattern does.

The proof obligation of every twinned pattern of the engine is read from its syntax tree (no
IGNORECASE letter outside ASCII, no ``\\S`` inside a class, not verbose), and the twin is
compared with the pattern on generated ASCII strings built from the pattern's own words, the
information separators (which only Unicode's ``\\s`` takes) and punctuation. A twin compiled
from the source as written (without the ``\\s`` spelling) fails these tests.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import asciire
from outreach_lint.asciire import AsciiTwin, ascii_twin, twin_source

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

import _sre

ROOT = Path(__file__).resolve().parent.parent

MODULES = [
    "outreach_lint.analysis",
    "outreach_lint.sections",
    "outreach_lint.checks.pressure",
    "outreach_lint.checks.pressure_threat",
    "outreach_lint.checks.focus",
]


def _twins() -> list:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, AsciiTwin):
                found.append(pytest.param(value, id=f"{name.rsplit('.', 1)[-1]}.{attr}"))
    return found


TWINS = _twins()


def test_the_engine_twins_its_hot_patterns():
    assert len(TWINS) >= 10


def _compiled(twin: AsciiTwin):
    source, flags = asciire._source_and_flags(twin._pattern)
    return re.compile(source, flags), re.compile(
        twin_source(source), (flags & ~re.UNICODE) | re.ASCII
    )


def _items(tree):
    for op, av in tree.data if hasattr(tree, "data") else tree:
        yield op, av
        if op is _c.IN:
            continue  # its members are read by _letters
        for value in av if isinstance(av, (tuple, list)) else (av,):
            if isinstance(value, _parser.SubPattern):
                yield from _items(value)
            elif isinstance(value, (tuple, list)):
                for inner in value:
                    if isinstance(inner, _parser.SubPattern):
                        yield from _items(inner)


def _letters(tree):
    """Every character a literal, a range or a class of the tree names."""
    for op, av in _items(tree):
        if op in (_c.LITERAL, _c.NOT_LITERAL):
            yield av
        elif op is _c.IN:
            for member_op, member in av:
                if member_op in (_c.LITERAL, _c.NOT_LITERAL):
                    yield member
                elif member_op is _c.RANGE:
                    yield from range(member[0], member[1] + 1)


@pytest.mark.parametrize("twin", TWINS)
def test_the_proof_obligation(twin):
    source, flags = asciire._source_and_flags(twin._pattern)
    assert not flags & re.VERBOSE
    assert twin_source(source) is not None
    tree = _parser.parse(source, flags)
    if tree.state.flags & re.IGNORECASE or "(?i" in source:
        cased = [chr(c) for c in _letters(tree) if c > 127 and _sre.unicode_iscased(c)]
        assert not cased, cased


def _words(source: str) -> list[str]:
    return sorted(set(re.findall(r"[a-z']{1,12}", source)))[:400] or ["x"]


PUNCT = [" ", "  ", "\n", "\t", ",", ".", "?", "!", "'", "-", ";", ":", "\x1c", "\x1f", "\x0b"]


def _lines() -> list[str]:
    """Lines of the readable labelled sets, lower-cased as the engine's folded sentences are."""
    out = []
    sets = [ROOT / "tests" / "corpus", *sorted((ROOT / "tests").glob("corpus-dev-*"))]
    for path in sorted(p for d in sets for p in (d / "messages").rglob("*.*")):
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        out.extend(line for line in text.splitlines() if line.strip() and line.isascii())
    return out


LINES = _lines()


def _spaced(line: str, seps: list[str]) -> str:
    """``line`` with its spaces replaced, in turn, by ``seps`` (a space where they run out)."""
    parts = line.split(" ")
    return "".join(p + (seps[i] if i < len(seps) else " ") for i, p in enumerate(parts))[:-1]


@pytest.mark.parametrize("twin", TWINS)
def test_the_twin_matches_as_the_pattern(twin):
    pattern, ascii_ = _compiled(twin)
    words = _words(pattern.pattern)
    matching = [line for line in LINES if pattern.search(line)]
    assert len(matching) >= 3  # the lines below exercise its matches
    # the pattern's words and punctuation, or a real line it matches with some spaces swapped
    # for separators only one mode reads as white space
    texts = st.one_of(
        st.lists(
            st.one_of(
                st.sampled_from(words), st.sampled_from(PUNCT), st.sampled_from(["I", "You"])
            ),
            max_size=24,
        ).map("".join),
        st.builds(
            _spaced,
            st.sampled_from(matching),
            st.lists(st.sampled_from([" ", " ", " ", "\x1c", "\x1f", "\t"]), max_size=40),
        ),
    )

    @settings(max_examples=500, deadline=None)
    @given(texts)
    def check(text):
        assert [m.span() for m in ascii_.finditer(text)] == [
            m.span() for m in pattern.finditer(text)
        ]
        found = pattern.search(text)
        again = ascii_.search(text)
        assert (found and (found.span(), found.groups())) == (
            again and (again.span(), again.groups())
        )

    check()


def test_twin_source_spells_the_separators():
    assert twin_source(r"a\sb") == r"a[\s\x1c-\x1f]b"
    assert twin_source(r"a\Sb") == r"a[^\s\x1c-\x1f]b"
    assert twin_source(r"[^\w\s]") == r"[^\w\s\x1c-\x1f]"
    assert twin_source(r"\\s") == r"\\s"  # an escaped backslash, then a letter
    assert twin_source(r"[]\s]\s") == r"[]\s\x1c-\x1f][\s\x1c-\x1f]"
    assert twin_source(r"[a[\s]\s") == r"[a\[\s\x1c-\x1f][\s\x1c-\x1f]"
    assert twin_source(r"[\S]") is None
    assert twin_source(r"(?x) a \s") is None
    assert twin_source(r"a(?#[)\s") is None


def test_the_separators_are_why():
    """On ASCII text the two modes differ only on U+001C-U+001F (and IGNORECASE letters)."""
    plain = re.compile(r"a\sb")
    assert plain.search("a\x1cb")
    assert not re.compile(r"a\sb", re.ASCII).search("a\x1cb")
    assert re.compile(twin_source(r"a\sb"), re.ASCII).search("a\x1cb")
    assert re.compile("\u017f", re.I).search("s")  # the long s
    assert not re.compile("\u017f", re.I | re.ASCII).search("s")


def test_the_twin_is_used_after_a_few_ascii_strings():
    pattern = re.compile(r"\bno\s+way\b")
    twin = ascii_twin(pattern)
    for _ in range(asciire.TWIN_AFTER + 1):
        assert twin.search("oh no  way") is not None
    assert twin._twin is not None and twin._twin is not pattern
    assert twin.search("oh no\x1cway").span() == pattern.search("oh no\x1cway").span()
    assert twin.search("caf\u00e9 no way").span() == (5, 11)  # not ASCII: the pattern itself
    assert [m.span() for m in twin.finditer("no way, no way")] == [(0, 6), (8, 14)]
    assert twin.findall("no way") == ["no way"]
    assert twin.match("no way") and twin.fullmatch("no way")
    assert twin.pattern == pattern.pattern
