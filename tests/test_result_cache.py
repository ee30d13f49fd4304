"""The result cache (in the user's cache folder): a re-run
reports exactly what a fresh run reports, serves
unchanged drafts without checking them again, and checks again whatever changed: the draft,
a file it names, the config, a pack."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from listlint.engine.resultcache import _HEAD, _MID, ResultCache
from listlint.engine.run import Checker
from listlint.findings import Finding, Fix, Severity

TEE = """\
platform: taobao
category: 服装/女装/T恤
title: 棉语夏季顶级最好的纯棉短袖T恤女宽松百搭圆领上衣
description: |
  全网第一，新疆长绒棉。
images:
  - {path: main.jpg, role: main}
skus:
  - {name: 白色 M, price: 129, stock: 200}
"""
NUTS = """\
category: 食品/休闲零食/坚果
title: 每日坚果混合装 降血糖
"""


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "listlint.yaml").write_text("cache: true\n", encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tee.yaml").write_text(TEE, encoding="utf-8")
    (drafts / "nuts.yaml").write_text(NUTS, encoding="utf-8")
    Image.new("RGB", (400, 400), (255, 255, 255)).save(drafts / "main.jpg")
    monkeypatch.chdir(tmp_path)
    return drafts


def run(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("check", "drafts", "--format", "json", "--today", "2026-11-21", *args)
    return json.loads(result.stdout)


def indexes(shop: Path) -> list[Path]:
    """The result indexes of the project at `shop`'s parent (in the user's cache folder)."""
    return sorted(ResultCache(shop.parent, "k", "d").folder.glob("results-*.json"))


def test_a_cached_rerun_reports_exactly_what_a_fresh_run_reports(cli: Any, shop: Path) -> None:
    fresh = run(cli, "--no-cache")
    assert indexes(shop) == []  # --no-cache neither reads nor writes
    first = run(cli)
    assert len(indexes(shop)) == 1
    again = run(cli)
    assert fresh == first == again
    assert any(d["fixable"] for d in again["diagnostics"])


def test_unchanged_drafts_are_not_checked_again(
    cli: Any, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(cli)
    checked: list[str] = []
    original = Checker.check_file

    def counting(self: Checker, file: Path, display: str, content: Any = None) -> Any:
        checked.append(Path(display).name)
        return original(self, file, display, content)

    monkeypatch.setattr(Checker, "check_file", counting)
    assert run(cli) == first and checked == []
    # an edit: only that draft is checked again, and its new findings are reported
    (shop / "nuts.yaml").write_text(NUTS.replace("降血糖", "孕妇零食"), encoding="utf-8")
    after = run(cli)
    assert checked == ["nuts.yaml"]
    rules = {d["rule"] for d in after["diagnostics"] if d["path"].endswith("nuts.yaml")}
    assert "adlaw/food-health-claims" not in rules


def test_a_changed_image_invalidates_the_draft_that_names_it(
    cli: Any, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = run(cli)
    assert any(d["rule"].startswith("image/") for d in small["diagnostics"])
    image = shop / "main.jpg"
    Image.new("RGB", (800, 800), (255, 255, 255)).save(image)
    os.utime(image, ns=(1, 1))  # a different mtime even on a coarse clock
    big = run(cli)
    assert big != small
    assert big == run(cli, "--no-cache")


def test_config_and_pack_changes_use_another_index(cli: Any, shop: Path, tmp_path: Path) -> None:
    run(cli)
    (shop.parent / "listlint.yaml").write_text("cache: true\nignore: [adlaw]\n", "utf-8")
    ignored = run(cli)
    assert not any(d["rule"].startswith("adlaw/") for d in ignored["diagnostics"])
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\nversion: '1'\ndescription: x\nrules:\n  - id: mine/cotton\n"
        "    kind: terms\n    severity: warning\n    title: t\n    message: m\n"
        "    reference: r\n    terms: [纯棉]\n",
        encoding="utf-8",
    )
    with_pack = run(cli, "--pack", str(pack))
    assert any(d["rule"] == "mine/cotton" for d in with_pack["diagnostics"])
    assert len(indexes(shop)) == 3


def test_the_index_round_trips_every_field_of_a_finding(tmp_path: Path) -> None:
    findings = [
        Finding("a.yaml", 1, 2, 1, 5, "title", "adlaw/x", Severity.ERROR, "最好", "消息",
                "建议", "《广告法》", Fix(3, 5, "")),
        Finding("a.yaml", 3, 1, 3, 9, "", "draft/schema", Severity.INFO, "", "m", None, ""),
        Finding("other.jsonl", 9, 1, 9, 2, "skus[0]", "sku/x", Severity.WARNING, "\n\"", "m",
                "s", "r", Fix(0, 0, "插入")),
    ]  # fmt: skip
    cache = ResultCache(tmp_path, "key", "2026-11-21")
    cache.put("a.yaml", "sha1", findings, [])
    cache.put("b.yaml", "sha2", [], [])
    cache.save()
    again = ResultCache(tmp_path, "key", "2026-11-21")
    back = again.get("a.yaml", "sha1")
    assert back == findings
    assert [f.fix for f in back or []] == [f.fix for f in findings]
    assert again.get("b.yaml", "sha2") == []
    assert again.get("a.yaml", "another sha") is None
    # the string table keeps only what the entries still use
    again.put("a.yaml", "sha3", findings[1:2], [])
    again.save()
    raw = cache.file.read_bytes()
    data = json.loads(raw[len(_HEAD) + 64 + len(_MID) : -1])
    assert "消息" not in data["strings"] and "draft/schema" in data["strings"]
    assert ResultCache(tmp_path, "key", "2026-11-21").get("a.yaml", "sha3") == findings[1:2]


def test_compiled_resources_are_read_back_from_their_cache(tmp_path: Path, monkeypatch) -> None:
    """The second start loads the packs from the per-user cache instead of building them (a
    type the safe unpickler refuses would silently cost every run 0.5 s: the bench's cold start
    went from 0.22 to 0.76 s when the literal gates first added ``re`` patterns)."""
    from listlint.api import build_resources
    from listlint.config import Config
    from listlint.engine import cache

    monkeypatch.setenv("LISTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LISTLINT_NO_CACHE", raising=False)
    built: list[int] = []

    def build(config: Config) -> Any:
        built.append(1)
        return build_resources(config)

    first, key = cache.load(Config(), build)
    assert key and built == [1]
    again, key2 = cache.load(Config(), build)
    assert key2 == key and built == [1], "the cache was not used"
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
