"""Command line: ``outreach-lint [check] PATH...``, ``rules``, ``explain CODE``, ``plugins``.

``main(argv) -> int`` never raises for bad input: usage and configuration problems print one
line to stderr and return 2; findings at or above the fail level return 1; otherwise 0.
"""

from __future__ import annotations

import os
import sys

from . import __version__

# typing, dataclasses and contextlib are imported where used: ``outreach-lint --version`` and
# a pre-commit run should not pay for them at start-up (docs/performance.md)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path
    from typing import IO, Any

COMMANDS = ("check", "rules", "explain", "plugins", "score", "report", "daemon")
EPILOG = """\
exit codes: 0 clean, 1 findings at or above the fail level, 2 usage, configuration or internal error.
Run `outreach-lint explain CODE` to learn why a rule fires and what to write instead."""


DEBUG_ENV = "OUTREACH_LINT_DEBUG"
_DEBUG_HELP = f"show the traceback of an internal error (also {DEBUG_ENV}=1)"
ISSUES_URL = "https://github.com/outreach-lint/outreach-lint/issues"


_PARSER_CLASS: Any = None


def _parser_class() -> Any:
    """Our ``ArgumentParser``, defined on first use: ``--version`` does not import argparse."""
    global _PARSER_CLASS
    if _PARSER_CLASS is None:
        import argparse

        class _Parser(argparse.ArgumentParser):
            def error(self, message: str) -> None:  # type: ignore[override]
                raise _Usage(f"{self.prog}: {message} (see --help)")

            def _get_formatter(self) -> argparse.HelpFormatter:
                # argparse builds a formatter for every add_argument and imports shutil (with
                # bz2 and lzma) to size it; the same width without that import (start-up time)
                return self.formatter_class(prog=self.prog, width=_terminal_columns() - 2)

        _PARSER_CLASS = _Parser
    return _PARSER_CLASS


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Usage(Exception):
    pass


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _path(value: str) -> Path:
    """``type=`` of path options: ``pathlib.Path``, imported only when a command runs
    (``outreach-lint --version`` does not need pathlib and its imports)."""
    from pathlib import Path

    return Path(value)


def _jobs(value: str) -> int:
    import argparse

    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return jobs


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("rule selection")
    g.add_argument(
        "--select",
        type=_csv,
        action="extend",
        metavar="RULES",
        help="only these rules: codes, prefixes (PR), names, categories or ALL; comma-separated",
    )
    g.add_argument(
        "--extend-select",
        type=_csv,
        action="extend",
        default=[],
        metavar="RULES",
        help="enable these rules on top of the configured selection",
    )
    g.add_argument(
        "--ignore",
        type=_csv,
        action="extend",
        default=[],
        metavar="RULES",
        help="disable these rules",
    )


