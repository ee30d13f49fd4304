"""A catalogue row → a draft → findings at the row's cells.

A JSON-lines row in the draft format is loaded as it stands (its findings are where the seller
wrote them).  Any other row is mapped to a draft (``Mapping``), checked as a one-line JSON
draft, and each finding is moved back: its field path leads to the column it came from (and
inside a JSON cell, to the element), its characters to the characters of the cell in the file.
The check itself is a function given by the caller (the engine's ``check_doc``): this module
knows nothing of rules.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from listlint.draft import sourcemap
from listlint.draft.catalogue.settings import IDENTITY, SCALAR_FIELDS
from listlint.draft.catalogue.source import Meta, Record
from listlint.draft.load import LoadedDraft, load_text
from listlint.findings import SORT_KEY, Finding
from listlint.messages import Messages, builtin
from listlint.safeyaml import Limits

Check = Callable[[LoadedDraft], list[Finding]]
_SPLIT = re.compile(r"[;；|\n\r]+")
_URL_SPLIT = re.compile(r"[\s;；|,，]+")
_PAIR = re.compile(r"\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$", re.S)
_TOP_KEY = re.compile(r"[^.\[]+")
_TRUE = {"是", "true", "yes", "y", "1", "有", "✓", "√"}
_FALSE = {"否", "false", "no", "n", "0", "无", "×"}


@dataclass(slots=True)
class Origin:
    """Where a draft field came from: a column, and how its value relates to the cell's text:
    ``value`` (the text from ``offset`` on), ``json`` (the field is the cell's JSON, or inside
    it), ``whole`` (converted: the whole cell)."""

    column: int
    kind: str = "whole"
    offset: int = 0
    wrapped: bool = False  # json: one object in the cell, read as a list of one
    length: int | None = None  # value: a piece of the cell (one URL of a list) this long


class Origins(dict[str, Origin]):
    def find(self, path: str) -> tuple[Origin, str] | None:
        """The origin of `path` or of its closest parent, and the rest of the path."""
        probe = path
        while probe:
            hit = self.get(probe)
            if hit is not None:
                return hit, path[len(probe) :]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None


# -- cells → draft -----------------------------------------------------------------------------
def _text(value: Any) -> tuple[str, int] | None:
    """A cell as text and the offset of its first non-space character; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("true" if value else "false"), -1
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), -1
    if isinstance(value, datetime | date):
        return value.isoformat()[:10], -1
    if not isinstance(value, str):
        return str(value), -1
    stripped = value.strip()
    if not stripped:
        return None
    return stripped, len(value) - len(value.lstrip())


def _number(text: str, integer: bool = False) -> Any:
    cleaned = text.replace(",", "").replace("，", "").strip().lstrip("¥￥").removesuffix("元")
    try:
        number = float(cleaned)
    except ValueError:
        return text  # the schema check reports it, at this cell
    if integer:
        return int(number) if number.is_integer() else text
    return int(number) if number.is_integer() and "." not in cleaned else number


