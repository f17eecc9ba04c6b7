"""Generate a template repository with planted near-duplicate clusters.

Every template is built from its own random sentences (drawn from a large vocabulary, so two
unrelated templates share almost no four-word runs), except the planted clusters: each cluster
is one base message copied N times with merge tags and names swapped and a few words changed,
as a team does when it "personalises" one blast per segment. The ground truth (which files
belong to which cluster, paths relative to OUT_DIR) is written beside OUT_DIR as
OUT_DIR.clusters.json, outside the linted tree.

    python bench/gen_blasts.py OUT_DIR --templates 10000 --clusters 50 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

_NOUNS = [
    "pipeline",
    "report",
    "forecast",
    "dashboard",
    "quarter",
    "renewal",
    "onboarding",
    "audit",
    "ledger",
    "invoice",
    "warehouse",
    "roadmap",
    "hiring",
    "budget",
    "churn",
    "margin",
    "launch",
    "campaign",
    "territory",
    "quota",
    "webinar",
    "checklist",
    "playbook",
    "benchmark",
    "survey",
    "migration",
    "integration",
    "contract",
    "vendor",
    "compliance",
    "payroll",
    "inventory",
    "shipment",
    "clinic",
    "classroom",
    "kitchen",
    "studio",
    "fleet",
    "route",
    "tenant",
    "portfolio",
    "grant",
    "donor",
    "season",
    "harvest",
]
_VERBS = [
    "rebuilds",
    "reviews",
    "tracks",
    "reconciles",
    "exports",
    "drafts",
    "approves",
    "migrates",
    "audits",
    "schedules",
    "ships",
    "forecasts",
    "hires",
    "trains",
    "measures",
    "plans",
    "negotiates",
    "renews",
    "publishes",
    "automates",
    "compares",
]
_ADJ = [
    "weekly",
    "monthly",
    "manual",
    "slow",
    "noisy",
    "new",
    "second",
    "regional",
    "quarterly",
    "shared",
    "legacy",
    "tight",
    "growing",
    "remote",
    "seasonal",
    "urgent",
    "small",
    "large",
    "hybrid",
    "annual",
]
_NAMES = [
    "Sam",
    "Dana",
    "Lee",
    "Priya",
    "Tomás",
    "Aiko",
    "Noor",
    "Jonas",
    "Mia",
    "Kofi",
    "Elena",
    "Raj",
]
_COMPANIES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Soylent",
    "Tyrell",
]


def _vocab(rng: random.Random, n: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 9))))
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab) for _ in range(rng.randint(6, 12))]
    words.insert(rng.randrange(len(words)), rng.choice(_NOUNS))
    words.insert(rng.randrange(len(words)), rng.choice(_VERBS))
    words.insert(rng.randrange(len(words)), rng.choice(_ADJ))
    return " ".join(words).capitalize() + rng.choice(".?.")


def _message(rng: random.Random, vocab: list[str], sentences: int) -> list[str]:
    return [_sentence(rng, vocab) for _ in range(sentences)]


def _render(subject: str, greeting: str, body: list[str]) -> str:
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    return (
        f'---\nsubject: "{subject}"\n---\n{greeting}\n\n'
        + "\n\n".join(paragraphs)
        + "\n\nBest,\nAlex\n"
    )


def _variant(rng: random.Random, vocab: list[str], body: list[str], edits: int) -> list[str]:
    """The base message with ``edits`` single words replaced (a name, a number, a segment)."""
    words = " ".join(body).split(" ")
    for _ in range(edits):
        i = rng.randrange(len(words))
        words[i] = rng.choice(vocab)
    text = " ".join(words)
    # split back into "sentences" at the same punctuation
    out, cur = [], []
    for w in text.split(" "):
        cur.append(w)
        if w.endswith((".", "?")):
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def generate(out: Path, templates: int, clusters: int, seed: int = 1) -> dict[str, list[str]]:
    rng = random.Random(seed)
    vocab = _vocab(rng)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[str]] = {}
    planted = 0
    sizes = [rng.randint(2, 12) for _ in range(clusters)]
    singles = templates - sum(sizes)
    if singles < 0:
        raise SystemExit("more clustered templates than templates")
    index = 0

    def path_for(i: int) -> Path:
        folder = out / f"team{i % 20:02d}"
        folder.mkdir(exist_ok=True)
        return folder / f"t{i:06d}.md"

    for c, size in enumerate(sizes):
        base = _message(rng, vocab, rng.randint(6, 10))
        members = []
        for _ in range(size):
            tag = rng.choice(["{{ first_name }}", "*|FNAME|*", "{first_name}", rng.choice(_NAMES)])
            company = rng.choice(_COMPANIES)
            body = _variant(rng, vocab, base, edits=rng.randint(0, 2))
            body[0] = body[0].rstrip(".?") + f" at {company}."
            p = path_for(index)
            p.write_text(_render(f"Idea for {company}", f"Hi {tag},", body), encoding="utf-8")
            members.append(p.relative_to(out).as_posix())
            index += 1
            planted += 1
        truth[f"cluster{c + 1}"] = members
    for _ in range(singles):
        body = _message(rng, vocab, rng.randint(4, 9))
        p = path_for(index)
        p.write_text(_render(f"Note {index}", f"Hi {rng.choice(_NAMES)},", body), encoding="utf-8")
        index += 1
    truth_path(out).write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def truth_path(out: Path) -> Path:
    return out.parent / (out.name + ".clusters.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--templates", type=int, default=10_000)
    parser.add_argument("--clusters", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    truth = generate(args.out, args.templates, args.clusters, args.seed)
    print(f"wrote {args.templates} templates, {len(truth)} planted clusters to {args.out}")


if __name__ == "__main__":
    main()
