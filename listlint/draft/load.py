"""Read a draft file: bytes → text → YAML/JSON → validated Draft + SourceMap + draft/* findings.

Nothing here raises on bad input: every problem becomes a ``draft/…`` finding.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from listlint.draft import sourcemap
from listlint.draft.model import DRAFT_FIELDS, Document, Draft, Image, Sku
from listlint.findings import Finding, Severity

DRAFT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")


@dataclass(slots=True)
class Limits:
    """Resource limits for untrusted drafts (see SECURITY.md); all configurable."""

    max_file_bytes: int = 2 * 1024 * 1024
    max_nodes: int = 100_000
    max_depth: int = 500


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BoundedSafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (never constructs Python objects) with two budgets that libyaml and
    PyYAML lack: merge keys (``<<: *a``) may not copy more than ``max_nodes`` key/value pairs in
    all (a chain of merges is quadratic: a 365 KB file took 38 s and 1.8 GB), and integers are
    at most ``MAX_INT_CHARS`` characters (a sexagesimal ``1:1:1:…`` integer is computed with
    big-number arithmetic, quadratic in its length, and escapes Python's int-digits limit)."""

    MAX_INT_CHARS = 4300

    def __init__(self, stream: str, max_nodes: int = 100_000) -> None:
        super().__init__(stream)
        self.merge_budget = max_nodes
        self.merged: dict[int, set[int]] = {}  # id(mapping) -> ids of keys merged into it

    def flatten_mapping(self, node: Any) -> None:
        own = node.value  # PyYAML replaces the list only when something was merged in
        super().flatten_mapping(node)
        if node.value is not own:
            merged = {id(key) for key, _ in node.value} - {id(key) for key, _ in own}
            self.merged.setdefault(id(node), set()).update(merged)
        self.merge_budget -= len(node.value)
        if self.merge_budget < 0:
            raise sourcemap.NodeBudgetExceeded  # reported as draft/too-large

    def construct_yaml_int(self, node: Any) -> int:
        value = node.value if isinstance(node.value, str) else ""
        if len(value) > self.MAX_INT_CHARS or (":" in value and len(value) > 64):
            raise yaml.constructor.ConstructorError(
                None, None, f"integer too long ({len(value):,} characters)", node.start_mark
            )
        return int(super().construct_yaml_int(node))


BoundedSafeLoader.add_constructor("tag:yaml.org,2002:int", BoundedSafeLoader.construct_yaml_int)

_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))


class _Irregular(Exception):
    """A node the direct construction leaves to PyYAML (alias, merge key, tagged collection)."""


def construct(loader: BoundedSafeLoader, node: Any) -> Any:
    """``loader.construct_document(node)``, faster for the trees drafts are made of.

    Mappings, sequences and text are built directly; every other scalar (numbers, booleans,
    null, dates) by PyYAML's own constructor for it.  A document with anything else (an alias,
    a merge key, a tagged collection, a key that cannot be a dict key) or an error is built by
    PyYAML's ``construct_document`` as a whole, so the result (or error) is always PyYAML's."""
    try:
        return _direct(loader, node, set())
    except (_Irregular, yaml.YAMLError, TypeError, ValueError):
        loader.constructed_objects.clear()
        loader.recursive_objects.clear()
        return loader.construct_document(node)


def _direct(loader: BoundedSafeLoader, node: Any, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Irregular  # an alias: PyYAML shares the object (and bounds alias bombs)
    seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return node.value if tag == _STR else loader.construct_object(node)
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Irregular
            key = _direct(loader, key_node, seen)
            out[key] = _direct(loader, value_node, seen)  # an unhashable key: TypeError
        return out
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_direct(loader, child, seen) for child in node.value]
    raise _Irregular


