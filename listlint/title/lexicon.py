"""The title lexicons (``rules/lexicons/*.yaml``), loaded and indexed once per process.

Every family file (apparel, food, 3C, …) names the *core* product words of its category family
in groups; a group is one kind of product with the category paths it is sold under.  The file
``common.yaml`` holds what every family shares: attribute words by kind, scene words, generic
filler words, famous brands and the words that look like products but are not.  The schema is
documented in the header of ``rules/lexicons/common.yaml``.

Category paths and globs are compared in normalised form (lower case, Simplified, see
``listlint.text.normalize``), segment by segment, with
``listlint.categories.globs.category_matches``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from listlint.categories.globs import category_matches
from listlint.text.normalize import normalize_term

ATTRIBUTE_KINDS = ("material", "season", "gender", "style", "function", "spec", "colour")
_CATEGORY_SPLIT = ("->", "→", ">", "/")


def lexicon_dir() -> Path:
    """``rules/lexicons`` of the source tree, or ``listlint/rules/lexicons`` of a wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules" / "lexicons", here.parent / "rules" / "lexicons"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("rules/lexicons not found next to the listlint package")


@dataclass(frozen=True, slots=True)
class Group:
    """One kind of product: its words, the category paths it belongs under."""

    family: str
    name: str
    paths: tuple[str, ...]  # display form, e.g. 服装/女装/短裤: the "closest category" candidates
    match: tuple[str, ...]  # normalised category globs the group fits, e.g. **/短裤/**
    generic: bool = False  # 套装, 用品, 配件: a product word that does not pin a category
    compat: bool = False  # accessories named after the device they fit (手机壳, 表带)
    device: bool = False  # devices accessories are made for (手机, 电脑): in an accessory's
    # title they name what it fits, not what is sold

    def fits(self, category: str) -> bool:
        return any(category_matches(category, glob) for glob in self.match)


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    name: str
    roots: tuple[str, ...]  # normalised category segment names that mean this family
    attributes: tuple[str, ...]  # suggestions for titles without an attribute word
    scenes: tuple[str, ...]  # suggestions for titles without a scene word


@dataclass(frozen=True, slots=True)
class Brand:
    name: str  # display name, e.g. 耐克
    famous: bool = True
    ambiguous: bool = False  # also an ordinary word (苹果, 小米): a brand only in context


@dataclass(slots=True)
class CategoryVerdict:
    ok: bool
    word_categories: list[str] = field(default_factory=list)
    closest: str | None = None


