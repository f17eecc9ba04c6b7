"""Cached ``re`` code (``outreach_lint.recache``) and remembered prefilters: start-up caches
that must give exactly what the standard library and the prefilter analysis give."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
import regex
from conftest import new_process

from outreach_lint import codecache, compiled, prefilter, recache, regexcache

try:
    import re._compiler as std_compiler
except ImportError:  # Python 3.9/3.10
    import sre_compile as std_compiler  # type: ignore[no-redef]

PATTERNS = [
    (r"\b(?:act now|limited time)\b", re.IGNORECASE),
    (r"(?P<first>\w+)\s+(?P<last>\w+)", 0),
    (r"^(?:Hi|Hello|Dear)\b[^\n]{0,40}$", re.MULTILINE),
    (r"(?<![\w'])(?:you|your)(?=\s)|\d{1,2}(?:st|nd|rd|th)", 0),
    (r"(?x) a  b # spaced\n c", 0),
    (r"caf\u00e9|[\u0400-\u04ff]+|(?:x|y)*?z", re.IGNORECASE | re.DOTALL),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    new_process(monkeypatch, recache.TABLE)
    return tmp_path / "compiled"


def _uncached(source: str, flags: int) -> re.Pattern:
    return std_compiler.compile(source, flags)


def _compile_all() -> list[re.Pattern]:
    re.purge()  # re's own per-process cache would answer before the compile step
    return [re.compile(source, flags) for source, flags in PATTERNS]


def test_cached_patterns_equal_compiled_ones_and_skip_the_compiler(fresh, monkeypatch):
    with recache.active():
        first = _compile_all()
    assert list(fresh.glob("re-*.bin"))
    assert first == [_uncached(s, f) for s, f in PATTERNS]
    # a new process: the table is read from disk, and the parser is never asked
    new_process(monkeypatch, recache.TABLE)
    calls = []
    real = recache._parser.parse
    monkeypatch.setattr(recache._parser, "parse", lambda *a: calls.append(a) or real(*a))
    with recache.active():
        second = _compile_all()
    assert calls == []
    assert second == first
    for pattern, again in zip(first, second):
        assert again.groupindex == pattern.groupindex and again.groups == pattern.groups
        text = "Hi Sam Lee, act NOW: your 3rd café order xyz \u0416\u0436"
        assert [m.span() for m in again.finditer(text)] == [
            m.span() for m in pattern.finditer(text)
        ]
    assert getattr(std_compiler.compile, "__wrapped__", None) is None  # restored after it


def test_flags_given_as_regexflag_are_cached_like_plain_ints(fresh, monkeypatch):
    """Some callers pass ``re.RegexFlag`` values (an int subclass), not plain ints."""
    with recache.active():
        re.purge()
        first = std_compiler.compile("[\\s_.-]+", re.IGNORECASE)
    new_process(monkeypatch, recache.TABLE)
    calls = []
    real = recache._parser.parse
    monkeypatch.setattr(recache._parser, "parse", lambda *a: calls.append(a) or real(*a))
    with recache.active():
        again = std_compiler.compile("[\\s_.-]+", re.IGNORECASE)
        plain = std_compiler.compile("[\\s_.-]+", int(re.IGNORECASE))
    assert calls == []
    assert again == first == plain


def test_errors_and_other_inputs_are_unchanged(fresh):
    with pytest.raises(re.error) as plain:
        std_compiler.compile("(unclosed", 0)
    re.purge()
    with recache.active():
        with pytest.raises(re.error) as cached:
            re.compile("(unclosed")
        assert re.compile(rb"bytes\d") == _uncached(rb"bytes\d", 0)
        assert re.compile("x", re.IGNORECASE) == _uncached("x", re.IGNORECASE)
    assert str(cached.value) == str(plain.value)
    with recache.active():
        re.purge()
        assert re.compile(rb"bytes\d") == _uncached(rb"bytes\d", 0)


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        {"not": "an entry"},
        {("a", 0): (32, "code", 0, {}, ())},
        {("a", 0): (32, b"odd", 0, {}, ())},  # not whole 32-bit words
        [(("ab", 0), (32, [1, 2, 3], 0, {}, ()))],  # the former list layout
        {("ab", 0): (32, [1, 2, 3], 0, {}, ())},  # the former code as a list of ints
        # the right shape, but code _sre rejects: compiled as usual, then rewritten
        {("ab", 0): (32, compiled.pack_code([1, 2, 3]), 0, {}, ())},
    ],
)
def test_a_bad_table_is_a_miss(fresh, monkeypatch, value):
    key = recache.TABLE.key()
    compiled.save(recache.TABLE.name(key), key, value)
    re.purge()
    with recache.active():
        got = [re.compile("a"), re.compile("ab")]
    assert got == [_uncached("a", 0), _uncached("ab", 0)]
    assert got[1].match("ab")
    new_process(monkeypatch, recache.TABLE)
    assert compiled.unpack_code(recache.TABLE.read(key)[("ab", 0)][1]) != [1, 2, 3]


def test_off_with_the_compiled_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(compiled.ENV, "0")
    new_process(monkeypatch, recache.TABLE)
    with recache.active():
        assert getattr(std_compiler.compile, "__wrapped__", None) is None
        re.purge()
        re.compile("only(?:usual)")
    assert recache.TABLE.read_tables == {}


def test_one_file_run_builds_every_check_pattern_from_the_cache(tmp_path):
    """A CLI process with a warm cache compiles no ``str`` pattern the usual way (parser and
    code generator: the slow steps) and no dataclass method from its source, and prints exactly
    what the first (cold) process printed; so does a process without the compiled cache."""
    path = tmp_path / "note.md"
    path.write_text(
        "---\nsubject: Quick question\n---\nHi {{ first_name }},\n\n"
        "We are the leading platform. Act now, only 3 spots left!\n\nBest,\nAl\n"
    )
    code = textwrap.dedent(
        """
        import io, sys
        try:
            import re._compiler as std
        except ImportError:
            import sre_compile as std
        calls = []  # str patterns the cache could not serve (the usual compile ran)
        real = std.compile
        def counting(p, flags=0):
            if isinstance(p, str) and sys._getframe(1).f_code.co_filename.endswith("recache.py"):
                calls.append(p)
            return real(p, flags)
        std.compile = counting
        from outreach_lint import codecache
        sources = []  # dataclass methods compiled from their source text
        def compiling(source, *args, **kwargs):
            sources.append(source)
            return compile(source, *args, **kwargs)
        codecache.compile = compiling
        import regex
        regex_calls = []  # pack patterns compiled by regex's own compiler, not from the cache
        real_regex = regex.compile
        def regex_counting(*a, **k):
            if sys._getframe(1).f_code.co_filename.endswith("regexcache.py"):
                regex_calls.append(a[0])
            return real_regex(*a, **k)
        regex.compile = regex_counting
        from outreach_lint.cli import main
        out = io.StringIO()
        main(["--no-cache", "--format", "json", sys.argv[1]], stdout=out)
        sys.stdout.write(out.getvalue())
        sys.stderr.write(f"{len(calls)} {len(sources)} {len(regex_calls)}")
        """
    )
    env = {"OUTREACH_LINT_COMPILED_CACHE": str(tmp_path / "compiled"), "PATH": ""}
    env["OUTREACH_LINT_DISABLE_PLUGINS"] = "1"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        for _ in range(3)
    ]
    assert list((tmp_path / "compiled").glob("re-*.bin"))
    assert list((tmp_path / "compiled").glob("prefilter-*.bin"))
    assert list((tmp_path / "compiled").glob("code-*.bin"))
    assert list((tmp_path / "compiled").glob("regex-*.bin"))
    cold = [int(n) for n in runs[0].stderr.split()]
    # every re pattern and dataclass method compiled (Python 3.13 compiles a class's methods
    # in one source, older ones one source per method: at least one per dataclass either way);
    # the pack patterns were compiled when the packs were validated (cold), then from source
    # once more (a miss of this cache)
    assert cold[0] > 50 and cold[1] > 30
    assert int(runs[1].stderr.split()[2]) > 0
    assert runs[2].stderr == "0 0 0"
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout and '"PR102"' in runs[0].stdout
    off = dict(env, OUTREACH_LINT_COMPILED_CACHE="0")
    plain = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=off
    )
    assert plain.stdout == runs[0].stdout


# --------------------------------------------------------------------------- prefilter memo


@pytest.fixture
def memo(fresh, monkeypatch):
    new_process(monkeypatch, prefilter.MEMO)
    monkeypatch.setattr(compiled, "_code_key", None)
    return fresh


PREFILTERED = [
    re.compile(r"\b(?:act now|limited time) only\b"),
    re.compile(r"\bonly (?:\d+|a few) (?:spots|seats) left\b", re.IGNORECASE),
    regex.compile(r"\bonly (?:\d+|a few) (?:spots|seats) left\b", regex.IGNORECASE),
    regex.compile(r"\p{L}+ deal", regex.V0),
    re.compile(r"(?:x|y)?z"),
]


def test_remembered_requirements_equal_computed_ones(memo, monkeypatch):
    computed = [prefilter._requirements(p, p.pattern, p.flags) for p in PREFILTERED]
    # the re and regex versions of one pattern differ (Python's "i" matches a dotless i)
    assert computed[1] is None and computed[2]
    assert [prefilter.requirements(p) for p in PREFILTERED] == computed
    prefilter.MEMO.flush()
    assert list(memo.glob("prefilter-*.bin"))
    new_process(monkeypatch, prefilter.MEMO)
    monkeypatch.setattr(
        prefilter, "_requirements", lambda *a: pytest.fail("analysed again: not remembered")
    )
    assert [prefilter.requirements(p) for p in PREFILTERED] == computed


def test_a_bad_memo_is_analysed_again(memo, monkeypatch):
    pattern = PREFILTERED[0]
    # one entry of the wrong shape: the whole file is ignored, the good-looking entry too
    wrong = {(pattern.pattern, pattern.flags, True): (("nothing-like-it",),), "junk": 1}
    compiled.save(prefilter.MEMO.name(compiled.code_key()), compiled.code_key(), wrong)
    assert prefilter.requirements(pattern) == prefilter._requirements(
        pattern, pattern.pattern, pattern.flags
    )


def test_cli_output_is_the_same_without_any_cache(fresh, monkeypatch, tmp_path):
    from outreach_lint.cli import main

    path = tmp_path / "x.txt"
    path.write_text("Hi there,\n\nDon't miss out: act now, only 3 spots left!\n\nBest,\nAl\n")
    outs = []
    for setting in (str(fresh), str(fresh), "0"):
        monkeypatch.setenv(compiled.ENV, setting)
        new_process(monkeypatch, prefilter.MEMO)
        out = io.StringIO()
        main(["--no-cache", "--format", "json", str(path)], stdout=out, stderr=io.StringIO())
        outs.append(out.getvalue())
    assert outs[0] == outs[1] == outs[2] and "PR103" in outs[0]


# --------------------------------------------------------------------------- dataclass code


@pytest.fixture
def code_fresh(fresh, monkeypatch):
    new_process(monkeypatch, codecache.TABLE)
    return fresh


def _make_classes():
    """Dataclasses of every kind the package uses: frozen, defaults, factories, ordering."""
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Point:
        """A point."""

        x: int
        y: int = 0
        tags: tuple = dataclasses.field(default_factory=tuple)

    @dataclasses.dataclass(order=True)
    class Box:
        w: int
        items: list = dataclasses.field(default_factory=list, compare=False)

    return Point, Box


def _behaviour(point_cls, box_cls):
    import dataclasses

    p = point_cls(1)
    try:
        p.x = 2
        frozen = None
    except dataclasses.FrozenInstanceError as exc:
        frozen = str(exc)
    return (
        repr(p),
        p == point_cls(1, 0, ()),
        hash(p) == hash(point_cls(1)),
        frozen,
        [f.name for f in dataclasses.fields(point_cls)],
        repr(dataclasses.replace(p, y=5)),
        box_cls(1) < box_cls(2),
        repr(box_cls(3)),
        point_cls.__doc__,
        box_cls.__doc__,
    )


def test_dataclass_code_from_the_cache_behaves_alike(code_fresh, monkeypatch):
    import dataclasses

    plain = _behaviour(*_make_classes())
    with codecache.active():
        assert "exec" in vars(dataclasses)
        first = _behaviour(*_make_classes())
    assert "exec" not in vars(dataclasses)  # removed after the block
    assert list(code_fresh.glob("code-*.bin"))
    new_process(monkeypatch, codecache.TABLE)
    monkeypatch.setattr(
        codecache, "compile", lambda *a, **k: pytest.fail("compiled again"), raising=False
    )
    with codecache.active():
        second = _behaviour(*_make_classes())
    assert plain == first == second


def test_a_dataclass_code_file_others_can_write_is_not_read(code_fresh, monkeypatch):
    with codecache.active():
        _make_classes()
    (entry,) = code_fresh.glob("code-*.bin")
    key = codecache.TABLE.key()
    assert codecache.TABLE.read(key)
    entry.chmod(0o666)
    assert codecache.TABLE.read(key) == {}
    entry.chmod(0o600)
    assert codecache.TABLE.read(key)


@pytest.mark.parametrize("value", ["junk", {"def f(): pass": b"not code"}, {1: 2}])
def test_a_bad_dataclass_code_table_is_a_miss(code_fresh, value):
    key = codecache.TABLE.key()
    compiled.save(codecache.TABLE.name(key), key, value)
    assert codecache.TABLE.read(key) == {}
    with codecache.active():
        point, box = _make_classes()
    assert point(2).y == 0 and box(1) < box(2)


# --------------------------------------------------------------------------- regex code

REGEX_PATTERNS = [
    (r"\b(?:act now|limited time)\b", regex.IGNORECASE),
    (r"(?P<first>\w+)\s+(?P<last>\w+)", 0),
    (r"(?<=\A[ \t]*)(?:hi|hello)\b", regex.IGNORECASE | regex.MULTILINE),
    (r"\bonly\s+(?:\d+|one|two)\s+(?:spots?|seats?)\s+left\b", regex.IGNORECASE | regex.V0),
    (r"caf\u00e9|stra\u00dfe|\p{Lu}{2,}", regex.IGNORECASE | regex.V1),
]
REGEX_TEXT = "Hi Sam Lee, act NOW: only two seats left at the CAFÉ on the STRASSE. ACT now!"


@pytest.fixture
def regex_fresh(fresh, monkeypatch):
    new_process(monkeypatch, regexcache.TABLE)
    monkeypatch.setattr(regexcache, "_pending", False)
    return fresh


def _regex_behaviour(pattern):
    return (
        pattern.pattern,
        pattern.flags,
        pattern.groups,
        dict(pattern.groupindex),
        [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(REGEX_TEXT)],
        [m.span() for m in pattern.finditer(REGEX_TEXT.lower())],
    )


def test_pack_patterns_from_the_cache_behave_alike(regex_fresh, monkeypatch):
    plain = [_regex_behaviour(regex.compile(p, f)) for p, f in REGEX_PATTERNS]
    regex.purge()
    with regexcache.active():
        first = [_regex_behaviour(regexcache.compile_pattern(p, f)) for p, f in REGEX_PATTERNS]
    assert list(regex_fresh.glob("regex-*.bin"))
    new_process(monkeypatch, regexcache.TABLE)
    monkeypatch.setattr(regex, "compile", lambda *a, **k: pytest.fail("compiled again"))
    with regexcache.active():
        second = [_regex_behaviour(regexcache.compile_pattern(p, f)) for p, f in REGEX_PATTERNS]
    assert plain == first == second


def test_outside_a_command_it_is_regex_compile(regex_fresh):
    assert regexcache.compile_pattern("a+b", 0) is regex.compile("a+b", 0)
    assert not list(regex_fresh.glob("regex-*.bin"))


def test_errors_are_regex_errors(regex_fresh):
    with regexcache.active(), pytest.raises(regex.error) as cached:
        regexcache.compile_pattern("(unclosed", 0)
    with pytest.raises(regex.error) as plain:
        regex.compile("(unclosed", 0)
    assert str(cached.value) == str(plain.value)


def test_a_regex_table_others_can_write_or_of_the_wrong_shape_is_not_read(regex_fresh):
    regex.purge()  # a pattern regex has cached in this process is not compiled: not recorded
    with regexcache.active():
        regexcache.compile_pattern(*REGEX_PATTERNS[0])
    (entry,) = regex_fresh.glob("regex-*.bin")
    key = regexcache.TABLE.key()
    assert regexcache.TABLE.read(key)
    entry.chmod(0o664)
    assert regexcache.TABLE.read(key) == {}
    good = {("a", 0): ("a", 0, compiled.pack_code([1]))}
    for value in [
        "junk",
        {("a", 0): ("b", 0, compiled.pack_code([1]))},
        {("a", 0): ("a", 0, b"odd")},
        {("a", 0): ("a", 0, [1])},  # the former layout: code as a list of ints
        [*good.items()],
    ]:
        compiled.save(regexcache.TABLE.name(key), key, value)
        entry.chmod(0o600)
        assert regexcache.TABLE.read(key) == {}
    compiled.save(regexcache.TABLE.name(key), key, good)  # the shape is all that is checked
    entry.chmod(0o600)
    assert regexcache.TABLE.read(key) == good


# --------------------------------------------------------------------------- regex's C engine alone

_ROOT = str(__import__("pathlib").Path(__file__).resolve().parent.parent)
# versioned, as every pack pattern is (packs.py compiles them with V0)
VERSIONED = [(p, int(f if f & (regex.V0 | regex.V1) else f | regex.V0)) for p, f in REGEX_PATTERNS]


def _python(code: str, cache, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_LINT")}
    env.update(OUTREACH_LINT_COMPILED_CACHE=str(cache), PYTHONPATH=_ROOT)
    env["OUTREACH_LINT_DISABLE_PLUGINS"] = "1"  # the locale as here: it is part of the key
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_key_is_the_same_with_and_without_the_regex_package(regex_fresh, monkeypatch):
    """Else a run that never imports regex would never meet the entries of one that did."""
    monkeypatch.setattr(regexcache, "_located", None)
    with_package = regexcache._key()
    alone = _python(
        """
        import sys
        from outreach_lint import regexcache
        key = regexcache._key()
        assert "regex" not in sys.modules and "regex._regex" not in sys.modules
        print(key)
        """,
        regex_fresh,
    ).strip()
    assert with_package and alone == with_package


def test_cached_patterns_need_only_the_c_engine_and_behave_alike(regex_fresh):
    record = """
        import sys
        from outreach_lint import regexcache
        import json, regex
        regex.purge()
        with regexcache.active():
            for p, f in json.loads(sys.argv[1]):
                regexcache.compile_pattern(p, f)
        """
    _python(record, regex_fresh, json.dumps(VERSIONED))
    assert list(regex_fresh.glob("regex-*.bin"))
    check = """
        import json, sys
        from outreach_lint import regexcache
        patterns, text = json.loads(sys.argv[1]), sys.argv[2]
        def behaviour(pattern, text):
            return (pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex),
                    [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)],
                    [m.span() for m in pattern.finditer(text.lower())])
        with regexcache.active():
            cached = [regexcache.compile_pattern(p, f) for p, f in patterns]
        assert "regex" not in sys.modules, "the regex package was imported"
        assert regexcache._standalone is not None
        got = [behaviour(p, text) for p in cached]
        assert "regex" not in sys.modules
        import regex  # later, as a plugin might: the package works as always
        assert regex._regex.__file__ == regexcache._standalone.__file__
        want = [behaviour(regex.compile(p, f), text) for p, f in patterns]
        assert got == want, (got, want)
        assert all(type(c) is type(regex.compile(p, f)) for c, (p, f) in zip(cached, patterns))
        print("ok")
        """
    assert _python(check, regex_fresh, json.dumps(VERSIONED), REGEX_TEXT).strip() == "ok"


def test_an_unversioned_entry_is_not_served_under_another_default_version(regex_fresh, monkeypatch):
    source = r"[[a-z]--[aeiou]]+"  # a set difference in VERSION1, a plain class in VERSION0
    regex.purge()
    with regexcache.active():
        regexcache.compile_pattern(source, 0)
    assert regexcache.TABLE.read(regexcache.TABLE.key())
    new_process(monkeypatch, regexcache.TABLE)
    monkeypatch.setattr(regex, "DEFAULT_VERSION", regex.VERSION1)
    regex.purge()
    with regexcache.active():
        served = regexcache.compile_pattern(source, 0)
    want = regex.compile(source, 0)
    text = "strength aeiou--[x]"
    assert [m.span() for m in served.finditer(text)] == [m.span() for m in want.finditer(text)]
    regex.purge()
    monkeypatch.setattr(regex, "DEFAULT_VERSION", regex.VERSION0)
    v0 = regex.compile(source, 0)
    assert [m.span() for m in v0.finditer(text)] != [m.span() for m in want.finditer(text)]


def test_a_cli_run_from_the_cache_imports_no_regex_package_and_prints_the_same(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "---\nsubject: Quick question\n---\nHi {{ first_name }},\n\n"
        "We are the leading platform. Act now, only 3 spots left! Don't miss out, this "
        "limited-time offer expires Friday.\n\nBest,\nAl\n"
    )
    code = """
        import io, sys
        from outreach_lint import regexcache
        from outreach_lint.cli import main
        out = io.StringIO()
        main(["--no-cache", "--format", "json", sys.argv[1]], stdout=out)
        sys.stdout.write(out.getvalue())
        print("regex" in sys.modules, regexcache._standalone is not None)
        """
    cache = tmp_path / "compiled"
    runs = [_python(code, cache, str(path)) for _ in range(3)]
    off = _python(code, "0", str(path))
    body, _, flags = runs[2].rstrip("\n").rpartition("\n")
    assert flags == "False True"  # patterns ran, built by the engine alone
    assert off.rstrip("\n").rpartition("\n")[2] == "True False"
    assert body == off.rstrip("\n").rpartition("\n")[0]
    assert all(r.rstrip("\n").rpartition("\n")[0] == body for r in runs)


@pytest.mark.parametrize("code", [[], [0], [1, 2, 3], [0xFFFFFFFF, 17, 0], list(range(1000))])
def test_packed_code_reads_back_exactly(code):
    packed = compiled.pack_code(code)
    assert compiled.is_packed_code(packed) and compiled.unpack_code(packed) == code


@pytest.mark.parametrize("code", [[-1], [2**32], [1, "x"]])
def test_code_that_does_not_fit_is_not_packed(code):
    assert compiled.pack_code(code) is None


@pytest.mark.parametrize("changed", ["_main.py", "_regex_core.py", "__init__.py", "engine"])
def test_the_regex_key_changes_with_any_of_regex_files(regex_fresh, monkeypatch, changed):
    """A new or edited regex (its compiler, package or C engine) never meets old entries."""
    monkeypatch.setattr(regexcache, "_located", None)
    before = regexcache._key()
    init, engine, _spec = regexcache._locate()
    target = engine if changed == "engine" else os.path.join(os.path.dirname(init), changed)
    real = compiled.stamp
    monkeypatch.setattr(compiled, "stamp", lambda path: "0:0" if path == target else real(path))
    assert regexcache._key() != before