def _add_config(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("configuration")
    g.add_argument(
        "--config",
        type=_path,
        metavar="FILE",
        help="use this config file for every path (skips discovery)",
    )
    g.add_argument("--isolated", action="store_true", help="ignore all config files")
    g.add_argument(
        "--no-plugins",
        action="store_true",
        help="do not load installed plugins (also OUTREACH_LINT_DISABLE_PLUGINS=1)",
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = _parser_class()(
        prog="outreach-lint",
        description="Lint sales and marketing outreach copy for cold-list blasts, close-the-deal "
        "pressure and I-centric language.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"outreach-lint {__version__}")
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", parser_class=_parser_class())

    check = sub.add_parser(
        "check",
        help="lint files and directories (the default command)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, directories, or - for stdin (default: .)"
    )
    check.add_argument(
        "--format",
        default="text",
        metavar="FORMAT",
        help="output format: text, concise, json, jsonl, sarif, github, junit, gitlab "
        "(default: text)",
    )
    check.add_argument(
        "--output-file",
        "-o",
        type=_path,
        metavar="FILE",
        help="write the report to FILE; only a short summary goes to the terminal",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name of the file read from stdin (picks format and config)",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="lowest severity that makes the exit code 1",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument("--statistics", action="store_true", help="show counts per rule")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print only the summary (and errors)"
    )
    check.add_argument("--no-color", action="store_true", help="no ANSI colours (also NO_COLOR=1)")
    check.add_argument("--no-source", action="store_true", help="do not print the offending line")
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude patterns to files named on the command line too (for pre-commit)",
    )
    fixes = check.add_argument_group("fixes")
    fixes.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    fixes.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: also apply fixes that may change the meaning",
    )
    fixes.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and change nothing (exit 1 if there are any)",
    )
    adopt = check.add_argument_group("adopting in an existing repository")
    adopt.add_argument(
        "--baseline",
        type=_path,
        metavar="FILE",
        help="hide the findings recorded in FILE (see --write-baseline); only new ones count",
    )
    adopt.add_argument(
        "--write-baseline",
        type=_path,
        metavar="FILE",
        help="record the current findings in FILE and exit 0",
    )
    adopt.add_argument(
        "--changed-since",
        metavar="REV",
        help="report only findings on lines changed since git revision REV (e.g. origin/main)",
    )
    _add_selection(check)
    _add_config(check)
    perf = check.add_argument_group("performance")
    perf.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes that lint a large run: this one and N-1 workers (default: one per core; 1: no workers)",
    )
    perf.add_argument(
        "--no-cache",
        action="store_true",
        help="do not read or write the result cache (also OUTREACH_LINT_NO_CACHE=1)",
    )
    perf.add_argument(
        "--cache-dir",
        type=_path,
        metavar="DIR",
        help="where to keep the result cache (default: .outreach-lint-cache at the repository "
        "root; also OUTREACH_LINT_CACHE_DIR)",
    )

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("--all", action="store_true", help="include rules that are off by default")
    _add_config(rules)

    explain = sub.add_parser("explain", help="why a rule fires and what to write instead")
    explain.add_argument("rule", metavar="CODE|NAME")
    _add_config(explain)

    score = sub.add_parser(
        "score",
        help="a 0-100 customer-focus score per message, ranked",
        description="Score every message 0-100 for customer focus (send / fix one thing / "
        "rewrite) and print a ranked table with what cost each one points.",
        epilog="exit codes: 0 done (1 with --fail-under when a message scores below it), "
        "2 usage, configuration or internal error.",
    )
    score.add_argument("paths", nargs="*", metavar="PATH", help="files and directories")
    score.add_argument("--format", choices=("text", "json"), default="text")
    score.add_argument(
        "--best-first", action="store_true", help="rank the best messages first (default: worst)"
    )
    score.add_argument(
        "--fail-under", type=int, metavar="N", help="exit 1 when any message scores below N"
    )
    score.add_argument("--no-color", action="store_true", help="no ANSI colours (also NO_COLOR=1)")
    score.add_argument("--force-exclude", action="store_true", help=argparse.SUPPRESS)
    _add_jobs(score)
    _add_selection(score)
    _add_config(score)

    report = sub.add_parser(
        "report",
        help="write a self-contained HTML report of the whole template library",
        description="Lint PATHs and write one self-contained HTML page (no network, no "
        "scripts): score distribution, findings by category and template, the worst "
        "templates with flagged spans highlighted, duplicate clusters, sequence timelines.",
    )
    report.add_argument("paths", nargs="*", metavar="PATH", help="files and directories")
    report.add_argument(
        "-o", "--output", type=_path, required=True, metavar="FILE", help="the HTML file to write"
    )
    report.add_argument("--title", default="", help="the report's title")
    report.add_argument("--force-exclude", action="store_true", help=argparse.SUPPRESS)
    _add_jobs(report)
    _add_selection(report)
    _add_config(report)

    daemon = sub.add_parser(
        "daemon",
        help="start, stop or show the opt-in resident server (see --daemon)",
        description="The resident server keeps outreach-lint loaded so that a run with "
        "--daemon (or OUTREACH_LINT_DAEMON=1) on a few files skips the start-up of a fresh process. It is started "
        "on first use, serves only you, and exits after 10 idle minutes or when outreach-lint, "
        "its packs or plugins change. Output is the same as without it.",
    )
    daemon.add_argument("action", choices=("start", "stop", "status"))

    plugins = sub.add_parser("plugins", help="list loaded plugins, formats and formatters")
    plugins.add_argument("--no-plugins", action="store_true")
    for p in (check, rules, explain, plugins):
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP)
    return parser


