"""Property tests of the draft loader (``listlint.draft.load.load_bytes``): any bytes give a
draft or findings, never an exception, and every position lies inside the file."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from listlint.draft.load import decode, load_bytes

from .helpers import (
    FUZZ,
    YAML_STYLES,
    assert_positions_inside,
    assert_reportable,
    drafts,
    dump_yaml,
    nasty_text,
    structures,
)

SUFFIXES = [".yaml", ".yml", ".json", ".jsonl"]


def _load(raw: bytes, suffix: str):
    file = Path("/nonexistent/robustness/draft" + suffix)
    docs = load_bytes(raw, file, "draft" + suffix)
    assert docs or suffix == ".jsonl"  # a .jsonl file of blank lines holds no draft
    text, _, _ = decode(raw)
    for doc in docs:
        if doc.draft is None:
            assert doc.findings, "a draft that is not loaded must say why"
        assert_positions_inside(doc.text, doc.findings)
        assert_reportable(doc.findings)
        if text is not None:
            assert doc.text == text
    return docs


@FUZZ
@given(raw=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_findings_or_a_draft(raw, suffix):
    _load(raw, suffix)


@FUZZ
@given(
    text=nasty_text(200, surrogates=True),
    suffix=st.sampled_from(SUFFIXES),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
def test_any_text_in_any_encoding(text, suffix, encoding):
    raw = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    _load(raw, suffix)


@FUZZ
@given(
    data=st.one_of(structures(), drafts()),
    style=st.sampled_from(YAML_STYLES),
    flow=st.sampled_from([None, True, False]),
    width=st.sampled_from([10, 80, 10**6]),
    unicode=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
)
def test_dumped_yaml_structures(data, style, flow, width, unicode, newline, bom):
    text = dump_yaml(data, style, flow, width, unicode)
    if newline != "\n":
        text = text.replace("\n", newline)
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    docs = _load(raw, ".yaml")
    if isinstance(data, dict) and isinstance(data.get("title"), str) and newline != "\r":
        # what PyYAML wrote, listlint reads back (no syntax error on valid YAML)
        assert not [f for f in docs[0].findings if f.rule == "draft/syntax"], text


@FUZZ
@given(
    data=st.one_of(structures(surrogates=True), drafts(surrogates=True)),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 0, 2, "\t"]),
)
def test_dumped_json_structures(data, ascii_only, indent):
    """JSON with every escape, including astral characters written as surrogate pairs
    (``"\\ud83d\\ude00"``, Python's default) and lone surrogates (``"\\ud800"``)."""
    try:
        text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    except ValueError:  # NaN is fine (allow_nan), nothing else should fail
        raise
    raw = text.encode("utf-8", errors="surrogatepass")
    docs = _load(raw, ".json")
    if ascii_only and isinstance(data, dict):
        # json.dumps' own output is valid JSON: never a syntax error
        syntax = [f.message for f in docs[0].findings if f.rule == "draft/syntax"]
        assert not syntax, (text, syntax)


@FUZZ
@given(lines=st.lists(st.one_of(drafts(surrogates=True), structures()), max_size=4))
def test_json_lines(lines):
    text = "\n".join(json.dumps(x) for x in lines) + "\n"
    docs = _load(text.encode(), ".jsonl")
    assert len(docs) == sum(1 for line in text.splitlines() if line.strip())


@FUZZ
@given(
    data=drafts(),
    cut=st.integers(min_value=0, max_value=10**6),
    junk=st.sampled_from(["", "]", "}", "\x00", "\t", ": :", "- [", "\ufeff", "&a *a", "!!binary"]),
)
def test_truncated_or_corrupted_drafts(data, cut, junk):
    text = dump_yaml(data, None, None, 80, True)
    cut %= len(text) + 1
    for body in (text[:cut] + junk, text[:cut] + junk + text[cut:]):
        _load(body.encode("utf-8"), ".yaml")
        _load(json.dumps(data, ensure_ascii=False)[: cut + 1].encode() + junk.encode(), ".json")


def test_valid_json_with_escaped_astral_character_is_read(tmp_path):
    """Python's json.dumps writes an emoji as a surrogate-pair escape; libyaml's composer rejects
    surrogate escapes, but the file is valid JSON and must be read."""
    raw = json.dumps({"title": "纯棉T恤 😀 最好", "category": "服装/女装/T恤"}).encode()
    (doc,) = _load(raw, ".json")
    assert doc.draft is not None, [f.message for f in doc.findings]
    assert doc.draft.title == "纯棉T恤 😀 最好"


def test_lone_surrogate_escape_in_json_is_a_finding_not_a_crash():
    raw = b'{"title": "\\ud800 \\udfff", "category": "x"}'
    (doc,) = _load(raw, ".json")
    assert doc.findings
    f = doc.findings[0]
    assert f.rule == "draft/encoding" and (f.line, f.column) == (1, 12)
    # the draft is still checked, with U+FFFD in place of each lone surrogate
    assert doc.draft is not None and doc.draft.title == "\ufffd \ufffd"


def _stands_for(piece: str, ch: str, as_json: bool) -> bool:
    if piece == ch or (ch in " \n" and piece in ("\n", "\r", "\x85")):
        return True
    if as_json and piece.startswith("\\"):
        try:
            decoded = json.loads('"' + piece + '"')
        except ValueError:
            return False
        return decoded == ch or (
            ch == "\ufffd" and len(decoded) == 1 and 0xD800 <= ord(decoded) < 0xE000
        )
    return False


@FUZZ
@given(
    data=drafts(surrogates=True),
    how=st.sampled_from(["json", "json-ascii", "plain", "single", "double", "literal", "folded"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_source_map_puts_every_exact_character_where_it_stands(data, how, newline):
    """What --fix relies on: for a field the map calls exact, the file text at each character's
    span is that character (or, in JSON, an escape that decodes to it)."""
    if how.startswith("json"):
        text = json.dumps(data, ensure_ascii=how == "json-ascii", indent=1)
        suffix = ".json"
    else:
        style = {"plain": None, "single": "'", "double": '"', "literal": "|", "folded": ">"}[how]
        try:
            text = dump_yaml(data, style, None, 40, True)
        except UnicodeEncodeError:
            return
        suffix = ".yaml"
    text = text.replace("\n", newline)
    raw = text.encode("utf-8", errors="surrogatepass")
    (doc,) = _load(raw, suffix)
    if doc.draft is None:
        return
    for path, _, value in doc.draft.text_fields():
        field = doc.field_path(path)
        if not doc.source.exact(field):
            continue
        node = doc.source.nodes[field]
        chars = doc.source._chars(node)
        ends = node.ends or [c + 1 for c in chars]
        assert len(chars) == len(value), (field, value)
        for i, ch in enumerate(value):
            piece = doc.text[chars[i] : ends[i]]
            assert _stands_for(piece, ch, suffix == ".json"), (field, i, ch, piece)
