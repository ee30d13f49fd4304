"""Draft loading: encodings, syntax and schema errors as findings, exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import by_rule
from hypothesis import given, settings
from hypothesis import strategies as st

from listlint.draft.load import load_draft, nesting_estimate


def positions(findings, rule):
    return [
        (f.line, f.column, f.end_line, f.end_column, f.match, f.field)
        for f in by_rule(findings, rule)
    ]


def test_finding_on_line_three_of_a_block_scalar_has_exact_position(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉短袖T恤女
        description: |
          新疆长绒棉，32支双股织造。
          适合通勤、居家、出游。
          采用国家级工艺，透气不闷汗。
        """
    )
    found = positions(check_file(path, select=["adlaw"]), "adlaw/absolute-terms")
    # line 6 of the file is the block's third line; 国家级 starts after "  采用" (col 5)
    assert (6, 5, 6, 8, "国家级", "description") in found


def test_traditional_chinese_title_keeps_original_text_in_match(write_draft, check_file):
    path = write_draft(
        """
        category: 数码/手机配件/移动电源
        title: 充電寶國家級品質快充
        """
    )
    found = positions(check_file(path, select=["adlaw"]), "adlaw/absolute-terms")
    assert (2, 11, 2, 14, "國家級", "title") in found


def test_finding_in_second_sku_points_into_that_sku(write_draft, check_file):
    path = write_draft(
        """
        category: 服装/女装/T恤
        title: 纯棉短袖T恤女
        skus:
          - {name: 白色 M, price: 129, stock: 10}
          - {name: 黑色 L, price: 0, stock: 5}
        """
    )
    found = by_rule(check_file(path), "sku/price-positive")
    assert [(f.field, f.line, f.column, f.end_column) for f in found] == [
        ("skus[1].price", 5, 25, 26)
    ]


def test_yaml_syntax_error_is_a_finding_with_parser_position(write_draft, check_file):
    path = write_draft("category: 食品\ntitle: [坚果\n")
    found = check_file(path)
    assert [f.rule for f in found] == ["draft/syntax"]
    assert found[0].line == 3 and found[0].column == 1


def test_title_of_wrong_type_is_a_schema_finding(write_draft, check_file):
    path = write_draft("category: 服装\ntitle: [a, b]\n")
    found = check_file(path)
    assert [(f.rule, f.field, f.line, f.column) for f in found] == [("draft/schema", "title", 2, 8)]
    assert "应为文本" in found[0].message


def test_missing_category_is_a_schema_finding_and_the_rest_is_still_checked(
    write_draft, check_file
):
    found = check_file(write_draft("title: 全网最好的纯棉T恤\n"))
    schema = by_rule(found, "draft/schema")
    assert len(schema) == 1 and "category" in schema[0].message
    assert by_rule(found, "adlaw/absolute-terms")  # the other packs ran
    (inferred,) = by_rule(found, "draft/unknown-category")  # the title said what it is
    assert "T恤" in inferred.message


def test_misspelt_field_gets_did_you_mean(write_draft, check_file):
    path = write_draft("category: 服装\ntitle: 纯棉T恤\nsubtitel: 包邮\n")
    found = by_rule(check_file(path), "draft/unknown-field")
    assert len(found) == 1
    assert found[0].line == 3 and found[0].column == 1 and found[0].match == "subtitel"
    assert "subtitle" in found[0].message


def test_gb18030_file_is_read_with_info_finding(write_draft, check_file):
    path = write_draft("# 中文注释\ncategory: 家居\ntitle: 陶瓷碗国家级\n", encoding="gb18030")
    found = check_file(path)
    assert [f.rule for f in by_rule(found, "draft/encoding")] == ["draft/encoding"]
    assert by_rule(found, "draft/encoding")[0].severity.label == "info"
    assert [(f.line, f.column, f.match) for f in by_rule(found, "adlaw/absolute-terms")] == [
        (3, 11, "国家级")
    ]


def test_utf8_bom_does_not_shift_columns(tmp_path: Path, check_file):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "category: 家居\ntitle: 最佳靠枕\n".encode())
    found = by_rule(check_file(path), "adlaw/absolute-terms")
    assert [(f.line, f.column, f.match) for f in found] == [(2, 8, "最佳")]
    assert not by_rule(check_file(path), "draft/encoding")


