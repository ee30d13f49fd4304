"""The adlaw pack end to end: real YAML drafts, the real CLI, exact positions.

Acceptance of issue #3: evasion spellings, Traditional and full-width forms are flagged with the
seller's own text as `match` and exact line/column; the exceptions the law makes (ordinals,
temporal words, usage tips, standard grades, brands, fibre content, figurine names) are not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, by_rule, engine_for

from listlint.kinds.base import category_matches

PACK = REPO / "rules" / "packs" / "adlaw.yaml"


def adlaw(result: Any) -> list[tuple[str, int, int, int, int, str, str]]:
    """(rule, line, column, end_line, end_column, match, field) of every adlaw finding."""
    data = json.loads(result.stdout)
    return [
        (d["rule"], d["line"], d["column"], d["end_line"], d["end_column"], d["match"], d["field"])
        for d in data["diagnostics"]
        if d["rule"].startswith("adlaw/")
    ]


# -- acceptance: flagged, with the original text and its exact position ---------------------------
FOOD = """\
# 坚果礼盒（食品）草稿
platform: taobao
category: 食品/休闲零食/坚果
title: "最 佳 坚果礼盒 ＮＯ．１"
selling_points:
  - 國家級 烘焙工艺
  - '口味人气第①'
description: |
  精选原料，每日一包。
  坚持食用可降血糖。
documents:
  - {type: food_production_license, number: SC11433010200125}
"""

COSMETIC = """\
# 面霜（化妆品）
category: 美妆/护肤/面霜
title: 药妆修护面霜 敏感肌
"""

DECOR = """\
category: 家居/摆件
title: 黑曜石貔貅摆件 招财
"""


def test_evasion_traditional_fullwidth_and_claims_are_flagged_at_exact_positions(
    write_draft, cli
) -> None:
    path = write_draft(FOOD, name="food.yaml")
    found = adlaw(cli("check", "--format", "json", "--select", "adlaw", path))
    assert found == [
        ("adlaw/absolute-terms", 4, 9, 4, 12, "最 佳", "title"),
        ("adlaw/absolute-terms", 4, 18, 4, 22, "ＮＯ．１", "title"),
        ("adlaw/absolute-terms", 6, 5, 6, 8, "國家級", "selling_points[0]"),
        ("adlaw/absolute-terms", 7, 10, 7, 12, "第①", "selling_points[1]"),
        ("adlaw/food-health-claims", 10, 8, 10, 11, "降血糖", "description"),
    ]


def test_cosmetic_medical_claim_is_flagged(write_draft, cli) -> None:
    path = write_draft(COSMETIC, name="cream.yaml")
    found = adlaw(cli("check", "--format", "json", "--select", "adlaw", path))
    assert found == [("adlaw/cosmetics-medical-claims", 3, 8, 3, 10, "药妆", "title")]


def test_superstition_is_flagged(write_draft, cli) -> None:
    path = write_draft(DECOR, name="decor.yaml")
    found = adlaw(cli("check", "--format", "json", "--select", "adlaw", path))
    assert found == [("adlaw/superstition", 2, 16, 2, 18, "招财", "title")]


def test_zero_width_and_symbol_inside_a_term_are_flagged(write_draft, check_file) -> None:
    # a real U+200B pasted between 最 and 好, as sellers do
    path = write_draft("category: 服装/女装\ntitle: 最\u200b好的T恤 最*好 纯棉 第 一\n")
    found = [(f.column, f.match) for f in by_rule(check_file(path), "adlaw/absolute-terms")]
    assert found == [(8, "最\u200b好"), (15, "最*好"), (22, "第 一")]


# -- acceptance: the same kinds of drafts with the exceptions produce nothing ------------------
FOOD_CLEAN = """\
# 坚果礼盒（食品）草稿
platform: taobao
category: 食品/休闲零食/坚果
brand: 南极人
title: 南极人 坚果礼盒 最近上新
selling_points:
  - 第一次使用请先阅读说明
  - 100%全棉 礼袋包装
description: |
  开封后最好冷藏保存。
  建议放在能效等级一级的冰箱里。
documents:
  - {type: food_production_license, number: SC11433010200125}
