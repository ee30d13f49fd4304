"""Qualification documents: what each category needs, and each document's number, dates and scan.

Every test writes a real draft (and real scan files) into a tmp dir and runs the real engine."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import REPO, by_rule

TODAY = date(2026, 11, 21)


def _check(check_file, path: Path):
    return check_file(path, today=TODAY)


def _where(findings):
    return [(f.field, f.line, f.column) for f in findings]


# -- numbers ----------------------------------------------------------------------------------
def test_food_licence_number_with_13_digits_is_reported_at_the_number(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        documents:
          - type: food_production_license
            number: SC1234567890123
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-number")
    assert _where(found) == [("documents[0].number", 5, 13)]
    assert found[0].match == "SC1234567890123"
    assert "SC + 14 位数字" in found[0].message
    assert found[0].severity.label == "error"


def test_retired_qs_number_gets_its_own_explanation(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        documents: [{type: food_production_license, number: QS110001234567}]
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-number")
    assert _where(found) == [("documents[0].number", 3, 53)]
    assert "QS" in found[0].message and "SC" in found[0].message


def test_document_with_a_number_format_but_no_number_is_reported(write_draft, check_file):
    path = write_draft(
        """
        category: 数码/移动电源
        title: 快充移动电源
        documents:
          - {type: ccc_certificate}
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-number")
    assert _where(found) == [("documents[0]", 4, 5)]
    assert "缺少编号" in found[0].message


