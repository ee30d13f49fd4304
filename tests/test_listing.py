"""The `listing` pack: parameter tables, attribute contradictions, detail page, promotions and
seven-day returns, checked on real draft files with the real engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, REPO, by_rule

from listlint.findings import Severity
from listlint.kinds.base import category_matches

FOOD_ATTRS = """\
  配料表: 腰果、巴旦木、核桃仁
  保质期: 180天
  储存条件: 阴凉干燥处
  净含量: 750g
  产地: 浙江杭州
  生产日期: 见包装
  生产者: 杭州某食品有限公司
  生产地址: 杭州市余杭区
"""


def listing(findings):
    return [f for f in findings if f.rule.startswith("listing/")]


# -- 1. required attributes per category ---------------------------------------------------------
def test_food_draft_without_ingredients_and_shelf_life_is_warned_naming_them(
    write_draft, check_file
):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装750g
        attributes:
          储存条件: 阴凉干燥处
          净含量: 750g
          产地: 浙江杭州
          生产日期: 见包装
          生产者: 杭州某食品有限公司
          生产地址: 杭州市余杭区
        """
    )
    [found] = by_rule(check_file(path), "listing/attributes-food")
    assert found.severity is Severity.WARNING
    assert found.field == "attributes"
    assert "配料表" in found.message and "保质期" in found.message
    assert "净含量" not in found.message
    assert (found.line, found.column) == (3, 1)  # the `attributes` key


def test_food_attribute_synonyms_satisfy_the_requirement(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/休闲零食/坚果
        title: 每日坚果混合装
        attributes:
          配料: 腰果
          保存期: 180天
          贮存条件: 阴凉干燥处
          规格: 750g
          原产地: 越南
          批次: 见包装
          经销商: 杭州某贸易有限公司
          地址: 杭州市余杭区
        """
    )
    assert by_rule(check_file(path), "listing/attributes-food") == []


def test_draft_without_a_parameter_table_is_reported_at_the_draft(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 夏季短袖T恤
        """
    )
    [found] = by_rule(check_file(path), "listing/attributes-apparel")
    assert found.field == ""
    assert all(name in found.message for name in ("材质", "尺码", "颜色"))


def test_health_food_needs_food_labels_and_its_own_items(write_draft, check_file):
    path = write_draft(
        "category: 保健食品/鱼油/深海鱼油\n"
        "title: 深海鱼油软胶囊\n"
        "description: 每日两粒。本品不能代替药物。\n"
        f"attributes:\n{FOOD_ATTRS}  保健功能: 辅助降血脂\n"
    )
    findings = check_file(path)
    assert by_rule(findings, "listing/attributes-food") == []
    [health] = by_rule(findings, "listing/attributes-health-food")
    assert "适宜人群" in health.message and "不适宜人群" in health.message
    assert "保健功能" not in health.message


def test_fresh_produce_is_not_asked_for_an_ingredient_list(write_draft, check_file):
    path = write_draft(
        """
        category: 食品/生鲜/苹果
        title: 烟台红富士苹果5斤
        attributes:
          产地: 山东烟台
          净含量: 5斤
        """
    )
    findings = check_file(path)
    assert by_rule(findings, "listing/attributes-food") == []
    assert by_rule(findings, "listing/attributes-fresh") == []  # 产地 and 净含量: all it needs
    bare = write_draft("category: 食品/生鲜/苹果\ntitle: 烟台红富士苹果5斤\n", "bare.yaml")
    [fresh] = by_rule(check_file(bare), "listing/attributes-fresh")
    assert "产地" in fresh.message and "配料表" not in fresh.message


def test_colour_and_size_may_come_from_the_skus(write_draft, check_file):
    """颜色 and 尺码 are sales attributes: two SKUs (小熊蓝 110, 草莓粉 120) give them."""
    skus = "skus:\n  - {name: 小熊蓝 110, price: 59}\n  - {name: 草莓粉 120, price: 59}\n"
    head = "category: 童装/家居服/睡衣套装\ntitle: 儿童纯棉睡衣套装\nattributes: {材质: 棉100%}\n"
    with_skus = write_draft(head + skus, "skus.yaml")
    without = write_draft(head, "bare.yaml")
    assert by_rule(check_file(with_skus), "listing/attributes-apparel") == []
    [found] = by_rule(check_file(without), "listing/attributes-apparel")
    assert "尺码" in found.message and "颜色" in found.message


