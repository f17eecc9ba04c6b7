"""Running a linter over many files: worker processes, the result cache, a stable order.

:func:`lint_paths` is what ``outreach-lint check`` calls. It yields one
:class:`~outreach_lint.engine.FileResult` per path, in the order the paths were given
(discovery order: sorted), whatever the number of workers, so output never depends on ``--jobs``.

* Few files (the pre-commit case) are linted in-process: starting workers would cost more than
  it saves. Larger runs are split into chunks for a pool of worker processes; each worker builds
  its own :class:`~outreach_lint.engine.Linter` from the picklable settings the parent was built
  with, so nothing but paths goes in and results come out. At most a few chunks per worker are in
  flight, so memory does not grow with the number of files waiting.
* ``jobs`` is the number of processes that lint: the parent is one of them. It starts
  ``jobs - 1`` workers and, whenever the next result it needs is not ready yet, lints the next
  chunk itself instead of waiting (its results wait in order behind the workers' chunks). A
  parent that only waited would still hold its own interpreter and modules: a whole extra
  process (~55 MB of RSS at ``-j2``) for no linting, and every result it lints itself skips
  the pipe.
* With a :class:`~outreach_lint.cache.ResultCache`, a file whose bytes, name, configuration and
  rule set are unchanged is read back instead of linted (in the workers too).
* A worker pool that breaks (a worker killed by the OS, say) does not lose files: the rest of
  the run continues in-process.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from . import gcpause

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from concurrent.futures import Future
    from typing import Any

    from .cache import ResultCache
    from .engine import FileResult, Linter

#: below this many files a run stays in-process (worker start-up costs ~0.1 s per worker)
PARALLEL_THRESHOLD = 48
#: chunks in flight per worker; bounds memory and keeps every worker busy
IN_FLIGHT_PER_WORKER = 4
MIN_CHUNK, MAX_CHUNK = 4, 64
#: files sampled to tell a warm run (every sampled result cached: no workers) from a cold one
WARM_PROBE = 32


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class RunStats:
    """What a run did: files linted, result-cache hits and misses, processes that linted."""

    files: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    #: processes that linted in parallel (the parent and its worker processes); 0 in-process
    workers: int = 0
    #: worker processes started (``workers - 1``: the parent lints too)
    worker_processes: int = 0
    #: chunks the parent linted itself while its workers were busy
    local_chunks: int = 0


def lint_one(
    linter: Linter, path: Path, cache: ResultCache | None = None, keep_source: bool = False
) -> FileResult:
    """Lint one file, through the cache when there is one (never when the source is kept)."""
    if cache is None or keep_source:
        return linter.lint_file(path, keep_source=keep_source)
    config = linter.resolver.for_path(path)
    linter.ruleset_for(config)  # validates the selection even when every file is a hit
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > config.max_file_size:
            return linter.lint_file(path)
        # the stat index: an unchanged file (same size, mtime, ctime, inode) is not read
        key = cache.index_key(str(path), st, config)
        if key is not None:
            hit = cache.get(key)
            if hit is not None:
                cache.note(str(path), st, config, key)
                return hit
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return linter.lint_file(path)  # reports the problem as a finding
    key = cache.key(config, str(path), data)
    hit = cache.get(key)
    if hit is not None:
        cache.note(str(path), st, config, key)
        return hit
    plugin_errors = len(linter.plugins.errors)
    result = linter.lint_file(path, data=data)
    clean = not result.internal_errors and len(linter.plugins.errors) == plugin_errors
    if clean and cache.put(key, result):
        cache.note(str(path), st, config, key)
    return result


def lint_paths(
    linter: Linter,
    paths: Iterable[Path],
    *,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    keep_source: bool = False,
    stats: RunStats | None = None,
) -> Iterator[FileResult]:
    """One FileResult per path, in the given order; parallel when it pays off.

    ``jobs``: processes that lint, this one included (None or 0: one per core; 1: in-process;
    N: N - 1 workers). Problems a worker meets outside any file (a broken plugin pack, say) are
    added to ``linter.errors`` and ``linter.plugins.errors`` as if the run had been in-process.
    A configuration error raises the same exception type as in-process.
    """
    stats = stats if stats is not None else RunStats()
    settings = getattr(linter, "settings", None)
    wanted = jobs or default_jobs()
    rest = iter(paths)
    # the paths are read lazily (100,000 Path objects cost ~40 MB); enough of them are read
    # ahead to choose the number of workers and the chunk size as if all were known
    head = [p for _, p in zip(range(max(PARALLEL_THRESHOLD, wanted * 8 * MAX_CHUNK)), rest)]
    total = len(head)  # a lower bound when more paths follow
    workers = min(wanted, max(1, total // MIN_CHUNK))
    if (
        workers <= 1
        or settings is None
        or total < PARALLEL_THRESHOLD
        or (cache is not None and not keep_source and _warm(linter, head[:WARM_PROBE], cache))
    ):
        yield from _serial(linter, _counted(chain(head, rest), stats), cache, keep_source, stats)
        return
    size = max(MIN_CHUNK, min(MAX_CHUNK, total // (workers * 8) or 1))
    chunks = _chunks(_counted(chain(head, rest), stats), size)
    del head
    yield from _parallel(linter, chunks, workers, settings, cache, keep_source, stats)


def _warm(linter: Linter, paths: list[Path], cache: ResultCache) -> bool:
    """Whether the cache holds the result of every one of ``paths`` (a sample of the run).

    An unchanged library is read back faster in this process than through workers (which
    cost start-up and send every result through a pipe); the few files that did change are
    then linted here too.
    """
    for path in paths:
        try:
            config = linter.resolver.for_path(path)
            with open(path, "rb") as fh:
                data = fh.read(config.max_file_size + 1)
        except OSError:
            return False
        if not cache.has(cache.key(config, str(path), data)):
            return False
    return bool(paths)


def _counted(paths: Iterable[Path], stats: RunStats) -> Iterator[Path]:
    for path in paths:
        stats.files += 1
        yield path


def _serial(
    linter: Linter,
    paths: Iterable[Path],
    cache: ResultCache | None,
    keep_source: bool,
    stats: RunStats,
) -> Iterator[FileResult]:
    hits, misses = (cache.hits, cache.misses) if cache else (0, 0)
    try:
        for n, path in enumerate(paths):
            if n == 1:  # a run of several files: the collector keeps memory bounded
                gcpause.resume()
            yield lint_one(linter, path, cache, keep_source)
    finally:
        if cache is not None:
            stats.cache_hits += cache.hits - hits
            stats.cache_misses += cache.misses - misses


# --------------------------------------------------------------------------- workers

_STATE: Any = None


def _init_worker(settings: dict, cache_spec: tuple[str, str] | None, keep_source: bool) -> None:
    global _STATE
    from .engine import create_linter

    linter = create_linter(**settings)
    cache = None
    if cache_spec is not None:
        from .cache import ResultCache

        cache = ResultCache(Path(cache_spec[0]), cache_spec[1])
        cache.use_index = False  # a copy per worker would cost memory; workers run cold runs
    _STATE = (linter, cache, keep_source)


def _lint_chunk(paths: list[str]) -> dict[str, Any]:
    from .config import ConfigError
    from .engine import UsageError

    linter, cache, keep_source = _STATE
    errors, plugin_errors = len(linter.errors), len(linter.plugins.errors)
    hits, misses = (cache.hits, cache.misses) if cache else (0, 0)
    out: dict[str, Any] = {"results": [], "fatal": None}
    try:
        for path in paths:
            out["results"].append(lint_one(linter, Path(path), cache, keep_source))
    except (ConfigError, UsageError) as exc:
        out["fatal"] = (type(exc).__name__, str(exc))
    out["errors"] = linter.errors[errors:]
    out["plugin_errors"] = linter.plugins.errors[plugin_errors:]
    out["hits"] = (cache.hits - hits) if cache else 0
    out["notes"] = cache.take_notes() if cache else []
    out["misses"] = (cache.misses - misses) if cache else 0
    return out


def _chunks(paths: Iterable[Path], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for path in paths:
        chunk.append(str(path))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    linter: Linter,
    chunks: Iterator[list[str]],
    workers: int,
    settings: dict,
    cache: ResultCache | None,
    keep_source: bool,
    stats: RunStats,
) -> Iterator[FileResult]:
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    gcpause.resume()  # before the workers fork: they inherit the collector's state

    from .config import ConfigError
    from .engine import UsageError

    cache_spec = (str(cache.directory), cache.ruleset_key) if cache is not None else None
    processes = max(1, workers - 1)  # the parent is the last of the ``workers`` jobs
    stats.workers = processes + 1
    stats.worker_processes = processes
    pool = ProcessPoolExecutor(
        max_workers=processes,
        initializer=_init_worker,
        initargs=(settings, cache_spec, keep_source),
    )
    # chunks in order: (future, chunk, None) for a worker's chunk (future None once the pool is
    # broken), (None, chunk, (results, error)) for a chunk the parent already linted
    pending: deque[tuple[Future | None, list[str], Any]] = deque()
    in_flight = local = 0
    broken = False
    limit = processes * IN_FLIGHT_PER_WORKER
    try:
        while True:
            while in_flight < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                future = None
                if not broken:
                    try:
                        future = pool.submit(_lint_chunk, chunk)
                    except (BrokenProcessPool, RuntimeError):
                        broken = True
                pending.append((future, chunk, None))
                in_flight += 1
            if not pending:
                break
            future, chunk, done = pending[0]
            if done is None and future is not None and not future.done() and local < limit:
                # the result needed next is not ready: lint the next chunk here meanwhile
                ahead = next(chunks, None)
                if ahead is not None:
                    pending.append(
                        (None, ahead, _lint_here(linter, ahead, cache, keep_source, stats))
                    )
                    local += 1
                    stats.local_chunks += 1
                    continue
            pending.popleft()
            if done is not None:
                local -= 1
                results, fatal = done
                yield from results
                if fatal is not None:  # raised where an in-process run would have raised it
                    raise fatal
                continue
            in_flight -= 1
            out = None
            if future is not None:
                try:
                    out = future.result()
                except BrokenProcessPool:
                    broken = True
            if out is None:  # the pool broke: lint this chunk here, then the rest
                yield from _serial(linter, [Path(p) for p in chunk], cache, keep_source, stats)
                continue
            _merge(linter, out, stats, cache)
            if out["fatal"] is not None:
                kind, message = out["fatal"]
                raise (ConfigError if kind == "ConfigError" else UsageError)(message)
            yield from out["results"]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _lint_here(
    linter: Linter,
    chunk: list[str],
    cache: ResultCache | None,
    keep_source: bool,
    stats: RunStats,
) -> tuple[list[FileResult], Exception | None]:
    """Lint a chunk in this process (the parent's share); a configuration error is returned,
    to be raised when the chunk's turn comes, after the results of the files before it."""
    from .config import ConfigError
    from .engine import UsageError

    results: list[FileResult] = []
    try:
        for result in _serial(linter, [Path(p) for p in chunk], cache, keep_source, stats):
            results.append(result)
    except (ConfigError, UsageError) as exc:
        return results, exc
    return results, None


def _merge(
    linter: Linter, out: dict[str, Any], stats: RunStats, cache: ResultCache | None = None
) -> None:
    for e in out["errors"]:
        if e not in linter.errors:
            linter.errors.append(e)
    for e in out["plugin_errors"]:
        if e not in linter.plugins.errors:
            linter.plugins.errors.append(e)
    stats.cache_hits += out["hits"]
    if cache is not None:
        cache.add_notes(out.get("notes", ()))
    stats.cache_misses += out["misses"]
