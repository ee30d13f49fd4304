"""The HTML report, one draft at a time: its listing preview with highlighted findings, images,
SKU and document tables, the fixes ``--fix`` would make, and the list of findings.

Every piece of draft text goes through ``esc`` (``html.escape`` with quotes) before it is
written; nothing here builds markup from draft text in any other way.  Drafts come from the
bytes the check read (``Report.sources``), never from the file again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listlint.draft import sourcemap
from listlint.draft.load import LoadedDraft, load_bytes
from listlint.findings import Finding, Severity
from listlint.report.html_images import ImageInfo, ImageStore
from listlint.safeyaml import Limits

if TYPE_CHECKING:
    from listlint.draft.model import Document, Draft, Image, Sku
    from listlint.results import Report

SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))  # error first
ALWAYS_SHOWN = frozenset({Severity.ERROR, Severity.WARNING, Severity.INFO})


def shown_severities(findings: list[Finding]) -> tuple[Severity, ...]:
    """The severities a report has columns for: error, warning, info, and any other that
    occurs (advice, or a level added later), most severe first."""
    present = {f.severity for f in findings}
    return tuple(s for s in SEVERITIES if s in ALWAYS_SHOWN or s in present)


_SPECIAL = re.compile(r"[&<>\"']")


def esc(value: object) -> str:
    """Text for HTML text and attribute values: ``& < > " '`` escaped (most texts have none of
    them: the search is cheaper than escaping)."""
    text = str(value)
    return html.escape(text, quote=True) if _SPECIAL.search(text) else text


# -- drafts of a report --------------------------------------------------------------------------
@dataclass
class Entry:
    """One draft of the report: a file, or one line of a ``.jsonl`` file."""

    index: int
    path: str
    line: int  # the line of a draft in a .jsonl file; 0 for a whole file
    findings: list[Finding]
    doc: LoadedDraft | None = None
    kept: bool = False  # the check kept the file's bytes (Report.sources)
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def draft(self) -> Draft | None:
        return self.doc.draft if self.doc is not None else None

    def offset(self, line: int, column: int) -> int | None:
        """The index in the file text of a 1-based line and column."""
        if self.doc is None:
            return None
        if self._starts is None:
            self._starts = sourcemap.line_starts(self.doc.text)
        if not 0 < line <= len(self._starts):
            return None
        return self._starts[line - 1] + column - 1


def entries(report: Report) -> Iterator[Entry]:
    """The report's drafts in the order of the checked files; a file without findings is one
    entry without a preview (the check keeps no bytes of it)."""
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    index = 0
    for path in dict.fromkeys([*report.paths, *by_path]):
        for entry in _file_entries(path, by_path.get(path, []), report.sources.get(path)):
            entry.index = index
            index += 1
            yield entry


def _file_entries(path: str, found: list[Finding], raw: bytes | None) -> Iterator[Entry]:
    if raw is None:
        yield Entry(0, path, 0, found)
        return
    docs = load(raw, path)
    if len(docs) <= 1:
        yield Entry(0, path, 0, found, docs[0] if docs else None, True)
        return
    firsts = [doc.source.position(doc.source.base)[0] for doc in docs]
    where = {line: n for n, line in enumerate(firsts)}
    groups: list[list[Finding]] = [[] for _ in docs]
    for f in found:
        groups[where.get(f.line, 0)].append(f)
    for n, doc in enumerate(docs):
        yield Entry(0, path, firsts[n], groups[n], doc, True)


def load(raw: bytes, path: str) -> list[LoadedDraft]:
    """The drafts of a file's bytes, read as the check read them (the size limit is the
    check's business: these bytes passed it)."""
    limits = Limits(max_file_bytes=max(len(raw), Limits().max_file_bytes))
    try:
        return load_bytes(raw, Path(path), path, limits)
    except Exception:  # the loader reports problems as findings; a reporter must not fail
        return []


# -- the render context --------------------------------------------------------------------------
@dataclass
class Ctx:
    labels: dict[str, Any]
    today: date
    store: ImageStore
    static: bool  # images as src attributes (small reports) or references into the data
    warn_days: int = 30
    doc_names: dict[str, str] = field(default_factory=dict)


