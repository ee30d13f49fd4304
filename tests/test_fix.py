"""`listlint check --fix` / `--diff` on real files: only the fixed spans change, writes are atomic.

The built-in fixes delete 顶级 / 顶尖 / 极品 (and 世界级-type prefixes) from a *title*, where the
title still reads correctly without them; the same words elsewhere are reported but not fixed.
Every test compares whole files byte for byte against the expected bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import by_rule, engine_for

from listlint.fix import FixError, atomic_write, fix_file

DRAFT = """\
# 羊绒围巾草稿（勿删注释）
platform: taobao   # 行尾注释
title: '顶级羊绒围巾 加厚 极品 ins风'
category: 服饰配件/围巾
brand: 暖阳
description: |
  采用顶级羊绒，手感柔软。
  适合通勤、出游。
selling_points:
  - "双面可用"
  - 顶级 手工流苏   # 卖点里的顶级不自动修复
attributes: {材质: 羊绒, 产地: 内蒙古}
skus:
  - {name: 驼色, price: 299}
"""
# the title loses 顶级 and 极品; the description and the selling point keep theirs
FIXED = DRAFT.replace("title: '顶级羊绒围巾 加厚 极品 ins风'", "title: '羊绒围巾 加厚  ins风'")


def _write(path: Path, text: str, *, encoding: str = "utf-8", newline: str = "\n", bom=False):
    data = text.replace("\n", newline).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _expected(text: str, *, encoding: str = "utf-8", newline: str = "\n", bom=False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode(encoding)


def _temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*listlint-tmp*"))


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [
        ("utf-8", "\n", False),
        ("utf-8", "\r\n", False),
        ("utf-8", "\n", True),
        ("gb18030", "\n", False),
        ("gb18030", "\r\n", False),
    ],
    ids=["utf8-lf", "utf8-crlf", "utf8-bom", "gb18030-lf", "gb18030-crlf"],
)
def test_fix_changes_only_the_fixed_spans(tmp_path: Path, cli, encoding, newline, bom) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT, encoding=encoding, newline=newline, bom=bom)
    result = cli("check", "--select", "adlaw", "--fix", path)
    assert "中的 2 处问题" in result.stderr
    assert path.read_bytes() == _expected(FIXED, encoding=encoding, newline=newline, bom=bom)
    # the findings that have no fix are still reported after fixing
    assert result.exit_code == 1
    assert _temp_files(tmp_path) == []


def test_fix_twice_changes_nothing_the_second_time(tmp_path: Path, cli) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT, newline="\r\n")
    cli("check", "--select", "adlaw", "--fix", path)
    once = path.read_bytes()
    again = cli("check", "--select", "adlaw", "--fix", path)
    assert "fixed" not in again.stderr
    assert path.read_bytes() == once == _expected(FIXED, newline="\r\n")


def test_diff_prints_the_change_and_writes_nothing(tmp_path: Path, cli) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    result = cli("check", "--select", "adlaw", "--diff", "--no-color", path)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert _temp_files(tmp_path) == []
    out = result.stdout
    assert "-title: '顶级羊绒围巾 加厚 极品 ins风'" in out
    assert "+title: '羊绒围巾 加厚  ins风'" in out
    # nothing else is part of the diff
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert len(changed) == 2
    # and the diff is the whole output: no tree, no summary
    assert all(line[:1] in {"-", "+", "@", " "} for line in out.splitlines()), out


def test_fix_inside_a_block_scalar_title(tmp_path: Path, cli) -> None:
    text = (
        "# 茶叶\n"
        "category: 茶/乌龙茶/大红袍\n"
        "title: |-\n"
        "  武夷山 极品大红袍 礼盒装\n"
        "description: >\n"
        "  岩茶，\n"
        "  焙火适中。\n"
    )
    path = _write(tmp_path / "tea.yaml", text)
    cli("check", "--select", "adlaw", "--fix", path)
    assert path.read_bytes() == text.replace("  武夷山 极品大红袍", "  武夷山 大红袍").encode()


def test_fix_in_a_json_draft_keeps_its_layout(tmp_path: Path, cli) -> None:
    text = '{\n  "category": "家居/毛毯",\n  "title": "顶级 羊绒毯",\n  "brand": "暖阳"\n}\n'
    path = _write(tmp_path / "d.json", text)
    cli("check", "--select", "adlaw", "--fix", path)
    assert path.read_bytes() == text.replace('"顶级 羊绒毯"', '" 羊绒毯"').encode()


def test_fix_replaces_the_file_atomically_and_keeps_its_mode(tmp_path: Path, cli) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT)
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    cli("check", "--select", "adlaw", "--fix", path)
    assert path.read_bytes() == FIXED.encode()
    # a new file was moved over the old one (os.replace), not rewritten in place
    assert path.stat().st_ino != inode
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _temp_files(tmp_path) == []


def test_a_failed_replace_leaves_the_original_untouched(tmp_path: Path, cli, monkeypatch) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("listlint.fix.os.replace", broken_replace)
    result = cli("check", "--select", "adlaw", "--fix", path)
    assert "未能修复" in result.stderr
    assert path.read_bytes() == DRAFT.encode()
    assert _temp_files(tmp_path) == []


def test_a_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT)
    edited = DRAFT.replace("暖阳", "暖阳家纺").encode()
    path.write_bytes(edited)  # someone saved the file after listlint read it
    with pytest.raises(FixError):
        atomic_write(path, FIXED.encode(), expected=DRAFT.encode())
    assert path.read_bytes() == edited
    assert _temp_files(tmp_path) == []


def test_fix_file_without_write_returns_the_change_but_writes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT)
    result = fix_file(engine_for(select=["adlaw"]), path, "scarf.yaml", write=False)
    assert result is not None and result.applied == 2
    assert result.new == FIXED
    assert path.read_bytes() == DRAFT.encode()


def test_only_title_findings_carry_a_fix(tmp_path: Path, check_file) -> None:
    path = _write(tmp_path / "scarf.yaml", DRAFT)
    found = by_rule(check_file(path, select=["adlaw"]), "adlaw/absolute-terms")
    fixable = sorted((f.field, f.match) for f in found if f.fix is not None)
    assert fixable == [("title", "极品"), ("title", "顶级")]
    assert {f.field for f in found if f.fix is None} == {"description", "selling_points[1]"}
