"""The progress bar of a long command-line run (stderr, terminals only)."""

from __future__ import annotations

import os
import sys
from typing import Any


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class Progress:
    """A progress bar on stderr, shown only on a terminal outside CI and only once a run has
    taken more than `delay` seconds (short runs stay quiet): rows or drafts done, their rate
    and the time left."""

    def __init__(
        self, total: int | None, *, enabled: bool, delay: float = 1.0, what: str = "检查草稿"
    ) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.total, self.enabled, self.delay, self.what = total, enabled, delay, what
        self.done = 0
        self.bar: Any = None
        self.task: Any = None

    @staticmethod
    def wanted() -> bool:
        return sys.stderr.isatty() and not in_ci() and os.environ.get("TERM", "") not in ("dumb",)

    def __call__(self, n: int) -> None:
        self.done += n
        if self.bar is None:
            if not self.enabled or (self.total is not None and self.done >= self.total):
                return
            if self.clock() - self.started < self.delay:
                return
            self._start()
        elapsed = max(1e-6, self.clock() - self.started)
        self.bar.update(self.task, completed=self.done, rate=f"{self.done / elapsed:,.0f}/秒")

    def _columns(self) -> list[Any]:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        return [
            TextColumn(self.what),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
        ]

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(*self._columns(), console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(
            "check", total=self.total, completed=self.done, rate="", rows=""
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class RowProgress(Progress):
    """A catalogue's bar: rows checked, rows per second, and the time left, judged from the
    share of the file read (its bytes; the sheet's rows for xlsx), since the number of rows
    is not known before the end."""

    def __init__(self, total: int | None, *, enabled: bool, what: str, delay: float = 1.0):
        super().__init__(total, enabled=enabled, delay=delay, what=what)
        self.rows = 0

    def advance(self, rows: int, position: int) -> None:
        """`rows` more rows are checked; `position` of `total` is read."""
        self.rows += rows
        self.done = position
        if self.bar is None:
            if not self.enabled or self.clock() - self.started < self.delay:
                return
            self._start()
        elapsed = max(1e-6, self.clock() - self.started)
        self.bar.update(
            self.task,
            completed=position,
            rows=f"{self.rows:,} 行",
            rate=f"{self.rows / elapsed:,.0f} 行/秒",
        )

    def _columns(self) -> list[Any]:
        from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn

        return [
            TextColumn(self.what),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]}"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
        ]
