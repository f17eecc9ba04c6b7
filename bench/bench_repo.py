"""Benchmark the whole-repo features on a generated library with planted duplicate clusters.

    python bench/bench_repo.py [--templates 10000] [--clusters 50] [--keep DIR]

Generates the library (bench/gen_blasts.py), then times, in this process, with one worker:
per-file linting of every template (``Linter.lint_file``, which also computes each message's
signature), the run-level stage alone (``Linter.lint_project``: MinHash LSH clustering and the
sequence rules), scoring, and rendering the HTML report. It checks the BL201 clusters against
the planted ground truth (every planted cluster found exactly, no other cluster) and exits 1 if
they differ. Finally it times the LSH clustering alone on 100,000 synthetic signatures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_blasts import generate

from outreach_lint import minhash
from outreach_lint.engine import Report, create_linter


def found_clusters(results, root: Path) -> list[frozenset[str]]:
    out = []
    for r in results:
        for f in r.findings:
            if f.code == "BL201":
                members = f.context["members"]
                out.append(frozenset(Path(m["path"]).relative_to(root).as_posix() for m in members))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=10_000)
    parser.add_argument("--clusters", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="generate here and keep it")
    args = parser.parse_args()
    tmp = None
    if args.keep:
        root = args.keep
    else:
        tmp = tempfile.TemporaryDirectory()
        root = Path(tmp.name) / "templates"
    t0 = time.perf_counter()
    truth = generate(root, args.templates, args.clusters, args.seed)
    t_gen = time.perf_counter() - t0

    linter = create_linter(isolated=True, no_plugins=True)
    t0 = time.perf_counter()
    paths = list(linter.discover([str(root)]))
    results = [linter.lint_file(p) for p in paths]
    t_files = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = linter.lint_project(results)
    t_project = time.perf_counter() - t0

    from outreach_lint.htmlreport import render
    from outreach_lint.scoring import score_results

    t0 = time.perf_counter()
    scores = score_results(results)
    t_score = time.perf_counter() - t0
    report = Report(files=results)
    t0 = time.perf_counter()
    page = render(report, sources={})
    t_report = time.perf_counter() - t0

    want = {frozenset(v) for v in truth.values()}
    got = found_clusters(results, root)
    missing = [sorted(c) for c in want - set(got)]
    extra = [sorted(c) for c in set(got) - want]
    sig_bytes = sum(len(json.dumps(s.to_dict())) for r in results for s in r.signatures)

    rng = random.Random(2)
    synth = []
    bases = [{rng.getrandbits(40) for _ in range(80)} for _ in range(args.synthetic // 20)]
    t0 = time.perf_counter()
    for i in range(args.synthetic):
        if i % 10 == 0:  # one in ten is a near-copy of a base message
            base = set(bases[i % len(bases)])
            for _ in range(4):
                base.pop()
                base.add(rng.getrandbits(40))
            items = {str(x) for x in base}
        else:
            items = {str(rng.getrandbits(40)) for _ in range(80)}
        synth.append(minhash.signature(items))
    t_sig = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = minhash.clusters(synth, 0.6)
    t_lsh = time.perf_counter() - t0

    print(f"templates: {len(results)} files, {len(scores)} messages (generated in {t_gen:.1f} s)")
    print(
        f"planted clusters: {len(want)}; found: {len(got)}; missing: {len(missing)}; "
        f"false: {len(extra)}"
    )
    print(
        f"lint_file, all files (1 process):   {t_files:7.2f} s  "
        f"({len(results) / t_files:,.0f} files/s)"
    )
    print(f"lint_project (clusters + sequences): {t_project:7.2f} s")
    print(f"scoring:                             {t_score:7.2f} s")
    print(f"HTML report render:                  {t_report:7.2f} s  ({len(page) / 1e6:.1f} MB)")
    print(f"signatures as JSON:                  {sig_bytes / len(scores):7.0f} bytes/message")
    print(
        f"synthetic {args.synthetic:,} signatures: MinHash {t_sig:.2f} s, "
        f"LSH clustering {t_lsh:.2f} s, {len(groups)} groups"
    )
    if missing or extra:
        print("MISSING:", missing[:5], "FALSE:", extra[:5])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
