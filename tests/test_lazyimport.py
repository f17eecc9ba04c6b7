"""``inspect`` imported only when used (``lazyimport.py``), and the built-in-only plugin manager
that lets a run do without it (``plugins._BuiltinsOnly``): same output, same plugin answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _subproc import ROOT, SITE, console_env, run_script

from outreach_lint import hookspecs, lazyimport, plugins
from outreach_lint.engine import create_linter

EXAMPLES = ROOT / "examples"
ONE = EXAMPLES / "templates" / "bad" / "cold-blast.md"

# the console script pip writes, plus an exit handler (the short exit runs them) that records
# which of the modules `inspect` would bring are loaded, and what sits in sys.modules["inspect"]
SCRIPT = textwrap.dedent(
    """
    import atexit, json, re, sys
    report = sys.argv.pop(1)
    def facts():
        with open(report, "w") as f:
            json.dump({"ast": "ast" in sys.modules, "dis": "dis" in sys.modules,
                       "inspect": type(sys.modules.get("inspect")).__name__,
                       "pluggy": "pluggy" in sys.modules,
                       "ipaddress": type(sys.modules.get("ipaddress")).__name__,
                       "urllib.parse": type(sys.modules.get("urllib.parse")).__name__}, f)
    atexit.register(facts)
    from outreach_lint.client import main
    sys.exit(main())
    """
)


def _console(tmp_path: Path, *args: str, lazy: bool = True, plugins_off: bool = True):
    cache = os.environ["OUTREACH_LINT_COMPILED_CACHE"]
    env = console_env(plugins_off=plugins_off, OUTREACH_LINT_COMPILED_CACHE=cache)
    if not lazy:
        env[lazyimport.ENV] = "0"
    report = tmp_path / f"facts-{lazy}.json"
    done = run_script(SCRIPT, str(report), *args, cwd=tmp_path, env=env)
    return done, json.loads(report.read_text())


@pytest.mark.parametrize("fmt", ["json", "text", "concise", "sarif"])
@pytest.mark.parametrize("target", [ONE, EXAMPLES], ids=["one-file", "examples"])
def test_a_run_without_inspect_prints_what_a_run_with_it_prints(tmp_path, fmt, target):
    assert target.exists()
    args = ("--format", fmt, "--no-cache", str(target))
    lazy, lazy_facts = _console(tmp_path, *args)
    eager, eager_facts = _console(tmp_path, *args, lazy=False)
    assert (lazy.returncode, lazy.stdout, lazy.stderr) == (
        eager.returncode,
        eager.stdout,
        eager.stderr,
    )
    assert lazy.returncode == 1 and lazy.stdout
    assert eager_facts["ast"] and eager_facts["inspect"] == "module"  # the test can fail
    assert not lazy_facts["pluggy"]  # only the built-in plugin: pluggy is never imported
    # the SARIF formatter imports urllib.parse (its quote); pathlib alone does not load it
    assert lazy_facts.pop("urllib.parse") == ("module" if fmt == "sarif" else "LazyModule")
    if sys.version_info < (3, 13):  # pathlib imports it at its top; 3.13's only in as_uri()
        assert eager_facts["urllib.parse"] == "module"
    if sys.version_info < (3, 12):  # 3.12+ dataclasses reads annotations through inspect
        assert lazy_facts == {
            "ast": False,
            "dis": False,
            "inspect": "LazyModule",
            "pluggy": False,
            "ipaddress": "LazyModule",
        }


def test_a_cached_run_and_a_plugin_run_without_the_stand_in_agree(tmp_path):
    args = ("--format", "json", "--cache-dir", str(tmp_path / "rc"), str(ONE))
    first, _ = _console(tmp_path, *args, lazy=False)
    hit, facts = _console(tmp_path, *args)
    assert (hit.returncode, hit.stdout) == (first.returncode, first.stdout)
    if sys.version_info < (3, 12):
        assert facts["inspect"] == "LazyModule"
    # plugins on (entry points scanned; none of this repo's tests installs one here)
    on, _ = _console(tmp_path, "--format", "json", "--no-cache", str(ONE), plugins_off=False)
    assert (on.returncode, on.stdout) == (first.returncode, first.stdout)


def test_the_stand_in_imports_the_real_module_on_first_use():
    code = textwrap.dedent(
        """
        import sys
        from outreach_lint import lazyimport
        lazyimport.install()
        import inspect
        assert type(inspect) is lazyimport.LazyModule and "ast" not in sys.modules
        from inspect import signature
        assert "ast" in sys.modules and type(sys.modules["inspect"]) is not lazyimport.LazyModule
        assert signature is sys.modules["inspect"].signature
        assert inspect.isfunction(len) is False and inspect.__file__.endswith("inspect.py")
        import dataclasses
        @dataclasses.dataclass
        class A:
            x: int
        assert A.__doc__ == "A(x: int)", A.__doc__
        import pathlib
        assert type(sys.modules["urllib.parse"]) is lazyimport.LazyModule
        before_313 = sys.version_info < (3, 13)  # 3.13's pathlib imports it in as_uri()
        assert not before_313 or pathlib.urlquote_from_bytes.__name__ == "quote_from_bytes"
        assert pathlib.PurePosixPath("/a b/\u00e9").as_uri() == "file:///a%20b/%C3%A9"
        assert type(sys.modules["urllib.parse"]) is not lazyimport.LazyModule
        import urllib.parse
        assert urllib.parse is sys.modules["urllib.parse"] and urllib.parse.quote("a b") == "a%20b"
        assert not before_313 or pathlib.urlquote_from_bytes(b"a b") == "a%20b"
        assert type(sys.modules["ipaddress"]) is lazyimport.LazyModule
        assert urllib.parse.urlsplit("http://[::1]:80/").hostname == "::1"
        import ipaddress
        assert ipaddress.ip_address("::1").version == 6
        assert type(sys.modules["ipaddress"]) is not lazyimport.LazyModule
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": SITE}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env
    )
    assert done.stdout == "ok\n", done.stderr


