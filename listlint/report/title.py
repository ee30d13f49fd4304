"""``listlint title``: a title's anatomy as a tree (brand, core, attributes, scenes, other)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.text import Text
from rich.tree import Tree

from listlint.findings import printable
from listlint.title.anatomy import TitleAnatomy, title_units

_ATTRIBUTE_NAMES = {
    "material": "材质",
    "season": "季节",
    "gender": "人群",
    "style": "款式",
    "function": "功能",
    "spec": "规格",
    "colour": "颜色",
}


def escape(text: str) -> str:
    """Title text (the user's, or a lexicon's) for rich markup: no markup of its own, no
    control character, no CI workflow command."""
    return _markup_escape(printable(text))


def anatomy_tree(anatomy: TitleAnatomy) -> Tree:
    units = title_units(anatomy.title, "units")
    root = Tree(
        f"[bold]{escape(anatomy.title)}[/]  [dim]{units} 单位 · {anatomy.chars} 字[/]",
        guide_style="dim",
    )
    brand = anatomy.brand_text
    label = f"[magenta]品牌[/] {escape(brand) if brand else '[dim]—[/]'}"
    fits = anatomy.compatible_brands
    if fits:
        label += f"  [dim]适配[/] {escape('、'.join(fits))} [dim]（配件所适用设备的品牌）[/]"
    root.add(label)
    core = root.add(f"[bold green]核心词[/] [dim]({len(anatomy.core)})[/]")
    for term in anatomy.core:
        groups = "、".join(dict.fromkeys(g.name for g in term.groups if not g.generic))
        label = f"[green]{escape(term.text)}[/]"
        if len(term.tokens) > 1:
            label += f" [dim]中心词 {escape(term.head.text)}[/]"
        if groups:
            label += f" [dim]· {escape(groups)}[/]"
        elif not term.from_lexicon:
            label += " [dim]· 按词尾推断[/]"
        core.add(label)
    attrs = root.add(f"[cyan]属性词[/] [dim]({len(anatomy.attributes)})[/]")
    for token in anatomy.attributes:
        kind = _ATTRIBUTE_NAMES.get(token.detail, token.detail)
        attrs.add(f"{escape(token.text)} [dim]{escape(kind)}[/]")
    scenes = root.add(f"[yellow]场景词[/] [dim]({len(anatomy.scenes)})[/]")
    for token in anatomy.scenes:
        scenes.add(escape(token.text))
    other = anatomy.other
    if other:
        rest = root.add(f"[dim]其他 ({len(other)})[/]")
        rest.add(escape(" ".join(t.text for t in other)))
    return root


def render_anatomy(anatomy: TitleAnatomy, console: Console) -> None:
    console.print(anatomy_tree(anatomy))


def render_verdict(verdict: dict[str, Any], console: Console) -> None:
    """The title's core word against the category (``listlint title --category``)."""
    if verdict["family"] is None:
        console.print(
            Text(f"类目“{verdict['category']}”无法识别：无法判断核心词是否一致", style="yellow")
        )
        return
    if verdict["ok"] is None:
        console.print(Text(f"类目 → {verdict['family']}；标题没有能判断的核心词", style="dim"))
        return
    style = "green" if verdict["ok"] else "bold red"
    label = "一致" if verdict["ok"] else "不一致"
    word = verdict["word_family"] or "（类目表中没有）"
    console.print(
        Text.assemble(
            ("类目判断 ", "bold"),
            (label, style),
            f"：核心词“{verdict['word']}” → {word}；",
            f"类目“{verdict['category']}” → {verdict['family']}",
            (f"（{verdict['why']}）", "dim"),
        )
    )