"""

DECOR_CLEAN = """\
category: 家居/摆件
title: 陶瓷招财猫摆件 首饰盒 开业礼品
"""


@pytest.mark.parametrize("text", [FOOD_CLEAN, DECOR_CLEAN])
def test_exceptions_of_the_law_produce_no_adlaw_finding(write_draft, cli, text) -> None:
    path = write_draft(text, name="clean.yaml")
    result = cli("check", "--format", "json", "--select", "adlaw", path)
    assert adlaw(result) == []
    assert result.exit_code == 0


def test_draft_brand_is_protected(write_draft, check_file) -> None:
    path = write_draft("category: 家居/水杯\nbrand: 极品生活\ntitle: 极品生活 保温杯 316不锈钢\n")
    assert not [f for f in check_file(path) if f.rule.startswith("adlaw/")]
    other = write_draft("category: 家居/水杯\ntitle: 极品生活 保温杯 316不锈钢\n", name="b.yaml")
    assert [f.match for f in by_rule(check_file(other), "adlaw/absolute-terms")] == ["极品"]


# -- the exception policy, title by title ------------------------------------------------------
FLAGGED = [
    ("服装/女装/打底裤", "最暖和的打底裤", "adlaw/absolute-terms", "最暖和"),
    ("数码/存储/固态硬盘", "国产最快的固态硬盘", "adlaw/absolute-terms", "最快"),
    ("家用电器/吸尘器", "史上最强 吸尘器", "adlaw/absolute-terms", "史上最强"),
    ("服装/羽绒服", "史上最轻薄的羽绒服", "adlaw/absolute-terms", "史上最轻"),
    ("数码/手机", "性价比最高 的手机", "adlaw/absolute-terms", "性价比最高"),
    ("母婴/奶粉", "第一品牌 奶粉", "adlaw/absolute-terms", "第一品牌"),
    ("家用电器/空气炸锅", "销量第1 空气炸锅", "adlaw/absolute-terms", "销量第1"),
    ("鞋靴/跑步鞋", "销量第１ 透气网面", "adlaw/absolute-terms", "销量第１"),
    ("家居/水杯", "TOP 1 好物", "adlaw/absolute-terms", "TOP 1"),
    ("服装/男装", "绝对正品 羊毛衫", "adlaw/absolute-terms", "绝对"),
    ("家居/床品", "防螨床垫 100%不起球", "adlaw/absolute-terms", "100%不起球"),
    ("茶/乌龙茶", "極品大紅袍 禮盒", "adlaw/absolute-terms", "極品"),
    ("食品/酒类/白酒", "坤沙 特供酒 商务宴请", "adlaw/state-authority", "特供"),
    ("家居/地毯", "人民大会堂专供 羊毛地毯", "adlaw/state-authority", "人民大会堂专供"),
    ("食品/糕点", "免检产品 月饼", "adlaw/state-authority", "免检产品"),
    ("调味品/酱油", "中国驰名商标 酱油", "adlaw/well-known-trademark", "中国驰名商标"),
    ("珠宝首饰/手链", "开光貔貅手链 招财进宝", "adlaw/superstition", "开光"),
    ("家居/床上用品/枕头", "记忆棉枕 治疗颈椎病", "adlaw/medical-claims", "治疗颈椎病"),
    ("个护健康/按摩器材", "颈椎治疗仪 家用", "adlaw/medical-claims", "治疗仪"),
    ("家用电器/个护电器/吹风机", "负离子吹风机 生发护发", "adlaw/medical-claims", "生发"),
    ("食品/冲调饮品/代餐", "代餐奶昔 减肥 饱腹", "adlaw/food-health-claims", "减肥"),
    ("保健食品/钙片", "儿童钙片 增高 咀嚼片", "adlaw/food-health-claims", "增高"),
    ("母婴/婴儿护肤/护臀膏", "护臀膏 治疗湿疹", "adlaw/cosmetics-medical-claims", "湿疹"),
    ("个护/洗发护发/洗发水", "生发洗发水", "adlaw/cosmetics-medical-claims", "生发"),
    ("美妆/护肤/面膜", "医用级 面膜", "adlaw/cosmetics-medical-claims", "医用"),
    ("家居/护具", "磁疗 护膝", "adlaw/medical-claims", "磁疗"),
    ("家居/鼻贴", "根治 草本鼻贴", "adlaw/efficacy-guarantee", "根治"),
    ("美妆/护肤/精华", "7天见效 精华液", "adlaw/efficacy-guarantee", "7天见效"),
    ("医疗器械/理疗仪器", "治疗仪 无效退款", "adlaw/efficacy-guarantee", "无效退款"),
    ("宠物/猫粮", "90%的铲屎官都会回购", "adlaw/unsourced-data", "90%的铲屎官都"),
    ("母婴/书包", "专利技术 护脊书包", "adlaw/unsourced-data", "专利技术"),
    ("食品/粮油/大米", "全网最低价 东北大米", "adlaw/price-fraud", "全网最低价"),
    ("家用电器/净化器", "仅此1天 空气净化器", "adlaw/price-fraud", "仅此1天"),
]

CLEAN = [
    ("家具/货架", "最大承重150kg 加厚层板"),
    ("数码/存储/固态硬盘", "读取速度最高可达7000MB/s"),
    ("服装/女装/连衣裙", "最新款连衣裙 最近上新"),
    ("家用电器/风扇", "风扇最低档也很安静"),
    ("玩具/积木", "最小零件大于3cm"),
    ("保健食品/钙片", "每日最多不超过2粒，本品不能代替药物"),
    ("食品/零食", "宝宝最喜欢的零食 我的最爱"),
    ("数码/耳机", "第一次使用请充满电"),
    ("数码/耳机", "第1代 经典款 第10代酷睿"),
    ("茶/绿茶", "第一批明前新茶 第一泡洗茶"),
    ("服装/男装", "第一，面料柔软；第二，做工精细"),
    ("美妆/彩妆/口红", "No.1-No.12 色号可选"),
    ("家用电器/空调", "能效等级一级 一级能效 变频空调"),
    ("茶/绿茶", "特级 一级茶 明前龙井"),
    ("食品/生鲜", "收到后最好立即放入冷冻室"),
    ("服装/女装", "尺码偏小，最好先试穿"),
    ("食品/冲调", "冲调最好用40-50℃温水"),
    ("家具/衣柜", "衣柜较重，建议最好两人配合安装"),
    ("食品/零食", "最佳食用时间：早餐后"),
    ("美妆/护肤/面霜", "晚霜最适合在晚间使用"),
    ("家居/售后", "我们追求最好的售后服务"),
    ("服装/T恤", "100%棉 T恤 100%全棉"),
    ("乳品/纯牛奶", "生牛乳100% 纯牛奶"),
    ("个护/沐浴露", "治愈系香氛沐浴露"),
    ("个护健康/健康秤", "智能减肥称 体脂秤"),
    ("家居/摆件", "招财猫 摆件 招财鼠 公仔"),
    ("珠宝首饰/手链", "925银转运珠手链"),
    ("物流/服务", "海外仓 国际转运服务"),
    ("箱包/钱包", "专柜同款 真皮钱包"),
    ("食品/粮油/大米", "国家地理标志保护产品 五常大米"),
    ("数码/充电宝", "国家3C认证 充电宝"),
    ("玩具/手办", "最终幻想 手办"),
    ("电脑/笔记本", "顶配版 笔记本"),
    ("服装/卫衣", "高级灰 卫衣"),
    ("家居/灯具", "吸顶灯 LED 首饰盒"),
    ("医疗器械/理疗仪器", "低频脉冲治疗仪 颈椎按摩"),
    ("汽车/服务", "新车六年免检 代办年检"),
    ("电器/供应链", "独特供应链 产生发热少"),
    ("母婴/书包", "实用新型专利（专利号 ZL202320123456.7）护脊书包"),
    ("家居/水杯", "好评率98%（数据来源：2024年店铺后台统计）"),
    ("家居/摆件", "国家级非遗 景泰蓝摆件"),
]


@pytest.mark.parametrize(("category", "title", "rule", "match"), FLAGGED)
def test_violation_is_flagged(write_draft, check_file, category, title, rule, match) -> None:
    path = write_draft(yaml.safe_dump({"category": category, "title": title}, allow_unicode=True))
    found = [f for f in check_file(path, select=["adlaw"]) if f.rule.startswith("adlaw/")]
    assert (rule, match) in [(f.rule, f.match) for f in found]
    # no other family fires (the health-food notice is about the whole draft)
    assert {f.rule for f in found} - {"adlaw/health-food-notice"} == {rule}


def test_a_cure_claim_is_an_efficacy_guarantee_and_a_medical_claim(write_draft, check_file):
    path = write_draft("category: 家居/鼻贴\ntitle: 根治鼻炎 草本鼻贴\n")
    found = [(f.rule, f.match) for f in check_file(path) if f.rule.startswith("adlaw/")]
    assert found == [("adlaw/efficacy-guarantee", "根治"), ("adlaw/medical-claims", "根治鼻炎")]


@pytest.mark.parametrize(("category", "title"), CLEAN)
def test_exception_is_not_flagged(write_draft, check_file, category, title) -> None:
    path = write_draft(yaml.safe_dump({"category": category, "title": title}, allow_unicode=True))
    found = [f for f in check_file(path, select=["adlaw"]) if f.rule.startswith("adlaw/")]
    assert [(f.rule, f.match) for f in found] == []


# -- severities, qualification, whole-draft checks ------------------------------------------------
def test_sales_rank_with_period_and_source_is_a_warning_not_an_error(write_draft, check_file):
    qualified = write_draft(
        "category: 食品/坚果\n"
        "title: 每日坚果\n"
        "description: 2025年天猫坚果类目销量第一（数据来源：天猫生意参谋，统计周期2025年1-6月）\n"
    )
    found = by_rule(check_file(qualified), "adlaw/absolute-terms")
    assert [(f.match, f.severity.label) for f in found] == [("销量第一", "warning")]
    assert "已注明时间" in found[0].message
    bare = write_draft("category: 食品/坚果\ntitle: 每日坚果 销量第一\n", name="bare.yaml")
    assert [f.severity.label for f in by_rule(check_file(bare), "adlaw/absolute-terms")] == [
        "error"
    ]


def test_price_superlatives_are_errors_and_other_price_and_data_wording_warnings(
    write_draft, check_file
) -> None:
    path = write_draft("category: 家居/水杯\ntitle: 全网最低价 保温杯 好评率99% 原价199\n")
    found = [
        (f.rule, f.match, f.severity.label) for f in check_file(path) if f.rule.startswith("adlaw/")
    ]
    assert found == [
        ("adlaw/price-fraud", "全网最低价", "error"),
        ("adlaw/unsourced-data", "好评率99%", "warning"),
        ("adlaw/price-fraud", "原价", "warning"),
    ]


def test_original_price_is_reported_in_the_title_only(write_draft, check_file) -> None:
    path = write_draft(
        "category: 服装/羽绒服\ntitle: 羽绒服 原价899\ndescription: 原价899元，活动价499元。\n"
    )
    found = by_rule(check_file(path), "adlaw/price-fraud")
    assert [(f.field, f.match) for f in found] == [("title", "原价")]


def test_health_food_must_carry_the_notice(write_draft, check_file) -> None:
    missing = write_draft(
        "category: 保健食品/维生素\ntitle: 维生素C咀嚼片\ndescription: |\n  每日一片。\n"
    )
    found = by_rule(check_file(missing), "adlaw/health-food-notice")
    # the finding points at the description (its block scalar starts on line 3)
    assert [(f.severity.label, f.field, f.line) for f in found] == [("warning", "description", 3)]
    present = write_draft(
        "category: 保健食品/维生素\ntitle: 维生素C咀嚼片\ndescription: |\n"
        "  每日一片。\n  本品不能代替药物。\n",
        name="ok.yaml",
    )
    assert not by_rule(check_file(present), "adlaw/health-food-notice")
    food = write_draft("category: 食品/零食\ntitle: 每日坚果\n", name="food.yaml")
    assert not by_rule(check_file(food), "adlaw/health-food-notice")


def test_health_food_may_state_its_approved_function_but_not_treatment(write_draft, check_file):
    approved = write_draft(
        "category: 保健食品/蛋白粉\ntitle: 蛋白粉 有助于增强免疫力 辅助降血糖\n"
        "description: 本品不能代替药物。\n"
    )
    assert not by_rule(check_file(approved), "adlaw/food-health-claims")
    ordinary = write_draft(
        "category: 食品/蜂蜜\ntitle: 土蜂蜜 增强免疫力 辅助降血糖\n", name="honey.yaml"
    )
    assert [f.match for f in by_rule(check_file(ordinary), "adlaw/food-health-claims")] == [
        "增强免疫力",
        "辅助降血糖",
    ]
    treatment = write_draft(
        "category: 保健食品/蛋白粉\ntitle: 蛋白粉 降血糖\ndescription: 本品不能代替药物。\n",
        name="cure.yaml",
    )
    assert [f.match for f in by_rule(check_file(treatment), "adlaw/food-health-claims")] == [
        "降血糖"
    ]


def test_user_allow_list_silences_a_term(tmp_path: Path, cli) -> None:
    (tmp_path / "listlint.yaml").write_text("select: [adlaw]\nallow: [最好的我们]\n", "utf-8")
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 图书\ntitle: 最好的我们 八月长安 小说\n", "utf-8")
    assert adlaw(cli("check", "--format", "json", draft)) == []


def test_finding_cites_the_article_and_suggests(write_draft, check_file) -> None:
    path = write_draft("category: 家居\ntitle: 顶级羊绒毯\n")
    (finding,) = by_rule(check_file(path), "adlaw/absolute-terms")
    assert "第九条" in finding.reference and "第五十七条" in finding.reference
    assert finding.message == "“顶级”属于绝对化用语，广告中禁止使用"
    assert finding.suggestion
    assert finding.fix is not None and finding.fix.replacement == ""


# -- the pack itself ------------------------------------------------------------------------------
def _pack() -> dict[str, Any]:
    return yaml.safe_load(PACK.read_text(encoding="utf-8"))


def _rules() -> list[dict[str, Any]]:
    return [r for r in _pack()["rules"]]


def test_every_rule_cites_an_article_and_has_two_good_and_two_bad_examples() -> None:
    for rule in _rules():
        assert rule["reference"].startswith("《"), rule["id"]
        assert len(rule["examples"]["bad"]) >= 2, rule["id"]
        assert len(rule["examples"]["good"]) >= 2, rule["id"]
        assert rule["explain"].strip(), rule["id"]


def test_rule_ids_are_the_families_of_the_issue() -> None:
    assert [r["id"] for r in _rules()] == [
        "adlaw/absolute-terms",
        "adlaw/state-authority",
        "adlaw/well-known-trademark",
        "adlaw/superstition",
        "adlaw/medical-claims",
        "adlaw/disinfection-claims",
        "adlaw/food-health-claims",
        "adlaw/health-food-notice",
        "adlaw/cosmetics-medical-claims",
        "adlaw/efficacy-guarantee",
        "adlaw/unsourced-data",
        "adlaw/price-fraud",
        "adlaw/education-guarantee",
        "adlaw/investment-return",
        "adlaw/disparagement",
    ]


def test_medical_claims_excludes_exactly_food_cosmetics_and_medical_goods() -> None:
    fams = _pack()["data"]["families"]
    rules = {r["id"]: r for r in _rules()}
    excluded = rules["adlaw/medical-claims"]["scope"]["exclude_families"]
    assert sorted(excluded) == sorted(fams["food"] + fams["cosmetics"] + fams["medical"])
    assert rules["adlaw/food-health-claims"]["scope"]["families"] == fams["food"]
    assert rules["adlaw/cosmetics-medical-claims"]["scope"]["families"] == fams["cosmetics"]


@pytest.mark.parametrize(
    ("category", "family"),
    [
        ("食品/休闲零食/坚果", "adlaw/food-health-claims"),
        ("茶/乌龙茶", "adlaw/food-health-claims"),
        ("保健食品/维生素", "adlaw/food-health-claims"),
        ("医药保健/保健食品/鱼油", "adlaw/food-health-claims"),
        ("母婴/奶粉/婴儿配方奶粉", "adlaw/food-health-claims"),
        ("美妆/护肤/面霜", "adlaw/cosmetics-medical-claims"),
        ("个护/洗发护发/洗发水", "adlaw/cosmetics-medical-claims"),
        ("母婴/婴儿护肤/护臀膏", "adlaw/cosmetics-medical-claims"),
        ("宠物/猫粮", "adlaw/medical-claims"),
        ("宠物/洗护美容/沐浴露", "adlaw/medical-claims"),
        ("家居/床上用品/枕头", "adlaw/medical-claims"),
        ("个护健康/按摩器材", "adlaw/medical-claims"),
        ("母婴/纸尿裤", "adlaw/medical-claims"),
        ("医疗器械/理疗仪器", None),
        ("药品/感冒药", None),
        ("医药保健/医疗器械/血压计", None),
    ],
)
def test_each_category_has_exactly_one_medical_family(category: str, family: str | None) -> None:
    engine = engine_for(select=["adlaw"])
    families = (
        "adlaw/food-health-claims",
        "adlaw/cosmetics-medical-claims",
        "adlaw/medical-claims",
    )
    from listlint.categories.resolve import resolve

    node = resolve(engine.resources.categories, category).node
    applying = [
        rid
        for rid in families
        if engine.resources.rule(rid).applies_to("taobao", category, node)  # type: ignore[union-attr]
    ]
    assert applying == ([family] if family else [])


def test_category_globs_match_as_documented() -> None:
    assert category_matches("母婴/婴儿护肤/护臀膏", "母婴/**/*护肤*/**")
    assert not category_matches("宠物/洗护美容/沐浴露", "母婴/**/*洗护*/**")


# -- explain -------------------------------------------------------------------------------------
def _example_text(example: Any) -> str:
    return example if isinstance(example, str) else example["title"]


@pytest.mark.parametrize("rule", [r["id"] for r in _rules()])
def test_explain_shows_reference_explanation_and_examples(cli, rule: str) -> None:
    spec = next(r for r in _rules() if r["id"] == rule)
    result = cli("explain", rule, "--no-color")
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert rule in out
    assert spec["reference"][:20] in out
    assert spec["explain"].strip().splitlines()[0][:20] in out
    for example in spec["examples"]["bad"] + spec["examples"]["good"]:
        assert _example_text(example) in out, example


def test_explain_says_which_fixes_are_offered(cli) -> None:
    assert "删除" in cli("explain", "adlaw/absolute-terms", "--no-color").stdout
    assert "无（需人工改写）" in cli("explain", "adlaw/medical-claims", "--no-color").stdout
    assert "最新款" in cli("explain", "adlaw/absolute-terms", "--no-color").stdout


def test_rank_number_followed_by_a_spaced_spec_is_still_flagged(write_draft, check_file):
    # the space between "ＮＯ．１" and "22.5W" separates words: it must not fuse into "no122.5w"
    path = write_draft("category: 数码/手机配件/移动电源\ntitle: 充電寶 銷量ＮＯ．１ 22.5W快充\n")
    found = [f for f in check_file(path, select=["adlaw"]) if f.rule == "adlaw/absolute-terms"]
    assert [(f.line, f.column, f.match) for f in found] == [(2, 14, "ＮＯ．１")]


# -- issue #15, item 4: advertising-law coverage by class -----------------------------------------
def _draft(write_draft, category: str, field: str, text: str, name: str = "draft.yaml") -> Path:
    """A draft with `text` in `field` (a title, or a neutral title and the text elsewhere)."""
    data: dict[str, Any] = {"platform": "taobao", "category": category, "title": text}
    if field != "title":
        data["title"] = "商品"
        data[field] = [text] if field == "selling_points" else text
    return write_draft(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), name=name)


def _adlaw_found(check_file, path: Path) -> list[tuple[str, str]]:
    found = check_file(path, select=["adlaw"])
    return [(f.rule, f.match) for f in found if f.rule.startswith("adlaw/")]


CLASS_VIOLATIONS = [
    # health claims on food written with any verb on a blood marker, detox, falling ill less
    ("食品/冲饮/燕麦麸", "description", "燕麦麸皮每天早餐加一勺，坚持食用可降低胆固醇。",
     "adlaw/food-health-claims", "降低胆固醇"),
    ("食品/乳品/成人奶粉", "title", "中老年高钙奶粉 调节血压 无蔗糖添加 800g罐装",
     "adlaw/food-health-claims", "调节血压"),
    ("食品/茶饮/代用茶", "subtitle", "蒲公英根茶 清除体内毒素 一杯清爽一整天",
     "adlaw/food-health-claims", "清除体内毒素"),
    ("食品/乳品/儿童奶粉", "subtitle", "儿童A2奶粉 换季少感冒",
     "adlaw/food-health-claims", "少感冒"),
    # cosmetic efficacy promised within a time
    ("美妆/护肤/精华", "title", "烟酰胺亮肤精华液 7天美白 提亮肤色",
     "adlaw/efficacy-guarantee", "7天美白"),
    ("美妆/护肤/眼霜", "description", "胜肽紧致眼霜，21天去皱，告别细纹。",
     "adlaw/efficacy-guarantee", "21天去皱"),
    ("美妆/护肤/面膜", "subtitle", "焕亮睡眠面膜 一夜白回来",
     "adlaw/efficacy-guarantee", "一夜白回来"),
    ("美妆/护肤/颈霜", "description", "颈霜涂一次，颈纹立刻变淡。",
     "adlaw/efficacy-guarantee", "立刻变淡"),
    # disinfection and disease prevention on ordinary goods (an air purifier too, for a virus)
    ("服装/内衣/袜子", "title", "男士杀菌除臭棉袜 四季款", "adlaw/disinfection-claims", "杀菌"),
    ("家纺/床品套件/四件套", "title", "纯棉四件套 杀灭病毒 宝宝安心睡",
     "adlaw/disinfection-claims", "杀灭病毒"),
    ("家电/生活电器/空气净化器", "title", "负离子空气净化器 杀灭新冠病毒 守护家人",
     "adlaw/disinfection-claims", "杀灭新冠病毒"),
    ("家装建材/涂料/乳胶漆", "title", "抗病毒乳胶漆 全家防流感",
     "adlaw/disinfection-claims", "防流感"),
    # diagnosis, monitoring and device substitution on non-medical goods; 医用级 as a status
    ("数码/智能穿戴/智能手环", "description", "AI心电算法，在家诊断心律失常。",
     "adlaw/medical-claims", "诊断心律失常"),
    ("数码/智能穿戴/智能手表", "title", "智能手表 监测血糖 运动心率",
     "adlaw/medical-claims", "监测血糖"),
    ("数码/智能穿戴/智能戒指", "subtitle", "智能戒指 替代血压计",
     "adlaw/medical-claims", "替代血压计"),
    ("家居/灯具/台灯", "title", "医用级护眼台灯 无频闪", "adlaw/medical-claims", "医用级"),
    # guaranteed results of education and training
    ("教育培训/职业资格/教师资格证", "title", "教师资格证笔试保过班 不过退款",
     "adlaw/education-guarantee", "保过班"),
    ("教育培训/公务员考试", "description", "命题组专家亲自授课，考前押中原题。",
     "adlaw/education-guarantee", "命题组专家"),
    ("教育培训/职业资格/建造师", "subtitle", "一建冲刺班 上岸率95%（2025届学员统计）",
     "adlaw/education-guarantee", "上岸率95%"),
    # investment returns on collectibles and precious metals
    ("珠宝/黄金/投资金条", "title", "投资金条Au9999 保值增值 只涨不跌",
     "adlaw/investment-return", "保值增值"),
    ("收藏/邮票", "subtitle", "整版邮票 年化收益15%", "adlaw/investment-return", "年化收益15%"),
    ("食品/茶叶/普洱", "title", "老班章古树普洱 年年升值 囤茶就是理财",
     "adlaw/investment-return", "就是理财"),
    # superstition beyond 招财 and 转运
    ("珠宝饰品/手链", "title", "黑曜石手链 化解小人 消灾", "adlaw/superstition", "化解小人"),
    ("珠宝饰品/手串", "selling_points", "寺庙开光 高僧加持 灵验", "adlaw/superstition", "加持"),
    # 万能 as a performance claim
    ("家庭清洁/清洁剂", "title", "万能清洁膏 一瓶搞定全屋污渍", "adlaw/absolute-terms", "万能"),
    ("服装/女装/休闲裤", "description", "这条阔腿裤万能百搭，通勤约会都能穿。",
     "adlaw/absolute-terms", "万能"),
    # cosmetic claims the labelling rules forbid
    ("美妆/护肤/面霜", "title", "抗敏舒缓面霜 换季泛红", "adlaw/cosmetics-medical-claims", "抗敏"),
    ("美妆/护肤/面膜", "title", "械字号同款配方 补水面膜",
     "adlaw/cosmetics-medical-claims", "械字号"),
    # belittling competitors
    ("家纺/毛巾浴巾/浴巾", "title", "纯棉浴巾 品质秒杀同行", "adlaw/disparagement", "秒杀同行"),
    ("数码/耳机/蓝牙耳机", "title", "百元蓝牙耳机 音质碾压同价位",
     "adlaw/disparagement", "碾压同价位"),
    ("美妆/彩妆/口红", "description", "某东卖的都是假货，认准本店正品。",
     "adlaw/disparagement", "某东卖的都是假货"),
]  # fmt: skip


@pytest.mark.parametrize(("category", "field", "text", "rule", "match"), CLASS_VIOLATIONS)
def test_each_class_of_issue_15_is_reported_by_its_rule(
    write_draft, check_file, category, field, text, rule, match
) -> None:
    found = _adlaw_found(check_file, _draft(write_draft, category, field, text))
    assert (rule, match) in found


def test_killing_germs_on_ordinary_goods_is_a_disinfection_claim_not_a_medical_one(
    write_draft, check_file
) -> None:
    socks = _draft(write_draft, "服装/内衣/袜子", "title", "男士杀菌除臭棉袜 四季款")
    assert _adlaw_found(check_file, socks) == [("adlaw/disinfection-claims", "杀菌")]
    wipes = _draft(
        write_draft, "母婴/湿巾/婴儿湿巾", "title", "婴儿手口湿巾 杀菌99.9% 无酒精", "w.yaml"
    )
    # a hygiene product may not claim it either; the rate has no source
    assert sorted(_adlaw_found(check_file, wipes)) == [
        ("adlaw/disinfection-claims", "杀菌99.9%"),
        ("adlaw/unsourced-data", "杀菌99.9%"),
    ]


def test_disinfection_products_medical_devices_and_processes_may_state_what_they_do(
    write_draft, check_file
) -> None:
    cases = [
        ("家庭清洁/消毒液/84消毒液", "description", "含氯消毒液 可杀灭肠道致病菌、化脓性球菌"),
        ("消毒/手部消毒", "title", "免洗手消毒凝胶 杀灭大肠杆菌和金黄色葡萄球菌"),
        ("厨具/砧板", "title", "抗菌PP材质砧板 双面可用 可挂可立"),
        ("食品/乳品/鲜奶", "title", "巴氏杀菌鲜牛奶 全程冷链 950ml"),
        ("母婴/湿巾/婴儿湿巾", "description", "本品为普通湿巾，不具有杀菌消毒功能。"),
        ("医疗器械/血压计", "title", "上臂式电子血压计 适用于成人血压测量"),
        ("数码/智能穿戴/智能手表", "selling_points",
         "心率监测 睡眠记录（本品非医疗器械，数据仅供参考）"),
    ]  # fmt: skip
    for n, (category, field, text) in enumerate(cases):
        path = _draft(write_draft, category, field, text, f"d{n}.yaml")
        assert _adlaw_found(check_file, path) == [], text


def test_price_superlatives_are_errors_with_their_own_message(write_draft, check_file) -> None:
    path = _draft(write_draft, "服装/女装/连衣裙", "title", "跳楼价清仓 夏季连衣裙 原价399")
    found = by_rule(check_file(path, select=["adlaw"]), "adlaw/price-fraud")
    assert [(f.match, f.severity.label) for f in found] == [
        ("跳楼价", "error"),
        ("原价", "warning"),
    ]
    assert "最低价、最优惠比较" in found[0].message
    assert "虚构紧迫感" in found[1].message


def test_cosmetic_safety_and_doctor_endorsements_have_their_own_messages(
    write_draft, check_file
) -> None:
    safety = _draft(write_draft, "美妆/身体护理/润肤霜", "selling_points", "无刺激配方 婴儿可用")
    (finding,) = by_rule(check_file(safety), "adlaw/cosmetics-medical-claims")
    assert finding.match == "无刺激" and "安全性的断言" in finding.message
    doctor = _draft(
        write_draft, "美妆/护肤/乳液", "title", "皮肤科医生推荐的舒缓乳液", name="doc.yaml"
    )
    (finding,) = by_rule(check_file(doctor), "adlaw/cosmetics-medical-claims")
    assert finding.match == "皮肤科医生推荐" and "医生、医疗机构或专家的名义" in finding.message


CLASS_TRAPS = [
    ("美妆/护肤/面膜", "description", "一周使用2-3次，避开眼周及唇部。"),
    ("美妆/护肤/精华", "description", "肌肤角质代谢周期约为28天，建议坚持规律护肤。"),
    ("美妆/护肤/精华", "title", "7天体验装 5ml×7支 旅行便携"),
    ("美妆/护肤/洁面", "selling_points", "温和低刺激配方，已通过人体斑贴试验"),
    ("美妆/护肤/面霜", "description", "含神经酰胺，修护皮肤屏障（功效评价报告已备案）。"),
    ("保健食品/膳食营养补充剂", "description",
     "保健功能：有助于维持血糖健康水平。本品不能代替药物。"),
    ("食品/调味品/酱菜", "description", "本品含钠较高，高血压人群请注意控制食用量。"),
    ("在线课程/英语/四六级", "description", "购课7天内且未学习超过2节，可申请全额退款。"),
    ("教育培训/公务员考试", "description", "本课程不承诺考试结果，学习效果因人而异。"),
    ("食品/休闲零食/礼盒", "title", "年货零食大礼包过年送长辈"),
    ("珠宝/黄金/黄金吊坠", "subtitle", "足金999硬金吊坠 黄金保值 款式耐看不过时"),
    ("办公/办公设备/打印机", "selling_points", "可开增值税专用发票"),
    ("珠宝/黄金/黄金手镯", "description",
     "回收说明：本店黄金饰品可按当日金价扣除损耗回收，规则见详情页。"),
    ("家居/收纳整理/收纳盒", "description", "大容量分层抽屉，轻松化解桌面收纳难题。"),
    ("五金工具/胶粘剂", "title", "强力万能胶 可粘木材塑料金属"),
    ("五金工具/电工仪表/万用表", "title", "数字万能表 自动量程 测电压电流电阻"),
    ("家纺/毛巾浴巾/浴巾", "subtitle", "限时秒杀 前100名半价"),
    ("厨具/厨房小工具", "title", "不锈钢压蒜器 手动碾压 出泥快"),
    ("数码/手机", "description", "与本店上一代相比，电池容量由4000mAh提升至5000mAh。"),
    ("服装/男装/卫衣", "subtitle", "到手价79元（已含满减）"),
    ("服装/男装/羽绒服", "description", "适用温度：最低-20℃"),
]  # fmt: skip


@pytest.mark.parametrize(("category", "field", "text"), CLASS_TRAPS)
def test_ordinary_wording_next_to_the_classes_is_not_reported(
    write_draft, check_file, category, field, text
) -> None:
    assert _adlaw_found(check_file, _draft(write_draft, category, field, text)) == []


# -- issue #15, item 5: no false alarms on ordinary Chinese ---------------------------------------
MODAL_ZUIHAO = [
    # in sentences 最好 before a verb phrase is the adverb "had better"
    ("家居/窗帘", "description", "下单前最好先量一下窗户尺寸，按需定制。"),
    ("食品/冲饮/代餐粉", "description", "孕妇及慢性病患者食用前最好咨询医生。"),
    ("食品/糕点/鲜花饼", "selling_points", "鲜花饼开封后最好当天吃完"),
    # in a title too: the next word, after adverbs and time words, is a verb (jieba's tags)
    ("食品/糕点/鲜花饼", "title", "现烤鲜花饼 最好当天吃完"),
    ("家居/窗帘/卷帘", "title", "定制卷帘 最好先量一下窗框尺寸"),
    ("母婴/婴儿服饰/连体衣", "title", "新生儿连体衣 最好单独手洗"),
    ("家居/窗帘", "title", "遮光窗帘 最好咨询客服再下单"),
]  # fmt: skip


@pytest.mark.parametrize(("category", "field", "text"), MODAL_ZUIHAO)
def test_modal_zuihao_before_a_verb_phrase_is_advice_not_a_superlative(
    write_draft, check_file, category, field, text
) -> None:
    assert _adlaw_found(check_file, _draft(write_draft, category, field, text)) == []


@pytest.mark.parametrize(
    "title", ["最好品质 纯棉T恤", "夏季最好的纯棉T恤", "送礼最好选择 保温杯", "最好 羊绒围巾"]
)
def test_zuihao_before_a_noun_or_nothing_is_still_a_superlative_in_a_title(
    write_draft, check_file, title
) -> None:
    path = _draft(write_draft, "服装/女装/T恤", "title", title)
    assert _adlaw_found(check_file, path) == [("adlaw/absolute-terms", "最好")]


@pytest.mark.parametrize(
    ("category", "field", "text"),
    [
        ("鞋靴/运动鞋/跑步鞋", "title", "气垫加持 轻盈缓震跑鞋"),
        ("数码/手机", "subtitle", "黑科技加持 5000万像素主摄"),
        ("数码/耳机/蓝牙耳机", "selling_points", "双芯加持 续航提升至40小时"),
        ("美妆/彩妆/粉底", "subtitle", "科技加持 控油持妆12小时"),
        ("鞋靴/运动鞋/跑步鞋", "selling_points", "全掌碳板加持 推进有力"),
    ],
)
def test_jiachi_after_a_product_noun_is_slang_not_superstition(
    write_draft, check_file, category, field, text
) -> None:
    assert _adlaw_found(check_file, _draft(write_draft, category, field, text)) == []


@pytest.mark.parametrize("text", ["大师开光加持 貔貅手串", "高僧加持 灵验", "本品已加持 转运"])
def test_jiachi_of_a_religious_agent_a_ritual_or_nobody_is_superstition(
    write_draft, check_file, text
) -> None:
    path = _draft(write_draft, "珠宝饰品/手串", "title", text)
    assert ("adlaw/superstition", "加持") in _adlaw_found(check_file, path)


def test_a_top_league_is_a_name_not_a_claim(write_draft, check_file) -> None:
    league = _draft(write_draft, "运动服/足球服", "title", "2026赛季英格兰顶级联赛球队主场复刻球衣")
    assert _adlaw_found(check_file, league) == []
    ball = _draft(
        write_draft, "运动/足球/比赛用球", "selling_points", "达到FIFA QUALITY PRO顶级赛事用球标准",
        name="ball.yaml",
    )  # fmt: skip
    assert _adlaw_found(check_file, ball) == []
    silk = _draft(write_draft, "服装/女装/衬衫", "subtitle", "顶级桑蚕丝面料 垂坠亲肤", "silk.yaml")
    assert _adlaw_found(check_file, silk) == [("adlaw/absolute-terms", "顶级")]
