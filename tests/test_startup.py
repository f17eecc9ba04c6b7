"""Start-up caches: validated packs and plugin entry points from the compiled cache.

Each cache must give exactly what the slow path gives, notice every change that could alter
it, and be ignored when damaged.
"""

from __future__ import annotations

import os
import pickle
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from outreach_lint import compiled, packs, plugins
from outreach_lint.packs import PackError, Pattern, builtin_pack_paths, load_pack, parse_pack

PACK = """\
schema-version = 1
[pack]
name = "house"

[[rules]]
code = "PR901"
name = "house-no-asap"
category = "pressure"
summary = "No ASAP."
message = "'{match}' pushes."
rationale = "Pressure on the reader's calendar reads as our deadline, not theirs; say why it helps them."
phrases = ["asap|as soon as possible"]
patterns = ['\\burgent(ly)?\\b']
exceptions = ["not asap"]
[rules.examples]
bad = ["Reply ASAP."]
good = ["Reply when it suits you."]
"""


def load_fresh(path, monkeypatch, **kwargs):
    """load_pack without the in-memory cache: what a new process sees."""
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    return load_pack(path, **kwargs)


@pytest.fixture
def parses(monkeypatch):
    """Count real TOML parses (the slow path)."""
    calls = []
    real = packs.parse_pack

    def counting(*args, **kwargs):
        calls.append(args[1] if len(args) > 1 else kwargs.get("path"))
        return real(*args, **kwargs)

    monkeypatch.setattr(packs, "parse_pack", counting)
    return calls


def test_builtin_packs_from_the_cache_equal_parsed_packs(fresh_packs, monkeypatch, parses):
    for path in builtin_pack_paths():
        parsed = load_fresh(path, monkeypatch, origin="builtin")
        cached = load_fresh(path, monkeypatch, origin="builtin")
        assert cached == parsed
        assert cached.rules and [r.meta for r in cached.rules] == [r.meta for r in parsed.rules]
        # patterns from the cache are compiled only when used, and then match alike
        for new, old in zip(cached.rules, parsed.rules):
            for p_new, p_old in zip(new.patterns, old.patterns):
                assert p_new._compiled is None
                assert p_new.compiled().pattern == p_old.compiled().pattern
                assert p_new.compiled().flags == p_old.compiled().flags
    assert len(parses) == len(builtin_pack_paths()), "each pack parsed once, then read"
    assert len(list(fresh_packs.glob("pack-*.bin"))) == len(builtin_pack_paths())


def test_changed_pack_is_parsed_again(fresh_packs, tmp_path, monkeypatch, parses):
    path = tmp_path / "house.toml"
    path.write_text(PACK)
    first = load_fresh(path, monkeypatch)
    assert load_fresh(path, monkeypatch) == first and len(parses) == 1
    path.write_text(PACK.replace("asap|as soon as possible", "asap|right away"))
    changed = load_fresh(path, monkeypatch)
    assert len(parses) == 2
    assert changed.rules[0].phrases == ("asap|right away",)
    # the same bytes under another origin (a plugin's pack) keep their own origin
    other = load_fresh(path, monkeypatch, origin="plugin x")
    assert other.rules[0].meta.origin == "plugin x" and len(parses) == 3


def test_changed_code_parses_again(fresh_packs, tmp_path, monkeypatch, parses):
    path = tmp_path / "house.toml"
    path.write_text(PACK)
    load_fresh(path, monkeypatch)
    load_fresh(path, monkeypatch)
    assert len(parses) == 1
    # an edited packs.py (or any module in compiled.CODE_MODULES) changes the code key
    monkeypatch.setattr(compiled, "_code_key", "another version of the code")
    load_fresh(path, monkeypatch)
    assert len(parses) == 2


def test_code_key_follows_module_mtimes(monkeypatch, tmp_path):
    import os

    monkeypatch.setattr(compiled, "_code_key", None)
    before = compiled.code_key()
    target = Path(packs.__file__)
    st = target.stat()
    try:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        monkeypatch.setattr(compiled, "_code_key", None)
        assert compiled.code_key() != before
    finally:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    monkeypatch.setattr(compiled, "_code_key", None)
    assert compiled.code_key() == before