def _normalize_argv(argv: Sequence[str]) -> list[str]:
    args = list(argv)
    for _i, arg in enumerate(args):
        if arg in ("-h", "--help", "--version"):
            return args
        if not arg.startswith("-") or arg == "-":
            if arg in COMMANDS:
                return args
            break
    return ["check", *args]


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "--daemon" in args_list or "--no-daemon" in args_list:
        # the console script's switches (client.py): here the command runs in-process anyway
        from .client import split_switches

        args_list = split_switches(args_list)[1]
    if args_list == ["--version"]:  # what argparse prints, without building the parser
        return _print_version(out)
    from . import gcpause

    paused = gcpause.pause()  # until a second file is linted (gcpause.py)
    try:
        return _main(args_list, out, err)
    finally:
        gcpause.end(paused)


def _main(args_list: list[str], out: IO[str], err: IO[str]) -> int:
    from .fastargs import parse_check

    normalized = _normalize_argv(args_list)
    # the common `check` command line without argparse (the same values; fastargs.py)
    args = parse_check(normalized)
    if args is None:
        try:
            # --help and --version print through argparse: send them to our stream
            from contextlib import redirect_stdout

            with redirect_stdout(out):
                args = build_parser().parse_args(normalized)
        except _Usage as exc:
            err.write(f"{_safe(exc)}\n")
            return 2
        except SystemExit as exc:  # --help / --version
            return int(exc.code or 0)
    try:
        # start-up: the module-level patterns of the checks are built from cached ``re`` code,
        # the methods of the dataclasses from cached code, the pack patterns from cached
        # ``regex`` code (recache.py, codecache.py, regexcache.py)
        from . import codecache, recache, regexcache

        with recache.active(), codecache.active(), regexcache.active():
            return _dispatch(args, out, err)
    except (_Usage, _PluginFailure) as exc:
        err.write(f"outreach-lint: {_safe(exc)}\n")
        return 2
    except KeyboardInterrupt:
        err.write("outreach-lint: interrupted\n")
        return 130
    except BrokenPipeError:  # `outreach-lint ... | head`: the reader left; nothing to report
        return 141
    except Exception as exc:  # a bug: one line and how to report it, never a bare traceback
        return _internal_error(exc, err, debug=getattr(args, "debug", False))


def _print_version(out: IO[str]) -> int:
    """``outreach-lint --version``: the parser's version action prints this text unwrapped (its
    formatter keeps raw text) and ignores a failed write; so does this, for a quarter of the
    start-up time (no parser, no contextlib; tests/test_startup.py compares the two)."""
    try:  # noqa: SIM105 (contextlib.suppress would import contextlib for this one line)
        out.write(f"outreach-lint {__version__}\n")
    except (AttributeError, OSError):
        pass
    return 0


def _dispatch(args: Any, out: IO[str], err: IO[str]) -> int:
    if args.command == "rules":
        return _cmd_rules(args, out, err)
    if args.command == "explain":
        return _cmd_explain(args, out, err)
    if args.command == "plugins":
        return _cmd_plugins(args, out, err)
    if args.command == "score":
        return _cmd_score(args, out, err)
    if args.command == "report":
        return _cmd_report(args, out, err)
    if args.command == "daemon":
        from .daemon import control

        return control(args.action, out, err)
    return _cmd_check(args, out, err)


def _safe(message: object) -> str:
    """One printable line: file names and copy in messages cannot drive a terminal or CI log."""
    from .formatters.text import one_line

    return one_line(str(message))


def _internal_error(exc: BaseException, err: IO[str], *, debug: bool) -> int:
    """Report an unexpected exception as one line (the traceback only on request); exit 2."""
    import traceback
    from pathlib import Path

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    if debug or os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        err.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    detail = _safe(exc)[:300]
    err.write(
        f"outreach-lint: internal error: {type(exc).__name__}: {detail}{where}. This is a bug; "
        f"please report it at {ISSUES_URL} with the command you ran "
        f"(run with --debug or {DEBUG_ENV}=1 for the traceback).\n"
    )
    return 2


def _linter(args: Any, overrides: Any = None) -> Any:
    from .config import ConfigError
    from .engine import create_linter

    try:
        return create_linter(
            config=getattr(args, "config", None),
            isolated=getattr(args, "isolated", False),
            overrides=overrides,
            no_plugins=getattr(args, "no_plugins", False),
        )
    except ConfigError as exc:
        raise _Usage(f"config error: {exc}") from None


def _report_plugin_errors(linter: Any, err: IO[str]) -> bool:
    for e in linter.plugins.errors:
        err.write(f"outreach-lint: {_safe(e)}; it was skipped\n")
    return bool(linter.plugins.errors)