def _pieces(text: str, offset: int, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    pos = 0
    for m in pattern.finditer(text + "\n"):
        piece = text[pos : m.start()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((piece.strip(), offset + pos + lead))
        pos = m.end()
    return out


class Builder:
    """Maps the cells of a row to a draft and records where each field came from."""

    def __init__(self, meta: Meta) -> None:
        self.fields = meta.mapping.fields
        self.attributes = meta.mapping.attributes
        self.platform = meta.mapping.platform
        self.header = meta.mapping.header

    def build(
        self, cells: Sequence[Any], problems: list[tuple[int, str, int]]
    ) -> tuple[dict[str, Any], Origins]:
        """(draft data, origins); a cell whose JSON is broken adds (column, problem, offset)
        to `problems` and its field is left out."""
        data: dict[str, Any] = {}
        origins = Origins()
        cell = self._cell(cells)
        for name in SCALAR_FIELDS:
            self._scalar(name, cell(name), data, origins)
        if "platform" not in data and self.platform:
            data["platform"] = self.platform
        self._lists(cell, data, origins, problems)
        self._sku(cell, data, origins)
        self._images(cell, data, origins, problems)
        for name, column in self.attributes:
            found = _text(cells[column]) if column < len(cells) else None
            if found is not None:
                attrs = data.setdefault("attributes", {})
                attrs[name] = cells[column] if isinstance(cells[column], int | float) else found[0]
                origins[f"attributes.{name}"] = Origin(column, *self._kind(found))
        return data, origins

    def _cell(self, cells: Sequence[Any]) -> Callable[[str], tuple[int, str, int] | None]:
        def get(name: str) -> tuple[int, str, int] | None:
            column = self.fields.get(name)
            if column is None or column >= len(cells):
                return None
            found = _text(cells[column])
            return None if found is None else (column, *found)

        return get

    @staticmethod
    def _kind(found: tuple[str, int]) -> tuple[str, int]:
        return ("whole", 0) if found[1] < 0 else ("value", found[1])

    def _scalar(
        self, name: str, got: tuple[int, str, int] | None, data: dict[str, Any], origins: Origins
    ) -> None:
        if got is None:
            return
        column, text, offset = got
        if name == "brand_owner":
            low = text.casefold()
            data[name] = True if low in _TRUE else False if low in _FALSE else text
            origins[name] = Origin(column)
            return
        data[name] = text
        origins[name] = Origin(column, *self._kind((text, offset)))

    def _json(
        self,
        name: str,
        got: tuple[int, str, int],
        data: dict[str, Any],
        origins: Origins,
        problems: list[tuple[int, str, int]],
    ) -> bool:
        """A JSON cell as field `name`; False when the cell does not hold JSON at all."""
        column, text, offset = got
        if text[:1] not in "[{":
            return False
        try:
            value = json.loads(text)
        except ValueError as exc:
            problems.append(
                (column, getattr(exc, "msg", str(exc)), offset + getattr(exc, "pos", 0))
            )
            return True
        wrapped = isinstance(value, dict) and name != "attributes"
        data[name] = [value] if wrapped else value
        origins[name] = Origin(column, "json", offset, wrapped)
        return True

    def _lists(
        self,
        cell: Callable[[str], tuple[int, str, int] | None],
        data: dict[str, Any],
        origins: Origins,
        problems: list[tuple[int, str, int]],
    ) -> None:
        for name in ("selling_points", "attributes", "skus", "documents"):
            got = cell(name)
            if got is None or self._json(name, got, data, origins, problems):
                continue
            column, text, offset = got
            if name == "selling_points":
                pieces = _pieces(text, offset, _SPLIT)
                data[name] = [p for p, _ in pieces]
                origins[name] = Origin(column, "value", offset)
                for i, (piece, at) in enumerate(pieces):
                    origins[f"{name}[{i}]"] = Origin(column, "value", at, length=len(piece))
            elif name == "attributes":
                self._pairs(column, text, offset, data, origins)
            else:
                problems.append((column, "应为 JSON 列表", offset))

    def _pairs(
        self, column: int, text: str, offset: int, data: dict[str, Any], origins: Origins
    ) -> None:
        """``材质:棉;产地:浙江`` as attributes."""
        attrs = data.setdefault("attributes", {})
        origins["attributes"] = Origin(column, "value", offset)
        for piece, at in _pieces(text, offset, _SPLIT):
            m = _PAIR.match(piece)
            if m is None or not m.group(1):
                continue
            attrs[m.group(1)] = m.group(2)
            origins[f"attributes.{m.group(1)}"] = Origin(column, "value", at + m.start(2))

    def _sku(
        self,
        cell: Callable[[str], tuple[int, str, int] | None],
        data: dict[str, Any],
        origins: Origins,
    ) -> None:
        """One SKU from the price, list price, stock and SKU name columns (when the row has a
        price or a SKU name and no SKU list)."""
        price, name = cell("price"), cell("sku_name")
        if "skus" in data or (price is None and name is None):
            return
        sku: dict[str, Any] = {"name": name[1] if name else "默认规格"}
        anchor = (price or name)[0]  # type: ignore[index]
        origins["skus"] = origins["skus[0]"] = Origin(anchor)
        origins["skus[0].name"] = Origin(name[0], *self._kind(name[1:])) if name else Origin(anchor)
        for key in ("price", "list_price", "stock"):
            got = cell(key)
            if got is not None:
                sku[key] = _number(got[1], integer=key == "stock")
                origins[f"skus[0].{key}"] = Origin(got[0])
        data["skus"] = [sku]

    def _images(
        self,
        cell: Callable[[str], tuple[int, str, int] | None],
        data: dict[str, Any],
        origins: Origins,
        problems: list[tuple[int, str, int]],
    ) -> None:
        images: list[dict[str, Any]] = []
        main = cell("main_image")
        if main is not None:
            images.append({"path": main[1], "role": "main"})
            origins["images[0]"] = Origin(main[0], *self._kind(main[1:]))
            origins["images[0].path"] = origins["images[0]"]
        got = cell("images")
        if got is not None:
            if self._json("images", got, data, origins, problems):
                if images and isinstance(data.get("images"), list):
                    data["images"] = images + data["images"]  # a JSON list after the main image
                    origins["images"].kind = "whole"
                return
            column, text, offset = got
            origins["images"] = Origin(column, "value", offset)
            for piece, at in _pieces(text, offset, _URL_SPLIT):
                i = len(images)
                role = "detail" if main is not None or i else "main"
                images.append({"path": piece, "role": role})
                here = Origin(column, "value", at, length=len(piece))
                origins[f"images[{i}]"] = origins[f"images[{i}].path"] = here
        if images:
            data["images"] = images


# -- positions in the file ---------------------------------------------------------------------
Position = tuple[int, int, int, int]


def _csv_cell(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    return re.compile(rf'"(?:[^"]|"")*"[^{d}\r\n]*|[^{d}\r\n]*')


class _Cells:
    """The cells of one row in the file: their text and where their characters are."""

    def __init__(self, record: Record, header: list[str]) -> None:
        self.record, self.header = record, header
        self._json: dict[int, sourcemap.SourceMap] = {}

    def text(self, column: int) -> str:
        cells = self.record.cells or []
        return str(cells[column]) if column < len(cells) and cells[column] is not None else ""

    def locate(self, origin: Origin, rest: str, span: tuple[int, int] | None) -> Position:
        if origin.kind == "json":
            found = self._json_span(origin, rest, span)
            return self.position(origin.column, found)
        if origin.kind == "value" and not rest and span is not None:
            return self.position(origin.column, (origin.offset + span[0], origin.offset + span[1]))
        if origin.kind == "value" and origin.length is not None:
            return self.position(origin.column, (origin.offset, origin.offset + origin.length))
        return self.position(origin.column, None)

    def _json_span(
        self, origin: Origin, rest: str, span: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """Characters of the cell's text that hold element `rest` of its JSON (the value
        characters `span` of it, when given)."""
        smap = self._json.get(origin.column)
        if smap is None:
            body = self.text(origin.column)[origin.offset :]
            try:
                smap = sourcemap.build_json(body, body)
            except sourcemap.NodeBudgetExceeded:
                return None
            self._json[origin.column] = smap
        sub = rest.removeprefix("[0]") if origin.wrapped else rest
        sub = sub.removeprefix(".")
        if span is not None and sub in smap.nodes:
            start, end = smap.span(sub, *span)
        else:
            start, end = smap.span(sub)
        return origin.offset + start, origin.offset + end

    def position(self, column: int, span: tuple[int, int] | None) -> Position:
        line = self.record.line
        return line, 1, line, 1


class _CsvCells(_Cells):
    def __init__(self, record: Record, header: list[str], pattern: re.Pattern[str]) -> None:
        super().__init__(record, header)
        self.pattern = pattern
        self._spans: list[tuple[int, int]] | None = None

    def _cell_spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            raw, spans, pos = self.record.text or "", [], 0
            for _ in self.record.cells or ():
                m = self.pattern.match(raw, pos)
                end = m.end() if m else pos
                spans.append((pos, end))
                pos = end + 1
            self._spans = spans
        return self._spans

    def position(self, column: int, span: tuple[int, int] | None) -> Position:
        spans = self._cell_spans()
        if column >= len(spans):
            return super().position(column, None)
        raw = self.record.text or ""
        start, end = spans[column]
        if span is not None:
            quoted = raw.startswith('"', start)
            start, end = _raw(raw, start, quoted, span[0]), _raw(raw, start, quoted, span[1])
        elif raw.startswith('"', start) and end - start >= 2:
            start, end = start + 1, end - 1
        return (*self._line_column(raw, start), *self._line_column(raw, max(end, start)))

    def _line_column(self, raw: str, index: int) -> tuple[int, int]:
        return (
            self.record.line + raw.count("\n", 0, index),
            index - (raw.rfind("\n", 0, index) + 1) + 1,
        )


def _raw(raw: str, start: int, quoted: bool, offset: int) -> int:
    """Index in the row's text of character `offset` of a cell's value (quotes undone)."""
    if not quoted:
        return start + offset
    i, k = start + 1, 0
    while k < offset and i < len(raw):
        i += 2 if raw.startswith('""', i) else 1
        k += 1
    return i


class _JsonCells(_Cells):
    """A JSON-lines row mapped through a preset: its keys are the columns."""

    def __init__(self, record: Record, header: list[str], data: dict[str, Any]) -> None:
        super().__init__(record, header)
        self.data = data
        self.body = (record.text or "").rstrip("\r\n")
        self._row: sourcemap.SourceMap | None = None

    def text(self, column: int) -> str:
        value = self.data.get(self.header[column])
        return value if isinstance(value, str) else ""

    def row_map(self) -> sourcemap.SourceMap:
        if self._row is None:
            self._row = sourcemap.build_json(self.body, self.body)
        return self._row

    def locate(self, origin: Origin, rest: str, span: tuple[int, int] | None) -> Position:
        key = self.header[origin.column]
        if origin.kind == "json" and not isinstance(self.data.get(key), str):
            sub = rest.removeprefix("[0]") if origin.wrapped else rest
            path = key + sub  # sub: "", "[0].name" or ".材质"
            smap = self.row_map()
            if span is not None and path in smap.nodes:
                return self._at(*smap.span(path, *span))
            return self._at(*smap.span(path))
        return super().locate(origin, rest, span)

    def position(self, column: int, span: tuple[int, int] | None) -> Position:
        key = self.header[column]
        smap = self.row_map()
        if span is None or not isinstance(self.data.get(key), str):
            return self._at(*smap.span(key))
        return self._at(*smap.span(key, *span))

    def _at(self, start: int, end: int) -> Position:
        line = self.record.line
        return line, start + 1, line, max(end, start) + 1


# -- rows → findings ---------------------------------------------------------------------------
@dataclass
class RowStats:
    read: int = 0
    checked: int = 0
    rejected: int = 0

    def add(self, other: RowStats) -> None:
        self.read += other.read
        self.checked += other.checked
        self.rejected += other.rejected

    def counter(self) -> Counter[str]:
        return Counter(rows_read=self.read, rows_checked=self.checked, rows_rejected=self.rejected)


class RowChecker:
    """Checks the rows of one catalogue with `check` (the engine's ``check_doc``)."""

    def __init__(self, meta: Meta, limits: Limits, messages: Messages | None, check: Check) -> None:
        self.meta, self.limits, self.check = meta, limits, check
        self.messages = messages or builtin()
        self.file = Path(meta.file)
        self.builder = Builder(meta)
        self.identity = meta.format == "jsonl" and meta.mapping.preset == IDENTITY
        self.pattern = _csv_cell(meta.delimiter)
        self.width = len(meta.mapping.header)

    # -- the file ----------------------------------------------------------------------------
    def file_findings(self) -> list[Finding]:
        """Findings about the file as a whole (row 0): its encoding, missing columns."""
        out = [self.make(rule, variant, None, 0, **values)
               for rule, variant, values in self.meta.notes]  # fmt: skip
        mapping = self.meta.mapping
        line = max(self.meta.header_line, 1)
        if not mapping.header and self.meta.format != "jsonl":
            out.append(self.make("draft/missing-column", "empty", None, 0, line=line))
            return out
        hint = ""
        if len(mapping.header) == 1 and self.meta.format == "csv":
            hint = f"（表头只有 1 列，分隔符可能不对：按“{_shown(self.meta.delimiter)}”分列）"
        for name, names in mapping.missing:
            required = name in ("title", "category")
            found = self.make("draft/missing-column", None if required else "optional", names,
                              0, line=line, field=name, names=names, hint=hint,
                              header="、".join(mapping.header[:12]))  # fmt: skip
            found.field = name
            out.append(found)
        return out

    def make(
        self,
        rule: str,
        variant: str | None,
        column_name: str | None,
        row: int,
        *,
        line: int = 1,
        at: Position | None = None,
        **values: Any,
    ) -> Finding:
        text = self.messages.text(rule, variant, row=row, **values)
        line, col, end_line, end_col = at or (line, 1, line, 1)
        return Finding(self.meta.display, line, col, end_line, end_col, "", rule, text.severity,
                       "", text.message, text.suggestion, text.reference, None, row,
                       column_name)  # fmt: skip

    # -- rows --------------------------------------------------------------------------------
    def rows(self, records: Iterable[Record]) -> tuple[list[Finding], RowStats]:
        """Findings of `records` in row order, and what was read, checked and rejected."""
        found: list[Finding] = []
        stats = RowStats()
        for record in records:
            try:
                findings, checked = self.row(record)
            except Exception as exc:  # a bug in mapping one row must not stop the catalogue
                findings, checked = [self._crash(record, exc)], False
            found.extend(findings)
            stats.read += 1
            if checked:
                stats.checked += 1
            else:
                stats.rejected += 1
        return found, stats

    def row(self, record: Record) -> tuple[list[Finding], bool]:
        """(findings, whether the row was checked) of one row."""
        if record.problem is not None:
            return [self._problem(record)], False
        if self.meta.format == "jsonl":
            if self.identity:
                return self._draft_line(record)
            return self._mapped_line(record)
        cells = record.cells or []
        extra = [c for c in cells[self.width :] if c is not None and str(c).strip()]
        if self.width and extra:
            return [self.make("draft/bad-row", "columns", None, record.row, line=record.line,
                              count=len(cells), header=self.width,
                              delimiter=_shown(self.meta.delimiter))], False  # fmt: skip
        locate: _Cells = (
            _CsvCells(record, self.meta.mapping.header, self.pattern)
            if self.meta.format == "csv"
            else _Cells(record, self.meta.mapping.header)
        )
        return self._mapped(record, cells, locate)

    def _crash(self, record: Record, exc: Exception) -> Finding:
        return self.make("draft/internal-error", None, None, record.row, line=record.line,
                         rule="draft/bad-row", error=repr(exc)[:300])  # fmt: skip

    def _problem(self, record: Record) -> Finding:
        variant = record.problem or "csv"
        values: dict[str, Any] = {
            "detail": record.detail,
            "encoding": self.meta.encoding,
            "size": record.detail,
            "limit": f"{self.limits.max_file_bytes:,}",
        }
        if variant == "csv" and "field larger than field limit" in record.detail:
            variant = "cell-too-large"
        elif variant == "csv" and "NUL" in record.detail:
            variant = "nul"
        return self.make("draft/bad-row", variant, None, record.row, line=record.line, **values)

    def _problem_text(self, problem: str) -> str:
        """JSON's problem in Chinese (the draft pack's table of parser messages)."""
        table = self.messages.data("draft/syntax").get("yaml_problems") or {}
        return next((str(v) for k, v in table.items() if problem.startswith(k)), problem)

    def _draft_line(self, record: Record) -> tuple[list[Finding], bool]:
        """A JSON-lines row in the draft format: loaded as written, positions exact."""
        body = (record.text or "").rstrip("\r\n")
        doc = load_text(body, self.file, self.meta.display, self.limits, as_json=True,
                        messages=self.messages)  # fmt: skip
        found = self.check(doc)
        shift = record.line - 1
        for f in found:
            f.line += shift
            f.end_line += shift
            f.row = record.row
            key = _TOP_KEY.match(f.field)
            f.column_name = key.group() if key and key.group() in doc.source.keys else None
        return sorted(found, key=SORT_KEY), doc.draft is not None

    def _mapped_line(self, record: Record) -> tuple[list[Finding], bool]:
        body = (record.text or "").rstrip("\r\n")
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict):  # the loader says why, with its position
            return self._draft_line(record)
        header = self.meta.mapping.header
        cells = [data.get(name) for name in header]
        cells = [json.dumps(c, ensure_ascii=False) if isinstance(c, dict | list) else c
                 for c in cells]  # fmt: skip
        return self._mapped(record, cells, _JsonCells(record, header, data))

    def _mapped(
        self, record: Record, cells: Sequence[Any], locate: _Cells
    ) -> tuple[list[Finding], bool]:
        problems: list[tuple[int, str, int]] = []
        data, origins = self.builder.build(cells, problems)
        text = json.dumps(data, ensure_ascii=False, default=str)
        doc = load_text(text, self.file, self.meta.display, self.limits, as_json=True,
                        messages=self.messages)  # fmt: skip
        found = [self._relocate(f, doc, origins, locate, record.row) for f in self.check(doc)]
        header = self.meta.mapping.header
        for column, problem, offset in problems:
            span = (offset, offset + 1)
            found.append(self.make("draft/bad-row", "cell-json", header[column], record.row,
                                   at=locate.position(column, span), column=header[column],
                                   problem=self._problem_text(problem)))  # fmt: skip
        return sorted(found, key=SORT_KEY), doc.draft is not None

    def _relocate(
        self, f: Finding, doc: LoadedDraft, origins: Origins, locate: _Cells, row: int
    ) -> Finding:
        f.row = row
        hit = origins.find(f.field)
        if hit is None:
            line = locate.record.line
            f.line, f.column, f.end_line, f.end_column = line, 1, line, 1
            f.column_name = None
            return f
        origin, rest = hit
        span = None
        if f.line == 1 and f.end_line == 1 and f.field:
            span = doc.source.value_index(f.field, f.column - 1, f.end_column - 1)
        f.line, f.column, f.end_line, f.end_column = locate.locate(origin, rest, span)
        f.column_name = self.meta.mapping.header[origin.column]
        return f


def _shown(delimiter: str) -> str:
    return {"\t": "Tab", " ": "空格"}.get(delimiter, delimiter)
