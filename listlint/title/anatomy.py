"""Title anatomy: brand, core product words, attributes, scenes and the rest of a title.

The recipe the product teaches is 核心词 + 属性词 + 场景词
(户外速干短裤男夏季登山透气弹力五分裤), or
品牌 + 品类 + 核心属性 + 卖点.  ``analyze_title`` takes a title apart:

1. normalise (``listlint.text.normalize``): lower case, Simplified, evasion-folded, with a map
   back to the original characters, so every token knows its original span;
2. split into chunks at spaces and punctuation (real titles separate phrases with spaces);
3. find spans that must stay whole: the draft's own brand, and specifications (500ml, 15.6寸);
4. segment the rest with jieba, whose dictionary holds the lexicon words
   (``listlint.title.lexicon``); a token jieba left unknown is split into lexicon words when it
   can be;
5. classify every token: brand, core, attribute (by kind), scene, generic filler, other.  An
   unknown word that ends like a product (…九分裤, …收纳架) is a core word by its head;
6. adjacent core tokens make one core term, a compound whose last word is its head
   (手机 + 数据线, 饲料 + 桶): the head decides the kind of product.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from listlint.text.normalize import Normalized, normalize
from listlint.title.lexicon import Brand, CategoryVerdict, Group, Lexicon, lexicon

KINDS = ("brand", "core", "attribute", "scene", "generic", "other")
_NUMERALS = "一二两三四五六七八九十百千万"


@lru_cache(maxsize=4)
def _spec_rx(units: tuple[str, ...]) -> re.Pattern[str]:
    """A number with a unit (500ml, 2件套, 十只装), or a laptop surface (A面, BC面)."""
    ordered = sorted(units, key=len, reverse=True)
    return re.compile(
        r"(?<![a-z0-9.])(?:\d+(?:\.\d+)?(?:[x×*]\d+(?:\.\d+)?)*|["
        + _NUMERALS
        + r"]+)(?:"
        + "|".join(re.escape(u) for u in ordered)
        + r")(?:装)?(?![a-z])"
        + r"|(?<![a-z])[a-d]{1,4}面"
    )


_units: tuple[tuple[str, ...], re.Pattern[str]] | None = None


def _units_rx(lex: Lexicon) -> re.Pattern[str]:
    """``_spec_rx`` of the lexicon's units, looked up by identity (hashing the unit tuple for
    the lru_cache on every title chunk cost more than the match)."""
    global _units
    units = lex.markers.get("units", ())
    if _units is None or _units[0] is not units:
        _units = (units, _spec_rx(units))
    return _units[1]


_NUMBER = re.compile(r"^[0-9.]+$")
_ASCII = re.compile(r"^[a-z0-9.%+#&_]+$")


def title_units(text: str, mode: str = "units") -> int:
    """Length of a title: ``units`` counts a CJK or full-width character as 2 and ASCII as 1
    (Taobao's 60-unit limit = 30 汉字); ``chars`` counts code points."""
    from listlint.kinds.length import count

    return count(text, mode)


@dataclass(slots=True)
class TitleToken:
    """A word of the title; ``start``/``end`` index the original title."""

    text: str
    norm: str
    start: int
    end: int
    kind: str  # brand, core, attribute, scene, generic, other
    detail: str = ""  # attribute kind; core source (lexicon/head); brand name
    groups: tuple[Group, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
        }
        if self.detail:
            data["detail"] = self.detail
        return data


@dataclass(slots=True)
class CoreTerm:
    """A core product word: one token, or a compound of adjacent ones (its last is the head)."""

    text: str
    norm: str
    start: int
    end: int
    tokens: tuple[TitleToken, ...]

    @property
    def head(self) -> TitleToken:
        return self.tokens[-1]

    @property
    def from_lexicon(self) -> bool:
        """The kind of product is known from the lexicon, not guessed from a suffix."""
        return any(t.detail == "lexicon" for t in self.tokens)

    @property
    def groups(self) -> tuple[Group, ...]:
        """The groups that say what the term is: the last token with a specific group, else
        the head's (generic) groups."""
        for token in reversed(self.tokens):
            if token.detail == "lexicon" and any(not g.generic for g in token.groups):
                return tuple(g for g in token.groups if not g.generic)
        return self.head.groups

    @property
    def specific(self) -> bool:
        return self.from_lexicon and any(not g.generic for g in self.groups)

    @property
    def generic(self) -> bool:
        return bool(self.groups) and all(g.generic for g in self.groups)

    @property
    def families(self) -> list[str]:
        return list(dict.fromkeys(g.family for g in self.groups))


@dataclass(slots=True)
class BrandMention:
    text: str
    name: str
    start: int
    end: int
    own: bool  # the draft's own brand
    compat: bool  # names the device an accessory fits (适用华为, 苹果手机壳), not the seller


@dataclass
class TitleAnatomy:
    title: str
    tokens: list[TitleToken]
    core: list[CoreTerm]
    brands: list[BrandMention]
    brand: str | None = None  # the draft's brand
    category: str | None = None
    normalized: Normalized | None = field(default=None, repr=False)

    @property
    def units(self) -> int:
        return title_units(self.title, "units")

    @property
    def chars(self) -> int:
        return len(self.title)

    def of_kind(self, kind: str) -> list[TitleToken]:
        return [t for t in self.tokens if t.kind == kind]

    @property
    def attributes(self) -> list[TitleToken]:
        return self.of_kind("attribute")

    @property
    def scenes(self) -> list[TitleToken]:
        return self.of_kind("scene")

    @property
    def other(self) -> list[TitleToken]:
        return [t for t in self.tokens if t.kind in ("other", "generic")]

    @property
    def generic_words(self) -> list[TitleToken]:
        return self.of_kind("generic")

    @cached_property
    def first_product(self) -> CoreTerm | None:
        """The first core term whose kind of product the lexicon knows, else the first core
        term: the category check looks at this one."""
        for term in self.core:
            if term.specific:
                return term
        for term in self.core:
            if term.from_lexicon:
                return term
        return self.core[0] if self.core else None

    @property
    def brand_text(self) -> str | None:
        own = [b for b in self.brands if b.own]
        if own:
            return own[0].text
        claimed = [b for b in self.brands if not b.compat]
        return claimed[0].text if claimed else None

    @property
    def compatible_brands(self) -> list[str]:
        """Brands that name what an accessory fits (苹果 in 苹果手机壳), not the seller's."""
        return list(dict.fromkeys(b.name for b in self.brands if b.compat))

    def repeats(self, skip: frozenset[str] = frozenset()) -> dict[str, list[TitleToken]]:
        """Tokens by normalised word, for words of two or more characters (numbers excluded)."""
        seen: dict[str, list[TitleToken]] = {}
        for token in self.tokens:
            word = token.norm
            if len(word) < 2 or _NUMBER.match(word) or word in skip:
                continue
            seen.setdefault(word, []).append(token)
        return seen

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "brand": self.brand_text,
            "compatible_brands": self.compatible_brands,
            "core": [t.text for t in self.core],
            "attributes": [t.text for t in self.attributes],
            "scenes": [t.text for t in self.scenes],
            "other": [t.text for t in self.other],
            "length": self.units,
            "chars": self.chars,
            "category": self.category,
            "tokens": [t.to_json() for t in self.tokens],
        }


