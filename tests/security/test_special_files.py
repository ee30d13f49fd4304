"""Item 5: drafts that are not regular files: a FIFO named ``x.yaml`` must not hang the run, a
link to ``/dev/zero`` must not read gigabytes.  Every draft is read once, with the size cap,
and only when it is a regular file (``read_limited``: opened non-blocking, ``fstat`` first);
anything else is a ``draft/unreadable`` finding.  In a folder and named on the command line, in
the tree and JSON formats, with and without the result cache, serial and with a worker pool.

A link to ``/dev/zero`` inside the checked folder leads out of it: ``draft/outside-link``
(item 4); with ``--follow-links`` it is opened and refused as a device.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the landed tree view
opened every draft again to print snippets, and blocked forever on the FIFO (killed by the
timeout); the JSON format finished but knew no ``--follow-links``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .helpers import COUNT_OPENS, diagnostics, opened, python, run

MEMORY = 768 << 20  # reading /dev/zero to the end would need far more


@pytest.fixture
def specials(work: Path) -> Path:
    drafts = work / "drafts"
    os.mkfifo(drafts / "x.yaml")
    (drafts / "zero.yaml").symlink_to("/dev/zero")
    return work


def _by_path(proc) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for d in diagnostics(proc.stdout):
        out.setdefault(Path(d["path"]).name, set()).add(d["rule"])
    return out


@pytest.mark.parametrize("fmt", ["tree", "json"])
@pytest.mark.parametrize("named", ["folder", "files"])
@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--follow-links"], ["--fix"]])
def test_a_fifo_and_a_link_to_dev_zero_are_findings_not_hangs(specials, cache, fmt, named, extra):
    paths = ["drafts"] if named == "folder" else ["drafts/x.yaml", "drafts/zero.yaml"]
    proc = run(
        ["check", *paths, "-f", fmt, "--no-color", *extra],
        cache=cache,
        cwd=specials,
        memory=MEMORY,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    zero = "draft/unreadable" if "--follow-links" in extra else "draft/outside-link"
    if fmt == "json":
        found = _by_path(proc)
        assert found["x.yaml"] == {"draft/unreadable"}, found
        assert found["zero.yaml"] == {zero}, found
    else:
        assert "x.yaml" in proc.stdout and "draft/unreadable" in proc.stdout
        assert "zero.yaml" in proc.stdout and zero in proc.stdout


def test_a_batch_with_a_worker_pool_does_not_hang_on_a_fifo(specials, cache):
    drafts = specials / "drafts"
    for i in range(80):  # above the threshold for a pool
        (drafts / f"d{i:02}.yaml").write_text(f"category: 家居\ntitle: 水杯{i}\n", "utf-8")
    proc = run(
        ["check", "drafts", "-f", "json", "--jobs", "2", "--follow-links"],
        cache=cache,
        cwd=specials,
        memory=MEMORY,
        timeout=120,
    )
    found = _by_path(proc)
    assert found["x.yaml"] == {"draft/unreadable"} and found["zero.yaml"] == {"draft/unreadable"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_draft_is_opened_once(work, cache, jobs):
    """Large drafts too (over the 256 KiB the parent holds for the workers), in the tree view,
    without the result cache (with it, a large draft is read for its hash and again for its
    check, and its findings are cached under the hash of the bytes checked)."""
    drafts = work / "drafts"
    (drafts / "big.yaml").write_text(
        "category: 家居/水杯\ntitle: 最好的杯子\ndescription: |\n"
        + "  北欧风格陶瓷杯。\n" * 30_000,
        encoding="utf-8",
    )
    for i in range(70 if jobs == "2" else 3):
        (drafts / f"d{i:02}.yaml").write_text(f"category: 家居\ntitle: 最好水杯{i}\n", "utf-8")
    proc = python(
        COUNT_OPENS,
        *["check", "drafts", "--no-cache", "--no-color", "--jobs", jobs],
        cwd=work,
        cache=cache,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    counts = opened(work)
    assert "drafts/big.yaml" in counts and set(counts.values()) == {1}, counts
