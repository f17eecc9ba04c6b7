"""Work grows linearly with the input for every built-in parser and rule (all enabled).

Each generator builds a pathological input at size n and 8n; linear work takes about 8x the
time, quadratic 64x. The bound is 20x, and n grows until the large run takes 50 ms of CPU, so
neither timer noise, other processes nor start-up cost decides.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

GENERATORS = {
    "prose": lambda n: "We help your team close the deal, I think. " * (n // 44),
    "one-line-hits": lambda n: '"close the deal ' * (n // 16),
    "unclosed-tags": lambda n: "{% {{ {# {{!-- " * (n // 15),
    "tag-whitespace": lambda n: "{{" + " " * n,
    "brackets": lambda n: "[Aa " * (n // 4),
    "markup": lambda n: "<a " * (n // 3) + "<div>" * (n // 10),
    "markdown": lambda n: "```\n[x](" * (n // 8) + "*" * (n // 2),
    "front-matter": lambda n: "---\n" + "k: &a [*a, *a]\n" * (n // 15),
    "newlines": lambda n: "Hi,\n" * (n // 4),
    "quotes": lambda n: "\"'" * (n // 2),
}
EXTENSIONS = (".md", ".txt", ".html", ".yaml", ".eml")


@pytest.fixture(scope="module")
def linter():
    from outreach_lint.config import Overrides
    from outreach_lint.engine import create_linter

    return create_linter(isolated=True, no_plugins=True, overrides=Overrides(select=("ALL",)))


def _time(linter, text: str, ext: str) -> float:
    """The best of three CPU times of this process: other processes on a busy machine (CI
    runners, pre-commit running hooks in parallel) inflate wall time, not this."""
    data = text.encode()
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        linter.lint_file(Path("linear" + ext), data=data)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("ext", EXTENSIONS)
@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_work_grows_linearly(linter, name, ext, request):
    if ext not in linter._by_ext and ext != ".txt":
        linter.formats  # noqa: B018 - fills the extension table
    gen = GENERATORS[name]
    n = 2_000
    for _attempt in range(2):
        while True:
            small, big = _time(linter, gen(n), ext), _time(linter, gen(8 * n), ext)
            if big >= 0.05 or n >= 128_000:
                break
            n *= 4
        ratio = big / max(small, 1e-6)
        if ratio <= 20:
            return
    pytest.fail(f"{name}{ext}: x8 input took {ratio:.0f}x the time ({small:.3f}s -> {big:.3f}s)")
