"""The category table (``rules/categories.yaml`` plus the user's config): product families as a
hierarchy of nodes, each with the names platforms and sellers use for it.

Names are stored normalised (NFKC, case folded, Traditional → Simplified, spaces and decorative
characters dropped: ``listlint.text.normalize.normalize_term``), so ``美妝``, ``ＢＥＡＵＴＹ`` and
``Skin care`` are looked up as ``美妆``, ``beauty`` and ``skincare``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from listlint.text.normalize import normalize_term


class CategoryTableError(ValueError):
    """A category table (built-in or a user's addition) that makes no sense."""


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    parent: str | None
    compatible: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    domain: bool = False  # a path under this node belongs to it whatever its lower levels say

    @property
    def family(self) -> str:
        """The top-level family id (``food`` for ``food.nuts``)."""
        return self.id.split(".", 1)[0]


@dataclass
class CategoryTable:
    nodes: dict[str, Node]
    index: dict[str, tuple[str, ...]]  # normalised name → node ids (the default first)
    vague: frozenset[str]
    ignore: frozenset[str]
    by_group: dict[str, str] = field(default_factory=dict)  # title-lexicon group → node id
    # a product word right after one of `fits_before` (适配, 适用) or before one of `fits_after`
    # (专用) names what an accessory fits, not what is sold
    fits_before: frozenset[str] = frozenset()
    fits_after: frozenset[str] = frozenset()
    use_words: dict[str, str] = field(default_factory=dict)  # 宠物 → pets: 宠物体温计 is a pet's
    # domain → title words that say the listing is the domain's (正版 for a book, 保修 for a
    # service): its other product words are then what the book is about, what is serviced
    title_markers: dict[str, frozenset[str]] = field(default_factory=dict)
    accessory_heads: tuple[str, ...] = ()  # 贴, 膜, 保护套 …: 冰箱贴 is a fridge's accessory
    accessory_words: tuple[str, ...] = ()  # 配件, 耗材 …: a category level that sells them
    _names_by_length: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _chars: dict[str, list[str]] = field(default_factory=dict, repr=False)

    # -- the hierarchy ---------------------------------------------------------------------
    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def within(self, node_id: str, ancestor: str) -> bool:
        """`node_id` is `ancestor` or below it."""
        return node_id == ancestor or node_id.startswith(ancestor + ".")

    def related(self, a: str, b: str) -> bool:
        """On one line of the hierarchy (one is the other or an ancestor of it), or declared
        compatible (products of one legitimately sell in the other)."""
        if self.within(a, b) or self.within(b, a):
            return True
        return self._compatible(a, b) or self._compatible(b, a)

    def _compatible(self, category: str, word: str) -> bool:
        """`category` declares `word`'s products compatible (its own list: a leaf does not
        inherit what its parent accepts, 手机壳 is not a 耳机 because 手机配件 sells both)."""
        return any(
            self.within(word, other) or self.within(other, word)
            for other in self.nodes[category].compatible
        )

    def domain_of(self, node_id: str) -> str | None:
        """The domain family a node lies in (``pets``), if any."""
        family = node_id.split(".", 1)[0]
        return family if self.nodes[family].domain else None

    def lineage(self, node_id: str) -> list[str]:
        """The node and its ancestors, the node first."""
        parts = node_id.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]

    def path_name(self, node_id: str) -> str:
        """Display path: 食品 > 坚果炒货."""
        return " > ".join(self.nodes[n].name for n in reversed(self.lineage(node_id)))

    # -- names ------------------------------------------------------------------------------
    def lookup(self, name: str) -> tuple[str, ...]:
        """Node ids of a normalised name (exact), the default first."""
        return self.index.get(name, ())

    def contained(self, text: str) -> tuple[str, str] | None:
        """The longest known name inside `text` (≥ 2 characters) and its default node: a leaf
        written ``电水壶/热水瓶`` or ``儿童安全座椅ISOFIX`` still names its product."""
        fallback = None
        for size in range(min(len(text) - 1, 12), 1, -1):
            for i in range(len(text) - size, -1, -1):  # the head (the end) first: 平板拖把 → 拖把
                name = text[i : i + size]
                found = self.index.get(name)
                if found:
                    if name not in self.ignore:
                        return name, found[0]
                    fallback = fallback or (name, found[0])  # 碗碟套装 is 碗碟 before 套装
        return fallback

    def _by_char(self) -> dict[str, list[str]]:
        """Names by each character they contain (the did-you-mean looks only at names that
        share a character with what was written)."""
        if not self._chars:
            for known in self.index:
                for ch in set(known):
                    self._chars.setdefault(ch, []).append(known)
        return self._chars

    def typo(self, name: str) -> str | None:
        """A known name one edit away from `name` (names of three or more characters)."""
        if len(name) < 3:
            return None
        for size in (len(name), len(name) - 1, len(name) + 1):
            for known in self._names_by_length.get(size, ()):
                if _one_edit(name, known) and _plausible(name, known, self.index):
                    return known
        return None

    def nearest(self, name: str, n: int = 3, near: str | None = None) -> list[str]:
        """The known names closest to `name` (for a did-you-mean); with `near` (a node the
        rest of the path decided), names of nodes related to it come first."""
        ascii_ = name.isascii()
        pool = {
            k
            for ch in set(name)
            for k in self._by_char().get(ch, ())
            if abs(len(k) - len(name)) <= 2 and k.isascii() == ascii_
        }
        close = difflib.get_close_matches(
            name, sorted(pool), n=max(n, 8), cutoff=0.6 if ascii_ else 0.5
        )
        if near is not None:

            def rank(k: str) -> tuple[bool, bool]:
                ids = self.index[k]
                above = any(self.within(near, i) for i in ids)  # the path's own family first
                return not above, not any(self.related(i, near) for i in ids)

            close.sort(key=rank)
        return close[:n]