def category_verdict(
    anatomy: TitleAnatomy, category: str, lex: Lexicon | None = None
) -> tuple[CoreTerm, CategoryVerdict] | None:
    """Does the first product word fit `category`?  None when the title has no product word
    whose kind the lexicon knows (nothing to judge).  A compound fits when one of its words
    does (T恤短裤套装 fits 服装/女装/T恤)."""
    term = anatomy.first_product
    if term is None:
        return None
    lex = lex or lexicon()
    verdicts = [
        lex.check_category(token.groups, category)
        for token in term.tokens
        if token.detail == "lexicon" and token.groups
    ]
    if not verdicts:
        return None
    ok = next((v for v in verdicts if v.ok), None)
    return term, ok or verdicts[-1]


# -- analysis ----------------------------------------------------------------------------------


MAX_ANALYZED = 300


def analyze_title(
    title: str,
    brand: str | None = None,
    category: str | None = None,
    lex: Lexicon | None = None,
) -> TitleAnatomy:
    """Take a title apart into brand, core, attribute, scene and other words.

    Only the first ``MAX_ANALYZED`` characters are analysed: platform titles are 30–60 characters,
    a longer one already fails ``title/length``, and the analysis must stay bounded on hostile
    input (a 2 MiB title)."""
    title = title[:MAX_ANALYZED]
    lex = lex or lexicon()
    norm = normalize(title)
    own = brand_aliases(brand)
    draft_family = lex.family_of(category) if category else None
    chunks: list[list[TitleToken]] = []
    gift = False
    previous_end = 0
    for cstart, cend in _chunks(norm):
        chunk = _tokenize_chunk(lex, norm, cstart, cend, own, draft_family)
        if chunk:
            between = title[previous_end : chunk[0].start]
            gift = _mark_gifts(lex, chunk, gift and any(c in _LIST_SEPARATORS for c in between))
            previous_end = chunk[-1].end
            chunks.append(chunk)
    tokens = [t for chunk in chunks for t in chunk]
    _resolve_context(lex, tokens, chunks, draft_family)
    several = sum(t.kind == "core" and len(t.norm) > 1 for t in tokens) > 0
    cores = [term for chunk in chunks for term in _core_terms(title, chunk, several)]
    accessory = any(g.compat for t in tokens if t.kind == "core" for g in t.groups)
    devices = lex.marker("device_families")
    device_title = draft_family in devices or any(
        g.family in devices and not g.generic for t in tokens if t.kind == "core" for g in t.groups
    )
    brands = _brand_mentions(lex, tokens, own, title, accessory, device_title)
    return TitleAnatomy(title, tokens, cores, brands, brand, category, norm)


