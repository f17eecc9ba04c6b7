"""The ``check`` command line of the common case, read without argparse.

A pre-commit run is ``outreach-lint [a few switches] FILE...``. Importing argparse (with
gettext and locale) and building the parser with its seven subcommands costs ~28 M
instructions, about a tenth of a one-file run; this reads that common shape directly and gives
the same values argparse gives, in the same order (``vars()`` compares equal). Anything else
returns None and goes to argparse, which also reports every error: an option it does not know
exactly as spelled here (abbreviations, ``--opt=value``, ``-j2``, ``--help``), a value that
starts with ``-``, ``--``, a choice or number argparse would refuse, positional arguments split
by options (argparse refuses those), options before the command.

:data:`CHECK` mirrors the ``check`` subparser of :func:`cli.build_parser`; a test compares the
two option by option (``tests/test_fastargs.py``), so an option added there must be added here.
"""

from __future__ import annotations

from types import SimpleNamespace

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

FLAG, VALUE, EXTEND = "flag", "value", "extend"

#: option string -> (dest, kind, type name, choices), as the check subparser defines them
OPTIONS: dict[str, tuple[str, str, str | None, tuple[str, ...] | None]] = {}
#: dest -> default, in the order argparse sets them (the order of the subparser's actions)
DEFAULTS: dict[str, Any] = {}

#: (option strings, dest, kind, type, default, choices), in the subparser's order
CHECK: tuple[tuple[tuple[str, ...], str, str, str | None, Any, tuple[str, ...] | None], ...] = (
    ((), "paths", "paths", None, [], None),
    (("--format",), "format", VALUE, None, "text", None),
    (("--output-file", "-o"), "output_file", VALUE, "path", None, None),
    (("--stdin-filename",), "stdin_filename", VALUE, None, None, None),
    (("--fail-on",), "fail_on", VALUE, None, None, ("error", "warning", "info")),
    (("--exit-zero",), "exit_zero", FLAG, None, False, None),
    (("--statistics",), "statistics", FLAG, None, False, None),
    (("-q", "--quiet"), "quiet", FLAG, None, False, None),
    (("--no-color",), "no_color", FLAG, None, False, None),
    (("--no-source",), "no_source", FLAG, None, False, None),
    (("--force-exclude",), "force_exclude", FLAG, None, False, None),
    (("--fix",), "fix", FLAG, None, False, None),
    (("--unsafe-fixes",), "unsafe_fixes", FLAG, None, False, None),
    (("--diff",), "diff", FLAG, None, False, None),
    (("--baseline",), "baseline", VALUE, "path", None, None),
    (("--write-baseline",), "write_baseline", VALUE, "path", None, None),
    (("--changed-since",), "changed_since", VALUE, None, None, None),
    (("--select",), "select", EXTEND, "csv", None, None),
    (("--extend-select",), "extend_select", EXTEND, "csv", [], None),
    (("--ignore",), "ignore", EXTEND, "csv", [], None),
    (("--config",), "config", VALUE, "path", None, None),
    (("--isolated",), "isolated", FLAG, None, False, None),
    (("--no-plugins",), "no_plugins", FLAG, None, False, None),
    (("-j", "--jobs"), "jobs", VALUE, "jobs", 0, None),
    (("--no-cache",), "no_cache", FLAG, None, False, None),
    (("--cache-dir",), "cache_dir", VALUE, "path", None, None),
    (("--debug",), "debug", FLAG, None, None, None),  # default: the top parser's False
)

for _strings, _dest, _kind, _type, _default, _choices in CHECK:
    for _s in _strings:
        OPTIONS[_s] = (_dest, _kind, _type, _choices)
    if _dest != "debug":
        DEFAULTS[_dest] = _default


def _typed(kind: str | None, value: str) -> Any:
    """The value argparse's ``type=`` gives, or None where argparse would refuse it."""
    if kind is None:
        return value
    if kind == "path":
        from pathlib import Path

        return Path(value)
    if kind == "csv":
        return [v.strip() for v in value.split(",") if v.strip()]
    try:  # jobs: cli._jobs
        jobs = int(value)
    except ValueError:
        return None
    return jobs if jobs >= 0 else None


def parse_check(argv: list[str]) -> Any:
    """The namespace argparse gives for ``argv`` (``["check", ...]``), or None."""
    if not argv or argv[0] != "check":
        return None
    values: dict[str, Any] = {}
    paths: list[str] | None = None
    ended = False  # a run of positional arguments was followed by an option
    i, n = 1, len(argv)
    while i < n:
        token = argv[i]
        i += 1
        if not token.startswith("-") or token == "-":
            if ended:
                return None  # argparse: "unrecognized arguments"
            if paths is None:
                paths = []
            paths.append(token)
            continue
        if paths is not None:
            ended = True
        spec = OPTIONS.get(token)
        if spec is None:
            return None
        dest, kind, type_name, choices = spec
        if kind == FLAG:
            values[dest] = True
            continue
        if i >= n or argv[i].startswith("-"):
            return None  # a missing value, or one argparse reads as an option
        value = _typed(type_name, argv[i])
        i += 1
        if value is None or (choices is not None and value not in choices):
            return None
        if kind == EXTEND:
            values[dest] = [*(values.get(dest) or DEFAULTS[dest] or []), *value]
        else:
            values[dest] = value
    ns = SimpleNamespace()
    ns.debug = values.pop("debug", False)
    ns.command = "check"
    for dest, default in DEFAULTS.items():
        if dest == "paths":
            value = paths if paths is not None else []
        else:
            value = values.get(dest, default)
        if isinstance(value, list):
            value = list(value)  # argparse gives each run its own list
        setattr(ns, dest, value)
    return ns
