"""From a category as a seller writes it to a node of the category table.

``保健品/鱼油``, ``食品饮料 > 休闲食品 > 坚果炒货``, ``美妝/護膚/面霜``, ``Beauty/Skin care``,
``面霜``, ``个护化装/面霜`` all resolve: the text is split into levels at any separator
(``/ > ＞ » | \\ → ->``, `` - ``, ``、``, commas, and spaces when nothing else separates), each
level is normalised (NFKC, case, Traditional → Simplified, spaces dropped) and looked up by
exact name, English singular, the longest known name it contains, and a one-edit typo (names
of three or more characters).  The deepest level that names a node decides; earlier levels
choose among the meanings of an ambiguous name (``宠物 > 玩具`` is a pet toy).  A category that
says nothing (``其他``, ``未分类``) may be inferred from the title's core word when that is
unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from listlint.categories.table import CategoryTable
from listlint.text.normalize import normalize_term

MAX_CHARS = 300  # a category path is short; a 10,000-character one is judged on its start
# levels are separated by these; a level may then list alternatives joined by the weak ones
# (JD writes 图书、音像、电子书刊 > 文艺, Pinduoduo 零食/坚果/特产 > 坚果炒货)
_STRONG = re.compile(r"\s*(?:->|=>|→|>|»|›|\||\\|\s-\s|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f]))\s*")
_WEAK = re.compile(r"\s*(?:/|、|,|，|;|；)\s*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")

HOW = ("name", "english", "contained", "typo", "title")


@dataclass(frozen=True, slots=True)
class Hit:
    written: str  # the segment as written
    name: str  # the known name that matched
    ids: tuple[str, ...]
    how: str  # name | english | contained | typo

    @property
    def strong(self) -> bool:
        return self.how in ("name", "english")


@dataclass(frozen=True)
class Resolution:
    """What a category resolves to, why, and how sure listlint is."""

    text: str
    node: str | None = None
    how: str = ""  # name | english | contained | typo | title
    evidence: str = ""  # the part of the category (or the title) that decided it, as written
    matched: str = ""  # the known name it matched
    typo: tuple[str, str] | None = None  # (as written, the name it was read as)
    alternatives: tuple[str, ...] = ()  # other nodes the deciding name could mean
    unresolved: tuple[str, ...] = ()  # segments no name matched
    suggestions: tuple[str, ...] = ()  # nearest known names of those segments
    problem: str | None = None  # empty | vague | unknown | ambiguous (None: resolved cleanly)
    segments: tuple[str, ...] = field(default=(), repr=False)
    # every node the deepest level that said something names, whether or not it decided
    # (车载手机支架 under 汽车用品, 婴儿电吹风 under 母婴): the seller's own word for the product
    leaf: tuple[str, ...] = field(default=(), repr=False)
    leaf_text: tuple[str, ...] = field(default=(), repr=False)  # that level's names as written

    @property
    def confidence(self) -> str:
        if self.node is None:
            return "none"
        if self.how in ("name", "english") and self.problem is None:
            return "high"
        return "medium" if self.how in ("name", "english", "contained") else "low"


def levels(text: str) -> list[list[str]]:
    """The levels of a category path, each a list of alternatives (a level written
    ``零食/坚果/特产`` in a ``>`` path is one level of three names), as written."""
    return _levels(text)[0]


def _levels(text: str) -> tuple[list[list[str]], bool]:
    """The levels, and whether a strong separator made them (``食品/坚果`` has none: each
    name is a level, unless they turn out to be siblings, see `_sibling_leaf`)."""
    clean = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text[:MAX_CHARS])).strip()
    if not clean:
        return [], False
    strong = [p for p in _STRONG.split(clean) if p.strip()]
    if len(strong) > 1:
        return [[q for q in _WEAK.split(p) if q.strip()] for p in strong], True
    parts = [q for q in _WEAK.split(clean) if q.strip()]
    return [[p] for p in parts], False


def _singular(name: str) -> str | None:
    if name.isascii() and len(name) > 3:
        if name.endswith("ies"):
            return name[:-3] + "y"
        if name.endswith("es"):
            return name[:-2]
        if name.endswith("s"):
            return name[:-1]
    return None


def _find(table: CategoryTable, written: str) -> Hit | None:
    name = _strip_vague(table, normalize_term(written))
    if not name:
        return None
    found = table.lookup(name)
    if found:
        return Hit(written, name, found, "name")
    single = _singular(name)
    if single and table.lookup(single):
        return Hit(written, single, table.lookup(single), "english")
    fixed = table.typo(name)
    if fixed is not None:
        return Hit(written, fixed, table.lookup(fixed), "typo")
    inside = table.contained(name) if not name.isascii() else None
    if inside is not None:
        return Hit(written, inside[0], table.lookup(inside[0]), "contained")
    return None


def _strip_vague(table: CategoryTable, name: str) -> str:
    """A level named "the rest of" its parent (JD 其他特产, 其它配件) stands for what follows the
    vague word: 特产."""
    for word in ("其他", "其它", "其余", "更多"):
        if name.startswith(word) and len(name) > len(word) + 1:
            return name[len(word) :]
    return name


def _said_nothing(table: CategoryTable, written: str) -> bool:
    name = normalize_term(written)
    return not name or name in table.vague or name in table.ignore or name.isdigit()


@dataclass
class _Walk:
    table: CategoryTable
    context: str | None = None
    hit: Hit | None = None
    alternatives: tuple[str, ...] = ()
    typo: tuple[str, str] | None = None
    unresolved: list[str] = field(default_factory=list)
    anything: bool = False  # some segment said something
    leaf: tuple[tuple[str, ...], ...] = ()  # the ids of each name of the deepest level
    leaf_text: tuple[str, ...] = ()
    named: list[str] = field(default_factory=list)  # the node each level named, in order
    loose: bool = False  # the context came from a level whose alternatives disagreed

    def level(self, names: Sequence[str]) -> None:
        hits: list[Hit] = []
        for written in names:
            if _said_nothing(self.table, written):
                continue
            self.anything = True
            hit = _find(self.table, written)
            words = written.split()
            # 手机配件 充电器, Baby Strollers: words separated by spaces are levels, the last
            # the most specific (a guess on the whole would stop at the first word)
            spaced = len(names) == 1 and len(words) > 1 and (hit is None or not hit.strong)
            if spaced and self._words_as_levels(words):
                return
            if hit is None:
                self._split_words(written, hits)
            else:
                hits.append(hit)
        if hits:
            self._name_leaf(hits)
        if len(hits) > 1 and len(names) > 1:
            hits = self._alternatives(hits)
        if hits:
            self._choose(hits)

    def _name_leaf(self, hits: list[Hit]) -> None:
        named = [h.ids for h in hits if h.how != "typo" and h.name not in self.table.ignore]
        if named:
            self.leaf = tuple(named)
            self.leaf_text = tuple(h.written for h in hits)
            self.named.append(named[0][0])

    def _alternatives(self, hits: list[Hit]) -> list[Hit]:
        """A level listing alternatives (零食/坚果/特产): their common ancestor, if they have one
        below the context, stands for the level; else the first that fits the context."""
        table = self.table
        nodes = [h.ids[0] for h in hits]
        common = nodes[0]
        for node in nodes[1:]:
            while common and not table.within(node, common):
                common = common.rsplit(".", 1)[0] if "." in common else ""
        if not common:
            # no common ancestor: the family most alternatives name (影视/会员/腾讯QQ专区 is a
            # membership, two names of three), when one does
            families = [n.split(".", 1)[0] for n in nodes]
            ranked = sorted(set(families), key=families.count, reverse=True)
            if len(ranked) > 1 and families.count(ranked[0]) > families.count(ranked[1]):
                same = [h for h in hits if h.ids[0].split(".", 1)[0] == ranked[0]]
                return self._alternatives(same)  # one family: they have a common ancestor
        if common:
            return [Hit(" / ".join(h.written for h in hits), table.node(common).name, (common,),
                        "name")]  # fmt: skip
        self.loose = True  # 影视/会员 > 视频会员: the next level decides, whatever the domain
        return hits

    def _words_as_levels(self, words: list[str]) -> bool:
        found = [(w, _find(self.table, w)) for w in words if not _said_nothing(self.table, w)]
        if not any(hit is not None for _, hit in found):
            return False
        for word, hit in found:
            if hit is None:
                self.unresolved.append(word)
            else:
                self._name_leaf([hit])
                self._choose([hit])
        return True

    def _split_words(self, written: str, hits: list[Hit]) -> None:
        """A level with spaces and no other separator (``食品 坚果``): its words."""
        words = written.split()
        found = [h for h in (_find(self.table, w) for w in words) if h is not None]
        if len(words) > 1 and found:
            hits.extend(found)
        else:
            self.unresolved.append(written)

    def _choose(self, hits: list[Hit]) -> None:
        table, context = self.table, self.context
        hits = sorted(hits, key=lambda h: not h.strong)  # exact names before guesses
        under = []
        if context is not None:
            under = [(h, i) for h in hits for i in h.ids if table.related(i, context)]
        if under:
            hit, node = under[0]
            alternatives: tuple[str, ...] = ()  # the levels above decided
        else:
            hit, node = hits[0], hits[0].ids[0]
            domain = table.domain_of(context) if context is not None and not self.loose else None
            if context is not None and (
                not hit.strong or (domain is not None and not table.related(node, domain))
            ):
                # a guessed name elsewhere does not overrule a level that said more, and
                # nothing leaves a domain but for what it declares compatible (宠物 > 洗护 >
                # 沐浴露 stays a pet product; 宠物 > 驱虫药 is a veterinary drug); the level
                # is then reported as not understood, with its did-you-mean
                if not hit.strong:
                    self.unresolved.append(hit.written)
                return
            alternatives = tuple(i for i in hit.ids if i != node and not table.related(i, node))
        self.hit = hit
        self.context = node
        self.alternatives = alternatives
        self.loose = self.loose and len(hits) > 1
        if hit.how == "typo":
            self.typo = (hit.written, hit.name)


def resolve(
    table: CategoryTable,
    text: str,
    title_nodes: Callable[[], list[tuple[str, str]]] | None = None,
) -> Resolution:
    """Resolve a category as written.  `title_nodes` gives (node, core word as written) for the
    title's product words, for inferring a category that says nothing and for choosing among
    the meanings of an ambiguous one."""
    walk = _Walk(table)
    parts, strong = _levels(text)
    if not strong and len(parts) > 1 and _one_level(table, [p[0] for p in parts]):
        parts = [[p[0] for p in parts]]
    for names in parts:
        walk.level(names)
    unresolved = tuple(walk.unresolved)
    suggestions = tuple(
        s
        for u in unresolved
        if normalize_term(u)
        for s in table.nearest(normalize_term(u), 1, near=walk.context)
    )
    flat = tuple(n for level in parts for n in level)
    if walk.hit is not None and walk.context is not None:
        node, alternatives = walk.context, walk.alternatives
        problem = None
        if alternatives:
            node, alternatives, problem = _disambiguate(table, node, alternatives, title_nodes)
        leaf = _leaf(table, node, walk, strong)
        return Resolution(
            text, node, walk.hit.how, walk.hit.written, walk.hit.name, walk.typo, alternatives,
            unresolved, suggestions, problem, flat, leaf, walk.leaf_text,
        )  # fmt: skip
    problem = "unknown" if walk.anything else ("vague" if flat else "empty")
    inferred = _from_title(table, title_nodes)
    if inferred is not None:
        node, word = inferred
        return Resolution(
            text, node, "title", word, word, None, (), unresolved, suggestions, problem, flat
        )
    return Resolution(text, None, "", "", "", None, (), unresolved, suggestions, problem, flat)


def _one_level(table: CategoryTable, names: list[str]) -> bool:
    """``影视/会员/腾讯QQ专区`` is one level listing alternatives (PDD writes its level names so),
    not three levels: its names fall in different families, most of them in one, and no later
    name has a meaning under the first (宠物/保健品/益生菌 is a path: 保健品 can be a pet's)."""
    hits = [h for h in (_find(table, n) for n in names) if h is not None]
    if len(hits) < 2:
        return False
    first = hits[0].ids[0].split(".", 1)[0]
    if any(table.within(i, first) for h in hits[1:] for i in h.ids):
        return False
    families = [h.ids[0].split(".", 1)[0] for h in hits]
    ranked = sorted(set(families), key=families.count, reverse=True)
    return len(ranked) > 1 and families.count(ranked[0]) > families.count(ranked[1])


def _leaf(table: CategoryTable, node: str, walk: _Walk, strong: bool) -> tuple[str, ...]:
    """What the seller's own deepest words name, as evidence for the title: not what a domain
    overruled (图书 > 汽车 is a book), and of an ambiguous name only the meaning chosen; in a
    path without strong separators, trailing siblings are one level's alternatives (PDD's
    ``咖啡/麦片/冲饮``), not levels."""
    leaf: list[str] = []
    for ids in walk.leaf:
        chosen = [i for i in ids if table.related(i, node)]
        leaf.extend(chosen if chosen and len(ids) > 1 else ids)
    if not strong and len(walk.named) > 1:
        parent = table.node(walk.named[-1]).parent
        for other in reversed(walk.named[:-1]):
            if parent is None or table.node(other).parent != parent:
                break
            leaf.append(other)
    domain = table.domain_of(node)
    if domain is not None:
        leaf = [i for i in leaf if table.related(i, domain)]
    return tuple(dict.fromkeys(leaf))


def _disambiguate(
    table: CategoryTable,
    node: str,
    alternatives: tuple[str, ...],
    title_nodes: Callable[[], list[tuple[str, str]]] | None,
) -> tuple[str, tuple[str, ...], str | None]:
    """An ambiguous name with nothing above it to decide: the title's product words choose;
    else the table's default stands and the resolution says it is ambiguous."""
    if title_nodes is not None:
        words = title_nodes()
        words = words + list(getattr(title_nodes, "others", lambda: [])())
        candidates = (node, *alternatives)
        # a domain's products say so (猫咪冻干零食 is a pet treat): a title word of a domain
        # decides before the product words, which may themselves be ambiguous (零食)
        in_domain = [
            c for c in candidates
            if (d := table.domain_of(c)) and any(table.within(w, d) for w, _ in words)
        ]  # fmt: skip
        for candidate in [*in_domain, *candidates]:
            if any(table.related(candidate, word) for word, _ in words) or candidate in in_domain:
                rest = tuple(a for a in (node, *alternatives) if a != candidate)
                return candidate, tuple(a for a in rest if not table.related(a, candidate)), None
    families = {table.node(n).family for n in (node, *alternatives)}
    return node, alternatives, ("ambiguous" if len(families) > 1 else None)


def _from_title(
    table: CategoryTable, title_nodes: Callable[[], list[tuple[str, str]]] | None
) -> tuple[str, str] | None:
    """The node of the title's product words, when they agree (one line of the hierarchy)."""
    if title_nodes is None:
        return None
    found = title_nodes()
    if not found:
        return None
    first, word = found[0]
    if all(table.related(first, other) for other, _ in found[1:]):
        return first, word
    return None