def _cmd_check(args: Any, out: IO[str], err: IO[str]) -> int:
    from pathlib import Path

    from .config import ConfigError, Overrides
    from .engine import STDIN, Report, UsageError
    from .formatters import FormatOptions
    from .model import Severity

    overrides = Overrides(
        select=tuple(args.select) if args.select else None,
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
        fail_on=Severity.parse(args.fail_on) if args.fail_on else None,
    )
    linter = _linter(args, overrides)
    formatters, origins = _formatters(linter)
    if args.format not in formatters:
        raise _Usage(
            f"unknown --format {args.format!r}; choose one of {', '.join(sorted(formatters))}"
        )
    paths = args.paths or ["."]
    report = Report()
    changes = known = None
    if args.changed_since:
        from .gitdiff import GitError, changed_since

        try:
            changes = changed_since(args.changed_since)
        except GitError as exc:
            raise _Usage(str(exc)) from None
    if args.baseline is not None and args.write_baseline is None:
        from .baseline import BaselineError, read_baseline

        try:
            known = read_baseline(args.baseline)
        except BaselineError as exc:
            raise _Usage(str(exc)) from None
    session = None
    if args.fix or args.diff:
        from .fixer import FixSession

        session = FixSession(unsafe=args.unsafe_fixes, write=not args.diff)
    elif args.unsafe_fixes:
        raise _Usage("--unsafe-fixes needs --fix or --diff")
    spool = cache = None
    try:
        if STDIN in paths:
            if len(paths) > 1:
                raise _Usage("'-' (stdin) cannot be combined with other paths")
            name = args.stdin_filename or "stdin.txt"
            data = (
                sys.stdin.buffer.read()
                if hasattr(sys.stdin, "buffer")
                else sys.stdin.read().encode()
            )
            config = linter.resolver.for_path(Path(name))
            if args.force_exclude and config.is_excluded(Path(name)):
                report.files = []
            elif session is not None:
                report.files.append(session.run(linter, Path(name), display=name, data=data))
            else:
                report.files.append(linter.lint_file(Path(name), display=name, data=data))
        else:
            keep = args.format == "sarif"  # SARIF fixes need line/column of every edit
            discovered = linter.discover(paths, force_exclude=args.force_exclude)
            if session is not None:
                for path in discovered:
                    report.files.append(session.run(linter, path))
            else:
                from .runner import lint_paths

                cache = _cache(args, linter)
                if _can_spool(args, origins, changes, known) and (
                    cache is not None or not _few_files(paths)
                ):
                    from .spool import ResultSpool

                    spool = ResultSpool()
                    groups = _RuleSetGroups(linter)
                for result in lint_paths(
                    linter,
                    discovered,
                    jobs=args.jobs,
                    cache=cache,
                    keep_source=keep,
                ):
                    if keep and not any(f.fix for f in result.findings):
                        from dataclasses import replace

                        result = replace(result, source=None)
                    if spool is not None:
                        spool.add(result, groups.of(result.path))
                    else:
                        report.files.append(result)
        if cache is not None:
            cache.save_index()
            # the cache's size bound (cache.MAX_ENTRIES): one stat per run, a scan once a day
            cache.maybe_prune()
        if spool is not None:
            report.files = linter.lint_project_spooled(spool, groups.rulesets, cache)
        else:
            report.files = linter.lint_project(report.files)
    except (ConfigError, UsageError) as exc:
        _report_plugin_errors(linter, err)
        raise _Usage(f"config error: {exc}") from None
    report.errors.extend(linter.errors)
    report.errors.extend(str(e) for e in linter.plugins.errors)
    # a spooled run knows its codes; reading every result back for them cost ~1% of a run
    codes = getattr(report.files, "finding_codes", None)
    for code in codes if codes is not None else {f.code for f in report.findings}:
        meta = linter.rule_meta(code)
        if meta is not None:
            report.rules[code] = meta
    for e in linter.errors:
        err.write(f"outreach-lint: {_safe(e)}\n")
    _report_plugin_errors(linter, err)
    if args.write_baseline is not None:
        return _write_baseline(report, args.write_baseline, out)
    if changes is not None:
        from .gitdiff import filter_report

        filter_report(report, changes)
    if known is not None:
        from .baseline import apply_baseline

        hidden = apply_baseline(report, args.baseline, known)
        if hidden and args.format in ("text", "concise") and not args.quiet:
            err.write(f"{hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline.\n")
    color = _use_color(args, out)
    options = FormatOptions(
        color=color, show_source=not args.no_source, statistics=args.statistics, quiet=args.quiet
    )
    formatter = _formatter(formatters[args.format], origins[args.format])
    if session is not None:
        return _finish_fixes(session, report, args, formatter, options, out, err)
    if args.output_file is not None:
        _write_report(formatter, report, options, args.output_file, args.format, out)
    else:
        formatter(report, out, options)
    code = report.exit_code
    if args.exit_zero and code == 1:
        return 0
    return code


