"""Title words and the category table: which node a title's product word names.

A core term (``记忆棉枕头``, ``iPhone15手机壳``) names a node when the table knows the whole term,
or one of its words from the head backwards (``枕头``), by name; otherwise its title-lexicon
group's node (``rules/categories.yaml`` ``groups``).  Generic words (套装, 用品) name nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from listlint.categories.table import CategoryTable
from listlint.text.normalize import normalize_term

if TYPE_CHECKING:
    from listlint.title.anatomy import CoreTerm, TitleAnatomy


def _pick(
    table: CategoryTable, ids: tuple[str, ...], context: str | None, words: tuple[str, ...] = ()
) -> str:
    """One meaning of an ambiguous name: the one related to the context, else the one the
    term's other words point to (猫咪冻干零食: 猫咪 is a pet, so 零食 is a pet treat)."""
    if context is not None:
        for node in ids:
            if table.related(node, context):
                return node
    if len(ids) > 1:
        evidence = [n for w in words if len(w) >= 2 for n in table.lookup(w)]
        for node in ids:
            domain = table.domain_of(node)
            for other in evidence:
                if table.related(node, other) or (domain and table.within(other, domain)):
                    return node
    return ids[0]


def term_node(
    table: CategoryTable, term: CoreTerm, context: str | None = None, before: str = ""
) -> str | None:
    """The node a core term names, or None when it names no known product.  `before` is the
    word right before the term when it is joined to it (婴儿 + 推车: the table knows 婴儿推车)."""
    if term.generic:
        return None
    node = _plain_node(table, term, context, before)
    domain = _used_for(table, term, before)
    if domain is not None and (node is None or not table.within(node, domain)):
        return domain  # 宠物体温计: a pet's thermometer
    return node


def _used_for(table: CategoryTable, term: CoreTerm, before: str) -> str | None:
    """The domain a use word before the term's head puts it in (宠物 in 宠物体温计)."""
    words = (before, *(t.norm for t in term.tokens[:-1]))
    for word in words:
        domain = table.use_words.get(word)
        if domain is not None:
            return domain
    return None


def _plain_node(
    table: CategoryTable, term: CoreTerm, context: str | None, before: str
) -> str | None:
    texts = [before + term.norm] if before else []
    texts += [term.norm, *(t.norm for t in reversed(term.tokens))]
    words = (before, *(t.norm for t in term.tokens))
    for text in texts:
        ids = table.lookup(text) if len(text) >= 2 else ()
        if ids:
            return _pick(table, ids, context, tuple(w for w in words if w != text))
    for text in (term.norm, *(t.norm for t in reversed(term.tokens))):
        inside = table.contained(text) if len(text) > 2 else None  # 全价猫粮 → 猫粮
        if inside is not None:
            return _pick(table, table.lookup(inside[0]), context, words)
    for group in term.groups:
        if not group.generic:
            node = table.by_group.get(group.name)
            if node is not None:
                return node
    return None


def accessory_of(table: CategoryTable, term: CoreTerm) -> tuple[str, str] | None:
    """(the product's name, its node) when the term names an accessory of it: a known name
    followed by an accessory head (冰箱贴磁贴, 笔记本电脑内胆包, 奶瓶刷奶嘴刷套装).  None when
    the table knows the whole term (手机壳, 床垫) or no head ends it."""
    text = term.norm
    for word in sorted(table.ignore, key=len, reverse=True):  # …套装: the set of it
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)]
            break
    if not text.endswith(table.accessory_heads):
        return None
    if any(table.lookup(text[-k:]) for k in range(2, len(text) + 1)):
        return None  # it ends with a product's name: 四件套床单被套 sells a 被套
    best: tuple[int, int, str] | None = None
    for size in range(min(len(text) - 1, 12), 1, -1):
        for i in range(len(text) - size):
            name, rest = text[i : i + size], text[i + size :]
            if not table.lookup(name) or name in table.ignore or table.contained(rest):
                continue
            if best is None or (i + size, size) > best[:2]:  # the product nearest the head
                best = (i + size, size, name)
    return (best[2], table.lookup(best[2])[0]) if best else None


def sells_accessories(table: CategoryTable, level: str) -> bool:
    """A category level that sells accessories (手机配件, 鞋垫, 相机包, 净化器滤芯)."""
    name = normalize_term(level)
    return any(w in name for w in table.accessory_words) or name.endswith(table.accessory_heads)


def product_terms(table: CategoryTable, anatomy: TitleAnatomy) -> list[CoreTerm]:
    """The title's core terms that name what is sold: not a product an accessory fits (适配小米
    空气净化器滤芯, 空气炸锅专用吸油纸).  None left means the title names no product listlint
    knows (the accessory itself, 滤芯, is not a product word of the lexicon)."""
    if not (table.fits_before or table.fits_after):
        return list(anatomy.core)
    tokens = anatomy.tokens
    out = []
    for term in anatomy.core:
        i = next((k for k, t in enumerate(tokens) if t.start == term.start), None)
        j = next((k for k, t in enumerate(tokens) if t.end == term.end), None)
        if i is None or j is None or not _fitted(table, tokens, i, j):
            out.append(term)
    return out


def _fitted(table: CategoryTable, tokens: list[Any], i: int, j: int) -> bool:
    """Tokens i..j (a core term) name what an accessory fits: one of `fits_after` follows, or
    one of `fits_before` comes before (brands and model numbers between) and a word follows
    the term without a space (适配小米空气净化器滤芯; not 适配iPhone15手机壳)."""
    if j + 1 < len(tokens) and tokens[j + 1].norm in table.fits_after:
        return True
    k = i - 1
    between = ("brand", "other")
    while k >= 0 and tokens[k].kind in between and tokens[k].norm not in table.fits_before:
        if not (tokens[k].kind == "brand" or tokens[k].norm.isascii()):
            return False
        k -= 1
    if k < 0 or tokens[k].norm not in table.fits_before:
        return False
    following = tokens[j + 1] if j + 1 < len(tokens) else None
    if following is None or following.norm.isascii() or following.kind not in ("core", "other"):
        return False  # 适配iPhone15手机壳磨砂: an attribute follows the product
    return following.start == tokens[j].end


def title_nodes(
    table: CategoryTable, anatomy: TitleAnatomy, context: str | None = None
) -> list[tuple[str, str]]:
    """(node, word as written) for the title's product words, in title order."""
    out: list[tuple[str, str]] = []
    for term in product_terms(table, anatomy):
        node = term_node(table, term, context, joined_before(anatomy, term))
        if node is not None:
            out.append((node, term.text))
    return out


def word_nodes(table: CategoryTable, anatomy: TitleAnatomy) -> list[tuple[str, str]]:
    """(node, word) for every other title word the table knows by name (猫咪 in 猫咪冻干零食):
    evidence for choosing among the meanings of an ambiguous category, not for inferring one."""
    out = []
    for token in anatomy.tokens:
        if token.kind != "core" and len(token.norm) >= 2:
            ids = table.lookup(token.norm)
            if len(ids) == 1:
                out.append((ids[0], token.text))
    return out


def joined_before(anatomy: TitleAnatomy, term: CoreTerm) -> str:
    """The normalised word right before a core term, when nothing separates them."""
    previous = None
    for token in anatomy.tokens:
        if token.end == term.start:
            previous = token
        if token.start >= term.start:
            break
    return previous.norm if previous is not None and previous.kind != "core" else ""
