"""Read a draft file: bytes → text → YAML/JSON → validated Draft + SourceMap + draft/* findings.

Nothing here raises on bad input: every problem becomes a ``draft/…`` finding.
"""

from __future__ import annotations

import difflib
import json
import re
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
        line, col = self.source.position(s)
        end_line, end_col = self.source.position(e)
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
    (libyaml recurses per level and crashes on ~100,000 levels)."""
    depth = best = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
        best = max(best, depth)
    for line in text.splitlines():
        stripped = line.lstrip(" -?:")
        best = max(best, (len(line) - len(stripped)) // 2)
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
def load_draft(
    file: Path, display: str | None = None, limits: Limits | None = None
) -> list[LoadedDraft]:
    """Load one file (a ``.jsonl`` file holds one draft per line)."""
    limits = limits or Limits()
    display = display if display is not None else str(file)
    try:
        size = file.stat().st_size
        if size > limits.max_file_bytes:
            return [_too_large(file, display, size, limits)]
        raw = file.read_bytes()
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
    if nesting_estimate(body) > limits.max_depth:
        doc.findings.append(
            doc.finding(
                "",
                "draft/too-large",
                Severity.ERROR,
                f"嵌套层级超过上限 {limits.max_depth}，未检查",
            )
        )
        return doc
    data, node = _parse(body, doc, as_json)
    if doc.findings:
        return doc
    try:
        doc.source = sourcemap.build(node, text, base, limits.max_nodes)
    except sourcemap.NodeBudgetExceeded:
        doc.findings.append(
            doc.finding(
                "",
                "draft/too-large",
                Severity.ERROR,
                f"展开别名（alias）后节点数超过上限 {limits.max_nodes:,}，疑似“YAML 炸弹”，未检查",
            )
        )
        return doc
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


def _parse(body: str, doc: LoadedDraft, as_json: bool) -> tuple[Any, yaml.Node | None]:
    loader = yaml.CSafeLoader(body) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(body)
    try:
        node = loader.get_single_node()
        if as_json:
            data = json.loads(body) if body.strip() else None
        else:
            data = loader.construct_document(node) if node is not None else None
        return data, node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index = doc.source.base + (mark.index if mark else 0)
        problem = (exc.problem or exc.context or "语法错误").strip()
        finding = doc.finding(
            "",
            "draft/syntax",
            Severity.ERROR,
            f"{'JSON' if as_json else 'YAML'} 语法错误：{problem}",
        )
        finding.line, finding.column = doc.source.position(index)
        finding.end_line, finding.end_column = finding.line, finding.column + 1
        doc.findings.append(finding)
    except json.JSONDecodeError as exc:
        finding = doc.finding("", "draft/syntax", Severity.ERROR, f"JSON 语法错误：{exc.msg}")
        finding.line, finding.column = doc.source.position(doc.source.base + exc.pos)
        finding.end_line, finding.end_column = finding.line, finding.column + 1
        doc.findings.append(finding)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        doc.findings.append(doc.finding("", "draft/syntax", Severity.ERROR, f"无法解析草稿：{exc}"))
    finally:
        loader.dispose()
    return None, None


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
        message = f"字段 {path} {_TYPE_MESSAGES.get(kind, '类型或取值不正确：' + err['msg'])}"
    doc.findings.append(doc.finding(path, "draft/schema", Severity.ERROR, message))