_LIST_SEPARATORS = frozenset("+＋、/／&")


def _joined(first: TitleToken | None, second: TitleToken | None) -> bool:
    """Two adjacent core tokens of one compound (手机 + 数据线), unless both are devices
    (适用笔记本手机: a list of what it fits)."""
    if first is None or second is None or first.end != second.start:
        return False
    if first.kind != "core" or second.kind != "core":
        return False
    both_devices = any(g.device for g in first.groups) and any(g.device for g in second.groups)
    return not both_devices


def _mark_gifts(lex: Lexicon, chunk: list[TitleToken], gift: bool) -> bool:
    """Products after 送/赠 (送钢化膜+挂绳) are gifts, and a product right after 带/含/配
    (带挂绳, 含笔芯) is a part: neither is what the title sells."""
    part = False
    gifts, parts = lex.marker("gift"), lex.marker("part")
    for token in chunk:
        if token.norm in gifts:
            gift = True
        elif gift and token.kind == "core":
            token.kind, token.detail = "other", "gift"
        elif part and token.kind == "core":
            token.kind, token.detail = "other", "part"
        part = token.norm in parts or (part and token.kind == "attribute")
    return gift


def _resolve_context(
    lex: Lexicon,
    tokens: list[TitleToken],
    chunks: list[list[TitleToken]],
    draft_family: str | None,
) -> None:
    """Decisions that need the whole title: device words in an accessory's title; generic
    product words (套装, 配件) when a specific one is there; brand names that are also ordinary
    words (苹果, 小米) in a 3C title.  Words inside a compound (手机数据线) are left alone."""
    cores = [t for t in tokens if t.kind == "core" and t.detail == "lexicon"]
    device_families, compat_before, set_words = (
        lex.marker("device_families"),
        lex.marker("compat_before"),
        lex.marker("set_words"),
    )
    accessory = any(g.compat for t in cores for g in t.groups)
    accessory = accessory or any(
        not g.device and not g.generic and g.family in device_families
        for t in cores
        for g in t.groups
    )
    specific = any(not g.generic for t in cores for g in t.groups)
    device_title = draft_family in device_families or any(
        g.family in device_families and not g.generic for t in cores for g in t.groups
    )
    for chunk in chunks:
        after_compat = False
        for i, token in enumerate(chunk):
            if token.norm in compat_before:
                after_compat = True
                continue
            brand = lex.brands.get(token.norm)
            if brand is not None and token.kind != "brand" and device_title:
                token.kind, token.detail, token.groups = "brand", brand.name, ()
                continue
            if token.kind != "core" or token.detail != "lexicon":
                continue
            prv = chunk[i - 1] if i > 0 else None
            nxt = chunk[i + 1] if i + 1 < len(chunk) else None
            if _joined(token, nxt) or _joined(prv, token):
                continue  # 手机 + 数据线, 键盘 + 鼠标 + 套装: a compound
            if any(g.device for g in token.groups) and (accessory or after_compat):
                token.kind, token.detail = "other", "device"
            elif specific and token.norm in set_words:
                token.kind, token.detail = "other", "generic"