@pytest.mark.parametrize(
    ("doc_type", "number", "ok"),
    [
        ("food_production_license", "SC11433010200125", True),
        ("food_production_license", "SC21433010200125", True),
        ("food_production_license", "SC31433010200125", False),
        ("food_production_license", "SC114330102001250", False),
        ("food_business_license", "JY13301060012345", True),
        ("food_business_license", "JY1330106001234", False),
        ("health_food_approval", "国食健注G20190123", True),
        ("health_food_approval", "国食健字J20140123", True),
        ("health_food_approval", "国食健G2019012", False),
        ("cosmetics_filing", "粤G妆网备字2021012345", True),
        ("cosmetics_filing", "国妆网备进字(沪)2021000123", True),
        ("cosmetics_filing", "国妆网备进字（沪）2021000123", True),
        ("cosmetics_filing", "粤妆网备字2021012345", False),
        ("special_cosmetics_registration", "国妆特字G20210123", True),
        ("special_cosmetics_registration", "国妆特进字J20210123", True),
        ("special_cosmetics_registration", "国妆特字20210123", False),
        ("ccc_certificate", "2021011001123456", True),
        ("ccc_certificate", "202101100112345", False),
        ("medical_device_registration", "国械注准20213140123", True),
        ("medical_device_registration", "粤械注准20212090456", True),
        ("medical_device_registration", "粤械备20212090456", False),
        ("medical_device_filing", "粤穗械备20210123号", True),
        ("medical_device_filing", "械备20210123号", False),
        ("trademark_registration", "第12345678号", True),
        ("trademark_registration", "1234567", True),
        ("trademark_registration", "123456", False),
    ],
)
def test_number_format_per_document_type(write_draft, check_file, doc_type, number, ok):
    path = write_draft(
        f"""
        category: 其他
        title: 示例商品
        documents:
          - type: {doc_type}
            number: "{number}"
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-number")
    if ok:
        assert found == []
    else:
        assert _where(found) == [("documents[0].number", 5, 14)]


def test_free_text_numbers_are_not_checked(write_draft, check_file):
    path = write_draft(
        """
        category: 其他
        title: 示例商品
        documents:
          - {type: brand_authorization, number: 授权-随便写}
          - {type: quality_inspection_report, number: QT/2026/0311}
        """
    )
    assert by_rule(_check(check_file, path), "qualification/document-number") == []


# -- dates ------------------------------------------------------------------------------------
def test_expired_licence_is_an_error_at_expires(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        documents:
          - type: food_production_license
            number: SC11433010200125
            expires: 2026-11-20
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-expired")
    assert _where(found) == [("documents[0].expires", 6, 14)]
    assert found[0].severity.label == "error"
    assert "2026-11-20" in found[0].message


def test_licence_expiring_within_30_days_is_a_warning(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        documents:
          - {type: food_production_license, number: SC11433010200125, expires: 2026-12-21}
          - {type: brand_authorization, expires: 2026-12-22}
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-expired")
    assert _where(found) == [("documents[0].expires", 4, 72)]
    assert found[0].severity.label == "warning"
    assert "剩余 30 天" in found[0].message


def test_expiring_today_is_still_valid_but_warned(write_draft, check_file):
    path = write_draft(
        """
        category: 其他
        title: 示例商品
        documents: [{type: brand_authorization, expires: 2026-11-21}]
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-expired")
    assert [f.severity.label for f in found] == ["warning"]


def test_issued_after_today_is_an_error_at_issued(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉短袖T恤女
        documents:
          - {type: quality_inspection_report, issued: 2026-11-22}
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-issued-future")
    assert _where(found) == [("documents[0].issued", 4, 47)]
    assert found[0].severity.label == "error"


def test_quality_report_older_than_12_months_is_a_warning(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉短袖T恤女
        documents:
          - {type: quality_inspection_report, number: QT-1, issued: 2025-11-20}
          - {type: quality_inspection_report, number: QT-2, issued: 2025-11-21}
          - {type: food_production_license, number: SC11433010200125, issued: 2001-01-01}
        """
    )
    found = by_rule(_check(check_file, path), "qualification/report-stale")
    assert _where(found) == [("documents[0].issued", 4, 61)]
    assert found[0].severity.label == "warning"
    assert "12 个月" in found[0].message


# -- the scan ---------------------------------------------------------------------------------
def test_missing_scan_is_an_error_and_an_existing_one_is_fine(write_draft, check_file, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sc.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 any bytes\n")
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        documents:
          - {type: food_production_license, number: SC11433010200125, file: docs/sc.pdf}
          - {type: brand_authorization, file: docs/auth.pdf}
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-file-missing")
    assert _where(found) == [("documents[1].file", 5, 39)]
    assert found[0].match == "docs/auth.pdf"
    assert "不存在" in found[0].message


def test_scan_path_that_is_a_folder_is_reported(write_draft, check_file, tmp_path):
    (tmp_path / "docs").mkdir()
    path = write_draft(
        """
        category: 其他
        title: 示例商品
        documents: [{type: brand_authorization, file: docs}]
        """
    )
    found = by_rule(_check(check_file, path), "qualification/document-file-missing")
    assert _where(found) == [("documents[0].file", 3, 47)]
    assert "文件夹" in found[0].message


@pytest.mark.parametrize("where", ["../../etc/passwd", "/etc/passwd"])
def test_scan_outside_the_draft_folder_is_a_warning_and_not_touched(write_draft, check_file, where):
    path = write_draft(
        f"""
        category: 其他
        title: 示例商品
        documents: [{{type: brand_authorization, file: {where}}}]
        """
    )
    found = _check(check_file, path)
    outside = by_rule(found, "qualification/path-outside-root")
    assert _where(outside) == [("documents[0].file", 3, 47)]
    assert outside[0].severity.label == "warning"
    assert by_rule(found, "qualification/document-file-missing") == []


# -- unknown types ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("食品生产许可证", "food_production_license"),
        ("3C", "ccc_certificate"),
        ("food_licence", "food_production_license"),
        ("quality_report", "quality_inspection_report"),
        ("cosmetic_filing", "cosmetics_filing"),
    ],
)
def test_unknown_document_type_is_a_warning_with_did_you_mean(
    write_draft, check_file, written, meant
):
    path = write_draft(
        f"""
        category: 其他
        title: 示例商品
        documents:
          - type: {written}
        """
    )
    found = by_rule(_check(check_file, path), "qualification/unknown-document-type")
    assert _where(found) == [("documents[0].type", 4, 11)]
    assert found[0].severity.label == "warning"
    assert meant in found[0].message


def test_unknown_type_without_a_close_match_lists_the_known_types(write_draft, check_file):
    path = write_draft("category: 其他\ntitle: 示例商品\ndocuments: [{type: xyz}]\n")
    found = by_rule(_check(check_file, path), "qualification/unknown-document-type")
    assert len(found) == 1 and "是否应为" not in found[0].message
    assert "food_production_license" in (found[0].suggestion or "")


# -- documents per category -------------------------------------------------------------------
def test_food_without_any_licence_names_both_licences(write_draft, check_file):
    path = write_draft("category: 食品/休闲零食/坚果\ntitle: 每日坚果混合装\n")
    found = by_rule(_check(check_file, path), "qualification/food-license")
    assert _where(found) == [("category", 1, 11)]
    assert "食品生产许可证或食品经营许可证" in found[0].message
    assert "SC" in (found[0].suggestion or "") and "JY" in (found[0].suggestion or "")


@pytest.mark.parametrize(
    "doc",
    [
        "{type: food_business_license, number: JY13301060012345}",
        "{type: food_production_license, number: SC11433010200125}",
    ],
)
def test_reseller_food_accepts_either_licence(write_draft, check_file, doc):
    path = write_draft(
        f"""
        category: 食品/休闲零食/坚果
        brand: 山野小铺
        title: 山野小铺每日坚果
        documents: [{doc}, {{type: brand_authorization}}]
        """
    )
    found = _check(check_file, path)
    assert by_rule(found, "qualification/food-license") == []
    assert by_rule(found, "qualification/food-production-license") == []


def test_brand_owner_food_needs_the_production_licence(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        brand: 山野小铺
        brand_owner: true
        title: 山野小铺每日坚果
        documents: [{type: food_business_license, number: JY13301060012345}]
        """
    )
    found = _check(check_file, path)
    produced = by_rule(found, "qualification/food-production-license")
    assert _where(produced) == [("brand_owner", 3, 14)]
    assert "食品生产许可证" in produced[0].message
    assert by_rule(found, "qualification/food-license") == []


def test_brand_owner_food_with_production_licence_passes(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        brand: 山野小铺
        brand_owner: true
        title: 山野小铺每日坚果
        documents: [{type: food_production_license, number: SC11433010200125}]
        """
    )
    found = _check(check_file, path)
    assert [f for f in found if f.rule.startswith("qualification/")] == []


def test_fresh_produce_needs_no_food_licence(write_draft, check_file):
    path = write_draft("category: 食品/生鲜/新鲜水果\ntitle: 烟台红富士苹果5斤\n")
    assert by_rule(_check(check_file, path), "qualification/food-license") == []


def test_pet_food_is_not_human_food(write_draft, check_file):
    path = write_draft("category: 宠物/食品/猫粮\ntitle: 全价成猫粮\n")
    assert by_rule(_check(check_file, path), "qualification/food-license") == []


def test_health_food_category_needs_the_approval_number(write_draft, check_file):
    path = write_draft(
        """
        category: 保健食品/鱼油/深海鱼油
        title: 深海鱼油软胶囊
        documents: [{type: food_business_license, number: JY13301060012345}]
        """
    )
    found = by_rule(_check(check_file, path), "qualification/health-food-approval")
    assert _where(found) == [("category", 1, 11)]
    assert "保健食品批准文号" in found[0].message


def test_food_calling_itself_health_food_is_pointed_at_the_claim(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/冲调饮品/代餐
        title: 蓝帽子保健食品乳清蛋白粉
        documents: [{type: food_business_license, number: JY13301060012345}]
        """
    )
    found = by_rule(_check(check_file, path), "qualification/health-food-approval")
    assert _where(found) == [("title", 2, 8)]


def test_cosmetic_claiming_whitening_needs_a_special_registration(write_draft, check_file):
    path = write_draft(
        """
        category: 美妆/护肤/精华
        title: 烟酰胺美白精华液
        documents:
          - {type: cosmetics_filing, number: 粤G妆网备字2021012345}
        """
    )
    found = _check(check_file, path)
    special = by_rule(found, "qualification/special-cosmetics-registration")
    assert [(f.field, f.line, f.column, f.end_column, f.match) for f in special] == [
        ("title", 2, 11, 13, "美白")
    ]
    assert "特殊化妆品注册证" in special[0].message and "美白" in special[0].message
    assert by_rule(found, "qualification/cosmetics-filing") == []


def test_whitening_claim_in_traditional_chinese_description_is_found(write_draft, check_file):
    path = write_draft(
        """
        category: 美妆/护肤/面霜
        title: 保湿面霜
        description: |
          質地清爽。
          溫和美白，適合日常使用。
        documents: [{type: cosmetics_filing, number: 粤G妆网备字2021012345}]
        """
    )
    special = by_rule(_check(check_file, path), "qualification/special-cosmetics-registration")
    assert [(f.field, f.line, f.column, f.match) for f in special] == [
        ("description", 5, 5, "美白")
    ]


def test_special_cosmetic_category_without_claim_is_still_special(write_draft, check_file):
    path = write_draft("category: 美妆/防晒/防晒霜\ntitle: 清爽隔离乳\n")
    found = _check(check_file, path)
    assert _where(by_rule(found, "qualification/special-cosmetics-registration")) == [
        ("category", 1, 11)
    ]
    assert by_rule(found, "qualification/cosmetics-filing") == []


def test_cosmetic_with_special_registration_passes(write_draft, check_file):
    path = write_draft(
        """
        category: 美妆/护肤/精华
        title: 烟酰胺美白精华液
        documents: [{type: special_cosmetics_registration, number: 国妆特字G20210123}]
        """
    )
    found = _check(check_file, path)
    assert by_rule(found, "qualification/special-cosmetics-registration") == []
    assert by_rule(found, "qualification/cosmetics-filing") == []


def test_negated_whitening_is_not_a_claim(write_draft, check_file):
    path = write_draft(
        """
        category: 美妆/护肤/精华
        title: 玻尿酸保湿精华液 不含美白成分 孕妇可用
        documents: [{type: cosmetics_filing, number: 粤G妆网备字2021012345}]
        """
    )
    assert by_rule(_check(check_file, path), "qualification/special-cosmetics-registration") == []


def test_ordinary_cosmetic_without_filing_is_reported(write_draft, check_file):
    path = write_draft("category: 美妆/护肤/面霜\ntitle: 玻尿酸保湿面霜\n")
    found = by_rule(_check(check_file, path), "qualification/cosmetics-filing")
    assert _where(found) == [("category", 1, 11)]
    assert "普通化妆品备案" in found[0].message


def test_medical_device_without_documents_asks_for_registration_or_filing(write_draft, check_file):
    path = write_draft("category: 医疗器械/家用检测/血压计\ntitle: 电子血压计\n")
    found = _check(check_file, path)
    doc = by_rule(found, "qualification/medical-device-document")
    assert _where(doc) == [("category", 1, 11)]
    assert "医疗器械注册证或医疗器械备案凭证" in doc[0].message
    assert by_rule(found, "qualification/medical-device-registration") == []


def test_class_one_device_with_filing_passes(write_draft, check_file):
    path = write_draft(
        """
        category: 医疗器械/护理用品/医用冷敷贴
        title: 医用冷敷贴
        attributes: {管理类别: 一类}
        documents: [{type: medical_device_filing, number: 粤穗械备20210123号}]
        """
    )
    found = _check(check_file, path)
    assert [f for f in found if f.rule.startswith("qualification/medical")] == []


def test_class_two_device_with_only_a_filing_is_reported_at_the_class(write_draft, check_file):
    path = write_draft(
        """
        category: 医疗器械/家用检测/血压计
        title: 电子血压计
        attributes:
          管理类别: 第二类
        documents: [{type: medical_device_filing, number: 粤穗械备20210123号}]
        """
    )
    found = _check(check_file, path)
    reg = by_rule(found, "qualification/medical-device-registration")
    assert _where(reg) == [("attributes.管理类别", 4, 9)]
    assert "医疗器械注册证" in reg[0].message and "管理类别: 第二类" in reg[0].message
    assert by_rule(found, "qualification/medical-device-document") == []


def test_class_from_the_category_name(write_draft, check_file):
    path = write_draft(
        """
        category: 医疗器械/三类医疗器械/隐形眼镜
        title: 日抛隐形眼镜
        documents: [{type: medical_device_filing, number: 粤穗械备20210123号}]
        """
    )
    reg = by_rule(_check(check_file, path), "qualification/medical-device-registration")
    assert _where(reg) == [("category", 1, 11)]


def test_power_bank_needs_a_ccc_certificate(write_draft, check_file):
    path = write_draft("category: 数码/移动电源\ntitle: 20000毫安快充移动电源\n")
    found = by_rule(_check(check_file, path), "qualification/ccc-certificate")
    assert _where(found) == [("category", 1, 11)]
    assert "3C 认证证书" in found[0].message


@pytest.mark.parametrize(
    "category",
    [
        "数码/手机配件/充电器",
        "家用电器/厨房电器/电水壶",
        "玩具/积木/拼插积木",
        "母婴/童车/婴儿推车",
    ],
)
def test_ccc_catalogue_categories(write_draft, check_file, category):
    path = write_draft(f"category: {category}\ntitle: 示例商品\n")
    assert len(by_rule(_check(check_file, path), "qualification/ccc-certificate")) == 1


@pytest.mark.parametrize("category", ["宠物/玩具/逗猫棒", "数码/手机配件/手机壳"])
def test_categories_outside_the_ccc_catalogue(write_draft, check_file, category):
    path = write_draft(f"category: {category}\ntitle: 示例商品\n")
    assert by_rule(_check(check_file, path), "qualification/ccc-certificate") == []


def test_ccc_certificate_present_passes(write_draft, check_file):
    path = write_draft(
        """
        category: 数码/移动电源
        title: 20000毫安快充移动电源
        documents: [{type: ccc_certificate, number: "2021011001123456"}]
        """
    )
    assert by_rule(_check(check_file, path), "qualification/ccc-certificate") == []


def test_brand_not_owned_needs_an_authorisation_at_the_brand(write_draft, check_file):
    path = write_draft("category: 服装/女装/T恤\nbrand: 棉语\ntitle: 棉语纯棉T恤\n")
    found = by_rule(_check(check_file, path), "qualification/brand-authorization")
    assert [(f.field, f.line, f.column, f.end_column) for f in found] == [("brand", 2, 8, 10)]
    assert "品牌授权书" in found[0].message and "棉语" in found[0].message


@pytest.mark.parametrize(
    "extra",
    ["brand_owner: true\n", "documents: [{type: brand_authorization}]\n", ""],
)
def test_brand_owner_or_authorisation_or_no_brand_passes(write_draft, check_file, extra):
    brand = "brand: 棉语\n" if extra else ""
    path = write_draft(f"category: 服装/女装/T恤\n{brand}title: 棉语纯棉T恤\n{extra}")
    assert by_rule(_check(check_file, path), "qualification/brand-authorization") == []


def test_apparel_without_quality_report_is_advice(write_draft, check_file):
    path = write_draft("category: 服装/女装/T恤\ntitle: 纯棉短袖T恤女\n")
    found = by_rule(_check(check_file, path), "qualification/quality-report")
    assert _where(found) == [("category", 1, 11)]
    assert found[0].severity.label == "advice"  # a suggested report: shown with --advice
    assert "质检报告" in found[0].message


def test_documents_the_category_does_not_need_are_fine(write_draft, check_file, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "tm.pdf").write_bytes(b"scan")
    path = write_draft(
        """
        category: 家居/收纳/收纳盒
        title: 桌面收纳盒
        documents:
          - {type: ccc_certificate, number: "2021011001123456", expires: 2030-01-01}
          - {type: trademark_registration, number: 第12345678号, file: docs/tm.pdf}
          - {type: cosmetics_filing, number: 粤G妆网备字2021012345}
        """
    )
    found = _check(check_file, path)
    assert [f for f in found if f.rule.startswith("qualification/")] == []


# -- the command line ---------------------------------------------------------------------------
def _json(result) -> list[dict]:
    return json.loads(result.stdout)["diagnostics"]


def test_cli_reports_malformed_number_and_expired_licence(cli, write_draft):
    path = write_draft(
        """
        platform: taobao
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        documents:
          - type: food_production_license
            number: SC1234567890123
            expires: 2026-06-30
        """
    )
    result = cli("check", "--today", "2026-11-21", "--format", "json", path)
    assert result.exit_code == 1
    rows = {(d["rule"], d["field"], d["line"], d["column"]) for d in _json(result)}
    assert ("qualification/document-number", "documents[0].number", 6, 13) in rows
    assert ("qualification/document-expired", "documents[0].expires", 7, 14) in rows


def test_cli_flags_whitening_cosmetic_without_special_registration(cli, write_draft):
    path = write_draft(
        """
        platform: tmall
        category: 美妆/护肤/精华
        brand: 肌研
        brand_owner: true
        title: 肌研烟酰胺美白精华液
        documents: [{type: cosmetics_filing, number: 粤G妆网备字2021012345}]
        """
    )
    result = cli("check", "--today", "2026-11-21", "--format", "json", path)
    assert result.exit_code == 1
    hits = [d for d in _json(result) if d["rule"] == "qualification/special-cosmetics-registration"]
    assert [(d["field"], d["line"], d["column"], d["match"]) for d in hits] == [
        ("title", 5, 13, "美白")
    ]


def _rule_ids(pack: str) -> list[str]:
    data = yaml.safe_load((REPO / "rules" / "packs" / f"{pack}.yaml").read_text(encoding="utf-8"))
    return [r["id"] for r in data["rules"]]


@pytest.mark.parametrize("rule_id", _rule_ids("qualification"))
def test_explain_works_for_every_qualification_rule(cli, rule_id):
    result = cli("explain", "--no-color", rule_id)
    assert result.exit_code == 0, result.stdout
    assert rule_id in result.stdout and "依据 Reference" in result.stdout


def test_the_rule_plan_leaves_out_rules_for_other_categories() -> None:
    from conftest import engine_for

    engine = engine_for()
    tee = {rule.id for rule, _ in engine.plans("taobao", "服装/女装/T恤", "apparel.tshirt")}
    nuts = {rule.id for rule, _ in engine.plans("taobao", "食品/休闲零食/坚果", "food.nuts")}
    assert "qualification/food-license" in nuts and "qualification/food-license" not in tee
    assert "qualification/document-number" in tee  # not tied to a category: always planned
    assert "adlaw/absolute-terms" in tee and "adlaw/absolute-terms" in nuts