def _can_spool(args: Any, origins: dict[str, str], changes: Any, known: Any) -> bool:
    """Whether this run may keep its results on disk instead of in memory (``spool.py``).

    Built-in formatters read a spooled report like a list; baselines, ``--changed-since`` and
    ``--write-baseline`` edit the report in place, and a plugin's formatter may index it in
    ways a lazy sequence does not serve, so those keep the results in memory.
    """
    return (
        SPOOL_RESULTS
        and origins.get(args.format) == "outreach_lint"
        and changes is None
        and known is None
        and args.write_baseline is None
    )


def _few_files(paths: Sequence[str]) -> bool:
    """Whether the run names at most :data:`FEW_FILES` paths and none is a directory.

    Such a run without the result cache keeps its results in memory instead of a spool: as
    many as the spool would keep in memory anyway, and the spool's own cost (importing it,
    indexing every result, the digest of the signatures) bought nothing there, ~2.7 M
    instructions of a ``--no-cache`` one-file run. With the result cache the spool stays: its
    run-level stage is cached (a warm hit then needs no rule to run) and the in-memory one
    is not.
    """
    if len(paths) > FEW_FILES:
        return False
    return not any(os.path.isdir(p) for p in paths)


#: at most this many named files are linted without a spool when there is no result cache
#: (the results the spool itself keeps in memory: ``spool.IN_MEMORY_RESULTS``)
FEW_FILES = 256

#: off only in tests that compare a spooled run with an in-memory one
SPOOL_RESULTS = True


class _RuleSetGroups:
    """A small number for each distinct rule set of the run (what a spooled file records)."""

    def __init__(self, linter: Any) -> None:
        self.linter = linter
        self.rulesets: list[Any] = []
        self._index: dict[int, int] = {}

    def of(self, path: str) -> int:
        from pathlib import Path

        linter = self.linter
        ruleset = linter.ruleset_for(linter.resolver.for_path(Path(path)))
        index = self._index.get(id(ruleset))
        if index is None or self.rulesets[index] is not ruleset:
            index = self._index[id(ruleset)] = len(self.rulesets)
            self.rulesets.append(ruleset)
        return index


def _finish_fixes(
    session: Any, report: Any, args: Any, formatter: Any, options: Any, out: IO[str], err: IO[str]
) -> int:
    """Output of --fix / --diff: diffs, or the remaining findings and what was fixed."""
    from .formatters.text import printable

    for problem in session.errors:
        err.write(f"outreach-lint: {printable(problem)}\n")
        report.errors.append(problem)
    for warning in session.warnings:
        err.write(f"outreach-lint: warning: {printable(warning)}\n")
    plural = "s" if session.fixes != 1 else ""
    files = f"{session.files} file{'s' if session.files != 1 else ''}"
    stdin = STDIN_MARK in (args.paths or [])
    if args.diff:
        for diff in session.diffs:
            out.write(diff)
        if session.fixes:
            err.write(f"Would fix {session.fixes} finding{plural} in {files}; run with --fix.\n")
        else:
            err.write("No fixes to apply.\n")
        if report.errors or any(r.internal_errors for r in report.files):
            return 2
        return 1 if session.fixes else 0
    if stdin:  # the fixed text is the output; the remaining findings go to stderr
        out.write(session.fixed_text or "")
        from dataclasses import replace

        formatter(report, err, replace(options, color=False))
    elif args.output_file is not None:
        _write_report(formatter, report, options, args.output_file, args.format, out)
    else:
        formatter(report, out, options)
    note = out if args.format in ("text", "concise") and not stdin else err
    if session.fixes:
        note.write(f"Fixed {session.fixes} finding{plural} in {files}.\n")
    code = report.exit_code
    return 0 if args.exit_zero and code == 1 else code


STDIN_MARK = "-"