@pytest.mark.parametrize(
    "record",
    [
        None,
        "x",
        ("house", "", (({}, {}),)),
        ("house", 3, ()),
        "wrong-types",
    ],
)
def test_pack_entry_of_the_wrong_shape_is_parsed_again(fresh_packs, tmp_path, monkeypatch, record):
    path = tmp_path / "house.toml"
    path.write_text(PACK)
    expected = load_fresh(path, monkeypatch)
    (entry,) = fresh_packs.glob("pack-*.bin")
    key = compiled.load(entry.stem, "no such key")  # None: the key is checked
    assert key is None
    stored_key = _stored_key(entry)
    if record == "wrong-types":
        good = compiled.load(entry.stem, stored_key)
        meta, rule = good[2][0]
        record = ("house", "", ((dict(meta, summary=7), rule),))
    compiled.save(entry.stem, stored_key, record)
    assert load_fresh(path, monkeypatch) == expected


def _stored_key(entry: Path) -> str:
    import marshal

    return marshal.loads(entry.read_bytes()[12:])[0]


def test_damaged_pack_entry_is_parsed_again(fresh_packs, tmp_path, monkeypatch, parses):
    path = tmp_path / "house.toml"
    path.write_text(PACK)
    expected = load_fresh(path, monkeypatch)
    (entry,) = fresh_packs.glob("pack-*.bin")
    data = entry.read_bytes()
    entry.write_bytes(data[:-3] + b"\x00\x00\x00")
    assert load_fresh(path, monkeypatch) == expected
    assert len(parses) == 2


def test_invalid_pack_is_never_cached(fresh_packs, tmp_path, monkeypatch):
    path = tmp_path / "bad.toml"
    path.write_text(PACK.replace("\\burgent(ly)?\\b", "(unclosed"))
    for _ in range(2):
        with pytest.raises(PackError, match="invalid regular expression"):
            load_fresh(path, monkeypatch)
    assert not list(fresh_packs.glob("pack-*.bin"))


def test_pattern_behaves_like_a_compiled_pattern():
    import regex

    p = Pattern(r"\bact now\b", int(regex.V0 | regex.IGNORECASE))
    assert p == Pattern(r"\bact now\b", int(regex.V0 | regex.IGNORECASE))
    assert hash(p) == hash(Pattern(r"\bact now\b", int(regex.V0 | regex.IGNORECASE)))
    assert p != Pattern(r"\bact now\b", int(regex.V0))
    assert [m.span() for m in p.finditer("Please ACT NOW.", timeout=1.0)] == [(7, 14)]
    assert p.search("act now").group() == "act now"
    again = pickle.loads(pickle.dumps(p))
    assert again == p and again._compiled is None


def test_parsed_pack_keeps_the_validating_compile():
    pack = parse_pack(PACK, "house.toml")
    (pattern,) = pack.rules[0].patterns
    assert pattern._compiled is not None  # compiled once, for validation, and kept


def test_lint_results_equal_with_a_warm_cache(fresh_packs, run, write):
    root = write(
        {
            "a.md": "---\nsubject: Quick question\n---\nHi {{ first_name }},\n\n"
            "We are the leading platform. Let's close the deal ASAP, act now!\n\nBest,\nAl\n",
            "b.txt": "Dear Sir/Madam,\n\nI hope this email finds you well.\n",
        }
    )
    cold = run("--no-cache", "--format", "json", str(root))
    assert list(fresh_packs.glob("pack-*.bin")) and list(fresh_packs.glob("matcher-*.bin"))
    packs._PACK_CACHE.clear()
    warm = run("--no-cache", "--format", "json", str(root))
    assert warm == cold and cold[0] == 1


# --------------------------------------------------------------------------- entry points


def _install(site: Path, dist: str, version: str, entry: str, module: str, code: str) -> None:
    """What pip does for a plugin: a module and a .dist-info with entry_points.txt."""
    (site / f"{module}.py").write_text(textwrap.dedent(code))
    info = site / f"{dist}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[outreach_lint]\n{entry} = {module}\n")


PLUGIN = """
from outreach_lint.hookspecs import hookimpl

@hookimpl
def outreach_lint_rule_packs():
    return []
"""