class Marks:
    """The findings of one draft by field; each is shown once, at the most specific place that
    is rendered (a highlight, a table cell, a row, a section, the draft's header)."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.findings = entry.findings
        self.by_field: dict[str, list[int]] = {}
        for k, f in enumerate(self.findings):
            self.by_field.setdefault(f.field, []).append(k)

    def take(self, path: str) -> list[int]:
        return self.by_field.pop(path, [])

    def take_under(self, path: str) -> list[int]:
        """The findings at `path` and at any field below it."""
        out = self.take(path)
        for key in [k for k in self.by_field if k.startswith((path + ".", path + "["))]:
            out.extend(self.by_field.pop(key))
        return sorted(out)

    def rest(self) -> list[int]:
        out = [k for ks in self.by_field.values() for k in ks]
        self.by_field.clear()
        return sorted(out)

    def badges(self, ks: list[int]) -> str:
        return "".join(self.badge(k) for k in ks)

    def badge(self, k: int) -> str:
        f = self.findings[k]
        sev = f.severity.label
        return (
            f'<a class="fb s-{sev}" href="#d{self.entry.index}-f{k}" data-f="{k}" '
            f'data-rule="{esc(f.rule)}" data-sev="{sev}">{esc(f.rule)}</a>'
        )

    def worst(self, ks: list[int]) -> str:
        """A cell's class: the most severe of its findings."""
        if not ks:
            return ""
        return f" bad s-{max(self.findings[k].severity for k in ks).label}"


# -- highlighted text ----------------------------------------------------------------------------
def highlighted(marks: Marks, path: str, value: str) -> str:
    """`value` (the text of field `path`) escaped, each finding with a span in it wrapped in
    ``<mark>``; findings without a span become badges after the text."""
    entry = marks.entry
    spans: list[tuple[int, int, int]] = []
    loose: list[int] = []
    for k in marks.take(path):
        span = _value_span(entry, path, marks.findings[k], len(value))
        if span is None:
            loose.append(k)
        else:
            spans.append((*span, k))
    return _marked(value, spans, marks.findings) + marks.badges(loose)


def _value_span(entry: Entry, path: str, f: Finding, length: int) -> tuple[int, int] | None:
    if not f.match or entry.doc is None:
        return None
    start, end = entry.offset(f.line, f.column), entry.offset(f.end_line, f.end_column)
    if start is None or end is None:
        return None
    span = entry.doc.source.value_index(path, start, end)
    if span is None or not 0 <= span[0] < span[1] <= length:
        return None
    return span


def _marked(text: str, spans: list[tuple[int, int, int]], findings: list[Finding]) -> str:
    """Nested ``<mark>`` elements: a span inside another nests in it; a span that crosses
    another is cut in two marks that carry the same finding."""
    if not spans:
        return esc(text)
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    order = sorted(spans, key=lambda s: (s[0], -s[1], s[2]))
    out: list[str] = []
    stack: list[int] = []
    for a, b in pairwise(cuts):
        want = [k for s, e, k in order if s <= a and b <= e]
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep] == want[keep]:
            keep += 1
        out.append("</mark>" * (len(stack) - keep))
        for k in want[keep:]:
            f = findings[k]
            out.append(
                f'<mark class="hl s-{f.severity.label}" data-f="{k}" data-rule="{esc(f.rule)}" '
                f'data-sev="{f.severity.label}" tabindex="0">'
            )
        stack = want
        out.append(esc(text[a:b]))
    out.append("</mark>" * len(stack))
    return "".join(out)


# -- small builders ------------------------------------------------------------------------------
def section(cls: str, title: str, body: str, extra: str = "") -> str:
    """A part of a draft's article with its heading (`extra`: badges after the heading)."""
    return f'<section class="{cls}"><h3 class="sh">{esc(title)}{extra}</h3>{body}</section>'


