"""The ``required`` kind: fields, attributes or documents a draft must have when a condition
holds (a category, a brand that the seller does not own, a claim in the text …).

``documents`` entries name document types; ``a|b`` means either will do.  ``attributes``
entries name parameter-table keys; ``配料表|配料`` accepts either key (synonyms).
``sales_attributes`` (颜色, 尺码) are also given by the SKUs when there are two or more;
``document_attributes`` (备案号) are required only when the draft declares the document."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from listlint.findings import Finding
from listlint.kinds.base import Context, Rule
from listlint.kinds.conditions import When
from listlint.text.normalize import normalize_term


class Require(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    fields: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    attributes: list[str] = Field(default_factory=list)
    # sales attributes (颜色分类, 尺码): an attribute key, or the SKUs themselves when the draft
    # has two or more (each SKU is one value of them on the platform's publishing form)
    sales_attributes: list[str] = Field(default_factory=list)
    # the number of a document shown on the page (备案号): required only when the draft declares
    # one of the documents; a missing document is the qualification pack's finding, not this
    document_attributes: dict[str, list[str]] = Field(default_factory=dict)


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    when: When = Field(default_factory=When)
    require: Require


def _present(value: object) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


def applies(rule: Rule, platform: str, category: str, family: str | None = None) -> bool:
    """False when the rule's ``when`` names other categories or platforms."""
    return bool(rule.params.when.static_holds(platform, category, family))


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    if not params.when.holds(ctx, rule.trusted):
        return
    draft = ctx.draft
    names = ctx.resources.document_names
    missing: list[str] = []
    anchor = ""
    for name in params.require.fields:
        if not _present(getattr(draft, name, None)):
            missing.append(name)
    have_docs = {d.type for d in draft.documents}
    for alternatives in params.require.documents:
        options = [a.strip() for a in alternatives.split("|")]
        if not have_docs.intersection(options):
            missing.append("或".join(names.get(o, o) for o in options))
            anchor = "documents" if draft.documents else ""
    # keys as written and normalised: 淨含量 (Traditional), ＭＡＴＥＲＩＡＬ (full width) count
    keys = {k.strip() for k in draft.attributes}
    keys |= {normalize_term(k) for k in keys}
    missing_attrs = []
    by_skus = len({s.name.strip() for s in draft.skus}) >= 2
    wanted = [(a, False) for a in params.require.attributes]
    wanted += [(a, True) for a in params.require.sales_attributes]
    wanted += [
        (a, False)
        for a, types in params.require.document_attributes.items()
        if have_docs.intersection(types)
    ]
    for alternatives, sales in wanted:
        options = [a.strip() for a in alternatives.split("|")]
        if keys.intersection(options) or keys.intersection(map(normalize_term, options)):
            continue
        if not (sales and by_skus):
            missing_attrs.append(options[0])
    if missing_attrs:
        missing.extend(missing_attrs)
        anchor = "attributes" if draft.attributes else ""
    if missing:
        yield ctx.finding(rule, anchor, key=bool(anchor), missing="、".join(missing))
