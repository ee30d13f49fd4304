"""The ``listing`` kind: listing completeness and consumer-rights checks that need more than a
term list or a regex.  One kind, several ``check:`` modes; every vocabulary lives in the pack.

``attribute-contradiction``
    The text (the rule's ``scope.fields``, normally title, subtitle and selling points) claims
    a material family (纯棉, 真皮, 925银, 实木 …) while a parameter-table value of that family's
    keys (材质, 面料 …) names a material that contradicts it (聚酯纤维, PU, 合金, 密度板 …) and
    nothing that confirms it.  Reported at ``attributes.<key>``, on the contradicting words, with
    the claim's field and character span in the message.

``detail-sections``
    The description should carry the sections of a detail page (核心卖点, 规格参数, 使用场景,
    质量保证/售后 …).  A section is present when one of its cue words or patterns occurs in the
    description, or when a structured field stands in for it (``satisfied_by``: non-empty
    ``selling_points``, a parameter table of ``min_attributes`` entries, a ``scene`` image).

``detail-images``
    Fewer than ``min_images`` images with a role in ``roles`` (detail/scene).  A draft without
    any image is skipped unless ``if_no_images: report`` (the image pack treats ``images`` as
    optional the same way).

``promo-stacking``
    More than ``max_hooks`` distinct promotional hooks (满减, 包邮, 秒杀 …; each a named regex)
    across the rule's fields (title + subtitle).

``no-returns``
    Blanket refusals of returns (不退不换, 概不退换 …).  A sentence that names an exempt kind of
    goods (定制, 生鲜, 数字化商品 …) is not reported; one that only refuses returns after
    opening or use (拆封后不退) is reported at ``conditional_severity``; a title naming an exempt
    kind (``exempt_title``) exempts the whole draft.  Exempt categories are ``scope``
    ``exclude_categories`` of the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from listlint.findings import Finding, Severity
from listlint.kinds.base import Context, Rule
from listlint.kinds.regexes import Regex, finditer, search
from listlint.kinds.terms import protected_spans
from listlint.platforms import resolve
from listlint.text.normalize import normalize_term

Check = Literal[
    "attribute-contradiction",
    "detail-sections",
    "detail-images",
    "promo-stacking",
    "no-returns",
]
FIELD_LABELS = {
    "title": "标题",
    "subtitle": "副标题",
    "description": "详情描述",
    "selling_points": "卖点",
    "attributes": "参数",
    "skus.name": "SKU 名称",
    "images.alt": "图片说明",
}


class Family(BaseModel):
    """A material family whose claim in the text must agree with the parameter table."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    attributes: list[str] = Field(min_length=1, description="parameter-table keys compared")
    claims: list[str] = Field(min_length=1, description="wording in the text that claims it")
    contradicts: list[str] = Field(min_length=1, description="attribute wording that denies it")
    confirms: list[str] = Field(
        default_factory=list, description="attribute wording that agrees (default: claims)"
    )
    exceptions: list[str] = Field(
        default_factory=list,
        description="phrases in which a claim or confirm term does not count (仿真皮, 实木颗粒板)",
    )


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    cues: list[str] = Field(default_factory=list)
    patterns: list[Regex] = Field(default_factory=list)
    satisfied_by: list[Literal["selling_points", "attributes", "scene_images"]] = Field(
        default_factory=list
    )


