"""Dask: a catalogue as a bag of findings on a real LocalCluster (two worker processes), equal
to the single-process run; each worker builds its Linter once; ``--scheduler`` sends a CLI run
to a running scheduler.  Marked ``cluster`` (it runs by default and in CI, in ~15 s)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.cluster

SELECT = "adlaw,draft,sku"


def _catalogue(folder: Path) -> Path:
    titles = ["纯棉T恤女宽松", "国家级工艺T恤", "最好的T恤", "每日坚果 降血糖"]
    lines = ["宝贝名称,类目名称,宝贝价格,宝贝数量"]
    for i in range(240):
        price = "abc" if i % 11 == 0 else str(9 + i % 50)
        lines.append(f"{titles[i % 4]}{i},服装/女装/T恤,{price},{i % 9}")
    path = folder / "shop.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    drafts = folder / "drafts.jsonl"
    rows = [{"category": "家居/收纳", "title": f"国家级收纳盒{i}"} for i in range(30)]
    drafts.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (folder / "a.yaml").write_text("category: 家居/收纳\ntitle: 顶级收纳盒\n", encoding="utf-8")
    (folder / "listlint.yaml").write_text("catalogues: ['*.jsonl']\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as connected:
        yield connected


def _built() -> int:
    from listlint.batch import dask as adapter

    return adapter.BUILT["linters"]


def test_a_bag_on_a_local_cluster_gives_the_findings_of_one_process(
    client: Any, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from listlint.batch.dask import findings_bag

    folder = _catalogue(tmp_path)
    monkeypatch.chdir(folder)  # the config is found upward from the checked path
    one = cli("check", ".", "-f", "json", "--no-cache", "--select", SELECT, "--jobs", "1")
    expected = json.loads(one.stdout)["diagnostics"]
    assert len(expected) > 200 and {d.get("row") for d in expected} >= {None, 1, 240}

    config = {"select": SELECT.split(","), "catalogues": ["*.jsonl"]}
    bag = findings_bag(["."], config, rows_per_partition=50)
    assert bag.npartitions == 1 + 1 + 5 + 1 + 1  # a.yaml; drafts.jsonl: head + rows; shop.csv
    assert bag.compute(scheduler=client) == expected
    built = client.run(_built)
    assert sorted(built.values()) == [1, 1]  # once per worker process, not once per row


def test_the_cli_sends_a_catalogue_run_to_a_scheduler(
    client: Any, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_catalogue(tmp_path))
    args = ("check", ".", "-f", "json", "--no-cache", "--select", SELECT)
    local = cli(*args, "--jobs", "1")
    address = client.scheduler.address
    remote = cli(*args, "--scheduler", address)
    assert remote.exit_code == local.exit_code == 1
    assert remote.stdout == local.stdout
    summary = json.loads(remote.stdout)["summary"]
    assert (summary["rows_read"], summary["rows_checked"]) == (270, 270)


def test_an_unreachable_scheduler_exits_2(cli: Any, tmp_path: Path) -> None:
    path = _catalogue(tmp_path) / "shop.csv"
    result = cli("check", path, "--scheduler", "tcp://127.0.0.1:9", "-f", "json")
    assert result.exit_code == 2 and "无法连接 Dask 调度器" in result.stderr
    assert result.stdout == ""
