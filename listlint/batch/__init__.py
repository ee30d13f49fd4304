"""Checking many files: a process pool (fork where the platform has it, spawn elsewhere), the
drafts read ahead by the parent, garbage-collector tuning for the run, and the result cache.
This is the CLI's machinery; the library API (``listlint.api``) checks in the calling process
and changes no global state."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from listlint.draft.load import Content, read_content
from listlint.engine.resultcache import ResultCache, digest
from listlint.engine.run import Checker
from listlint.files import display_paths
from listlint.findings import Finding
from listlint.safeyaml import Limits

PARALLEL_THRESHOLD = 64  # below this many files, one process is faster than a pool


# -- workers (fork: they inherit the checker built in the parent; spawn: it is sent once) ------
_CHECKER: Checker | None = None
_KEEP = False  # workers send back the bytes of drafts with findings (for the tree view)


def _init(payload: bytes, keep: bool) -> None:
    """A spawned worker's start: the parent's checker, pickled once for the whole pool."""
    import pickle

    global _CHECKER, _KEEP
    _CHECKER, _KEEP = pickle.loads(payload), keep


def _work(
    batch: list[tuple[str, str, Content | None]],
) -> list[tuple[list[Finding], list[Path], bytes | None, str | None]]:
    """Check a batch; each answer carries the SHA-256 of the bytes when the worker read the
    file itself (the result cache then keys the findings by the bytes that were checked)."""
    assert _CHECKER is not None
    out = []
    for file, display, content in batch:
        sha = None
        if content is None:
            content = read_content(Path(file), _CHECKER.resources.limits)
            sha = _sha(content)
        found, deps = _CHECKER.check_file(Path(file), display, content)
        out.append((found, deps, _raw(content) if _KEEP and found else None, sha))
    return out


def _raw(content: Content | None) -> bytes | None:
    return content[0] if isinstance(content, tuple) else None


def _sha(content: Content) -> str:
    raw = _raw(content)
    return digest(raw) if raw is not None else ""


@contextmanager
def batch_gc() -> Iterator[None]:
    """For a run, the long-lived objects (the engine: packs, lexicons, automaton) are frozen
    out of the garbage collector and young-generation collections are made rarer: a check
    allocates many short-lived objects, and the default thresholds made the collector rescan
    them (and the engine) about every 700 allocations, a quarter of the time of a batch run."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def run(
    checker: Checker,
    files: Sequence[Path],
    *,
    jobs: int = 0,
    progress: Callable[[int], None] | None = None,
    displays: Sequence[str] | None = None,
    cache: ResultCache | None = None,
    sources: dict[str, bytes] | None = None,
) -> list[Finding]:
    """Check files; results come back in file order whatever the number of workers.  With a
    result cache, unchanged files are answered by the parent without starting workers.
    `displays`: the files' display paths, when the caller has them already; `sources`: filled
    with the bytes of each draft that has findings, as read for its check (reporters that show
    the text never read a file again)."""
    if displays is None:
        displays = display_paths(files)
    job = _Run(checker, files, displays, cache, progress)
    job.sources = sources
    todo = job.from_cache()
    workers = jobs or os.cpu_count() or 1
    if len(todo) < PARALLEL_THRESHOLD or workers == 1:
        job.serial(todo)
    else:
        job.parallel(todo, workers)
    if cache is not None:
        cache.save()
    return [f for chunk in job.results if chunk for f in chunk]


