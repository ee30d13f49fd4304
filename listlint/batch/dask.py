"""Dask: catalogues checked on a ``dask.distributed`` cluster (``pip install 'listlint[dask]'``).

    >>> from distributed import Client
    >>> from listlint.batch.dask import findings_bag
    >>> client = Client("tcp://scheduler:8786")          # a cluster you already have
    >>> bag = findings_bag(["exports/shop.csv"], config="listlint.yaml")
    >>> errors = bag.filter(lambda d: d["severity"] == "error").count().compute()

The client reads each catalogue's head and finds where its runs of rows start (one pass over
the file, nothing kept); each task then reads its own byte range on a worker (the workers must
see the same files: a shared or network file system, as ``dask.bag.read_text`` needs) and
returns finding dicts, the JSON contract of ``listlint check --format json``.  A worker process
builds its ``Linter`` (packs, lexicons, segmenter) once, on its first task, and keeps it for the
next ones: the only global state here, and only in the processes of a cluster that opted in.

``listlint check --scheduler ADDRESS`` uses the same tasks, and hands their findings on in row
order as they come back.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listlint.draft.catalogue import Meta, Partition, RowChecker, RowStats, partitions, read_range
from listlint.findings import Finding

if TYPE_CHECKING:
    from listlint.api import ConfigLike, Linter

DEFAULT_ROWS = 2000  # rows per task: ~2 s of work, a small share of scheduling overhead

# -- on a worker: one Linter per config and date, built on the first task ----------------------
_LINTERS: dict[tuple[str, str], Linter] = {}
_ROWS: dict[tuple[str, str, str], RowChecker] = {}
BUILT = {"linters": 0}  # how many Linters this process built (tests ask the workers)


def _worker_linter(config_json: str, today: str) -> Linter:
    key = (config_json, today)
    found = _LINTERS.get(key)
    if found is None:
        from listlint.api import Linter
        from listlint.config import Config

        config = Config.model_validate_json(config_json)
        found = Linter.cached(config, today=date.fromisoformat(today) if today else None)
        _LINTERS[key] = found
        BUILT["linters"] += 1
    return found


def _row_checker(meta: Meta, config_json: str, today: str) -> RowChecker:
    key = (meta.file, meta.display, config_json + today)
    found = _ROWS.get(key)
    if found is None or found.meta != meta:
        linter = _worker_linter(config_json, today)
        resources = linter.resources
        found = RowChecker(meta, resources.limits, resources.messages, linter.checker.check_doc)
        _ROWS[key] = found
    return found


def check_partition(
    meta: Meta, part: Partition | None, config_json: str, today: str = ""
) -> tuple[list[Finding], RowStats]:
    """A task: the findings of one partition of a catalogue (``part`` None: the file's own
    findings, its encoding and missing columns) and its row counts."""
    rows = _row_checker(meta, config_json, today)
    if part is None:
        return rows.file_findings(), RowStats()
    return rows.rows(read_range(meta, part))


def _finding_dicts(
    meta: Meta, part: Partition | None, config_json: str, today: str
) -> list[dict[str, Any]]:
    found, _ = check_partition(meta, part, config_json, today)
    return [f.to_json() for f in found]


def _draft_dicts(files: list[str], displays: list[str], config_json: str, today: str) -> list:
    from listlint.findings import NOT_A_DRAFT, SORT_KEY

    checker = _worker_linter(config_json, today).checker
    out: list[Finding] = []
    for file, display in zip(files, displays, strict=True):
        # a file without draft keys is skipped, as listlint check skips it
        out.extend(f for f in checker.check_file(Path(file), display)[0] if f.rule != NOT_A_DRAFT)
    return [f.to_json() for f in sorted(out, key=SORT_KEY)]


# -- on the client -----------------------------------------------------------------------------
def _plan(paths: Iterable[str | Path], config: ConfigLike) -> tuple[Any, list[Any]]:
    """(config, [(kind, item)]) of the files under `paths` in report order: catalogues as
    ("catalogue", Meta), other drafts as ("drafts", [(file, display)…])."""
    from listlint.api import as_config
    from listlint.batch.catalogue import open_all
    from listlint.draft.catalogue import is_catalogue
    from listlint.files import discover, display_paths

    resolved = as_config(config)
    roots = [Path(p) for p in paths]
    files = list(discover(roots, resolved.exclude, resolved.base_dir()))
    shown = display_paths(files)
    order = sorted(zip(shown, files, strict=True))
    plan: list[Any] = []
    for display, file in order:
        if is_catalogue(file, display, resolved.catalogues, resolved.max_file_bytes):
            (meta,) = open_all(resolved, [file], [display])
            plan.append(("catalogue", meta))
        elif plan and plan[-1][0] == "drafts" and len(plan[-1][1]) < 64:
            plan[-1][1].append((str(file.absolute()), display))
        else:
            plan.append(("drafts", [(str(file.absolute()), display)]))
    return resolved, plan


def findings_bag(
    paths: Iterable[str | Path],
    config: ConfigLike = None,
    *,
    rows_per_partition: int = DEFAULT_ROWS,
    today: date | None = None,
) -> Any:
    """A ``dask.bag.Bag`` of the finding dicts (the JSON contract, with ``row`` and
    ``column_name`` for catalogue rows) of the catalogues and drafts under `paths`, in the order
    ``listlint check`` reports them.  Nothing runs until the bag is computed (on the default
    scheduler, or the ``distributed.Client`` you made)."""
    from dask import delayed
    from dask.bag import from_delayed

    resolved, plan = _plan(paths, config)
    config_json = resolved.model_dump_json()
    day = today.isoformat() if today else (resolved.today.isoformat() if resolved.today else "")
    file_task = delayed(_finding_dicts, pure=True)
    draft_task = delayed(_draft_dicts, pure=True)
    parts: list[Any] = []
    for kind, item in plan:
        if kind == "drafts":
            files, displays = [f for f, _ in item], [d for _, d in item]
            parts.append(draft_task(files, displays, config_json, day))
            continue
        parts.append(file_task(item, None, config_json, day))
        if item.mapping.usable:
            parts.extend(
                file_task(item, part, config_json, day)
                for part in partitions(item, rows_per_partition)
            )
    if not parts:
        from dask.bag import from_sequence

        return from_sequence([], npartitions=1)
    return from_delayed(parts)


class SchedulerRun:
    """``listlint check --scheduler ADDRESS``: the catalogues' partitions as tasks on a running
    scheduler, findings handed on in row order, at most a few tasks per worker thread queued
    (the client's memory stays flat)."""

    def __init__(self, address: str, config: Any, today: date | None) -> None:
        from distributed import Client

        self.client = Client(address, set_as_default=False, timeout="20s")
        self.config_json = config.model_dump_json()
        self.today = today.isoformat() if today else ""
        threads = sum(self.client.nthreads().values()) or 1
        self.window = max(4, threads * 3)

    def close(self) -> None:
        self.client.close()

    def rows(
        self,
        meta: Meta,
        stats: RowStats,
        rows_per_partition: int,
        advance: Callable[[int, int], None],
    ) -> Iterator[Finding]:
        """The findings of a catalogue's rows (its own findings are the caller's)."""
        pending: deque[tuple[Partition, Any]] = deque()
        submit = self.client.submit
        for part in partitions(meta, rows_per_partition):
            future = submit(check_partition, meta, part, self.config_json, self.today, pure=False)
            pending.append((part, future))
            if len(pending) >= self.window:
                yield from self._take(pending.popleft(), meta, stats, advance)
        while pending:
            yield from self._take(pending.popleft(), meta, stats, advance)

    @staticmethod
    def _take(
        item: tuple[Partition, Any],
        meta: Meta,
        stats: RowStats,
        advance: Callable[[int, int], None],
    ) -> list[Finding]:
        part, future = item
        found, counted = future.result()
        future.release()
        stats.add(counted)
        advance(part.rows, part.end if meta.format != "xlsx" else part.line + part.rows)
        return found  # type: ignore[no-any-return]
