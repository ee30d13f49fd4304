"""Suppressions written in drafts: comments in YAML, ``listlint-disable`` in JSON, and the
``draft/unused-suppression`` finding."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import by_rule

from listlint.findings import Finding, Severity

ABSOLUTE = "adlaw/absolute-terms"
UNUSED = "draft/unused-suppression"
Write = Callable[..., Path]
Check = Callable[..., list[Finding]]


def _rules(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in findings]


@pytest.fixture
def check_file(check_file: Check) -> Check:
    """The real engine, limited to the packs these drafts exercise (other packs, such as the
    qualification rules for apparel, would add findings that have nothing to do with this)."""

    def run(path: Path, **config: Any) -> list[Finding]:
        config.setdefault("select", ["adlaw", "draft"])
        return check_file(path, **config)

    return run


def test_baseline_without_suppression(write_draft: Write, check_file: Check) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 全网最好的纯棉T恤
        subtitle: 最佳选择
        """
    )
    assert _rules(by_rule(check_file(path), ABSOLUTE)) == [(ABSOLUTE, 2), (ABSOLUTE, 3)]


def test_disable_on_the_line(write_draft: Write, check_file: Check) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 全网最好的纯棉T恤  # listlint: disable=adlaw/absolute-terms
        subtitle: 最佳选择
        """
    )
    findings = check_file(path)
    assert _rules(findings) == [(ABSOLUTE, 3)]


def test_disable_by_prefix_and_bare(write_draft: Write, check_file: Check) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 全网最好的纯棉T恤  # listlint: disable=adlaw
        subtitle: 最佳选择 # listlint: disable -- 法务已确认 reviewed
        """
    )
    assert check_file(path) == []


def test_disable_next_line_skips_comments_and_blank_lines(
    write_draft: Write, check_file: Check
) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        # listlint: disable-next-line=adlaw/absolute-terms
        # another comment

        title: 全网最好的纯棉T恤
        subtitle: 最佳选择
        """
    )
    assert _rules(check_file(path)) == [(ABSOLUTE, 6)]


def test_disable_covers_a_block_scalar_from_its_header(
    write_draft: Write, check_file: Check
) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉T恤
        # listlint: disable-next-line=adlaw
        description: |
          面料柔软。
          全网最好的T恤。
        selling_points:
          - 最佳选择
        subtitle: >-  # listlint: disable=adlaw/absolute-terms
          第一行
          国家级品质
        """
    )
    assert _rules(check_file(path)) == [(ABSOLUTE, 8)]


def test_comment_text_inside_strings_is_not_a_directive(
    write_draft: Write, check_file: Check
) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: "最好的T恤 # listlint: disable"
        description: |
          最佳面料
          # listlint: disable=adlaw
        """
    )
    findings = check_file(path)
    assert _rules(by_rule(findings, ABSOLUTE)) == [(ABSOLUTE, 2), (ABSOLUTE, 4)]
    assert by_rule(findings, UNUSED) == []  # text in a value is not a suppression at all


def test_disable_file(write_draft: Write, check_file: Check) -> None:
    path = write_draft(
        """
        # listlint: disable-file=adlaw/absolute-terms
        category: 服装/女装/T恤
        title: 全网最好的纯棉T恤
        subtitle: 最佳选择
        """
    )
    assert check_file(path) == []


def test_suppressions_apply_to_loader_findings(write_draft: Write, check_file: Check) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉T恤
        colour: 白色  # listlint: disable=draft/unknown-field
        """
    )
    assert check_file(path) == []


