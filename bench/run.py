"""Benchmark outreach-lint against its peers and the grep floor; print medians and ratios.

    python bench/run.py                       # 10,000 generated templates + the shared corpus
    python bench/run.py --large 100000        # also the 100,000 run (memory and scaling)
    python bench/run.py --quick               # fewer repeats, 2,000 templates (smoke test)

Everything runs as real processes, as a user would run them:

* outreach-lint from ``bench/.venv-self``, a regular (non-editable) install of this checkout,
  so byte code is compiled as with ``pip install outreach-lint``;
* proselint from ``bench/.venv-peers`` and write-good from ``bench/node_modules`` (installed on
  first use; skipped with a note when they cannot be installed);
* ``grep -r -F -i -f phrases.txt``, where phrases.txt holds every literal the built-in packs
  expand to: the floor, a tool that finds the phrases and does nothing else.

Each figure is the median wall time of ``--repeat`` runs. Peak memory is the largest sum of the
RSS of the process and all its descendants (sampled from /proc every 10 ms), so worker pools
count in full. The load average is recorded next to every figure: the machine may be shared.
Results go to ``bench/results/<timestamp>.json`` and a Markdown summary to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
SELF_VENV = BENCH / ".venv-self"
PEERS_VENV = BENCH / ".venv-peers"
# ../shared/corpus beside the checkout (or beside the repository a worktree belongs to)
SHARED_CORPUS = next(
    (p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
    ROOT.parent / "shared" / "corpus",
)


# --------------------------------------------------------------------------- processes


def _tree_rss(pid: int) -> int:
    """Sum of RSS (bytes) of ``pid`` and its descendants, from /proc."""
    import rsstrace  # bench/rsstrace.py

    table = rsstrace.processes()
    page = os.sysconf("SC_PAGE_SIZE")
    return sum(table[p][1] for p in rsstrace.tree(pid, table) if p in table) * page


#: where ``--rss-trace`` writes per-process samples (None: not traced)
TRACE_DIR: Path | None = None


def measure(cmd: list[str], *, env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run ``cmd`` once: wall seconds, peak tree RSS (MB), exit code, output size.

    With ``--rss-trace DIR`` the same run is also sampled process by process every 0.5 s
    (``bench/rsstrace.py``: VmRSS, VmHWM, RssAnon, RssFile and PSS of each process, written to
    DIR), and the result gains ``peak_tree_pss_mb`` (pages shared by a fork parent and its
    workers split between them) and each process's own peak. The RSS figure is unchanged.
    """
    trace = TRACE_DIR is not None
    rows: list[str] = []
    pss_peak = [0]
    hwm: dict[int, int] = {}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            traced = -1.0
            while not done.is_set():
                with contextlib.suppress(Exception):
                    peak[0] = max(peak[0], _tree_rss(proc.pid))
                now = time.perf_counter() - start
                if trace and now - traced >= 0.5:
                    traced = now
                    with contextlib.suppress(Exception):
                        _trace_sample(proc.pid, now, rows, pss_peak, hwm)
                done.wait(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.tell()
    result = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,  # the whole tree: reaped workers count
        "peak_tree_mb": peak[0] / 1e6,
        "max_single_mb": usage.ru_maxrss / 1024,
        "rc": proc.returncode,
        "output_bytes": size,
    }
    if trace and TRACE_DIR is not None:
        TRACE_DIR.mkdir(parents=True, exist_ok=True)
        name = TRACE_DIR / f"{time.strftime('%Y%m%d-%H%M%S')}-{proc.pid}.tsv"
        name.write_text("t\tpid\tVmRSS\tVmHWM\tRssAnon\tRssFile\tPss\n" + "".join(rows))
        result["trace"] = str(name)
        result["peak_tree_pss_mb"] = pss_peak[0] / 1024
        result["process_peaks_mb"] = sorted(
            (round(kb / 1024, 1) for kb in hwm.values()), reverse=True
        )
    return result


