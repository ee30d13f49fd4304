"""Item 2: listlint never writes through a symbolic link someone planted.

* ``--write-baseline FILE``: a link planted at the temporary name beside the baseline
  (``FILE.tmp``, the name the landed code wrote through), or at the baseline's own name, must
  not be written through (not to a file outside the project, not to ``/dev/null``);
* the result cache: a link planted in the checked project (``.listlint_cache``, where the
  landed code kept it, or its ``CACHEDIR.TAG``) must not be written through, nor a link
  planted inside the private cache folder (the ``results`` folder, the project's folder, the
  index file, the key).

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the landed code wrote the
baseline's text into the file a planted ``FILE.tmp`` link pointed to (``victim.txt`` outside
the project changed; with ``-> /dev/null`` the baseline itself became a link to ``/dev/null``),
and wrote its result index and ``CACHEDIR.TAG`` through a planted ``.listlint_cache`` link into
a folder outside the project.  The refactored code (before this round's fix) still followed a
link planted as the cache's ``results`` folder or the project's folder under it (the index was
written into the link's target); ``listlint.cache.subfolder`` now checks every level.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from .helpers import python, run

VICTIM = "the attacker wants this file overwritten\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "victim.txt"
    target.write_text(VICTIM, encoding="utf-8")
    return target


def _baseline_ok(path: Path) -> None:
    info = os.lstat(path)
    assert stat.S_ISREG(info.st_mode), "the baseline must be a regular file"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["findings"], data


@pytest.mark.parametrize("planted", ["tmp-to-victim", "tmp-to-dev-null", "target-to-victim"])
def test_write_baseline_never_follows_a_planted_link(work, cache, victim, planted):
    baseline = work / "drafts" / ".listlint-baseline.json"
    if planted == "tmp-to-victim":
        Path(f"{baseline}.tmp").symlink_to(victim)
    elif planted == "tmp-to-dev-null":
        Path(f"{baseline}.tmp").symlink_to("/dev/null")
    else:
        baseline.symlink_to(victim)
    proc = run(["check", "drafts", "--write-baseline", baseline], cache=cache, cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert victim.read_text(encoding="utf-8") == VICTIM, "written through a planted link"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    _baseline_ok(baseline)
    leftovers = [p.name for p in baseline.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers in ([], [f"{baseline.name}.tmp"]), leftovers  # only the planted link


@pytest.mark.parametrize("planted", ["folder", "cachedir-tag"])
def test_a_link_planted_in_the_project_receives_no_cache_file(work, cache, tmp_path, planted):
    """The result cache is not in the project any more; nothing is written there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if planted == "folder":
        (work / ".listlint_cache").symlink_to(elsewhere, target_is_directory=True)
    else:
        (work / ".listlint_cache").mkdir()
        (work / ".listlint_cache" / "CACHEDIR.TAG").symlink_to(elsewhere / "created-by-listlint")
    before = sorted(p.name for p in work.rglob("*"))
    for _ in range(2):
        proc = run(["check", "drafts", "-f", "json"], cache=cache, cwd=work)
        assert proc.returncode == 1, proc.stderr
    assert list(elsewhere.iterdir()) == [], "written through a link planted in the project"
    assert sorted(p.name for p in work.rglob("*")) == before


def _project_folder(root: Path) -> str:
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]


@pytest.mark.parametrize("planted", ["results", "project", "index", "key"])
def test_links_planted_inside_the_private_cache_are_not_followed(work, tmp_path, victim, planted):
    """A link inside the private folder (only its owner can put one there, by mistake or
    through another tool) is still never written through: every folder level is checked
    (``listlint.cache.subfolder``), files are read with ``O_NOFOLLOW`` and written as new
    files renamed into place."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = private / "results" / _project_folder(work)
    if planted == "results":
        (private / "results").symlink_to(elsewhere, target_is_directory=True)
    elif planted == "project":
        (private / "results").mkdir(mode=0o700)
        project.symlink_to(elsewhere, target_is_directory=True)
    elif planted == "key":
        (private / "result-cache.key").symlink_to(victim)
    first = run(["check", "drafts", "-f", "json"], cache=private, cwd=work)
    if planted == "index":
        indexes = list(project.glob("results-*.json"))
        assert len(indexes) == 1, list(private.rglob("*"))
        indexes[0].unlink()
        indexes[0].symlink_to(victim)
        (work / "drafts" / "ok.yaml").write_text("category: 家居\ntitle: 最佳水杯\n", "utf-8")
    again = run(["check", "drafts", "-f", "json"], cache=private, cwd=work)
    assert first.returncode == again.returncode == 1, (first.stderr, again.stderr)
    assert list(elsewhere.iterdir()) == [], "written through a link in the cache folder"
    assert victim.read_text(encoding="utf-8") == VICTIM


def test_write_private_replaces_a_link_and_read_private_refuses_one(tmp_path, victim):
    code = f"""
from pathlib import Path
from listlint.cache import read_private, write_private
link = Path({str(tmp_path)!r}) / "entry.bin"
link.symlink_to({str(victim)!r})
assert read_private(link, 1 << 20) is None, "read through a link"
write_private(link, b"new")
assert not link.is_symlink() and link.read_bytes() == b"new"
print("ok")
"""
    proc = python(code, cwd=tmp_path)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert victim.read_text(encoding="utf-8") == VICTIM
