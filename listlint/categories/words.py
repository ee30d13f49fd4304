"""Title words and the category table: which node a title's product word names.

A core term (``记忆棉枕头``, ``iPhone15手机壳``) names a node when the table knows the whole term,
or one of its words from the head backwards (``枕头``), by name; otherwise its title-lexicon
group's node (``rules/categories.yaml`` ``groups``).  Generic words (套装, 用品) name nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from listlint.categories.table import CategoryTable

if TYPE_CHECKING:
    from listlint.title.anatomy import CoreTerm, TitleAnatomy


def _pick(table: CategoryTable, ids: tuple[str, ...], context: str | None) -> str:
    if context is not None:
        for node in ids:
            if table.related(node, context):
                return node
    return ids[0]


def term_node(table: CategoryTable, term: CoreTerm, context: str | None = None) -> str | None:
    """The node a core term names, or None when it names no known product."""
    if term.generic:
        return None
    for text in (term.norm, *(t.norm for t in reversed(term.tokens))):
        ids = table.lookup(text) if len(text) >= 2 else ()
        if ids:
            return _pick(table, ids, context)
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
        node = term_node(table, term, context)
        if node is not None:
            out.append((node, term.text))
    return out