@pytest.fixture
def site(tmp_path, monkeypatch, fresh_packs):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("OUTREACH_LINT_DISABLE_PLUGINS", raising=False)
    yield site
    for name in list(sys.modules):
        if name.startswith("ol_startup_plugin"):
            del sys.modules[name]


def _external(monkeypatch):
    scans = []
    real = plugins._scan_entry_points

    def counting():
        scans.append(1)
        return real()

    monkeypatch.setattr(plugins, "_scan_entry_points", counting)
    found = plugins.create_plugins()
    monkeypatch.setattr(plugins, "_scan_entry_points", real)
    return found, len(scans)


def test_entry_points_come_from_the_cache_until_something_is_installed(site, monkeypatch):
    _install(site, "ol-plugin-one", "1.0", "one", "ol_startup_plugin_one", PLUGIN)
    first, scanned = _external(monkeypatch)
    assert scanned == 1 and ("one", "ol-plugin-one 1.0") in first.external
    second, scanned = _external(monkeypatch)
    assert scanned == 0, "second start: read from the cache"
    assert second.external == first.external
    assert second.manager.get_plugin("one") is sys.modules["ol_startup_plugin_one"]

    # a new plugin is installed: it must be seen on the very next run
    _install(site, "ol-plugin-two", "2.0", "two", "ol_startup_plugin_two", PLUGIN)
    third, scanned = _external(monkeypatch)
    assert scanned == 1
    assert [name for name, _ in third.external if name in ("one", "two")] == ["one", "two"]


def test_edited_entry_points_and_removed_plugins_are_seen(site, monkeypatch):
    import os
    import shutil

    _install(site, "ol-plugin-one", "1.0", "one", "ol_startup_plugin_one", PLUGIN)
    _external(monkeypatch)
    # entry_points.txt rewritten in place (the directory's mtime does not change)
    info = site / "ol-plugin-one-1.0.dist-info"
    st = site.stat()
    (info / "entry_points.txt").write_text("[outreach_lint]\nrenamed = ol_startup_plugin_one\n")
    os.utime(site, ns=(st.st_atime_ns, st.st_mtime_ns))
    found, scanned = _external(monkeypatch)
    assert scanned == 1 and "renamed" in dict(found.external)
    # uninstalled
    shutil.rmtree(info)
    found, scanned = _external(monkeypatch)
    assert scanned == 1 and "renamed" not in dict(found.external)


def test_cached_entry_point_that_fails_to_load_is_reported(site, monkeypatch):
    _install(
        site, "ol-plugin-bad", "1.0", "bad", "ol_startup_plugin_bad", "raise ImportError('boom')"
    )
    first, _ = _external(monkeypatch)
    second, scanned = _external(monkeypatch)
    assert scanned == 0
    assert [(e.plugin, e.where) for e in first.errors] == [("bad", "import")]
    assert [(e.plugin, e.where) for e in second.errors] == [("bad", "import")]


def test_damaged_entry_point_cache_is_rescanned(site, monkeypatch):
    _install(site, "ol-plugin-one", "1.0", "one", "ol_startup_plugin_one", PLUGIN)
    first, _ = _external(monkeypatch)
    (entry,) = fresh_entries(site)
    entry.write_bytes(entry.read_bytes()[:20])
    again, scanned = _external(monkeypatch)
    assert scanned == 1 and again.external == first.external
    key = _stored_key(entry)
    compiled.save(entry.stem, key, [("one", 3, "x")])
    again, scanned = _external(monkeypatch)
    assert scanned == 1 and again.external == first.external


def fresh_entries(site: Path) -> list[Path]:
    return list((site.parent / "compiled").glob("entry-points-*.bin"))


def test_custom_metadata_finder_disables_the_cache(monkeypatch):
    class Finder:
        def find_spec(self, *args):
            return None

        def find_distributions(self, *args):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert plugins._environment_key() is None


def test_cached_entry_point_loads_like_importlib_metadata():
    from importlib.metadata import EntryPoint

    for value in ("outreach_lint.builtin", "outreach_lint.model:Severity.ERROR", "json : dumps"):
        assert plugins._EntryPoint("x", value).load() is EntryPoint("x", value, "g").load()


# --------------------------------------------------------------------------- front matter


