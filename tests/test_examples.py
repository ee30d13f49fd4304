"""The shipped examples show what they promise (examples/README.md), and the clean ones pass."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

EXPECTED = {
    "apparel-tee/draft.yaml": {
        "adlaw/absolute-terms",
        "sku/presale-ship-time",
        "image/main-too-small",
    },
    "food-nuts/draft.yaml": {
        "adlaw/food-health-claims",
        "qualification/document-number",
        "qualification/document-expired",
        "sku/list-price-inflated",
    },
    "cosmetics-cream/draft.yaml": {
        "adlaw/cosmetics-medical-claims",
        "qualification/special-cosmetics-registration",
        "qualification/brand-authorization",
        "qualification/document-file-missing",
    },
    "3c-powerbank/draft.yaml": {
        "adlaw/absolute-terms",
        "qualification/document-expired",
        "sku/price-positive",
        "sku/list-price-inflated",
    },
    "home-pillow/draft.yaml": {
        "adlaw/medical-claims",
        "adlaw/superstition",
        "image/extension-mismatch",
        "image/detail-size",
        "sku/stock-invalid",
    },
    "medical-massager/draft.yaml": {"adlaw/efficacy-guarantee", "qualification/document-expired"},
    "douyin-generic/draft.yaml": {"title/generic-only"},
    "evasion-sneakers/draft.yaml": {"adlaw/absolute-terms"},
    "json-socks/draft.json": {
        "listing/attribute-contradiction",
        "listing/no-returns",
        "image/declared-size-mismatch",
    },
    "gbk-bowl/draft.yaml": {"draft/encoding", "adlaw/absolute-terms"},
}


@pytest.fixture(scope="module")
def report(cli) -> dict:
    result = cli("check", "--format", "json", "--today", "2026-11-21", "--no-cache", EXAMPLES)
    assert result.exit_code == 1
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def cli():  # module-scoped twin of the conftest fixture
    from typer.testing import CliRunner

    from listlint.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(("draft", "rules"), sorted(EXPECTED.items()))
def test_example_shows_its_intended_findings(report, draft, rules):
    found = {d["rule"] for d in report["diagnostics"] if d["path"].endswith(draft)}
    assert rules <= found, f"{draft}: missing {sorted(rules - found)}"


def test_advice_of_the_examples_is_shown_on_request(cli):
    """Advice (alt text, piled-up promotions) is left out by default and listed with --advice."""
    result = cli("check", "-f", "json", "--today", "2026-11-21", "--no-cache", "--advice", EXAMPLES)
    advice = {(d["path"].split("examples/")[-1], d["rule"]) for d in json.loads(result.stdout)[
        "diagnostics"] if d["severity"] == "advice"}  # fmt: skip
    assert ("apparel-tee/draft.yaml", "image/alt-missing") in advice
    assert ("douyin-generic/draft.yaml", "listing/promo-stacking") in advice


@pytest.mark.parametrize("draft", ["clean-tee/draft.yaml", "clean-tea/draft.yaml"])
def test_clean_example_has_no_findings_at_all(report, draft):
    assert [d for d in report["diagnostics"] if d["path"].endswith(draft)] == []


def test_evasion_example_flags_each_disguised_term_with_original_text(report):
    found = [
        d["match"]
        for d in report["diagnostics"]
        if d["path"].endswith("evasion-sneakers/draft.yaml") and d["rule"] == "adlaw/absolute-terms"
    ]
    assert {"最 佳", "全网第*一", "ＴＯＰ１", "顶\u200b级"} <= set(found)


def test_block_scalar_finding_points_at_line_three_of_the_block(report):
    hits = [
        (d["line"], d["column"], d["match"])
        for d in report["diagnostics"]
        if d["path"].endswith("apparel-tee/draft.yaml") and d["field"] == "description"
    ]
    assert (12, 5, "国家级") in hits
