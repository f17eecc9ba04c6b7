"""Message-level recall and false positives of one category on a dev set (pressure by default).

Usage (from the repository root)::

    python bench/dev_pressure.py              # one line per set, then every miss and false alarm
    python bench/dev_pressure.py --quiet      # one line per set
    python bench/dev_pressure.py --set 5      # one set only
    python bench/dev_pressure.py --data bench/dev/icentric.toml --category i-centric
    python bench/dev_pressure.py --data bench/dev/recall.toml   # categories per entry

Each body (``text``) is wrapped in a small message of its kind (front matter ``kind:``, a
greeting with a merge tag, a sign-off) and counts as flagged when any finding of the category
(``--category``, default ``pressure``) fires. An entry with ``message`` instead of ``text`` is
linted as that whole file (for signature blocks, P.S. lines, plain text without front matter).
An entry may name its own categories (``category = ["follow-up"]``, as bench/dev/recall.toml
does): then a positive counts as caught when a finding of its category overlaps the body, and a
negative counts as a false alarm for each of its categories with a finding that overlaps the
body, so whole-message rules (no personalization, no question) do not decide.
The sets were written one after another, each before the rules were changed for it: the first
measurement of a set is the honest figure for unseen wording, later ones are tuned (see the
header of the data file). A development aid, not the benchmark (that is bench/eval_rules.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from outreach_lint import _toml  # noqa: E402
from outreach_lint.engine import create_linter  # noqa: E402

DATA = ROOT / "bench" / "dev" / "pressure.toml"


def message(kind: str, body: str) -> str:
    return f'---\nsubject: "Notes"\nkind: {kind}\n---\n\nHi {{{{first_name}}}},\n\n{body}\n\nBest,\nAlex\n'


def _one_line(entry: dict) -> str:
    return " ".join(entry.get("text", entry.get("message", "")).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=int, help="only this set")
    parser.add_argument("--quiet", action="store_true", help="one line per set only")
    parser.add_argument("--data", default=str(DATA), help="the dev set (TOML, [[message]] list)")
    parser.add_argument("--category", default="pressure", help="the category measured")
    args = parser.parse_args(argv)
    entries = _toml.loads(Path(args.data).read_text(encoding="utf-8"))["message"]
    if args.set is not None:
        entries = [e for e in entries if e["set"] == args.set]
    linter = create_linter(isolated=True, no_plugins=True)
    _ = linter.base_registry  # packs load lazily: a broken pack must stop the run
    if linter.errors:
        print("\n".join(linter.errors), file=sys.stderr)
        return 2
    # (set, category or None for --category) -> [caught, positives, false alarms, negatives]
    rows: dict[tuple[int, str | None], list[int]] = {}
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "message.md"
        for e in entries:
            text = e["message"] if "message" in e else message(e["kind"], e["text"])
            path.write_text(text, encoding="utf-8")
            findings = linter.lint_file(path).findings
            if "category" in e and "text" in e:
                lo = text.index(e["text"])
                wanted = [(c, c, lo, lo + len(e["text"])) for c in e["category"]]
            else:
                wanted = [(None, args.category, 0, len(text))]
            for key, category, lo, hi in wanted:
                found = [
                    f for f in findings if f.category == category and _overlaps(f, text, lo, hi)
                ]
                row = rows.setdefault((e["set"], key), [0, 0, 0, 0])
                label = f"{category:9} " if key else ""
                if e["expect"] == "positive":
                    row[0] += bool(found)
                    row[1] += 1
                    if not found:
                        errors.append(f"MISS set {e['set']} {label}{e['tactic']:10} {_one_line(e)}")
                else:
                    row[2] += bool(found)
                    row[3] += 1
                    for f in found:
                        errors.append(f"FP   set {e['set']} {f.code} {_one_line(e)}")
    for (number, key), (tp, pos, fp, neg) in sorted(
        rows.items(), key=lambda r: (r[0][0], r[0][1] or "")
    ):
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = f"{tp}/{pos} = {tp / pos:.3f}" if pos else "-"
        label = f" {key:9}" if key else ""
        print(
            f"set {number}{label}: recall {recall}  "
            f"false positives {fp}/{neg}  precision {precision:.3f}"
        )
    if not args.quiet:
        print("\n".join(errors))
    return 0


def _offset(text: str, line: int, column: int) -> int:
    """0-based offset of a 1-based line and column."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def _overlaps(finding, text: str, lo: int, hi: int) -> bool:
    start = _offset(text, finding.line, finding.column)
    end = _offset(text, finding.end_line, finding.end_column)
    return start < hi and end > lo


if __name__ == "__main__":
    sys.exit(main())
