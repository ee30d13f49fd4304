"""Find draft files and check them, in parallel processes for large runs."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from listlint.config import Config
from listlint.draft.load import DRAFT_SUFFIXES
from listlint.engine import Engine
from listlint.findings import Finding, Severity

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


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(rel, p)
        or fnmatch.fnmatchcase(name, p)
        or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*")
        for p in patterns
    )


def discover(paths: Sequence[Path], exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Files named on the command line are checked whatever their name; directories are walked
    (not following symlinked directories, so link loops cannot hang the walk)."""
    seen: set[Path] = set()
    for root in paths:
        if root.is_dir():
            for folder, dirs, files in os.walk(root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if not name.lower().endswith(DRAFT_SUFFIXES) or name.startswith("."):
                        continue
                    file = Path(folder) / name
                    rel = file.relative_to(root).as_posix()
                    if _excluded(rel, name, exclude) or file in seen:
                        continue
                    seen.add(file)
                    yield file
        elif root not in seen:
            seen.add(root)
            yield root


# -- parallel execution (fork: workers inherit the engine already built in the parent) ------------
_ENGINE: Engine | None = None


def _work(batch: list[tuple[str, str]]) -> list[Finding]:
    assert _ENGINE is not None
    out: list[Finding] = []
    for file, display in batch:
        out.extend(_ENGINE.check_file(Path(file), display))
    return out


def run(
    engine: Engine,
    files: Sequence[Path],
    *,
    jobs: int = 0,
    progress: Callable[[int], None] | None = None,
) -> list[Finding]:
    items = [(str(f), display_path(f)) for f in files]
    workers = jobs or os.cpu_count() or 1
    if len(items) < PARALLEL_THRESHOLD or workers == 1:
        out: list[Finding] = []
        for file, display in items:
            out.extend(engine.check_file(Path(file), display))
            if progress:
                progress(1)
        return out
    import multiprocessing

    global _ENGINE
    _ENGINE = engine
    size = max(8, min(256, len(items) // (workers * 8) or 1))
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    results: list[list[Finding]] = []
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        for batch, found in zip(batches, pool.imap(_work, batches), strict=True):
            results.append(found)
            if progress:
                progress(len(batch))
    return [f for chunk in results for f in chunk]


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
    findings = run(engine, files, jobs=config.jobs if jobs is None else jobs)
    findings.sort(key=Finding.sort_key)
    return Report(
        files=len(files),
        findings=findings,
        engine=engine,
        paths=[display_path(f) for f in files],
    )
