"""Item 1: a cache folder that someone else planted must neither run code nor change results.

The compiled-resources cache is a pickle (unpickling runs code) and the result index decides
which drafts are checked again.  An attacker who can create the folder listlint uses for its
caches (another local user on a shared build machine: ``/tmp`` is writable by all) plants a
pickle that creates a marker file when it is loaded, and a result index, authenticated with a
key they also planted, that says the failing draft is clean.

Each folder here is planted the way another user could: owned by another uid (``nobody``), or
world-writable, or a symbolic link to the attacker's folder; reached through
``$LISTLINT_CACHE_DIR``, ``$XDG_CACHE_HOME/listlint``, ``~/.cache/listlint`` and the old
fallback ``$TMPDIR/listlint-<uid>``.  listlint must refuse such a folder (no disk caches): no
marker, and the same findings as a run with a clean private cache.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the landed code used any
writable candidate, fell back to ``$TMPDIR/listlint-<uid>``, loaded the planted pickle (the
marker appeared in every case) and reported the failing draft as clean from the forged index.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from .helpers import diagnostics, env_for, run

NOBODY = 65534
DRAFT = "category: 家居/水杯\ntitle: 最好的北欧陶瓷马克杯\n"


class _Payload:
    """Unpickling this creates the marker file (and returns a file object, not resources)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def _forge_index(raw: bytes, key: bytes) -> bytes:
    """The result index `raw` with every draft's findings removed, re-authenticated with `key`
    (``{"mac":"<hex>","entries":<body>}``, the MAC over the body's bytes)."""
    data = json.loads(raw)
    entries = data["entries"]
    for entry in entries["files"].values():
        entry["rows"] = []
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    mac = hmac.new(key, body, hashlib.sha256).hexdigest()
    return b'{"mac":"' + mac.encode() + b'","entries":' + body + b"}"


@pytest.fixture(scope="module")
def calibration(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A run with a clean private cache: its findings, and the names of the cache entries the
    code under test writes (so that the planted folder holds entries under the same names)."""
    base = tmp_path_factory.mktemp("calibration")
    project = base / "project"
    project.mkdir()
    (project / "bad.yaml").write_text(DRAFT, encoding="utf-8")
    private = base / "private"
    private.mkdir(mode=0o700)
    first = run(["check", "bad.yaml", "-f", "json"], cache=private, cwd=project)
    again = run(["check", "bad.yaml", "-f", "json"], cache=private, cwd=project)
    assert first.returncode == 1 and again.returncode == 1, first.stderr
    assert diagnostics(first.stdout) == diagnostics(again.stdout)
    indexes = {
        **{("private", p.relative_to(private)): p.read_bytes() for p in private.rglob("results-*")},
        **{("project", p.relative_to(project)): p.read_bytes() for p in project.rglob("results-*")},
    }
    assert indexes, "the calibration run wrote no result index"
    shutil.rmtree(project / ".listlint_cache", ignore_errors=True)
    return {
        "project": project,
        "private": private,
        "findings": diagnostics(first.stdout),
        "indexes": indexes,
    }


def _plant(folder: Path, calibration: dict[str, object], marker: Path) -> None:
    """Copy the clean cache into `folder`, then make every pickle the payload and every result
    index a forged one under a key the attacker chose."""
    private = calibration["private"]
    project = calibration["project"]
    assert isinstance(private, Path) and isinstance(project, Path)
    shutil.copytree(private, folder, dirs_exist_ok=True)
    payload = pickle.dumps(_Payload(marker))
    key = b"k" * 32
    for pickled in folder.rglob("*.pickle"):
        pickled.write_bytes(payload)
    (folder / "result-cache.key").write_bytes(key)
    indexes = calibration["indexes"]
    assert isinstance(indexes, dict)
    for (where, relative), raw in indexes.items():
        target = (folder if where == "private" else project) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_forge_index(raw, key))


def _give_away(folder: Path) -> None:
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            os.lchown(Path(root) / name, NOBODY, NOBODY)
    os.lchown(folder, NOBODY, NOBODY)


def _unusable(base: Path) -> str:
    """A path under a regular file: no folder can be created there."""
    blocker = base / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    return str(blocker / "x")


CASES = ["env-owned-by-nobody", "env-world-writable", "env-symlink", "xdg", "home", "tmp-fallback"]


@pytest.mark.parametrize("case", CASES)
def test_a_planted_cache_folder_runs_no_code_and_changes_no_result(tmp_path, calibration, case):
    project = calibration["project"]
    assert isinstance(project, Path)
    marker = tmp_path / "MARKER"
    attacker = tmp_path / "attacker"
    attacker.mkdir()
    extra: dict[str, str] = {"XDG_CACHE_HOME": _unusable(tmp_path), "HOME": _unusable(tmp_path)}
    cache: Path | None = None
    if case.startswith("env"):
        planted = attacker / "listlint"
        planted.mkdir()
        cache = planted
        if case == "env-symlink":
            cache = tmp_path / "mine" / "listlint"
            cache.parent.mkdir(mode=0o700)
            cache.symlink_to(planted)
    elif case == "xdg":
        planted = attacker / "listlint"
        extra["XDG_CACHE_HOME"] = str(attacker)
    elif case == "home":
        planted = attacker / ".cache" / "listlint"
        planted.parent.mkdir()
        extra["HOME"] = str(attacker)
        extra.pop("XDG_CACHE_HOME")
    else:  # the landed code's last resort: $TMPDIR/listlint-<uid>
        planted = attacker / f"listlint-{os.getuid()}"
        extra["TMPDIR"] = str(attacker)
    _plant(planted, calibration, marker)
    if case == "env-world-writable":
        os.chmod(planted, 0o777)
    else:
        _give_away(planted)
    os.chmod(attacker, 0o1777)  # like /tmp
    try:
        proc = run(
            ["check", "bad.yaml", "-f", "json"],
            cache=None,
            cwd=project,
            env=env_for(cache, **extra),
        )
    finally:
        shutil.rmtree(project / ".listlint_cache", ignore_errors=True)
    assert not marker.exists(), "the planted pickle was loaded: code ran"
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert diagnostics(proc.stdout) == calibration["findings"], "the forged index was used"


def test_a_foreign_pickle_in_the_private_folder_is_not_loaded_either(tmp_path, calibration):
    """Defence in depth: even in the user's own folder, the resources cache is read by an
    unpickler that resolves only listlint's classes and a few library types, so a pickle that
    calls a function (here ``open``) is refused and the resources are rebuilt.  Landed code:
    ``pickle.load`` ran it (marker created)."""
    project = calibration["project"]
    assert isinstance(project, Path)
    marker = tmp_path / "MARKER"
    private = tmp_path / "private"
    shutil.copytree(calibration["private"], private)  # type: ignore[arg-type]
    os.chmod(private, 0o700)
    for pickled in private.glob("*.pickle"):
        pickled.write_bytes(pickle.dumps(_Payload(marker)))
    proc = run(["check", "bad.yaml", "-f", "json"], cache=private, cwd=project)
    assert not marker.exists(), "a pickle that calls a function was loaded"
    assert proc.returncode == 1 and diagnostics(proc.stdout) == calibration["findings"]