@dataclass(slots=True)
class Lexicon:
    families: dict[str, Family] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    core: dict[str, tuple[Group, ...]] = field(default_factory=dict)
    heads: dict[str, tuple[Group, ...]] = field(default_factory=dict)  # suffixes of compounds
    attributes: dict[str, str] = field(default_factory=dict)  # word → kind
    scenes: set[str] = field(default_factory=set)
    generic: set[str] = field(default_factory=set)  # 百货, 好物, 链接: no product at all
    brands: dict[str, Brand] = field(default_factory=dict)  # alias → brand
    not_core: set[str] = field(default_factory=set)
    stop: set[str] = field(default_factory=set)
    markers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # common.yaml `markers`
    marker_sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    root_family: dict[str, str] = field(default_factory=dict)  # category segment → family
    max_word: int = 1
    category_cache: dict[str, tuple[Group, ...]] = field(default_factory=dict, repr=False)
    # (ids of a word's groups, draft category) → verdict: a catalogue has few categories and
    # a small product vocabulary, so check_category is decided once per pair
    verdict_cache: dict[tuple[tuple[int, ...], str], CategoryVerdict] = field(
        default_factory=dict, repr=False
    )
    boost_key: str = ""  # see boost_key()
    segmenter_: Any = field(default=None, repr=False)  # see segmenter()

    # -- classification --------------------------------------------------------------------
    def kind_of(self, word: str) -> str | None:
        """core, brand, scene, attribute, generic or None for a normalised word."""
        if word in self.core:
            return "core"
        if word in self.brands:
            return "brand"
        if word in self.scenes:
            return "scene"
        if word in self.attributes:
            return "attribute"
        if word in self.generic:
            return "generic"
        return None

    def segmenter(self) -> Any:
        """A segmenter that knows and prefers the lexicon words: jieba's dictionary in which
        every lexicon word is at least ``WORD_FREQ`` frequent.  jieba already knows 家用 or 户外,
        but as rare words that lose to 家/用户/外; titles are made of exactly these words.  The
        packs' segmenter is left as the packs need it (adding 颈椎治疗仪 there would hide 治疗
        from the ad-law terms)."""
        if self.segmenter_ is None:
            from listlint.text.segment import Segmenter

            self.segmenter_ = Segmenter(
                boost=lambda: jieba_words(self), boost_freq=WORD_FREQ, boost_key=boost_key(self)
            )
        return self.segmenter_

    def marker(self, name: str) -> frozenset[str]:
        """A marker word set of ``rules/lexicons/common.yaml`` (``markers.NAME``)."""
        found = self.marker_sets.get(name)
        if found is None:
            found = self.marker_sets[name] = frozenset(self.markers.get(name, ()))
        return found

    def known(self, word: str) -> bool:
        return (
            word in self.core
            or word in self.brands
            or word in self.scenes
            or word in self.attributes
            or word in self.generic
            or word in self.not_core
            or word in self.stop
        )

    def head_groups(self, word: str) -> tuple[str, tuple[Group, ...]] | None:
        """The longest suffix of an unknown compound that is a core word or a head (…裤, …机)."""
        for size in range(min(len(word) - 1, self.max_word), 0, -1):
            tail = word[-size:]
            groups = self.core.get(tail) if size > 1 else None
            if groups is None:
                groups = self.heads.get(tail)
            if groups is not None:
                return tail, groups
        return None

    # -- categories ------------------------------------------------------------------------
    def family_of(self, category: str) -> str | None:
        """The family a draft category belongs to: its first segment that is a family root,
        else the family of the groups that fit it, when they agree."""
        norm = normalize_category(category)
        for segment in norm.split("/"):
            family = self.root_family.get(segment)
            if family is not None:
                return family
        families = {g.family for g in self.groups_for(norm) if not g.generic}
        return families.pop() if len(families) == 1 else None

    def groups_for(self, category: str) -> list[Group]:
        """Specific groups whose category globs fit the (normalised) category."""
        return _groups_for(self, category)

    def check_category(self, groups: Iterable[Group], category: str) -> CategoryVerdict:
        """Is a core word of `groups` consistent with the draft category?

        Consistent when one of its groups fits the category; when the category names no known
        kind of product (a family root only, or an unknown leaf), when its family is the word's
        family or cannot be told.  Generic words only need the family to agree."""
        groups = tuple(groups)
        key = (tuple(map(id, groups)), category)
        verdict = self.verdict_cache.get(key)
        if verdict is None:
            verdict = self._check_category(groups, category)
            if len(self.verdict_cache) >= 8192:
                self.verdict_cache.clear()
            self.verdict_cache[key] = verdict
        return verdict

    def _check_category(self, groups: tuple[Group, ...], category: str) -> CategoryVerdict:
        norm = normalize_category(category)
        specific = [g for g in groups if not g.generic]
        paths = _unique(p for g in (specific or groups) for p in g.paths)
        if not groups or all(g.family == "general" for g in groups):
            return CategoryVerdict(True)
        if any(g.fits(norm) for g in specific):
            return CategoryVerdict(True, paths)
        draft_family = self.family_of(norm)
        families = {g.family for g in groups}
        if specific and self.groups_for(norm):
            ok = False
        elif draft_family is None:
            ok = True
        else:
            ok = draft_family in families
        return CategoryVerdict(ok, paths, None if ok else closest_path(paths, category))

    def suggestions(self, category: str, groups: Iterable[Group] = ()) -> Family | None:
        family = self.family_of(category)
        if family is None:
            fams = {g.family for g in groups}
            family = fams.pop() if len(fams) == 1 else None
        return self.families.get(family) if family else None


@lru_cache(maxsize=16384)
def normalize_category(category: str) -> str:
    """Normalise each segment of a category path (separators ``/ > -> →``)."""
    text = category
    for sep in _CATEGORY_SPLIT:
        text = text.replace(sep, "/")
    return "/".join(s for s in (normalize_term(seg.strip()) for seg in text.split("/")) if s)


