"""Title words and the category table: which node a title's product word names.

A core term (``记忆棉枕头``, ``iPhone15手机壳``) names a node when the table knows the whole term,
or one of its words from the head backwards (``枕头``), by name; otherwise its title-lexicon
group's node (``rules/categories.yaml`` ``groups``).  Generic words (套装, 用品) name nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from listlint.categories.table import CategoryTable

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


def title_nodes(
    table: CategoryTable, anatomy: TitleAnatomy, context: str | None = None
) -> list[tuple[str, str]]:
    """(node, word as written) for the title's product words, in title order."""
    out: list[tuple[str, str]] = []
    for term in anatomy.core:
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
