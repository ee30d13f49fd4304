"""What sellers type (issue #17 item 4): platforms by their Chinese names (淘宝, 京东 …), document
types by the names on the certificates (SC, CCC, 化妆品备案: a warning with the type meant), and
parameter-table keys in Traditional Chinese (淨含量, 產地) read as their Simplified forms."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import by_rule

TODAY = date(2026, 11, 21)
# 16 CJK characters + 15 ASCII: 31 characters (over Douyin's 30), 47 units (under Taobao's 60)
TITLE = "夏季纯棉短袖T恤女宽松百搭圆领上衣" + "ABCDEFGHIJKLMN"


@pytest.mark.parametrize(
    ("written", "too_long"),
    [("淘宝", False), ("天猫", False), ("京东", False), ("拼多多", False), ("抖音", True)],
)
def test_a_platform_written_in_chinese_is_that_platform(write_draft, check_file, written, too_long):
    assert len(TITLE) == 31
    path = write_draft(f"platform: {written}\ncategory: 服装/女装/T恤\ntitle: {TITLE}\n")
    found = check_file(path, today=TODAY)
    assert by_rule(found, "draft/unknown-platform") == []
    length = by_rule(found, "title/length")
    assert bool(length) is too_long, [f.message for f in length]
    if too_long:
        assert "抖音" in length[0].message and "30" in length[0].message


@pytest.mark.parametrize(
    ("written", "meant"), [("淘室", "taobao"), ("京冬", "jd"), ("天苗", "tmall")]
)
def test_a_misspelt_platform_gets_a_did_you_mean(write_draft, check_file, written, meant):
    path = write_draft(f"platform: {written}\ncategory: 服装/女装/T恤\ntitle: 纯棉短袖T恤女\n")
    (found,) = by_rule(check_file(path, today=TODAY), "draft/unknown-platform")
    assert found.field == "platform" and found.match == written
    assert f"是否想写 {meant}" in found.message


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("SC", "food_production_license"),
        ("食品生产许可证", "food_production_license"),
        ("CCC", "ccc_certificate"),
        ("3C", "ccc_certificate"),
        ("化妆品备案", "cosmetics_filing"),
    ],
)
def test_a_document_type_as_sellers_name_it_gets_the_type_meant(
    write_draft, check_file, written, meant
):
    path = write_draft(f"category: 其他\ntitle: 示例商品\ndocuments:\n  - type: {written}\n")
    (found,) = by_rule(check_file(path, today=TODAY), "qualification/unknown-document-type")
    assert found.field == "documents[0].type" and found.match == written
    assert f"是否应为 {meant}" in found.message


FOOD = """\
category: 食品/休闲零食/饼干
title: 黄油曲奇饼干 罐装
attributes:
  {net}: 500g
  {origin}: 广东
  配料表: 小麦粉、黄油、白砂糖
  保质期: 12个月
  贮存条件: 阴凉干燥处
  生产日期: 见包装
  生产者: 某某食品有限公司
  生产地址: 广东省东莞市
"""


def test_traditional_attribute_keys_read_as_simplified(write_draft, check_file):
    simplified = write_draft(FOOD.format(net="净含量", origin="产地"), "s.yaml")
    assert by_rule(check_file(simplified, today=TODAY), "listing/attributes-food") == []
    traditional = write_draft(FOOD.format(net="淨含量", origin="產地"), "t.yaml")
    assert by_rule(check_file(traditional, today=TODAY), "listing/attributes-food") == []
    # the rule does fire when the keys are really missing
    missing = write_draft(FOOD.format(net="口味", origin="品牌"), "m.yaml")
    (found,) = by_rule(check_file(missing, today=TODAY), "listing/attributes-food")
    assert "净含量" in found.message and "产地" in found.message


@pytest.mark.parametrize(("written", "small"), [("主图", True), ("main", True), ("详情图", False)])
def test_an_image_role_written_in_chinese_is_that_role(write_draft, check_file, written, small):
    path = write_draft(
        "category: 服装/女装/T恤\ntitle: 纯棉短袖T恤女\nimages:\n"
        f"  - {{path: 'https://img.example/a.jpg', role: {written}, width: 400, height: 400}}\n"
    )
    found = check_file(path, today=TODAY)
    assert by_rule(found, "draft/schema") == []
    assert bool(by_rule(found, "image/main-too-small")) is small


def test_an_unknown_image_role_is_a_schema_finding_on_that_image_only(write_draft, check_file):
    path = write_draft(
        "category: 服装/女装/T恤\ntitle: 纯棉短袖T恤女\nimages:\n"
        "  - {path: 'https://img.example/a.jpg', role: 主图, width: 400, height: 400}\n"
        "  - {path: 'https://img.example/b.jpg', role: 正面}\n"
    )
    found = check_file(path, today=TODAY)
    (schema,) = by_rule(found, "draft/schema")
    assert schema.field == "images[1].role" and " or " not in schema.message
    assert by_rule(found, "image/main-too-small")  # the other image is still checked