def _front(text, fast, monkeypatch):
    from outreach_lint.formats import frontmatter

    monkeypatch.setattr(frontmatter, "FAST_PATH", fast)
    fm = frontmatter.parse_front_matter(text)
    if fm is None:
        return None
    regions = {k: (r.text, r.map.segments, r.map.identity) for k, r in fm.regions.items()}
    return fm.span, fm.values, fm.value_spans, fm.problems, regions


def test_simple_front_matter_skips_yaml_and_equals_it(monkeypatch):
    from outreach_lint.formats import frontmatter

    text = (
        '---\nsubject: "Quick question, {{ first_name }}"\nkind: first-touch\nstep: 3\n'
        "preheader: 'A note on Q3'\nfrom: Dana at Acme\n---\nHi {{ first_name }},\n"
    )
    called = []
    real = frontmatter._simple
    monkeypatch.setattr(
        frontmatter, "_simple", lambda *a: called.append(1) or real(*a)
    )  # the fast path answers
    fast = _front(text, True, monkeypatch)
    assert called and frontmatter._simple.__name__ == "<lambda>"
    assert real(text, 4, text.index("---", 4), fast[0]) is not None
    assert fast == _front(text, False, monkeypatch)
    assert fast[1] == {
        "subject": "Quick question, {{ first_name }}",
        "kind": "first-touch",
        "step": 3,
        "preheader": "A note on Q3",
        "from": "Dana at Acme",
    }


@pytest.mark.parametrize(
    "block",
    [
        "subject: yes\n",  # a boolean to YAML
        "step: 007\n",  # octal in YAML 1.1
        "subject: a: b\n",  # a nested mapping / error
        "subject: hi # comment\n",
        'subject: "esc\\"aped"\n',
        "subject: 'it''s'\n",
        "subject: two\n  lines\n",
        "subject: x\nsubject: y\n",  # duplicate key
        "- a list\n",
        "subject: \n",
        "subject: trailing \n",
        "subject:\ttab\n",
        "  subject: indented\n",
        "subject: ~\n",
        "date: 2024-01-02\n",
        "n: 1.5\n",
        "\n",
        "subject: null\n",
    ],
)
def test_other_front_matter_goes_to_yaml_and_equals_it(block, monkeypatch):
    from outreach_lint.formats import frontmatter

    text = f"---\n{block}---\nHi,\n"
    end = text.index("---\nHi")
    if frontmatter._simple(text, 4, end, frontmatter.Span(0, end + 4)) is not None:
        # accepted by the fast path: then it must agree with PyYAML
        assert _front(text, True, monkeypatch) == _front(text, False, monkeypatch)
    else:
        assert _front(text, True, monkeypatch) == _front(text, False, monkeypatch)


_ALPHABET = "aZé5 :#\"'\\-_.,[]{}&*!|>%@`?ſ\t\u2028\x85\ufeff/"
_NICE = "aZé5 '\"-_.,[]{}&*!|>%@`?ſ/\u00a0"

_TRICKY_LINE = st.tuples(
    st.sampled_from(["subject", "kind", "step", "a", "Z-9", " x", "yes", "a b", ""]),
    st.sampled_from([": ", ":", ":  ", ': "', ": '", "  "]),
    st.text(alphabet=_ALPHABET, max_size=12),
    st.sampled_from(["", '"', "'", " ", "  # c"]),
)
# lines the fast path mostly accepts: a key, ": ", a plain, quoted or numeric value
_NICE_LINE = st.tuples(
    st.sampled_from(["subject", "kind", "step", "preheader", "Z-9", "on", "x_y"]),
    st.sampled_from([": ", ":  "]),
    st.one_of(
        st.text(alphabet=_NICE, min_size=1, max_size=16).map(lambda v: "w" + v),
        st.text(alphabet=_NICE, max_size=16).map(lambda v: '"' + v + '"'),
        st.text(alphabet=_NICE, max_size=16).map(lambda v: "'" + v + "'"),
        st.integers(min_value=0, max_value=10**20).map(str),
        st.sampled_from(["yes", "No", "TRUE", "off", "null", "Null", "y", "0x1f", "012", "1_000"]),
    ),
    st.just(""),
)


