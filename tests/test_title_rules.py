"""The `title` pack on real draft files with the real engine: structure, category, length,
stuffing, brands, Douyin generic titles and decorative symbols."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import by_rule, engine_for

from listlint.draft.load import load_text
from listlint.findings import Severity
from listlint.kinds import structure
from listlint.kinds.base import Context
from listlint.title import TitleAnatomy

GOOD = "户外速干短裤男夏季登山透气弹力五分裤"


def title_findings(findings):
    return [f for f in findings if f.rule.startswith("title/")]


def draft(write_draft, title: str, category: str = "服装/男装/短裤", **extra: str) -> Path:
    lines = [f"category: {category}", f"title: {title!r}"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return write_draft("\n".join(lines) + "\n")


def test_good_title_gets_no_title_findings(write_draft, check_file):
    assert title_findings(check_file(draft(write_draft, GOOD))) == []


def test_shorts_in_a_tshirt_category_is_a_category_mismatch_naming_both(write_draft, check_file):
    path = draft(write_draft, "夏季薄款短裤女", category="服装/女装/T恤")
    [found] = by_rule(check_file(path), "title/core-category-mismatch")
    assert found.severity is Severity.ERROR
    assert found.match == "短裤"
    assert (
        "服装/女装/T恤" in found.message and "服装 > T恤" in found.message
    )  # as written, resolved
    assert "服装 > 短裤" in found.message
    assert found.suggestion is not None and "服装 > 短裤" in found.suggestion
    assert found.column > 1  # points at 短裤, not at the start of the title


def test_tshirt_title_in_its_own_category_is_not_a_mismatch(write_draft, check_file):
    path = draft(write_draft, "夏季纯棉短袖T恤女", category="服装/女装/T恤")
    assert by_rule(check_file(path), "title/core-category-mismatch") == []


def test_traditional_title_and_category_are_compared_after_normalisation(write_draft, check_file):
    path = draft(write_draft, "戶外速乾短褲男夏季登山透氣彈力五分褲", category="服裝/男裝/短褲")
    assert by_rule(check_file(path), "title/core-category-mismatch") == []


def test_accessory_naming_the_phone_it_fits_is_not_a_phone_in_the_wrong_category(
    write_draft, check_file
):
    path = draft(
        write_draft, "适用华为手机壳防摔硅胶软壳 送钢化膜", category="数码/手机配件/手机壳"
    )
    found = title_findings(check_file(path))
    assert by_rule(found, "title/core-category-mismatch") == []
    assert by_rule(found, "title/multiple-brands") == []


def test_same_word_five_times_is_keyword_stuffing(write_draft, check_file):
    path = draft(write_draft, "短裤女夏短裤宽松短裤休闲短裤户外短裤")
    [found] = by_rule(check_file(path), "title/keyword-stuffing")
    assert found.severity is Severity.WARNING
    assert found.match == "短裤"
    assert "5 次" in found.message


def test_a_word_three_times_is_not_stuffing(write_draft, check_file):
    """Real titles repeat their product word three times (京东 16 %): the platforms' rules name
    no number, so three is not flagged."""
    path = draft(write_draft, "短裤女夏季宽松短裤户外运动短裤")
    assert by_rule(check_file(path), "title/keyword-stuffing") == []
    limit = check_file(path, profiles={"taobao": {"title_max_repeat": 2}})
    assert by_rule(limit, "title/keyword-stuffing")  # a shop that wants Amazon's rule sets it


def test_31_character_taobao_title_is_too_long_counted_in_units(write_draft, check_file):
    title = "夏季新款纯棉短袖衬衫女宽松显瘦百搭休闲上衣韩版学生圆领打底衫潮"
    assert len(title) == 31
    [found] = by_rule(check_file(draft(write_draft, title), platform="taobao"), "title/length")
    assert found.severity is Severity.ERROR
    assert "62" in found.message
    assert "60" in found.message


def test_jd_has_no_confirmed_limit_until_the_config_sets_one(write_draft, check_file):
    """No JD documentation gives a title limit, and real JD titles are mostly over the 45
    characters often cited: listlint checks JD's length only when the config states it."""
    path = draft(write_draft, GOOD + "透气" * 14, platform="jd")  # 46 characters
    assert by_rule(check_file(path), "title/length") == []
    strict = check_file(path, profiles={"jd": {"title_max": 45}})
    [found] = by_rule(strict, "title/length")
    assert "46 字" in found.message and "京东" in found.reference


def test_douyin_counts_30_characters_citing_its_api(write_draft, check_file):
    path = draft(
        write_draft,
        "户外速干短裤男夏季登山透气弹力五分裤薄款冰丝宽松运动跑步沙滩裤",
        platform="douyin",
    )
    [found] = by_rule(check_file(path), "title/length")
    assert found.severity is Severity.ERROR and "product/add" in found.reference


def test_pdd_common_limit_is_advice_only(write_draft, check_file):
    path = draft(
        write_draft,
        "户外速干短裤男夏季登山透气弹力五分裤薄款冰丝宽松运动跑步沙滩裤",
        platform="pdd",
    )
    found = check_file(path)
    assert by_rule(found, "title/length") == []
    [common] = by_rule(found, "title/length-common")
    assert common.severity is Severity.ADVICE and "拼多多" in common.message


def test_title_without_a_product_word_misses_the_core(write_draft, check_file):
    path = draft(write_draft, "超值特惠今日爆款限时抢购")
    [found] = by_rule(check_file(path), "title/core-missing")
    assert found.severity is Severity.ADVICE  # the lexicon may not know the product