def _write_baseline(report: Any, target: Path, out: IO[str]) -> int:
    from .baseline import BaselineError, write_baseline
    from .formatters.text import printable

    try:
        count = write_baseline(report, target)
    except BaselineError as exc:
        raise _Usage(str(exc)) from None
    out.write(
        f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline "
        f"{printable(str(target))}; use it with --baseline {printable(str(target))}.\n"
    )
    return 2 if report.errors or any(r.internal_errors for r in report.files) else 0


def _write_report(
    formatter: Any, report: Any, options: Any, target: Path, fmt: str, out: IO[str]
) -> None:
    """The report to ``target``; a summary (what the text format ends with) to the terminal."""
    from .formatters.text import _summary, printable

    try:
        with open(target, "w", encoding="utf-8", newline="") as fh:
            from dataclasses import replace

            formatter(report, fh, replace(options, color=False))
    except OSError as exc:
        raise _Usage(
            f"cannot write --output-file {str(target)!r}: {exc.strerror or exc}; "
            "check that the directory exists and is writable"
        ) from None
    _summary(out.write, report, options.color)
    out.write(f"Wrote the {fmt} report to {printable(str(target))}.\n")


def _cache(args: Any, linter: Any) -> Any:
    """The result cache for this run, or None (``--no-cache``, ``OUTREACH_LINT_NO_CACHE``)."""
    if args.no_cache or os.environ.get("OUTREACH_LINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    from .cache import ResultCache

    return ResultCache.for_linter(linter, args.cache_dir)


def _add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes that lint a large run: this one and N-1 workers (default: one per core; 1: no workers)",
    )
    p.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    p.add_argument("--cache-dir", type=_path, metavar="DIR", help="where to keep the result cache")


def _lint_library(args: Any, linter: Any, err: IO[str]) -> Any:
    """Lint PATHs (workers and cache as for ``check``) and run the run-level stage."""
    from .config import ConfigError
    from .engine import Report, UsageError
    from .runner import lint_paths

    report = Report()
    try:
        discovered = linter.discover(args.paths or ["."], force_exclude=args.force_exclude)
        report.files.extend(
            lint_paths(linter, discovered, jobs=args.jobs, cache=_cache(args, linter))
        )
        report.files = linter.lint_project(report.files)
    except (ConfigError, UsageError) as exc:
        _report_plugin_errors(linter, err)
        raise _Usage(f"config error: {exc}") from None
    report.errors.extend(linter.errors)
    report.errors.extend(str(e) for e in linter.plugins.errors)
    for e in linter.errors:
        err.write(f"outreach-lint: {e}\n")
    _report_plugin_errors(linter, err)
    return report


def _overrides(args: Any) -> Any:
    from .config import Overrides

    return Overrides(
        select=tuple(args.select) if args.select else None,
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
    )


