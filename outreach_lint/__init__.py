"""outreach-lint: a linter for sales and marketing outreach copy.

Library use::

    from outreach_lint import lint_text
    for finding in lint_text("Dear Sir/Madam, ...", filename="cold.md"):
        print(finding.code, finding.message)

Imports stay lazy so that ``outreach-lint --version`` and one-file pre-commit runs start fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from .model import Finding

__all__ = ["__version__", "lint_text"]


def lint_text(
    text: str,
    *,
    filename: str = "<string>.md",
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] = (),
    no_plugins: bool = False,
    **overrides: Any,
) -> list[Finding]:
    """Lint ``text`` as if it were a file named ``filename``; return its findings, sorted.

    No configuration file is read: pass ``select``/``ignore`` explicitly.
    """
    from pathlib import Path

    from .config import Overrides
    from .engine import create_linter

    linter = create_linter(
        isolated=True,
        overrides=Overrides(select=select, ignore=tuple(ignore)),
        no_plugins=no_plugins,
    )
    result = linter.lint_file(Path(filename), display=filename, data=text.encode("utf-8"))
    if linter.errors:
        raise ValueError("; ".join(linter.errors))
    return list(result.findings)