def brand_aliases(brand: str | None) -> list[str]:
    """Normalised aliases of a draft brand: ``Nike/耐克`` → nike, 耐克."""
    if not brand:
        return []
    parts = re.split(r"[/|()（）\[\]【】,，、;；]+", brand)
    found: dict[str, None] = {}
    for part in [brand, *parts]:
        text = normalize(part).text
        if len(text) >= 2 or (text and not text.isascii()):
            found[text] = None
    return sorted(found, key=len, reverse=True)


# characters that could separate chunks: all but CJK ideographs and ASCII letters and digits
# (only these are looked up in the Unicode database)
_MAYBE_SEPARATOR = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")


def _is_separator(ch: str) -> bool:
    """A line break, or punctuation other than % and . (kept in 99.9%, 2.5)."""
    if ch in "%.":
        return False
    return ch == "\n" or unicodedata.category(ch)[0] == "P"


def _gap_separates(folded: str) -> bool:
    return any(ch.isspace() or unicodedata.category(ch)[0] in "PSZ" for ch in folded)


def _chunks(norm: Normalized) -> list[tuple[int, int]]:
    """Spans of the normalised text between separators (punctuation; spaces and symbols that
    normalisation folded away)."""
    text, offsets, original = norm.text, norm.offsets, norm.original
    out: list[tuple[int, int]] = []
    start = 0
    # only separators and the places where normalisation dropped characters can end a chunk
    separators = {m.start() for m in _MAYBE_SEPARATOR.finditer(text) if _is_separator(m.group())}
    for i in sorted(separators.union(norm.jumps())):
        if i in separators:
            if i > start:
                out.append((start, i))
            start = i + 1
            continue
        if i > start and _gap_separates(original[offsets[i - 1] + 1 : offsets[i]]):
            out.append((start, i))
            start = i
    if start < len(text):
        out.append((start, len(text)))
    return out


def _forced_spans(
    lex: Lexicon, text: str, start: int, end: int, own: list[str]
) -> list[tuple[int, int, str]]:
    """Spans that must stay whole: the draft's brand, then specifications (500ml, 2件套)."""
    spans: list[tuple[int, int, str]] = []
    piece = text[start:end]
    for alias in own:
        pos = piece.find(alias)
        while pos >= 0:
            s, e = start + pos, start + pos + len(alias)
            if not any(s < oe and os < e for os, oe, _ in spans):
                spans.append((s, e, "own"))
            pos = piece.find(alias, pos + len(alias))
    core = lex.core
    for m in _units_rx(lex).finditer(piece):
        s, e = start + m.start(), start + m.end()
        if m.group() in core:
            continue  # 四件套 is bedding, not a count
        if not any(s < oe and os < e for os, oe, _ in spans):
            spans.append((s, e, "spec"))
    spans.sort()
    return spans