def _cmd_score(args: Any, out: IO[str], err: IO[str]) -> int:
    import json

    from .scoring import score_results, summary

    if any(p == "-" for p in args.paths):
        raise _Usage("score reads files and directories, not stdin")
    linter = _linter(args, _overrides(args))
    report = _lint_library(args, linter, err)
    scores = score_results(report.files)
    scores.sort(key=lambda s: (s.score, s.label), reverse=args.best_first)
    if args.best_first:
        scores.sort(key=lambda s: (-s.score, s.label))
    if args.format == "json":
        json.dump(
            {
                "version": 1,
                "summary": summary(scores),
                "messages": [s.to_dict() for s in scores],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        from .formatters.score import format_scores

        format_scores(scores, out, color=_use_color(args, out))
    if report.errors or any(r.internal_errors for r in report.files):
        return 2
    if args.fail_under is not None and any(s.score < args.fail_under for s in scores):
        return 1
    return 0


def _cmd_report(args: Any, out: IO[str], err: IO[str]) -> int:
    from pathlib import Path

    from .htmlreport import render

    if any(p == "-" for p in args.paths):
        raise _Usage("report reads files and directories, not stdin")
    linter = _linter(args, _overrides(args))
    report = _lint_library(args, linter, err)
    sources = {}
    for r in report.files:
        try:
            sources[r.path] = Path(r.path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    page = render(report, sources=sources, title=args.title or "Outreach copy report")
    try:
        args.output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise _Usage(f"cannot write {args.output}: {exc.strerror or exc}") from None
    messages = sum(len(r.signatures) for r in report.files)
    out.write(
        f"Wrote {args.output} ({len(report.files)} files, {messages} messages, "
        f"{len(report.findings)} findings).\n"
    )
    if report.errors or any(r.internal_errors for r in report.files):
        return 2
    return 0


def _formatters(linter: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Output formatters by name, and the plugin that provided each; bad tables are skipped."""
    from .plugins import PluginError

    formatters: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for plugin, table in linter.plugins.collect("outreach_lint_formatters"):
        if not isinstance(table, dict):
            linter.plugins.errors.append(
                PluginError(
                    plugin, "outreach_lint_formatters", "must return a dict name -> formatter"
                )
            )
            continue
        for name, target in table.items():
            if isinstance(name, str) and name not in formatters:
                formatters[name] = target
                origins[name] = plugin
    return formatters, origins


class _PluginFailure(Exception):
    """A plugin's formatter raised: reported by name, exit 2."""


def _formatter(target: Any, origin: str) -> Any:
    """The formatter to call; a plugin's failure becomes one line naming the plugin."""
    from .formatters import load

    if origin == "outreach_lint":
        return load(target)

    def call(report: Any, stream: Any, options: Any) -> None:
        from .plugins import PluginError, _describe

        try:
            load(target)(report, stream, options)
        except Exception as exc:
            raise _PluginFailure(
                str(PluginError(origin, "its output formatter", _describe(exc)))
                + "; the output is incomplete"
            ) from None

    return call


def _use_color(args: Any, stream: IO[str]) -> bool:
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def _cwd_registry(linter: Any) -> Any:
    """The rules a check run here would know: built-ins, plugins and the packs of the config
    that applies in the current directory (``--config`` wins, ``--isolated`` skips it)."""
    from pathlib import Path

    from .config import ConfigError
    from .engine import UsageError

    try:
        return linter.registry_for(linter.resolver.for_path(Path.cwd() / "_"))
    except (ConfigError, UsageError) as exc:
        raise _Usage(f"config error: {exc}") from None


def _cmd_rules(args: Any, out: IO[str], err: IO[str]) -> int:
    import json

    from .registry import meta_dict
    from .ruledocs import rules_markdown

    linter = _linter(args)
    metas = _cwd_registry(linter).metas()
    _report_plugin_errors(linter, err)
    if not args.all and args.format == "text":
        shown = [m for m in metas if m.default_enabled or m.category == "meta"]
    else:
        shown = metas
    if args.format == "json":
        json.dump(
            {"version": 1, "rules": [meta_dict(m) for m in shown]},
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    elif args.format == "markdown":
        out.write(rules_markdown(shown))
    else:
        width = max((len(m.name) for m in shown), default=10)
        for m in shown:
            fix = "fix" if m.fixable else "   "
            out.write(
                f"{m.code}  {m.name:<{width}}  {m.category:<9}  {m.severity.value:<7}  {fix}  {m.summary}\n"
            )
        hidden = len(metas) - len(shown)
        if hidden:
            out.write(f"({hidden} rules off by default not shown; use --all)\n")
    return 2 if linter.errors or linter.plugins.errors else 0


def _cmd_explain(args: Any, out: IO[str], err: IO[str]) -> int:
    import difflib

    from .ruledocs import explain_text

    linter = _linter(args)
    registry = _cwd_registry(linter)
    rule = registry.lookup(args.rule)
    if rule is None:
        close = difflib.get_close_matches(
            args.rule, [*registry.rules, *registry.by_name], n=1, cutoff=0.5
        )
        hint = (
            f"; did you mean {close[0]!r}?" if close else "; run `outreach-lint rules` for the list"
        )
        raise _Usage(f"unknown rule {args.rule!r}{hint}")
    out.write(explain_text(rule.meta))
    return 0


def _cmd_plugins(args: Any, out: IO[str], err: IO[str]) -> int:
    linter = _linter(args)
    registry = linter.base_registry
    out.write("Plugins:\n")
    out.write(f"  outreach_lint (built-in) {__version__}\n")
    for name, version in linter.plugins.external:
        rules = [m.code for m in registry.metas() if m.origin == f"plugin {name}"]
        out.write(f"  {name} ({version}): {len(rules)} rule(s) {' '.join(rules)}\n")
    out.write("Formats: " + ", ".join(sorted(linter.formats)) + "\n")
    formatters = sorted(_formatters(linter)[0])
    out.write("Output formats: " + ", ".join(formatters) + "\n")
    failed = _report_plugin_errors(linter, err)
    return 2 if failed else 0
