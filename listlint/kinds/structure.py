"""The ``structure`` kind: a title's anatomy against the recipe 核心词 + 属性词 + 场景词.

One analysis per draft (``listlint.title.analyze_title``) is shared by every structure rule
through ``ctx.scratch["title_anatomy"]``.  ``check`` selects what a rule looks at:

``core-category``      the first product word fits the draft's category (类目错放)
``stuffing``           no word more than ``max_repeat`` times (default: ``title_max_repeat``)
``brand-multiple``     at most one brand named as the seller's (适用华为 names a device,
                       not a brand)
``brand-ip``           no famous brand other than the draft's own followed by 同款/风/平替 …
``generic-only``       the title is more than filler (百货, 好物, 链接, 套装, 秒杀专项 …)
``symbols``            no repeated decorative symbols (★★, 【【), runs of !!! and no emoji

Spans index the draft's original title, so findings point at the exact characters.  The
anatomy's counts and positions are also facts (``title_facts``) for ``compare`` rules: a title
without a core word, attribute or scene word, a core word that starts too late.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from listlint.categories.table import CategoryTable
from listlint.categories.words import (
    accessory_of,
    joined_before,
    product_terms,
    sells_accessories,
    term_node,
)
from listlint.findings import Finding
from listlint.kinds.base import Context, Rule
from listlint.kinds.facts import Facts
from listlint.platforms import resolve
from listlint.title.anatomy import CoreTerm, TitleAnatomy, analyze_title
from listlint.title.lexicon import Family, Lexicon, boost_key, load

if TYPE_CHECKING:
    from listlint.categories.resolve import Resolution

Check = Literal[
    "core-category",
    "stuffing",
    "brand-multiple",
    "brand-ip",
    "generic-only",
    "symbols",
]
FIELD = "title"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    check: Check
    max_repeat: int | str = Field(
        "profile:title_max_repeat", description="stuffing: the most times a word may appear"
    )
    markers: list[str] = Field(
        default_factory=list,
        description="brand-ip: words after a brand that claim its design",
    )
    vague: list[str] = Field(
        default_factory=list,
        description="generic-only: words that name no particular product",
    )
    symbol_run: int = Field(2, ge=2, description="symbols: a decorative symbol repeated this often")
    punct_run: int = Field(3, ge=2, description="symbols: ! or ? repeated this often")
    emoji: bool = Field(True, description="symbols: report emoji")


def shared(rules: list[Rule], resources: object) -> Lexicon:
    """The title lexicons, loaded once for every structure rule (and carried by the compiled
    cache: a cached start does not parse 24 YAML files)."""
    lex = load()
    boost_key(lex)
    return lex


def lexicon_of(ctx: Context) -> Lexicon:
    return ctx.shared("structure")  # type: ignore[no-any-return]


def anatomy(ctx: Context) -> TitleAnatomy:
    """The title's anatomy, computed once per draft."""
    found = ctx.scratch.get("title_anatomy")
    if not isinstance(found, TitleAnatomy):
        draft = ctx.draft
        found = analyze_title(draft.title, draft.brand, ctx.category, lexicon_of(ctx))
        ctx.scratch["title_anatomy"] = found
    return found


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    if not ctx.draft.title.strip():
        return
    yield from _CHECKS[params.check](rule, ctx, params)


# -- the checks --------------------------------------------------------------------------------


def _core_category(rule: Rule, ctx: Context, params: Params) -> Iterator[Finding]:
    found = core_category_verdict(ctx)
    if found is not None and not found.ok:
        yield ctx.finding(
            rule,
            FIELD,
            start=found.term.start,
            end=found.term.end,
            word_family=found.word_path,
            category=ctx.draft.category,
            family=found.category_path,
        )


@dataclass(frozen=True, slots=True)
class CoreVerdict:
    """The first product word of a title against the draft's category family."""

    term: CoreTerm
    ok: bool
    word_node: str | None
    word_path: str
    category_path: str
    reason: str  # why: same, ancestor, descendant, compatible, unknown-word, other-family


def core_category_verdict(ctx: Context) -> CoreVerdict | None:
    """The title's product word against the draft's category (see `title_category_verdict`)."""
    if ctx.family is None or ctx.resolution is None:
        return None
    return title_category_verdict(ctx.resources.categories, anatomy(ctx), ctx.resolution)