def _plausible(written: str, known: str, names: Mapping[str, Any]) -> bool:
    """A one-character substitution in Chinese is a typo between characters that sound alike
    (a pinyin keyboard's slip: 美状 → 美妆, 安全坐椅 → 安全座椅), or of a character that is
    neither the head (the last) nor part of a name the table knows (婴儿椎车 → 婴儿推车, a shape
    slip); 儿童被子 is not a misspelt 儿童袜子 (被子 is a name), nor 宠物垫 a misspelt 宠物药."""
    if len(written) == len(known) + 1 and not written.isascii():
        # one character more: a doubled keystroke (护肤肤品), not a known name with a word
        # added (宠物垫 is a pet mat, not a misspelt 宠物)
        return any(written[i] == written[i + 1] for i in range(len(written) - 1))
    if len(written) != len(known):
        return True
    pairs = [(a, b) for a, b in zip(written, known, strict=True) if a != b]
    if len(pairs) != 1:
        return True  # a transposition
    a, b = pairs[0]
    if (a.isascii() and b.isascii()) or _readings(a) & _readings(b):
        return True
    at = next(i for i, (x, y) in enumerate(zip(written, known, strict=True)) if x != y)
    if at == len(written) - 1:
        return False
    return not any(
        written[i:j] in names
        for i in range(max(0, at - 3), at + 1)
        for j in range(at + 1, min(len(written), i + 6) + 1)
        if j - i >= 2
    )


@lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    """The toneless pinyin readings of a character (pypinyin's character table)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    found = pinyin_dict.get(ord(char), "")
    return frozenset(
        "".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
        for r in found.split(",")
        if r
    )


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1 (or a transposition of two neighbours)."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        if len(diff) != 2 or diff[1] != diff[0] + 1:
            return False
        return a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) != 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


# -- building -------------------------------------------------------------------------------------
def _names(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CategoryTableError(f"{where}: 应为名称列表")
    return [n for n in (normalize_term(v) for v in value) if n]


def _raw_nodes(data: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The nodes of the built-in data with a user's additions merged in."""
    raw = {str(k): dict(v or {}) for k, v in (data.get("nodes") or {}).items()}
    for node_id, spec in (extra.get("nodes") or {}).items():
        merged = raw.setdefault(str(node_id), {})
        for key, value in (spec or {}).items():
            if key in ("names", "en", "compatible", "groups") and key in merged:
                merged[key] = [*merged[key], *value]
            else:
                merged[key] = value
    for name, node_id in (extra.get("aliases") or {}).items():
        if node_id not in raw:
            raise CategoryTableError(_unknown(str(node_id), raw, "categories.aliases"))
        raw[node_id].setdefault("names", []).append(str(name))
    return raw


