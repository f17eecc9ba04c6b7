"""Sentence-level recall and false positives of the catalogue on bench/dev/catalogue.toml.

Usage (from the repository root)::

    python bench/dev_catalogue.py            # table per category, then every miss and false alarm
    python bench/dev_catalogue.py --quiet    # table only

Each sentence of the dev set is placed in a small, otherwise clean message (as the greeting,
the opening, a body sentence or the subject, per group). A sentence counts as flagged for the
group's category when a finding of that category overlaps it, so the message around it (no
question, length, personalization) never decides the outcome. This is a development aid for
phrase families, not a message-level benchmark (that is bench/eval_rules.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from outreach_lint import _toml  # noqa: E402
from outreach_lint.engine import create_linter  # noqa: E402

OPENING = "Saw your team opened a second warehouse in Reno last month."
BODY_BEFORE = "Saw your team opened a second warehouse in Reno last month."
BODY_AFTER = "Is claim time something you are looking at this quarter?"


def build(where: str, kind: str, sentence: str) -> tuple[str, int, int]:
    """A message holding ``sentence`` where the group says; return it and the sentence's span."""
    head = f"---\nkind: {kind}\n---\n"
    subject = "Reno warehouse"
    greeting = "Hi {{ first_name }},"
    if where == "subject":
        subject = sentence
    elif where == "greeting":
        greeting = sentence
    head = f"---\nsubject: {_yaml(subject)}\nkind: {kind}\n---\n\n"
    if where == "opening":
        body = f"{sentence} {BODY_AFTER}"
    elif where == "body":
        body = f"{BODY_BEFORE} {sentence} {BODY_AFTER}"
    else:
        body = f"{BODY_BEFORE} {BODY_AFTER}"
    text = f"{head}{greeting}\n\n{body}\n\nBest,\nAna\n"
    target = sentence
    start = text.index(_yaml(subject)) + 1 if where == "subject" else text.index(target, len(head))
    if where == "subject":
        return text, start, start + len(sentence)
    return text, start, start + len(target)


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(ROOT / "bench" / "dev" / "catalogue.toml"))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    data = _toml.loads(Path(args.dev).read_text(encoding="utf-8"))
    linter = create_linter(isolated=True, no_plugins=True)
    _ = linter.base_registry  # packs load lazily: a broken pack must stop the run
    if linter.errors:
        print("\n".join(linter.errors), file=sys.stderr)
        return 2
    stats: dict[str, list[int]] = {}
    report: list[str] = []
    for group in data["group"]:
        category, where = group["category"], group["where"]
        kind = group.get("kind", "first-touch")
        row = stats.setdefault(category, [0, 0, 0, 0])  # pos, caught, neg, false alarms
        for label, sentences in (
            ("pos", group.get("positive", [])),
            ("neg", group.get("negative", [])),
        ):
            for sentence in sentences:
                text, start, end = build(where, kind, sentence)
                result = linter.lint_file(Path("dev.md"), data=text.encode("utf-8"))
                hits = [
                    f
                    for f in result.findings
                    if f.category == category and f.span.start < end and f.span.end > start
                ]
                codes = ",".join(sorted({f.code for f in hits}))
                if label == "pos":
                    row[0] += 1
                    row[1] += bool(hits)
                    if not hits:
                        report.append(f"MISS  {category:9} {group['tactic']:20} {sentence}")
                else:
                    row[2] += 1
                    row[3] += bool(hits)
                    if hits:
                        report.append(
                            f"FALSE {category:9} {group['tactic']:20} {sentence}  [{codes}]"
                        )
    print(
        f"{'category':10} {'positives':>9} {'caught':>6} {'recall':>6} {'negatives':>9} {'false':>5}"
    )
    for category, (pos, caught, neg, false) in stats.items():
        recall = caught / pos if pos else 1.0
        print(f"{category:10} {pos:>9} {caught:>6} {recall:>6.2f} {neg:>9} {false:>5}")
    if not args.quiet:
        print()
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
