"""``listlint category``: what a category resolves to and what follows from it, as a tree."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from listlint.findings import printable

CONFIDENCE = {"high": "高", "medium": "中", "low": "低", "none": "—"}
MODE = {"units": "字符单位（汉字计 2）", "chars": "字"}
UNKNOWN = "依类目而定的检查（资质、宣称范围、参数表）无法进行：草稿会报告 draft/unknown-category"


def render_category(facts: dict[str, Any], console: Console) -> None:
    head = Text(printable(facts["text"]) or "（空）", style="bold")
    if facts["family"] is None:
        tree = Tree(Text.assemble(head, ("  无法识别", "bold red")))
        if facts["did_you_mean"]:
            tree.add(Text("是否想写：" + "、".join(facts["did_you_mean"]), style="yellow"))
        tree.add(Text(UNKNOWN))
        console.print(tree)
        return
    family = (facts["path"], "bold green")
    tree = Tree(Text.assemble(head, ("  → ", "dim"), family, (f"  ({facts['family']})", "dim")))
    why = f"依据 “{printable(facts['evidence'] or '')}”（{facts['how_text']}，可信度 "
    tree.add(Text(why + CONFIDENCE[facts["confidence"]] + "）", style="dim"))
    _doubts(tree, facts)
    documents = [
        "；".join(d["requires"]) + (f"（{d['when']}）" if d["when"] else "") + f"  {d['rule']}"
        for d in facts["documents"]
    ]
    _section(tree, "需要的资质证件", documents)
    claims = [f"{c['title']}  {c['rule']}" for c in facts["claims"]]
    _section(tree, "禁止的宣称（本类目专门的规则；通用的广告法规则适用于所有类目）", claims)
    attributes = ["、".join(a["keys"]) + f"  {a['rule']}" for a in facts["attributes"]]
    _section(tree, "参数表必填项", attributes)
    limits = [
        f"{v['name']} {v['max']} {MODE.get(v['mode'], v['mode'])}"
        for v in facts["title_limits"].values()
        if v["max"]
    ]
    _section(tree, "标题长度上限", limits)
    console.print(tree)


def _doubts(tree: Tree, facts: dict[str, Any]) -> None:
    if facts["typo"]:
        written, name = facts["typo"]
        tree.add(Text(f"错字：“{printable(written)}”按“{name}”理解", style="yellow"))
    for written, guess in zip(facts["unresolved"], facts["did_you_mean"], strict=False):
        tree.add(
            Text(f"未识别的部分：“{printable(written)}”（是否想写 {guess}？）", style="yellow")
        )
    if facts["alternatives"]:
        tree.add(Text("也可能是：" + "、".join(facts["alternatives"]), style="yellow"))


def _section(tree: Tree, label: str, items: list[str]) -> None:
    branch = tree.add(Text(label, style="bold blue"))
    if not items:
        branch.add(Text("无", style="dim"))
    for item in items:
        branch.add(Text(item))