def read_limited(file: Path, limit: int) -> tuple[bytes | None, int]:
    """Read at most `limit` + 1 bytes of a regular file: (bytes, size), or (None, size) when the
    file is larger than `limit`.  Raises OSError for what is not a regular file (a FIFO would
    block, ``/dev/zero`` never ends: their ``st_size`` is 0)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "目录" if stat.S_ISDIR(info.st_mode) else "设备、管道或套接字"
            raise OSError(0, f"不是普通文件（{kind}）")
        if info.st_size > limit:
            return None, info.st_size
        chunks: list[bytes] = []
        size = 0
        # reads sized by the file (plus one byte, to notice growth): a 1 MB read buffer for a
        # 1 KB draft costs a large allocation per file, a tenth of the time of a batch check
        step = min(1 << 20, info.st_size + 1) if info.st_size else 1 << 16
        while size <= limit:
            chunk = os.read(fd, min(step, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
        return (None, size) if size > limit else (raw, size)
    finally:
        os.close(fd)


class YAMLLimitError(ValueError):
    """A YAML file exceeds a resource limit (nesting, nodes, merge keys)."""


def parse_yaml(text: str, limits: Limits | None = None) -> tuple[Any, Any]:
    """Safe, bounded YAML for files other than drafts (rule packs, config): ``(data, node)``.

    The nesting depth is checked before libyaml's composer runs (it recurses in C and crashes
    the process at ~100,000 levels), nodes are counted on the event stream before they are
    composed, merge keys and integers are bounded (``BoundedSafeLoader``).  Raises
    ``yaml.YAMLError`` for syntax errors and ``YAMLLimitError`` for limits."""
    limits = limits or Limits()
    depth = nesting_estimate(text)
    if depth > limits.max_depth:
        raise YAMLLimitError(f"nesting deeper than {limits.max_depth} levels")
    loader: Any = None
    try:
        if len(text) * 2 >= limits.max_nodes:
            _count_nodes(text, limits.max_nodes)
        loader = BoundedSafeLoader(text, limits.max_nodes)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node
    except sourcemap.NodeBudgetExceeded:
        raise YAMLLimitError(f"more than {limits.max_nodes:,} nodes (aliases expanded)") from None
    except RecursionError:
        raise YAMLLimitError("nesting too deep") from None
    finally:
        if loader is not None:
            loader.dispose()


@dataclass(slots=True)
class LoadedDraft:
    path: str  # as shown in findings
    file: Path  # the file on disk
    text: str  # decoded text (BOM removed)
    source: sourcemap.SourceMap
    draft: Draft | None
    findings: list[Finding] = field(default_factory=list)
    encoding: str = "utf-8"
    bom: bool = False
    index_map: dict[str, list[int]] = field(default_factory=dict)  # list → model idx → file idx

    @property
    def root(self) -> Path:
        return self.file.parent

    def field_path(self, path: str) -> str:
        """Rewrite model list indices to file indices when invalid items were dropped."""
        if not self.index_map:
            return path
        for name, mapping in self.index_map.items():
            prefix = f"{name}["
            if path.startswith(prefix):
                close = path.index("]")
                idx = int(path[len(prefix) : close])
                if idx < len(mapping):
                    return f"{name}[{mapping[idx]}]{path[close + 1 :]}"
        return path

    def finding(
        self,
        field_path: str,
        rule: str,
        severity: Severity,
        message: str,
        *,
        start: int | None = None,
        end: int | None = None,
        match: str = "",
        suggestion: str | None = None,
        reference: str = "",
        key: bool = False,
    ) -> Finding:
        field_path = self.field_path(field_path)
        if key:
            s, e = self.source.key_span(field_path)
        else:
            s, e = self.source.span(field_path, start, end)
        if start is not None and not match:
            match = self.text[s:e]
        return self.finding_at(
            s, e, field_path, rule, severity, message, match=match, suggestion=suggestion,
            reference=reference,
        )  # fmt: skip

    def finding_at(
        self,
        start: int,
        end: int,
        field_path: str,
        rule: str,
        severity: Severity,
        message: str,
        *,
        match: str = "",
        suggestion: str | None = None,
        reference: str = "",
    ) -> Finding:
        """A finding at the file characters [start, end)."""
        line, col = self.source.position(start)
        end_line, end_col = self.source.position(end)
        return Finding(
            path=self.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            field=field_path,
            rule=rule,
            severity=severity,
            match=match,
            message=message,
            suggestion=suggestion,
            reference=reference,
        )


# -- decoding ----------------------------------------------------------------------------------
def decode(raw: bytes) -> tuple[str | None, str, bool]:
    """Return (text, encoding, had_bom); text is None for undecodable/binary input."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8", True
        except UnicodeDecodeError:
            return None, "binary", True
    if b"\x00" in raw:
        return None, "binary", False
    try:
        return raw.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError:
        return None, "binary", False