def test_medical_device_registrant_is_asked_for_only_with_its_document(write_draft, check_file):
    """Without a registration the qualification pack reports the missing document; the
    parameter table is not asked for the registrant as well (one problem, one finding)."""
    head = "category: 医疗器械/家用检测/血压计\ntitle: 上臂式电子血压计\n"
    bare = write_draft(head, "bare.yaml")
    declared = write_draft(
        head + "documents: [{type: medical_device_registration, number: 粤械注准20212070456}]\n",
        "declared.yaml",
    )
    assert by_rule(check_file(bare), "listing/attributes-medical-device") == []
    [found] = by_rule(check_file(declared), "listing/attributes-medical-device")
    assert "注册人" in found.message


def test_tea_ware_is_not_food_but_tea_is(write_draft, check_file):
    ware = write_draft("category: 茶/茶具/茶具套装\ntitle: 汝窑茶具套装\n", "ware.yaml")
    tea = write_draft("category: 茶/绿茶/龙井\ntitle: 明前龙井茶250g\n", "tea.yaml")
    assert by_rule(check_file(ware), "listing/attributes-food") == []
    assert by_rule(check_file(tea), "listing/attributes-food")


@pytest.mark.parametrize(
    ("category", "rule", "needed"),
    [
        ("美妆/护肤/面霜", "listing/attributes-cosmetics", "全成分"),
        ("数码/移动电源", "listing/attributes-electrical", "型号"),
        ("数码/移动电源", "listing/attributes-electrical-label", "额定电压/功率"),
        ("家用电器/厨房电器/电水壶", "listing/attributes-standard", "执行标准"),
        ("玩具/积木/拼插积木", "listing/attributes-baby-toys", "适用年龄"),
        ("医疗器械/家用检测/血压计", "listing/attributes-medical-device-label", "禁忌"),
        ("鞋靴/女鞋/单鞋", "listing/attributes-shoes", "鞋面材质"),
        ("珠宝首饰/黄金/手链", "listing/attributes-jewellery", "材质"),
        ("家居/床上用品/枕头", "listing/attributes-furniture-home", "尺寸"),
        ("宠物/猫粮/主粮", "listing/attributes-pet-food", "原料组成"),
    ],
)
def test_each_category_asks_for_its_own_attributes(write_draft, check_file, category, rule, needed):
    path = write_draft(f"category: {category}\ntitle: 示例商品\nattributes:\n  备注: 无\n")
    findings = check_file(path)
    [found] = by_rule(findings, rule)
    assert needed in found.message
    assert by_rule(findings, "listing/attributes-general") == []


def test_phone_cases_are_not_asked_for_voltage(write_draft, check_file):
    path = write_draft("category: 数码/手机配件/手机壳\ntitle: 透明手机壳\n")
    assert by_rule(check_file(path), "listing/attributes-electrical") == []


def test_other_categories_get_advice_when_the_table_has_no_basic_parameter(write_draft, check_file):
    bare = write_draft("category: 宠物/猫用品/猫窝\ntitle: 冬季保暖猫窝\n", "bare.yaml")
    sized = write_draft(
        "category: 宠物/猫用品/猫窝\ntitle: 冬季保暖猫窝\nattributes: {尺寸: 50×40cm}\n",
        "sized.yaml",
    )
    [found] = by_rule(check_file(bare), "listing/attributes-general")
    assert found.severity is Severity.ADVICE
    assert by_rule(check_file(sized), "listing/attributes-general") == []


def test_general_attribute_rule_excludes_exactly_the_families_of_the_specific_rules():
    pack = yaml.safe_load((REPO / "rules" / "packs" / "listing.yaml").read_text(encoding="utf-8"))
    rules = {r["id"]: r for r in pack["rules"]}
    general = set(rules["listing/attributes-general"]["scope"]["exclude_families"])
    specific = {
        family
        for rid, r in rules.items()
        if rid.startswith("listing/attributes-") and rid != "listing/attributes-general"
        for family in r["scope"]["families"]
    }
    uncovered = [f for f in specific if not any(f == g or f.startswith(g + ".") for g in general)]
    assert uncovered == []


