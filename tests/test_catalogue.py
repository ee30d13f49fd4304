"""Catalogues: JSON-lines, CSV and xlsx exports checked row by row, findings at file, row and
column; bad rows reported and the rest still checked; presets; streaming order; merging shard
reports.  Real files only (xlsx written with openpyxl, GB18030 bytes, JSON lines)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CATALOGUES = REPO / "examples" / "catalogues"
DATA = Path(__file__).parent / "data"


def _check(cli: Any, *args: Any, select: str = "adlaw,draft,sku") -> dict[str, Any]:
    result = cli("check", *args, "-f", "json", "--no-cache", "--select", select)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return json.loads(result.stdout)


def _rows(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (d["rule"], d["line"], d["column"], d.get("row"), d.get("column_name"), d["match"])
        for d in report["diagnostics"]
    ]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", head: str = "") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes((head + buffer.getvalue()).encode(encoding))
    return path


TAOBAO = ["宝贝名称", "类目名称", "宝贝价格", "宝贝数量", "宝贝描述"]


# -- inputs --------------------------------------------------------------------------------------
def test_a_gb18030_taobao_export_is_read_with_an_info_and_exact_columns(
    cli: Any, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "千牛导出.csv",
        [TAOBAO, ["纯棉T恤女 全网第一", "服装/女装/T恤", "99", "10", "透气"],
         ["每日坚果 降血糖", "食品/休闲零食/坚果", "¥59.00", "5", ""]],
        encoding="gb18030",
        head="version 1.00\ntitle,cid,price\n",  # the lines 淘宝助理 puts above the header
    )  # fmt: skip
    report = _check(cli, path)
    assert _rows(report) == [
        ("draft/encoding", 1, 1, 0, None, ""),
        ("adlaw/absolute-terms", 4, 7, 1, "宝贝名称", "全网第一"),
        ("adlaw/food-health-claims", 5, 6, 2, "宝贝名称", "降血糖"),
    ]
    assert report["diagnostics"][1]["field"] == "title"
    summary = report["summary"]
    assert (summary["rows_read"], summary["rows_checked"], summary["rows_rejected"]) == (2, 2, 0)


def test_an_xlsx_export_is_read_with_openpyxl_lines_are_sheet_rows(
    cli: Any, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "商品"
    sheet.append(["商品名称", "商品类目", "拼单价", "库存", "商品主图"])
    sheet.append(["最好的纯棉T恤", "服装/女装/T恤", 19.9, 100, "https://x.example/a.jpg"])
    sheet.append([None, None, None, None, None])  # an empty row is not a listing
    sheet.append(["纯棉T恤", "服装/女装/T恤", "免费", 5, None])
    path = tmp_path / "拼多多.xlsx"
    book.save(path)
    report = _check(cli, path)
    assert _rows(report) == [
        ("adlaw/absolute-terms", 2, 1, 1, "商品名称", "最好"),
        ("draft/schema", 4, 1, 2, "拼单价", ""),
    ]
    assert report["diagnostics"][1]["field"] == "skus[0].price"
    assert report["summary"]["rows_read"] == 2


def test_a_jsonl_catalogue_streams_with_the_positions_of_a_jsonl_draft_file(
    cli: Any, tmp_path: Path
) -> None:
    rows = [
        json.dumps({"category": "服装/女装/T恤", "title": "纯棉T恤"}, ensure_ascii=False),
        '{"category": "服装/女装/T恤", "title": ',  # not JSON: a finding for that row
        "",
        json.dumps({"category": "服装/女装/T恤", "title": "最好的T恤"}, ensure_ascii=False),
    ]
    small = tmp_path / "drafts.jsonl"
    small.write_text("\n".join(rows) + "\n", encoding="utf-8")
    as_drafts = _check(cli, small)
    (tmp_path / "listlint.yaml").write_text("catalogues: ['*.jsonl']\n", encoding="utf-8")
    streamed = _check(cli, small)
    assert [r[:3] for r in _rows(streamed)] == [r[:3] for r in _rows(as_drafts)]
    assert [(d["row"], d["column_name"]) for d in streamed["diagnostics"]] == [
        (2, None),
        (3, "title"),
    ]
    assert "row" not in as_drafts["diagnostics"][0]  # a file of drafts has no rows
    summary = streamed["summary"]
    assert (summary["rows_read"], summary["rows_checked"], summary["rows_rejected"]) == (3, 2, 1)


def test_a_jsonl_file_over_max_file_bytes_is_a_catalogue_not_too_large(
    cli: Any, tmp_path: Path
) -> None:
    (tmp_path / "listlint.yaml").write_text("max-file-bytes: 2000\n", encoding="utf-8")
    line = json.dumps({"category": "家居/收纳", "title": "国家级收纳盒"}, ensure_ascii=False)
    path = tmp_path / "big.jsonl"
    path.write_text((line + "\n") * 100, encoding="utf-8")
    report = _check(cli, path, select="adlaw,draft")
    assert {d["rule"] for d in report["diagnostics"]} == {"adlaw/absolute-terms"}
    assert [d["row"] for d in report["diagnostics"]] == list(range(1, 101))
    assert report["diagnostics"][-1]["line"] == 100


def test_csv_cells_map_back_through_quotes_line_breaks_and_json(cli: Any, tmp_path: Path) -> None:
    skus = json.dumps([{"name": "白色 M", "price": -1}], ensure_ascii=False)
    path = _csv(
        tmp_path / "shop.csv",
        [[*TAOBAO, "销售属性组合JSON"],
         ['纯棉T恤 "顶级"面料', "服装/女装/T恤", "99", "1", "第一行\n最好的面料", skus]],
    )  # fmt: skip
    report = _check(cli, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {(d["rule"], d["column_name"]): d for d in report["diagnostics"]}
    title = found["adlaw/absolute-terms", "宝贝名称"]
    assert title["line"] == 2
    row = lines[1]
    assert row[title["column"] - 1 : title["end_column"] - 1] == "顶级"
    price = found["sku/price-positive", "销售属性组合JSON"]
    assert price["field"] == "skus[0].price"
    assert lines[2][price["column"] - 1 : price["end_column"] - 1] == "-1"
    descriptions = [
        d
        for d in report["diagnostics"]
        if d["column_name"] == "宝贝描述" and d["rule"] == "adlaw/absolute-terms"
    ]
    assert [(d["line"], d["match"]) for d in descriptions] == [(3, "最好")]
    assert lines[2][descriptions[0]["column"] - 1 :].startswith("最好")


# -- presets -------------------------------------------------------------------------------------
@pytest.mark.parametrize("preset", ["taobao", "pdd", "douyin", "jushuitan", "wangdiantong"])
def test_each_preset_maps_its_sample_header(preset: str) -> None:
    from listlint.draft.catalogue import CatalogueSettings, open_catalogue, presets

    sample = CATALOGUES / f"{preset}.csv"
    meta = open_catalogue(sample, sample.name, CatalogueSettings(), 1 << 20)
    assert meta.mapping.preset == preset  # found by the header alone
    assert meta.mapping.usable and not meta.mapping.missing
    assert {"title", "category", "price"} <= set(meta.mapping.fields)
    assert presets()[preset].status == "typical, unconfirmed"


def test_sample_catalogues_check_cleanly_as_files(cli: Any) -> None:
    report = _check(cli, CATALOGUES, select="draft")
    assert report["files"] == 5 and report["diagnostics"] == []
    assert report["summary"]["rows_read"] == 5 and report["summary"]["rows_rejected"] == 0


def test_the_config_chooses_a_preset_and_renames_columns(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "listlint.yaml").write_text(
        "catalogue:\n  preset: pdd\n  columns: {title: 名称}\n  platform: jd\n", encoding="utf-8"
    )
    path = _csv(tmp_path / "a.csv", [["名称", "商品类目"], ["国家级收纳盒", "家居/收纳"]])
    report = _check(cli, path)
    assert _rows(report) == [("adlaw/absolute-terms", 2, 1, 1, "名称", "国家级")]
    (tmp_path / "listlint.yaml").write_text("catalogue: {preset: pddd}\n", encoding="utf-8")
    bad = cli("check", path)
    assert bad.exit_code == 2 and "pdd" in bad.stderr


# -- bad input -----------------------------------------------------------------------------------
def test_bad_rows_are_findings_and_every_other_row_is_checked(cli: Any, tmp_path: Path) -> None:
    good = "纯棉T恤 国家级,服装/女装/T恤,99,1,\n"
    body = (
        ",".join(TAOBAO) + "\n"
        + good
        + "多一列,服装/女装/T恤,99,1,,多出来的\n"  # more cells than the header
        + "编码坏了,服装/女装/T恤,99,1,\n"  # bytes that are not UTF-8 (below)
        + "巨大," + "长" * 3_000_000 + "\n"  # a 9 MB cell
        + good
    )  # fmt: skip
    raw = body.encode("utf-8").replace("编码坏了".encode(), b"\xff\xfe bad")
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    report = _check(cli, path)
    assert [(d["rule"], d["line"], d["row"]) for d in report["diagnostics"]] == [
        ("adlaw/absolute-terms", 2, 1),
        ("draft/bad-row", 3, 2),
        ("draft/bad-row", 4, 3),
        ("draft/bad-row", 5, 4),
        ("adlaw/absolute-terms", 6, 5),
    ]
    messages = [d["message"] for d in report["diagnostics"][1:4]]
    assert "表头只有 5 列" in messages[0]
    assert "utf-8" in messages[1]
    assert "超过单行上限" in messages[2]
    summary = report["summary"]
    assert (summary["rows_read"], summary["rows_checked"], summary["rows_rejected"]) == (5, 2, 3)


def test_a_broken_json_cell_drops_that_field_only(cli: Any, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "a.csv",
        [[*TAOBAO, "销售属性组合JSON"], ["国家级T恤", "服装/女装/T恤", "", "", "", "[{bad"]],
    )
    report = _check(cli, path)
    assert [(d["rule"], d["column_name"]) for d in report["diagnostics"]] == [
        ("adlaw/absolute-terms", "宝贝名称"),
        ("draft/bad-row", "销售属性组合JSON"),
    ]
    assert "键名必须用双引号" in report["diagnostics"][1]["message"]
    assert report["summary"]["rows_checked"] == 1


def test_missing_columns_required_and_optional(cli: Any, tmp_path: Path) -> None:
    path = _csv(tmp_path / "a.csv", [["宝贝名称", "价格"], ["国家级T恤", "9"], ["T恤", "9"]])
    report = _check(cli, path)
    (missing,) = report["diagnostics"]
    assert missing["rule"] == "draft/missing-column" and missing["severity"] == "error"
    assert missing["field"] == "category" and missing["row"] == 0
    summary = report["summary"]
    assert (summary["rows_read"], summary["rows_checked"], summary["rows_rejected"]) == (2, 0, 2)

    (tmp_path / "listlint.yaml").write_text(
        "catalogue: {columns: {category: 类目, brand: 品牌名}}\n", encoding="utf-8"
    )
    path = _csv(tmp_path / "b.csv", [["宝贝名称", "类目"], ["国家级T恤", "服装/女装/T恤"]])
    report = _check(cli, path)
    assert [(d["rule"], d["severity"], d["field"]) for d in report["diagnostics"]] == [
        ("draft/missing-column", "warning", "brand"),
        ("adlaw/absolute-terms", "error", "title"),
    ]


def test_a_wrong_delimiter_is_detected_or_explained(cli: Any, tmp_path: Path) -> None:
    rows = ["宝贝名称;类目名称", "国家级T恤;服装/女装/T恤"]
    path = tmp_path / "semicolons.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert [d["rule"] for d in _check(cli, path)["diagnostics"]] == ["adlaw/absolute-terms"]
    (tmp_path / "listlint.yaml").write_text("catalogue: {delimiter: ','}\n", encoding="utf-8")
    report = _check(cli, path)
    assert {d["rule"] for d in report["diagnostics"]} == {"draft/missing-column"}
    assert "分隔符可能不对" in report["diagnostics"][0]["message"]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("宝贝名称,类目名称\n".encode("utf-16"), "UTF-16"),
        (b"\x00\x01\x02binary", "不是文本"),
        ("宝贝名称".encode() + b"\x80\xff" * 500 + b"\n", "编码无法识别"),
    ],
)
def test_an_unreadable_catalogue_exits_2_in_chinese(
    cli: Any, tmp_path: Path, raw: bytes, words: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    result = cli("check", path, "-f", "json")
    assert result.exit_code == 2 and words in result.stderr
    assert result.stdout == ""  # nothing half-written


# -- streaming -----------------------------------------------------------------------------------
def _many(path: Path, count: int) -> Path:
    titles = ["纯棉T恤女宽松", "国家级工艺T恤", "最好的T恤", "每日坚果 降血糖"]
    rows = [TAOBAO] + [
        [f"{titles[i % 4]}{i}", "服装/女装/T恤" if i % 4 < 3 else "食品/坚果", str(9 + i % 50),
         "1" if i % 7 else "abc", "透气面料" * (i % 30)]
        for i in range(count)
    ]  # fmt: skip
    return _csv(path, rows)


def test_rows_stream_in_row_order_whatever_the_number_of_processes(
    cli: Any, tmp_path: Path
) -> None:
    path = _many(tmp_path / "big.csv", 3000)
    assert path.stat().st_size > 256 << 10  # above the size that starts a pool
    (tmp_path / "listlint.yaml").write_text("catalogue: {rows-per-chunk: 100}\n", encoding="utf-8")
    args = ("check", path, "-f", "json", "--no-cache", "--select", "adlaw,draft,sku")
    one = cli(*args, "--jobs", "1").stdout
    two = cli(*args, "--jobs", "2").stdout
    assert one == two
    report = json.loads(one)
    order = [(d["row"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert order == sorted(order) and len(order) > 2000
    assert report["summary"]["rows_read"] == 3000
    lines = cli("check", path, "-f", "json-lines", "--no-cache", "--select", "adlaw,draft,sku")
    assert [json.loads(x) for x in lines.stdout.splitlines()] == report["diagnostics"]


def test_the_library_streams_a_catalogue_without_a_pool(tmp_path: Path) -> None:
    from listlint.api import Linter
    from listlint.results import FindingStream

    path = _many(tmp_path / "c.csv", 40)
    linter = Linter({"select": ["adlaw"]})
    stream = linter.lint_catalogue(path)
    assert isinstance(stream, FindingStream)
    found = list(stream)
    assert found and all(f.row is not None and f.path == str(path) for f in found)
    assert stream.counts and stream.paths == {str(path)}


def test_tree_and_summary_show_rows_read_checked_and_rejected(cli: Any, tmp_path: Path) -> None:
    path = _csv(tmp_path / "a.csv", [TAOBAO, ["国家级T恤", "服装/女装/T恤", "9", "1", ""]])
    path.write_bytes(path.read_bytes() + "坏行,a,b,c,d,e,f\n".encode())
    result = cli("check", path, "--no-cache", "--select", "adlaw,draft", "--no-color")
    assert "第 2 行 · 第 1 个商品" in result.stdout
    assert "宝贝名称 · title" in result.stdout
    assert "商品表读取 2 行，检查 1 行，拒绝 1 行" in result.stdout
    concise = cli("check", path, "--no-cache", "--select", "adlaw,draft", "-f", "concise")
    assert "（第 1 个商品，列“宝贝名称”）" in concise.stdout.splitlines()[0]
    junit = cli("check", path, "--no-cache", "--select", "adlaw,draft", "-f", "junit")
    assert "商品表 row: 1, column: 宝贝名称" in junit.stdout


def test_the_row_progress_bar_counts_rows_against_bytes() -> None:
    from listlint.progress import RowProgress

    now = [0.0]
    bar = RowProgress(1000, enabled=True, what="检查")
    bar.clock = lambda: now[0]
    bar.started = 0.0
    bar.advance(10, 100)
    assert bar.bar is None  # quiet during the first second
    now[0] = 2.0
    try:
        bar.advance(10, 200)
        task = bar.bar.tasks[0]
        assert task.completed == 200 and task.fields["rows"] == "20 行"
        assert task.fields["rate"] == "10 行/秒"
    finally:
        bar.close()


# -- merging shards ------------------------------------------------------------------------------
def test_shard_reports_merge_into_one_json_and_one_sarif(cli: Any, tmp_path: Path) -> None:
    drafts = tmp_path / "repo"
    drafts.mkdir()
    for i in range(12):
        (drafts / f"d{i:02}.yaml").write_text(
            f"category: 家居/收纳\ntitle: 国家级收纳盒{i}\n", encoding="utf-8"
        )
    _many(drafts / "shop.csv", 20)
    whole = _check(cli, drafts)
    outputs = {"json": [], "sarif": []}
    for shard in ("1/3", "2/3", "3/3"):
        for fmt in outputs:
            target = tmp_path / f"{shard.replace('/', '-')}.{fmt}"
            cli("check", drafts, "-f", fmt, "--no-cache", "--select", "adlaw,draft,sku",
                "--shard", shard, "-o", target)  # fmt: skip
            outputs[fmt].append(target)
    merged = tmp_path / "merged.json"
    result = cli("merge", *outputs["json"], "-o", merged)
    assert result.exit_code == 0, result.stderr
    data = json.loads(merged.read_text(encoding="utf-8"))
    assert data["diagnostics"] == whole["diagnostics"]
    assert data["summary"] == whole["summary"] and data["files"] == whole["files"] == 13

    result = cli("merge", *outputs["sarif"], "--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    assert len(run["results"]) == len(whole["diagnostics"])
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    rows = [r["properties"].get("row") for r in run["results"] if "row" in r["properties"]]
    assert len(rows) == sum("row" in d for d in whole["diagnostics"]) > 0

    mixed = cli("merge", outputs["json"][0], outputs["sarif"][0])
    assert mixed.exit_code == 2 and "分别合并" in mixed.stderr
    wrong = cli("merge", *outputs["json"], "--format", "sarif")
    assert wrong.exit_code == 2


def test_an_ascii_start_does_not_hide_a_gb18030_file(cli: Any, tmp_path: Path) -> None:
    rows = [["title", "category", "price"]]
    rows += [
        [f"T-shirt {i}", "服装/女装/T恤" if i == 5000 else "apparel", "9"] for i in range(6000)
    ]
    rows[-1] = ["国家级T恤", "服装/女装/T恤", "9"]
    path = _csv(tmp_path / "late.csv", rows, encoding="gb18030")
    assert path.read_bytes()[: 64 << 10].isascii()
    report = _check(cli, path, select="adlaw,draft")
    assert [d["rule"] for d in report["diagnostics"]] == ["draft/encoding", "adlaw/absolute-terms"]
    assert report["summary"]["rows_rejected"] == 0


def test_an_xlsx_whose_shared_strings_unpack_too_large_is_refused(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    from listlint.draft.catalogue import source

    book = Workbook()
    book.active.append(["商品名称", "商品类目"])
    book.active.append(["纯棉T恤", "服装/女装/T恤"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    assert _check(cli, path)["summary"]["rows_read"] == 1
    import zipfile

    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:  # Excel writes one
        archive.writestr("xl/sharedStrings.xml", "<sst>" + " " * 100 + "</sst>")
    monkeypatch.setattr(source, "SHARED_STRINGS_MAX", 20)  # a zip bomb, in miniature
    result = cli("check", path, "-f", "json")
    assert result.exit_code == 2 and "压缩炸弹" in result.stderr


_CELL = st.text(alphabet=st.sampled_from(list('ab国级,"\n\r;{}[]:0 \t\\最好')), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=5), max_size=6), raw=st.booleans())
def test_any_csv_text_gives_findings_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], raw: bool
) -> None:
    from conftest import engine_for

    from listlint.draft.catalogue import CatalogueSettings, RowChecker, open_catalogue, read_rows

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "f.csv"
    if raw:  # cells joined by hand: broken quoting, ragged rows
        text = "宝贝名称,类目名称\n" + "\n".join(",".join(r) for r in rows)
        path.write_text(text, encoding="utf-8")
    else:
        _csv(path, [["宝贝名称", "类目名称"], *rows])
    checker = engine_for(select=["adlaw", "draft"])
    meta = open_catalogue(path, "f.csv", CatalogueSettings(), 1 << 20)
    rows_checker = RowChecker(meta, checker.resources.limits, None, checker.check_doc)
    found, stats = rows_checker.rows(read_rows(meta))
    assert stats.read == stats.checked + stats.rejected
    assert all(f.row is not None and f.line >= 1 and f.column >= 1 for f in found)
    assert not [f for f in found if f.rule == "draft/internal-error"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | _CELL,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_CELL, inner, max_size=3),
    max_leaves=8,
)
_PDD = ["商品名称", "商品类目", "拼单价", "库存", "SKU信息", "轮播图", "商品主图", "规格"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.dictionaries(st.sampled_from(_PDD), _JSON, max_size=8), max_size=5))
def test_any_mapped_json_lines_give_findings_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, Any]]
) -> None:
    from conftest import engine_for

    from listlint.draft.catalogue import CatalogueSettings, RowChecker, open_catalogue, read_rows

    path = tmp_path_factory.mktemp("fuzz") / "f.jsonl"
    head = {"商品名称": "纯棉T恤", "商品类目": "服装/女装/T恤"}
    lines = [json.dumps(r, ensure_ascii=False) for r in [head, *rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checker = engine_for(select=["adlaw", "draft", "sku", "image"])
    meta = open_catalogue(path, "f.jsonl", CatalogueSettings(preset="pdd"), 1 << 20)
    rows_checker = RowChecker(meta, checker.resources.limits, None, checker.check_doc)
    found, stats = rows_checker.rows(read_rows(meta))
    assert stats.read == len(lines) == stats.checked + stats.rejected
    assert not [f for f in found if f.rule == "draft/internal-error"]
    for f in found:
        assert f.column >= 1 and f.line == f.row  # one row a line, no header


def test_a_misspelt_mapped_field_is_a_config_error_with_a_guess(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "listlint.yaml").write_text("catalogue: {columns: {titel: 名称}}\n", "utf-8")
    path = _csv(tmp_path / "a.csv", [["名称", "类目"], ["T恤", "服装"]])
    result = cli("check", path)
    assert result.exit_code == 2 and "是否想写 title" in result.stderr
