"""Two ``listlint check`` processes on the same folder at the same time: identical results, and
the caches they share stay usable: the compiled-engine pickle and the segmentation trie in
$LISTLINT_CACHE_DIR (written by both, atomically), and the result cache ``.listlint_cache``
in the project.  A corrupted cache is rebuilt, never trusted and never a crash."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

from .helpers import LISTLINT, listlint_env

TITLES = [
    "全网最好的纯棉短袖T恤女宽松百搭",
    "北欧简约陶瓷马克杯大容量办公室水杯",
    "每日坚果混合装干果零食大礼包国家级品质",
    "充電寶國家級品質快充",
    "婴儿奶瓶宽口径防胀气",
]


def project(root: Path, count: int) -> Path:
    drafts = root / "drafts"
    drafts.mkdir(parents=True)
    for i in range(count):
        (drafts / f"d{i:03}.yaml").write_text(
            f"category: 服装/女装/T恤\ntitle: {TITLES[i % len(TITLES)]}{i}\n"
            "skus:\n  - {name: 白色 M, price: 129, list_price: 99, stock: 0}\n",
            encoding="utf-8",
        )
    return drafts


def start(args: list[str], cache: Path, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*LISTLINT, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=listlint_env(cache),
        cwd=cwd,
    )


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, dict]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, 1), err.decode(errors="replace")
    return proc.returncode, json.loads(out)


@pytest.mark.parametrize("count", [12, 80], ids=["one-process-each", "worker-pools"])
def test_two_concurrent_runs_agree_and_leave_usable_caches(tmp_path, count):
    """80 drafts: above the parallel threshold, so both runs fork worker pools as well."""
    root = tmp_path / "repo"
    project(root, count)
    cache = tmp_path / "cache"  # fresh: both processes build and write every cache at once
    args = ["check", "drafts", "--format", "json", "--today", "2026-03-01", "--jobs", "2"]
    first, second = start(args, cache, root), start(args, cache, root)
    rc1, one = finish(first)
    rc2, two = finish(second)
    assert (rc1, one) == (rc2, two)
    assert one["files"] == count and one["diagnostics"]
    # the caches both wrote are whole: the engine unpickles, the index is JSON, no temp files
    engines = list(cache.glob("resources-*.pickle"))
    assert engines
    for file in engines:
        with file.open("rb") as handle:
            pickle.load(handle)
    assert list(cache.glob("jieba-*.marisa"))
    indexes = list(cache.glob("results/*/*.json"))
    assert indexes
    assert not (root / ".listlint_cache").exists()  # nothing written into the project
    for file in indexes:
        json.loads(file.read_text(encoding="utf-8"))
    leftovers = [
        p.name for p in [*cache.iterdir(), *cache.glob("results/*/*")] if p.name.endswith(".tmp")
    ]
    assert leftovers == []
    # a third run, served from those caches, agrees too
    rc3, three = finish(start(args, cache, root))
    assert (rc3, three) == (rc1, one)


def test_corrupted_caches_are_rebuilt_not_trusted(tmp_path):
    root = tmp_path / "repo"
    project(root, 6)
    cache = tmp_path / "cache"
    args = ["check", "drafts", "--format", "json", "--today", "2026-03-01"]
    rc, good = finish(start(args, cache, root))
    garbage = [b"", b"\x80\x63", b"garbage", os.urandom(512)]
    for i, junk in enumerate(garbage):
        for file in cache.glob("resources-*.pickle"):
            file.write_bytes(junk)
        for file in cache.glob("jieba-*.marisa"):
            file.write_bytes(junk)
        assert list(cache.glob("resources-*.pickle")) and list(cache.glob("results/*/*.json"))
        for file in cache.glob("results/*/*.json"):
            file.write_bytes(junk if i % 2 else b'{"entries": {"drafts/d000.yaml": 42}}')
        assert finish(start(args, cache, root)) == (rc, good), junk


def test_concurrent_fix_runs_never_corrupt_a_draft(tmp_path):
    """Two `--fix` runs racing on the same files: every file ends up either untouched or fixed
    exactly once, always a valid draft (the second writer sees the first one's change and
    refuses, or finds nothing left to fix)."""
    pack = tmp_path / "fixer.yaml"
    pack.write_text(
        "pack: fixer\nversion: '1'\ndescription: x\nrules:\n  - id: fixer/banned\n"
        "    kind: terms\n    severity: error\n    title: t\n    message: m\n    reference: r\n"
        "    boundary: none\n    fix: {action: delete}\n    terms: [最好]\n",
        encoding="utf-8",
    )
    root = tmp_path / "repo"
    drafts = root / "drafts"
    drafts.mkdir(parents=True)
    for i in range(40):
        (drafts / f"d{i:02}.yaml").write_text(
            f"category: 家居\ntitle: 最好的杯子{i}\ndescription: |\n  最好\n  用最好的料\n",
            encoding="utf-8",
        )
    args = [
        "check",
        "drafts",
        "--fix",
        "--pack",
        str(pack),
        "--select",
        "fixer",
        "--format",
        "json",
    ]
    cache = tmp_path / "cache"
    procs = [start(args, cache, root) for _ in range(2)]
    for proc in procs:
        proc.communicate(timeout=300)
        assert proc.returncode in (0, 1)
    for i in range(40):
        text = (drafts / f"d{i:02}.yaml").read_text(encoding="utf-8")
        assert text == f"category: 家居\ntitle: 的杯子{i}\ndescription: |\n  \n  用的料\n", text
    assert not [p for p in drafts.iterdir() if p.name.endswith(".listlint-tmp")]


def test_a_result_cache_committed_to_the_repository_cannot_hide_findings(tmp_path):
    root = tmp_path / "repo"
    drafts = project(root, 1)
    cache = tmp_path / "cache"
    args = ["check", "drafts", "--format", "json", "--today", "2026-03-01"]
    rc, honest = finish(start(args, cache, root))
    assert rc == 1 and honest["diagnostics"]
    # the attacker's commit: the user's own index, with the findings of their draft removed,
    # planted where the old versions kept it (.listlint_cache in the repository) ...
    planted = root / ".listlint_cache"
    planted.mkdir()
    for index in cache.glob("results/*/results-*.json"):
        data = json.loads(index.read_bytes()[len(b'{"mac":"') + 64 + len(b'","entries":') : -1])
        for entry in data["files"].values():
            entry["rows"] = []
        (planted / index.name).write_text(json.dumps(data), encoding="utf-8")
        # ... and over the index in the user's cache (without the user's key)
        index.write_text(json.dumps({"mac": "0" * 64, "entries": data}), encoding="utf-8")
    # the same machine: the forged index is not authenticated, so it is not used
    assert finish(start(args, cache, root)) == (1, honest), "a forged index hid the findings"
    # CI: a fresh machine (fresh user cache), the repository as committed
    rc, forged = finish(start(args, tmp_path / "ci-cache", root))
    assert (rc, forged) == (1, honest), "a planted result cache hid the findings"
    assert drafts.exists()