def title_category_verdict(
    table: CategoryTable, a: TitleAnatomy, resolution: Resolution
) -> CoreVerdict | None:
    """Consistent when the core word names the family's product, a synonym, a leaf or a parent
    of it, a product declared compatible with it, or what the category's own deepest level
    names; in a domain whose titles name other things (a book's title, a service's object) a
    title with one of the domain's markers (正版, 保修) is consistent.  An accessory of the
    category's product (冰箱贴 under 冰箱) is a mismatch; otherwise a mismatch only when the word
    belongs confidently to another family and no other product word of the title fits.  None
    when there is nothing to judge (no product word, no decided family)."""
    family = resolution.node
    if family is None:
        return None
    terms = product_terms(table, a)
    if not terms:
        return None
    domain = table.domain_of(family)
    markers = table.title_markers.get(domain or "", frozenset())
    marker = next((t for t in a.tokens if t.norm in markers), None)
    if marker is not None and domain is not None:
        # 追风筝的人 …正版: a book whose title names a kite; a product of the domain itself
        # (会员年卡 under 门票) is still judged
        node = term_node(table, terms[0], family, joined_before(a, terms[0]))
        if node is None or not table.within(node, domain):
            path = table.path_name(node) if node else ""
            return CoreVerdict(terms[0], True, node, path, table.path_name(family), "domain")
    accessory = _accessory(table, terms[0], resolution)
    if accessory is not None:
        return accessory
    verdict = judge(table, terms[0], family, joined_before(a, terms[0]), resolution.leaf)
    if not verdict.ok:
        # another product word of the title that fits (汽车 + 儿童安全座椅): not a mismatch
        for other in terms[1:4]:
            again = judge(table, other, family, joined_before(a, other), resolution.leaf)
            if again.ok and again.word_node is not None:
                return again
    return verdict


def _accessory(table: CategoryTable, term: CoreTerm, resolution: Resolution) -> CoreVerdict | None:
    """An accessory of the category's own product (冰箱贴 under 大家电 > 冰箱, 键盘膜 under 键盘)
    is a mismatch, unless the category's deepest level sells accessories."""
    family = resolution.node
    found = accessory_of(table, term)
    if family is None or found is None or "." not in family:
        return None
    name, node = found
    path = f"{name}的配件或周边"
    if any(sells_accessories(table, t) for t in resolution.leaf_text or resolution.segments[-1:]):
        # 笔记本电脑内胆包 under 笔记本配件: where accessories are sold
        return CoreVerdict(term, True, node, path, table.path_name(family), "accessory-category")
    if not (table.within(node, family) or table.within(family, node)):
        return None
    return CoreVerdict(term, False, node, path, table.path_name(family), "accessory")


def judge(
    table: CategoryTable,
    term: CoreTerm,
    family: str,
    before: str = "",
    leaf: tuple[str, ...] = (),
) -> CoreVerdict:
    category_path = table.path_name(family)
    nodes = [n for n in _term_nodes(table, term, family, before) if n is not None]
    if not nodes:
        return CoreVerdict(term, True, None, "", category_path, "unknown-word")
    for node in nodes:
        if table.related(node, family):
            reason = "same" if node == family else (
                "descendant" if table.within(node, family) else
                "ancestor" if table.within(family, node) else "compatible"
            )  # fmt: skip
            return CoreVerdict(term, True, node, table.path_name(node), category_path, reason)
    node = nodes[0]
    path = table.path_name(node)
    if any(table.related(n, named) for n in nodes for named in leaf):
        return CoreVerdict(term, True, node, path, category_path, "category-word")
    confident = term.from_lexicon or any(table.lookup(t.norm) for t in term.tokens)
    return CoreVerdict(term, not confident, node, path, category_path, "other-family")


