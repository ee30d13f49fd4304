"""What follows from a category: the family it resolves to and why, the documents its rules
require, the claims banned in it, the parameter-table keys asked for, and each platform's title
limit (``listlint category``); and a title's core word against a category (``listlint title
--category``)."""

from __future__ import annotations

from typing import Any

from listlint.categories.resolve import Resolution, resolve
from listlint.engine.resources import Resources
from listlint.kinds import kind
from listlint.kinds.base import Rule

HOW = {
    "name": "类目名称",
    "english": "英文名称",
    "contained": "名称中包含的已知类目",
    "typo": "纠正一个错字后的类目名称",
    "title": "标题中的核心词",
}


def category_facts(resources: Resources, text: str, platform: str) -> dict[str, Any]:
    """The resolution of `text` and everything the packs say about its family."""
    table = resources.categories
    found = resolve(table, text)
    out: dict[str, Any] = {
        "text": text,
        "family": found.node,
        "path": table.path_name(found.node) if found.node else None,
        "how": found.how or None,
        "how_text": HOW.get(found.how, ""),
        "evidence": found.evidence or None,
        "confidence": found.confidence,
        "typo": list(found.typo) if found.typo else None,
        "unresolved": list(found.unresolved),
        "did_you_mean": list(found.suggestions),
        "problem": found.problem,
        "alternatives": [table.path_name(a) for a in found.alternatives],
    }
    if found.node is None:
        out.update(documents=[], claims=[], attributes=[])
    else:
        out.update(_follows(resources, found, platform))
    out["title_limits"] = {
        p.platform: {"name": p.name, "max": p.get("title_max"), "mode": p.get("title_mode")}
        for p in resources.platforms
    }
    return out


def _applies(rule: Rule, platform: str, found: Resolution) -> bool:
    category = found.text
    return rule.applies_to(platform, category, found.node) and kind(rule.kind).applies(
        rule, platform, category, found.node
    )


def _follows(resources: Resources, found: Resolution, platform: str) -> dict[str, Any]:
    names = resources.document_names
    documents: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    attributes: list[dict[str, Any]] = []
    for rule in resources.selected_rules():
        if not _applies(rule, platform, found):
            continue
        params = rule.params
        required = getattr(params, "require", None)
        if rule.kind == "documents" and getattr(params, "check", None) == "required":
            options = [
                "或".join(names.get(o.strip(), o) for o in alt.split("|")) for alt in required
            ]
            documents.append(
                {
                    "rule": rule.id,
                    "title": rule.spec.title,
                    "requires": options,
                    "when": _condition(params),
                }
            )
        elif rule.kind == "required" and required is not None and required.attributes:
            keys = [alt.split("|")[0] for alt in required.attributes]
            attributes.append({"rule": rule.id, "title": rule.spec.title, "keys": keys})
        elif rule.pack == "adlaw" and rule.spec.scope.families is not None:
            claims.append({"rule": rule.id, "title": rule.spec.title})
    return {"documents": documents, "claims": claims, "attributes": attributes}


def _condition(params: Any) -> str:
    """When a document rule asks (beyond the category), in words."""
    when = params.when
    parts = []
    if when.brand == "present" and when.brand_owner is False:
        parts.append("销售他人品牌时")
    elif when.brand_owner is True:
        parts.append("自有品牌时")
    elif when.brand_owner is False:
        parts.append("非自有品牌时")
    if params.any_of:
        parts.append("类目属于该类或文案如此宣称时")
    return "，".join(parts)


def title_verdict(resources: Resources, title: str, category: str, brand: str | None) -> Any:
    """The first product word of `title` against `category` (a CoreVerdict), with the
    resolution; None when the category resolves to nothing or the title names no product."""
    from listlint.kinds.structure import title_category_verdict
    from listlint.title.anatomy import analyze_title

    found = resolve(resources.categories, category)
    if found.node is None:
        return found, None
    anatomy = analyze_title(title, brand, category, resources.shared("structure"))
    return found, title_category_verdict(resources.categories, anatomy, found)


REASONS = {
    "same": "核心词就是该类目的商品",
    "descendant": "核心词是该类目下的一种商品",
    "ancestor": "核心词是该类目的上级大类",
    "compatible": "类目表声明该类商品可在此类目销售",
    "unknown-word": "核心词不在类目表中，无法判断",
    "category-word": "类目名称本身写明了这种商品",
    "domain": "该类目是一个领域（宠物、图书、虚拟服务），其他领域外的商品词指的是该领域的版本",
    "other-family": "核心词属于另一类",
    "accessory": "核心词是该类目商品的配件或周边，应放在配件类目",
    "accessory-category": "核心词是配件，类目是配件类目",
}


def verdict_json(found: Resolution, verdict: Any, table: Any) -> dict[str, Any]:
    """The title-vs-category verdict as data (``listlint title --category -f json``)."""
    if found.node is None:
        return {"category": found.text, "family": None, "ok": None, "reason": "unknown-category"}
    if verdict is None:
        return {"category": found.text, "family": table.path_name(found.node), "ok": None,
                "reason": "no-product-word"}  # fmt: skip
    return {
        "category": found.text,
        "family": verdict.category_path,
        "word": verdict.term.text,
        "word_family": verdict.word_path or None,
        "ok": verdict.ok,
        "reason": verdict.reason,
        "why": REASONS.get(verdict.reason, ""),
    }