def _tokenize_chunk(
    lex: Lexicon,
    norm: Normalized,
    cstart: int,
    cend: int,
    own: list[str],
    draft_family: str | None,
) -> list[TitleToken]:
    tok = lex.segmenter()

    def cut(piece: str) -> list[str]:
        return list(tok.cut(piece, HMM=True))

    text = norm.text
    raw: list[tuple[int, int, str]] = []  # normalised spans with a forced kind or ""
    pos = cstart
    for s, e, kind in _forced_spans(lex, text, cstart, cend, own):
        if s > pos:
            raw.extend(_segment(lex, cut(text[pos:s]), pos))
        raw.append((s, e, kind))
        pos = e
    if pos < cend:
        raw.extend(_segment(lex, cut(text[pos:cend]), pos))

    out: list[TitleToken] = []
    original = norm.original
    for i, (s, e, forced) in enumerate(raw):
        word = text[s:e]
        os_, oe = norm.span(s, e)
        token = TitleToken(original[os_:oe], word, os_, oe, "other")
        if forced == "own":
            token.kind, token.detail = "brand", "own"
        elif forced == "spec":
            token.kind, token.detail = "attribute", "spec"
        else:
            nxt = text[raw[i + 1][0] : raw[i + 1][1]] if i + 1 < len(raw) else ""
            _classify(lex, token, nxt, draft_family)
        out.append(token)
    return out


def _segment(lex: Lexicon, words: list[str], base: int) -> list[tuple[int, int, str]]:
    """jieba words → spans; a long unknown word is split into lexicon words where it can be."""
    out: list[tuple[int, int, str]] = []
    pos = base
    for word in words:
        if len(word) >= 3 and not lex.known(word) and not word.isascii():
            for piece in _split_known(lex, word):
                out.append((pos, pos + len(piece), ""))
                pos += len(piece)
            continue
        out.append((pos, pos + len(word), ""))
        pos += len(word)
    return out


def _split_known(lex: Lexicon, word: str) -> list[str]:
    """Backward maximum matching with lexicon words of two or more characters; characters no
    lexicon word covers stay together."""
    pieces: list[str] = []
    end = len(word)
    pending = ""
    while end > 0:
        for size in range(min(end, lex.max_word), 1, -1):
            cand = word[end - size : end]
            if lex.known(cand):
                if pending:
                    pieces.append(pending)
                    pending = ""
                pieces.append(cand)
                end -= size
                break
        else:
            pending = word[end - 1] + pending
            end -= 1
    if pending:
        pieces.append(pending)
    pieces.reverse()
    if all(not lex.known(p) for p in pieces):
        return [word]
    return pieces


def _is_cjk(word: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in word)


def _classify(lex: Lexicon, token: TitleToken, nxt: str, draft_family: str | None) -> None:
    word = token.norm
    brand = lex.brands.get(word)
    if brand is not None and _is_brand(lex, brand, word, nxt, draft_family):
        token.kind, token.detail = "brand", brand.name
        return
    groups = lex.core.get(word)
    if groups is not None and nxt in lex.marker("modifier_after"):
        token.kind, token.detail = "attribute", "modifier"  # 奶油色, 西瓜红, 牛奶丝: not a product
        return
    if groups is not None:
        token.kind, token.detail, token.groups = "core", "lexicon", groups
        return
    if word in lex.scenes:
        token.kind = "scene"
        return
    kind = lex.attributes.get(word)
    if kind is not None:
        token.kind, token.detail = "attribute", kind
        return
    if word in lex.generic:
        token.kind = "generic"
        return
    if word in lex.stop or word in lex.not_core or not _is_cjk(word):
        return
    if len(word) == 1:
        heads = lex.heads.get(word)
        if heads is not None:
            token.kind, token.detail, token.groups = "core", "head", heads
        return
    found = lex.head_groups(word)
    if found is not None:
        token.kind, token.detail, token.groups = "core", "head", found[1]


def _is_brand(lex: Lexicon, brand: Brand, word: str, nxt: str, draft_family: str | None) -> bool:
    if not brand.ambiguous or word.isascii():
        return True
    if draft_family in lex.marker("device_families"):
        return True
    if nxt and (_ASCII.match(nxt) or nxt in lex.marker("compat_after")):
        return True
    groups = lex.core.get(nxt, ())
    return any(g.family in lex.marker("device_families") for g in groups)