def _term_nodes(
    table: CategoryTable, term: CoreTerm, family: str, before: str = ""
) -> list[str | None]:
    """The nodes the whole term and each of its lexicon words name (a compound fits when one
    of its words does: T恤短裤套装 fits T恤)."""
    first = term_node(table, term, family, before)
    out = [first]
    used = {table.use_words.get(w) for w in (before, *(t.norm for t in term.tokens[:-1]))}
    if first is not None and first in used:
        return out  # 宠物体温计 is a pet product, whatever 体温计 alone would be
    for token in term.tokens:
        if token.detail == "lexicon":
            ids = table.lookup(token.norm) if len(token.norm) >= 2 else ()
            if not ids and len(token.norm) > 2:  # 重油污清洁剂: its head 清洁剂 names it
                inside = table.contained(token.norm)
                if inside is not None and token.norm.endswith(inside[0]):
                    ids = table.lookup(inside[0])
            if ids:
                out.append(next((i for i in ids if table.related(i, family)), ids[0]))
    return out


def _family(ctx: Context, a: TitleAnatomy) -> Family | None:
    term = a.first_product
    return lexicon_of(ctx).suggestions(ctx.category, term.groups if term else ())


def _stuffing(rule: Rule, ctx: Context, params: Params) -> Iterator[Finding]:
    limit = _int(resolve(params.max_repeat, ctx.profile), 2)
    a = anatomy(ctx)
    for tokens in a.repeats(frozenset(lexicon_of(ctx).stop)).values():
        if len(tokens) > limit:
            extra = tokens[limit]
            yield ctx.finding(
                rule,
                FIELD,
                start=extra.start,
                end=extra.end,
                word=tokens[0].text,
                count=len(tokens),
                max=limit,
            )


def _brand_multiple(rule: Rule, ctx: Context, params: Params) -> Iterator[Finding]:
    a = anatomy(ctx)
    claimed = [b for b in a.brands if b.own or not b.compat]
    names: dict[str, str] = {}
    for mention in claimed:
        key = "\0own" if mention.own else mention.name
        names.setdefault(key, mention.text)
        if len(names) == 2:
            yield ctx.finding(
                rule,
                FIELD,
                start=mention.start,
                end=mention.end,
                brands="、".join(names.values()),
            )
            return


def _brand_ip(rule: Rule, ctx: Context, params: Params) -> Iterator[Finding]:
    a = anatomy(ctx)
    markers = sorted((m.casefold() for m in params.markers), key=len, reverse=True)
    title = ctx.draft.title
    for mention in a.brands:
        if mention.own:
            continue
        following = _following_text(a, mention.end)
        marker = next((m for m in markers if following.startswith(m)), None)
        if marker is None:
            continue
        end = _original_end(title, mention.end, marker)
        yield ctx.finding(
            rule, FIELD, start=mention.start, end=end, brand=mention.name, marker=marker
        )


def _following_text(a: TitleAnatomy, end: int) -> str:
    """Normalised text of the tokens right after original index `end` (same phrase)."""
    out = []
    pos = end
    for token in a.tokens:
        if token.start < end:
            continue
        if token.start != pos or len(out) >= 2:
            break
        out.append(token.norm)
        pos = token.end
    return "".join(out)


def _original_end(title: str, end: int, marker: str) -> int:
    """Extend a span over `marker` in the original title (case and width may differ)."""
    taken = 0
    pos = end
    while pos < len(title) and taken < len(marker):
        piece = unicodedata.normalize("NFKC", title[pos]).casefold()
        if piece.strip():
            taken += len(piece)
        pos += 1
    return pos


def _generic_only(rule: Rule, ctx: Context, params: Params) -> Iterator[Finding]:
    a = anatomy(ctx)
    vague = {w.casefold() for w in params.vague} | lexicon_of(ctx).generic
    if any(term.norm not in vague and not term.generic for term in a.core):
        return
    if any(term.norm not in vague and term.from_lexicon for term in a.core):
        return
    words = [t for t in a.tokens if t.norm in vague]
    if not words:
        return
    first = words[0]
    yield ctx.finding(
        rule,
        FIELD,
        start=first.start,
        end=first.end,
        words="、".join(dict.fromkeys(t.text for t in words)),
    )


_BRACKETS = "【】[]［］{}｛｝()（）<>《》〈〉「」『』〔〕"
_PUNCT = "!！?？"


