"""Catalogue runs on one machine: rows checked in chunks, in this process or in a process
pool, findings handed on in row order as they come, with bounded memory.

With several workers the parent only finds where each run of rows starts in the file
(``partitions``: it reads the file once, but keeps no row); each worker reads and checks its
own byte range, and at most a few partitions per worker are in flight, so neither the parent
nor the workers hold more than a few thousand rows' findings, whatever the catalogue's size.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listlint.draft.catalogue import (
    Meta,
    Partition,
    RowChecker,
    RowStats,
    open_catalogue,
    partitions,
    read_range,
    read_rows,
)
from listlint.findings import Finding

if TYPE_CHECKING:
    from listlint.config import Config
    from listlint.engine.run import Checker

IN_FLIGHT = 3  # partitions per worker queued or being checked
SMALL = 256 << 10  # bytes: a smaller catalogue is checked faster than a pool starts


def open_all(config: Config, files: Sequence[Path], displays: Sequence[str]) -> list[Meta]:
    """Open every catalogue's head (encoding, header, mapping) before anything is reported:
    a file that cannot be read at all is a CatalogueError (the CLI exits 2) up front."""
    limit = config.max_file_bytes
    return [
        open_catalogue(f, d, config.catalogue, limit) for f, d in zip(files, displays, strict=True)
    ]


def row_checker(checker: Checker, meta: Meta) -> RowChecker:
    resources = checker.resources
    return RowChecker(meta, resources.limits, resources.messages, checker.check_doc)


def check_catalogue(
    checker: Checker,
    meta: Meta,
    stats: RowStats,
    *,
    jobs: int = 1,
    rows_per_chunk: int = 500,
    progress: Callable[[int, int], None] | None = None,
    remote: Any = None,
) -> Iterator[Finding]:
    """The findings of one catalogue in row order, the file's own first; `stats` counts the
    rows as they are checked; `progress(rows, position)` after each chunk (position: bytes
    read, or the sheet row for xlsx).  `remote`: a runner whose ``rows(meta, stats, size,
    progress)`` checks the rows elsewhere (``listlint.batch.dask.SchedulerRun``)."""
    checker_rows = row_checker(checker, meta)
    yield from checker_rows.file_findings()
    advance = progress or (lambda n, at: None)
    if not meta.mapping.usable:
        _reject_all(meta, stats, advance)
        return
    workers = jobs or os.cpu_count() or 1
    if remote is not None:
        yield from remote.rows(meta, stats, rows_per_chunk, advance)
    elif workers <= 1 or meta.size < SMALL:
        yield from _serial(checker_rows, meta, stats, rows_per_chunk, advance)
    else:
        yield from _parallel(checker, meta, stats, workers, rows_per_chunk, advance)


def _reject_all(meta: Meta, stats: RowStats, advance: Callable[[int, int], None]) -> None:
    """A catalogue whose title or category column is missing: its rows are counted, not
    checked (nothing is lost without a trace)."""
    for record in read_rows(meta):
        stats.read += 1
        stats.rejected += 1
        if stats.read % 4096 == 0:
            advance(4096, _position(meta, record.end, record.line))


def _position(meta: Meta, end: int, line: int) -> int:
    return line if meta.format == "xlsx" else end


def _serial(
    checker_rows: RowChecker,
    meta: Meta,
    stats: RowStats,
    size: int,
    advance: Callable[[int, int], None],
) -> Iterator[Finding]:
    records = read_rows(meta)
    while True:
        chunk = list(islice(records, size))
        if not chunk:
            return
        found, counted = checker_rows.rows(chunk)
        stats.add(counted)
        advance(len(chunk), _position(meta, chunk[-1].end, chunk[-1].line))
        del chunk
        yield from found


# -- a process pool (the workers of ``listlint.batch``: forked or spawned with the checker) ---
_ROW_CHECKERS: dict[tuple[str, str], RowChecker] = {}


def _work(meta: Meta, part: Partition) -> tuple[list[Finding], RowStats]:
    from listlint import batch

    assert batch._CHECKER is not None
    key = (meta.file, meta.display)
    found = _ROW_CHECKERS.get(key)
    if found is None or found.meta != meta:
        found = _ROW_CHECKERS[key] = row_checker(batch._CHECKER, meta)
    return found.rows(read_range(meta, part))


def _parallel(
    checker: Checker,
    meta: Meta,
    stats: RowStats,
    workers: int,
    size: int,
    advance: Callable[[int, int], None],
) -> Iterator[Finding]:
    from listlint import batch

    batch._CHECKER = checker
    pending: deque[tuple[Partition, Any]] = deque()
    with batch._pool(checker, workers) as pool:
        for part in partitions(meta, size):
            pending.append((part, pool.apply_async(_work, (meta, part))))
            if len(pending) >= workers * IN_FLIGHT:
                yield from _collect(pending.popleft(), meta, stats, advance)
        while pending:
            yield from _collect(pending.popleft(), meta, stats, advance)


def _collect(
    item: tuple[Partition, Any],
    meta: Meta,
    stats: RowStats,
    advance: Callable[[int, int], None],
) -> list[Finding]:
    part, result = item
    found, counted = result.get()
    stats.add(counted)
    advance(part.rows, _position(meta, part.end, part.line + part.rows))
    return found  # type: ignore[no-any-return]
