"""Find draft files and check them, in parallel processes for large runs."""

from __future__ import annotations

import fnmatch
import gc
import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from listlint.config import CONFIG_NAMES, Config
from listlint.draft.load import DRAFT_SUFFIXES, Content, Limits, read_content
from listlint.engine import Engine
from listlint.findings import SORT_KEY, Finding, Severity
from listlint.resultcache import ResultCache, digest

PARALLEL_THRESHOLD = 64  # below this many files, one process is faster than a pool
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".listlint_cache"}
)


@dataclass
class Report:
    files: int
    findings: list[Finding]
    engine: Engine
    stats: dict[str, int] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # display paths of the checked files

    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity.label] += 1
        return counts

    def failed(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        level = Severity.parse(fail_on)
        return any(f.severity >= level for f in self.findings)


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as reports show it: relative to the working folder when inside it.  Bytes that
    are not UTF-8 (a file name is any bytes on Linux) are shown as ``\\xff`` escapes: Python
    decodes them to lone surrogates, which no report could write."""
    text = str(path)
    if not os.path.isabs(text) and not text.startswith(".."):
        shown = os.path.normpath(text)  # already relative to the working folder
    else:
        try:
            rel = os.path.relpath(path, cwd)
        except ValueError:
            rel = ".."
        shown = text if rel.startswith("..") else rel
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def display_paths(paths: Sequence[Path]) -> list[str]:
    """``display_path`` of many files (the working folder looked up once; a normalised
    absolute path inside it is shown by cutting the folder off, as ``relpath`` would)."""
    try:
        cwd: str | None = os.getcwd()
    except OSError:  # the working folder was deleted
        cwd = None
    prefix = os.path.join(cwd, "") if cwd else None
    out: list[str] = []
    for p in paths:
        text = str(p)
        if prefix and text.startswith(prefix) and os.path.normpath(text) == text:
            rel = text[len(prefix) :]
            if rel.isascii() or rel.isprintable():  # no surrogate escapes to mend
                out.append(rel)
                continue
        out.append(display_path(p, cwd))
    return out


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(rel, p)
        or fnmatch.fnmatchcase(name, p)
        or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*")
        for p in patterns
    )


def discover(paths: Sequence[Path], exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Files named on the command line are checked whatever their name; directories are walked
    (not following symlinked directories, so link loops cannot hang the walk), skipping hidden
    files and listlint's own config file (``listlint.yaml`` is not a draft)."""
    seen: set[Path] = set()
    for root in paths:
        if root.is_dir():
            for folder, dirs, files in os.walk(root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if (
                        not name.lower().endswith(DRAFT_SUFFIXES)
                        or name.startswith(".")
                        or name in CONFIG_NAMES
                    ):
                        continue
                    file = Path(folder) / name
                    if file in seen or (
                        exclude and _excluded(file.relative_to(root).as_posix(), name, exclude)
                    ):
                        continue
                    seen.add(file)
                    yield file
        elif root not in seen:
            seen.add(root)
            yield root


def shard_of(relative: str, count: int) -> int:
    """0-based shard of a file: a stable hash of its POSIX path relative to the checked root
    (not ``hash()``, which is salted per process), so every CI job agrees on the split."""
    digest = hashlib.blake2b(relative.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def select_shard(
    files: Sequence[Path], roots: Sequence[Path], index: int, count: int
) -> list[Path]:
    """The files of shard `index` (1-based) of `count`."""
    dirs = [r for r in roots if r.is_dir()]
    out: list[Path] = []
    for file in files:
        root = next((r for r in dirs if file.is_relative_to(r)), None)
        relative = file.relative_to(root).as_posix() if root is not None else file.as_posix()
        if shard_of(relative, count) == index - 1:
            out.append(file)
    return out


# -- parallel execution (fork: workers inherit the engine already built in the parent) ------------
_ENGINE: Engine | None = None


def _work(batch: list[tuple[str, str, Content | None]]) -> list[tuple[list[Finding], list[Path]]]:
    assert _ENGINE is not None
    return [
        _ENGINE.check_file_deps(Path(file), display, content) for file, display, content in batch
    ]


@contextmanager
def _batch_gc() -> Iterator[None]:
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


@_batch_gc()
def run(
    engine: Engine,
    files: Sequence[Path],
    *,
    jobs: int = 0,
    progress: Callable[[int], None] | None = None,
    displays: Sequence[str] | None = None,
) -> list[Finding]:
    """Check files; results come back in file order whatever the number of workers.  With the
    result cache on, unchanged files are answered by the parent without starting workers.
    `displays`: the files' display paths, when the caller has them already."""
    if displays is None:
        displays = display_paths(files)
    items = [(str(f), d) for f, d in zip(files, displays, strict=True)]
    results: list[list[Finding] | None] = [None] * len(items)
    cache = engine.result_cache
    shas: dict[int, str] = {}
    todo: list[int] = []
    prefetch = _Prefetch(engine.limits)
    for i, (file, display) in enumerate(items):
        if cache is not None:
            # bounded: a draft named on the command line may be a FIFO or /dev/zero
            content = read_content(Path(file), engine.limits)
            raw = content[0] if isinstance(content, tuple) else None
            shas[i] = digest(raw) if raw is not None else ""
            hit = cache.get(display, shas[i]) if shas[i] else None
            if hit is not None:
                results[i] = hit
                if progress:
                    progress(1)
                continue
            prefetch.keep(i, content)  # checked below without reading the file again
        todo.append(i)
    workers = jobs or os.cpu_count() or 1
    if len(todo) < PARALLEL_THRESHOLD or workers == 1:
        for i in todo:
            found, deps = engine.check_file_deps(
                Path(items[i][0]), items[i][1], prefetch.take(i, items[i][0])
            )
            prefetch.release([i])
            _store(cache, items[i][1], shas.get(i), found, deps)
            results[i] = found
            if progress:
                progress(1)
    else:
        import multiprocessing

        global _ENGINE
        _ENGINE = engine
        # batches of at most 64 drafts (~80 ms of work): enough to make the hand-over cheap,
        # small enough that no worker idles long while another finishes the last batch
        size = max(4, min(64, len(todo) // (workers * 8) or 1))
        batches = [todo[k : k + size] for k in range(0, len(todo), size)]
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            # the pool's task thread reads the drafts ahead of the workers (see _Prefetch)
            work = (
                [(*items[i], prefetch.take(i, items[i][0])) for i in batch] for batch in batches
            )
            for batch, answers in zip(batches, pool.imap(_work, work), strict=True):
                prefetch.release(batch)
                for i, (found, deps) in zip(batch, answers, strict=True):
                    _store(cache, items[i][1], shas.get(i), found, deps)
                    results[i] = found
                if progress:
                    progress(len(batch))
    if cache is not None:
        cache.save()
    return [f for chunk in results if chunk for f in chunk]


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
        content = read_content(Path(file), self.limits)
        if isinstance(content, tuple) and content[0] is not None:
            size = len(content[0])
            if size > self.largest:
                return None  # not held: the worker reads it again, within its own limits
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


def check_paths(
    paths: Sequence[Path | str],
    config: Config | None = None,
    engine: Engine | None = None,
    jobs: int | None = None,
) -> Report:
    """Check files and directories; the library entry point behind ``listlint check``."""
    config = config or Config()
    engine = engine or Engine.load(config)
    files = list(discover([Path(p) for p in paths], config.exclude))
    shown = display_paths(files)
    findings = run(engine, files, jobs=config.jobs if jobs is None else jobs, displays=shown)
    findings.sort(key=SORT_KEY)
    return Report(files=len(files), findings=findings, engine=engine, paths=shown)
