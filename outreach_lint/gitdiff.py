"""``--changed-since REV``: which lines of which files changed since a git revision.

Runs ``git diff --unified=0 REV`` (the working tree against REV: committed, staged and unstaged
changes) and reads the ``+`` side of every hunk header; untracked files count as wholly changed.
Paths come back absolute so they compare with whatever path form the user passed.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


class GitError(ValueError):
    """Not a git repository, an unknown revision, or git missing; the message says which."""


@dataclass
class Changes:
    """The lines each file changed since a git revision."""

    #: absolute path -> changed line numbers (1-based); None means the whole file is new
    lines: dict[str, set[int] | None] = field(default_factory=dict)

    def touches(self, path: str, line: int, end_line: int) -> bool:
        key = os.path.normcase(os.path.realpath(path))
        if key not in self.lines:
            return False
        changed = self.lines[key]
        if changed is None or line <= 0:
            return True
        return any(n in changed for n in range(line, max(line, end_line) + 1))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            timeout=120,
        )
    except FileNotFoundError:
        raise GitError("--changed-since needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError("git diff took more than 120 seconds; giving up") from None


def unquote(path: str) -> str:
    """Undo git's C-style quoting of unusual file names (``"a\\tb"``, octal UTF-8 bytes)."""
    if not (len(path) >= 2 and path[0] == '"' and path[-1] == '"'):
        return path
    body = path[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567":
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.extend(_ESCAPES.get(nxt, nxt).encode())
            i += 2
            continue
        out.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_diff(text: str, root: Path) -> Changes:
    changes = Changes()
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            if " " in target and target.endswith("\t"):  # git's marker after names with spaces
                target = target[:-1]
            if target == "/dev/null":
                current = None
                continue
            target = unquote(target)
            if target.startswith("b/"):
                target = target[2:]
            key = os.path.normcase(str(root / target))
            current = changes.lines.setdefault(key, set())  # type: ignore[assignment]
            continue
        match = _HUNK.match(line)
        if match and current is not None:
            start = int(match.group(1))
            count = 1 if match.group(2) is None else int(match.group(2))
            current.update(range(start, start + count))
    return changes


def changed_since(rev: str, cwd: Path | None = None) -> Changes:
    cwd = cwd or Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise GitError(f"--changed-since: {os.path.abspath(cwd)} is not inside a git repository")
    root = Path(os.path.realpath(top.stdout.decode("utf-8", "surrogateescape").strip()))
    if rev.startswith("-"):
        raise GitError(f"--changed-since: {rev!r} is not a revision")
    check = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if check.returncode != 0:
        raise GitError(
            f"--changed-since: unknown revision {rev!r}; fetch it first "
            "(in CI: actions/checkout with fetch-depth: 0) or name a branch, tag or commit"
        )
    diff = _git(
        ["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", rev, "--"], root
    )
    if diff.returncode != 0:
        raise GitError(
            f"--changed-since: git diff failed: {diff.stderr.decode(errors='replace').strip()}"
        )
    changes = parse_diff(diff.stdout.decode("utf-8", "surrogateescape"), root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    if untracked.returncode == 0:
        for name in untracked.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if name:
                changes.lines[os.path.normcase(str(root / name))] = None
    return changes


def filter_report(report: Any, changes: Changes) -> int:
    """Keep only findings on changed lines; return how many were dropped."""
    dropped = 0
    files = []
    for result in report.files:
        kept = tuple(f for f in result.findings if changes.touches(result.path, f.line, f.end_line))
        dropped += len(result.findings) - len(kept)
        files.append(
            result if len(kept) == len(result.findings) else replace(result, findings=kept)
        )
    report.files[:] = files
    return dropped