def _trace_sample(root: int, t: float, rows: list[str], pss_peak: list[int], hwm: dict) -> None:
    import rsstrace  # bench/rsstrace.py

    total = 0
    for pid in rsstrace.tree(root):
        got = rsstrace.status(pid, pss=True)
        if got is None:
            continue
        total += got.get("Pss", 0)
        hwm[pid] = max(hwm.get(pid, 0), got.get("VmHWM", 0))
        fields = ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Pss")
        rows.append(f"{t:.2f}\t{pid}\t" + "\t".join(str(got.get(k, "")) for k in fields) + "\n")
    pss_peak[0] = max(pss_peak[0], total)


def median_of(cmd: list[str], repeat: int, **kw) -> dict:
    runs = [measure(cmd, **kw) for _ in range(repeat)]
    load = os.getloadavg()[0]
    out = {
        "cmd": cmd,
        "wall": statistics.median(r["wall"] for r in runs),
        "walls": [round(r["wall"], 4) for r in runs],
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak_tree_mb": max(r["peak_tree_mb"] for r in runs),
        "max_single_mb": max(r["max_single_mb"] for r in runs),
        "rc": runs[-1]["rc"],
        "output_bytes": runs[-1]["output_bytes"],
        "load": round(load, 2),
    }
    if "peak_tree_pss_mb" in runs[0]:
        out["peak_tree_pss_mb"] = max(r["peak_tree_pss_mb"] for r in runs)
        out["process_peaks_mb"] = max((r["process_peaks_mb"] for r in runs), key=sum)
        out["traces"] = [r["trace"] for r in runs]
    return out


# --------------------------------------------------------------------------- tools


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def venv_bin(venv: Path, name: str) -> Path:
    return venv / "bin" / name


def install_self() -> Path:
    """A fresh regular install of this checkout (byte code compiled, as from PyPI)."""
    if not venv_bin(SELF_VENV, "python").exists():
        _run([sys.executable, "-m", "venv", str(SELF_VENV)])
        _run([str(venv_bin(SELF_VENV, "pip")), "install", "-q", str(ROOT)])
    else:
        _run(
            [
                str(venv_bin(SELF_VENV, "pip")),
                "install",
                "-q",
                "--force-reinstall",
                "--no-deps",
                str(ROOT),
            ]
        )
    return venv_bin(SELF_VENV, "outreach-lint")


def install_proselint() -> Path | None:
    exe = venv_bin(PEERS_VENV, "proselint")
    if not exe.exists():
        try:
            _run([sys.executable, "-m", "venv", str(PEERS_VENV)])
            _run([str(venv_bin(PEERS_VENV, "pip")), "install", "-q", "proselint"])
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"note: proselint unavailable ({exc}); skipped", file=sys.stderr)
            return None
    return exe


def install_write_good() -> Path | None:
    exe = BENCH / "node_modules" / ".bin" / "write-good"
    if not exe.exists():
        if not shutil.which("npm"):
            print("note: npm not found; write-good skipped", file=sys.stderr)
            return None
        try:
            _run(
                [
                    *("npm", "install", "--no-save", "--no-audit", "--no-fund"),
                    *("--prefix", str(BENCH), "write-good"),
                ]
            )
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"note: write-good unavailable ({exc}); skipped", file=sys.stderr)
            return None
    return exe


def supported_formats(exe: Path) -> list[str]:
    out = _run([str(exe), "plugins"]).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("Formats:")), "")
    return [f.strip() for f in line.split(":", 1)[1].split(",")] if line else ["markdown", "text"]


def phrase_file() -> Path:
    """Every literal the built-in packs expand to, one a line, for grep -F."""
    code = (
        "from outreach_lint.packs import builtin_pack_paths, load_pack, PackMatcher\n"
        "rules = [r for p in builtin_pack_paths() for r in load_pack(p).rules]\n"
        "m = PackMatcher(rules)\n"
        "print('\\n'.join(sorted(m.literals())))\n"
    )
    out = _run([str(venv_bin(SELF_VENV, "python")), "-c", code]).stdout
    path = DATA / "phrases.txt"
    path.write_text(out, encoding="utf-8")
    return path


