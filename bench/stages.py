"""Where the per-file CPU goes, stage by stage: ``python bench/stages.py DIR [N] [SKIP]``.

Runs one in-process ``check -j1 --no-cache --format concise`` over N files of DIR (sorted paths,
from the SKIP-th on) after a 20-file warm-up, with ``time.process_time()`` around each stage:
format parsing, sections, merge tags, each analysis property, message kind, the phrase matcher's
parts, pack evaluation, each Python rule, offsets, the spool, the run-level stage and the
output. A stage's row is its own time: what the stages it calls take is counted under them (a
stack), so the rows add up to the whole run. Run it from a checkout (it imports the
``outreach_lint`` next to it); the wrappers cost a little, so read shares, not absolute times.
"""

import collections
import functools
import io
import os
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from outreach_lint import analysis, document, engine, packs, prefilter, sections, textnorm  # noqa
from outreach_lint import mergetags, minhash, signature, spool, kinds  # noqa
from outreach_lint.cli import main

pt = time.process_time
T = collections.Counter()
C = collections.Counter()
stack = []
state = {"cur": "cli/other", "last": pt()}


def enter(label):
    t = pt()
    T[state["cur"]] += t - state["last"]
    stack.append(state["cur"])
    state["cur"] = label
    state["last"] = t
    C[label] += 1


def leave():
    t = pt()
    T[state["cur"]] += t - state["last"]
    state["cur"] = stack.pop()
    state["last"] = t


def wrapf(f, label, gen=False):
    @functools.wraps(f)
    def w(*a, **k):
        enter(label)
        try:
            r = f(*a, **k)
            return list(r) if gen else r
        finally:
            leave()

    return w


def wrap(obj, name, label, gen=False):
    setattr(obj, name, wrapf(getattr(obj, name), label, gen))


def wrap_cp(cls, name, label):
    cp = cls.__dict__[name]
    cp.func = wrapf(cp.func, label)


wrap(engine.Linter, "lint_file", "lint_file: read/decode/config")
wrap(engine.Linter, "_parse", "parse (formats)")
wrap(sections, "locate", "sections.locate")
wrap(mergetags, "scan", "mergetags.scan")
wrap(engine.Linter, "_finish", "finish: other (LineIndex, sort, lines)")
wrap(signature, "compute", "signature.compute (own)")
wrap(minhash, "signature", "minhash.signature")
wrap_cp(document.Document, "kind_decision", "kinds (kind_decision)")
for name in (
    "sentences",
    "paragraphs",
    "asks",
    "quoted",
    "regions",
    "reader_tags",
    "personalization",
    "greeting_name",
    "questions",
    "folded",
    "content",
):
    if name in analysis.Analysis.__dict__:
        wrap_cp(analysis.Analysis, name, "analysis." + name)
wrap(packs.PackMatcher, "_run", "matcher: patterns+glue")
wrap(packs, "normalize", "matcher: normalize")
wrap(packs, "_trie_matches", "matcher: trie walk", gen=True)
wrap(packs, "word_facts", "matcher: word_facts")
wrap(engine, "evaluate", "pack evaluate")
wrap(engine, "_locate", "finish: _locate (offset map)")
wrap(engine, "drop_superseded", "finish: drop_superseded")
wrap(spool.ResultSpool, "add", "spool.add (pickle)")
wrap(engine.Linter, "lint_project_spooled", "run-level (project)")
wrap(engine.Linter, "lint_project", "run-level (project)")
import outreach_lint.formatters.concise as fc  # noqa

wrap(fc, "format_concise", "output (concise)")

orig_core = engine.lint_document_core


def core(doc, ruleset):
    for r in ruleset.python_rules:
        if not getattr(r, "_wrapped", False):
            object.__setattr__(r, "check", wrapf(r.check, "rule " + r.meta.code, gen=True))
            object.__setattr__(r, "_wrapped", True)
    return orig_core(doc, ruleset)


engine.lint_document_core = core
import outreach_lint.builtin as b  # noqa

root = sys.argv[1]
files = sorted(
    os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if not f.startswith(".")
)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
skip = int(sys.argv[3]) if len(sys.argv) > 3 else 0
files = files[skip : skip + n]
args = ["check", "--no-cache", "-j1", "--exit-zero", "--format", "concise"]
main(args + files[:20], stdout=io.StringIO(), stderr=io.StringIO())
T.clear()
C.clear()
state["cur"] = "cli/other"
t0 = pt()
state["last"] = t0
main(args + files, stdout=io.StringIO(), stderr=io.StringIO())
tot = pt() - t0
T[state["cur"]] += pt() - state["last"]
n = len(files)
print(f"total {tot:.3f}s  {1000 * tot / n:.3f} ms/file  load={os.getloadavg()[0]:.2f}")
for k, v in T.most_common():
    print(f"{1000 * v / n:8.3f} ms/file {100 * v / tot:5.1f}%  {k}  (calls {C[k]})")
