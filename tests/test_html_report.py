"""The HTML report (``--format html``), read back with an HTML parser and compared with the JSON
report of the same run: highlights, images, tables, fixes, escaping; a large report's packs; the
page in headless Chromium (no script errors, a non-blank screenshot)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, REPO
from PIL import Image, ImageDraw

from listlint.findings import Finding, Severity
from listlint.report import REGISTRY, render
from listlint.report.html import PACK_SPLIT, STATIC_MAX, script_json
from listlint.report.html_images import THUMB_SIDE, ImageStore
from listlint.results import Report

TODAY = "2026-06-01"


# -- a small DOM, built with the standard library's HTML parser ----------------------------------
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "rect"}  # fmt: skip


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    """Strict: every element the report opens must be closed, in order (void elements aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert [n.tag for n in builder.stack] == ["#document"], "unclosed elements"
    return builder.root


def articles(page: Node) -> dict[int, Node]:
    """Every draft's article: in the page (a small report) or in its packs (a large one)."""
    found = {int(a.attrs["data-i"]): a for a in page.all("article", "draft")}
    for block in page.all("script", type="application/gzip"):
        markup = gzip.decompress(base64.b64decode(block.text)).decode("utf-8")
        for part in markup.split(PACK_SPLIT):
            (article,) = parse(part).children
            assert isinstance(article, Node)
            found[int(article.attrs["data-i"])] = article
    return found


def plain(node: Node) -> str:
    """The text of `node` without its findings' badges."""
    return "".join(
        c if isinstance(c, str) else ("" if "fb" in c.classes else plain(c)) for c in node.children
    )


def page_data(page: Node) -> dict[str, Any]:
    return json.loads(page.one("script", id="ll-data").text)  # type: ignore[no-any-return]


# -- the drafts -----------------------------------------------------------------------------------
TEE = """\
platform: taobao
category: 服装/女装/T恤
brand: 棉语
brand_owner: true
title: 棉语夏季最好看的纯棉短袖T恤女宽松百搭圆领上衣
subtitle: 满200减30 现货速发
description: |
  新疆长绒棉，32支双股织造，透气不闷汗。
  采用国家级印染工艺，洗后不褪色。
selling_points: [透气不闷汗, 全网第一舒适]
attributes:
  材质: 棉100%
  尺码: S/M/L/XL
skus:
  - {name: 白色 M, price: 129, list_price: 169, stock: 200}
  - {name: 粉色 L, price: 129, stock: 0, presale: true}
  - {name: 黑色 XL, price: 0, stock: 10}
images:
  - {path: images/small.jpg, role: main, alt: 粉色T恤正面}
  - {path: images/white.jpg, role: main, alt: 白底图}
  - {path: images/detail.jpg, role: detail, alt: 面料细节}
  - {path: "https://img.example.com/tee/scene.jpg", role: scene, alt: 场景, width: 800, height: 800}
documents:
  - {type: quality_inspection_report, number: QT2026-0418, issued: 2026-04-18, expires: 2027-04-18}
  - {type: brand_authorization, number: AUTH-1, issued: 2025-01-01, expires: 2026-05-01}
  - {type: trademark_registration, number: "12345678", issued: 2020-01-01, expires: 2026-06-20}
"""
# markup and script in every field; a line separator that would end a JavaScript string
EVIL = """\
platform: taobao
category: "家居/收纳</script><script>alert(1)</script>"
title: "<script>alert('t')</script>国家级收纳盒 顶级 <b>粗</b>\u2028!"
subtitle: "\\" onmouseover=alert(1) x=\\"&amp; <!-- -->"
description: |
  </textarea><img src=x onerror=alert(1)> 最好的收纳
  <svg onload=alert(2)>
selling_points: ["<a href='javascript:alert(3)'>点我</a>", "</ol></section></article><h1>伪造</h1>"]
attributes:
  "<i>材质</i>": "<u>塑料</u>"
skus:
  - {name: "<td>伪造</td> 国家级", price: 10, stock: 1}
images:
  - {path: "javascript://alert(1)", role: main, alt: "\\"><svg onload=alert(4)>"}
  - {path: "https://x.example.com/a.jpg?<script>", role: detail, alt: ok}
documents:
  - {type: "<script>", number: "</script>", issued: 2025-01-01}
"""
FIXABLE = "category: 厨具/餐具/碗\ntitle: 景德镇顶级陶瓷碗家用米饭碗\n"
BROKEN = "category: 家居\ntitle: [unclosed\n"
_CLEAN_TEE = (EXAMPLES / "clean-tee" / "draft.yaml").read_text(encoding="utf-8")
CLEAN = (  # the clean example without its files
    _CLEAN_TEE.split("images:")[0]
    + "documents:"
    + _CLEAN_TEE.split("documents:")[1].replace(", file: docs/qt.pdf", "")
)
LINES = (
    json.dumps({"category": "食品/坚果", "title": "每日坚果"}, ensure_ascii=False)
    + "\n"
    + json.dumps({"category": "食品/坚果", "title": "国家级坚果"}, ensure_ascii=False)
    + "\n"
)


def make_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 400), (240, 120, 150)).save(folder / "small.jpg", quality=85)
    white = Image.new("RGB", (800, 800), "white")
    ImageDraw.Draw(white).rectangle((250, 200, 550, 600), fill=(200, 60, 90))
    white.save(folder / "white.jpg", quality=90)
    Image.new("RGB", (750, 1000), (90, 120, 200)).save(folder / "detail.jpg", quality=85)


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Real drafts in real folders (the working directory is their parent)."""
    root = tmp_path / "drafts"
    (root / "tee").mkdir(parents=True)
    (root / "tee" / "draft.yaml").write_text(TEE, encoding="utf-8")
    make_images(root / "tee" / "images")
    evil = root / "<b>&amp;'\"evil"  # a folder name with markup: it shows in paths
    evil.mkdir()
    (evil / "draft.yaml").write_text(EVIL, encoding="utf-8")
    (root / "bowl.yaml").write_text(FIXABLE, encoding="utf-8")
    (root / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (root / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    (root / "nuts.jsonl").write_text(LINES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


@dataclass
class Run:
    page: Node
    text: str
    json: dict[str, Any]
    articles: dict[int, Node]
    data: dict[str, Any]

    def by_path(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for d in self.json["diagnostics"]:
            out.setdefault(d["path"], []).append(d)
        return out

    def rows(self) -> dict[tuple[str, int], list[Any]]:
        return {(r[1], r[2]): r for r in self.data["rows"]}

    def article(self, path: str, line: int = 0) -> Node:
        return self.articles[self.rows()[(path, line)][0]]


def run_both(
    cli: Callable[..., Any], target: Path, tmp: Path, today: str = TODAY, *extra: str
) -> Run:
    args = ("--today", today, "--no-cache", *extra)
    contract = cli("check", target.name, "--format", "json", *args)
    out = tmp / "report.html"
    result = cli("check", target.name, "--format", "html", "--output", out, *args)
    assert result.exit_code == contract.exit_code == 1
    text = out.read_text(encoding="utf-8")
    page = parse(text)
    return Run(page, text, json.loads(contract.stdout), articles(page), page_data(page))


@pytest.fixture
def run(cli: Callable[..., Any], catalogue: Path, tmp_path: Path) -> Run:
    """The catalogue with its advice too (--advice): every level is rendered."""
    return run_both(cli, catalogue, tmp_path, TODAY, "--advice")


# -- highlights and findings ----------------------------------------------------------------------
TEXT_FIELD = re.compile(
    r"^(title|subtitle|description|selling_points\[\d+\]|attributes\..+|skus\[\d+\]\.name"
    r"|images\[\d+\]\.alt)$"
)
CONTAINER = {"title": "ttl", "subtitle": "sub", "description": "txt"}


def check_findings(run: Run, path: str, line: int = 0) -> int:
    """Each finding of `path` (a draft's line of a .jsonl file) against its article: the list
    item (rule, severity, message, suggestion, reference) and, for a finding in a text field,
    its highlight: marks whose text is the finding's `match`, carrying its rule and severity.
    Returns the number of highlights checked."""
    article = run.article(path, line)
    expected = [d for d in run.by_path()[path] if not line or d["line"] == line]
    items = article.all("li", "f")
    assert len(items) == len(expected)
    highlighted = 0
    for k, d in enumerate(expected):
        item = article.one("li", id=f"d{article.attrs['data-i']}-f{k}")
        assert item.one("code", "rule").text == d["rule"]
        assert item.attrs["data-sev"] == d["severity"]
        assert item.one("div", "msg").text == d["message"]
        if d["suggestion"]:
            assert d["suggestion"] in item.one("div", "sug").text
        if d["reference"]:
            assert d["reference"] in item.one("div", "ref").text
        marks = article.all("mark", data_f=str(k))
        if d["match"] and TEXT_FIELD.match(d["field"]):
            assert marks, d
            assert "".join(m.text for m in marks) == d["match"], d
            assert {(m.attrs["data-rule"], m.attrs["data-sev"]) for m in marks} == {
                (d["rule"], d["severity"])
            }
            if d["field"] in CONTAINER:
                assert all(
                    any(CONTAINER[d["field"]] in a.classes for a in m.ancestors()) for m in marks
                )
            highlighted += 1
        else:
            # not a span of a text field: a badge links to the finding
            badges = article.all("a", "fb", data_f=str(k))
            assert [b.attrs["href"] for b in badges] == [f"#{item.attrs['id']}"], d
    return highlighted


def test_every_finding_is_highlighted_or_marked_with_its_rule_and_severity(run: Run) -> None:
    assert check_findings(run, "drafts/tee/draft.yaml") == 4  # 最好看 T恤 国家级 全网第一
    evil = next(p for p in run.by_path() if "evil" in p)
    assert check_findings(run, evil) >= 6
    assert check_findings(run, "drafts/bowl.yaml") >= 1
    assert check_findings(run, "drafts/nuts.jsonl", 2) == 3  # 国家级, and 坚果 for two rules
    # the three title rules on the same words nest: one mark inside the other
    title = run.article(evil).one("h3", "ttl")
    nested = [m for m in title.all("mark") if any(a.tag == "mark" for a in m.ancestors())]
    assert nested


def test_the_examples_every_finding_in_place(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Traditional and full-width text, evasions (最 佳, 顶 + zero-width space + 级, 最🔥好), a
    GB18030 file and a JSON draft: every highlight is the finding's match as written."""
    monkeypatch.chdir(EXAMPLES.parent)
    result = run_both(cli, EXAMPLES, tmp_path, today="2026-11-21")
    highlighted = sum(check_findings(result, path) for path in result.by_path())
    in_text = [d for d in result.json["diagnostics"] if d["match"] and TEXT_FIELD.match(d["field"])]
    assert highlighted == len(in_text) > 20
    fix = result.article("examples/gbk-bowl/draft.yaml").one("div", "fix")
    assert fix.one("del").text == "顶级"


def test_overview_counts_match_the_json_report(run: Run) -> None:
    summary = run.json["summary"]
    cards = {c.one("div", "l").text: c.one("div", "n").text for c in run.page.all("div", "card")}
    assert cards["错误"] == str(summary["error"]) and cards["警告"] == str(summary["warning"])
    assert cards["提示"] == str(summary["info"])
    assert cards["问题总数"] == str(len(run.json["diagnostics"]))
    per_rule: dict[str, int] = {}
    for d in run.json["diagnostics"]:
        per_rule[d["rule"]] = per_rule.get(d["rule"], 0) + 1
    table = run.page.one("table", "rules")
    shown = {r.one("code").text: int(r.all("td")[-3].text) for r in table.one("tbody").all("tr")}
    assert shown == per_rule
    bars = {g.attrs["data-filter-rule"] for g in run.page.one("svg", "chart").all("g", "bar")}
    assert bars == set(per_rule)  # fewer than 20 rules: all of them are drawn
    packs = {r.all("td")[0].text for r in run.page.one("section", "ov").all("tr") if r.all("td")}
    assert {"adlaw", "sku", "image", "qualification"} <= packs


def test_the_drafts_table_data_has_every_draft(run: Run) -> None:
    rows = run.rows()
    assert set(rows) == {
        ("drafts/tee/draft.yaml", 0),
        (next(p for p in run.by_path() if "evil" in p), 0),
        ("drafts/bowl.yaml", 0),
        ("drafts/broken.yaml", 0),
        ("drafts/clean.yaml", 0),
        ("drafts/nuts.jsonl", 1),
        ("drafts/nuts.jsonl", 2),
    }
    assert [r[0] for r in run.data["rows"]] == list(range(7))
    sev = run.data["sev"]
    tee = rows[("drafts/tee/draft.yaml", 0)]
    per_sev = [
        sum(1 for d in run.by_path()["drafts/tee/draft.yaml"] if d["severity"] == s) for s in sev
    ]
    assert tee[6] == per_sev and tee[5].startswith("棉语夏季")
    assert rows[("drafts/clean.yaml", 0)][6] == [0] * len(sev)
    for line in (1, 2):  # each line of a .jsonl file is a draft, with its own findings
        found = [d for d in run.by_path()["drafts/nuts.jsonl"] if d["line"] == line]
        assert sum(rows[("drafts/nuts.jsonl", line)][6]) == len(found) > 0
    clean = run.article("drafts/clean.yaml")
    assert "通过" in clean.text and not clean.all("li", "f")
    broken = run.article("drafts/broken.yaml")
    assert broken.one("section", "src").all("mark")  # the lines around the syntax error


def test_images_thumbnails_urls_and_background(run: Run) -> None:
    tee = run.article("drafts/tee/draft.yaml")
    figures = tee.one("section", "ims").all("figure")
    assert len(figures) == 4
    small, white, detail, url = figures
    for figure, size in ((small, (400, 400)), (white, (800, 800)), (detail, (750, 1000))):
        img = figure.one("img")
        kind, _, data = img.attrs["src"].partition(",")
        assert kind == "data:image/jpeg;base64"
        thumb = Image.open(io.BytesIO(base64.b64decode(data)))
        assert max(thumb.size) <= THUMB_SIDE
        assert (int(img.attrs["width"]), int(img.attrs["height"])) == thumb.size
        facts = figure.one("div", "facts").text
        assert f"{size[0]}×{size[1]}" in facts and "JPEG" in facts
    assert "1:1" in small.one("div", "facts").text and "3:4" in detail.one("div", "facts").text
    assert small.one("div", "bg").classes == {"bg", "no"} and "非白底" in small.text
    assert white.one("div", "bg").classes == {"bg", "ok"} and "白底" in white.text
    assert [b.attrs["data-rule"] for b in small.all("a", "fb")] == ["image/main-too-small"]
    link = url.one("a", "url")
    assert link.attrs["href"] == "https://img.example.com/tee/scene.jpg"
    assert not url.all("img") and "800×800" in url.text
    # nothing is ever fetched: every image source is an embedded thumbnail
    sources = [n.attrs["src"] for n in run.page.iter() if "src" in n.attrs]
    sources += [n.attrs["src"] for a in run.articles.values() for n in a.iter() if "src" in n.attrs]
    assert sources and all(s.startswith("data:image/jpeg;base64,") for s in sources)
    assert all(n.tag != "link" for n in run.page.iter())
    # the preview's gallery shows the main images only
    assert len(tee.one("div", "gal").all("img")) == 2


def test_sku_and_document_tables(run: Run) -> None:
    tee = run.article("drafts/tee/draft.yaml")
    rows = tee.one("section", "skus").one("tbody").all("tr")
    assert [plain(r.all("td")[0]) for r in rows] == ["白色 M", "粉色 L", "黑色 XL"]
    assert [plain(r.all("td")[1]) for r in rows] == ["¥129", "¥129", "¥0"]
    assert rows[1].classes == {"bad", "s-error"}
    assert rows[1].all("td")[0].one("a", "fb").attrs["data-rule"] == "sku/presale-ship-time"
    price = rows[2].all("td")[1]
    assert {"bad", "s-error"} <= price.classes
    docs = tee.one("section", "docs").one("tbody").all("tr")
    today = date.fromisoformat(TODAY)
    for row, expires, state in zip(
        docs, ["2027-04-18", "2026-05-01", "2026-06-20"], ["valid", "expired", "soon"], strict=True
    ):
        cells = row.all("td")
        assert plain(cells[3]) == expires
        assert cells[5].text == str((date.fromisoformat(expires) - today).days)
        assert f"v-{state}" in cells[4].classes
    assert plain(docs[0].all("td")[0]) == "质检报告（quality_inspection_report）"
    assert docs[1].all("td")[4].text == "已过期 31 天"
    assert (
        docs[1].all("td")[3].one("a", "fb").attrs["data-rule"] == "qualification/document-expired"
    )
    assert "剩余天数" in [th.text for th in tee.one("section", "docs").all("th")]


def test_the_fix_listlint_would_apply_is_shown_before_and_after(run: Run) -> None:
    fixable = [d for d in run.json["diagnostics"] if d["fixable"]]
    assert {d["path"] for d in fixable} >= {"drafts/bowl.yaml"}
    fix = run.article("drafts/bowl.yaml").one("div", "fix")
    assert fix.attrs["data-field"] == "title"
    assert fix.one("div", "before").one("span", "t").text == "景德镇顶级陶瓷碗家用米饭碗"
    assert fix.one("del").text == "顶级"
    assert fix.one("div", "after").one("span", "t").text == "景德镇陶瓷碗家用米饭碗"
    assert not run.article("drafts/tee/draft.yaml").all("section", "fixes")


def test_draft_text_is_shown_as_text_never_as_markup(run: Run) -> None:
    evil_path = next(p for p in run.by_path() if "evil" in p)
    evil = run.article(evil_path)
    # the draft's markup became text: no element a draft could have written exists
    tags = {n.tag for n in evil.iter()}
    assert not tags & {"script", "img", "svg", "textarea", "i", "u", "h1", "iframe"}
    assert all(any("price" in a.classes for a in b.ancestors()) for b in evil.all("b"))
    assert len(evil.one("section", "skus").one("tbody").all("td")) == 6  # no forged cell
    assert all(not k.startswith("on") for n in run.page.iter() for k in n.attrs)
    assert all(
        not k.startswith("on") for a in run.articles.values() for n in a.iter() for k in n.attrs
    )
    assert (
        evil.one("h3", "ttl").text
        == "<script>alert('t')</script>国家级收纳盒 顶级 <b>粗</b>\u2028!"
    )
    assert evil.one("p", "sub").text == '" onmouseover=alert(1) x="&amp; <!-- -->'
    assert "</textarea><img src=x onerror=alert(1)>" in evil.one("div", "txt").text
    points = [li.text for li in evil.one("ul", "sp").all("li")]
    assert points == [
        "<a href='javascript:alert(3)'>点我</a>",
        "</ol></section></article><h1>伪造</h1>",
    ]
    assert evil.one("table", "attrs").one("th").text == "<i>材质</i>"
    assert plain(evil.one("section", "skus").one("tbody").all("td")[0]) == "<td>伪造</td> 国家级"
    assert evil.one("span", "path").text == evil_path
    # a javascript: "URL" image is not a link; an http one is, with its query as written
    links = [a.attrs["href"] for a in evil.all("a", "url")]
    assert links == ["https://x.example.com/a.jpg?<script>"]
    # scripts: the error hook, the data block and the report's own script, nothing else
    scripts = run.page.all("script")
    assert [s.attrs.get("type", "") for s in scripts] == ["", "application/json", ""]
    # the data block cannot end early or break a string: no < > & or line separators in it
    raw = run.text.split('<script type="application/json" id="ll-data">', 1)[1].split("</script>")[
        0
    ]
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    row = run.rows()[(evil_path, 0)]
    assert row[4] == "家居/收纳</script><script>alert(1)</script>" and row[5].endswith("\u2028!")


def test_script_json_escapes_what_could_close_the_element() -> None:
    text = script_json({"t": "</script><!--<script>&\u2028\u2029"})
    assert json.loads(text) == {"t": "</script><!--<script>&\u2028\u2029"}
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


def test_a_content_security_policy_allows_no_network_and_only_the_reports_scripts(run: Run) -> None:
    meta = run.page.one("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in meta and "img-src data:" in meta
    for script in run.page.all("script"):
        if "type" not in script.attrs:
            digest = base64.b64encode(hashlib.sha256(script.text.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in meta
    style = run.page.one("style").text
    assert base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() in meta


def test_the_script_never_writes_markup() -> None:
    source = (REPO / "listlint" / "report" / "html_assets" / "report.js").read_text("utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)  # without its comments
    for api in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert api not in code
    assert "textContent" in code


def test_thumbnails_stop_at_the_embedding_budget(tmp_path: Path) -> None:
    make_images(tmp_path)
    store = ImageStore(Report(files=0, findings=[]), budget=1)
    first, second = store.info(tmp_path, "small.jpg"), store.info(tmp_path, "white.jpg")
    assert first.ref is not None and first.status == "ok"
    assert second.ref is None and second.status == "over-budget" and second.size == (800, 800)
    assert second.white is not None and second.white > 0.9  # still judged, not embedded
    assert store.info(tmp_path, "./small.jpg") is first  # one file, looked at once


def test_html_without_output_goes_to_stdout(cli: Callable[..., Any], catalogue: Path) -> None:
    result = cli("check", "drafts/clean.yaml", "--format", "html", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith(
        "</html>"
    )
    page = parse(result.stdout)
    assert page_data(page)["rows"][0][1] == "drafts/clean.yaml"
    assert REGISTRY["html"].file_extension == ".html" and REGISTRY["html"].sources


def test_a_large_report_is_packed_and_every_pack_holds_the_sections(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    make_images(root / "images")
    count = STATIC_MAX + 12
    for i in range(count):
        text = TEE if i % 3 else TEE.replace("满200减30 现货速发", "国家级<好货> & 现货")
        (root / f"d{i:03d}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_both(cli, root, tmp_path)
    assert not result.page.all("article")  # nothing rendered up front
    assert len(result.page.all("script", type="application/gzip")) == -(-count // 25)
    assert sorted(result.articles) == list(range(count))
    assert result.data["pack"] == 25
    for path in result.by_path():
        check_findings(result, path)
    # each image is embedded once, referenced by every draft that shows it
    refs = {n.attrs["data-img"] for a in result.articles.values() for n in a.all("img")}
    assert refs == set(result.data["img"]) and len(refs) == 3
    assert all(uri.startswith("data:image/jpeg;base64,") for uri in result.data["img"].values())


def test_every_severity_has_a_column_advice_too() -> None:
    finding = Finding("x.yaml", 1, 1, 1, 1, "", "title/recipe", Severity.ADVICE, "", "建议写法")
    report = Report(files=1, findings=[finding], paths=["x.yaml"], notes=["<基线> 3 个已知问题"])
    page = parse(render(report, "html"))
    assert page.one("header", "top").one("p", "note").text == "<基线> 3 个已知问题"
    data = page_data(page)
    assert data["sev"] == [s.label for s in sorted(Severity, reverse=True)]
    assert data["rows"][0][6] == [0, 0, 0, 1]
    assert "建议" in [c.one("div", "l").text for c in page.all("div", "card")]
    (article,) = articles(page).values()
    assert article.one("li", "f").attrs["data-sev"] == "advice"


def test_images_outside_the_draft_folder_are_never_read(tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    draft.mkdir()
    make_images(tmp_path / "outside")
    (draft / "link.jpg").symlink_to(tmp_path / "outside" / "white.jpg")
    store = ImageStore(Report(files=0, findings=[]))
    for path in ("../outside/white.jpg", str(tmp_path / "outside" / "white.jpg"), "link.jpg"):
        info = store.info(draft, path)
        assert info.status == "outside" and info.ref is None
    assert store.info(draft, "https://example.com/a.jpg").status == "url"
    assert store.info(draft, "missing.jpg").status == "missing"
    if hasattr(os, "mkfifo"):
        os.mkfifo(draft / "fifo.jpg")
        assert store.info(draft, "fifo.jpg").status == "bad"  # not opened: it would block
    assert not store.uris


# -- in a browser ---------------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (Debian: apt-get install chromium)"
)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", f"--user-data-dir={profile}", "--virtual-time-budget=20000",
    ]  # fmt: skip
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180, check=False
    )


def html_tag(dom: str) -> str:
    m = re.search(r"<html[^>]*>", dom)
    assert m, dom[:500]
    return m.group(0)


@needs_chromium
def test_the_examples_report_runs_in_chromium_without_script_errors(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    report = tmp_path / "examples.html"
    result = cli("check", EXAMPLES, "--format", "html", "--output", report, "--today", "2026-11-21")
    assert result.exit_code == 1
    dom = chromium(tmp_path / "p1", "--dump-dom", report.as_uri()).stdout
    tag = html_tag(dom)
    assert 'data-ready="1"' in tag and "data-errors" not in tag, tag
    from listlint.files import discover

    checked = list(discover([Path(EXAMPLES)], ()))  # drafts and the catalogues beside them
    assert dom.count('class="draft"') == len(checked)  # every example's section on page one
    shot = tmp_path / "shot.png"
    chromium(tmp_path / "p2", f"--screenshot={shot}", "--window-size=1280,2200", report.as_uri())
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 50  # not blank
    assert image.getextrema() != ((255, 255), (255, 255), (255, 255))
    if os.environ.get("LISTLINT_UPDATE_SCREENSHOT") == "1":
        target = REPO / "docs" / "html-report.png"
        target.parent.mkdir(exist_ok=True)
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


@needs_chromium
def test_a_packed_report_opens_at_a_draft_in_chromium(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    make_images(root / "images")
    for i in range(STATIC_MAX + 30):
        (root / f"d{i:03d}.yaml").write_text(TEE.replace("棉语夏季", f"棉语{i}夏季"), "utf-8")
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "many.html"
    cli("check", root.name, "--format", "html", "--output", report, "--today", TODAY)
    dom = chromium(tmp_path / "p", "--dump-dom", report.as_uri() + "#d70-f0").stdout
    tag = html_tag(dom)
    assert 'data-ready="1"' in tag and "data-errors" not in tag, tag
    page = parse(dom.split("<body>", 1)[1].rsplit("</body>", 1)[0])
    shown = page.all("article", "draft")
    assert [a.attrs["data-i"] for a in shown] == [str(i) for i in range(50, 80)]  # page 2
    d70 = next(a for a in shown if a.attrs["data-i"] == "70")
    assert d70.one("h3", "ttl").text.startswith("棉语70夏季")
    marks = d70.one("h3", "ttl").all("mark", data_f="0")
    assert "".join(m.text for m in marks) == "最好看"
    assert all(img.attrs["src"].startswith("data:image/jpeg;base64,") for img in d70.all("img"))
    rows = page.one("tbody", id="ll-rows").all("tr")
    assert len(rows) == 30 and rows[0].all("td")[0].text == "51"
