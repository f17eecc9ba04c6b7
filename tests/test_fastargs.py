"""The ``check`` command line read without argparse (``outreach_lint.fastargs``): whenever it
answers, it must give exactly what argparse gives; whenever argparse would refuse the line (or
print help), it must not answer."""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import cli, fastargs

_TYPES = {None: None, cli._path: "path", cli._csv: "csv", cli._jobs: "jobs"}


def _kind(action: argparse.Action) -> str:
    if not action.option_strings:
        return "paths"
    if isinstance(action, argparse._StoreTrueAction):
        return fastargs.FLAG
    if isinstance(action, argparse._ExtendAction):
        return fastargs.EXTEND
    assert type(action) is argparse._StoreAction and action.nargs is None, action
    return fastargs.VALUE


def test_the_table_is_the_check_subparser():
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    check = sub.choices["check"]
    found = []
    for action in check._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        default = action.default
        if action.dest == "debug":
            assert default is argparse.SUPPRESS
            default = None
        if action.dest == "paths":
            assert action.nargs == "*" and default is None
            default = []
        found.append(
            (
                tuple(action.option_strings),
                action.dest,
                _kind(action),
                _TYPES[action.type],
                default,
                tuple(action.choices) if action.choices else None,
            )
        )
    assert tuple(found) == fastargs.CHECK
    top_debug = [a for a in parser._actions if a.dest == "debug"]
    assert top_debug[0].default is False


def _argparse(argv: list[str]):
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return cli.build_parser().parse_args(argv)
    except (cli._Usage, SystemExit):
        return None


TOKENS = st.sampled_from(
    [
        *fastargs.OPTIONS,
        "a.md",
        "dir/",
        "-",
        "",
        "x y",
        "json",
        "concise",
        "warning",
        "nope",
        "2",
        "-1",
        "0",
        "PR101,BL",
        " PR1 , ,x",
        "--",
        "--help",
        "-h",
        "--form",
        "--format=json",
        "-j2",
        "-qq",
        "--version",
        "check",
        "rules",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=8))
def test_it_answers_only_as_argparse_does(tokens):
    argv = cli._normalize_argv(tokens)
    fast = fastargs.parse_check(argv)
    if fast is None:
        return
    slow = _argparse(argv)
    assert slow is not None, argv
    assert list(vars(fast).items()) == list(vars(slow).items()), argv
    for name, value in vars(fast).items():
        assert type(value) is type(getattr(slow, name)), (argv, name)


@pytest.mark.parametrize(
    "argv",
    [
        ["a.md"],
        ["--format", "concise", "--exit-zero", "--no-cache", "a.md", "b.md"],
        ["check", "--select", "PR,BL101", "--select", "IC", "--ignore", "X", "-j", "1", "-"],
        ["-o", "out.txt", "--cache-dir", "c", "--config", "cfg.toml", "--fail-on", "info"],
        ["a.md", "--debug", "--quiet"],
        [],
    ],
)
def test_the_common_lines_are_answered(argv):
    normalized = cli._normalize_argv(argv)
    fast = fastargs.parse_check(normalized)
    assert fast is not None
    assert list(vars(fast).items()) == list(vars(_argparse(normalized)).items())


@pytest.mark.parametrize(
    "argv",
    [
        ["a.md", "--no-cache", "b.md"],  # argparse: unrecognized arguments
        ["--fail-on", "nope", "a.md"],
        ["-j", "-1"],
        ["--form", "json"],
        ["--format=json"],
        ["--help"],
        ["--debug", "check", "a.md"],
        ["--", "-a.md"],
        ["--format"],
    ],
)
def test_the_rest_goes_to_argparse(argv):
    assert fastargs.parse_check(cli._normalize_argv(argv)) is None


def test_the_cli_prints_the_same_either_way(run, tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("Hi Sam,\n\nAct now, only 3 spots left!\n")
    lines = [
        ("--format", "json", "--no-cache", str(tmp_path / "a.md")),
        ("--statistics", "--select", "PR", str(tmp_path)),
        ("--fail-on", "info", "-q", str(tmp_path / "a.md")),
    ]
    fast = [run(*argv) for argv in lines]
    monkeypatch.setattr(fastargs, "parse_check", lambda argv: None)
    slow = [run(*argv) for argv in lines]
    assert fast == slow
    assert fast[0][0] == 1 and Path(tmp_path / "a.md").exists()
