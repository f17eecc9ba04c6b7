"""Trace the memory of a command's process tree over time, process by process.

    python bench/rsstrace.py [--interval 0.5] [--pss] [--out trace.tsv] -- CMD [ARG...]

``bench/run.py`` reports one number per run: the peak of the summed RSS of the process tree.
When that peak is too high, the question is *which* process holds *what*, and *when*: the
parent while it collects results, the workers while they lint, or the parent's run-level stage
after the workers have exited. This samples ``/proc/PID/status`` (VmRSS, VmHWM, RssAnon,
RssFile) of every process of the tree every ``--interval`` seconds and, with ``--pss``, the
proportional set size from ``/proc/PID/smaps_rollup`` (pages shared by a fork parent and its
workers are split between them instead of counted in each: what the tree really occupies).

It writes one line per process per sample (``--out``, tab-separated) and prints a summary:
wall time, user+sys CPU of the whole tree (``wait4``), the peak of the summed RSS (sampled at
the same instants as the per-process figures, so it can be a little under ``bench/run.py``'s
10 ms sampling), each process's own peak (VmHWM, exact: the kernel keeps it), and the moment
of the tree peak with each process's share.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

_FIELDS = ("VmRSS", "VmHWM", "RssAnon", "RssFile")


def processes() -> dict[int, tuple[int, int]]:
    """Every process now running: pid -> (parent pid, resident pages), from /proc/PID/stat."""
    out: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        out[int(entry)] = (int(fields[1]), int(fields[21]))
    return out


def _children(table: dict[int, tuple[int, int]] | None = None) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for pid, (ppid, _) in (processes() if table is None else table).items():
        out.setdefault(ppid, []).append(pid)
    return out


def tree(pid: int, table: dict[int, tuple[int, int]] | None = None) -> list[int]:
    """``pid`` and its descendants (in ``table``, else in the processes running now)."""
    children = _children(table)
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, ()))
    return found


def status(pid: int, pss: bool = False) -> dict[str, int] | None:
    """The memory figures of one process in kB (None when it has gone)."""
    got: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in _FIELDS:
                    got[key] = int(value.split()[0])
        if pss:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        got["Pss"] = int(line.split()[1])
    except (OSError, ValueError):
        return None
    return got if "VmRSS" in got else None


def trace(cmd: list[str], *, interval: float = 0.5, pss: bool = False, out=None, **popen) -> dict:
    """Run ``cmd`` and sample its tree until it exits; returns the summary figures."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, **popen)
    samples: list[tuple[float, dict[int, dict[str, int]]]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            now = time.perf_counter() - start
            snap = {}
            for p in tree(proc.pid):
                got = status(p, pss)
                if got is not None:
                    snap[p] = got
            if snap:
                samples.append((now, snap))
                if out is not None:  # written as it is sampled: a long run can be watched
                    for p, got in snap.items():
                        row = [f"{now:.2f}", str(p)]
                        row += [str(got.get(k, "")) for k in (*_FIELDS, "Pss")]
                        out.write("\t".join(row) + "\n")
                    out.flush()
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, wstatus, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    hwm: dict[int, int] = {}
    peak_t, peak_kb, peak_snap = 0.0, 0, {}
    peak_pss = 0
    for t, snap in samples:
        for p, got in snap.items():
            hwm[p] = max(hwm.get(p, 0), got.get("VmHWM", 0))
        total = sum(g["VmRSS"] for g in snap.values())
        if total > peak_kb:
            peak_t, peak_kb, peak_snap = t, total, snap
        peak_pss = max(peak_pss, sum(g.get("Pss", 0) for g in snap.values()))
    return {
        "rc": os.waitstatus_to_exitcode(wstatus),
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "max_single_mb": usage.ru_maxrss / 1024,
        "peak_tree_mb": peak_kb / 1024,
        "peak_tree_pss_mb": peak_pss / 1024 if pss else None,
        "peak_at": peak_t,
        "at_peak": {p: g for p, g in peak_snap.items()},
        "hwm_mb": {p: kb / 1024 for p, kb in hwm.items()},
        "root": proc.pid,
    }


def summary(r: dict) -> str:
    lines = [
        f"wall {r['wall']:.1f} s, cpu {r['cpu']:.1f} s (user {r['user']:.1f} + sys "
        f"{r['sys']:.1f}), exit {r['rc']}",
        f"peak tree RSS {r['peak_tree_mb']:.1f} MB at {r['peak_at']:.1f} s; largest single "
        f"process {r['max_single_mb']:.1f} MB (wait4)",
    ]
    if r["peak_tree_pss_mb"] is not None:
        lines.append(f"peak tree PSS {r['peak_tree_pss_mb']:.1f} MB")
    for p, g in sorted(r["at_peak"].items()):
        role = "parent" if p == r["root"] else "child"
        parts = ", ".join(f"{k} {g[k] / 1024:.1f}" for k in (*_FIELDS, "Pss") if k in g)
        lines.append(f"  at the peak: {role} {p}: {parts} MB")
    for p, mb in sorted(r["hwm_mb"].items()):
        role = "parent" if p == r["root"] else "child"
        lines.append(f"  own peak (VmHWM): {role} {p}: {mb:.1f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--interval", type=float, default=0.5, help="seconds between samples")
    p.add_argument("--pss", action="store_true", help="also sample PSS (smaps_rollup)")
    p.add_argument("--out", type=Path, help="write every sample here (tab-separated)")
    p.add_argument("--stdout", type=Path, default=Path(os.devnull), help="the command's output")
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        p.error("no command given")
    with args.stdout.open("wb") as stdout:
        out = args.out.open("w") if args.out else None
        try:
            if out is not None:
                out.write("\t".join(("t", "pid", *_FIELDS, "Pss")) + "\n")
            r = trace(cmd, interval=args.interval, pss=args.pss, out=out, stdout=stdout)
        finally:
            if out is not None:
                out.close()
    print(f"load average at the end: {os.getloadavg()}")
    print(summary(r))
    return 0 if r["rc"] in (0, 1) else r["rc"]


if __name__ == "__main__":
    sys.exit(main())
