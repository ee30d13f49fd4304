"""Property tests of the whole check pipeline: every rule of every built-in pack runs on hostile
drafts (the loader's output, then ``Engine.check_doc``; and the real CLI on files): findings or a
clean result, never an exception, never a crashed rule, every position inside the file, every
report writable as UTF-8."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from conftest import engine_for
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from listlint.cli import app
from listlint.draft.load import load_bytes

from .helpers import (
    FUZZ,
    FUZZ_SMALL,
    YAML_STYLES,
    assert_no_internal_error,
    assert_positions_inside,
    assert_reportable,
    drafts,
    dump_yaml,
    nasty_text,
)


@pytest.fixture(scope="module")
def engine():
    return engine_for(today="2026-03-01")


def _check(engine, raw: bytes, suffix: str, folder: Path):
    file = folder / ("draft" + suffix)
    found = []
    for doc in load_bytes(raw, file, file.name):
        findings = engine.check_doc(doc)
        assert_no_internal_error(findings)
        assert_positions_inside(doc.text, findings)
        assert_reportable(findings)
        found.extend(findings)
    return found


@FUZZ
@given(
    data=drafts(),
    style=st.sampled_from(YAML_STYLES),
    flow=st.sampled_from([None, True, False]),
    width=st.sampled_from([12, 80, 10**6]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_every_rule_on_hostile_yaml_drafts(
    engine, tmp_path_factory, data, style, flow, width, newline
):
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    text = dump_yaml(data, style, flow, width, True).replace("\n", newline)
    _check(engine, text.encode("utf-8"), ".yaml", folder)


@FUZZ
@given(data=drafts(surrogates=True), ascii_only=st.booleans())
def test_every_rule_on_hostile_json_drafts(engine, tmp_path_factory, data, ascii_only):
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    text = json.dumps(data, ensure_ascii=ascii_only, indent=1)
    _check(engine, text.encode("utf-8", errors="surrogatepass"), ".json", folder)


@FUZZ
@given(
    title=nasty_text(60),
    description=nasty_text(200),
    gb18030=st.booleans(),
    block=st.sampled_from(["|", "|-", "|+", ">", ">-", "|2"]),
)
def test_text_rules_on_hand_written_block_scalars(
    engine, tmp_path_factory, title, description, gb18030, block
):
    """Hand-written YAML, as sellers write it: a plain title and a block-scalar description
    holding whatever characters (tabs, CR, NEL, U+2028, BOM, zero-width, RTL …)."""
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    body = "\n".join("  " + line for line in description.split("\n"))
    text = (
        f"category: 食品/休闲零食/坚果\ntitle: {json.dumps(title)}\ndescription: {block}\n{body}\n"
    )
    raw = text.encode("gb18030" if gb18030 else "utf-8", errors="replace")
    _check(engine, raw, ".yaml", folder)


@FUZZ_SMALL
@given(
    docs=st.lists(drafts(), min_size=1, max_size=3),
    fmt=st.sampled_from(["json", "json-lines", "concise", "tree"]),
)
def test_cli_on_a_folder_of_hostile_drafts(tmp_path_factory, docs, fmt):
    """The real command: exit 0 or 1 (never 2, never a traceback), and the JSON report is valid
    UTF-8 JSON whose positions lie inside the files."""
    folder = tmp_path_factory.mktemp("cli", numbered=True)
    texts: dict[str, str] = {}
    for i, data in enumerate(docs):
        if i % 2:
            text = json.dumps(data, ensure_ascii=False)
            name = f"d{i}.json"
        else:
            text = dump_yaml(data, None, None, 80, True)
            name = f"d{i}.yaml"
        (folder / name).write_text(text, encoding="utf-8")
        texts[name] = text
    with contextlib.chdir(folder):  # the result cache goes to the working folder
        result = CliRunner().invoke(
            app,
            ["check", str(folder), "--format", fmt, "--no-color", "--today", "2026-03-01"],
            catch_exceptions=True,
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["files"] == len(docs)
        for d in report["diagnostics"]:
            text = texts[Path(d["path"]).name]
            assert d["rule"] != "draft/internal-error", d
            lines = text.split("\n")
            assert 1 <= d["line"] <= len(lines) + 1
            assert 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1
            assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"])
