"""Categories as sellers write them: the table, the resolver, the findings on a draft's category,
``listlint category`` and ``listlint title --category``, and a user's additions in the config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, by_rule

from listlint import Linter
from listlint.categories.resolve import levels, resolve
from listlint.config import Config


@pytest.fixture(scope="module")
def table() -> Any:
    return Linter(Config()).resources.categories


@pytest.mark.parametrize(
    ("written", "family"),
    [
        ("保健品/鱼油", "health_food"),
        ("食品饮料 > 休闲食品 > 坚果炒货", "food.nuts"),
        ("食品饮料＞休闲食品＞坚果炒货", "food.nuts"),  # full-width separator
        ("食品 » 坚果炒货", "food.nuts"),
        ("食品 | 坚果炒货", "food.nuts"),
        ("食品\\坚果炒货", "food.nuts"),
        ("食品 - 坚果炒货", "food.nuts"),
        ("食品→坚果炒货", "food.nuts"),
        ("食品 坚果炒货", "food.nuts"),  # spaces only
        ("个护化妆 > 面部护肤 > 面霜", "cosmetics.skincare"),  # JD's path
        ("美妝/護膚/面霜", "cosmetics.skincare"),  # Traditional
        ("Beauty/Skin care", "cosmetics.skincare"),  # English
        ("ＢＥＡＵＴＹ > 面霜", "cosmetics.skincare"),  # full-width letters
        ("面霜", "cosmetics.skincare"),  # leaf only
        ("家用电器 > 生活电器 > 电水壶/热水瓶", "appliances.small.kitchen.kettle"),
        ("轮胎", "auto.tyres"),
        ("图书、音像、电子书刊 > 文艺 > 小说", "books"),  # JD lists alternatives with 、
        ("宠物/玩具", "pets.toys"),  # the path decides an ambiguous name
        ("宠物/洗护美容/沐浴露", "pets"),  # a pet product whatever its lower levels say
        ("生鲜 > 冷冻食品", "food.frozen"),  # the deeper level wins inside food
        ("母婴/奶粉", "infant_formula"),
        ("Baby Strollers", "baby_gear.stroller"),  # English words: the last is the product
        ("手机配件 充电器", "power.charger"),  # words separated by a space are levels
        ("食品饮料、保健食品 > 地方特产 > 其他特产", "food"),  # 其他特产: the rest of 特产
        ("Pet Supplies > Pet Medicine > Dewormers", "veterinary_drugs"),  # a domain's compatible
        ("汽车用品 > 安全坐椅", "baby_gear.car_seat"),  # a homophone typo, sold under 汽车用品
        ("影视/会员/腾讯QQ专区", "virtual"),  # one PDD level: most of its names say membership
        ("宠物/保健品/益生菌", "pets"),  # a path: 保健品 can be a pet's
    ],
)
def test_categories_as_sellers_write_them_resolve_to_their_family(
    table: Any, written: str, family: str
) -> None:
    found = resolve(table, written)
    assert found.node is not None and table.within(found.node, family), (found.node, found.how)


def test_a_one_character_typo_is_read_as_the_name_with_a_did_you_mean(table: Any) -> None:
    found = resolve(table, "保建食品/鱼油")
    assert found.typo == ("保建食品", "保健食品") and table.within(found.node, "health_food")
    assert resolve(table, "家用电噐").node == "appliances"
    # two-character names are not corrected, but the rest of the path decides and a
    # did-you-mean is offered for what was not understood
    found = resolve(table, "美状/面霜")
    assert found.typo is None and found.unresolved == ("美状",) and found.suggestions == ("美妆",)


def test_only_a_slip_of_a_pinyin_keyboard_is_a_typo(table: Any) -> None:
    """A one-character substitution in Chinese is a typo between homophones, or of a character
    that is neither the head nor inside a known word; a known name with a character added is a
    product of its own, not a misspelling."""
    assert table.typo("安全坐椅") == "安全座椅"  # zuo / zuo
    assert table.typo("护扶品") == "护肤品"  # fu / fu
    assert table.typo("儿童被子") is None  # not 儿童袜子
    assert table.typo("宠物垫") != "宠物"  # a pet mat, not a misspelt 宠物
    assert table.typo("护肤肤品") == "护肤品"  # a doubled keystroke
    assert table.typo("婴儿椎车") == "婴儿推车"  # a shape slip inside no known word
    found = resolve(table, "床上用品 > 儿童被子")
    assert found.typo is None and table.within(found.node, "home_textiles")


def test_vague_and_unknown_categories_resolve_to_nothing(table: Any) -> None:
    for written in ("其他", "未分类", "默认类目", "新品/热卖", ""):
        assert resolve(table, written).node is None
    found = resolve(table, "xyz/abc")
    assert found.node is None and found.problem == "unknown"


def test_a_vague_category_is_inferred_from_the_title_only_when_it_is_unambiguous(
    table: Any,
) -> None:
    kettle = [("appliances.small.kitchen.kettle", "电热水壶")]
    found = resolve(table, "其他", lambda: kettle)
    assert found.node == "appliances.small.kitchen.kettle" and found.how == "title"
    mixed = [("appliances.small.kitchen.kettle", "电热水壶"), ("food.tea", "茶叶")]
    assert resolve(table, "其他", lambda: mixed).node is None


def test_levels_split_at_every_separator_and_list_alternatives(table: Any) -> None:
    assert levels("零食/坚果/特产 > 坚果炒货") == [["零食", "坚果", "特产"], ["坚果炒货"]]
    assert levels("食品/坚果") == [["食品"], ["坚果"]]
    assert levels("T-shirt") == [["T-shirt"]]  # an ASCII hyphen inside a word is not a separator
    assert levels("x" * 10_000) and len(levels("x" * 10_000)[0][0]) <= 300


def test_the_table_holds_no_traditional_duplicates() -> None:
    """Traditional forms come from OpenCC at lookup, never from hand-written duplicates."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    data = yaml.safe_load((REPO / "rules" / "categories.yaml").read_text(encoding="utf-8"))
    names = [n for node in data["nodes"].values() for n in node.get("names", [])]
    traditional = [n for n in names if t2s.convert(n) != n]
    assert len(names) > 3000 and traditional == []


