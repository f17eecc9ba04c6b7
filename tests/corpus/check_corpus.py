"""Validate the labelled outreach corpus and report its counts.

Usage (from the repository root or anywhere):
    python tests/corpus/check_corpus.py          # validate, print counts
    python tests/corpus/check_corpus.py --write  # also refresh the counts block in README.md

Checks:
- every messages/<kind>/<NNN>-<slug>.md file has exactly one entry in labels.toml, and every
  entry points at an existing file;
- every label is one of the seven category strings, with no duplicates;
- front matter holds only `subject` (double-quoted string), optional `kind`
  (first-touch | follow-up | breakup | newsletter | customer) and optional integer `step`.

Standard library only (Python 3.11+ for tomllib).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = ["blast", "pressure", "i-centric", "monologue", "follow-up", "hype", "subject"]
FOLDERS = ["cold", "followup", "breakup", "newsletter", "relational", "nurture"]
FM_KINDS = {"first-touch", "follow-up", "breakup", "newsletter", "customer"}
NAME_RE = re.compile(r"^\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
START, END = "<!-- counts:start -->", "<!-- counts:end -->"


def parse_front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise ValueError("unterminated front matter")
    meta: dict = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key in meta:
            raise ValueError(f"bad or repeated front matter line: {line!r}")
        if key == "subject":
            if not (value.startswith('"') and value.endswith('"')):
                raise ValueError("subject must be a double-quoted string")
            meta[key] = json.loads(value)
        elif key == "kind":
            if value not in FM_KINDS:
                raise ValueError(f"unknown kind {value!r}")
            meta[key] = value
        elif key == "step":
            meta[key] = int(value)
        else:
            raise ValueError(f"unexpected front matter key {key!r}")
    if "subject" not in meta:
        raise ValueError("missing subject")
    if not body.strip():
        raise ValueError("empty body")
    return meta


def main() -> int:
    errors: list[str] = []
    labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(HERE).as_posix() for p in (HERE / "messages").glob("*/*.md"))

    for rel in files:
        folder, name = rel.split("/")[1:3]
        if folder not in FOLDERS:
            errors.append(f"{rel}: unknown kind folder {folder!r}")
        if not NAME_RE.match(name):
            errors.append(f"{rel}: file name is not NNN-slug.md")
        if rel not in labels:
            errors.append(f"{rel}: no entry in labels.toml")
        try:
            parse_front_matter(HERE / rel)
        except ValueError as exc:
            errors.append(f"{rel}: {exc}")
    for key, entry in labels.items():
        if key not in files:
            errors.append(f"labels.toml: {key} has no message file")
        expect = entry.get("expect")
        if not isinstance(expect, list):
            errors.append(f"labels.toml: {key} has no expect list")
            continue
        bad = [c for c in expect if c not in CATEGORIES]
        if bad:
            errors.append(f"labels.toml: {key} has unknown categories {bad}")
        if len(set(expect)) != len(expect):
            errors.append(f"labels.toml: {key} repeats a category")
        extra = set(entry) - {"expect", "note"}
        if extra:
            errors.append(f"labels.toml: {key} has unexpected keys {sorted(extra)}")
    # tomllib would already reject a repeated table, so "exactly one entry" holds if parsing worked.

    if errors:
        print("\n".join(errors))
        print(f"{len(errors)} problem(s)")
        return 1

    by_folder = Counter(k.split("/")[1] for k in labels)
    fm_kind = Counter(parse_front_matter(HERE / k).get("kind", "(omitted)") for k in labels)
    pos = Counter(c for e in labels.values() for c in e["expect"])
    pos_by_folder = {f: Counter() for f in FOLDERS}
    clean_by_folder = Counter()
    for k, e in labels.items():
        f = k.split("/")[1]
        pos_by_folder[f].update(e["expect"])
        if not e["expect"]:
            clean_by_folder[f] += 1
    n_labels = Counter(len(e["expect"]) for e in labels.values())

    lines = [START, "", f"Total messages: **{len(labels)}**", ""]
    lines += ["| folder | messages | clean (`expect = []`) |", "|---|---:|---:|"]
    for f in FOLDERS:
        lines.append(f"| `{f}` | {by_folder[f]} | {clean_by_folder[f]} |")
    lines += ["", "Front-matter `kind:` values:", "", "| kind | messages |", "|---|---:|"]
    for k in ["first-touch", "follow-up", "breakup", "newsletter", "customer", "(omitted)"]:
        lines.append(f"| {k} | {fm_kind[k]} |")
    total_clean = sum(clean_by_folder.values())
    lines += ["", "Positives per category (messages whose `expect` contains it; negatives = the rest):", ""]
    lines += ["| category | positives | negatives | " + " | ".join(FOLDERS) + " |",
              "|---|---:|---:|" + "---:|" * len(FOLDERS)]
    for c in CATEGORIES:
        row = " | ".join(str(pos_by_folder[f][c]) for f in FOLDERS)
        lines.append(f"| `{c}` | {pos[c]} | {len(labels) - pos[c]} | {row} |")
    lines += ["", f"Clean messages: {total_clean}. Labels per message: "
              + ", ".join(f"{n}: {n_labels[n]}" for n in sorted(n_labels)), "", END]
    block = "\n".join(lines)
    print(block)

    if "--write" in sys.argv:
        readme = HERE / "README.md"
        text = readme.read_text(encoding="utf-8")
        if START not in text or END not in text:
            print("README.md has no counts markers", file=sys.stderr)
            return 1
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        readme.write_text(before + block + after, encoding="utf-8")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