def corpus(count: int, formats: list[str]) -> Path:
    from generate import FORMATS  # bench/ is on sys.path when run as a script

    names = [f for f in formats if f in FORMATS]
    out = DATA / f"gen-{count}-{'-'.join(names)}"
    stamp = out / ".complete"
    if not stamp.exists():
        _run(
            [
                sys.executable,
                str(BENCH / "generate.py"),
                "--count",
                str(count),
                "--out",
                str(out),
                "--formats",
                ",".join(names),
            ]
        )
        stamp.write_text("")
    return out


def files_of(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.startswith("."))


def describe(directory: Path) -> dict:
    """Path, file count and bytes of a corpus, as the results file records them."""
    files = files_of(directory)
    return {
        "path": str(directory),
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
    }


def warm_page_cache(directory: Path) -> int:
    """Read every file of a corpus once (what a first, untimed run would do); bytes read."""
    total = 0
    for f in files_of(directory):
        total += len(f.read_bytes())
    return total


# --------------------------------------------------------------------------- the benchmark


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--large", type=int, default=0, help="also run this many templates")
    p.add_argument("--repeat", type=int, default=5, help="runs per quick figure")
    p.add_argument("--repeat-corpus", type=int, default=3, help="runs per corpus figure")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-peers", action="store_true")
    p.add_argument("--report", type=Path, help="print the summary of a saved results file")
    p.add_argument(
        "--scaling",
        action="store_true",
        help="only the scaling figures: --small, --count and --large templates with -j1/-jN "
        "(peak RSS of each, to show it flat), and the warm cache; no peers, no start-up",
    )
    p.add_argument("--small", type=int, default=1000, help="the small corpus of --scaling")
    p.add_argument(
        "--startup",
        action="store_true",
        help="only the start-up rows: python -c pass, --version, one file with --no-cache and "
        "with a warm result cache (and the peers' one-file runs); no corpus runs",
    )
    p.add_argument(
        "--rss-trace",
        type=Path,
        metavar="DIR",
        help="also sample every process of each run every 0.5 s (RSS, HWM, PSS; bench/rsstrace.py) "
        "into DIR, and report the peak PSS of the tree and each process's peak",
    )
    args = p.parse_args(argv)
    global TRACE_DIR
    TRACE_DIR = args.rss_trace
    if args.report:
        print(report(json.loads(args.report.read_text()), args.jobs))
        return 0
    if args.quick:
        args.count, args.repeat, args.repeat_corpus = 2000, 3, 1
    DATA.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["OUTREACH_LINT_DISABLE_PLUGINS"] = "1"  # built-ins only, as in a fresh install
    ol = install_self()
    python = venv_bin(SELF_VENV, "python")
    proselint = None if args.no_peers else install_proselint()
    write_good = None if args.no_peers else install_write_good()
    formats = supported_formats(ol)
    gen = corpus(args.count, formats)
    gen_files = files_of(gen)
    gen_bytes = sum(f.stat().st_size for f in gen_files)
    phrases = phrase_file()
    small = gen_files[1]  # a plain-text template of ~1 KB
    cache = Path(tempfile.mkdtemp(prefix="ol-bench-cache-"))
    results: dict = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "formats": formats,
        "corpus": {"path": str(gen), "files": len(gen_files), "bytes": gen_bytes},
        "figures": {},
    }
    fig = results["figures"]
    R = args.repeat
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    partial = out_dir / f"{time.strftime('%Y%m%d-%H%M%S')}.json"

    class Figures(dict):
        """Saves the results after every figure, so an interrupted run keeps what it measured."""

        def __setitem__(self, key: str, value: dict) -> None:
            super().__setitem__(key, value)
            partial.write_text(json.dumps(results, indent=2))
            print(f"{key}: {value['wall']:.3f} s (load {value['load']})", file=sys.stderr)

    fig = results["figures"] = Figures()

    def lint(*extra: str) -> list[str]:
        return [str(ol), "--format", "concise", "--exit-zero", *extra]

    print(f"corpus: {len(gen_files)} files, {gen_bytes / 1e6:.1f} MB; load {os.getloadavg()}")
    if args.scaling:
        _scaling(args, fig, results, lint, formats, gen, cache, env)
        shutil.rmtree(cache, ignore_errors=True)
        partial.write_text(json.dumps(results, indent=2))
        print(report(results, args.jobs))
        return 0
    fig["python -c pass"] = median_of([str(python), "-c", "pass"], R, env=env)
    fig["--version"] = median_of([str(ol), "--version"], R, env=env)
    fig["one file"] = median_of(lint("--no-cache", str(small)), R, env=env)
    measure(lint("--cache-dir", str(cache), str(small)), env=env)  # fill the result cache
    fig["one file, cached"] = median_of(lint("--cache-dir", str(cache), str(small)), R, env=env)
    daemon = _daemon_one_file(ol, lint("--daemon", "--no-cache", str(small)), R, env)
    if daemon is not None:
        fig["one file, daemon"] = daemon
    if proselint:
        fig["proselint one file"] = median_of([str(proselint), "check", str(small)], R, env=env)
    if write_good:
        fig["write-good one file"] = median_of([str(write_good), str(small)], R, env=env)
    if args.startup:
        shutil.rmtree(cache, ignore_errors=True)
        partial.write_text(json.dumps(results, indent=2))
        print(report(results, args.jobs))
        return 0

    RC = args.repeat_corpus
    fig["corpus -j1"] = median_of(lint("--no-cache", "-j1", str(gen)), RC, env=env)
    fig[f"corpus -j{args.jobs}"] = median_of(
        lint("--no-cache", f"-j{args.jobs}", str(gen)), RC, env=env
    )
    measure(lint("--cache-dir", str(cache), str(gen)), env=env)  # fill the cache
    fig["corpus, cached"] = median_of(lint("--cache-dir", str(cache), str(gen)), RC, env=env)
    # LC_ALL=C: GNU grep -F -i with thousands of patterns is ~100x slower in a UTF-8 locale
    cenv = {**env, "LC_ALL": "C"}
    fig["grep -F floor"] = median_of(
        ["grep", "-r", "-F", "-i", "-f", str(phrases), str(gen)], RC, env=cenv
    )
    if proselint:
        fig["proselint corpus"] = median_of([str(proselint), "check", str(gen)], 1, env=env)
    if write_good:
        fig["write-good corpus"] = median_of([str(write_good), *map(str, gen_files)], 1, env=env)
    if SHARED_CORPUS.is_dir():
        real = [p for p in files_of(SHARED_CORPUS) if p.suffix in (".md", ".txt")]
        real_bytes = sum(f.stat().st_size for f in real)
        results["shared corpus"] = {"files": len(real), "bytes": real_bytes}
        files = list(map(str, real))
        fig["shared corpus"] = median_of(lint("--no-cache", *files), RC, env=env)
        fig["shared grep -F"] = median_of(
            ["grep", "-F", "-i", "-f", str(phrases), *files], RC, env=cenv
        )
        if proselint:
            fig["shared proselint"] = median_of([str(proselint), "check", *files], 1, env=env)
        if write_good:
            fig["shared write-good"] = median_of([str(write_good), *files], 1, env=env)
    if args.large:
        _large(args, fig, results, lint, formats, env)
    shutil.rmtree(cache, ignore_errors=True)

    partial.write_text(json.dumps(results, indent=2))
    print(report(results, args.jobs))
    return 0


