"""SKUs: prices, stock, presale, duplicates, reference prices and price spread."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO, by_rule


def sku_draft(write_draft, skus: list[str], platform: str = "taobao"):
    """One SKU flow mapping per line, from line 4: `  - {name: …`."""
    body = "\n".join(f"  - {{{line}}}" for line in skus)
    return write_draft(
        f"platform: {platform}\ncategory: 家居/收纳/收纳盒\ntitle: 桌面收纳盒\nskus:\n{body}\n"
    )


def where(findings):
    return [(f.field, f.line, f.column) for f in findings]


def test_price_must_be_positive(write_draft, check_file):
    path = sku_draft(write_draft, ["name: 白色, price: 59", "name: 黑色, price: -1"])
    found = by_rule(check_file(path), "sku/price-positive")
    assert where(found) == [("skus[1].price", 6, 23)]


@pytest.mark.parametrize(("stock", "flagged"), [("-3", True), ("0", False), ("120", False)])
def test_stock_must_not_be_negative(write_draft, check_file, stock, flagged):
    path = sku_draft(write_draft, [f"name: 白色, price: 59, stock: {stock}"])
    found = by_rule(check_file(path), "sku/stock-invalid")
    assert where(found) == ([("skus[0].stock", 5, 34)] if flagged else [])


def test_fractional_stock_is_rejected_by_the_schema(write_draft, check_file):
    path = sku_draft(write_draft, ["name: 白色, price: 59, stock: 1.5"])
    found = check_file(path)
    assert [(f.rule, f.field) for f in found if f.rule == "draft/schema"] == [
        ("draft/schema", "skus[0].stock")
    ]


def test_presale_needs_a_shipping_time(write_draft, check_file):
    path = sku_draft(
        write_draft,
        [
            "name: 白色, price: 59, presale: true",
            "name: 黑色, price: 59, presale: true, ship_within_days: 7",
        ],
    )
    found = by_rule(check_file(path), "sku/presale-ship-time")
    assert where(found) == [("skus[0]", 5, 5)]


def test_presale_shipping_time_within_the_platform_limit(write_draft, check_file):
    line = "name: 白色, price: 59, presale: true, ship_within_days: 30"
    pdd = by_rule(check_file(sku_draft(write_draft, [line], "pdd")), "sku/presale-ship-time")
    assert where(pdd) == [("skus[0].ship_within_days", 5, 60)]
    assert "15" in pdd[0].message
    taobao = by_rule(check_file(sku_draft(write_draft, [line])), "sku/presale-ship-time")
    assert taobao == []


def test_duplicate_sku_names_are_reported_at_the_later_one(write_draft, check_file):
    path = sku_draft(
        write_draft,
        ["name: 白色 M, price: 59", "name: 黑色 M, price: 59", "name: 白色Ｍ, price: 69"],
    )
    found = by_rule(check_file(path), "sku/duplicate-name")
    assert [(f.field, f.line, f.column, f.match) for f in found] == [
        ("skus[2].name", 7, 12, "白色Ｍ")
    ]
    assert "第 1 个" in found[0].message and "第 3 个" in found[0].message


def test_traditional_and_simplified_names_are_the_same_sku(write_draft, check_file):
    path = sku_draft(write_draft, ["name: 經典款, price: 59", "name: 经典款, price: 59"])
    assert where(by_rule(check_file(path), "sku/duplicate-name")) == [("skus[1].name", 6, 12)]


def test_list_price_not_above_price_is_pointless(write_draft, check_file):
    path = sku_draft(
        write_draft,
        ["name: 白色, price: 59, list_price: 59", "name: 黑色, price: 59, list_price: 79"],
    )
    found = by_rule(check_file(path), "sku/list-price-not-higher")
    assert where(found) == [("skus[0].list_price", 5, 39)]
    assert found[0].severity.label == "advice"


def test_list_price_above_three_times_price_is_a_warning(write_draft, check_file):
    path = sku_draft(
        write_draft,
        ["name: 白色, price: 59, list_price: 599", "name: 黑色, price: 59, list_price: 177"],
    )
    found = by_rule(check_file(path), "sku/list-price-inflated")
    assert where(found) == [("skus[0].list_price", 5, 39)]
    assert found[0].severity.label == "warning"
    assert "599" in found[0].message and "177" in found[0].message


@pytest.mark.parametrize(
    ("price", "suggested"),
    [("100", "99"), ("200", "199"), ("130", "129"), ("1000", "999"), ("100.0", "99")],
)
def test_round_price_gets_a_psychological_step_suggestion(
    write_draft, check_file, price, suggested
):
    path = sku_draft(write_draft, [f"name: 白色, price: {price}"])
    found = by_rule(check_file(path), "sku/round-price")
    assert where(found) == [("skus[0].price", 5, 23)]
    assert found[0].severity.label == "advice"
    assert suggested in (found[0].suggestion or "")


@pytest.mark.parametrize("price", ["99", "129", "30", "105", "100.5", "0"])
def test_prices_that_are_not_round_steps(write_draft, check_file, price):
    path = sku_draft(write_draft, [f"name: 白色, price: {price}"])
    assert by_rule(check_file(path), "sku/round-price") == []


def test_price_spread_above_ten_times_points_at_the_decoy(write_draft, check_file):
    path = sku_draft(
        write_draft,
        [
            "name: 手机 128G, price: 2999",
            "name: 手机壳, price: 9.9",
            "name: 手机 256G, price: 3499",
        ],
    )
    found = by_rule(check_file(path), "sku/price-spread")
    assert where(found) == [("skus[1].price", 6, 24)]
    assert found[0].severity.label == "warning"
    assert "手机壳" in found[0].message and "手机 256G" in found[0].message


def test_price_spread_within_ten_times_is_fine(write_draft, check_file):
    path = sku_draft(write_draft, ["name: 单件, price: 59", "name: 十件装, price: 589"])
    assert by_rule(check_file(path), "sku/price-spread") == []


@pytest.mark.parametrize(
    ("low", "high", "flagged"),
    [
        ("单枚 含保护盒, price: 16", "整卷20枚, price: 268", False),  # per coin: 13.4 vs 16
        ("1瓶, price: 19", "整箱24瓶, price: 399", False),
        ("试用装 ×1, price: 9", "家庭装 ×30, price: 229", False),
        ("单枚, price: 9.9", "纪念册 1本, price: 2999", True),  # other units: a decoy still
        ("1瓶, price: 5", "整箱12瓶, price: 999", True),  # 83 a bottle against 5
    ],
)
def test_price_spread_compares_unit_prices_when_skus_count_the_same_unit(
    write_draft, check_file, low, high, flagged
):
    path = sku_draft(write_draft, [f"name: {low}", f"name: {high}"])
    assert bool(by_rule(check_file(path), "sku/price-spread")) is flagged


def test_a_clean_sku_list_has_no_sku_findings(write_draft, check_file):
    path = sku_draft(
        write_draft,
        [
            "name: 白色 M, price: 129, list_price: 169, stock: 200",
            "name: 黑色 L, price: 129, stock: 0, presale: true, ship_within_days: 7",
        ],
    )
    assert [f for f in check_file(path) if f.rule.startswith("sku/")] == []


def _rule_ids(pack: str) -> list[str]:
    data = yaml.safe_load((REPO / "rules" / "packs" / f"{pack}.yaml").read_text(encoding="utf-8"))
    return [r["id"] for r in data["rules"]]


@pytest.mark.parametrize("rule_id", _rule_ids("sku"))
def test_explain_works_for_every_sku_rule(cli, rule_id):
    result = cli("explain", "--no-color", rule_id)
    assert result.exit_code == 0, result.stdout
    assert rule_id in result.stdout and "依据 Reference" in result.stdout