_FLOW_OPEN = re.compile(r"[\[{]")
_FLOW_CLOSE = re.compile(r"[\]}]")


def nesting_estimate(text: str) -> int:
    """A cheap upper-bound estimate of nesting depth, checked before the C parser runs
    (libyaml recurses per level and crashes on ~100,000 levels): the deepest bracket nesting,
    or half the widest indentation (with ``- ? :``) that starts a line."""
    depth = best = 0
    if "[" in text or "{" in text:
        for m in re.finditer(r"[\[\]{}]", text):
            depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
            best = max(best, depth)
    for line in text.splitlines():
        best = max(best, (len(line) - len(line.lstrip(" -?:"))) // 2)
    return best


# -- messages ----------------------------------------------------------------------------------
_TYPE_MESSAGES = {
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "model_attributes_type": "应为键值映射",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD（不含时间）",
    "too_short": "不能为空",
    "string_too_long": "过长",
    "string_too_short": "不能为空",
}
_MODELS_BY_LIST = {"skus": Sku, "images": Image, "documents": Document}


def _loc_path(loc: tuple[Any, ...], data: Any) -> tuple[str, list[Any]]:
    """Dotted path of the part of `loc` that exists in `data` (drops union member tags)."""
    parts: list[Any] = []
    node = data
    path = ""
    for item in loc:
        if isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            path += f"[{item}]"
        elif isinstance(node, dict) and item in node:
            path = f"{path}.{item}" if path else str(item)
        else:
            if isinstance(node, dict) and isinstance(item, str) and not parts:
                path = item
                parts.append(item)
            elif isinstance(node, dict) and isinstance(item, str) and item not in ("str", "int"):
                path = f"{path}.{item}" if path else item
                parts.append(item)
            break
        parts.append(item)
        node = node[item]
    return path, parts


def _did_you_mean(name: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return close[0] if close else ""


def _allowed_keys(loc: tuple[Any, ...]) -> tuple[str, ...]:
    if len(loc) >= 3 and loc[0] in _MODELS_BY_LIST:
        return tuple(_MODELS_BY_LIST[loc[0]].model_fields)
    return DRAFT_FIELDS


# -- the loader --------------------------------------------------------------------------------
Content = tuple[bytes | None, int] | OSError  # what read_limited returned, or its error


def read_content(file: Path, limits: Limits) -> Content:
    """``read_limited`` with its error as a value (to be read in one process, used in another)."""
    try:
        return read_limited(file, limits.max_file_bytes)
    except OSError as exc:
        return exc


def load_draft(
    file: Path,
    display: str | None = None,
    limits: Limits | None = None,
    content: Content | None = None,
) -> list[LoadedDraft]:
    """Load one file (a ``.jsonl`` file holds one draft per line); `content`: the file as
    ``read_content`` already read it."""
    limits = limits or Limits()
    display = display if display is not None else str(file)
    if content is None:
        content = read_content(file, limits)
    try:
        if isinstance(content, OSError):
            raise content
        raw, size = content
        if raw is None:
            return [_too_large(file, display, size, limits)]
    except OSError as exc:
        empty = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None)
        empty.findings.append(
            empty.finding(
                "", "draft/unreadable", Severity.ERROR, f"无法读取文件：{exc.strerror or exc}"
            )
        )
        return [empty]
    return load_bytes(raw, file, display, limits)


def load_bytes(
    raw: bytes, file: Path, display: str, limits: Limits | None = None
) -> list[LoadedDraft]:
    limits = limits or Limits()
    if len(raw) > limits.max_file_bytes:
        return [_too_large(file, display, len(raw), limits)]
    text, encoding, bom = decode(raw)
    if text is None:
        broken = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None, encoding=encoding)
        broken.findings.append(
            broken.finding(
                "",
                "draft/encoding",
                Severity.ERROR,
                "文件不是文本（含二进制内容或编码无法识别），无法作为草稿读取",
                suggestion="请以 UTF-8 编码保存草稿文件",
            )
        )
        return [broken]
    if file.suffix.lower() == ".jsonl":
        docs = _load_jsonl(text, file, display, limits)
    else:
        docs = [load_text(text, file, display, limits, as_json=file.suffix.lower() == ".json")]
    for doc in docs:
        doc.encoding, doc.bom = encoding, bom
        if encoding != "utf-8":
            doc.findings.insert(
                0,
                doc.finding(
                    "",
                    "draft/encoding",
                    Severity.INFO,
                    "文件编码为 GB18030/GBK，不是 UTF-8；部分平台工具会显示乱码",
                    suggestion="建议另存为 UTF-8 编码",
                ),
            )
    return docs