LATE_CORE = "2025夏季新款韩版宽松百搭显瘦高腰学生休闲ins风冰丝透气薄款速干纯棉短裤"


def test_core_word_after_30_characters_is_advice_with_its_position(write_draft, check_file):
    [found] = by_rule(check_file(draft(write_draft, LATE_CORE)), "title/core-position")
    assert found.match == "短裤" and found.severity is Severity.ADVICE
    assert "30" in found.message
    early = "2025新款韩版宽松百搭显瘦高腰学生休闲ins风纯棉短裤"  # 短裤 at 27
    assert by_rule(check_file(draft(write_draft, early)), "title/core-position") == []


def test_core_position_follows_the_profile_parameter(write_draft, check_file):
    path = draft(write_draft, LATE_CORE, platform="pdd")
    assert by_rule(check_file(path), "title/core-position")
    relaxed = check_file(path, profiles={"pdd": {"title_core_within": 40}})
    assert by_rule(relaxed, "title/core-position") == []


def test_missing_attribute_and_scene_are_advice_with_suggestions_for_the_category(
    write_draft, check_file
):
    found = check_file(draft(write_draft, "短裤", category="服装/男装/短裤"))
    [attr] = by_rule(found, "title/attribute-missing")
    [scene] = by_rule(found, "title/scene-missing")
    assert attr.severity is Severity.ADVICE and scene.severity is Severity.ADVICE
    assert attr.suggestion is not None and "纯棉" in attr.suggestion
    assert scene.suggestion is not None and "通勤" in scene.suggestion
    food = check_file(draft(write_draft, "坚果", category="食品/零食/坚果炒货"))
    [food_scene] = by_rule(food, "title/scene-missing")
    assert food_scene.suggestion is not None and "办公室" in food_scene.suggestion


def test_two_brands_in_one_title_are_warned(write_draft, check_file):
    path = draft(
        write_draft, "南山运动鞋男透气跑步鞋耐克款", category="鞋靴/男鞋/运动鞋", brand="南山"
    )
    [found] = by_rule(check_file(path), "title/multiple-brands")
    assert found.match == "耐克"
    assert "南山" in found.message and "耐克" in found.message


def test_famous_brand_followed_by_tongkuan_is_an_ip_risk_unless_it_is_the_drafts(
    write_draft, check_file
):
    path = draft(write_draft, "香奈儿风小外套女秋季短款", category="服装/女装/外套")
    [found] = by_rule(check_file(path), "title/brand-ip")
    assert found.match == "香奈儿风"
    own = draft(write_draft, "耐克同款运动鞋男跑步", category="鞋靴/男鞋/运动鞋", brand="耐克")
    assert by_rule(check_file(own), "title/brand-ip") == []


def test_generic_only_title_is_an_error_on_douyin_only(write_draft, check_file):
    path = draft(write_draft, "秒杀专项福利链接", platform="douyin")
    [found] = by_rule(check_file(path), "title/generic-only")
    assert found.severity is Severity.ERROR
    assert "秒杀专项" in found.message
    taobao = draft(write_draft, "秒杀专项福利链接", platform="taobao")
    assert by_rule(check_file(taobao), "title/generic-only") == []
    named = draft(write_draft, "家用不锈钢保温杯500ml", category="厨具/水杯", platform="douyin")
    assert by_rule(check_file(named), "title/generic-only") == []


def test_repeated_symbols_brackets_exclamations_and_emoji_are_reported(write_draft, check_file):
    path = draft(write_draft, "★★户外短裤男【【爆款】】速干透气!!!🔥")
    found = by_rule(check_file(path), "title/symbols")
    assert [f.match for f in found] == ["★★", "【【", "】】", "!!!", "🔥"]
    assert all(f.fix is not None and f.fix.replacement == "" for f in found)


def test_single_bracket_pair_is_not_decoration(write_draft, check_file):
    path = draft(write_draft, "【现货】户外速干短裤男夏季透气")
    assert by_rule(check_file(path), "title/symbols") == []


def test_structure_rules_share_one_anatomy_per_draft(tmp_path):
    engine = engine_for()
    text = f"category: 服装/男装/短裤\ntitle: {GOOD}\n"
    doc = load_text(text, tmp_path / "d.yaml", "d.yaml")
    platform = engine.resources.platforms.get("taobao")
    ctx = Context(doc, "taobao", platform, date(2026, 1, 1), engine.resources)
    resolution = engine.resolve_category(doc)
    ctx.family, ctx.resolution = resolution.node, resolution
    rules = [r for r in engine.rules if r.kind == "structure"]
    assert len(rules) >= 5
    first = None
    for rule in rules:
        assert list(structure.check(rule, ctx)) == []
        anatomy = ctx.scratch["title_anatomy"]
        assert isinstance(anatomy, TitleAnatomy)
        first = first or anatomy
        assert anatomy is first


def test_the_symbol_prefilter_matches_every_character_a_run_can_start_with() -> None:
    import unicodedata

    from listlint.kinds.structure import _BRACKETS, _PUNCT, _RUN_START, _is_emoji

    uncovered = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        starts = (
            _is_emoji(ch)
            or ch in _PUNCT
            or ch in _BRACKETS
            or (unicodedata.category(ch)[0] == "S" and not ch.isascii())
        )
        if starts and not _RUN_START.match(ch):
            uncovered.append(hex(cp))
    assert uncovered == []