@settings(
    max_examples=int(os.environ.get("OUTREACH_LINT_FORMAT_EXAMPLES", "300")),
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
)
@given(st.lists(st.one_of(_NICE_LINE, _NICE_LINE, _TRICKY_LINE), min_size=1, max_size=4))
# found by this test in CI: an escaped NEL line break in a double-quoted value crashed the mapper
@example([("subject", ": ", "w5", ""), ("subject", ': "', "\\\x85", '"')])
def test_fast_front_matter_equals_yaml(lines):
    with pytest.MonkeyPatch.context() as mp:
        body = "".join(f"{k}{sep}{v}{end}\n" for k, sep, v, end in lines)
        text = f"---\n{body}---\nHi,\n"
        assert _front(text, True, mp) == _front(text, False, mp)


def test_cached_packs_carry_the_prefilter_of_each_pattern(fresh_packs, monkeypatch):
    from outreach_lint import prefilter

    path = builtin_pack_paths()[0]
    parsed = [p for r in load_fresh(path, monkeypatch).rules for p in r.patterns]
    calls = []
    monkeypatch.setattr(packs, "requirements", lambda p: calls.append(p) or ())
    monkeypatch.setattr(packs, "word_requirements", lambda p: calls.append(p) or ())
    cached = [p for r in load_fresh(path, monkeypatch).rules for p in r.patterns]
    assert parsed and len(cached) == len(parsed)
    assert [packs._requirements(p) for p in cached] == [prefilter.requirements(p) for p in parsed]
    assert [packs._word_requirements(p) for p in cached] == [
        prefilter.word_requirements(p) for p in parsed
    ]
    assert not calls, "read from the cache, not parsed again"
    assert packs._requirements(Pattern("x", 0)) == () and len(calls) == 1


def _reparsed_after_damaging_patterns(fresh_packs, monkeypatch, parses, damage) -> None:
    """Store the first pack with ``damage`` applied to each pattern tuple of its first rule
    that has patterns (pattern, flags, requirements, word facts, anchor), then check that
    loading it again parses the pack anew and gives what a fresh load gives."""
    path = builtin_pack_paths()[0]
    expected = load_fresh(path, monkeypatch)
    (entry,) = fresh_packs.glob("pack-*.bin")
    key = _stored_key(entry)
    name, description, rules = compiled.load(entry.stem, key)
    index = next(i for i, (_m, r) in enumerate(rules) if r["patterns"])
    meta, rule = rules[index]
    bad = dict(rule, patterns=tuple(damage(*p) for p in rule["patterns"]))
    rules = (*rules[:index], (meta, bad), *rules[index + 1 :])
    compiled.save(entry.stem, key, (name, description, rules))
    assert load_fresh(path, monkeypatch) == expected
    assert len(parses) == 2


def test_cached_pack_with_a_malformed_prefilter_is_parsed_again(fresh_packs, monkeypatch, parses):
    _reparsed_after_damaging_patterns(
        fresh_packs, monkeypatch, parses, lambda s, f, _r, w, a: (s, f, ("not", "tuples"), w, a)
    )


def test_cached_pack_with_malformed_word_facts_is_parsed_again(fresh_packs, monkeypatch, parses):
    _reparsed_after_damaging_patterns(
        fresh_packs, monkeypatch, parses, lambda s, f, r, _w, a: (s, f, r, ("not", 1), a)
    )


@pytest.mark.parametrize("anchor", ["x", 1, ("",)])
def test_cached_pack_with_a_malformed_start_anchor_is_parsed_again(
    fresh_packs, monkeypatch, parses, anchor
):
    _reparsed_after_damaging_patterns(
        fresh_packs, monkeypatch, parses, lambda s, f, r, w, _a: (s, f, r, w, anchor)
    )


def test_cached_pack_keeps_the_start_anchors(fresh_packs, monkeypatch):
    """The anchors are stored with the pack and read back, not worked out again."""
    from outreach_lint import prefilter

    for path in builtin_pack_paths():
        load_fresh(path, monkeypatch)
    calls = []
    real = prefilter.start_anchor
    monkeypatch.setattr(packs, "start_anchor", lambda p: calls.append(p) or real(p))
    anchors = [
        packs._start_anchor(p)
        for path in builtin_pack_paths()
        for rule in load_fresh(path, monkeypatch).rules
        for p in rule.patterns
    ]
    assert not calls, "read from the cache, not parsed again"
    assert "" in anchors and any(anchors)