def _too_large(file: Path, display: str, size: int, limits: Limits) -> LoadedDraft:
    doc = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None)
    doc.findings.append(
        doc.finding(
            "",
            "draft/too-large",
            Severity.ERROR,
            f"文件大小 {size:,} 字节，超过上限 {limits.max_file_bytes:,} 字节，未检查",
            suggestion="拆分草稿，或在配置中调高 max-file-bytes",
        )
    )
    return doc


def _load_jsonl(text: str, file: Path, display: str, limits: Limits) -> list[LoadedDraft]:
    docs: list[LoadedDraft] = []
    base = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            docs.append(
                load_text(
                    text, file, display, limits, as_json=True, base=base, end=base + len(body)
                )
            )
        base += len(line)
    return docs


def load_text(
    text: str,
    file: Path,
    display: str,
    limits: Limits | None = None,
    *,
    as_json: bool = False,
    base: int = 0,
    end: int | None = None,
) -> LoadedDraft:
    limits = limits or Limits()
    body = text[base:end] if (base or end is not None) else text
    doc = LoadedDraft(display, file, text, sourcemap.SourceMap(text, base), None)
    # the estimate never exceeds the text's length: a short draft cannot be too deep
    if len(body) > limits.max_depth and nesting_estimate(body) > limits.max_depth:
        doc.findings.append(
            doc.finding(
                "",
                "draft/too-large",
                Severity.ERROR,
                f"嵌套层级超过上限 {limits.max_depth}，未检查",
            )
        )
        return doc
    try:
        data, source, lone = _parse(body, doc, as_json, limits)
    except sourcemap.NodeBudgetExceeded:
        doc.findings.append(
            doc.finding(
                "",
                "draft/too-large",
                Severity.ERROR,
                f"节点数（含展开的别名 alias）超过上限 {limits.max_nodes:,}，"
                "疑似“YAML 炸弹”或过大的草稿，未检查",
                suggestion="拆分草稿，或在配置中调高 max-nodes",
            )
        )
        return doc
    if doc.findings or source is None:
        return doc
    doc.source = source
    for path, key_start, key_end in source.duplicates:
        name = path.rsplit(".", 1)[-1]
        finding = doc.finding(
            "",
            "draft/syntax",
            Severity.WARNING,
            f"字段 {name} 在同一层级重复出现，只有最后一次生效",
            suggestion="删除重复的字段",
        )
        _place(doc, finding, key_start, key_end)
        finding.field, finding.match = path, text[key_start:key_end]
        doc.findings.append(finding)
    if lone:
        finding = doc.finding(
            "",
            "draft/encoding",
            Severity.WARNING,
            f"JSON 字符串含 {len(lone)} 处孤立的 UTF-16 代理项转义（如 \\ud800），"
            "不是有效字符，已按 U+FFFD（�）读取",
            suggestion="删除或改正这些 \\u 转义",
        )
        _place(doc, finding, lone[0], lone[0] + 6)
        finding.match = text[lone[0] : lone[0] + 6]
        doc.findings.append(finding)
    if data is None:
        doc.findings.append(
            doc.finding("", "draft/schema", Severity.ERROR, "草稿为空：缺少 title 和 category")
        )
        return doc
    if not isinstance(data, dict):
        doc.findings.append(
            doc.finding("", "draft/schema", Severity.ERROR, "草稿顶层必须是键值映射（key: value）")
        )
        return doc
    _validate(doc, data)
    return doc


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _count_nodes(body: str, limit: int) -> None:
    """Raise NodeBudgetExceeded before composing a document of more than `limit` nodes: the
    composer holds every node (with two marks) in memory, about 500 bytes each, and a 2 MiB
    flow list can hold a million of them."""
    parser = _BaseLoader(body)
    try:
        count = 0
        while parser.check_event():
            if isinstance(parser.get_event(), _NODE_EVENTS):
                count += 1
                if count > limit:
                    raise sourcemap.NodeBudgetExceeded
    finally:
        parser.dispose()