def test_every_family_a_pack_names_exists_in_the_table(tmp_path: Path, cli: Any) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\nrules:\n  - id: mine/x\n    kind: terms\n    message: m\n"
        "    scope: {families: [fod]}\n    terms: [某词]\n",
        encoding="utf-8",
    )
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 食品\ntitle: 坚果\n", encoding="utf-8")
    result = cli("check", "--pack", pack, draft)
    assert result.exit_code == 2 and "fod" in result.stderr and "food" in result.stderr


def _findings(write_draft: Any, check_file: Any, category: str, title: str) -> list[Any]:
    return check_file(
        write_draft(f"category: {json.dumps(category, ensure_ascii=False)}\ntitle: {title}\n")
    )


def test_an_unknown_category_is_a_warning_naming_the_nearest_known_names(
    write_draft: Any, check_file: Any
) -> None:
    found = _findings(write_draft, check_file, "美状用品abc", "限时特惠 今日爆款")
    (unknown,) = by_rule(found, "draft/unknown-category")
    assert unknown.severity.label == "warning" and unknown.field == "category"
    assert "美状用品abc" in unknown.message and "资质" in unknown.message


def test_a_vague_category_with_an_obvious_title_is_checked_as_the_title_says(
    write_draft: Any, check_file: Any
) -> None:
    found = _findings(write_draft, check_file, "其他", "电热水壶 1.7L 304不锈钢 家用")
    (inferred,) = by_rule(found, "draft/unknown-category")
    assert "按标题中的" in inferred.message and "电热水壶" in inferred.message
    assert by_rule(found, "qualification/ccc-certificate")  # the CCC check was not skipped


@pytest.mark.parametrize(
    "value", ["", "[一, 二]", "12345", '"\\x1b[31m食品\\x07"', "'" + "啊" * 10000 + "'"]
)
def test_bad_category_values_give_a_finding_and_the_other_packs_still_run(
    write_draft: Any, check_file: Any, value: str
) -> None:
    found = check_file(write_draft(f"category: {value}\ntitle: 全网最好的电热水壶\n"))
    assert by_rule(found, "adlaw/absolute-terms")  # the other packs ran
    about_category = [f for f in found if f.field == "category" and f.rule.startswith("draft/")]
    assert about_category
    assert not by_rule(found, "draft/internal-error")


def test_an_ambiguous_category_is_decided_by_the_title_or_reported(
    write_draft: Any, check_file: Any
) -> None:
    pet = _findings(write_draft, check_file, "零食", "猫咪冻干零食 鸡肉粒")
    assert not by_rule(pet, "draft/ambiguous-category")
    assert not by_rule(pet, "qualification/food-license")  # pet treats are feed, not food
    unknown = _findings(write_draft, check_file, "玩具", "今日特惠款")
    assert by_rule(unknown, "draft/ambiguous-category")


def test_category_command_resolves_and_lists_what_follows(cli: Any) -> None:
    texts = ["保健品/鱼油", "食品饮料 > 休闲食品 > 坚果炒货", "美妝/護膚/面霜", "Beauty/Skin care",
             "美状/面霜", "xyz/abc"]  # fmt: skip
    result = cli("category", *texts, "--format", "json")
    assert result.exit_code == 1  # one of them is not understood
    assert cli("category", *texts[:5], "--format", "json").exit_code == 0
    facts = json.loads(result.stdout)
    assert [f["family"] is not None for f in facts] == [True] * 5 + [False]
    for item in facts[:5]:
        assert item["documents"], item["text"]  # each names the documents it needs
    assert any("保健食品批准文号" in r for d in facts[0]["documents"] for r in d["requires"])
    assert facts[4]["did_you_mean"] == ["美妆"]
    assert facts[1]["title_limits"]["taobao"] == {"name": "淘宝", "max": 60, "mode": "units"}
    tree = cli("category", "美状/面霜", "xyz/abc", "--no-color").stdout
    assert "是否想写 美妆" in tree and "无法识别" in tree