def table(heads: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in heads)
    return (
        f'<table class="tbl"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def cell(cls: str, text: str, marks: Marks, ks: list[int]) -> str:
    """A table cell with its findings' badges, coloured by the most severe one."""
    return f'<td class="{cls}{marks.worst(ks)}">{esc(text)}{marks.badges(ks)}</td>'


def labelled(cls: str, label: str, body: str) -> str:
    return f'<div class="{cls}"><span class="lbl">{esc(label)}</span> {body}</div>'


# -- one draft -----------------------------------------------------------------------------------
def render(entry: Entry, ctx: Ctx) -> str:
    """The ``<article>`` of one draft."""
    marks = Marks(entry)
    draft, doc = entry.draft, entry.doc
    if draft is not None and doc is not None:
        body = (
            _preview(marks, draft, doc, ctx)
            + _images(marks, draft, doc, ctx)
            + _skus(marks, draft, doc, ctx)
            + _documents(marks, draft, doc, ctx)
            + _fixes(entry, draft, ctx)
        )
    elif doc is not None and doc.text:
        body = _excerpt(entry, ctx)
    else:
        note = ctx.labels["no_source" if entry.findings else "clean_no_source"]
        body = f'<p class="note">{esc(note)}</p>'
    head = _header(marks, entry, draft, ctx)  # last: it shows the findings placed nowhere else
    return (
        f'<article class="draft" id="d{entry.index}" data-i="{entry.index}">'
        f"{head}{body}{_finding_list(entry, ctx)}</article>"
    )


def _header(marks: Marks, entry: Entry, draft: Draft | None, ctx: Ctx) -> str:
    L = ctx.labels
    where = ""
    if entry.line:
        where = f' <span class="ln">{esc(L["jsonl_line"].format(line=entry.line))}</span>'
    meta = _meta_items(marks, draft, L) if draft is not None else ""
    rest = marks.rest()
    whole = labelled("whole", L["whole_draft"], marks.badges(rest)) if rest else ""
    return (
        f'<header class="dh"><h2><a class="num" href="#d{entry.index}">#{entry.index + 1}</a> '
        f'<span class="path">{esc(entry.path)}</span>{where}</h2><div class="meta">{meta}</div>'
        f'<div class="cnt">{_counts(entry.findings, L)}</div>{whole}</header>'
    )


def _meta_items(marks: Marks, draft: Draft, L: dict[str, Any]) -> str:
    platform = draft.platform or ""
    shown = L["platforms"].get(platform, platform) or L["default_platform"]
    items = [
        _meta(L["platform"], shown, marks.badges(marks.take("platform"))),
        _meta(L["category"], draft.category, marks.badges(marks.take("category"))),
    ]
    if draft.brand or draft.brand_owner or "brand" in marks.by_field:
        owner = f' <span class="tag">{esc(L["brand_owner"])}</span>' if draft.brand_owner else ""
        found = sorted(marks.take("brand") + marks.take("brand_owner"))
        items.append(_meta(L["brand"], draft.brand or "—", owner + marks.badges(found)))
    return "".join(items)


def _meta(label: str, value: str, extra: str = "") -> str:
    return f'<span class="mi"><span class="lbl">{esc(label)}</span> {esc(value)}{extra}</span>'


def _counts(findings: list[Finding], L: dict[str, Any]) -> str:
    if not findings:
        return f'<span class="ok">{esc(L["passed"])}</span>'
    out = []
    for sev in SEVERITIES:
        n = sum(1 for f in findings if f.severity == sev)
        if n:
            out.append(f'<span class="pill s-{sev.label}">{n} {esc(sev_label(sev, L))}</span>')
    return "".join(out)


def sev_label(sev: Severity, L: dict[str, Any]) -> str:
    return str(L["severity"].get(sev.label, sev.label))


# -- the listing preview -------------------------------------------------------------------------
def _preview(marks: Marks, draft: Draft, doc: LoadedDraft, ctx: Ctx) -> str:
    L = ctx.labels
    info = f'<h3 class="ttl">{highlighted(marks, "title", draft.title)}</h3>'
    if draft.subtitle:
        info += f'<p class="sub">{highlighted(marks, "subtitle", draft.subtitle)}</p>'
    info += (
        _price(draft.skus, L) + _selling_points(marks, draft, doc) + _attributes(marks, draft, L)
    )
    desc = ""
    if draft.description:
        text = highlighted(marks, "description", draft.description)
        desc = (
            f'<div class="desc"><h4>{esc(L["description"])}</h4><div class="txt">{text}</div></div>'
        )
    gallery = _gallery(draft.images, doc, ctx)
    body = f'<div class="pvb"><div class="gal">{gallery}</div><div class="info">{info}</div></div>'
    return section("pv", L["preview"], body + desc)


def _selling_points(marks: Marks, draft: Draft, doc: LoadedDraft) -> str:
    if not draft.selling_points:
        return ""
    points = "".join(
        f"<li>{highlighted(marks, doc.field_path(f'selling_points[{i}]'), text)}</li>"
        for i, text in enumerate(draft.selling_points)
    )
    return f'<ul class="sp">{points}</ul>{marks.badges(marks.take_under("selling_points"))}'


def _price(skus: list[Sku], L: dict[str, Any]) -> str:
    if not skus:
        return ""
    prices = [s.price for s in skus]
    lo, hi = min(prices), max(prices)
    shown = f"¥{_num(lo)}" if lo == hi else f"¥{_num(lo)}–{_num(hi)}"
    lists = [s.list_price for s in skus if s.list_price is not None]
    struck = f' <s class="lp">¥{_num(max(lists))}</s>' if lists else ""
    return labelled("price", L["price"], f"<b>{esc(shown)}</b>{struck}")


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attributes(marks: Marks, draft: Draft, L: dict[str, Any]) -> str:
    rows = []
    for key, value in draft.attributes.items():
        path = f"attributes.{key}"
        if isinstance(value, str):
            shown = f'<td class="v">{highlighted(marks, path, value)}</td>'
        else:
            text = _num(value) if isinstance(value, float) else str(value)
            shown = cell("v", text, marks, marks.take(path))
        rows.append(f"<tr><th>{esc(key)}</th>{shown}</tr>")
    found = marks.take_under("attributes")
    if not rows and not found:
        return ""
    caption = f"<caption>{esc(L['attributes'])}{marks.badges(found)}</caption>"
    return f'<table class="attrs">{caption}{"".join(rows)}</table>'


def _gallery(images: list[Image], doc: LoadedDraft, ctx: Ctx) -> str:
    shown = []
    for im in [im for im in images if im.role == "main"][:5]:
        info = ctx.store.info(doc.root, im.path)
        thumb = img_tag(info, im.alt or im.path, ctx) or _placeholder(info, im.path, ctx)
        shown.append(f'<div class="gi">{thumb}</div>')
    if not shown:
        return f'<div class="gi empty">{esc(ctx.labels["no_main_image"])}</div>'
    return "".join(shown)


def img_tag(info: ImageInfo, alt: str, ctx: Ctx) -> str:
    """An embedded thumbnail: its data URI in a small report, a reference into the data block
    (each image embedded once) in a large one."""
    if info.ref is None or info.thumb_size is None:
        return ""
    w, h = info.thumb_size
    source = f'src="{ctx.store.uris[info.ref]}"' if ctx.static else f'data-img="{info.ref}"'
    return f'<img {source} alt="{esc(alt)}" width="{w}" height="{h}" loading="lazy">'


def _placeholder(info: ImageInfo, path: str, ctx: Ctx) -> str:
    L = ctx.labels
    if info.status == "url":
        return url_link(path, L)
    text = L["image_status"].get(info.status, info.status)
    return f'<span class="ph">{esc(text)}</span>'


def url_link(url: str, L: dict[str, Any]) -> str:
    """A URL image: a link (http and https only), never fetched by the report."""
    text = url.strip()
    if not text.lower().startswith(("http://", "https://")):
        return f'<span class="ph">{esc(L["image_status"]["url"])}</span>'
    return (
        f'<a class="url" href="{esc(text)}" rel="noopener noreferrer nofollow" '
        f'target="_blank">{esc(L["open_link"])}</a>'
    )


# -- images --------------------------------------------------------------------------------------
def _images(marks: Marks, draft: Draft, doc: LoadedDraft, ctx: Ctx) -> str:
    figures = []
    for i, im in enumerate(draft.images):
        info = ctx.store.info(doc.root, im.path)
        figures.append(_figure(marks, doc.field_path(f"images[{i}]"), im, info, ctx))
    found = marks.take_under("images")
    if not figures and not found:
        return ""
    body = f'<div class="grid">{"".join(figures)}</div>'
    return section("ims", ctx.labels["images"], body, marks.badges(found))


def _figure(marks: Marks, path: str, im: Image, info: ImageInfo, ctx: Ctx) -> str:
    L = ctx.labels
    alt = f'<div class="alt">{highlighted(marks, f"{path}.alt", im.alt)}</div>' if im.alt else ""
    ks = marks.take_under(path)
    thumb = img_tag(info, im.alt or im.path, ctx) or _placeholder(info, im.path, ctx)
    role = L["roles"].get(im.role, im.role)
    name = f'<div><span class="tag">{esc(role)}</span> <span class="p">{esc(im.path)}</span></div>'
    caption = f"{name}{alt}{_facts(info, im, ctx)}{marks.badges(ks)}"
    return (
        f'<figure class="img{marks.worst(ks)}" data-field="{esc(path)}">'
        f'<div class="th">{thumb}</div><figcaption>{caption}</figcaption></figure>'
    )


def _facts(info: ImageInfo, im: Image, ctx: Ctx) -> str:
    """Size, ratio, format and bytes; why a file was not read; the white-background verdict."""
    L = ctx.labels
    size = info.size or ((im.width, im.height) if im.width and im.height else None)
    parts = []
    if size is not None:
        parts.append(f"{size[0]}×{size[1]}" + ("" if info.size else f" {L['declared']}"))
        parts.append(ImageInfo("ok", size=size).ratio)
    parts += [info.format or "", _bytes(info.bytes) if info.bytes is not None else ""]
    shown = [p for p in parts if p]
    out = f'<div class="facts">{esc(" · ".join(shown))}</div>' if shown else ""
    if info.status not in ("ok", "over-budget"):
        status = esc(L["image_status"].get(info.status, info.status))
        out += f'<div class="st st-{info.status}">{status}</div>'
    if info.white is not None:
        white = info.white >= ctx.store.white.ratio
        verdict = L["white_yes" if white else "white_no"].format(percent=round(info.white * 100))
        kind = ("ok" if white else "no") if im.role == "main" else "plain"
        out += f'<div class="bg {kind}">{esc(verdict)}</div>'
    return out


def _bytes(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


# -- SKUs and documents --------------------------------------------------------------------------
SKU_COLUMNS = ("name", "price", "list_price", "stock", "presale", "ship_within_days")
DOC_COLUMNS = ("type", "number", "issued", "expires")


def _skus(marks: Marks, draft: Draft, doc: LoadedDraft, ctx: Ctx) -> str:
    L = ctx.labels
    rows = []
    for i, sku in enumerate(draft.skus):
        path = doc.field_path(f"skus[{i}]")
        name = highlighted(marks, f"{path}.name", sku.name)
        cells = "".join(_sku_cell(marks, path, sku, column, L) for column in SKU_COLUMNS[1:])
        row = marks.take_under(path)  # the SKU as a whole, and fields without a column
        rows.append(
            f'<tr class="{marks.worst(row).strip()}"><td class="n">{name}{marks.badges(row)}</td>'
            f"{cells}</tr>"
        )
    found = marks.take_under("skus")
    if not rows and not found:
        return ""
    heads = [L["sku_columns"][c] for c in SKU_COLUMNS]
    return section("skus", L["skus"], table(heads, rows), marks.badges(found))


def _sku_cell(marks: Marks, path: str, sku: Sku, name: str, L: dict[str, Any]) -> str:
    value = getattr(sku, name)
    if value is None:
        text = "—"
    elif name in ("price", "list_price"):
        text = f"¥{_num(value)}"
    elif name == "presale":
        text = L["yes"] if value else L["no"]
    elif name == "ship_within_days":
        text = L["days"].format(days=value)
    else:
        text = str(value)
    return cell(f"c-{name}", text, marks, marks.take(f"{path}.{name}"))


def _documents(marks: Marks, draft: Draft, doc: LoadedDraft, ctx: Ctx) -> str:
    L = ctx.labels
    rows = []
    for i, item in enumerate(draft.documents):
        path = doc.field_path(f"documents[{i}]")
        kind = marks.take(f"{path}.type")
        cells = "".join(_doc_cell(marks, path, item, column) for column in DOC_COLUMNS[1:])
        file = cell("c-file", item.file or "—", marks, marks.take(f"{path}.file"))
        row = marks.take_under(path)  # the document as a whole, and fields without a column
        first = cell("c-type", _doc_type(item, ctx), marks, sorted(kind + row))
        validity = _validity(item, ctx)
        rows.append(f'<tr class="{marks.worst(row).strip()}">{first}{cells}{validity}{file}</tr>')
    found = marks.take_under("documents")
    if not rows and not found:
        return ""
    heads = [L["doc_columns"][c] for c in (*DOC_COLUMNS, "validity", "days_left", "file")]
    return section("docs", L["documents"], table(heads, rows), marks.badges(found))


def _doc_type(item: Document, ctx: Ctx) -> str:
    known = ctx.doc_names.get(item.type)
    return f"{known}（{item.type}）" if known else item.type


def _doc_cell(marks: Marks, path: str, item: Document, name: str) -> str:
    value = getattr(item, name)
    if value is None or value == "":
        text = "—"
    else:
        text = value.isoformat() if isinstance(value, date) else str(value)
    return cell(f"c-{name}", text, marks, marks.take(f"{path}.{name}"))


def _validity(item: Document, ctx: Ctx) -> str:
    """The validity and the days to expiry, counted from the check date."""
    texts = ctx.labels["validity"]
    if item.expires is None:
        return f'<td class="v-none">{esc(texts["none"])}</td><td class="days">—</td>'
    days = (item.expires - ctx.today).days
    if days < 0:
        state, text = "expired", texts["expired"].format(days=-days)
    elif days <= ctx.warn_days:
        state, text = "soon", texts["soon"]
    else:
        state, text = "valid", texts["valid"]
    return f'<td class="v-{state}">{esc(text)}</td><td class="days v-{state}">{days}</td>'


# -- fixes ---------------------------------------------------------------------------------------
def _fixes(entry: Entry, draft: Draft, ctx: Ctx) -> str:
    """Before and after of each text field that ``--fix`` would change (only where the fix lands
    exactly on the field's characters, as ``listlint.fix`` requires)."""
    doc = entry.doc
    if doc is None or all(f.fix is None for f in entry.findings):
        return ""
    texts = {doc.field_path(p): t for p, _, t in draft.text_fields()}
    edits: dict[str, list[tuple[int, int, str]]] = {}
    for f in entry.findings:
        fx = f.fix
        if fx is None or f.field not in texts or not doc.source.exact(f.field):
            continue
        span = doc.source.value_index(f.field, fx.start, fx.end)
        if span is not None:
            edits.setdefault(f.field, []).append((*span, fx.replacement))
    if not edits:
        return ""
    L = ctx.labels
    blocks = "".join(
        _before_after(path, texts[path], _non_overlapping(spans), L)
        for path, spans in edits.items()
    )
    return section("fixes", L["fixes"], f'<p class="note">{esc(L["fixes_note"])}</p>{blocks}')


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The first by position wins an overlap (as ``listlint.fix`` chooses)."""
    chosen: list[tuple[int, int, str]] = []
    last = -1
    for start, end, new in sorted(spans, key=lambda s: (s[0], s[1])):
        if start >= last:
            chosen.append((start, end, new))
            last = end
    return chosen


def _before_after(
    path: str, value: str, spans: list[tuple[int, int, str]], L: dict[str, Any]
) -> str:
    before, after, pos = [], [], 0
    for start, end, new in spans:
        kept = esc(value[pos:start])
        before += [kept, f"<del>{esc(value[start:end])}</del>"]
        after += [kept, f"<ins>{esc(new)}</ins>" if new else ""]
        pos = end
    before.append(esc(value[pos:]))
    after.append(esc(value[pos:]))
    old = f'<span class="t">{"".join(before)}</span>'
    new_text = f'<span class="t">{"".join(after)}</span>'
    return (
        f'<div class="fix" data-field="{esc(path)}"><div class="fld">{esc(path)}</div>'
        f"{labelled('before', L['before'], old)}{labelled('after', L['after'], new_text)}</div>"
    )


# -- a draft that cannot be read, and the list of findings ---------------------------------------
EXCERPT_CONTEXT = 2  # lines shown around a finding in a draft that cannot be read
EXCERPT_MAX_LINES = 60


def _excerpt(entry: Entry, ctx: Ctx) -> str:
    """The lines around each finding of a draft that could not be read as a draft."""
    assert entry.doc is not None
    lines = entry.doc.text.split("\n")
    wanted: dict[int, int | None] = {}  # line -> the finding marked on it
    for k, f in enumerate(entry.findings):
        first, last = max(1, f.line - EXCERPT_CONTEXT), min(len(lines), f.line + EXCERPT_CONTEXT)
        for n in range(first, last + 1):
            wanted.setdefault(n, None)
        if 0 < f.line <= len(lines) and wanted.get(f.line) is None:
            wanted[f.line] = k
    out = []
    for n in sorted(wanted)[:EXCERPT_MAX_LINES]:
        line = lines[n - 1].rstrip("\r")
        out.append(f'<span class="n">{n}</span>{_excerpt_line(line, entry.findings, wanted[n])}\n')
    return section("src", ctx.labels["source"], f"<pre>{''.join(out)}</pre>")


def _excerpt_line(line: str, findings: list[Finding], k: int | None) -> str:
    if k is None:
        return esc(line)
    f = findings[k]
    start = max(0, min(len(line), f.column - 1))
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    end = max(start + 1, min(len(line), end))
    sev = f.severity.label
    return (
        f'{esc(line[:start])}<mark class="hl s-{sev}" data-f="{k}" tabindex="0">'
        f"{esc(line[start:end]) or ' '}</mark>{esc(line[end:])}"
    )


def _finding_list(entry: Entry, ctx: Ctx) -> str:
    if not entry.findings:
        return ""
    items = "".join(
        _finding_item(entry.index, k, f, ctx.labels) for k, f in enumerate(entry.findings)
    )
    return section("fs", ctx.labels["findings"], f'<ol class="fl">{items}</ol>')


def _finding_item(index: int, k: int, f: Finding, L: dict[str, Any]) -> str:
    sev = f.severity.label
    match = f'<q class="m">{esc(f.match)}</q>' if f.match else ""
    out = (
        f'<li id="d{index}-f{k}" class="f s-{sev}" data-rule="{esc(f.rule)}" data-sev="{sev}">'
        f'<div class="fh"><span class="pill s-{sev}">{esc(sev_label(f.severity, L))}</span> '
        f'<code class="rule">{esc(f.rule)}</code> <span class="pos">{f.line}:{f.column}</span> '
        f'<span class="fld">{esc(f.field or L["whole_draft"])}</span> {match}</div>'
        f'<div class="msg">{esc(f.message)}</div>'
    )
    if f.suggestion:
        out += labelled("sug", L["suggestion"], esc(f.suggestion))
    if f.reference:
        out += labelled("ref", L["reference"], esc(f.reference))
    if f.fix is not None:
        out += f'<div class="fx">{esc(L["fixable"])}</div>'
    return out + "</li>"


def row(entry: Entry, severities: tuple[Severity, ...]) -> list[Any]:
    """The draft's row of the overview table (the script renders it with textContent)."""
    draft = entry.draft
    counts = [sum(1 for f in entry.findings if f.severity == s) for s in severities]
    return [
        entry.index,
        entry.path,
        entry.line,
        (draft.platform or "") if draft else "",
        draft.category if draft else "",
        draft.title if draft else "",
        counts,
        sorted({f.rule for f in entry.findings}),
    ]