_SURROGATE_ESCAPES = re.compile(
    r"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


def _mend_surrogates(body: str) -> tuple[str, list[int]]:
    """Replace each lone surrogate escape (``\\ud800`` not part of a pair) by ``\\ufffd``:
    the same length, so every index stays put.  Python's json would decode it into a string
    that cannot be written as UTF-8 (every report would fail)."""
    if "\\" not in body:
        return body, []
    lone: list[int] = []

    def mend(m: re.Match[str]) -> str:
        token = m.group()
        if len(token) == 6:
            lone.append(m.start())
            return "\\ufffd"
        return token

    mended = _SURROGATE_ESCAPES.sub(mend, body)
    return mended, lone


def _parse(
    body: str, doc: LoadedDraft, as_json: bool, limits: Limits
) -> tuple[Any, sourcemap.SourceMap | None, list[int]]:
    """(data, source map, lone surrogate escapes); a syntax error becomes a finding of `doc`.
    Raises NodeBudgetExceeded."""
    base = doc.source.base
    loader: Any = None
    try:
        if as_json:
            mended, lone = _mend_surrogates(body)
            if not mended.strip():
                return None, sourcemap.SourceMap(doc.text, base), lone
            data = json.loads(mended)
            return data, sourcemap.build_json(mended, doc.text, base, limits.max_nodes), lone
        if len(body) * 2 >= limits.max_nodes:  # could hold more nodes than the budget
            _count_nodes(body, limits.max_nodes)
        loader = BoundedSafeLoader(body, limits.max_nodes)
        node = loader.get_single_node()
        data = construct(loader, node) if node is not None else None
        source = sourcemap.build(node, doc.text, base, limits.max_nodes, loader.merged)
        return data, source, []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index = base + (mark.index if mark else 0)
        problem = (exc.problem or exc.context or "语法错误").strip()
        finding = doc.finding(
            "",
            "draft/syntax",
            Severity.ERROR,
            f"{'JSON' if as_json else 'YAML'} 语法错误：{problem}",
        )
        _place(doc, finding, index)
        doc.findings.append(finding)
    except json.JSONDecodeError as exc:
        finding = doc.finding("", "draft/syntax", Severity.ERROR, f"JSON 语法错误：{exc.msg}")
        _place(doc, finding, base + exc.pos)
        doc.findings.append(finding)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        doc.findings.append(doc.finding("", "draft/syntax", Severity.ERROR, f"无法解析草稿：{exc}"))
    finally:
        if loader is not None:
            loader.dispose()
    return None, None, []


def _place(doc: LoadedDraft, finding: Finding, index: int, end: int | None = None) -> None:
    """Put a finding on the characters [index, end) (default: the one character at `index`;
    an empty span at the end of the file)."""
    index = max(0, min(index, len(doc.text)))
    end = min(max(index + 1 if end is None else end, index), len(doc.text))
    finding.line, finding.column = doc.source.position(index)
    finding.end_line, finding.end_column = doc.source.position(end)


def _validate(doc: LoadedDraft, data: dict[str, Any]) -> None:
    """Validate; report every error; drop what is invalid and keep checking the rest."""
    original = data
    work: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}
    if isinstance(work.get("attributes"), dict):
        work["attributes"] = dict(work["attributes"])
    kept: dict[str, list[int]] = {
        name: list(range(len(work[name])))
        for name in _MODELS_BY_LIST
        if isinstance(work.get(name), list)
    }
    seen: set[tuple[str, str]] = set()
    for _ in range(6):
        try:
            doc.draft = Draft.model_validate(work)
            break
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
        fatal = False
        removals: list[tuple[Any, ...]] = []
        for err in errors:
            loc = tuple(err["loc"])
            # translate model indices back to file indices for reporting
            file_loc = loc
            if (
                len(loc) >= 2
                and loc[0] in kept
                and isinstance(loc[1], int)
                and loc[1] < len(kept[loc[0]])
            ):
                file_loc = (loc[0], kept[loc[0]][loc[1]], *loc[2:])
            _report(doc, err, file_loc, original, seen)
            if loc and loc[0] in ("title", "category") and len(loc) == 1:
                fatal = True
            removals.append(loc)
        if fatal:
            return
        for loc in removals:
            _prune(work, loc, kept)
    if kept and any(v != list(range(len(v))) for v in kept.values()):
        doc.index_map = kept


