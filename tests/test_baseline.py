"""Baselines: record today's findings, report only new ones later."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TEE = """\
category: 服装/女装/T恤
title: 全网最好的纯棉T恤
selling_points:
  - 最好
  - 最好
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tee.yaml").write_text(TEE, encoding="utf-8")
    (drafts / "socks.yaml").write_text("category: 服装/袜子\ntitle: 纯棉袜子\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(cli: Any, *args: str | Path) -> Any:
    """The real CLI on the adlaw and draft packs (others would add unrelated findings)."""
    return cli("check", *args, "--select", "adlaw,draft")


def _diagnostics(cli: Any, *args: str) -> list[dict[str, Any]]:
    return json.loads(check(cli, "drafts", "--format", "json", *args).stdout)["diagnostics"]


def test_write_baseline_records_findings_without_positions(cli: Any, project: Path) -> None:
    before = _diagnostics(cli)
    assert len(before) == 3
    result = check(cli, "drafts", "--write-baseline", "ci/baseline.json")
    assert result.exit_code == 0
    assert "中的 3 个问题记录到基线" in result.stderr
    data = json.loads((project / "ci/baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    # one entry per (file, rule, field, matched text), relative to the baseline's folder
    expected = sorted(("../" + d["path"], d["rule"], d["field"], d["match"], 1) for d in before)
    entries = [(e["path"], e["rule"], e["field"], e["match"], e["count"]) for e in data["findings"]]
    assert entries == expected
    assert {e["field"] for e in data["findings"]} == {
        "title",
        "selling_points[0]",
        "selling_points[1]",
    }
    assert all("line" not in e and "column" not in e for e in data["findings"])


def test_baseline_hides_known_findings_and_survives_edits(cli: Any, project: Path) -> None:
    check(cli, "drafts", "--write-baseline", "baseline.json")
    result = check(cli, "drafts", "--baseline", "baseline.json")
    assert result.exit_code == 0
    assert "3 个已知问题" in result.stderr
    # an edit elsewhere moves every finding down two lines: still known
    tee = project / "drafts/tee.yaml"
    tee.write_text("platform: taobao\nbrand_owner: false\n" + TEE, encoding="utf-8")
    assert _diagnostics(cli, "--baseline", "baseline.json") == []
    # a new finding is reported, the known ones are not
    tee.write_text(TEE + "subtitle: 国家级品质\n", encoding="utf-8")
    new = _diagnostics(cli, "--baseline", "baseline.json")
    assert [(d["field"], d["match"]) for d in new] == [("subtitle", "国家级")]
    assert check(cli, "drafts", "--baseline", "baseline.json").exit_code == 1


def test_counts_absorb_at_most_as_many_identical_findings(cli: Any, project: Path) -> None:
    text = "category: 服装/女装/T恤\ntitle: 纯棉T恤\ndescription: 最好的面料，最好的做工。\n"
    tee = project / "drafts/tee.yaml"
    tee.write_text(text, encoding="utf-8")
    check(cli, "drafts", "--write-baseline", "baseline.json")
    entries = json.loads((project / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e["count"] for e in entries] == [2]
    assert _diagnostics(cli, "--baseline", "baseline.json") == []
    tee.write_text(text.replace("做工。", "做工，最好的服务。"), encoding="utf-8")
    new = _diagnostics(cli, "--baseline", "baseline.json")
    assert len(new) == 1 and new[0]["match"] == "最好"


def test_baseline_works_from_another_directory(
    cli: Any, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(cli, "drafts", "--write-baseline", "baseline.json")
    monkeypatch.chdir(project / "drafts")
    result = check(cli, ".", "--baseline", "../baseline.json", "--format", "json")
    assert json.loads(result.stdout)["diagnostics"] == []


def test_fixed_findings_are_counted_as_stale(cli: Any, project: Path) -> None:
    check(cli, "drafts", "--write-baseline", "baseline.json")
    (project / "drafts/tee.yaml").write_text(
        "category: 服装/女装/T恤\ntitle: 纯棉T恤\n", encoding="utf-8"
    )
    result = check(cli, "drafts", "--baseline", "baseline.json")
    assert result.exit_code == 0
    assert "3 个问题已不再出现" in result.stderr
    # checking only another file does not call the tee's entries stale
    other = check(cli, "drafts/socks.yaml", "--baseline", "baseline.json")
    assert "不再出现" not in other.stderr


def test_bad_baseline_files_exit_2(cli: Any, project: Path) -> None:
    assert check(cli, "drafts", "--baseline", "missing.json").exit_code == 2
    (project / "bad.json").write_text("{not json", encoding="utf-8")
    result = check(cli, "drafts", "--baseline", "bad.json")
    assert result.exit_code == 2
    assert "不是 JSON" in result.stderr
    (project / "other.json").write_text('{"version": 1, "findings": [{}]}', encoding="utf-8")
    assert check(cli, "drafts", "--baseline", "other.json").exit_code == 2


def test_baseline_with_sarif(cli: Any, project: Path) -> None:
    check(cli, "drafts", "--write-baseline", "baseline.json")
    (project / "drafts/socks.yaml").write_text(
        "category: 服装/袜子\ntitle: 国家级袜子\n", encoding="utf-8"
    )
    log = json.loads(
        check(cli, "drafts", "--baseline", "baseline.json", "--format", "sarif").stdout
    )
    results = log["runs"][0]["results"]
    assert [r["properties"]["match"] for r in results] == ["国家级"]