# -- 1b. attribute contradicts the text ------------------------------------------------------------
def test_title_pure_cotton_against_polyester_material_is_an_error_at_the_attribute(
    write_draft, check_file
):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 棉语夏季纯棉短袖T恤女
        attributes:
          材质: 聚酯纤维100%
          尺码: S/M/L
          颜色: 白色
        """
    )
    [found] = by_rule(check_file(path), "listing/attribute-contradiction")
    assert found.severity is Severity.ERROR
    assert found.field == "attributes.材质"
    assert found.match == "聚酯纤维"
    assert (found.line, found.column) == (4, 7)
    assert "标题第 5–6 字“纯棉”" in found.message
    assert "描述与实物不符" in found.message


def test_genuine_leather_title_against_pu_upper_is_an_error(write_draft, check_file):
    path = write_draft(
        """
        category: 鞋靴/男鞋/休闲鞋
        title: 头层牛皮休闲鞋男
        attributes: {鞋面材质: PU, 尺码: 39-44}
        """
    )
    [found] = by_rule(check_file(path), "listing/attribute-contradiction")
    assert found.field == "attributes.鞋面材质"
    assert found.match == "PU"
    assert "头层牛皮" in found.message


@pytest.mark.parametrize(
    ("title", "key", "value"),
    [
        ("925银锁骨链", "材质", "铜镀银"),
        ("北欧实木衣柜", "材质", "实木颗粒板"),
        ("白鹅绒羽绒服女", "填充物", "白鸭绒90%"),
        ("夏季純棉短袖T恤", "面料", "涤纶"),
    ],
)
def test_material_families_catch_contradictions(write_draft, check_file, title, key, value):
    path = write_draft(f"category: 其他\ntitle: {title}\nattributes:\n  {key}: {value}\n")
    [found] = by_rule(check_file(path), "listing/attribute-contradiction")
    assert found.field == f"attributes.{key}"


@pytest.mark.parametrize(
    ("title", "value"),
    [
        ("夏季纯棉短袖T恤", "棉100%"),  # agrees
        ("夏季纯棉短袖T恤", "100%棉（罗纹含氨纶）"),  # a confirming word wins
        ("仿真皮手提包", "PU"),  # imitation is not a claim
        ("媲美真皮的超纤手提包", "超纤"),
        ("纯棉质感短袖T恤", "聚酯纤维"),  # "feel of cotton" is not a claim of cotton
        ("实木颗粒板衣柜", "颗粒板"),
        ("牛皮纸收纳袋", "牛皮纸"),
        ("夏季短袖T恤", "聚酯纤维"),  # no claim at all
    ],
)
def test_no_contradiction_without_a_real_claim_or_with_agreeing_attributes(
    write_draft, check_file, title, value
):
    path = write_draft(f"category: 其他\ntitle: {title}\nattributes:\n  材质: {value}\n")
    assert by_rule(check_file(path), "listing/attribute-contradiction") == []


def test_velvet_is_not_goose_down_and_a_shell_fabric_is_not_the_fill(write_draft, check_file):
    velvet = write_draft(
        "category: 服装/女装/连衣裙\ntitle: 复古天鹅绒连衣裙\nattributes: {材质: 聚酯纤维}\n",
        "velvet.yaml",
    )
    down = write_draft(
        "category: 服装/女装/羽绒服\ntitle: 白鹅绒羽绒服女\n"
        "attributes: {材质: 聚酯纤维, 填充物: 白鸭绒90%}\n",
        "down.yaml",
    )
    assert by_rule(check_file(velvet), "listing/attribute-contradiction") == []
    [found] = by_rule(check_file(down), "listing/attribute-contradiction")
    assert found.field == "attributes.填充物"


def test_colour_and_grain_words_are_not_material_claims(write_draft, check_file):
    path = write_draft(
        "category: 其他\ntitle: 纯银色金属手机壳 羊皮纹\nattributes: {材质: PU+合金}\n"
    )
    assert by_rule(check_file(path), "listing/attribute-contradiction") == []


def test_claim_in_a_selling_point_is_named_in_the_message(write_draft, check_file):
    path = write_draft(
        """
        category: 家具/衣柜
        title: 北欧简约衣柜
        selling_points: [环保板材, 全实木打造]
        attributes: {材质: 密度板}
        """
    )
    [found] = by_rule(check_file(path), "listing/attribute-contradiction")
    assert "卖点 2第 1–3 字“全实木”" in found.message


def test_brand_name_is_not_a_material_claim(write_draft, check_file):
    path = write_draft(
        """
        category: 个护/洗脸巾
        brand: 全棉时代
        title: 全棉时代洗脸巾
        attributes: {材质: 粘胶纤维}
        """
    )
    assert by_rule(check_file(path), "listing/attribute-contradiction") == []


# -- 2. detail page --------------------------------------------------------------------------------
def test_draft_without_description_is_warned(write_draft, check_file):
    path = write_draft("category: 其他\ntitle: 示例商品\n")
    findings = check_file(path)
    [found] = by_rule(findings, "listing/description-missing")
    assert found.severity is Severity.WARNING and found.field == ""
    assert by_rule(findings, "listing/detail-sections") == []


def test_description_too_short_for_pdd_but_fine_for_taobao(write_draft, check_file):
    text = "category: 其他\ntitle: 示例商品\ndescription: 纯棉T恤，透气舒适。\n"
    pdd = write_draft("platform: pdd\n" + text, "pdd.yaml")
    taobao = write_draft("platform: taobao\n" + text, "taobao.yaml")
    [found] = by_rule(check_file(pdd), "listing/description-length")
    assert found.severity is Severity.WARNING
    assert "20–500" in found.message and "拼多多" in found.message
    assert by_rule(check_file(taobao), "listing/description-length") == []


def test_description_over_pdd_maximum_is_warned(write_draft, check_file):
    path = write_draft(f"platform: pdd\ncategory: 其他\ntitle: 示例\ndescription: {'好' * 501}\n")
    [found] = by_rule(check_file(path), "listing/description-length")
    assert "501" in found.message


def test_description_lacking_sections_lists_them_as_advice(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 夏季短袖T恤
        description: |
          新疆长绒棉，32支双股织造，透气不闷汗。
          适合通勤、居家、出游。
        attributes: {材质: 棉100%, 尺码: S/M/L, 颜色: 白色}
        """
    )
    [found] = by_rule(check_file(path), "listing/detail-sections")
    assert found.severity is Severity.ADVICE
    assert found.field == "description"
    assert "质量保证/售后" in found.message
    assert "核心卖点" not in found.message and "使用场景" not in found.message


