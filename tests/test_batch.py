"""Batch runs: thousands of drafts on all cores in a stable order, shards for CI matrices,
JSON-lines catalogues, the progress bar's rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from listlint.files import select_shard, shard_of
from listlint.progress import Progress as _Progress

N = 5000
TITLES = [
    "棉语夏季纯棉短袖T恤女宽松百搭圆领上衣",
    "最好的纯棉T恤女宽松百搭",
    "国家级工艺纯棉T恤",
    "全网第一纯棉T恤女夏季",
    "纯棉T恤女宽松百搭圆领上衣通勤休闲",
]


def _draft(i: int) -> tuple[str, str]:
    """(file name, text) of generated draft `i`: YAML mostly, some JSON, a few broken."""
    title = f"{TITLES[i % len(TITLES)]}{i}"
    if i % 997 == 0:
        return f"draft{i:05d}.yaml", f"category: 服装/女装/T恤\ntitle: [{title}\n"
    if i % 50 == 0:
        data = {"category": "服装/女装/T恤", "title": title, "subtitle": "顶级面料"}
        return f"draft{i:05d}.json", json.dumps(data, ensure_ascii=False)
    extra = "colour: 白色\n" if i % 101 == 0 else ""
    text = (
        f"platform: {('taobao', 'tmall', 'jd', 'pdd', 'douyin')[i % 5]}\n"
        f"category: 服装/女装/T恤\ntitle: {title}\n{extra}"
        f"skus:\n  - {{name: 白色 M, price: {99 + i % 40}, stock: {i % 7}}}\n"
    )
    return f"draft{i:05d}.yaml", text


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue")
    for i in range(N):
        folder = root / f"shop{i % 40:02d}"
        folder.mkdir(exist_ok=True)
        name, text = _draft(i)
        (folder / name).write_text(text, encoding="utf-8")
    return root


def _run(cli: Any, *args: Any) -> tuple[str, dict[str, Any]]:
    result = cli("check", *args, "--format", "json", "--no-cache")
    assert result.exit_code == 1, result.stdout[-2000:]
    return result.stdout, json.loads(result.stdout)


def test_jobs_and_shards_give_the_same_report(cli: Any, catalogue: Path) -> None:
    started = time.monotonic()
    one_text, one = _run(cli, catalogue, "--jobs", "1")
    two_text, _ = _run(cli, catalogue, "--jobs", "2")
    assert one["files"] == N
    assert len(one["diagnostics"]) > N // 2  # the catalogue has plenty to report
    assert two_text == one_text  # byte-identical: order does not depend on the workers

    # the shards run on the cheap packs only (the split does not depend on the rules): their
    # union must equal the whole run's findings of those packs
    cheap = ("--select", "adlaw,draft")
    _, first = _run(cli, catalogue, "--shard", "1/2", "--jobs", "2", *cheap)
    _, second = _run(cli, catalogue, "--shard", "2/2", "--jobs", "2", *cheap)
    assert first["files"] + second["files"] == N
    assert 0.4 * N < first["files"] < 0.6 * N
    first_paths = {d["path"] for d in first["diagnostics"]}
    second_paths = {d["path"] for d in second["diagnostics"]}
    assert not first_paths & second_paths
    merged = sorted(
        first["diagnostics"] + second["diagnostics"],
        key=lambda d: (d["path"], d["line"], d["column"], d["rule"], d["end_line"]),
    )
    whole = [d for d in one["diagnostics"] if d["rule"].startswith(("adlaw/", "draft/"))]
    assert len(whole) > N // 2
    assert merged == whole
    assert time.monotonic() - started < 60  # four runs over 5,000 drafts


def test_shards_are_stable_across_processes_and_roots(tmp_path: Path) -> None:
    names = [f"shop{i % 3}/draft{i}.yaml" for i in range(200)]
    here = [shard_of(n, 4) for n in names]
    code = (
        "import json, sys; from listlint.files import shard_of; "
        "print(json.dumps([shard_of(n, 4) for n in json.load(sys.stdin)]))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(names),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert json.loads(out.stdout) == here
    assert set(here) == {0, 1, 2, 3}
    # the hash is of the path relative to the checked root, not of where the root is
    for root in (tmp_path / "a", tmp_path / "b" / "c"):
        files = [root / n for n in names]
        root.mkdir(parents=True)
        picked = select_shard(files, [root], 2, 4)
        assert [f.relative_to(root).as_posix() for f in picked] == [
            n for n, s in zip(names, here, strict=True) if s == 1
        ]


def test_jsonl_catalogue_findings_are_located_by_line(cli: Any, tmp_path: Path) -> None:
    rows = [
        json.dumps({"category": "服装/女装/T恤", "title": "纯棉T恤"}, ensure_ascii=False),
        '{"category": "服装/女装/T恤", "title": ',  # broken line
        "",
        json.dumps({"category": "服装/女装/T恤", "title": "最好的T恤"}, ensure_ascii=False),
    ]
    path = tmp_path / "catalogue.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("check", path, "--format", "json", "--select", "adlaw,draft", "--no-cache")
    data = json.loads(result.stdout)
    found = [(d["rule"], d["line"], d["column"], d["match"]) for d in data["diagnostics"]]
    column = rows[3].index("最好") + 1
    assert found == [
        ("draft/syntax", 2, found[0][2], ""),
        ("adlaw/absolute-terms", 4, column, "最好"),
    ]
    assert data["files"] == 1


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest captures stderr: not a terminal
    assert _Progress.wanted() is False

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _Progress.wanted() is True
    monkeypatch.setenv("CI", "true")
    assert _Progress.wanted() is False
    monkeypatch.setenv("CI", "false")
    assert _Progress.wanted() is True


def test_progress_bar_waits_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    quiet = _Progress(10, enabled=False)
    quiet.clock = lambda: now[0]
    now[0] += 5
    quiet(1)
    assert quiet.bar is None

    progress = _Progress(10, enabled=True)
    progress.clock = lambda: now[0]
    progress.started = now[0]
    progress(1)
    assert progress.bar is None  # a short run never shows a bar
    now[0] += 1.5
    progress(1)
    try:
        assert progress.bar is not None
        progress(8)
        assert progress.done == 10
    finally:
        progress.close()
    assert progress.bar is None


def test_config_file_in_a_checked_folder_is_not_a_draft(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "listlint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "listlint.yaml").write_text("cache: false\n", encoding="utf-8")
    (tmp_path / "shop" / "tee.yaml").write_text(
        "category: 服装/女装/T恤\ntitle: 纯棉短袖T恤女宽松百搭圆领上衣\n", encoding="utf-8"
    )
    result = cli("check", tmp_path, "--format", "json", "--no-cache")
    report = json.loads(result.stdout)
    assert report["files"] == 1
    assert {Path(d["path"]).name for d in report["diagnostics"]} == {"tee.yaml"}
    # named on the command line, a config file is still not a draft: skipped and counted
    named = json.loads(cli("check", tmp_path / "listlint.yaml", "--format", "json").stdout)
    assert named["files"] == 0 and named["summary"]["skipped_non_drafts"] == 1
    # while a draft is checked whatever its name
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "docker-compose.yml").write_text(
        "category: 服装/女装/T恤\ntitle: 最好的纯棉短袖T恤女\n", encoding="utf-8"
    )
    named = json.loads(
        cli("check", tmp_path / "other" / "docker-compose.yml", "--format", "json").stdout
    )
    assert named["files"] == 1
    assert any(d["rule"].startswith("adlaw/") for d in named["diagnostics"])


def test_findings_cross_process_boundaries_whole() -> None:
    import pickle

    from listlint.findings import Finding, Fix, Severity

    for fix in (None, Fix(3, 5, "")):
        f = Finding("a.yaml", 1, 2, 1, 4, "title", "adlaw/x", Severity.WARNING, "最好", "m", None,
                    "《广告法》第九条", fix)  # fmt: skip
        back = pickle.loads(pickle.dumps(f))
        assert back == f and back.fix == fix and back.severity is Severity.WARNING


def test_display_paths_of_many_files_match_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from listlint.files import display_path, display_paths

    monkeypatch.chdir(tmp_path)
    here = Path.cwd()
    paths = [
        here / "shop" / "a.yaml",
        here / "店铺" / "草稿.yaml",
        here / "shop" / ".." / "b.yaml",
        Path("shop/c.yaml"),
        Path("./shop//d.yaml"),
        Path("../elsewhere/e.yaml"),
        Path("/elsewhere/f.yaml"),
        here / os.fsdecode(b"bad\xffname.yaml"),
    ]
    assert display_paths(paths) == [display_path(p) for p in paths]
    assert display_paths(paths)[:2] == ["shop/a.yaml", "店铺/草稿.yaml"]


def test_drafts_read_ahead_for_workers_stay_within_the_byte_budget(tmp_path: Path) -> None:
    from listlint.batch import _Prefetch
    from listlint.draft.load import Limits

    files = []
    for i in range(6):
        path = tmp_path / f"d{i}.yaml"
        path.write_bytes(b"x" * 100)
        files.append(str(path))
    big = tmp_path / "big.yaml"
    big.write_bytes(b"y" * 1000)
    ahead = _Prefetch(Limits(), budget=250, largest=500)
    taken = [ahead.take(i, f) for i, f in enumerate(files[:4])]
    assert [t is not None for t in taken] == [True, True, True, False]  # 300 > 250 bytes
    assert taken[0] == (b"x" * 100, 100)
    assert ahead.take(9, str(big)) is None  # over `largest`: the worker reads it
    ahead.release([0, 1, 2])
    assert ahead.held == 0 and ahead.take(4, files[4]) is not None
    missing = ahead.take(5, str(tmp_path / "gone.yaml"))
    assert isinstance(missing, OSError)  # reported by the worker as draft/unreadable
