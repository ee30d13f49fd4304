"""Invalid elements of a draft (issue #17 items 6 and 7): with several invalid SKUs, images and
documents, every finding points at the element it is about, valid elements are still checked,
and an impossible date is a Chinese schema finding on its field that hides nothing else (a
licence with an impossible expiry date is still a licence: no false 缺少许可证)."""

from __future__ import annotations

from datetime import date

from conftest import by_rule

TODAY = date(2026, 11, 21)

DRAFT = """\
category: 食品/休闲零食/饼干
title: 黄油曲奇饼干 罐装
skus:
  - {name: 原味, price: 很便宜}
  - {name: 抹茶, price: -3}
  - {price: 20}
  - {name: 巧克力, price: 0}
  - {name: 大罐, price: 39, stock: 很多}
images:
  - {path: a.jpg, role: main, width: 宽}
  - {role: detail}
  - {path: c.jpg, role: 正面}
documents:
  - {type: food_production_license, number: SC11144010600123, expires: 2026-02-30}
  - {number: SC11144010600124}
  - {type: food_production_license, number: SC11144010600125, issued: 昨天}
  - {type: food_production_license, number: SC11144010600126, expires: 2020-01-01}
"""


def _fields(found, rule):
    return sorted(f.field for f in by_rule(found, rule))


def test_every_invalid_element_is_reported_at_its_own_index(write_draft, check_file):
    found = check_file(write_draft(DRAFT), today=TODAY)
    schema = {f.field: f for f in by_rule(found, "draft/schema")}
    assert set(schema) == {
        "skus[0].price",
        "skus[2]",  # no name: the element, not a key it lacks
        "skus[4].stock",
        "images[0].width",
        "images[1]",
        "images[2].role",
        "documents[0].expires",
        "documents[1]",
        "documents[2].issued",
    }, sorted(schema)
    for field, finding in schema.items():
        line = DRAFT.splitlines()[finding.line - 1]
        assert line.lstrip().startswith("- {"), (field, finding.line, line)
        assert any("\u4e00" <= c <= "\u9fff" for c in finding.message)  # in Chinese
    # lines: each finding is on the line of its own element
    lines = {f: DRAFT.splitlines()[schema[f].line - 1] for f in schema}
    assert "原味" in lines["skus[0].price"] and "大罐" in lines["skus[4].stock"]
    assert "a.jpg" in lines["images[0].width"] and "c.jpg" in lines["images[2].role"]
    assert "600123" in lines["documents[0].expires"] and "600125" in lines["documents[2].issued"]


def test_valid_elements_between_invalid_ones_are_still_checked(write_draft, check_file):
    found = check_file(write_draft(DRAFT), today=TODAY)
    # the SKUs with a bad price are found by the SKU rules at their own index
    assert _fields(found, "sku/price-positive") == ["skus[1].price", "skus[3].price"]
    # the licence after three invalid documents: its expiry is not missed
    (expired,) = by_rule(found, "qualification/document-expired")
    assert expired.field == "documents[3].expires" and "2020-01-01" in expired.message


def test_a_licence_with_an_impossible_date_still_counts_as_the_licence(write_draft, check_file):
    draft = (
        "category: 食品/休闲零食/饼干\ntitle: 黄油曲奇饼干 罐装\ndocuments:\n"
        "  - {type: food_production_license, number: SC11144010600123, expires: 2026-02-30}\n"
    )
    found = check_file(write_draft(draft), today=TODAY)
    (bad_date,) = by_rule(found, "draft/schema")
    column = draft.splitlines()[3].index("2026-02-30") + 1
    assert bad_date.field == "documents[0].expires"
    assert (bad_date.line, bad_date.column) == (4, column)
    assert "2026-02-30" in bad_date.message and "不是有效日期" in bad_date.message
    assert bad_date.severity.label == "error"
    assert by_rule(found, "qualification/food-license") == []  # no false 缺少许可证
    assert by_rule(found, "draft/syntax") == []


def test_an_impossible_date_hides_no_other_finding(write_draft, check_file):
    draft = (
        "category: 食品/休闲零食/饼干\ntitle: 最好吃的黄油曲奇饼干\ndocuments:\n"
        "  - type: food_production_license\n    number: SC11144010600123\n"
        "    issued: 2025-13-01\n    expires: 2029-02-29\n"
    )
    found = check_file(write_draft(draft), today=TODAY)
    assert _fields(found, "draft/schema") == ["documents[0].expires", "documents[0].issued"]
    assert by_rule(found, "adlaw/absolute-terms")  # 最好 on the title is still found
    assert by_rule(found, "qualification/food-license") == []


def test_a_missing_pack_file_is_reported_with_its_path(tmp_path, cli, write_draft):
    draft = write_draft("category: 家居/收纳\ntitle: 收纳盒\n")
    missing = tmp_path / "house-rules.yaml"
    result = cli("check", "--pack", str(missing), draft)
    assert result.exit_code == 2
    assert f"{missing}: 无法读取：文件不存在" in result.stderr
    assert ":0:" not in result.stderr