def _node(node_id: str, spec: Mapping[str, Any], raw: Mapping[str, Any]) -> Node:
    parent = node_id.rsplit(".", 1)[0] if "." in node_id else None
    if parent is not None and parent not in raw:
        raise CategoryTableError(f"类目节点 {node_id!r} 的上级 {parent!r} 不存在")
    for other in spec.get("compatible") or ():
        if other not in raw:
            raise CategoryTableError(_unknown(other, raw, f"{node_id}.compatible"))
    return Node(
        node_id,
        str(spec.get("name") or node_id),
        parent,
        tuple(spec.get("compatible") or ()),
        tuple(spec.get("groups") or ()),
        bool(spec.get("domain", False)),
    )


def build(data: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> CategoryTable:
    """The table of the built-in data, with a user's additions (``categories:`` in the config:
    ``nodes`` to add or extend, ``aliases: {名称: node id}``)."""
    raw = _raw_nodes(data, extra or {})
    nodes = {node_id: _node(node_id, spec, raw) for node_id, spec in raw.items()}
    index: dict[str, list[str]] = {}
    for node_id, spec in raw.items():
        names = [*_names(spec.get("names"), node_id), *_names(spec.get("en"), node_id)]
        names.append(normalize_term(str(spec.get("name") or "")))
        for name in names:
            if name and node_id not in index.setdefault(name, []):
                index[name].append(node_id)
    for name, ids in (data.get("ambiguous") or {}).items():
        key = normalize_term(str(name))
        known = index.get(key, [])
        index[key] = [i for i in ids if i in known] + [i for i in known if i not in ids]
    table = CategoryTable(
        nodes,
        {k: tuple(v) for k, v in index.items()},
        frozenset(_names(data.get("vague"), "vague")),
        frozenset(_names(data.get("ignore"), "ignore")),
        {g: n.id for n in nodes.values() for g in n.groups},
        frozenset(_names((data.get("fits") or {}).get("before"), "fits.before")),
        frozenset(_names((data.get("fits") or {}).get("after"), "fits.after")),
        {w: i for i, spec in raw.items() for w in _names(spec.get("use_words"), i)},
        {
            node_id: frozenset(_names(spec["title_markers"], node_id))
            for node_id, spec in raw.items()
            if spec.get("title_markers")
        },
        tuple(_names((data.get("accessories") or {}).get("heads"), "accessories.heads")),
        tuple(_names((data.get("accessories") or {}).get("category_words"), "accessories")),
    )
    for name in table.index:
        if len(name) >= 2:
            table._names_by_length.setdefault(len(name), []).append(name)
    return table


def _unknown(node_id: str, nodes: Iterable[str], where: str) -> str:
    close = difflib.get_close_matches(node_id, list(nodes), n=1)
    hint = f"，是否想写 {close[0]}？" if close else ""
    return f"{where}: 未知的类目节点 {node_id!r}{hint}"


@lru_cache(maxsize=4)
def _builtin_data(path: str) -> dict[str, Any]:
    from listlint.data import read_yaml

    data, _ = read_yaml(Path(path))
    if not isinstance(data, dict):
        raise CategoryTableError(f"{path}: 类目表应为键值映射")
    return data


def load(folder: Path, extra: Mapping[str, Any] | None = None) -> CategoryTable:
    """The built-in table of ``folder/categories.yaml`` with the config's additions."""
    return build(_builtin_data(str(folder / "categories.yaml")), extra)
