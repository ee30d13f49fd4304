"""The core commands: check (tree, concise, exit codes), rules, explain, --version, schema."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

from listlint import __version__


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"listlint {__version__}"


def test_rules_lists_every_rule_of_every_builtin_pack(cli):
    result = cli("rules", "--no-color")
    assert result.exit_code == 0
    for rule in (
        "adlaw/absolute-terms",
        "title/core-category-mismatch",
        "qualification/document-number",
        "image/main-too-small",
        "sku/presale-ship-time",
        "listing/no-returns",
        "draft/syntax",
    ):
        assert rule in result.stdout


def test_rules_fit_an_80_column_terminal_and_a_pipe(cli):
    from rich.cells import cell_len

    for env in ({"COLUMNS": "80"}, {"COLUMNS": ""}):
        result = cli("rules", "--no-color", env=env)
        lines = result.stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= 80, env
        assert any(line.startswith("adlaw/absolute-terms  error") for line in lines)


def test_explain_unknown_rule_exits_2_with_a_suggestion(cli):
    result = cli("explain", "adlaw/absolute-term")
    assert result.exit_code == 2
    assert "adlaw/absolute-terms" in result.stderr


def test_tree_output_in_a_pipe_has_no_escape_codes_and_ends_with_a_summary(cli):
    result = cli("check", "--today", "2026-11-21", "--no-cache", EXAMPLES / "apparel-tee")
    assert result.exit_code == 1
    assert "\x1b[" not in result.stdout
    assert "adlaw/absolute-terms" in result.stdout and "^^^" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("未通过")


def test_concise_lines_are_path_line_col_severity_rule_message(cli):
    result = cli("check", "-f", "concise", "--no-cache", EXAMPLES / "gbk-bowl")
    lines = result.stdout.splitlines()
    assert lines and all(line.count(":") >= 3 for line in lines)
    assert any(" error adlaw/absolute-terms " in line for line in lines)


def test_clean_example_exits_0_and_fail_on_never_always_exits_0(cli):
    assert cli("check", "--no-cache", EXAMPLES / "clean-tee" / "draft.yaml").exit_code == 0
    assert cli("check", "--fail-on", "never", "--no-cache", EXAMPLES).exit_code == 0


def test_json_report_follows_the_contract(cli):
    result = cli("check", "-f", "json", "--no-cache", "--today", "2026-11-21", EXAMPLES)
    data = json.loads(result.stdout)
    # 12 drafts and the 5 sample catalogues of examples/catalogues/
    assert data["version"] == 1 and data["files"] == 17
    keys = {"path", "line", "column", "end_line", "end_column", "field", "rule", "severity"}
    keys |= {"match", "message", "suggestion", "reference"}
    for d in data["diagnostics"]:
        assert keys <= set(d)
        assert d["severity"] in ("error", "warning", "info")  # advice is left out by default
        assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"])
    summary = dict(data["summary"])
    hidden = summary.pop("advice_hidden")
    # keys added by the catalogues (the contract allows added keys)
    rows = {k: summary.pop(k) for k in ("rows_read", "rows_checked", "rows_rejected")}
    assert rows["rows_read"] == rows["rows_checked"] + rows["rows_rejected"] > 0
    counts = {s: sum(d["severity"] == s for d in data["diagnostics"]) for s in summary}
    assert counts == summary and summary["advice"] == 0
    assert hidden > 0  # the examples have advice, counted but not listed
    shown = json.loads(
        cli(
            "check", "-f", "json", "--no-cache", "--today", "2026-11-21", "--advice", EXAMPLES
        ).stdout
    )
    assert shown["summary"]["advice"] == hidden and shown["summary"]["advice_hidden"] == 0
    assert {d["severity"] for d in shown["diagnostics"]} >= {"advice"}


def test_schema_is_json_schema_of_the_draft(cli):
    schema = json.loads(cli("schema").stdout)
    assert {"title", "category", "skus", "images", "documents"} <= set(schema["properties"])
    assert set(schema["required"]) == {"category", "title"}
    # what the loader accepts, the schema accepts: image roles as sellers write them
    import jsonschema

    draft = {
        "category": "服装/女装/T恤",
        "title": "纯棉T恤",
        "images": [{"path": "a.jpg", "role": "主图"}],
    }
    jsonschema.validate(draft, schema)
    draft["images"][0]["role"] = "正面"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(draft, schema)


def test_wrapped_suggestion_and_reference_keep_the_tree_guide_and_a_hanging_indent(cli, tmp_path):
    from rich.cells import cell_len

    draft = tmp_path / "b.yaml"
    draft.write_text(
        "category: 服装/女装/T恤\ntitle: 纯棉短袖T恤女宽松百搭圆领上衣 全网第一\n"
        "description: 国家级品质，最佳选择\n",
        encoding="utf-8",
    )
    result = cli("check", draft, "--no-color", "--no-cache", env={"COLUMNS": "60"})
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    wrapped = 0
    for i, line in enumerate(lines):
        if " 依据 " not in line and " 建议 " not in line:
            continue
        label = " 依据 " if " 依据 " in line else " 建议 "
        text_at = cell_len(line[: line.index(label) + len(label)])
        for more in lines[i + 1 :]:
            head = more[: len(more) - len(more.lstrip(" │"))]
            if cell_len(head) != text_at or more.strip(" │") == "":
                break
            assert more.startswith(("│", " ")) and (line[0] != "│" or more[0] == "│")
            wrapped += 1
    assert wrapped >= 3  # the references are longer than a 60-column line
    assert all(not line.endswith(" ") for line in lines if " 依据 " in line)
