"""How well a message's kind is inferred when nothing declares it and the path says nothing.

Usage (from the repository root)::

    python bench/dev_kinds.py bench/dev/kinds5                    # labelled kinds (kinds.toml)
    python bench/dev_kinds.py --from-declared tests/corpus-dev-4  # declared kinds as the truth

The first form reads ``DIR/kinds.toml`` (message path -> ``kind = "..."``): messages that
declare nothing, in folders named ``campaigns/2025-q3/``, ``drafts/``, ``templates/``. The second
takes every message of a labelled corpus that declares its kind (front matter ``kind:``/``step:``,
a ``Kind:`` line, ``<meta name="kind">``), removes the declaration in memory
(``bench/strip_kinds.py``) and checks that the content alone gives the same kind back.

Every message is linted with ``infer-kind-from-path = false`` and the built-in rules. Printed:
a confusion table (expected kind per row, inferred per column), the share of first touches kept
as first touches (a first touch judged as anything else loses every first-touch rule), the
share of the other kinds recognized as "not a first touch" and exactly, and every wrong
message with the source and reason of its inferred kind.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from strip_kinds import strip  # noqa: E402

from outreach_lint import _toml  # noqa: E402
from outreach_lint.engine import create_linter  # noqa: E402

KINDS = ("first-touch", "follow-up", "breakup", "customer", "newsletter")


def _linter(path_kinds: bool):
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / ".outreach-lint.toml"
        config.write_text(f"infer-kind-from-path = {str(path_kinds).lower()}\n", encoding="utf-8")
        return create_linter(config=config, no_plugins=True)


def _decision(linter, path: Path, display: str, data: bytes):
    result = linter.lint_file(path, display=display, data=data)
    sigs = getattr(result, "signatures", ()) or ()
    if not sigs:
        return "?", "none", "no message"
    sig = sigs[0]
    return sig.kind, sig.kind_source, sig.kind_reason


def labelled(directory: Path) -> list[tuple[str, str, Path, bytes]]:
    labels = _toml.loads((directory / "kinds.toml").read_text(encoding="utf-8"))
    return [
        (rel, entry["kind"], directory / rel, (directory / rel).read_bytes())
        for rel, entry in sorted(labels.items())
    ]


def from_declared(corpus: Path) -> list[tuple[str, str, Path, bytes]]:
    """(path, declared kind, path, stripped bytes) for every message that declares its kind."""
    linter = _linter(False)
    out = []
    for path in sorted((corpus / "messages").rglob("*")):
        if not path.is_file():
            continue
        rel = str(path.relative_to(corpus))
        data = path.read_bytes()
        kind, source, _ = _decision(linter, path, rel, data)
        if source != "declared":
            continue
        stripped = strip(data.decode("utf-8"), path.suffix.lower()).encode("utf-8")
        out.append((rel, kind, path, stripped))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", help="a dev set with kinds.toml")
    parser.add_argument("--from-declared", metavar="CORPUS", help="a labelled corpus")
    parser.add_argument("--quiet", action="store_true", help="the tables only")
    args = parser.parse_args(argv)
    if bool(args.directory) == bool(args.from_declared):
        parser.error("give a dev set directory or --from-declared CORPUS")
    cases = (
        from_declared(Path(args.from_declared))
        if args.from_declared
        else labelled(Path(args.directory))
    )
    linter = _linter(False)
    table: Counter[tuple[str, str]] = Counter()
    wrong = []
    for rel, expected, path, data in cases:
        kind, source, reason = _decision(linter, path, rel, data)
        table[expected, kind] += 1
        if kind != expected:
            wrong.append((expected, kind, rel, source, reason))
    kinds = [k for k in KINDS if any(e == k or i == k for e, i in table)]
    kinds += sorted({k for pair in table for k in pair} - set(kinds))
    width = max(len(k) for k in kinds) + 2
    print("expected \\ inferred".ljust(20) + "".join(k.rjust(width) for k in kinds) + "   total")
    for e in kinds:
        row = [table[e, i] for i in kinds]
        if sum(row):
            print(e.ljust(20) + "".join(str(n).rjust(width) for n in row) + str(sum(row)).rjust(8))
    ft_total = sum(n for (e, _), n in table.items() if e == "first-touch")
    ft_kept = table["first-touch", "first-touch"]
    other = sum(n for (e, _), n in table.items() if e != "first-touch")
    other_not_ft = sum(
        n for (e, i), n in table.items() if e != "first-touch" and i != "first-touch"
    )
    other_exact = sum(n for (e, i), n in table.items() if e != "first-touch" and i == e)
    print()
    print(f"first touches kept as first touches: {ft_kept}/{ft_total}")
    print(f"other kinds judged not a first touch: {other_not_ft}/{other}")
    print(f"other kinds given their exact kind:   {other_exact}/{other}")
    if not args.quiet and wrong:
        print()
        for expected, kind, rel, source, reason in wrong:
            print(f"  {expected} -> {kind} ({source}: {reason})  {rel}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