def closest_path(paths: list[str], category: str) -> str | None:
    """The candidate path sharing the longest run of leading segments with `category`."""
    if not paths:
        return None
    target = normalize_category(category).split("/")

    def shared(path: str) -> int:
        n = 0
        for a, b in zip(normalize_category(path).split("/"), target, strict=False):
            if a != b:
                break
            n += 1
        return n

    return max(paths, key=shared)  # max keeps the first of equals: the group's preferred path


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _groups_for(lex: Lexicon, category: str) -> list[Group]:
    norm = normalize_category(category)
    found = lex.category_cache.get(norm)
    if found is None:
        found = tuple(g for g in lex.groups if not g.generic and g.fits(norm))
        if len(lex.category_cache) < 4096:
            lex.category_cache[norm] = found
    return list(found)


# -- loading -------------------------------------------------------------------------------


class LexiconError(ValueError):
    pass


def _words(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise LexiconError(f"{where}: expected a list of words")
    out = []
    for item in value:
        for word in str(item).split():
            norm = normalize_term(word)
            if norm:
                out.append(norm)
    return out


def _glob(item: str) -> str:
    if "/" in item or "*" in item:
        return normalize_category(item) if "*" not in item else _norm_glob(item)
    return f"**/{normalize_term(item)}/**"


def _norm_glob(item: str) -> str:
    return "/".join(
        seg if "*" in seg or "?" in seg else normalize_term(seg) for seg in item.split("/")
    )


def load(directory: Path | None = None) -> Lexicon:
    directory = directory or lexicon_dir()
    lex = Lexicon()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise LexiconError(f"no lexicon files in {directory}")
    core: dict[str, list[Group]] = {}
    heads: dict[str, list[Group]] = {}
    for path in files:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        if not isinstance(data, Mapping):
            raise LexiconError(f"{path.name}: expected a mapping")
        _load_shared(lex, data, path.name)
        if "family" in data:
            _load_family(lex, data, path.name, core, heads)
    lex.core = {w: tuple(gs) for w, gs in core.items() if not _modified(lex, w, core)}
    lex.heads = {w: tuple(gs) for w, gs in heads.items()}
    lex.max_word = max(len(w) for w in lex.core)
    return lex


def _modified(lex: Lexicon, word: str, core: Mapping[str, Any]) -> bool:
    """A core word that is an attribute or scene word followed by another core word (纯棉T恤,
    补水面膜, 办公室零食) is left to segmentation, so that the title anatomy sees both parts."""
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        if (
            tail in core
            and (head in lex.attributes or head in lex.scenes)
            and head not in core
            and set(core[word]) <= set(core[tail])  # 婴儿推车 is not a 推车 of the car family
        ):
            return True
    return False


def _load_shared(lex: Lexicon, data: Mapping[str, Any], name: str) -> None:
    _load_attributes(lex, data, name)
    lex.scenes.update(_words(data.get("scenes"), f"{name}: scenes"))
    lex.generic.update(_words(data.get("generic"), f"{name}: generic"))
    lex.not_core.update(_words(data.get("not_core"), f"{name}: not_core"))
    lex.stop.update(_words(data.get("stop"), f"{name}: stop"))
    markers = data.get("markers") or {}
    if not isinstance(markers, Mapping):
        raise LexiconError(f"{name}: markers must map a name to words")
    for key, words in markers.items():
        if not isinstance(words, str):
            raise LexiconError(f"{name}: markers.{key}: expected a space-separated string")
        lex.markers[str(key)] = (*lex.markers.get(str(key), ()), *words.split())
    _load_brands(lex, data, name)


def _load_attributes(lex: Lexicon, data: Mapping[str, Any], name: str) -> None:
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, Mapping):
        raise LexiconError(f"{name}: attributes must map a kind to words")
    for kind, words in attributes.items():
        if kind not in ATTRIBUTE_KINDS:
            raise LexiconError(
                f"{name}: unknown attribute kind {kind!r} ({', '.join(ATTRIBUTE_KINDS)})"
            )
        for word in _words(words, f"{name}: attributes.{kind}"):
            lex.attributes.setdefault(word, kind)


