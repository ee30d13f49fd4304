"""Reading catalogue files row by row: JSON lines, CSV (UTF-8 or GB18030, delimiter detected)
and xlsx (openpyxl, read-only).  Nothing holds more than one row (and a small look-ahead for the
header); a row longer than the limit is skipped to its end and reported, never read whole.

A text catalogue can also be read in byte ranges (``Partition``): the parent of a process pool
or a Dask client finds where records start (``partitions``) and each worker reads its range
(``read_range``), numbering rows and lines as one sequential read would.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from listlint.data import os_problem
from listlint.draft.catalogue.settings import CatalogueSettings, Mapping, resolve, score

TEXT_FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".tsv": "csv", ".txt": "csv"}
SHEET_FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx"}
SNIFF_BYTES = 64 << 10
HEADER_SEARCH = 10  # records looked at for the header row
SHARED_STRINGS_MAX = 512 << 20  # bytes of an xlsx's shared strings, unpacked


class CatalogueError(Exception):
    """A catalogue that cannot be read at all (the CLI exits with status 2); the text is
    Chinese and names the file."""


@dataclass(slots=True)
class Record:
    """One row: its number among the listings (1 = the first), its first line in the file (the
    sheet row for xlsx), its text as written (text formats) and its cells; ``problem`` rejects
    it before it is mapped (``too-large``, ``encoding``, ``csv``)."""

    row: int
    line: int
    text: str | None = None
    cells: list[Any] | None = None
    problem: str | None = None
    detail: str = ""
    start: int = 0  # byte offsets in the file (text formats)
    end: int = 0


@dataclass(frozen=True, slots=True)
class Partition:
    """A run of consecutive rows: a byte range of a text catalogue, or (xlsx) the rows."""

    start: int
    end: int
    line: int
    row: int
    rows: int
    records: tuple[Record, ...] | None = None


@dataclass
class Meta:
    """An opened catalogue, everything a worker needs to read and map its rows (picklable)."""

    file: str
    display: str
    format: str
    mapping: Mapping
    encoding: str = "utf-8"
    delimiter: str = ","
    data_start: int = 0  # byte offset of the first row after the header
    data_line: int = 1
    header_line: int = 1
    limit: int = 2 << 20  # bytes of one row
    sheet: str | None = None
    size: int = 0  # bytes of the file
    total_rows: int | None = None  # xlsx: from the sheet's dimension
    notes: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)


CATALOGUE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")  # always catalogues


def catalogue_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return TEXT_FORMATS.get(suffix) or SHEET_FORMATS.get(suffix)


def is_catalogue(path: Path, shown: str, globs: Sequence[str], max_file_bytes: int) -> bool:
    """Whether a file is streamed as a catalogue: a CSV/TSV/xlsx file, a file matched by the
    config's ``catalogues:`` globs (by its shown path or its name), or a ``.jsonl`` file larger
    than ``max-file-bytes`` (a smaller one is a file of drafts, loaded whole)."""
    suffix = path.suffix.lower()
    if suffix in CATALOGUE_SUFFIXES:
        return True
    if globs and any(
        fnmatch.fnmatchcase(shown, g) or fnmatch.fnmatchcase(path.name, g) for g in globs
    ):
        return True
    if suffix == ".jsonl":
        try:
            return path.stat().st_size > max_file_bytes
        except OSError:
            return False
    return False


# -- opening: encoding, delimiter, header ------------------------------------------------------
def open_catalogue(
    path: Path, display: str, settings: CatalogueSettings, limit: int, fmt: str | None = None
) -> Meta:
    """Read a catalogue's head: its encoding, delimiter and header, and map its columns.
    Raises CatalogueError for a file that cannot be read as a catalogue."""
    fmt = fmt or catalogue_format(path) or "jsonl"
    path = path.absolute()  # workers elsewhere (a Dask cluster) do not share the working folder
    try:
        size = path.stat().st_size
        if fmt == "xlsx":
            return _open_sheet(path, display, settings, limit, size)
        with path.open("rb") as handle:
            return _open_text(handle, path, display, settings, limit, fmt, size)
    except OSError as exc:
        raise CatalogueError(f"{display}：无法读取：{os_problem(exc)}") from None


def _sniff_encoding(sample: bytes, display: str, wanted: str) -> tuple[str, int]:
    """(encoding, BOM bytes to skip)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogueError(
            f"{display}：文件是 UTF-16 编码（Excel“Unicode 文本”），请另存为 UTF-8 的 CSV"
        )
    if sample.startswith(b"PK\x03\x04"):
        raise CatalogueError(f"{display}：这是 xlsx/zip 文件，不是文本，请把扩展名改为 .xlsx")
    if b"\x00" in sample:
        raise CatalogueError(f"{display}：文件不是文本（含二进制内容），无法作为商品表读取")
    bom = 3 if sample.startswith(b"\xef\xbb\xbf") else 0
    if wanted != "auto":
        return wanted, bom
    body = sample[bom:]
    errors = {}
    for encoding in ("utf-8", "gb18030"):
        text = codecs.getincrementaldecoder(encoding)("replace").decode(body, final=False)
        errors[encoding] = text.count("\ufffd") - body.count("\ufffd".encode(encoding))
        if errors[encoding] == 0:
            return encoding, bom
    # a few bad lines in a file of one encoding are bad rows, not a bad file
    best = min(errors, key=lambda e: errors[e])
    if errors[best] <= max(4, len(body) // 2000):
        return best, bom
    raise CatalogueError(
        f"{display}：编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），请另存为 UTF-8"
    )


def _open_text(
    handle: BinaryIO,
    path: Path,
    display: str,
    settings: CatalogueSettings,
    limit: int,
    fmt: str,
    size: int,
) -> Meta:
    sample = handle.read(SNIFF_BYTES)
    encoding, bom = _sniff_encoding(_non_ascii(handle, sample), display, settings.encoding)
    head = sample[bom:].split(b"\n", 5)[:5]
    delimiter = settings.delimiter or _delimiter(
        [line.decode(encoding, "replace") for line in head], path
    )
    meta = Meta(str(path), display, fmt, Mapping("draft", []), encoding, delimiter,
                limit=limit, size=size)  # fmt: skip
    if encoding != "utf-8":
        meta.notes.append(("draft/encoding", None, {}))
    head = []
    for record in _records(handle, meta, bom, 1, 1):
        head.append(record)
        if len(head) >= HEADER_SEARCH:
            break
    if fmt == "jsonl":
        return _jsonl_header(meta, head, settings, bom)
    return _csv_header(meta, head, settings, bom)


def _non_ascii(handle: BinaryIO, sample: bytes) -> bytes:
    """The sample to judge the encoding by: the first 64 KB, or, when they are all ASCII (an
    English header, numbers), the first 64 KB that are not (read up to 8 MB further)."""
    if not sample.isascii() or b"\x00" in sample:
        return sample
    for _ in range(128):
        more = handle.read(SNIFF_BYTES)
        if not more:
            break
        if not more.isascii():
            first = next(i for i, b in enumerate(more) if b >= 0x80)
            return more[more.rfind(b"\n", 0, first) + 1 :]  # from the start of that line
    return sample


def _delimiter(lines: list[str], path: Path) -> str:
    """The delimiter of a CSV: the one of , tab ; | found most often outside quotes in the
    line (of the first five) that has the most of one (a header, past any title lines)."""
    counts = dict.fromkeys((",", "\t", ";", "|"), 0)
    for line in lines:
        outside = re.sub(r'"[^"]*"', "", line)
        for d in counts:
            counts[d] = max(counts[d], outside.count(d))
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return "\t" if path.suffix.lower() == ".tsv" else ","
    return best


def _header(
    head: list[Record], settings: CatalogueSettings, number: Callable[[Record], int]
) -> Record | None:
    """The header among the first records: the configured one (`number` is how the file
    counts: a CSV's row, a sheet's line), else the one whose cells best name draft fields."""
    rows = [r for r in head if r.cells and not r.problem]
    if not rows:
        return None
    if settings.header_row is not None:
        return next((r for r in head if number(r) == settings.header_row), rows[0])
    return max(rows, key=lambda r: (score(r.cells or [], settings), -number(r)))


def _csv_header(meta: Meta, head: list[Record], settings: CatalogueSettings, bom: int) -> Meta:
    chosen = _header(head, settings, lambda r: r.row)
    if chosen is None:
        meta.mapping = resolve([], settings)
        meta.data_start, meta.data_line = bom, 1
        return meta
    meta.mapping = resolve(chosen.cells or [], settings)
    meta.header_line = chosen.line
    meta.data_start = chosen.end
    meta.data_line = chosen.line + (chosen.text or "").count("\n")
    return meta


def _jsonl_header(meta: Meta, head: list[Record], settings: CatalogueSettings, bom: int) -> Meta:
    """A JSON-lines catalogue has no header: its columns are the keys of the first rows."""
    import json

    keys: dict[str, None] = {}
    for record in head:
        try:
            data = json.loads(record.text or "")
        except ValueError:
            continue
        if isinstance(data, dict):
            keys.update(dict.fromkeys(str(k) for k in data))
    meta.mapping = resolve(list(keys), settings)
    meta.data_start, meta.data_line, meta.header_line = bom, 1, 0
    return meta


def _open_sheet(
    path: Path, display: str, settings: CatalogueSettings, limit: int, size: int
) -> Meta:
    meta = Meta(str(path), display, "xlsx", Mapping("draft", []), limit=limit, size=size)
    with _workbook(path, display) as book:
        sheet = _sheet(book, settings, display)
        meta.sheet = sheet.title
        meta.total_rows = sheet.max_row
        head: list[Record] = []
        for record in _sheet_records(sheet, meta, header=True):
            head.append(record)
            if len(head) >= HEADER_SEARCH:
                break
    chosen = _header(head, settings, lambda r: r.line)
    if chosen is None:
        meta.mapping = resolve([], settings)
        return meta
    meta.mapping = resolve(chosen.cells or [], settings)
    meta.header_line = chosen.line
    meta.data_line = chosen.line + 1
    return meta


class _workbook:
    """openpyxl's read-only workbook as a context manager (it keeps the file open)."""

    def __init__(self, path: Path, display: str) -> None:
        self.path, self.display = path, display

    def __enter__(self) -> Any:
        import warnings
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            self._shared_strings(zipfile)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
                self.book = load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise CatalogueError(f"{self.display}：不是有效的 xlsx 文件（{exc}）") from None
        return self.book

    def _shared_strings(self, zipfile: Any) -> None:
        """openpyxl holds the shared-strings table whole even in read-only mode: a table that
        unpacks to more than SHARED_STRINGS_MAX bytes (a zip bomb) is refused."""
        with zipfile.ZipFile(self.path) as archive:
            size = sum(i.file_size for i in archive.infolist() if "sharedStrings" in i.filename)
        if size > SHARED_STRINGS_MAX:
            raise CatalogueError(
                f"{self.display}：共享字符串表解压后 {size:,} 字节，超过上限 "
                f"{SHARED_STRINGS_MAX:,} 字节（疑似压缩炸弹），未读取"
            )

    def __exit__(self, *exc: object) -> None:
        self.book.close()


def _sheet(book: Any, settings: CatalogueSettings, display: str) -> Any:
    if settings.sheet is None:
        return book.worksheets[0]
    if settings.sheet not in book.sheetnames:
        raise CatalogueError(
            f"{display}：没有名为“{settings.sheet}”的工作表（有：{'、'.join(book.sheetnames)}）"
        )
    return book[settings.sheet]


# -- reading rows ------------------------------------------------------------------------------
def read_rows(meta: Meta) -> Iterator[Record]:
    """Every row of the catalogue, in order."""
    if meta.format == "xlsx":
        with _workbook(Path(meta.file), meta.display) as book:
            sheet = _sheet(book, CatalogueSettings(sheet=meta.sheet), meta.display)
            yield from _sheet_records(sheet, meta)
        return
    with Path(meta.file).open("rb") as handle:
        yield from _records(handle, meta, meta.data_start, meta.data_line, 1)


def read_range(meta: Meta, part: Partition) -> Iterator[Record]:
    """The rows of one partition."""
    if part.records is not None:
        yield from part.records
        return
    with Path(meta.file).open("rb") as handle:
        for record in _records(handle, meta, part.start, part.line, part.row):
            if record.start >= part.end:
                return
            yield record


def partitions(meta: Meta, size: int) -> Iterator[Partition]:
    """Runs of `size` rows, found by reading the file once (the rows themselves are not kept
    for text formats: each worker reads its own byte range)."""
    batch: list[Record] = []
    for record in read_rows(meta):
        batch.append(record)
        if len(batch) >= size:
            yield _partition(meta, batch)
            batch = []
    if batch:
        yield _partition(meta, batch)


def _partition(meta: Meta, batch: list[Record]) -> Partition:
    first, last = batch[0], batch[-1]
    inline = tuple(batch) if meta.format == "xlsx" else None
    return Partition(first.start, last.end, first.line, first.row, len(batch), inline)


def _physical(handle: BinaryIO, start: int, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(offset, line, bytes) of each line from `start`; a line over `limit` bytes is skipped to
    its end and given as None (its bytes are never held)."""
    handle.seek(start)
    pos = start
    readline = handle.readline
    while True:
        chunk = readline(limit + 1)
        if not chunk:
            return
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            size = len(chunk)
            while True:
                more = readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield pos, None, size
            pos += size
            continue
        yield pos, chunk, len(chunk)
        pos += len(chunk)


class _Feed:
    """Decoded lines for csv.reader, remembering which physical lines the current record
    took and whether one of them was too long or not in the file's encoding."""

    def __init__(self, lines: Iterator[tuple[int, bytes | None, int]], encoding: str) -> None:
        self.lines, self.encoding = lines, encoding
        self.taken: list[tuple[int, int, str]] = []  # (offset, bytes, text)
        self.problem: str | None = None
        self.detail = ""

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        offset, raw, size = next(self.lines)
        if raw is None:
            self.problem, self.detail = "too-large", f"{size:,}"
            text = "\n"
        else:
            try:
                text = raw.decode(self.encoding)
            except UnicodeDecodeError:
                self.problem = self.problem or "encoding"
                text = raw.decode(self.encoding, "replace")
        self.taken.append((offset, size, text))
        return text

    def take(self) -> tuple[int, int, str, int, str | None, str]:
        """(start, end, text, lines, problem, detail) of the record just read; starts the
        next."""
        taken = self.taken
        start = taken[0][0] if taken else 0
        end = taken[-1][0] + taken[-1][1] if taken else 0
        text = taken[0][2] if len(taken) == 1 else "".join(t for _, _, t in taken)
        out = (start, end, text, len(taken), self.problem, self.detail)
        self.taken, self.problem, self.detail = [], None, ""
        return out


def _records(handle: BinaryIO, meta: Meta, start: int, line: int, row: int) -> Iterator[Record]:
    """Records of a text catalogue from byte `start` (line `line`, row number `row`); blank
    lines are not rows."""
    feed = _Feed(_physical(handle, start, meta.limit), meta.encoding)
    if meta.format == "jsonl":
        yield from _json_records(feed, line, row)
        return
    reader = csv.reader(feed, delimiter=meta.delimiter)
    while True:
        cells: list[str] | None = None
        error = ""
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            error = str(exc)
        begin, end, text, lines, problem, detail = feed.take()
        if error and problem is None:
            problem, detail = "csv", error
        if problem or any(c.strip() for c in cells or ()):
            yield Record(row, line, text, cells, problem, detail, begin, end)
            row += 1
        line += lines


def _json_records(feed: _Feed, line: int, row: int) -> Iterator[Record]:
    for _ in feed:
        begin, end, text, _lines, problem, detail = feed.take()
        if problem or text.strip():
            yield Record(row, line, text, None, problem, detail, begin, end)
            row += 1
        line += 1


def _sheet_records(sheet: Any, meta: Meta, *, header: bool = False) -> Iterator[Record]:
    """Rows of a worksheet from the data start (its first row for `header`); empty rows are not
    listings; the line of a row is its sheet row."""
    first = 1 if header else meta.data_line
    number = 1
    for index, values in enumerate(sheet.iter_rows(min_row=first, values_only=True), first):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        cells = list(values)
        size = sum(len(str(v)) for v in cells if v is not None)
        if size > meta.limit:
            yield Record(number, index, None, None, "too-large", f"{size:,}")
        else:
            yield Record(number, index, None, cells)
        number += 1
