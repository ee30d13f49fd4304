"""The HTML report (``--format html``): one self-contained page in Simplified Chinese.

An overview (findings per severity, pack and rule, a chart of findings per rule, a sortable and
filterable table of the drafts) and, per draft, a preview laid out like a product page with
every finding highlighted, the images as small embedded thumbnails, SKU and document tables,
the fixes ``--fix`` would make, and the list of findings.

A catalogue's report stays small and quick to open: up to ``STATIC_MAX`` drafts, their
sections are written into the page; beyond that they are gzip-compressed in packs of
``PACK_DRAFTS`` (base64 in inert data blocks) that the script unpacks for the page on screen,
and the drafts table is a data block the script renders a page at a time with ``textContent``.

Safety: every piece of draft text is escaped (``html_parts.esc``); the data block escapes
``< > &`` and U+2028/U+2029, so no text can close its ``<script>`` element; the script never
uses ``innerHTML``; a Content-Security-Policy allows no network access at all and runs only the
page's own scripts (by their hashes).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from listlint.findings import Finding, Severity
from listlint.report import Output
from listlint.report.html_images import ImageStore
from listlint.report.html_parts import Ctx, Entry, entries, esc, render, row, shown_severities
from listlint.results import Report

# Every text of the page, for review in one place (the script gets them through the data block).
LABELS: dict[str, Any] = {
    "title": "listlint 商品草稿检查报告",
    "failed": "未通过",
    "passed": "通过",
    "check_date": "检查日期",
    "files": "检查文件",
    "files_with_findings": "有问题的文件",
    "findings_total": "问题总数",
    "severity": {"error": "错误", "warning": "警告", "info": "提示", "advice": "建议"},
    "overview": "总览",
    "by_severity": "按严重程度",
    "by_pack": "按规则包",
    "by_rule": "按规则（{n} 条规则，点击展开）",
    "chart": "各规则的问题数",
    "chart_more": "另有 {n} 条规则未画出，见下表",
    "pack": "规则包",
    "packs": {
        "adlaw": "广告法用语",
        "title": "标题结构",
        "qualification": "资质证件",
        "image": "图片",
        "sku": "SKU 价格库存",
        "listing": "详情页与参数",
        "draft": "草稿文件",
    },
    "rule": "规则",
    "rule_title": "说明",
    "total": "合计",
    "files_hit": "涉及文件",
    "filter_rule": "只看此规则",
    "drafts": "草稿列表",
    "search": "搜索文件、标题或类目",
    "all_severities": "全部草稿",
    "has_severity": "有{label}",
    "no_findings": "无问题",
    "all_rules": "全部规则",
    "all_platforms": "全部平台",
    "col_index": "序号",
    "col_path": "文件",
    "col_platform": "平台",
    "col_category": "类目",
    "col_title": "标题",
    "col_verdict": "结论",
    "shown": "共 {shown} 个草稿（全部 {all} 个）",
    "page": "第 {page} / {pages} 页",
    "prev": "上一页",
    "next": "下一页",
    "no_match": "没有符合条件的草稿",
    "details": "草稿详情（当前页）",
    "noscript": "请在浏览器中启用 JavaScript 以查看草稿列表和详情。",
    "old_browser": "此浏览器无法解压报告中的草稿详情，"
    "请用新版 Chrome、Edge、Firefox 或 Safari 打开。",
    "jsonl_line": "第 {line} 行",
    "platform": "平台",
    "default_platform": "默认平台",
    "platforms": {
        "taobao": "淘宝",
        "tmall": "天猫",
        "jd": "京东",
        "pdd": "拼多多",
        "douyin": "抖音",
    },
    "category": "类目",
    "brand": "品牌",
    "brand_owner": "自有品牌",
    "whole_draft": "整个草稿",
    "preview": "商品页预览",
    "price": "价格",
    "description": "商品详情",
    "attributes": "商品参数",
    "images": "图片",
    "no_main_image": "无主图",
    "open_link": "网络图片（未下载，点击打开）",
    "roles": {"main": "主图", "detail": "详情图", "scene": "场景图", "sku": "SKU 图"},
    "declared": "（声明尺寸）",
    "image_status": {
        "url": "网络图片：未下载，未检查",
        "outside": "路径超出草稿目录：未读取",
        "missing": "文件不存在",
        "bad": "无法读取的图片",
        "over-budget": "缩略图未嵌入（报告中的图片已达上限）",
        "ok": "",
    },
    "white_yes": "白底 {percent}%",
    "white_no": "非白底（边缘白色 {percent}%）",
    "skus": "SKU 价格与库存",
    "sku_columns": {
        "name": "名称",
        "price": "价格",
        "list_price": "划线价",
        "stock": "库存",
        "presale": "预售",
        "ship_within_days": "发货时效",
    },
    "yes": "是",
    "no": "否",
    "days": "{days} 天",
    "documents": "资质证件",
    "doc_columns": {
        "type": "类型",
        "number": "编号",
        "issued": "签发日期",
        "expires": "到期日期",
        "validity": "有效性",
        "days_left": "剩余天数",
        "file": "扫描件",
    },
    "validity": {
        "none": "未填写到期日",
        "expired": "已过期 {days} 天",
        "soon": "即将到期",
        "valid": "有效",
    },
    "fixes": "自动修复预览",
    "fixes_note": "运行 listlint check --fix 会做如下修改（--diff 只显示不写入）。",
    "before": "修改前",
    "after": "修改后",
    "source": "草稿原文（出错位置附近）",
    "no_source": "未保留该文件的内容（无法读取或过大），只列出问题。",
    "clean_no_source": "该文件没有问题。",
    "findings": "问题清单",
    "suggestion": "建议",
    "reference": "依据",
    "fixable": "可自动修复（--fix）",
    "generated_by": "由 listlint {version} 生成",
}

PAGE_SIZE = 50  # drafts per page of the table and of the details below it
STATIC_MAX = PAGE_SIZE  # up to this many drafts, their sections are written into the page
PACK_DRAFTS = 25  # larger reports: draft sections in gzip packs of this many drafts
PACK_SPLIT = "<!---->"  # between the sections of a pack (escaped draft text cannot hold "<")
CHART_RULES = 20  # rules drawn in the chart (all of them are in the table)

ASSETS = Path(__file__).parent / "html_assets"
# the first script: records script errors (the report's own checks and tests read them)
ERROR_HOOK = (
    "window.__listlintErrors=[];function __listlintError(m){"
    "window.__listlintErrors.push(String(m));document.documentElement.setAttribute("
    "'data-errors',String(window.__listlintErrors.length))}"
    "window.addEventListener('error',function(e){__listlintError(e.message)});"
    "window.addEventListener('unhandledrejection',function(e){__listlintError(e.reason)});"
)


def write(report: Report, out: Output) -> None:
    out.stream.writelines(iter_html(report))


def iter_html(report: Report) -> Iterator[str]:
    """The page, in chunks (a catalogue's report never exists as one string)."""
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    store = ImageStore(report)
    static = _expected_drafts(report) <= STATIC_MAX
    ctx = Ctx(LABELS, report.today or date.today(), store, static, _warn_days(report), _doc_names())
    yield _head(css, js)
    sevs = shown_severities(report.findings)
    yield _summary(report, ctx.today, sevs)
    yield _overview(report, sevs)
    yield _table(sevs)
    rows: list[list[Any]] = []
    drafts = ((entry, row(entry, sevs)) for entry in entries(report))
    yield '<section id="ll-view" class="view">'
    if static:
        for entry, line in drafts:
            rows.append(line)
            yield render(entry, ctx)
        yield "</section>"
    else:
        yield "</section>"
        yield from _packed(drafts, ctx, rows)
    yield _data(report, rows, {} if static else store.uris, sevs, 0 if static else PACK_DRAFTS)
    yield f"<script>{js}</script>"
    yield f'<footer class="foot">{esc(LABELS["generated_by"].format(version=_version()))}</footer>'
    yield "</body></html>\n"


def _packed(
    drafts: Iterator[tuple[Entry, list[Any]]], ctx: Ctx, rows: list[list[Any]]
) -> Iterator[str]:
    """The draft sections in packs of ``PACK_DRAFTS`` (in report order): gzip, base64, in a
    ``<script type="application/gzip">`` data block each.  The page stays small (a catalogue's
    sections repeat the same markup, messages and references) and opens at once; the script
    unpacks the packs of the page on screen."""
    batch: list[str] = []
    number = 0
    for entry, line in drafts:
        rows.append(line)
        batch.append(render(entry, ctx))
        if len(batch) == PACK_DRAFTS:
            yield _pack(number, batch)
            number, batch = number + 1, []
    if batch:
        yield _pack(number, batch)


def _pack(number: int, articles: list[str]) -> str:
    data = gzip.compress(PACK_SPLIT.join(articles).encode("utf-8"), compresslevel=6, mtime=0)
    text = base64.b64encode(data).decode("ascii")
    return f'<script type="application/gzip" id="c{number}">{text}</script>'


def _expected_drafts(report: Report) -> int:
    """About how many drafts the report holds (a ``.jsonl`` file counts its lines)."""
    count = 0
    for path in dict.fromkeys([*report.paths, *(f.path for f in report.findings)]):
        raw = report.sources.get(path)
        count += raw.count(b"\n") + 1 if raw is not None and path.endswith(".jsonl") else 1
    return count


def _warn_days(report: Report) -> int:
    rule = report.rule("qualification/document-expired")
    return int(getattr(getattr(rule, "params", None), "warn_days", 30))


def _doc_names() -> dict[str, str]:
    from listlint.kinds.documents import known_types

    try:
        return {key: str(info.get("name", key)) for key, info in known_types().items()}
    except Exception:  # the report works without the Chinese names
        return {}


def _version() -> str:
    from listlint import __version__

    return __version__


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _head(css: str, js: str) -> str:
    # no network access of any kind; only these two scripts and this style sheet run
    policy = (
        f"default-src 'none'; img-src data:; style-src {_hash(css)}; "
        f"script-src {_hash(ERROR_HOOK)} {_hash(js)}; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(LABELS['title'])}</title><style>{css}</style>"
        f"<script>{ERROR_HOOK}</script></head><body>"
    )


def _summary(report: Report, today: date, sevs: tuple[Severity, ...]) -> str:
    counts = report.summary()
    failed = counts.get("error", 0) > 0
    verdict = LABELS["failed" if failed else "passed"]
    with_findings = len({f.path for f in report.findings})
    # the run's notes (a baseline's hidden findings …)
    notes = "".join(f'<p class="note">{esc(note)}</p>' for note in report.notes)
    cards = [
        _card(LABELS["files"], report.files),
        _card(LABELS["files_with_findings"], with_findings),
        _card(LABELS["findings_total"], len(report.findings)),
    ]
    for sev in sevs:
        n = counts.get(sev.label, 0)
        cards.append(_card(LABELS["severity"].get(sev.label, sev.label), n, f"s-{sev.label}"))
    return (
        f'<header class="top"><h1>{esc(LABELS["title"])}</h1>'
        f'<div class="verdict {"fail" if failed else "pass"}">{esc(verdict)}</div>'
        f'<div class="date">{esc(LABELS["check_date"])} {today.isoformat()}</div>'
        f'<div class="cards">{"".join(cards)}</div>{notes}</header>'
    )


def _card(label: str, value: int, cls: str = "") -> str:
    number = f'<div class="n">{value:,}</div>'
    return f'<div class="card {cls}">{number}<div class="l">{esc(label)}</div></div>'


def _label(key: str) -> str:
    return esc(LABELS[key])


def _sev(sev: Severity) -> str:
    return esc(LABELS["severity"].get(sev.label, sev.label))


def _table_html(cls: str, heads: str, rows: str, body: str = "") -> str:
    """A table; `heads` are ``<th>`` elements (already built); `body`: the tbody's id."""
    tbody = f'<tbody id="{body}">' if body else "<tbody>"
    return f'<table class="{cls}"><thead><tr>{heads}</tr></thead>{tbody}{rows}</tbody></table>'


# -- the overview --------------------------------------------------------------------------------
def _per(findings: list[Finding], key: Any, sevs: tuple[Severity, ...]) -> dict[str, list[int]]:
    """Counts per severity (in the order of `sevs`) for each value of ``key(finding)``."""
    order = {sev: n for n, sev in enumerate(sevs)}
    table: dict[str, list[int]] = {}
    for f in findings:
        counts = table.setdefault(key(f), [0] * len(sevs))
        counts[order[f.severity]] += 1
    return dict(sorted(table.items(), key=lambda kv: (-sum(kv[1]), kv[0])))


def _overview(report: Report, sevs: tuple[Severity, ...]) -> str:
    if not report.findings:
        return ""
    packs = _per(report.findings, lambda f: f.rule.split("/", 1)[0], sevs)
    rules = _per(report.findings, lambda f: f.rule, sevs)
    files = Counter(rule for rule, _ in {(f.rule, f.path) for f in report.findings})
    sev_head = "".join(f'<th class="num s-{s.label}">{_sev(s)}</th>' for s in sevs)
    total = f'<th class="num">{_label("total")}</th>'
    pack_rows = "".join(
        f"<tr><td>{esc(pack)}</td><td>{esc(LABELS['packs'].get(pack, ''))}</td>{_num_cells(c)}</tr>"
        for pack, c in packs.items()
    )
    rule_rows = "".join(_rule_row(report, rule, c, files[rule]) for rule, c in rules.items())
    pack_head = f"<th>{_label('pack')}</th><th></th>{sev_head}{total}"
    rule_head = (
        f"<th>{_label('rule')}</th><th>{_label('rule_title')}</th>{sev_head}{total}"
        f'<th class="num">{_label("files_hit")}</th><th></th>'
    )
    return (
        f'<section class="ov"><h2>{_label("overview")}</h2><div class="ovg">'
        f"<div><h3>{_label('chart')}</h3>{_chart(rules, sevs)}</div>"
        f"<div><h3>{_label('by_pack')}</h3>{_table_html('tbl', pack_head, pack_rows)}</div></div>"
        f'<details class="rules"><summary>{esc(LABELS["by_rule"].format(n=len(rules)))}</summary>'
        f"{_table_html('tbl rules', rule_head, rule_rows)}</details></section>"
    )


def _num_cells(counts: list[int]) -> str:
    cells = "".join(f'<td class="num{" z" if not n else ""}">{n:,}</td>' for n in counts)
    return f'{cells}<td class="num"><b>{sum(counts):,}</b></td>'


def _rule_row(report: Report, rule_id: str, counts: list[int], files: int) -> str:
    rule = report.rule(rule_id)
    title = rule.spec.title if rule is not None else ""
    button = (
        f'<button type="button" class="rf" data-filter-rule="{esc(rule_id)}">'
        f"{_label('filter_rule')}</button>"
    )
    return (
        f"<tr><td><code>{esc(rule_id)}</code></td><td>{esc(title)}</td>{_num_cells(counts)}"
        f'<td class="num">{files:,}</td><td>{button}</td></tr>'
    )


def _chart(rules: dict[str, list[int]], sevs: tuple[Severity, ...]) -> str:
    """Findings per rule as horizontal bars, stacked by severity (inline SVG)."""
    top = list(rules.items())[:CHART_RULES]
    if not top:
        return ""
    width, label_w, row_h = 640, 250, 22
    bar_w = width - label_w - 50
    most = max(sum(c) for _, c in top)
    height = row_h * len(top) + 4
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{esc(LABELS["chart"])}">'
    ]
    for n, (rule, counts) in enumerate(top):
        y = n * row_h
        total = sum(counts)
        parts.append(
            f'<g class="bar" data-filter-rule="{esc(rule)}"><title>{esc(rule)}: {total}</title>'
            f'<text class="lb" x="{label_w - 8}" y="{y + 15}" text-anchor="end">{esc(rule)}</text>'
        )
        x = float(label_w)
        for sev, c in zip(sevs, counts, strict=True):
            if c:
                w = max(1.0, c / most * bar_w)
                box = f'x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="16"'
                parts.append(f'<rect class="s-{sev.label}" {box}/>')
                x += w
        parts.append(f'<text class="ct" x="{x + 6:.1f}" y="{y + 15}">{total:,}</text></g>')
    parts.append("</svg>")
    more = len(rules) - len(top)
    if more > 0:
        parts.append(f'<p class="note">{esc(LABELS["chart_more"].format(n=more))}</p>')
    return "".join(parts)