def test_structured_fields_stand_in_for_description_sections(write_draft, check_file):
    path = write_draft(
        """
        category: 其他
        title: 示例商品
        description: 支持七天无理由退换。
        selling_points: [长绒棉]
        attributes: {材质: 棉, 尺码: M}
        images:
          - {path: "https://img.example.com/s.jpg", role: scene, alt: 通勤穿搭}
        """
    )
    assert by_rule(check_file(path), "listing/detail-sections") == []


def test_draft_with_only_a_main_image_has_no_detail_images(write_draft, check_file):
    path = write_draft(
        """
        category: 其他
        title: 示例商品
        images:
          - {path: "https://img.example.com/m.jpg", role: main}
          - {path: "https://img.example.com/d.jpg", role: detail}
        """,
        "ok.yaml",
    )
    bad = write_draft(
        """
        category: 其他
        title: 示例商品
        images:
          - {path: "https://img.example.com/m.jpg", role: main}
        """,
        "bad.yaml",
    )
    assert by_rule(check_file(path), "listing/detail-images") == []
    [found] = by_rule(check_file(bad), "listing/detail-images")
    assert found.severity is Severity.WARNING and found.field == "images"


def test_copy_only_draft_without_images_is_not_asked_for_detail_images(write_draft, check_file):
    path = write_draft("category: 其他\ntitle: 示例商品\ndescription: 纯棉。\n")
    assert by_rule(check_file(path), "listing/detail-images") == []


def test_listing_pack_does_not_report_missing_alt_text(write_draft, check_file):
    path = write_draft(
        """
        category: 其他
        title: 示例商品
        images:
          - {path: "https://img.example.com/m.jpg", role: main}
          - {path: "https://img.example.com/d.jpg", role: detail}
        """
    )
    found = listing(check_file(path))
    assert not any("alt" in f.message or f.field.startswith("images[") for f in found)


