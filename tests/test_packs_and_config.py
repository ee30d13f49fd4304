"""Custom YAML packs, pack validation errors, config discovery and CLI overrides."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

CUSTOM_PACK = """
pack: shop
version: "1.0"
description: 本店自定义禁用词
rules:
  - id: shop/competitor-names
    kind: terms
    severity: warning
    title: 竞品名称
    message: 不要在标题中提及竞品“{match}”
    suggestion: 删除竞品名称
    reference: 本店运营规范第 3 条
    scope: {fields: [title]}
    terms: [某某牌, 隔壁家]
    examples:
      bad: [比某某牌更耐用的保温杯]
      good: [耐用的保温杯]
"""

DRAFT = "category: 家居/水杯\ntitle: 比隔壁家更耐用的保温杯\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _rules(result) -> list[str]:
    return [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]


def test_custom_pack_from_command_line_reports_its_findings(tmp_path, cli):
    pack = _write(tmp_path / "shop.yaml", CUSTOM_PACK)
    draft = _write(tmp_path / "d.yaml", DRAFT)
    result = cli("check", "--format", "json", "--pack", pack, draft)
    assert "shop/competitor-names" in _rules(result)
    finding = next(
        d for d in json.loads(result.stdout)["diagnostics"] if d["rule"].startswith("shop/")
    )
    assert (finding["line"], finding["column"], finding["match"]) == (2, 9, "隔壁家")
    assert finding["severity"] == "warning" and finding["reference"] == "本店运营规范第 3 条"


def test_custom_pack_from_config_file_is_found_upward(tmp_path, cli, monkeypatch):
    _write(tmp_path / "packs" / "shop.yaml", CUSTOM_PACK)
    _write(tmp_path / "listlint.yaml", "packs: [packs/shop.yaml]\n")
    draft = _write(tmp_path / "drafts" / "deep" / "d.yaml", DRAFT)
    monkeypatch.chdir(tmp_path / "drafts")
    assert "shop/competitor-names" in _rules(cli("check", "--format", "json", draft))


def test_config_in_pyproject_selects_rules(tmp_path, cli):
    _write(tmp_path / "pyproject.toml", '[tool.listlint]\nselect = ["sku"]\n')
    draft = _write(
        tmp_path / "d.yaml", "category: 家居\ntitle: 最佳水杯\nskus: [{name: a, price: 0}]\n"
    )
    assert _rules(cli("check", "--format", "json", draft)) == ["sku/price-positive"]


def test_command_line_ignore_wins_over_config(tmp_path, cli):
    _write(tmp_path / "listlint.yaml", "select: [adlaw, sku]\n")
    draft = _write(
        tmp_path / "d.yaml", "category: 家居\ntitle: 最佳水杯\nskus: [{name: a, price: 0}]\n"
    )
    rules = _rules(cli("check", "--format", "json", "--ignore", "adlaw", draft))
    assert rules == ["sku/price-positive"]


def test_severity_override_and_fail_on(tmp_path, cli):
    _write(tmp_path / "listlint.yaml", "select: [sku]\nseverity: {sku/price-positive: warning}\n")
    draft = _write(
        tmp_path / "d.yaml", "category: 家居\ntitle: 水杯\nskus: [{name: a, price: 0}]\n"
    )
    result = cli("check", "--format", "json", draft)
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["summary"]
    assert summary == {
        "error": 0, "warning": 1, "info": 0, "advice": 0, "advice_hidden": 0,
        "skipped_non_drafts": 0,
    }  # fmt: skip
    assert cli("check", "--format", "json", "--fail-on", "warning", draft).exit_code == 1


def test_allow_list_in_config_silences_a_term(tmp_path, cli):
    _write(tmp_path / "listlint.yaml", "select: [adlaw]\nallow: [最佳拍档]\n")
    draft = _write(tmp_path / "d.yaml", "category: 家居\ntitle: 最佳拍档情侣水杯\n")
    assert _rules(cli("check", "--format", "json", draft)) == []


@pytest.mark.parametrize(
    ("pack_text", "line", "reason"),
    [
        (
            CUSTOM_PACK.replace("kind: terms", "kind: term"),
            6,
            "未知的规则类型“term”，是否想写“terms”？",
        ),
        (
            CUSTOM_PACK.replace("    terms: [某某牌, 隔壁家]\n", ""),
            5,
            "缺少必需的键“terms”",
        ),
        (
            CUSTOM_PACK.replace("good: [耐用的保温杯]", "good: [隔壁家的保温杯]"),
            5,
            "正例（good）被报告了问题",
        ),
        (
            CUSTOM_PACK.replace("id: shop/competitor-names", "id: adlaw/x"),
            5,
            "应以“shop/”开头",
        ),
        (CUSTOM_PACK.replace("severity: warning", "severity: fatal"), 7, "severity"),
        ("pack: shop\nversion: 1\nrules: [\n", 4, "YAML 语法错误：缺少内容"),
        (CUSTOM_PACK.replace("    terms:", "    tems:"), 13, "未知的键“tems”，是否想写“terms”？"),
    ],
)
def test_broken_pack_exits_2_with_file_and_line(tmp_path, cli, pack_text, line, reason):
    pack = _write(tmp_path / "broken.yaml", pack_text)
    draft = _write(tmp_path / "d.yaml", DRAFT)
    result = cli("check", "--pack", pack, draft)
    assert result.exit_code == 2
    assert f"{pack}:{line}:" in result.stderr
    assert reason in result.stderr


def test_pack_with_bad_regex_exits_2(tmp_path, cli):
    pack = _write(
        tmp_path / "rx.yaml",
        CUSTOM_PACK.replace("kind: terms", "kind: pattern").replace(
            "terms: [某某牌, 隔壁家]", "regex: '(某某'"
        ),
    )
    result = cli("check", "--pack", pack, _write(tmp_path / "d.yaml", DRAFT))
    assert result.exit_code == 2
    assert f"{pack}:5:" in result.stderr and "shop/competitor-names" in result.stderr


def test_bad_config_exits_2(tmp_path, cli):
    _write(tmp_path / "listlint.yaml", "platfrom: jd\n")
    result = cli("check", _write(tmp_path / "d.yaml", DRAFT))
    assert result.exit_code == 2 and "platfrom" in result.stderr


def test_missing_path_exits_2(tmp_path, cli):
    assert cli("check", tmp_path / "nope.yaml").exit_code == 2


CONTEXT_PACK = r"""
pack: shop
version: "1.0"
description: 本店宗教用语
rules:
  - id: shop/blessing
    kind: terms
    boundary: edge
    severity: warning
    title: 宗教加持用语
    message: 不要写“{match}”
    messages:
      ritual: {text: "“{match}”是宗教仪式用语", severity: error}
    terms:
      # 加持 after a noun is product slang (科技加持); after a master it is a blessing
      - term: 加持
        exception_contexts:
          - before: {pos: [n, nz, un], not_words: ['\L<agents>']}
      - {term: 开光, variant: ritual}
    lists:
      agents: [大师, 高僧]
    examples:
      bad: [大师加持 手串, 开光 手串]
      good: [气垫加持 跑鞋, 科技加持 手机]
