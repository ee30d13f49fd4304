"""Items 7 and 8 (fixed in the refactor): inputs that were quadratic are linear.

* A JSON-lines catalogue of N lines of ``{}``: every line used to build its own index of line
  starts over the whole file (10,000 lines took 4 GB; 20,000 ran out of memory).  The lines now
  share one index.  20,000 and 50,000 lines run under a 512 MiB address-space limit, and
  2.5 times the lines take well under 6.25 times as long (the quadratic ratio).
* N suppression comments in one draft: each finding was matched against every comment (8,000
  took 20 s).  Suppressions are now indexed by line.  8,000 and 20,000 comments, the same
  bounds.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the 20,000-line catalogue
ran out of the 512 MiB limit (MemoryError, a traceback, exit 1); 20,000 comments took 82 s
against 15 s for 8,000.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .helpers import diagnostics, run

MEMORY = 512 << 20
LINEAR = 4.5  # limit of t(2.5 N) / t(N): linear is 2.5, quadratic 6.25


def _timed(args: list[str], cache: Path, cwd: Path, timeout: float) -> tuple[float, object]:
    start = time.perf_counter()
    proc = run(args, cache=cache, cwd=cwd, memory=MEMORY, timeout=timeout)
    return time.perf_counter() - start, proc


def test_json_lines_source_maps_are_linear(tmp_path, cache):
    times = []
    for lines in (20_000, 50_000):
        catalogue = tmp_path / f"c{lines}.jsonl"
        catalogue.write_text("{}\n" * lines, encoding="utf-8")
        seconds, proc = _timed(
            ["check", catalogue.name, "-f", "json", "--no-cache"], cache, tmp_path, 120
        )
        assert proc.returncode == 1, proc.stderr[-2000:]  # type: ignore[attr-defined]
        found = diagnostics(proc.stdout)  # type: ignore[attr-defined]
        assert len(found) == lines and {d["rule"] for d in found} == {"draft/schema"}
        assert found[-1]["line"] == lines
        times.append(seconds)
    assert times[1] < LINEAR * times[0], times


def _suppressed(count: int) -> str:
    items = "".join(
        f"  - 最好的杯子{i}  # listlint: disable=adlaw/absolute-terms\n" for i in range(count)
    )
    return f"category: 家居/水杯\ntitle: 北欧陶瓷水杯\nselling_points:\n{items}"


@pytest.mark.parametrize("fmt", ["json"])
def test_suppression_comments_are_linear(tmp_path, cache, fmt):
    times = []
    for count in (8_000, 20_000):
        draft = tmp_path / f"s{count}.yaml"
        draft.write_text(_suppressed(count), encoding="utf-8")
        seconds, proc = _timed(
            ["check", draft.name, "-f", fmt, "--no-cache", "--select", "adlaw,draft"],
            cache,
            tmp_path,
            90,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]  # type: ignore[attr-defined]
        assert diagnostics(proc.stdout) == []  # type: ignore[attr-defined]  # all suppressed
        times.append(seconds)
    assert times[1] < LINEAR * times[0], times