def _core_terms(title: str, chunk: list[TitleToken], several: bool = False) -> list[CoreTerm]:
    """Runs of adjacent core tokens, one term each; an unknown word right before a one-character
    head joins it (饲料 + 桶)."""
    terms: list[CoreTerm] = []
    run: list[TitleToken] = []

    def close() -> None:
        if len(run) == 1 and len(run[0].norm) == 1 and several:
            run[0].kind = "other"  # a lone 笔, 线, 卡 beside the real product words: a part
            run.clear()
        if run:
            s, e = run[0].start, run[-1].end
            terms.append(CoreTerm(title[s:e], "".join(t.norm for t in run), s, e, tuple(run)))
            run.clear()

    for i, token in enumerate(chunk):
        if token.kind == "core":
            if len(token.norm) == 1 and not run and i > 0:
                prev = chunk[i - 1]
                if prev.kind == "other" and _is_cjk(prev.norm) and prev.end == token.start:
                    prev.kind, prev.detail = "core", "modifier"
                    run.append(prev)
            if (
                run
                and run[-1].end != token.start
                and not _only_gap(title, run[-1].end, token.start)
            ):
                close()
            run.append(token)
        else:
            close()
    close()
    return terms


def _inside_latin_word(title: str, start: int, end: int) -> bool:
    """A Latin-letter token glued to more Latin letters or digits (HM in M11HM11)."""
    if not title[start:end].isascii():
        return False
    before = title[start - 1] if start > 0 else ""
    after = title[end] if end < len(title) else ""
    return any(ch.isascii() and ch.isalnum() for ch in before + after)


def _adjacent(title: str, first: TitleToken, second: TitleToken) -> bool:
    """Nothing but spaces and list punctuation between two tokens."""
    return all(ch in " ,，、/／|" for ch in title[first.end : second.start])


def _only_gap(title: str, start: int, end: int) -> bool:
    """Characters between two tokens that normalisation dropped without separating them."""
    return all(unicodedata.category(ch) in ("Cf", "Mn", "Me") for ch in title[start:end])


def _brand_mentions(
    lex: Lexicon,
    tokens: list[TitleToken],
    own: list[str],
    title: str,
    accessory: bool,
    device_title: bool,
) -> list[BrandMention]:
    """The brands a title names.  A brand names what an accessory fits (compat), not the
    seller's goods, after 适用/兼容 …, before an accessory word, anywhere in an accessory's title
    (oppo … 手机壳), or in a run of brands in a 3C title (苹果华为联想戴尔笔记本; 耐克阿迪达斯
    运动鞋 is no such list).  Latin letters inside a longer Latin word (HM in M11HM11, hp in
    hprmsh) are a model code, not a brand."""
    own_names = {lex.brands[a].name for a in own if a in lex.brands}
    out: list[BrandMention] = []
    brand_at = [t.kind == "brand" and not _inside_latin_word(title, t.start, t.end) for t in tokens]
    for i, token in enumerate(tokens):
        if not brand_at[i]:
            continue
        is_own = token.detail == "own" or token.detail in own_names
        before = [t.norm for t in tokens[max(0, i - 2) : i]]
        after = tokens[i + 1 : i + 3]
        in_run = device_title and any(
            0 <= j < len(tokens) and brand_at[j] and tokens[j].detail != token.detail
            and _adjacent(title, tokens[min(i, j)], tokens[max(i, j)])
            for j in (i - 1, i + 1)
        )  # fmt: skip
        compat = accessory or in_run or any(w in lex.marker("compat_before") for w in before)
        compat = compat or any(
            t.norm in lex.marker("compat_after")
            or (t.kind == "core" and any(g.compat for g in t.groups))
            for t in after
        )
        name = token.text if token.detail == "own" else token.detail
        out.append(
            BrandMention(token.text, name, token.start, token.end, is_own, compat and not is_own)
        )
    return out