def test_invalid_sku_is_reported_and_the_rest_still_checked(write_draft, check_file):
    path = write_draft(
        """
        category: 服装
        title: 顶级羊绒围巾
        skus:
          - {name: a, price: "很便宜"}
          - {name: b, price: 0}
        """
    )
    found = check_file(path)
    assert [(f.rule, f.field) for f in by_rule(found, "draft/schema")] == [
        ("draft/schema", "skus[0].price")
    ]
    # the second SKU keeps its own index in findings even though the first was dropped
    assert [f.field for f in by_rule(found, "sku/price-positive")] == ["skus[1].price"]
    assert by_rule(found, "adlaw/absolute-terms")


def test_json_draft_positions(write_draft, check_file):
    path = write_draft('{\n  "category": "家居",\n  "title": "北欧最佳落地灯"\n}\n', name="d.json")
    found = by_rule(check_file(path), "adlaw/absolute-terms")
    assert [(f.line, f.column, f.match) for f in found] == [(3, 15, "最佳")]


def test_jsonl_catalogue_locates_findings_by_line(write_draft, check_file):
    path = write_draft(
        '{"category": "家居", "title": "落地灯"}\n{"category": "家居", "title": "最佳落地灯"}\n',
        name="c.jsonl",
    )
    found = by_rule(check_file(path), "adlaw/absolute-terms")
    assert [(f.line, f.column) for f in found] == [(2, 30)]


def test_unsafe_yaml_tag_is_never_constructed(tmp_path: Path, check_file):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f"category: x\ntitle: !!python/object/apply:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    found = check_file(path)
    assert [f.rule for f in found] == ["draft/syntax"]
    assert not marker.exists()


def test_binary_file_is_an_encoding_error(tmp_path: Path):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    docs = load_draft(path)
    assert [f.rule for f in docs[0].findings] == ["draft/encoding"]
    assert docs[0].findings[0].severity.label == "error"


def test_empty_file_and_comment_only_file_are_schema_findings(tmp_path: Path):
    for name, content in (("empty.yaml", ""), ("comment.yaml", "# only a comment\n")):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert [f.rule for f in load_draft(path)[0].findings] == ["draft/schema"]


def _nesting_reference(text: str) -> int:
    """The estimate as first written: a line loop over ``str.splitlines``."""
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        best = max(best, depth)
    for line in text.splitlines():
        best = max(best, (len(line) - len(line.lstrip(" -?:"))) // 2)
    return best


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(" -?:[]{}ab\n\r\x0b\x0c\x1c\x85\u2028\u2029\t"), max_size=60))
def test_nesting_estimate_equals_the_line_by_line_reference(text: str) -> None:
    assert nesting_estimate(text) == _nesting_reference(text)


_SCALARS = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(0, 9), inner, max_size=4)
    ),
    max_leaves=12,
)


def _both(text: str) -> tuple[object, object]:
    """(listlint's construction, PyYAML's construct_document) of one YAML document; an error
    is compared by its type and message."""
    from listlint.draft.load import BoundedSafeLoader, construct

    out = []
    for build in (construct, BoundedSafeLoader.construct_document):
        loader = BoundedSafeLoader(text)
        try:
            node = loader.get_single_node()
            out.append(build(loader, node) if node is not None else None)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            out.append((type(exc).__name__, str(exc)))
    return out[0], out[1]


@settings(max_examples=300, deadline=None)
@given(_TREES, st.booleans())
def test_direct_yaml_construction_equals_pyyaml(data: object, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    ours, theirs = _both(text)
    assert ours == theirs and type(ours) is type(theirs)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1}\nc: *x\n",  # alias
        "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",  # merge key
        "s: !!set {a, b}\n",  # tagged collection
        "o: !!omap [{a: 1}]\n",
        "? [1, 2]\n: v\n",  # unhashable key: PyYAML's error
        "n: 0x1F\nf: 1_000.5\nd: 2026-11-21\nb: yes\nz: ~\nt: 2026-11-21T10:00:00Z\n",
        "i: 99999999999999999999\nbad: !!int xyz\n",  # PyYAML's constructor error
    ],
)
def test_direct_yaml_construction_leaves_the_irregular_to_pyyaml(text: str) -> None:
    ours, theirs = _both(text)
    assert ours == theirs