class _Run:
    """One batch run: which files the cache answers, and the rest checked here or in a pool."""

    def __init__(
        self,
        checker: Checker,
        files: Sequence[Path],
        displays: Sequence[str],
        cache: ResultCache | None,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.checker, self.cache = checker, cache
        self.progress = progress or (lambda n: None)
        self.items = [(str(f), d) for f, d in zip(files, displays, strict=True)]
        self.results: list[list[Finding] | None] = [None] * len(self.items)
        self.limits = checker.resources.limits
        self.shas: dict[int, str] = {}
        self.prefetch = _Prefetch(self.limits)
        self.sources: dict[str, bytes] | None = None

    def from_cache(self) -> list[int]:
        """Answer unchanged files from the cache; the indexes of the files left to check."""
        if self.cache is None:
            return list(range(len(self.items)))
        todo: list[int] = []
        for i, (file, display) in enumerate(self.items):
            # bounded: a draft named on the command line may be a FIFO or /dev/zero
            content = read_content(Path(file), self.limits)
            raw = content[0] if isinstance(content, tuple) else None
            self.shas[i] = digest(raw) if raw is not None else ""
            hit = self.cache.get(display, self.shas[i]) if self.shas[i] else None
            if hit is not None:
                self.done(i, hit, None, raw)
                self.progress(1)
                continue
            self.prefetch.keep(i, content)  # checked below without reading the file again
            todo.append(i)
        return todo

    def done(
        self,
        i: int,
        found: list[Finding],
        deps: list[Path] | None,
        raw: bytes | None,
        sha: str | None = None,
    ) -> None:
        """Record the findings of item `i`; `sha`: of the bytes checked, when they were read
        after ``from_cache`` hashed the file (a draft too large to be held in between)."""
        display = self.items[i][1]
        if sha is not None and i in self.shas:
            self.shas[i] = sha
        if deps is not None:
            _store(self.cache, display, self.shas.get(i), found, deps)
        self.results[i] = found
        if self.sources is not None and found and raw is not None:
            self.sources[display] = raw

    def serial(self, todo: list[int]) -> None:
        for i in todo:
            file, display = self.items[i]
            content = self.prefetch.take(i, file)
            sha = None
            if content is None:
                content = read_content(Path(file), self.limits)
                sha = _sha(content)
            found, deps = self.checker.check_file(Path(file), display, content)
            self.prefetch.release([i])
            self.done(i, found, deps, _raw(content), sha)
            self.progress(1)

    def parallel(self, todo: list[int], workers: int) -> None:
        global _CHECKER, _KEEP
        _CHECKER, _KEEP = self.checker, self.sources is not None
        # batches of at most 64 drafts (~80 ms of work): enough to make the hand-over cheap,
        # small enough that no worker idles long while another finishes the last batch
        size = max(4, min(64, len(todo) // (workers * 8) or 1))
        batches = [todo[k : k + size] for k in range(0, len(todo), size)]
        items, prefetch = self.items, self.prefetch
        with _pool(self.checker, workers) as pool:
            # the pool's task thread reads the drafts ahead of the workers (see _Prefetch)
            work = (
                [(*items[i], prefetch.take(i, items[i][0])) for i in batch] for batch in batches
            )
            for batch, answers in zip(batches, pool.imap(_work, work), strict=True):
                prefetch.release(batch)
                for i, (found, deps, raw, sha) in zip(batch, answers, strict=True):
                    self.done(i, found, deps, raw, sha)
                self.progress(len(batch))


class _Prefetch:
    """Drafts read in the parent for the workers: the pool's task thread reads a batch while
    the workers check the previous ones, so a worker never waits for the disk (on this
    machine a first read costs 25–40 µs a file), and with the result cache on a changed
    draft is read once (for its hash and its check), not twice.  At most ``budget`` bytes are
    held at a time; beyond that, and for files over ``largest`` bytes, the worker reads the
    file itself."""

    def __init__(self, limits: Limits, budget: int = 32 << 20, largest: int = 256 << 10) -> None:
        self.limits, self.budget, self.largest = limits, budget, largest
        self.held = 0
        self.kept: dict[int, Content] = {}
        self.sizes: dict[int, int] = {}
        self.lock = threading.Lock()

    def keep(self, i: int, content: Content) -> None:
        """Hold `content` (already read) for item `i`, if it is small and the budget allows."""
        size = len(content[0]) if isinstance(content, tuple) and content[0] is not None else 0
        with self.lock:
            if size > self.largest or self.held + size > self.budget:
                return
            self.held += size
        self.kept[i], self.sizes[i] = content, size

    def take(self, i: int, file: str) -> Content | None:
        """The content of item `i`: kept, read now, or None (the worker reads the file)."""
        found = self.kept.pop(i, None)
        if found is not None:
            return found
        with self.lock:
            if self.held >= self.budget:
                return None
        try:
            if os.stat(file).st_size > self.largest:
                return None  # the worker reads it (once), not held here
        except (OSError, ValueError):
            pass  # read_content reports it
        content = read_content(Path(file), self.limits)
        if isinstance(content, tuple) and content[0] is not None:
            size = len(content[0])
            if size > self.largest:
                return None  # grew since stat: the worker reads it, within its own limits
            with self.lock:
                self.held += size
            self.sizes[i] = size
        return content

    def release(self, items: Sequence[int]) -> None:
        """The items are checked: their bytes are no longer held."""
        freed = sum(self.sizes.pop(i, 0) for i in items)
        with self.lock:
            self.held -= freed


def _store(
    cache: ResultCache | None, display: str, sha: str | None, found: list[Finding], deps: list[Path]
) -> None:
    if cache is not None and sha:
        cache.put(display, sha, found, deps)


@contextmanager
def _pool(checker: Checker, workers: int) -> Iterator[Any]:
    """A process pool whose workers hold `checker`: forked where the platform can fork (they
    inherit it, frozen out of the collector), spawned elsewhere (it is pickled once)."""
    import multiprocessing

    method = os.environ.get("LISTLINT_START_METHOD") or (
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    if method == "fork":
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield pool
        return
    import pickle

    payload = pickle.dumps(checker, protocol=pickle.HIGHEST_PROTOCOL)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(payload, _KEEP)) as pool:
        yield pool