# -- 3. promotions ---------------------------------------------------------------------------------
def test_promotions_piled_up_in_title_and_subtitle_are_advice(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉短袖T恤女
        subtitle: 满200减30 包邮 秒杀 限时5折
        """
    )
    [found] = by_rule(check_file(path), "listing/promo-stacking")
    assert found.severity is Severity.ADVICE
    assert found.field == "subtitle"
    assert found.match == "满200减30 包邮 秒杀 限时5折"
    assert "促销信息过度堆砌" in found.message
    for hook in ("满200减30", "包邮", "秒杀", "限时", "5折"):
        assert hook in found.message


@pytest.mark.parametrize(
    "subtitle",
    [
        "满200减30 包邮 现货速发",
        "包邮 包邮 包邮 秒杀",  # one kind of hook counts once
        "3折叠晴雨伞 包邮 秒杀",  # 折叠 is not a discount
        "满200减30 包邮 限时",  # exactly three
    ],
)
def test_three_hooks_or_fewer_are_fine(write_draft, check_file, subtitle):
    path = write_draft(f"category: 其他\ntitle: 示例商品\nsubtitle: {subtitle}\n")
    assert by_rule(check_file(path), "listing/promo-stacking") == []


def test_hooks_are_counted_across_title_and_subtitle(write_draft, check_file):
    path = write_draft(
        """
        category: 其他
        title: 秒杀 限时特价 纯棉T恤
        subtitle: 满99包邮 领券立减
        """
    )
    [found] = by_rule(check_file(path), "listing/promo-stacking")
    assert found.field == "title"


def test_reference_price_in_title_is_warned_but_not_in_description(write_draft, check_file):
    path = write_draft(
        """
        category: 鞋靴/女鞋/乐福鞋
        title: 专柜价599 现价199 真皮乐福鞋
        description: 吊牌价599元，活动价199元。
        """
    )
    [found] = by_rule(check_file(path), "listing/reference-price-in-title")
    assert found.severity is Severity.WARNING
    assert (found.field, found.match) == ("title", "专柜价")


def test_original_price_is_left_to_the_adlaw_pack(write_draft, check_file):
    path = write_draft("category: 其他\ntitle: 原价199现价99纯棉短袖T恤\n")
    findings = check_file(path)
    assert not any(f.match == "原价" for f in listing(findings))  # reported once, by adlaw
    assert [f.match for f in by_rule(findings, "adlaw/price-fraud")] == ["原价"]


def test_price_tag_printers_are_not_reference_prices(write_draft, check_file):
    path = write_draft("category: 办公/打印机\ntitle: 服装吊牌价格标签打印机\n")
    assert by_rule(check_file(path), "listing/reference-price-in-title") == []


def test_subtitle_over_taobao_limit_is_warned_from_the_first_extra_character(
    write_draft, check_file
):
    path = write_draft(f"platform: taobao\ncategory: 其他\ntitle: 示例\nsubtitle: {'好' * 151}\n")
    [found] = by_rule(check_file(path), "listing/subtitle-length")
    assert found.match == "好"
    assert "151" in found.message and "150" in found.message


def test_subtitle_limit_is_a_profile_parameter(write_draft, check_file):
    path = write_draft("platform: pdd\ncategory: 其他\ntitle: 示例\nsubtitle: 满200减30现货速发\n")
    assert by_rule(check_file(path), "listing/subtitle-length") == []
    [found] = by_rule(
        check_file(path, profiles={"pdd": {"subtitle_max": 5}}), "listing/subtitle-length"
    )
    assert "5" in found.message


# -- 4. seven-day returns --------------------------------------------------------------------------
def test_no_returns_on_apparel_is_an_error_citing_the_law(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 夏季短袖T恤
        subtitle: 特价款不退不换
        """
    )
    [found] = by_rule(check_file(path), "listing/no-returns")
    assert found.severity is Severity.ERROR
    assert (found.field, found.match) == ("subtitle", "特价款不退不换")
    assert "消费者权益保护法》第二十五条" in found.reference