# emoji: these code point ranges and single code points, except the stars ★☆ (decoration,
# reported as symbols when repeated)
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2700, 0x27BF), (0x2600, 0x26FF))
_EMOJI_SINGLES = frozenset({0x2B50, 0x2B55, 0x2B1B, 0x2B1C, 0x231A, 0x231B, 0xFE0F, 0x200D})
_NOT_EMOJI = frozenset({0x2605, 0x2606})


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    if cp in _NOT_EMOJI:
        return False
    return cp in _EMOJI_SINGLES or any(lo <= cp <= hi for lo, hi in _EMOJI_RANGES)


def _symbols(rule: Rule, ctx: Context, params: Params) -> Iterator[Finding]:
    title = ctx.draft.title
    delete = rule.spec.fix is not None and rule.spec.fix.action == "delete"
    for start, end, what in _symbol_runs(title, params):
        text, _ = rule.spec.variant(what)
        yield ctx.finding(rule, FIELD, start=start, end=end, what=text, fix="" if delete else None)


# every character a run below can start with (emoji ranges taken wide): a title with none of
# them, most titles, is answered by one search instead of a loop over its characters
_RUN_START = regex.compile(
    "[[\\p{S}--\\p{ASCII}]"
    + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _EMOJI_RANGES)
    + "".join(map(chr, sorted(_EMOJI_SINGLES)))
    + regex.escape(_PUNCT + _BRACKETS)
    + "]",
    regex.V1,
)


def _is_decoration(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "S" and not ch.isascii()


def _run(title: str, i: int, params: Params) -> tuple[int, str | None]:
    """The run of symbols that starts at `i`: its end, and its kind if it is reported (the
    kind names a message variant of the rule: emoji, punct, brackets, decor)."""
    n, ch = len(title), title[i]
    j = i + 1
    if params.emoji and _is_emoji(ch):
        while j < n and (_is_emoji(title[j]) or unicodedata.category(title[j]) in ("Mn", "Cf")):
            j += 1
        return j, "emoji"
    if ch in _PUNCT:
        while j < n and title[j] in _PUNCT:
            j += 1
        return j, "punct" if j - i >= params.punct_run else None
    if ch in _BRACKETS:
        while j < n and title[j] == ch:
            j += 1
        return j, "brackets" if j - i >= 2 else None
    if _is_decoration(ch):
        while j < n and _is_decoration(title[j]) and not _is_emoji(title[j]):
            j += 1
        return j, "decor" if j - i >= params.symbol_run else None
    return j, None


def _symbol_runs(title: str, params: Params) -> list[tuple[int, int, str]]:
    if _RUN_START.search(title) is None:
        return []
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(title):
        j, what = _run(title, i, params)
        if what is not None:
            out.append((i, j, what))
        i = j
    return out


def _int(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return default


_CHECKS = {
    "core-category": _core_category,
    "stuffing": _stuffing,
    "brand-multiple": _brand_multiple,
    "brand-ip": _brand_ip,
    "generic-only": _generic_only,
    "symbols": _symbols,
}


# -- facts for compare rules (core-missing, core-position, attribute-missing, scene-missing) ----
SUGGESTIONS = 5


def title_facts(rule: Rule, ctx: Context) -> list[Facts]:
    """The title's anatomy as numbers: how many core, attribute and scene words it has, and
    where its first core word starts (1-based); the family's suggested words for messages."""
    if not ctx.draft.title.strip():
        return []
    a = anatomy(ctx)
    family = _family(ctx, a)
    lex = lexicon_of(ctx)

    def suggest(kind: str) -> str:
        words = getattr(family, kind) if family else lex.markers.get(f"default_{kind}", ())
        return "、".join(words[:SUGGESTIONS])

    fields = {
        "core_count": len(a.core),
        "attribute_count": len(a.attributes),
        "scene_count": len(a.scenes),
        "core_position": a.core[0].start + 1 if a.core else None,
    }
    values = {
        "category": ctx.category,
        "attribute_suggestions": suggest("attributes"),
        "scene_suggestions": suggest("scenes"),
    }
    span = (a.core[0].start, a.core[0].end) if a.core else None
    if a.core:
        values["position"] = a.core[0].start + 1
    return [Facts(FIELD, fields, values, span)]
