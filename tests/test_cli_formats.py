"""Output formats for CI: SARIF (validated against the official schema), GitHub annotations,
JUnit XML, JSON lines, --output, --statistics."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listlint.findings import Finding, Fix, Severity
from listlint.report.github import escape_data, escape_property
from listlint.report.machine import encode_finding

DATA = Path(__file__).parent / "data"

BAD_TEE = """\
platform: taobao
category: 服装/女装/T恤
title: 棉语夏季最好的纯棉短袖T恤女宽松百搭圆领上衣
description: |
  全网第一，新疆长绒棉。
skus:
  - {name: 白色 M, price: 129, stock: 200}
"""
CLEAN_TEE = """\
platform: taobao
category: 服装/女装/T恤
title: 棉语夏季纯棉短袖T恤女宽松百搭圆领上衣
skus:
  - {name: 白色 M, price: 129, stock: 200}
"""


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small catalogue with errors of several kinds, a clean draft, a JSON and a JSON-lines
    file and a non-ASCII folder name; the working directory is its parent."""
    root = tmp_path / "草稿 drafts"
    root.mkdir()
    (root / "tee.yaml").write_text(BAD_TEE, encoding="utf-8")
    (root / "clean.yaml").write_text(CLEAN_TEE, encoding="utf-8")
    (root / "broken.yaml").write_text("title: [unclosed\ncategory: x\n", encoding="utf-8")
    (root / "socks.json").write_text(
        json.dumps({"category": "服装/袜子", "title": "最佳,袜子:100%棉"}, ensure_ascii=False),
        encoding="utf-8",
    )
    (root / "catalogue.jsonl").write_text(
        json.dumps({"category": "食品/坚果", "title": "每日坚果"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"category": "食品/坚果", "title": "国家级坚果"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def _json(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("check", *args, "--format", "json")
    return json.loads(result.stdout)


# -- SARIF -----------------------------------------------------------------------------------------
def test_sarif_is_valid_against_the_official_schema(cli: Any, drafts: Path) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    result = cli("check", drafts.name, "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert log["version"] == "2.1.0"


def test_sarif_rules_and_results(cli: Any, drafts: Path) -> None:
    contract = _json(cli, drafts.name)["diagnostics"]
    log = json.loads(cli("check", drafts.name, "--format", "sarif").stdout)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    rules_out = cli("rules").stdout
    # every enabled rule is described, with the fields code scanning shows
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["id"] in rules_out
    assert "adlaw/absolute-terms" in ids
    assert "draft/syntax" in ids
    assert "draft/unused-suppression" in ids
    absolute = rules[ids.index("adlaw/absolute-terms")]
    assert absolute["defaultConfiguration"]["level"] == "error"
    assert "广告法" in absolute["help"]["text"]

    results = run["results"]
    assert len(results) == len(contract)
    assert run["columnKind"] == "unicodeCodePoints"
    for result, diag in zip(results, contract, strict=True):
        assert result["ruleId"] == diag["rule"]
        assert ids[result["ruleIndex"]] == diag["rule"]
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[diag["severity"]]
        )
        assert result["message"]["text"].startswith(diag["message"])
        loc = result["locations"][0]["physicalLocation"]
        # relative to the working directory, percent-encoded as a URI reference
        assert loc["artifactLocation"]["uri"].startswith("%E8%8D%89%E7%A8%BF%20drafts/")
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = loc["region"]
        assert (region["startLine"], region["startColumn"]) == (diag["line"], diag["column"])
        assert (region["endLine"], region["endColumn"]) == (diag["end_line"], diag["end_column"])
    # the 最好 in the title: line 3, code-point column 12, end exclusive
    hit = next(r for r in results if r["properties"].get("match") == "最好")
    region = hit["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 14}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")


def test_sarif_fingerprints_survive_edits_elsewhere(cli: Any, drafts: Path) -> None:
    def prints() -> set[str]:
        log = json.loads(cli("check", drafts.name, "--format", "sarif").stdout)
        return {r["partialFingerprints"]["listlint/v1"] for r in log["runs"][0]["results"]}

    before = prints()
    tee = drafts / "tee.yaml"
    tee.write_text("# a comment that moves every line down\n" + BAD_TEE, encoding="utf-8")
    assert prints() == before


# -- GitHub ----------------------------------------------------------------------------------------
def test_github_escaping() -> None:
    assert escape_data("100%\r\nok") == "100%25%0D%0Aok"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_annotations(cli: Any, drafts: Path) -> None:
    result = cli("check", drafts.name, "--format", "github")
    assert result.exit_code == 1
    lines = [x for x in result.stdout.splitlines() if x.startswith("::")]
    contract = _json(cli, drafts.name)["diagnostics"]
    assert len(lines) == len(contract)
    first = next(x for x in lines if "tee.yaml,line=3" in x and "absolute-terms" in x)
    assert first.startswith(
        "::error file=草稿 drafts/tee.yaml,line=3,col=12,endLine=3,endColumn=14,"
        "title=listlint adlaw/absolute-terms::“最好”"
    )
    assert "%0A建议：" in first  # multi-line message, escaped
    for line in lines:
        head, _, message = line[2:].partition("::")
        assert "\n" not in message and "\r" not in message
        kind, _, props = head.partition(" ")
        assert kind in ("error", "warning", "notice")
        # every property value is escaped: splitting on , and the first = is unambiguous
        keys = [p.split("=", 1)[0] for p in props.split(",")]
        assert keys == ["file", "line", "col", "endLine", "endColumn", "title"]


def test_github_annotations_from_a_subfolder_name_files_from_the_repository_root(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    repo = tmp_path / "content"
    (repo / "shop" / "drafts").mkdir(parents=True)
    (repo / "shop" / "drafts" / "tee.yaml").write_text(BAD_TEE, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(repo / "shop")
    result = cli("check", "drafts", "--format", "github", "--no-cache")
    assert result.exit_code == 1
    files = {
        line.split("file=", 1)[1].split(",", 1)[0]
        for line in result.stdout.splitlines()
        if line.startswith("::")
    }
    assert files == {"shop/drafts/tee.yaml"}
    assert all((repo / name).is_file() for name in files)
    # outside any checkout, paths stay relative to the working folder
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "tee.yaml").write_text(BAD_TEE, encoding="utf-8")
    monkeypatch.chdir(plain)
    out = cli("check", "tee.yaml", "--format", "github", "--no-cache").stdout
    assert "file=tee.yaml," in out


def test_github_format_is_the_default_inside_github_actions(
    cli: Any, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check", drafts.name)
    assert result.stdout.startswith("::")
    assert "title=listlint adlaw/absolute-terms" in result.stdout
    # an explicit format still wins
    assert cli("check", drafts.name, "--format", "json").stdout.startswith("{")


# -- JUnit, JSON lines ----------------------------------------------------------------------------
def test_junit(cli: Any, drafts: Path) -> None:
    select = ("--select", "adlaw,draft")  # so that clean.yaml is clean whatever other packs say
    result = cli("check", drafts.name, "--format", "junit", *select)
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    contract = _json(cli, drafts.name, *select)["diagnostics"]
    assert root.tag == "testsuites"
    assert int(root.get("failures")) == len(contract)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {
        f"{drafts.name}/{n}"
        for n in ("tee.yaml", "clean.yaml", "broken.yaml", "socks.json", "catalogue.jsonl")
    }
    clean = suites[f"{drafts.name}/clean.yaml"]
    assert clean.get("failures") == "0"
    assert [c.find("failure") for c in clean.findall("testcase")] == [None]
    tee = suites[f"{drafts.name}/tee.yaml"]
    failures = [c.find("failure") for c in tee.findall("testcase")]
    assert all(f is not None and f.get("type") == "error" for f in failures)
    assert any("最好" in (f.text or "") for f in failures)


def test_json_lines(cli: Any, drafts: Path) -> None:
    result = cli("check", drafts.name, "--format", "json-lines")
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert rows == _json(cli, drafts.name)["diagnostics"]


def test_json_contract_keys_are_unchanged(cli: Any, drafts: Path) -> None:
    data = _json(cli, drafts.name)
    assert set(data) >= {"version", "files", "diagnostics", "summary"}
    assert data["files"] == 5
    keys = {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "field",
        "rule",
        "severity",
        "match",
        "message",
        "suggestion",
        "reference",
    }
    assert all(keys <= set(d) for d in data["diagnostics"])


# -- --output, --statistics -----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["sarif", "json", "junit", "github", "tree"])
def test_output_file_and_summary_on_the_terminal(cli: Any, drafts: Path, fmt: str) -> None:
    out = Path("reports") / f"listlint.{fmt}"
    result = cli("check", drafts.name, "--format", fmt, "--output", out)
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert "adlaw/absolute-terms" in text
    assert "未通过" in result.stdout and "检查 5 个文件" in result.stdout
    assert "adlaw/absolute-terms" not in result.stdout  # the report went to the file
    if fmt == "sarif":
        assert json.loads(text)["version"] == "2.1.0"


def test_statistics(cli: Any, drafts: Path) -> None:
    contract = _json(cli, drafts.name)["diagnostics"]
    table = cli("check", drafts.name, "--statistics")
    assert table.exit_code == 1
    assert "adlaw/absolute-terms" in table.stdout and "count" in table.stdout
    rows = json.loads(cli("check", drafts.name, "--statistics", "--format", "json").stdout)
    assert sum(r["count"] for r in rows) == len(contract)
    expected: dict[str, int] = {}
    for d in contract:
        expected[d["rule"]] = expected.get(d["rule"], 0) + 1
    assert {r["rule"]: r["count"] for r in rows} == expected
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_exit_status_unchanged_by_formats(cli: Any, drafts: Path) -> None:
    clean = drafts / "clean.yaml"
    for fmt in ("sarif", "github", "junit", "json-lines"):
        assert cli("check", clean, "--format", fmt, "--select", "adlaw,draft").exit_code == 0
    assert cli("check", drafts.name, "--format", "sarif", "--exit-zero").exit_code == 0
    assert cli("check", drafts.name, "--shard", "3/2").exit_code == 2
    assert cli("check", drafts.name, "--shard", "x").exit_code == 2


def test_sarif_for_drafts_outside_the_working_directory(
    cli: Any, drafts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    log = json.loads(cli("check", drafts / "tee.yaml", "--format", "sarif").stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == (drafts / "tee.yaml").as_uri()
    assert "uriBaseId" not in artifact


# -- listlint title ------------------------------------------------------------------------------
def test_title_command(cli: Any) -> None:
    data = json.loads(cli("title", "棉语纯棉T恤女", "--brand", "棉语", "--format", "json").stdout)
    assert data["title"] == "棉语纯棉T恤女"
    assert data["brand"] == "棉语"
    tree = cli("title", "户外速干短裤男夏季登山透气弹力五分裤", "--category", "服装/男装/短裤")
    assert tree.exit_code == 0 and "短裤" in tree.stdout
    assert cli("title", "  ").exit_code == 2


def test_title_command_reads_titles_from_stdin(cli: Any) -> None:
    result = cli("title", "-", input="户外速干短裤男\r\n\r\n棉语纯棉T恤女\n")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in rows] == ["户外速干短裤男", "棉语纯棉T恤女"]


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from('"\\\n\r\t\x00\u2028最'),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_TEXT, min_size=7, max_size=7),
    numbers=st.lists(st.integers(0, 10**9), min_size=4, max_size=4),
    severity=st.sampled_from(list(Severity)),
    suggestion=st.none() | _TEXT,
    fixable=st.booleans(),
)
def test_json_diagnostic_encoding_equals_json_dumps(
    texts: list[str], numbers: list[int], severity: Severity, suggestion: str | None, fixable: bool
) -> None:
    path, field, rule, match, message, reference, replacement = texts
    finding = Finding(
        path, *numbers, field, rule, severity, match, message, suggestion, reference,
        Fix(0, 1, replacement) if fixable else None,
    )  # fmt: skip
    expected = json.dumps(finding.to_json(), ensure_ascii=False, separators=(", ", ": "))
    assert encode_finding(finding) == expected


def test_tree_shows_a_rules_suggestion_and_reference_once_per_field(
    cli: Any, tmp_path: Path
) -> None:
    """Four 迷信 words in one field: four findings, one 建议 and one 依据 (item 6 of #15)."""
    draft = tmp_path / "jade.yaml"
    draft.write_text(
        "platform: taobao\ncategory: 珠宝/翡翠/吊坠\ntitle: 翡翠平安扣吊坠开光保平安\n"
        "description: 佩戴可化煞挡灾，招财转运。\n",
        encoding="utf-8",
    )
    out = cli("check", draft, "--no-cache", "--no-color").stdout
    assert out.count("adlaw/superstition") >= 4
    title, description = out.split("── description")
    for part in (title, description):
        assert part.count("依据 《广告法》第九条第（八）项") == 1, out
        assert part.count("建议 删除功效暗示") == 1, out


def test_reference_follows_the_case(cli: Any, tmp_path: Path) -> None:
    """An expired 3C certificate cites the CCC rules, not the food licence rules; a Pinduoduo
    image finding cites and suggests Pinduoduo's limit, not Taobao's."""
    draft = tmp_path / "charger.yaml"
    draft.write_text(
        "platform: pdd\ncategory: 数码/充电器\ntitle: 65W氮化镓快充充电器\n"
        "images: [{path: 'https://img.example.com/m.jpg', role: main, alt: 主图, "
        "width: 300, height: 300}]\n"
        "documents: [{type: ccc_certificate, number: '2021011001123456', expires: 2026-05-31}]\n",
        encoding="utf-8",
    )
    out = cli("check", draft, "--no-cache", "-f", "json", "--today", "2026-12-01").stdout
    found = {d["rule"]: d for d in json.loads(out)["diagnostics"]}
    expired = found["qualification/document-expired"]
    assert "强制性产品认证" in expired["reference"] and "食品" not in expired["reference"]
    image = found["image/main-too-small"]
    assert "拼多多" in image["reference"] and "淘宝" not in image["reference"]
    assert "拼多多" in image["suggestion"] and "淘宝" not in image["suggestion"]