def _daemon_one_file(ol: Path, cmd: list[str], repeat: int, env: dict) -> dict | None:
    """The one-file run through the opt-in resident server (``--daemon``), started first.

    The client's figures are what ``measure`` sees (the server is not its descendant); the
    CPU of the server's children for these runs comes from ``daemon status`` and is added to
    the row as ``server_cpu`` (per run), so the CPU column can count the whole work.
    """
    import re

    runtime = tempfile.mkdtemp(prefix="ol-bench-rt-")
    denv = {**env, "OUTREACH_LINT_DAEMON_DIR": runtime}

    def status() -> tuple[int, float] | None:
        out = subprocess.run(
            [str(ol), "daemon", "status"], capture_output=True, text=True, env=denv
        ).stdout
        found = re.search(r"(\d+) request\(s\) served \(their children's CPU ([\d.]+) s\)", out)
        return (int(found.group(1)), float(found.group(2))) if found else None

    try:
        started = subprocess.run(
            [str(ol), "daemon", "start"], capture_output=True, text=True, env=denv
        )
        if started.returncode != 0:
            print(f"note: the daemon did not start ({started.stderr.strip()})", file=sys.stderr)
            return None
        measure(cmd, env=denv)  # the first request (and the first child forked ahead)
        before = status()
        fig = median_of(cmd, repeat, env=denv)
        after = status()
        if before and after and after[0] - before[0] == repeat:
            fig["server_cpu"] = (after[1] - before[1]) / repeat
        else:
            fig["note"] = f"not every run went through the daemon: {before} -> {after}"
        return fig
    finally:
        subprocess.run([str(ol), "daemon", "stop"], capture_output=True, env=denv)
        shutil.rmtree(runtime, ignore_errors=True)