@pytest.mark.parametrize(
    ("category", "title"),
    [
        ("服装/定制/T恤", "夏季短袖T恤"),  # custom-made category
        ("服装/女装/T恤", "定制印字短袖T恤"),  # custom-made goods named in the title
        ("食品/生鲜/车厘子", "智利车厘子"),  # perishable
        ("数码/软件/办公软件", "办公软件激活码"),  # digital goods
    ],
)
def test_no_returns_is_lawful_for_exempt_goods(write_draft, check_file, category, title):
    path = write_draft(f"category: {category}\ntitle: {title}\nsubtitle: 特价款不退不换\n")
    assert by_rule(check_file(path), "listing/no-returns") == []


def test_exempt_goods_named_in_the_same_sentence_are_not_reported(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 夏季短袖T恤
        description: |
          定制款不退不换。
          现货款售出不退。
        """
    )
    [found] = by_rule(check_file(path), "listing/no-returns")
    assert found.match == "售出不退" and found.line == 5


def test_refusing_returns_only_after_opening_is_a_warning(write_draft, check_file):
    path = write_draft(
        """
        category: 美妆/护肤/面霜
        title: 保湿面霜
        description: 拆封后不退不换，请收货后先检查外包装。
        """
    )
    [found] = by_rule(check_file(path), "listing/no-returns")
    assert found.severity is Severity.WARNING
    assert "经消费者在购买时确认" in found.message


@pytest.mark.parametrize(
    "text",
    ["售出概不退换", "非质量问题不支持7天无理由退货", "特價商品不退不換", "一律不退货"],
)
def test_no_returns_wordings_are_found(write_draft, check_file, text):
    path = write_draft(f"category: 家居/收纳/收纳盒\ntitle: 收纳盒\ndescription: {text}\n")
    [found] = by_rule(check_file(path), "listing/no-returns")
    assert found.match in text


@pytest.mark.parametrize("text", ["支持七天无理由退换", "不褪色不起球", "定金不退，尾款后发货"])
def test_returns_friendly_text_is_not_reported(write_draft, check_file, text):
    path = write_draft(f"category: 服装/女装/T恤\ntitle: 夏季T恤\ndescription: {text}\n")
    assert by_rule(check_file(path), "listing/no-returns") == []


# -- the whole pack ------------------------------------------------------------------------------
def test_every_listing_rule_has_explain_and_examples():
    pack = yaml.safe_load((REPO / "rules" / "packs" / "listing.yaml").read_text(encoding="utf-8"))
    for rule in pack["rules"]:
        assert rule["explain"].strip(), rule["id"]
        assert rule["examples"]["bad"] and rule["examples"]["good"], rule["id"]


def test_acceptance_through_the_cli_as_json(write_draft, cli):
    path = write_draft(
        """
        platform: taobao
        category: 服装/女装/T恤
        title: 夏季纯棉短袖T恤女
        subtitle: 特价款不退不换
        attributes:
          材质: 聚酯纤维
          尺码: S/M/L
          颜色: 白色
        """
    )
    result = cli("check", path, "--select", "listing", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    errors = {(d["rule"], d["field"]) for d in data["diagnostics"] if d["severity"] == "error"}
    assert errors == {
        ("listing/attribute-contradiction", "attributes.材质"),
        ("listing/no-returns", "subtitle"),
    }


def test_exempt_category_globs_match_custom_categories():
    assert category_matches("服装/定制/T恤", "**/*定制*/**")
    assert category_matches("礼品/个性定制", "**/*定制*/**")
    assert not category_matches("服装/女装/T恤", "**/*定制*/**")


@pytest.mark.parametrize("example", ["clean-tee", "clean-tea"])
def test_clean_examples_have_no_listing_errors(check_file, example):
    path: Path = EXAMPLES / example / "draft.yaml"
    if not path.is_file():
        pytest.skip(f"{path} not written yet")
    errors = [f for f in listing(check_file(path)) if f.severity is Severity.ERROR]
    assert errors == []


def test_a_listing_rule_with_keys_of_another_check_is_a_pack_error(tmp_path):
    from listlint.packs.loader import PackError, load_pack

    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\nversion: '1'\ndescription: d\nrules:\n"
        "  - id: mine/promo\n    kind: listing\n    check: promo-stacking\n"
        "    hooks: [{name: 包邮, regex: 包邮}]\n    families: []\n"
        "    severity: warning\n    title: t\n    message: m\n    reference: r\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as exc:
        load_pack(pack)
    assert exc.value.line == 5
    assert "`families` is not a key of check 'promo-stacking'" in str(exc.value)
