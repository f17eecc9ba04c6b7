"""Fixing files: lint, apply fixes, re-lint until stable, then write back safely.

The loop works on one file at a time through :meth:`Linter.lint_file` (so a parallel or cached
runner composes with it) and is bounded: a rule whose fix re-creates its own finding cannot spin.
Writing keeps what the user's editor chose: the exact encoding and byte-order mark (``decode``
records them), line endings (the text is never newline-translated) and file mode. The new bytes
go to a temporary file in the same directory, are fsynced and renamed over the original, so a
crash or a full disk leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .engine import FileResult, encode
from .fixes import apply_edits, select_fixes

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

MAX_PASSES = 10


class FixError(Exception):
    """The file could not be written; the original is untouched. The message says why."""


@dataclass(frozen=True)
class FixOutcome:
    """What fixing one file did: the findings before and after, and the text before and after."""

    path: str
    #: the findings that remain after fixing (or all of them when nothing could be fixed)
    result: FileResult
    #: the findings before any fix
    before: FileResult | None = None
    original: str | None = None
    fixed: str | None = None  # None when nothing changed
    applied: int = 0  # number of fixes (findings) applied
    passes: int = 0
    converged: bool = True

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.fixed != self.original


def fix_text(
    lint: Any, text: str, *, unsafe: bool = False, max_passes: int = MAX_PASSES
) -> tuple[str, FileResult, int, int, bool]:
    """Fix ``text`` with ``lint(text) -> FileResult`` until no fix applies.

    Returns (text, last result, fixes applied, passes, converged).
    """
    result = lint(text)
    applied = 0
    passes = 0
    while True:
        chosen = select_fixes(result.findings, unsafe=unsafe, length=len(text))
        if not chosen:
            return text, result, applied, passes, True
        if passes >= max_passes:
            return text, result, applied, passes, False
        edits = sorted(
            (e for f in chosen for e in f.fix.edits), key=lambda e: (e.span.start, e.span.end)
        )
        new = apply_edits(text, edits)
        passes += 1
        if new == text:  # fixes that change nothing: done, do not loop
            return text, result, applied, passes, True
        text = new
        applied += len(chosen)
        result = lint(text)


def fix_file(
    linter: Any,
    path: Path,
    *,
    unsafe: bool = False,
    display: str | None = None,
    data: bytes | None = None,
    max_passes: int = MAX_PASSES,
) -> FixOutcome:
    """Lint ``path`` and compute its fixed text (nothing is written here)."""
    shown = display or str(path)
    first = linter.lint_file(path, display=display, data=data, keep_source=True)
    if first.source is None:  # unreadable, undecodable, too large: nothing to fix
        return FixOutcome(shown, first, first)
    encoding, bom = first.encoding, first.bom
    calls = [first]

    def lint(text: str) -> FileResult:
        if calls:
            return calls.pop()
        try:
            raw = encode(text, encoding, bom)
        except UnicodeEncodeError:  # a replacement the codec cannot hold: keep the text as is
            raw = encode(first.source or "", encoding, bom)
        return linter.lint_file(path, display=display, data=raw, keep_source=True)

    text, result, applied, passes, converged = fix_text(
        lint, first.source, unsafe=unsafe, max_passes=max_passes
    )
    return FixOutcome(
        shown,
        result,
        first,
        original=first.source,
        fixed=text if text != first.source else None,
        applied=applied,
        passes=passes,
        converged=converged,
    )


@dataclass
class FixSession:
    """What ``--fix`` / ``--diff`` did over a run: counts, diffs, problems."""

    unsafe: bool = False
    write: bool = True  # False: --diff, compute only
    fixes: int = 0
    files: int = 0
    diffs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fixed_text: str | None = None  # stdin: the fixed text

    def run(
        self, linter: Any, path: Path, *, display: str | None = None, data: bytes | None = None
    ) -> FileResult:
        """Fix one file; return the findings to report for it."""
        from .fixes import unified_diff

        outcome = fix_file(linter, path, unsafe=self.unsafe, display=display, data=data)
        before = outcome.before or outcome.result
        if not outcome.converged:
            self.warnings.append(
                f"{outcome.path}: fixes still apply after {outcome.passes} passes; stopped "
                "(a rule's fix re-creates what it fixes: please report it)"
            )
        if data is not None:
            self.fixed_text = outcome.fixed if outcome.changed else outcome.original
        if not outcome.changed:
            return outcome.result
        assert outcome.original is not None and outcome.fixed is not None
        if not self.write:
            self.diffs.append(unified_diff(outcome.original, outcome.fixed, outcome.path))
            self.fixes += outcome.applied
            self.files += 1
            return before
        if data is None:
            try:
                write_fixed(path, outcome.fixed, before.encoding, before.bom, outcome.original)
            except FixError as exc:
                self.errors.append(str(exc))
                return before
        self.fixes += outcome.applied
        self.files += 1
        return outcome.result


# --------------------------------------------------------------------------- writing


def _repo_root(start: Path) -> Path:
    """The enclosing git work tree, or the current directory when there is none."""
    for parent in (start, *start.parents):
        if (parent / ".git").exists():
            return parent
    return Path.cwd().resolve()


def write_fixed(path: Path, text: str, encoding: str, bom: bool, expected: str) -> None:
    """Write ``text`` over ``path`` atomically, or raise FixError and leave the file alone.

    ``expected`` is the text the fixes were computed from: if the file changed meanwhile (an
    editor saved it), it is not overwritten.
    """
    from .engine import DecodeProblem, decode

    target = Path(path)
    if target.is_symlink():
        resolved = target.resolve()
        root = _repo_root(Path(os.path.abspath(target)).parent)
        try:
            resolved.relative_to(root)
        except ValueError:
            raise FixError(
                f"{path}: is a symlink to {resolved}, outside the repository ({root}); "
                "not writing through it"
            ) from None
        target = resolved
    try:
        st = os.stat(target)
    except OSError as exc:
        raise FixError(f"{path}: cannot read it back: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise FixError(f"{path}: not a regular file; not writing to it")
    mode = stat.S_IMODE(st.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise FixError(
            f"{path}: the file is read-only; nothing was changed (make it writable, "
            "e.g. chmod u+w, and run --fix again)"
        )
    try:
        current = decode(target.read_bytes()).text
    except (OSError, DecodeProblem) as exc:
        raise FixError(f"{path}: cannot read it back: {exc}; nothing was changed") from None
    if current != expected:
        raise FixError(f"{path}: changed on disk while fixing; nothing was changed, run again")
    try:
        data = encode(text, encoding, bom)
    except UnicodeEncodeError as exc:
        raise FixError(f"{path}: the fixed text cannot be encoded as {encoding}: {exc}") from None
    directory = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FixError(
            f"{path}: cannot create a temporary file in {directory}: {exc.strerror or exc}; "
            "nothing was changed"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FixError(
            f"{path}: cannot write the fixed file: {exc.strerror or exc}; nothing was changed"
        ) from None
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