def test_the_switch_turns_it_off(monkeypatch):
    monkeypatch.setenv(lazyimport.ENV, "0")
    monkeypatch.delitem(sys.modules, "lazyimport_probe", raising=False)
    monkeypatch.setattr(lazyimport, "MODULES", ("lazyimport_probe",))
    lazyimport.install()
    assert "lazyimport_probe" not in sys.modules


# --------------------------------------------------------------------------- plugins


def _both():
    lazy = plugins.create_plugins(no_plugins=True)
    real = plugins.Plugins(plugins._manager())
    return lazy, real


def test_builtin_only_runs_get_the_stand_in_and_plugin_runs_pluggy():
    lazy, _ = _both()
    assert type(lazy.manager) is plugins._BuiltinsOnly and lazy.manager.real is None

    class Extra:
        @hookspecs.hookimpl
        def outreach_lint_rule_packs(self):
            return []

    with_extra = plugins.create_plugins(no_plugins=True, extra=(Extra(),))
    assert type(with_extra.manager).__module__.startswith("pluggy")


def test_the_stand_in_answers_as_pluggy_does(tmp_path):
    lazy, real = _both()
    for hook in ("outreach_lint_rules", "outreach_lint_rule_packs", "outreach_lint_formatters"):
        got, want = lazy.collect(hook), real.collect(hook)
        assert [name for name, _ in got] == [name for name, _ in want] == ["outreach_lint"]
        assert [repr(v) for _, v in got] == [repr(v) for _, v in want]
    formats = lazy.collect("outreach_lint_document_formats")
    assert [(n, [f.name for f in v]) for n, v in formats] == [
        (n, [f.name for f in v]) for n, v in real.collect("outreach_lint_document_formats")
    ]
    assert lazy.manager.real is None  # nothing so far needed pluggy
    assert lazy.manager.list_name_plugin() == real.manager.list_name_plugin()
    # the argument names pluggy reads from each built-in hook function
    for impl in real.manager.hook.outreach_lint_lint_document.get_hookimpls():
        assert lazy.manager.impls("outreach_lint_lint_document")[0].argnames == impl.argnames
    # hook calls: a firstresult hook without a built-in implementation, and one with
    kwargs = dict(path="a.md", text="Hi", format="markdown", settings={})
    assert lazy.hook.outreach_lint_parse_document(**kwargs) is None
    assert real.hook.outreach_lint_parse_document(**kwargs) is None
    linter = create_linter(isolated=True, no_plugins=True)
    assert type(linter.plugins.manager) is plugins._BuiltinsOnly
    result = linter.lint_file(Path("a.md"), data=b"Hi,\n\nAct now - only 3 spots left!\n")
    doc_findings = [(f.code, f.span) for f in result.findings]
    assert doc_findings and linter.plugins.manager.real is None
    assert lazy.manager.real is None
    # anything else builds pluggy's manager, registered as usual
    assert lazy.manager.get_plugin("outreach_lint") is real.manager.get_plugin("outreach_lint")
    assert lazy.manager.real is not None
    assert lazy.collect("outreach_lint_rule_packs") == real.collect("outreach_lint_rule_packs")
    lazy.manager.check_pending()


