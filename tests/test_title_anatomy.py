"""The title anatomy on the team's labelled titles (tests/corpus/titles) and on the behaviours
the title rules rely on: real jieba, real lexicons, no mocks."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from listlint.text.normalize import normalize_term
from listlint.title import analyze_title, category_verdict, jieba_words, lexicon, title_units
from listlint.title.anatomy import TitleAnatomy
from listlint.title.lexicon import LexiconError, load

CORPUS = Path(__file__).parent / "corpus" / "titles"


def _entries() -> list[Any]:
    out = []
    for file in sorted(CORPUS.glob("*.yaml")):
        for i, entry in enumerate(yaml.safe_load(file.read_text(encoding="utf-8"))):
            out.append(pytest.param(entry, id=f"{file.stem}-{i}-{entry['title'][:12]}"))
    return out


ENTRIES = _entries()


def _spans(title: str, word: str) -> list[tuple[int, int]]:
    low, needle = title.casefold(), word.casefold()
    out, pos = [], low.find(needle)
    while pos >= 0:
        out.append((pos, pos + len(word)))
        pos = low.find(needle, pos + 1)
    assert out, f"corpus error: {word!r} is not in {title!r}"
    return out


def _core_covers(a: TitleAnatomy, word: str) -> bool:
    return any(t.start < e and s < t.end for s, e in _spans(a.title, word) for t in a.core)


def test_corpus_has_at_least_150_titles_across_all_families() -> None:
    assert len(ENTRIES) >= 150
    families = set()
    lex = lexicon()
    for param in ENTRIES:
        family = lex.family_of(param.values[0]["category"])
        assert family is not None, param.values[0]["category"]
        families.add(family)
    required = {
        "apparel", "shoes", "bags", "food", "drinks", "health_food", "cosmetics", "baby", "toys",
        "digital", "computers", "appliances", "home", "kitchen", "jewellery", "sports", "pets",
        "medical", "books",
    }  # fmt: skip
    assert required <= families


@pytest.mark.parametrize("entry", ENTRIES)
def test_labelled_title_has_its_core_words_attributes_and_scenes(entry: dict[str, Any]) -> None:
    a = analyze_title(entry["title"], entry.get("brand"), entry["category"])
    cores = [t.text for t in a.core]
    for word in entry["core"]:
        assert _core_covers(a, word), f"core {word!r} not found; core terms: {cores}"
    for word in entry.get("not_core", []):
        assert not _core_covers(a, word), f"{word!r} taken as core; core terms: {cores}"
    attributes = {t.norm for t in a.attributes}
    for word in entry.get("attributes", []):
        assert normalize_term(word) in attributes, f"attribute {word!r} missing: {attributes}"
    scenes = {t.norm for t in a.scenes}
    for word in entry.get("scenes", []):
        assert normalize_term(word) in scenes, f"scene {word!r} missing: {scenes}"


@pytest.mark.parametrize("entry", ENTRIES)
def test_labelled_title_fits_its_own_category(entry: dict[str, Any]) -> None:
    a = analyze_title(entry["title"], entry.get("brand"), entry["category"])
    found = category_verdict(a, entry["category"])
    assert found is not None, "no product word of a known kind"
    term, verdict = found
    assert verdict.ok, f"{term.text} does not fit {entry['category']}: {verdict}"


# -- the acceptance example and the anatomy's shape ----------------------------------------------
def test_outdoor_shorts_title_splits_into_core_attributes_and_scenes() -> None:
    a = analyze_title("户外速干短裤男夏季登山透气弹力五分裤")
    assert [t.text for t in a.core] == ["短裤", "五分裤"]
    assert [t.text for t in a.attributes] == ["速干", "男", "夏季", "透气", "弹力"]
    assert [t.text for t in a.scenes] == ["户外", "登山"]
    assert a.brand_text is None


def test_json_has_brand_core_attributes_scenes_other_length_and_token_spans() -> None:
    title = "南山 户外速干短裤男 ★"
    data = analyze_title(title, brand="南山").to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["brand"] == "南山"
    assert data["core"] == ["短裤"]
    assert data["scenes"] == ["户外"]
    assert data["length"] == title_units(title, "units")
    for token in data["tokens"]:
        assert title[token["start"] : token["end"]] == token["text"]


def test_token_spans_point_at_the_original_traditional_and_full_width_characters() -> None:
    title = "適用蘋果１５手機殼 ＴＹＰＥ－Ｃ數據線"
    a = analyze_title(title)
    for token in a.tokens:
        assert title[token.start : token.end] == token.text
    assert [t.text for t in a.core] == ["手機殼", "數據線"]


def test_compound_of_device_and_accessory_is_one_core_term_headed_by_the_accessory() -> None:
    a = analyze_title("快充手机数据线")
    [term] = a.core
    assert term.text == "手机数据线"
    assert term.head.text == "数据线"
    assert "digital" in term.families


def test_unknown_compound_ending_like_a_product_is_core_by_its_head() -> None:
    a = analyze_title("加厚饲料桶养殖场用")
    assert any("桶" in t.text for t in a.core)
    assert all(not t.from_lexicon or t.head.norm == "桶" for t in a.core if "桶" in t.text)


def test_gifts_and_parts_are_not_core_words() -> None:
    a = analyze_title("防摔手机壳 送钢化膜+挂绳")
    assert [t.text for t in a.core] == ["手机壳"]
    b = analyze_title("儿童保温杯带吸管")
    assert [t.text for t in b.core] == ["保温杯"]


def test_device_named_in_an_accessory_title_is_what_it_fits_not_the_product() -> None:
    a = analyze_title("笔记本散热器 适用联想电脑")
    assert [t.text for t in a.core] == ["笔记本散热器"]
    [mention] = a.brands
    assert mention.compat and not mention.own


def test_apple_is_a_fruit_in_a_fruit_title_and_a_brand_in_a_phone_title() -> None:
    fruit = analyze_title("烟台红富士苹果新鲜水果5斤")
    assert any("苹果" in t.text for t in fruit.core)
    assert not fruit.brands
    phone = analyze_title("苹果15钢化膜全屏高清")
    assert [b.name for b in phone.brands] == ["苹果"]
    assert [t.text for t in phone.core] == ["钢化膜"]


def test_draft_brand_is_recognised_even_when_jieba_would_split_it() -> None:
    a = analyze_title("棉语夏季纯棉短袖T恤女", brand="棉语/MianYu")
    assert a.brand_text == "棉语"
    assert a.brands[0].own


def test_specifications_stay_whole_as_spec_attributes() -> None:
    a = analyze_title("保温杯500ml 2件套 十只装 15.6寸")
    specs = [t.text for t in a.attributes if t.detail == "spec"]
    assert specs[:4] == ["500ml", "2件套", "十只装", "15.6寸"]


def test_generic_set_word_is_not_core_when_the_title_names_the_product() -> None:
    assert [t.text for t in analyze_title("无线键盘 办公 套装").core] == ["键盘"]
    assert [t.text for t in analyze_title("女士夏季套装").core] == ["套装"]


def test_repeats_count_words_of_two_or_more_characters() -> None:
    a = analyze_title("短裤女短裤男短裤")
    assert len(a.repeats()["短裤"]) == 3


# -- categories -----------------------------------------------------------------------------------
def test_shorts_do_not_fit_a_tshirt_category_and_the_closest_category_is_suggested() -> None:
    a = analyze_title("夏季薄款短裤女", category="服装/女装/T恤")
    term, verdict = category_verdict(a, "服装/女装/T恤") or (None, None)
    assert term is not None and verdict is not None
    assert term.text == "短裤"
    assert not verdict.ok
    assert verdict.closest == "服装/女装/短裤"
    assert "服装/女装/短裤" in verdict.word_categories


@pytest.mark.parametrize(
    "category", ["服装/女装/短裤", "服装/女装/裤子/短裤", "服装/男装/裤子", "服装/女装", "服装"]
)
def test_shorts_fit_shorts_trousers_and_family_level_categories(category: str) -> None:
    a = analyze_title("夏季薄款短裤女")
    _, verdict = category_verdict(a, category) or (None, None)
    assert verdict is not None and verdict.ok


def test_category_separators_and_traditional_segments_are_normalised() -> None:
    lex = lexicon()
    assert lex.family_of("服裝 > 女裝 > T恤") == "apparel"
    a = analyze_title("夏季薄款短裤女")
    _, verdict = category_verdict(a, "服裝 > 女裝 > 短褲") or (None, None)
    assert verdict is not None and verdict.ok


def test_unknown_category_is_never_a_mismatch() -> None:
    a = analyze_title("夏季薄款短裤女")
    _, verdict = category_verdict(a, "其他/杂项") or (None, None)
    assert verdict is not None and verdict.ok


def test_food_word_in_an_apparel_category_is_a_family_mismatch() -> None:
    a = analyze_title("每日坚果混合装")
    _, verdict = category_verdict(a, "服装/女装") or (None, None)
    assert verdict is not None and not verdict.ok


# -- length ---------------------------------------------------------------------------------------
def test_units_count_cjk_and_full_width_as_two_and_ascii_as_one() -> None:
    assert title_units("T恤", "units") == 3
    assert title_units("Ｔ恤", "units") == 4
    assert title_units("T恤", "chars") == 2
    assert title_units("短" * 31, "units") == 62
    with pytest.raises(ValueError):
        title_units("x", "bytes")


# -- lexicons -------------------------------------------------------------------------------------
def test_jieba_words_include_lexicon_words_in_simplified_lower_case() -> None:
    words = set(jieba_words())
    assert {"速干", "五分裤", "t恤", "户外", "保温杯"} <= words
    assert all(len(w) > 1 for w in words)


def test_lexicon_is_loaded_once_and_is_large() -> None:
    lex = lexicon()
    assert lexicon() is lex
    assert len(lex.core) >= 5000
    assert len(lex.attributes) >= 800
    assert len(lex.scenes) >= 150


def test_bad_lexicon_file_is_rejected_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("attributes: {texture: [软]}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yaml"):
        load(tmp_path)


def test_anatomy_is_fast_after_warm_up() -> None:
    analyze_title("预热")
    titles = ["户外速干短裤男夏季登山透气弹力五分裤", "适用苹果15手机壳磁吸保护套防摔"] * 100
    started = time.perf_counter()
    for title in titles:
        analyze_title(title)
    per_title = (time.perf_counter() - started) / len(titles)
    assert per_title < 0.002  # well under 1 ms on a developer machine; 2 ms leaves CI headroom


def test_maker_brand_of_a_power_bank_is_the_brand_and_marketing_words_are_not_core() -> None:
    a = analyze_title("小米 全网最低价 充电宝 20000毫安 快充 大容量 移动电源")
    assert a.brand_text == "小米"
    assert [t.text for t in a.core] == ["充电宝", "移动电源"]
    assert "全网" not in {t.text for t in a.core}


def test_brand_an_accessory_fits_is_shown_not_dropped(cli: Any) -> None:
    for title, brand in [
        ("苹果 iPhone 15 手机壳 透明 防摔", "苹果"),
        ("华为 Mate60 钢化膜 全屏 高清", "华为"),
    ]:
        a = analyze_title(title)
        assert a.brand_text is None and a.compatible_brands == [brand]
        data = json.loads(cli("title", title, "--format", "json").stdout)
        assert data["compatible_brands"] == [brand]
        tree = cli("title", title).stdout
        brand_line = next(line for line in tree.splitlines() if "品牌" in line)
        assert brand in brand_line and "适配" in brand_line


def test_title_with_a_category_it_does_not_fit_says_where_its_core_word_belongs(cli: Any) -> None:
    out = cli("title", "苹果 iPhone 15 手机壳 透明 防摔", "--category", "服装/女装/T恤").stdout
    assert "不一致" in out and "手机壳" in out and "数码" in out
    fits = cli("title", "小米充电宝 20000毫安", "--category", "数码/手机配件/移动电源").stdout
    assert "一致" in fits and "不一致" not in fits
