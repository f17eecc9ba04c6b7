"""Copy a labelled corpus with every declared message kind removed.

Usage (from the repository root)::

    python bench/strip_kinds.py tests/corpus-dev-4 /tmp/dev4-stripped
    python bench/eval_rules.py --no-path-kinds --corpus /tmp/dev4-stripped

A repository whose templates declare nothing (no front matter ``kind:``/``step:``, no ``Kind:``
or ``Step:`` header line, no ``<meta name="kind|step">``, no ``In-Reply-To``/``References``
header) and whose folders are named ``campaigns/2025-q3/`` or ``drafts/`` leaves the kind to the
content alone. This copy, linted with ``--no-path-kinds``, measures exactly that: the labels are
unchanged (a follow-up is still a follow-up), only the declarations are gone. Everything else in
each file is byte-for-byte the same, so positions in the eval output still point at the
original text one or two lines up.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

_FRONT_MATTER_KEY = re.compile(r"(?im)^(?:kind|step)[ \t]*:[^\n]*\n")
_HEADER_LINE = re.compile(r"(?i)^(?:kind|step)[ \t]*:[^\n]*\n")
_META = re.compile(r"""(?is)<meta\s[^>]*name\s*=\s*["']?(?:kind|step)\b[^>]*>\s*""")
_REPLY_HEADERS = re.compile(r"(?im)^(?:in-reply-to|references)[ \t]*:[^\n]*\n(?:[ \t]+[^\n]*\n)*")


def strip(text: str, suffix: str) -> str:
    """``text`` with its kind and step declarations removed."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            head = _FRONT_MATTER_KEY.sub("", text[: end + 1])
            text = head + text[end + 1 :]
    else:
        # a plain-text header block: Subject:/Kind:/Step: lines in any order at the top
        lines = text.splitlines(keepends=True)
        kept = []
        in_header = True
        for line in lines:
            if in_header and _HEADER_LINE.match(line):
                continue
            if in_header and not re.match(r"(?i)^subject[ \t]*:", line):
                in_header = False
            kept.append(line)
        text = "".join(kept)
    text = _META.sub("", text)
    if suffix == ".eml":
        head, sep, body = text.partition("\n\n")
        text = _REPLY_HEADERS.sub("", head + "\n").rstrip("\n") + sep + body
    return text


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/strip_kinds.py CORPUS OUT", file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    if not (src / "labels.toml").is_file():
        print(f"{src}: no labels.toml; give a labelled corpus", file=sys.stderr)
        return 2
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out)
    changed = 0
    for path in sorted((out / "messages").rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = strip(text, path.suffix.lower())
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    print(f"{out}: removed kind declarations from {changed} message files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