def test_a_linter_with_the_stand_in_lints_as_one_with_pluggy(monkeypatch):
    data = (EXAMPLES / "templates" / "bad" / "cold-blast.md").read_bytes()
    lazy = create_linter(isolated=True, no_plugins=True)
    monkeypatch.setattr(plugins._BuiltinsOnly, "create", classmethod(lambda cls: None))
    real = create_linter(isolated=True, no_plugins=True)
    assert type(real.plugins.manager) is not plugins._BuiltinsOnly
    a = lazy.lint_file(Path("x.md"), data=data)
    b = real.lint_file(Path("x.md"), data=data)
    assert a == b and a.findings
    assert lazy.plugins.manager.real is None


def test_every_dataclass_of_the_package_has_a_docstring():
    """``dataclasses`` writes a missing docstring with ``inspect.signature`` (3.9-3.11), which
    would import ``inspect`` in every run that creates the class: give each one a docstring."""
    import ast

    missing = []
    for path in sorted((ROOT / "outreach_lint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            decorators = [ast.unparse(d).split("(")[0] for d in node.decorator_list]
            dataclass = {"dataclass", "dataclasses.dataclass"} & set(decorators)
            if dataclass and ast.get_docstring(node) is None:
                missing.append(f"{path.name}:{node.lineno} {node.name}")
    assert missing == []


def test_pluggy_markers_are_made_on_first_use_and_mark_as_the_decorators_did():
    code = textwrap.dedent(
        """
        import sys
        from outreach_lint import builtin, hookspecs
        assert "pluggy" not in sys.modules
        assert not hasattr(builtin.outreach_lint_rules, "outreach_lint_impl")
        from outreach_lint.hookspecs import hookimpl, hookspec
        import pluggy
        assert type(hookimpl) is pluggy.HookimplMarker and type(hookspec) is pluggy.HookspecMarker
        plain_spec = pluggy.HookspecMarker("outreach_lint")
        plain_impl = pluggy.HookimplMarker("outreach_lint")
        for name, options in hookspecs.SPECS.items():
            fn = getattr(hookspecs, name)
            def copy(): pass
            copy.__name__ = name
            want = plain_spec(**options)(copy).outreach_lint_spec
            assert fn.outreach_lint_spec == want, name
        firstresult = sorted(n for n, o in hookspecs.SPECS.items() if o.get("firstresult"))
        assert firstresult == ["outreach_lint_lint_document", "outreach_lint_parse_document"]
        assert len(hookspecs.SPECS) == 7
        impls = {n: getattr(builtin, n).outreach_lint_impl for n in hookspecs.BUILTIN}
        assert len(impls) == 6 and impls["outreach_lint_lint_document"]["trylast"]
        def later(): pass
        later.__name__ = "outreach_lint_formatters"
        marked = hookspecs.builtin_impl(tryfirst=True)(later)  # after pluggy: marked at once
        assert marked.outreach_lint_impl == plain_impl(tryfirst=True)(lambda: 0).outreach_lint_impl
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": SITE}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env
    )
    assert done.stdout == "ok\n", done.stderr


@pytest.mark.parametrize(
    "env", [{}, {"LC_ALL": "C"}, {"LC_ALL": "C", "PYTHONUTF8": "1"}, {"LANG": "en_US.ISO-8859-1"}]
)
def test_the_regex_key_reads_the_preferred_encoding_without_locale(env):
    """The ``regex-`` table's key has the encoding ``locale`` would give, without importing it."""
    code = (
        "import sys; from outreach_lint.regexcache import preferred_encoding; "
        "got = preferred_encoding(); gone = 'locale' not in sys.modules; "
        "import locale; print(got == locale.getpreferredencoding(False), gone, got)"
    )
    full = {**os.environ, "PYTHONPATH": SITE, **env}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=full
    )
    same, gone, _ = done.stdout.split()
    assert same == "True", done.stderr
    assert gone == str(sys.version_info >= (3, 11))


def test_the_urllib_parse_stand_in_serves_every_way_of_importing_it():
    code = textwrap.dedent(
        """
        import sys
        from outreach_lint import lazyimport
        lazyimport.install()
        import urllib
        stand_in = sys.modules["urllib.parse"]
        assert type(stand_in) is lazyimport.LazyModule and urllib.parse is stand_in
        from urllib.parse import quote_from_bytes  # the forwarder: nothing imported yet
        assert type(sys.modules["urllib.parse"]) is lazyimport.LazyModule
        import urllib.parse as up
        assert up.urlencode({"a": "b c"}) == "a=b+c"  # any other name imports the real module
        real = sys.modules["urllib.parse"]
        assert type(real) is not lazyimport.LazyModule and urllib.parse is real
        assert quote_from_bytes(b"/x y") == "/x%20y" and stand_in.quote is real.quote
        assert stand_in.quote_from_bytes is real.quote_from_bytes  # the namespace copied over
        from urllib.parse import urljoin
        assert urljoin("http://a/b/c", "d") == "http://a/b/d"
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": SITE}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env
    )
    assert done.stdout == "ok\n", done.stderr