def _table(sevs: tuple[Severity, ...]) -> str:
    """The drafts table: controls and headers; the script fills the rows from the data block."""
    columns = [("i", "col_index"), ("path", "col_path"), ("platform", "col_platform"),
               ("category", "col_category"), ("title", "col_title")]  # fmt: skip
    head = "".join(_sorter(key, _label(label), key == "i") for key, label in columns)
    head += "".join(_sorter(f"s{n}", _sev(s), True) for n, s in enumerate(sevs))
    head += _sorter("verdict", _label("col_verdict"))
    search = _label("search")
    controls = (
        f'<div class="controls"><input type="search" id="ll-q" placeholder="{search}" '
        f'aria-label="{search}"><select id="ll-sev"></select><select id="ll-rule"></select>'
        '<select id="ll-platform"></select><span id="ll-count" class="note"></span></div>'
    )
    return (
        f'<section class="list" id="ll-list"><h2>{_label("drafts")}</h2>{controls}'
        f'<noscript><p class="note">{_label("noscript")}</p></noscript>'
        f"{_table_html('tbl drafts', head, '', 'll-rows')}"
        f'<div class="pager" id="ll-pager"></div><h2 class="dt">{_label("details")}</h2></section>'
    )


def _sorter(key: str, label: str, number: bool = False) -> str:
    cls = ' class="num"' if number else ""
    return f'<th{cls}><button type="button" data-sort="{key}">{label}</button></th>'


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: ``< > &`` and the JavaScript line
    separators are written as ``\\u`` escapes, so no text can end the element or the string."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


def _data(
    report: Report,
    rows: list[list[Any]],
    images: dict[str, str],
    sevs: tuple[Severity, ...],
    pack: int,
) -> str:
    rules = sorted({f.rule for f in report.findings})
    index = {rule: n for n, rule in enumerate(rules)}
    for r in rows:
        r[7] = [index[rule] for rule in r[7]]
    data = {
        "labels": LABELS,
        "sev": [s.label for s in sevs],
        "rules": rules,
        "rows": rows,
        "img": images,
        "page": PAGE_SIZE,
        "pack": pack,  # drafts per pack; 0: the sections are in the page
        "split": PACK_SPLIT,
    }
    return f'<script type="application/json" id="ll-data">{script_json(data)}</script>'