def _load_brands(lex: Lexicon, data: Mapping[str, Any], name: str) -> None:
    brands = data.get("brands") or {}
    if not isinstance(brands, Mapping):
        raise LexiconError(f"{name}: brands must map famous/ambiguous to lists")
    for tag, entries in brands.items():
        for entry in _raw_list(entries, f"{name}: brands.{tag}"):
            aliases = [a.strip() for a in entry.split("|") if a.strip()]
            brand = Brand(
                aliases[0], famous=tag in ("famous", "ambiguous"), ambiguous=tag == "ambiguous"
            )
            for alias in aliases:
                norm = normalize_term(alias)
                if norm:
                    lex.brands.setdefault(norm, brand)


def _raw_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list")
    return [str(v) for v in value]


def _load_family(
    lex: Lexicon,
    data: Mapping[str, Any],
    name: str,
    core: dict[str, list[Group]],
    heads: dict[str, list[Group]],
) -> None:
    fid = str(data["family"])
    suggest = data.get("suggest") or {}
    roots = tuple(_words(data.get("roots"), f"{name}: roots"))
    family = Family(
        fid,
        str(data.get("name", fid)),
        roots,
        tuple(str(w) for w in suggest.get("attributes") or ()),
        tuple(str(w) for w in suggest.get("scenes") or ()),
    )
    if fid in lex.families:
        raise LexiconError(f"{name}: family {fid!r} defined twice")
    lex.families[fid] = family
    for root in roots:
        lex.root_family.setdefault(root, fid)
    groups = data.get("groups") or []
    if not isinstance(groups, list):
        raise LexiconError(f"{name}: groups must be a list")
    default_root = str(data.get("path", family.name))
    for i, item in enumerate(groups):
        where = f"{name}: groups[{i}]"
        if not isinstance(item, Mapping) or "name" not in item:
            raise LexiconError(f"{where}: each group needs a name")
        gname = str(item["name"])
        paths = tuple(str(p) for p in _raw_list(item.get("paths"), where)) or (
            f"{default_root}/{gname}",
        )
        generic = bool(item.get("generic", False))
        # the group fits its own paths' last segments, and whatever `match` adds
        match_items = _raw_list(item.get("match"), where) or [gname]
        match_items += [p.rstrip("/").rsplit("/", 1)[-1] for p in paths]
        match = tuple(_glob(m) for m in match_items)
        if generic:
            match = tuple(f"{normalize_term(r)}/**" for r in roots) + match
        group = Group(
            fid,
            gname,
            paths,
            match,
            generic,
            bool(item.get("compat", False)),
            bool(item.get("device", False)),
        )
        lex.groups.append(group)
        for word in _words(item.get("words"), f"{where}.words"):
            bucket = core.setdefault(word, [])
            if group not in bucket:
                bucket.append(group)
        for head in _words(item.get("heads"), f"{where}.heads"):
            bucket = heads.setdefault(head, [])
            if group not in bucket:
                bucket.append(group)


_lock = threading.RLock()
_lexicon: Lexicon | None = None


def lexicon() -> Lexicon:
    """The built-in lexicons, loaded on first use (a memo of the shipped data; a run passes its
    own lexicon object to ``analyze_title``)."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = load()
    return _lexicon


def jieba_words(lex: Lexicon | None = None) -> list[str]:
    """Every lexicon word of two or more characters, for the jieba dictionary."""
    lex = lex or lexicon()
    words: dict[str, None] = {}
    for source in (lex.core, lex.brands, lex.scenes, lex.attributes, lex.generic, lex.not_core):
        for word in source:
            if len(word) > 1:
                words[word] = None
    return list(words)


def boost_key(lex: Lexicon | None = None) -> str:
    """A digest of the lexicon's jieba words: names the title segmenter's cached trie.  Kept on
    the lexicon, so a cached lexicon brings it along."""
    lex = lex or lexicon()
    if not lex.boost_key:
        import hashlib

        lex.boost_key = hashlib.sha256("\n".join(sorted(jieba_words(lex))).encode()).hexdigest()[
            :16
        ]
    return lex.boost_key


def segmenter() -> Any:
    """The title segmenter of the built-in lexicon (``Lexicon.segmenter``)."""
    return lexicon().segmenter()


WORD_FREQ = 20000