"""


def test_a_user_pack_states_exceptions_on_the_neighbouring_words_and_message_variants(
    tmp_path, cli
):
    pack = _write(tmp_path / "shop.yaml", CONTEXT_PACK)
    slang = _write(tmp_path / "a.yaml", "category: 鞋靴/跑步鞋\ntitle: 全掌碳板加持 跑鞋\n")
    result = cli("check", "--format", "json", "--select", "shop", "--pack", pack, slang)
    assert _rules(result) == []
    ritual = _write(tmp_path / "b.yaml", "category: 珠宝饰品/手串\ntitle: 大师加持 开光手串\n")
    result = cli("check", "--format", "json", "--select", "shop", "--pack", pack, ritual)
    found = [
        (d["match"], d["severity"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]
    ]
    assert found == [
        ("加持", "warning", "不要写“加持”"),
        ("开光", "error", "“开光”是宗教仪式用语"),
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("variant: ritual", "variant: rite"), "unknown message variant 'rite'"),
        (("\\L<agents>", "\\L<masters>"), "unknown word list"),
        (("- before: {pos", "- {pos"), "exception_contexts"),
    ],
)
def test_a_bad_exception_context_or_variant_is_a_pack_error(tmp_path, cli, change, reason):
    pack = _write(tmp_path / "shop.yaml", CONTEXT_PACK.replace(*change))
    result = cli("check", "--pack", pack, _write(tmp_path / "d.yaml", DRAFT))
    assert result.exit_code == 2
    assert reason in result.stderr


def test_the_smallest_user_pack_works_with_sensible_defaults(tmp_path, cli):
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "pack: house\nrules:\n  - id: house/no-tejia\n    kind: terms\n"
        "    message: 不要写“特价”\n    terms: [特价]\n",
        encoding="utf-8",
    )
    draft = tmp_path / "tee.yaml"
    draft.write_text("category: 服装/女装/T恤\ntitle: 特价纯棉短袖T恤女\n", encoding="utf-8")
    result = cli("check", draft, "--pack", pack, "--format", "json", "--no-cache")
    [found] = [d for d in json.loads(result.stdout)["diagnostics"] if d["rule"] == "house/no-tejia"]
    assert found["severity"] == "warning"
    assert (found["line"], found["column"], found["match"]) == (2, 8, "特价")
    assert found["message"] == "不要写“特价”"
    listed = cli("rules", "--pack", pack, "--no-color", env={"COLUMNS": "80"}).stdout
    assert "house/no-tejia  warning" in listed and "不要写“特价”" in listed


def test_every_builtin_rule_states_its_title_and_reference_and_text_rules_their_examples():
    import yaml

    from listlint.data import builtin_rules_dir

    for path in sorted((builtin_rules_dir() / "packs").glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in pack["rules"]:
            where = f"{path.name}: {rule['id']}"
            assert rule.get("title") and rule.get("reference"), where
            if rule["kind"] in ("terms", "pattern"):
                examples = rule.get("examples") or {}
                assert examples.get("bad") and examples.get("good"), where
