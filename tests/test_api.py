"""The library API (listlint.api): drafts held in memory and bare texts are linted like files,
without writing anything to the working directory or changing global state."""

from __future__ import annotations

import gc
import json
import os
import signal
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from listlint import Linter, lint_draft, lint_paths, lint_text
from listlint.config import Config

DRAFT = {
    "platform": "taobao",
    "category": "服装/女装/T恤",
    "title": "棉语夏季最好看的纯棉短袖T恤女宽松百搭圆领上衣",
    "description": "新疆长绒棉，国家级工艺。\n适合通勤、居家、出游。",
    "skus": [{"name": "白色 M", "price": 0, "stock": 10}],
}


def _key(f: Any) -> tuple[str, str, str, str, str]:
    return (f.rule, f.field, f.match, f.severity.label, f.message)


@pytest.fixture
def read_only_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.chdir(folder)
    yield folder
    folder.chmod(stat.S_IRWXU)


def test_a_dict_and_a_text_give_the_findings_the_cli_gives_for_the_file(
    tmp_path: Path, cli: Any, read_only_cwd: Path
) -> None:
    file = tmp_path / "tee.yaml"
    file.write_text(yaml.safe_dump(DRAFT, allow_unicode=True), encoding="utf-8")
    result = cli("check", "-f", "json", "--no-cache", "--today", "2026-11-21", file)
    from_cli = {
        (d["rule"], d["field"], d["match"], d["severity"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
    }
    config = Config(today="2026-11-21")
    from_dict = {_key(f) for f in lint_draft(DRAFT, config=config)}
    assert from_dict == from_cli
    # the description alone, as a bare text: exactly the CLI's findings in that field
    text = DRAFT["description"]
    found = lint_text(text, field="description", category=DRAFT["category"], config=config)
    assert {_key(f) for f in found} == {k for k in from_cli if k[1] == "description"}
    assert list(read_only_cwd.iterdir()) == []


def test_lint_text_positions_are_those_of_the_text_itself() -> None:
    text = "第一行没有问题\n第二行写了国家级工艺"
    (found,) = [
        f
        for f in lint_text(text, field="description", category="家居/收纳")
        if f.rule.startswith("adlaw/")
    ]
    assert found.rule == "adlaw/absolute-terms" and found.path == "<text>"
    assert (found.line, found.column, found.end_line, found.end_column) == (2, 6, 2, 9)
    assert text.splitlines()[1][found.column - 1 : found.end_column - 1] == found.match


def test_lint_paths_reports_like_the_cli(tmp_path: Path, cli: Any) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(DRAFT, allow_unicode=True), "utf-8")
    report = lint_paths([tmp_path], config=Config(today="2026-11-21"))
    result = cli("check", "-f", "json", "--no-cache", "--today", "2026-11-21", tmp_path)
    data = json.loads(result.stdout)
    assert report.files == data["files"] == 1
    assert [f.to_json() for f in report.findings] == data["diagnostics"]
    assert report.failed("error")


def test_the_api_changes_no_global_state(tmp_path: Path) -> None:
    thresholds = gc.get_threshold()
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    frozen = gc.get_freeze_count()
    environ = dict(os.environ)
    jieba_dt = sys.modules["jieba"].dt if "jieba" in sys.modules else None
    before = jieba_dt.FREQ if jieba_dt is not None else None
    linter = Linter(Config(allow=["最好看"]))
    linter.lint_draft(DRAFT)
    assert gc.get_threshold() == thresholds and gc.get_freeze_count() == frozen
    assert {s: signal.getsignal(s) for s in handlers} == handlers
    assert dict(os.environ) == environ
    import jieba

    assert jieba.dt is (jieba_dt or jieba.dt)  # jieba's own tokenizer is never replaced
    if before is not None:
        assert jieba.dt.FREQ is before


def test_two_linters_with_different_configs_live_side_by_side() -> None:
    strict = Linter(Config())
    lenient = Linter(Config(allow=["最好看"]))
    assert any(f.rule == "adlaw/absolute-terms" for f in strict.lint_draft(DRAFT))
    assert not any(
        f.rule == "adlaw/absolute-terms" and f.match == "最好看" for f in lenient.lint_draft(DRAFT)
    )
    # and the first is unchanged by the second
    assert any(f.match == "最好看" for f in strict.lint_draft(DRAFT))


def test_a_bad_config_value_is_a_clear_error() -> None:
    from listlint.config import ConfigError

    with pytest.raises(ConfigError, match="taobo"):
        Linter({"platform": "taobo"})
    with pytest.raises(ConfigError, match="ignore"):
        Linter({"ignore": ["adlaw/absolut-terms"]})