def test_title_command_gives_the_category_verdict_and_why(cli: Any) -> None:
    result = cli("title", "户外睡袋成人加厚保暖", "--category", "运动户外 > 帐篷", "-f", "json")
    verdict = json.loads(result.stdout)["category_verdict"]
    assert verdict["ok"] is False and verdict["reason"] == "other-family"
    assert "睡袋" in verdict["word_family"] and "帐篷" in verdict["family"]
    result = cli("title", "电吹风家用大功率", "--category", "吹风机", "--no-color")
    assert "一致" in result.stdout and "不一致" not in result.stdout


def test_a_users_config_adds_aliases_and_nodes(tmp_path: Path, cli: Any) -> None:
    (tmp_path / "listlint.yaml").write_text(
        "categories:\n"
        "  aliases: {店铺自营坚果: food.nuts}\n"
        "  nodes:\n"
        "    food.nuts.macadamia: {name: 夏威夷果, names: [夏威夷果仁]}\n",
        encoding="utf-8",
    )
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 店铺自营坚果\ntitle: 每日坚果混合装\n", encoding="utf-8")
    found = json.loads(cli("check", "-f", "json", "--no-cache", draft).stdout)["diagnostics"]
    rules = {d["rule"] for d in found}
    assert "qualification/food-license" in rules and "draft/unknown-category" not in rules
    facts = json.loads(
        cli("category", "夏威夷果仁", "-f", "json", "--config", tmp_path / "listlint.yaml").stdout
    )
    assert facts[0]["family"] == "food.nuts.macadamia"


def test_a_config_alias_to_an_unknown_family_exits_2_with_a_suggestion(
    tmp_path: Path, cli: Any
) -> None:
    (tmp_path / "listlint.yaml").write_text("categories:\n  aliases: {自营: food.nut}\n", "utf-8")
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 食品\ntitle: 坚果\n", encoding="utf-8")
    result = cli("check", draft)
    assert result.exit_code == 2 and "food.nut" in result.stderr and "food.nuts" in result.stderr


@pytest.mark.parametrize(
    ("title", "category", "ok", "reason"),
    [
        # an accessory of the category's own product, unless the category sells accessories
        ("创意卡通冰箱贴磁贴", "大家电 > 冰箱", False, "accessory"),
        ("MacBook键盘膜硅胶防尘", "电脑办公 > 外设产品 > 键盘", False, "accessory"),
        ("14寸笔记本电脑内胆包防震", "电脑办公 > 笔记本配件", True, "accessory-category"),
        ("南极人纯棉四件套床单被套", "床上用品 > 床品套件", True, None),  # ends with a product
        # a product an accessory fits is not what is sold
        ("适配小米空气净化器滤芯除甲醛", "生活电器 > 净化/加湿抽湿机配件", True, None),
        ("空气炸锅专用吸油纸一次性100张", "厨房电器 > 空气炸锅", False, "other-family"),
        ("适配iPhone15手机壳磨砂", "手机配件 > 手机壳", True, "same"),
        # a pet's version of a product
        ("宠物体温计猫狗肛温", "家用电器 > 个护健康 > 体温计", False, "other-family"),
        ("宠物体温计猫狗肛温", "宠物 > 宠物医疗用品", True, None),
        # a book's title names anything; a book marker says it is a book
        ("追风筝的人 卡勒德胡赛尼 正版", "图书 > 文艺 > 外国小说", True, "domain"),
        ("三角风筝 儿童户外 大号", "图书 > 文艺 > 外国小说", False, "other-family"),
        # the category's own deepest words name the product
        ("车载手机支架重力出风口", "汽车/用品/配件/改装 > 车载手机支架/手机座", True, None),
        ("雀巢咖啡1+2原味速溶咖啡90条", "咖啡/麦片/冲饮", True, None),
        ("景德镇陶瓷碗碟套装家用", "厨具 > 餐具 > 餐具套装", True, None),  # 套装 is a set of it
    ],
)
def test_title_core_word_against_category_cases(
    title: str, category: str, ok: bool, reason: str | None
) -> None:
    from listlint.engine.explain import title_verdict

    resources = Linter(Config()).resources
    found, verdict = title_verdict(resources, title, category, None)
    assert found.node is not None, found
    if verdict is None:  # no product word to judge: never a mismatch
        assert ok and reason is None, title
        return
    assert verdict.ok is ok, (verdict.reason, verdict.word_path, verdict.category_path)
    if reason is not None:
        assert verdict.reason == reason