class Hook(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    regex: Regex


_KEYS: dict[str, set[str]] = {
    "attribute-contradiction": {"families", "ignore_before", "ignore_after"},
    "detail-sections": {"sections", "min_attributes"},
    "detail-images": {"roles", "min_images", "if_no_images"},
    "promo-stacking": {"hooks", "max_hooks"},
    "no-returns": {
        "patterns",
        "exempt_context",
        "exempt_title",
        "conditional_context",
        "conditional_severity",
        "conditional_message",
    },
}
_NEEDS: dict[str, str] = {
    "attribute-contradiction": "families",
    "detail-sections": "sections",
    "promo-stacking": "hooks",
    "no-returns": "patterns",
}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    check: Check
    # attribute-contradiction
    families: list[Family] = Field(default_factory=list)
    ignore_before: list[str] = Field(
        default_factory=list, description="a claim right after these is not a claim (仿, 非 …)"
    )
    ignore_after: list[str] = Field(
        default_factory=list, description="a claim right before these is not a claim (质感 …)"
    )
    # detail-sections
    sections: list[Section] = Field(default_factory=list)
    min_attributes: int = 2
    # detail-images
    roles: list[Literal["main", "detail", "scene", "sku"]] = Field(
        default_factory=lambda: ["detail", "scene"]
    )
    min_images: int = 1
    if_no_images: Literal["skip", "report"] = Field(
        "skip", description="a draft without any image (copy only): skip, as the image pack does"
    )
    # promo-stacking
    hooks: list[Hook] = Field(default_factory=list)
    max_hooks: int | str = 3
    # no-returns
    patterns: list[Regex] = Field(default_factory=list)
    exempt_context: list[str] = Field(default_factory=list)
    exempt_title: Regex | None = None
    conditional_context: list[str] = Field(default_factory=list)
    conditional_severity: Literal["error", "warning", "info"] = "warning"
    conditional_message: str | None = None

    @model_validator(mode="after")
    def _keys_of_check(self) -> Params:
        allowed = _KEYS[self.check] | {"check"}
        stray = sorted(self.model_fields_set - allowed)
        if stray:
            raise ValueError(f"`{stray[0]}` is not a key of check '{self.check}'")
        need = _NEEDS.get(self.check)
        if need and not getattr(self, need):
            raise ValueError(f"check '{self.check}' needs a non-empty `{need}`")
        return self


# -- compiled vocabularies ---------------------------------------------------------------------
class _Terms:
    """Normalised terms matched as substrings; an ASCII-alphanumeric edge must not touch another
    ASCII letter or digit (PU must not match inside input), and a match inside one of the
    exception phrases does not count."""

    def __init__(self, terms: list[str], exceptions: list[str] | None = None) -> None:
        unique = {t for t in (normalize_term(x) for x in terms) if t}
        self.terms = sorted(unique, key=lambda t: (-len(t), t))  # longest first, deterministic
        self.exceptions = [e for e in (normalize_term(x) for x in exceptions or []) if e]
        # does any term occur at all?  One search in C; most texts hold none of a family's terms
        self.any = (
            regex.compile("|".join(regex.escape(t) for t in self.terms)) if self.terms else None
        )

    def find(self, text: str) -> list[tuple[int, int]]:
        if self.any is None or self.any.search(text) is None:
            return []
        spans: list[tuple[int, int]] = []
        for term in self.terms:
            i = text.find(term)
            while i != -1:
                j = i + len(term)
                if (
                    _edge_ok(text, i, j)
                    and not _covered(text, self.exceptions, i, j)
                    and not any(s < j and i < e for s, e in spans)
                ):
                    spans.append((i, j))
                i = text.find(term, i + 1)
        return sorted(spans)


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _edge_ok(text: str, start: int, end: int) -> bool:
    if _ascii_alnum(text[start]) and start > 0 and _ascii_alnum(text[start - 1]):
        return False
    return not (_ascii_alnum(text[end - 1]) and end < len(text) and _ascii_alnum(text[end]))


def _covered(text: str, phrases: list[str], start: int, end: int) -> bool:
    for phrase in phrases:
        i = text.find(phrase, max(0, end - len(phrase)))
        while i != -1 and i <= start:
            if i + len(phrase) >= end:
                return True
            i = text.find(phrase, i + 1)
    return False


class _Family:
    def __init__(self, fam: Family) -> None:
        self.name = fam.name
        self.keys = {normalize_term(k) for k in fam.attributes}
        self.claims = _Terms(fam.claims, fam.exceptions)
        self.confirms = _Terms(fam.confirms or fam.claims, fam.exceptions)
        self.contradicts = _Terms(fam.contradicts)  # 实木颗粒板 must still count as 颗粒板


def prepare(rule: Rule) -> None:
    p: Params = rule.params
    comp: dict[str, Any] = {}
    if p.check == "attribute-contradiction":
        comp["families"] = [_Family(f) for f in p.families]
        comp["before"] = [t for t in (normalize_term(x) for x in p.ignore_before) if t]
        comp["after"] = [t for t in (normalize_term(x) for x in p.ignore_after) if t]
    elif p.check == "detail-sections":
        comp["sections"] = [
            (
                s,
                [c for c in (normalize_term(x) for x in s.cues) if c],
                [regex.compile(x, regex.V1) for x in s.patterns],
            )
            for s in p.sections
        ]
    elif p.check == "promo-stacking":
        comp["hooks"] = [(h.name, regex.compile(h.regex, regex.V1)) for h in p.hooks]
    elif p.check == "no-returns":
        comp["patterns"] = [regex.compile(x, regex.V1) for x in p.patterns]
        comp["exempt"] = [t for t in (normalize_term(x) for x in p.exempt_context) if t]
        comp["conditional"] = [t for t in (normalize_term(x) for x in p.conditional_context) if t]
        comp["exempt_title"] = regex.compile(p.exempt_title, regex.V1) if p.exempt_title else None
    rule.compiled = comp


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return _CHECKS[rule.params.check](rule, ctx)


def _label(path: str) -> str:
    base = path.split("[", 1)[0].split(".", 1)[0]
    label = FIELD_LABELS.get(base, path)
    if "[" in path and base == "selling_points":
        label += f" {int(path[path.index('[') + 1 : path.index(']')]) + 1}"
    return label


# -- attribute-contradiction -------------------------------------------------------------------
def _contradictions(rule: Rule, ctx: Context) -> Iterator[Finding]:
    comp = rule.compiled
    attributes = [
        (key, value)
        for key, value in ctx.draft.attributes.items()
        if isinstance(value, str) and value.strip()
    ]
    if not attributes:
        return
    texts = list(ctx.texts(rule))
    texts = [(p, t) for p, t in texts if not p.startswith("attributes.")]
    keys = [(key, value, normalize_term(key)) for key, value in attributes]
    for fam in comp["families"]:
        relevant = [(key, value) for key, value, nkey in keys if nkey in fam.keys]
        if not relevant:
            continue  # the draft has no attribute this family is about
        claim = _first_claim(rule, ctx, fam, texts, comp["before"], comp["after"])
        if claim is None:
            continue
        c_path, c_start, c_end, c_text = claim
        for key, value in relevant:
            vpath = f"attributes.{key}"
            norm = ctx.normalized(vpath, value)
            if fam.confirms.find(norm.text):
                continue
            against = fam.contradicts.find(norm.text)
            if not against:
                continue
            s, e = norm.span(against[0][0], against[-1][1])
            yield ctx.finding(
                rule,
                vpath,
                start=s,
                end=e,
                key_name=key,
                value=value.strip(),
                family=fam.name,
                claim=c_text,
                claim_where=f"{_label(c_path)}第 {c_start + 1}–{c_end} 字",
                claim_field=_label(c_path),
            )


def _first_claim(
    rule: Rule,
    ctx: Context,
    fam: _Family,
    texts: list[tuple[str, str]],
    before: list[str],
    after: list[str],
) -> tuple[str, int, int, str] | None:
    for path, text in texts:
        norm = ctx.normalized(path, text)
        ntext = norm.text
        spans = fam.claims.find(ntext)
        if not spans:
            continue
        protected = protected_spans(ctx, rule.pack, path, text)
        for s, e in spans:
            if any(ps < e and s < pe for ps, pe in protected):
                continue
            if any(ntext.endswith(b, 0, s) for b in before):
                continue
            if any(ntext.startswith(a, e) for a in after):
                continue
            o_s, o_e = norm.span(s, e)
            return path, o_s, o_e, text[o_s:o_e]
    return None


# -- detail-sections ---------------------------------------------------------------------------
def _sections(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    texts = list(ctx.texts(rule))
    if not texts:
        return  # no description: listing/description-missing reports that
    joined = "\n".join(ctx.normalized(path, text).text for path, text in texts)
    draft = ctx.draft
    missing: list[str] = []
    for section, cues, patterns in rule.compiled["sections"]:
        stands_in = (
            (
                "selling_points" in section.satisfied_by
                and any(s.strip() for s in draft.selling_points)
            )
            or ("attributes" in section.satisfied_by and len(draft.attributes) >= p.min_attributes)
            or (
                "scene_images" in section.satisfied_by
                and any(im.role == "scene" for im in draft.images)
            )
        )
        if stands_in or any(c in joined for c in cues):
            continue
        if any(search(rx, joined, rule.trusted) for rx in patterns):
            continue
        missing.append(section.name)
    if missing:
        yield ctx.finding(rule, texts[0][0], missing="、".join(missing), count=len(missing))


# -- detail-images -----------------------------------------------------------------------------
def _images(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    images = ctx.draft.images
    if not images and p.if_no_images == "skip":
        return
    have = sum(1 for im in images if im.role in p.roles)
    if have < p.min_images:
        anchor = "images" if images else ""
        yield ctx.finding(
            rule, anchor, key=bool(anchor), count=have, min=p.min_images, roles="/".join(p.roles)
        )


# -- promo-stacking ----------------------------------------------------------------------------
def _promos(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    limit = resolve(p.max_hooks, ctx.profile)
    if not isinstance(limit, int):
        return
    found: dict[str, tuple[str, int, int, str]] = {}  # hook name -> first (path, s, e, text)
    per_field: dict[str, list[tuple[int, int]]] = {}
    order: list[str] = []
    for path, text in ctx.texts(rule):
        norm = ctx.normalized(path, text)
        order.append(path)
        for name, rx in rule.compiled["hooks"]:
            for m in finditer(rx, norm.text, rule.trusted):
                if m.end() == m.start():
                    continue
                s, e = norm.span(m.start(), m.end())
                per_field.setdefault(path, []).append((s, e))
                found.setdefault(name, (path, s, e, text[s:e]))
    if len(found) <= limit:
        return
    # report in the field holding most hooks (the earlier field on a tie), first to last hook
    path = max(order, key=lambda f: (len(per_field.get(f, [])), -order.index(f)))
    spans = per_field[path]
    hooks = sorted(found.values(), key=lambda h: (order.index(h[0]), h[1]))
    yield ctx.finding(
        rule,
        path,
        start=min(s for s, _ in spans),
        end=max(e for _, e in spans),
        count=len(found),
        max=limit,
        hooks="、".join(h[3] for h in hooks),
    )


# -- no-returns --------------------------------------------------------------------------------
_SENTENCE_END = "。！？；;!?\n"


def _sentence(text: str, start: int, end: int) -> str:
    lo = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    hi_candidates = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i != -1]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return text[lo:hi]


def _no_returns(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    comp = rule.compiled
    exempt_title = comp["exempt_title"]
    if exempt_title is not None and search(
        exempt_title, ctx.normalized("title", ctx.draft.title).text, rule.trusted
    ):
        return
    for path, text in ctx.texts(rule):
        norm = ctx.normalized(path, text)
        ntext = norm.text
        spans: list[list[int]] = []
        for rx in comp["patterns"]:
            for m in finditer(rx, ntext, rule.trusted):
                if m.end() > m.start():
                    spans.append([m.start(), m.end()])
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            sentence = _sentence(ntext, s, e)
            if any(w in sentence for w in comp["exempt"]):
                continue
            o_s, o_e = norm.span(s, e)
            if any(w in sentence for w in comp["conditional"]):
                yield ctx.finding(
                    rule,
                    path,
                    start=o_s,
                    end=o_e,
                    severity=min(rule.severity, Severity.parse(p.conditional_severity)),
                    message=p.conditional_message,
                )
            else:
                yield ctx.finding(rule, path, start=o_s, end=o_e)


_CHECKS = {
    "attribute-contradiction": _contradictions,
    "detail-sections": _sections,
    "detail-images": _images,
    "promo-stacking": _promos,
    "no-returns": _no_returns,
}