def _prune(work: dict[str, Any], loc: tuple[Any, ...], kept: dict[str, list[int]]) -> None:
    if not loc:
        return
    head = loc[0]
    if head in kept and len(loc) >= 2 and isinstance(loc[1], int):
        items, idx = work.get(head), loc[1]
        if isinstance(items, list) and idx < len(items) and items[idx] is not None:
            items[idx] = None  # marked; compacted below so later indices stay valid this round
            _compact(work, head, kept)
        return
    if head == "attributes" and len(loc) >= 2 and isinstance(work.get("attributes"), dict):
        work["attributes"].pop(loc[1], None)
        return
    if head in work:
        del work[head]
        kept.pop(head, None)


def _compact(work: dict[str, Any], head: str, kept: dict[str, list[int]]) -> None:
    items = work[head]
    kept[head] = [orig for orig, item in zip(kept[head], items, strict=True) if item is not None]
    work[head] = [item for item in items if item is not None]


def _report(
    doc: LoadedDraft,
    err: Any,
    loc: tuple[Any, ...],
    data: dict[str, Any],
    seen: set[tuple[str, str]],
) -> None:
    path, _ = _loc_path(loc, data)
    kind = err["type"]
    if (path, kind) in seen:
        return
    seen.add((path, kind))
    if kind == "extra_forbidden":
        name = str(loc[-1])
        guess = _did_you_mean(name, _allowed_keys(loc))
        hint = f"，是否想写 {guess}？" if guess else ""
        doc.findings.append(
            doc.finding(
                path,
                "draft/unknown-field",
                Severity.WARNING,
                f"未知字段 {name}{hint}",
                suggestion=f"改为 {guess}" if guess else "删除该字段或检查拼写",
                key=True,
                match=name,
            )
        )
        return
    if kind == "missing":
        name = str(loc[-1])
        parent = path if path != name else ""
        if parent.endswith(name):
            parent = parent[: -len(name)].rstrip(".")
        doc.findings.append(
            doc.finding(
                parent, "draft/schema", Severity.ERROR, f"缺少必填字段 {name}", key=bool(parent)
            )
        )
        return
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        message = f"字段 {path} 的取值不在允许范围内（应为 {expected}）"
    else:
        detail = err["msg"].removeprefix("Value error, ")
        fallback = detail if kind == "value_error" else "类型或取值不正确：" + detail
        message = f"字段 {path} {_TYPE_MESSAGES.get(kind, fallback)}"
    doc.findings.append(doc.finding(path, "draft/schema", Severity.ERROR, message))