def _scaling(args, fig, results, lint, formats, gen, cache, env) -> None:
    """Peak memory and wall time at three sizes, -j1 vs -jN, cold vs warm cache."""
    small = corpus(args.small, formats)
    results["small"] = describe(small)
    RC, jobs = args.repeat_corpus, args.jobs
    fig[f"small -j{jobs}"] = median_of(lint("--no-cache", f"-j{jobs}", str(small)), RC, env=env)
    fig["corpus -j1"] = median_of(lint("--no-cache", "-j1", str(gen)), RC, env=env)
    fig[f"corpus -j{jobs}"] = median_of(lint("--no-cache", f"-j{jobs}", str(gen)), RC, env=env)
    measure(lint("--cache-dir", str(cache), str(gen)), env=env)  # fill the cache
    time.sleep(4)  # files changed within 3 s of a run are not trusted by the stat index
    measure(lint("--cache-dir", str(cache), str(gen)), env=env)  # and the index
    fig["corpus, cached"] = median_of(lint("--cache-dir", str(cache), str(gen)), RC, env=env)
    if args.large:
        _large(args, fig, results, lint, formats, env)


def _large(args, fig, results, lint, formats, env) -> None:
    """One run over the --large corpus (memory and scaling; single run: it takes minutes).

    The corpus is read once before the timed run. The --count corpus is timed as the median of
    several runs, so its files come from the page cache; a single cold run over 100,000 files
    would add the disk's reads to the scaling ratio, which is meant to measure the linter.
    """
    big = corpus(args.large, formats)
    results["large"] = describe(big)
    results["large"]["page_cache_warmed"] = warm_page_cache(big)
    fig[f"large -j{args.jobs}"] = median_of(
        lint("--no-cache", f"-j{args.jobs}", str(big)), 1, env=env
    )