def test_unused_suppressions_are_reported(write_draft: Write, check_file: Check) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉T恤  # listlint: disable=adlaw/absolute-terms
        # listlint: disable-next-line
        subtitle: 舒适透气
        selling_points:
          - 最佳选择  # listlint: disable=adlaw,draft/unknown-field
          - 透气  # listlint: disable=adlaw/no-such-rule
          - 柔软  # listlint: disabel=adlaw
        """
    )
    findings = check_file(path)
    unused = by_rule(findings, UNUSED)
    assert [(f.line, f.column) for f in unused] == [(2, 14), (3, 1), (6, 11), (7, 9), (8, 9)]
    assert all(f.severity is Severity.INFO and f.field == "" for f in unused)
    assert unused[0].match == "# listlint: disable=adlaw/absolute-terms"
    assert "adlaw/absolute-terms" in unused[0].message
    assert "所有规则" in unused[1].message
    assert "draft/unknown-field" in unused[2].message
    assert "adlaw" not in unused[2].message.split("：", 1)[1]
    assert "没有名为 adlaw/no-such-rule 的规则" in unused[3].message
    assert "无法识别" in unused[4].message
    # the used half of line 6 did suppress its finding
    assert by_rule(findings, ABSOLUTE) == []


def test_unused_check_respects_selection(
    write_draft: Write, check_file: Check, cli: Any, tmp_path: Path
) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉T恤  # listlint: disable=adlaw/absolute-terms
        """
    )
    assert len(by_rule(check_file(path), UNUSED)) == 1
    # the rule is not selected in this run: the suppression may be needed in a full run
    assert by_rule(check_file(path, select=["draft"]), UNUSED) == []
    # and the report itself can be turned off like any rule
    assert check_file(path, ignore=[UNUSED]) == []
    result = cli("check", path, "--format", "json", "--select", "adlaw,draft", "--ignore", UNUSED)
    assert json.loads(result.stdout)["diagnostics"] == []


def test_json_listlint_disable(write_draft: Write, check_file: Check) -> None:
    data = {
        "category": "服装/女装/T恤",
        "title": "全网最好的纯棉T恤",
        "subtitle": "国家级品质",
        "listlint-disable": ["adlaw/absolute-terms", "draft/unknown-field"],
    }
    path = write_draft(json.dumps(data, ensure_ascii=False, indent=2), name="tee.json")
    findings = check_file(path)
    assert by_rule(findings, ABSOLUTE) == []
    (unused,) = by_rule(findings, UNUSED)
    assert unused.field == "listlint-disable[1]"
    assert unused.match == "draft/unknown-field"
    assert unused.line == 7  # json.dumps(indent=2): the list item on its own line


def test_jsonl_catalogue_suppressions_are_per_line(write_draft: Write, check_file: Check) -> None:
    rows = [
        {"category": "服装/T恤", "title": "最好的T恤", "listlint-disable": ["adlaw"]},
        {"category": "服装/T恤", "title": "最好的T恤"},
    ]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    path = write_draft(text, name="catalogue.jsonl")
    findings = check_file(path)
    assert _rules(findings) == [(ABSOLUTE, 2)]


def test_fix_leaves_suppressed_findings_alone(write_draft: Write, cli: Any) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 全网最好的纯棉T恤  # listlint: disable=adlaw
        """
    )
    before = path.read_text(encoding="utf-8")
    result = cli("check", path, "--fix", "--format", "json", "--select", "adlaw,draft")
    assert json.loads(result.stdout)["diagnostics"] == []
    assert path.read_text(encoding="utf-8") == before


def test_crlf_and_unparsable_drafts(write_draft: Write, check_file: Check) -> None:
    path = write_draft("category: 服装/T恤\r\ntitle: 最好的T恤  # listlint: disable=adlaw\r\n")
    assert check_file(path) == []
    broken = write_draft(
        "# listlint: disable-file=draft/syntax\ntitle: [unclosed\n", name="broken.yaml"
    )
    assert check_file(broken) == []


def test_comment_on_a_key_covers_its_value_on_the_next_lines(
    write_draft: Write, check_file: Check
) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title:  # listlint: disable=adlaw
          纯棉T恤
          全网最好
        subtitle: 最佳选择
        """
    )
    assert _rules(check_file(path)) == [(ABSOLUTE, 5)]


def test_misspelt_rule_id_in_a_suppression_gets_a_did_you_mean(
    write_draft: Write, check_file: Check
) -> None:
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 最好的纯棉T恤  # listlint: disable=adlaw/absolute-term
        """
    )
    findings = check_file(path)
    [unused] = by_rule(findings, UNUSED)
    assert "adlaw/absolute-term" in unused.message
    assert "是否想写 adlaw/absolute-terms" in unused.message
    # the misspelt suppression suppresses nothing: the violation is still reported
    assert by_rule(findings, ABSOLUTE)