def report(results: dict, jobs: int) -> str:
    fig = results["figures"]
    mb = results["corpus"]["bytes"] / 1e6
    n = results["corpus"]["files"]
    lines = [
        f"Run {results['when']} on {results['machine']}, Python {results['python']}.",
        f"Generated corpus: {n} templates, {mb:.1f} MB ({', '.join(results['formats'])}).",
        "",
        "| figure | median s | runs | CPU s | peak tree RSS MB | largest process MB | load | notes |",
        "|---|---:|---|---:|---:|---:|---:|---|",
    ]
    for name, f in fig.items():
        note = ""
        if name.startswith(("corpus", "large", "small")):
            which = name.split()[0]
            files = results[which]["files"] if which in ("large", "small") else n
            size = results[which]["bytes"] / 1e6 if which in ("large", "small") else mb
            note = f"{files / f['wall']:.0f} files/s, {size / f['wall']:.2f} MB/s"
        if "peak_tree_pss_mb" in f:  # --rss-trace
            peaks = ", ".join(f"{mb:.0f}" for mb in f["process_peaks_mb"])
            note += (
                f"; peak tree PSS {f['peak_tree_pss_mb']:.0f} MB; each process's peak {peaks} MB"
            )
        cpu = f"{f['cpu']:.3f}" if "cpu" in f else "n/a"
        if "server_cpu" in f:  # the daemon's row: the client's CPU and its server child's
            cpu = f"{f['cpu'] + f['server_cpu']:.3f}"
            note = (
                f"client {f['cpu'] * 1000:.1f} ms + server child {f['server_cpu'] * 1000:.1f} ms "
                "CPU per run"
            )
        note += f.get("note", "")
        lines.append(
            f"| {name} | {f['wall']:.3f} | {', '.join(f'{w:.3f}' for w in f['walls'])} | {cpu} | "
            f"{f['peak_tree_mb']:.0f} | {f['max_single_mb']:.0f} | {f['load']} | {note} |"
        )

    def ratio(a: str, b: str) -> str:
        if a in fig and b in fig and fig[a]["wall"] > 0:
            return f"{fig[b]['wall'] / fig[a]['wall']:.2f}"
        return "n/a"

    best = f"corpus -j{jobs}"
    lines += [
        "",
        "| ratio | value | target |",
        "|---|---:|---|",
        f"| --version / python -c pass | {ratio('python -c pass', '--version')} | <= 3 |",
        f"| proselint one file / one file | {ratio('one file', 'proselint one file')} | >= 3 |",
        f"| one file, cached / one file | {ratio('one file', 'one file, cached')} | < 1 |",
        f"| proselint one file / one file, daemon (opt-in) | "
        f"{ratio('one file, daemon', 'proselint one file')} | >= 3 |",
        f"| proselint corpus / corpus -j{jobs} | {ratio(best, 'proselint corpus')} | >= 20 |",
        f"| write-good corpus / corpus -j{jobs} | {ratio(best, 'write-good corpus')} | >= 10 |",
        f"| corpus -j{jobs} / grep -F floor | {ratio('grep -F floor', best)} | <= 25 |",
        f"| corpus -j1 / corpus, cached | {ratio('corpus, cached', 'corpus -j1')} | (cache gain) |",
    ]
    if "corpus -j1" in fig:
        per_core = mb / fig["corpus -j1"]["wall"]
        lines.append(f"| MB/s per core (-j1) | {per_core:.2f} | >= 3 |")
    if "large" in results and f"large -j{jobs}" in fig:
        lines.append(
            f"| large -j{jobs} / corpus -j{jobs} ({results['large']['files']} vs {n} files) | "
            f"{ratio(best, f'large -j{jobs}')} | <= {11 * results['large']['files'] / n / 10:.0f} |"
        )
        lines.append(
            f"| peak tree RSS, large -j{jobs} (MB) | {fig[f'large -j{jobs}']['peak_tree_mb']:.0f} "
            "| < 150 |"
        )
    sizes = [f"small -j{jobs}", f"corpus -j{jobs}", f"large -j{jobs}"]
    if all(k in fig for k in sizes):
        rss = " / ".join(f"{fig[k]['peak_tree_mb']:.0f}" for k in sizes)
        counts = " / ".join(
            str(results[k]["files"]) if k in results else str(n) for k in ("small", "", "large")
        )
        lines.append(f"| peak tree RSS at {counts} files (MB) | {rss} | flat, < 150 |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    sys.exit(main())
