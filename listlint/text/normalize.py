"""Normalise listing text for matching, keeping a map back to the original characters.

The pipeline, applied character by character so that every output character knows which
original character it came from:

1. NFKC (full-width → half-width, ① → 1, ㎏ → kg) and Unicode case folding;
2. evasion folding: characters a seller inserts *inside* a word to dodge a word filter are
   dropped (spaces, zero-width and other format characters, combining marks, symbols and emoji,
   dashes and decorative punctuation such as ``* · . / |``).  Sentence punctuation
   (``， 。 ； ： ！ ？ 、``), brackets, ``%`` and line breaks are kept: they separate words,
   and ordinal exceptions such as ``第一，`` need them.  A ``.`` between two digits is kept;
3. Traditional → Simplified with OpenCC (``國家級`` → ``国家级``), on the whole string so that
   phrase-level conversions apply, falling back to per-character conversion in the rare case
   that a phrase conversion changes the length;
4. pinyin evasion: the syllable ``zui`` written next to a Chinese character stands for 最
   (``zui好`` → 最好); the 最 maps back to all three letters.

``Normalized.span(start, end)`` turns a span of the normalised text back into the span of the
original text that produced it.

Folding every space joins ``最 佳`` but also erases real word separators: in ``销量第１ 透气``
the space ends the claim 第1, and ``坤沙 特供酒`` must not be cut as 沙特.  ``Normalized.spaced()``
gives the normalised text with a single space put back wherever the original had whitespace
between two runs of two or more characters; letter-spacing (``最 佳``, ``第 一 次``), where a run
is one character, stays joined to both neighbours.  Word segmentation and context regexes use
that view.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Unicode general categories whose characters are dropped as evasion.
_FOLD_CATEGORIES = frozenset(
    {"Cf", "Cc", "Mn", "Me", "Zs", "Zl", "Zp", "So", "Sk", "Sm", "Pd", "Pc"}
)
# Punctuation (category Po/Pi/Pf) that is decorative rather than a sentence boundary.
_FOLD_PUNCT = frozenset(".*·•'\"`/\\|#@&^~_…‧∙・‘’“”«»‹›")
_KEEP = frozenset("\n")


@dataclass(slots=True)
class Normalized:
    original: str
    text: str
    offsets: list[int]  # offsets[i] = index in `original` of the character that produced text[i]
    # text[i] produced from more than one original character (pinyin): i -> how many
    wide: dict[int, int] = field(default_factory=dict)
    _spaced: tuple[str, list[int]] | None = None
    _jumps: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original span that covers it."""
        if start >= end or not self.offsets:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + self.wide.get(end - 1, 1)

    def jumps(self) -> list[int]:
        """Indexes i > 0 where ``text[i]`` does not come from the original character right after
        ``text[i-1]``'s: normalisation dropped something (a space, a symbol) in between."""
        if self._jumps is None:
            offsets = self.offsets
            self._jumps = [i for i, (a, b) in enumerate(pairwise(offsets), 1) if b > a + 1]
        return self._jumps

    def spaced(self) -> tuple[str, list[int]]:
        """The normalised text with word-separating whitespace put back as single spaces, and
        for every index of ``text`` its index in that string (see the module docstring)."""
        if self._spaced is None:
            self._spaced = _spaced(self)
        return self._spaced


def _spaced(norm: Normalized) -> tuple[str, list[int]]:
    text, offsets, original = norm.text, norm.offsets, norm.original
    n = len(text)
    if n < 2:
        return text, list(range(n))
    # bounds: i where the original has whitespace between text[i-1] and text[i]; only where
    # normalisation dropped characters (offsets jump) can there be any
    wide = norm.wide
    bounds = [
        i
        for i in norm.jumps()
        if offsets[i] > (lo := offsets[i - 1] + wide.get(i - 1, 1))
        and any(c.isspace() and c != "\n" for c in original[lo : offsets[i]])
    ]
    if not bounds:
        return text, list(range(n))
    # runs: maximal stretches without a whitespace gap.  Only a gap between two runs of two or
    # more characters separates words; letter-spaced text (第 一 次, 开封后最 好 冷 藏) and a lone
    # character (最 佳选择) stay joined to their neighbours.
    runs = list(zip([0, *bounds], [*bounds, n], strict=True))
    split = {
        runs[r][0]
        for r in range(1, len(runs))
        if runs[r - 1][1] - runs[r - 1][0] >= 2 and runs[r][1] - runs[r][0] >= 2
    }
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for i, ch in enumerate(text):
        if i in split:
            pieces.append(" ")
            pos += 1
        pieces.append(ch)
        index.append(pos)
        pos += 1
    return "".join(pieces), index


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    """NFKC + casefold + fold for one original character; '' when the character is folded."""
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        if c in _KEEP:
            out.append(c)
            continue
        cat = unicodedata.category(c)
        if cat in _FOLD_CATEGORIES or (cat[0] == "P" and c in _FOLD_PUNCT):
            continue
        out.append(c)
    return "".join(out)


_converter: Any = None


def _t2s(text: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return str(_converter.convert(text))


def _needs_t2s(text: str) -> bool:
    """Could OpenCC's t2s change `text`?  Only if it holds one of ``_t2s_gate()``'s characters
    (most Simplified text holds none: OpenCC is then neither called nor even loaded)."""
    gate = _t2s_gate()
    if gate is None:
        return any(_is_cjk(c) for c in text)  # OpenCC only changes CJK ideographs
    return not gate.isdisjoint(text)


_gate: frozenset[str] | bool | None = False  # False: not looked up yet


def _t2s_gate() -> frozenset[str] | None:
    """Characters such that every key of OpenCC's t2s dictionaries contains one of them: a text
    without any is unchanged by the conversion.  Read from OpenCC's own dictionaries (the ones
    its ``t2s.json`` names; ``.ocd2`` files are a header and a MARISA trie of the keys) once,
    and cached on disk; None when they cannot be read (then every CJK text is converted)."""
    global _gate
    if _gate is False:
        try:
            _gate = _load_gate()
        except (OSError, ValueError, RuntimeError, ImportError) as exc:
            log.debug("t2s character gate unavailable (%s)", exc)
            _gate = None
    return _gate  # type: ignore[return-value]


def t2s_dictionaries(share: Path) -> list[Path]:
    """The dictionary files OpenCC's ``t2s.json`` configuration uses (normalisation and
    conversion chain, in order), and the configuration itself first."""
    import json

    config = share / "t2s.json"
    files = [config]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2" and isinstance(node.get("file"), str):
                files.append(share / node["file"])
            elif "file" in node:
                raise ValueError(f"t2s.json: dictionary {node.get('file')!r} is not ocd2")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(config.read_text(encoding="utf-8")))
    if len(files) < 2:
        raise ValueError("t2s.json names no dictionary")
    return files


def _load_gate() -> frozenset[str]:
    import hashlib
    from importlib.util import find_spec

    from listlint.cache import cache_dir, read_private, write_private

    spec = find_spec("opencc")
    if spec is None or spec.origin is None:
        raise ImportError("opencc")
    files = t2s_dictionaries(Path(spec.origin).parent / "clib" / "share" / "opencc")
    stamp = "\n".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
    folder = cache_dir()
    target = None
    if folder is not None:
        target = folder / f"t2s-gate-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.txt"
        raw = read_private(target, 1 << 20)
        if raw is not None:
            try:
                return frozenset(raw.decode("utf-8"))
            except UnicodeDecodeError:
                pass
    import marisa_trie

    keys: list[str] = []
    header = b"OPENCC_MARISA_0.2.5"
    for file in files[1:]:
        data = file.read_bytes()
        if not data.startswith(header):
            raise ValueError(f"{file.name}: not an OpenCC MARISA dictionary")
        trie = marisa_trie.Trie()
        trie.frombytes(data[len(header) :])
        keys.extend(trie)
    gate: set[str] = set()
    for key in sorted(keys, key=len):  # characters first: a phrase is mostly covered by then
        if gate.isdisjoint(key):
            gate.update(key)  # a key none of whose characters is in the gate yet
    if len(gate) < 1000:  # TSCharacters alone has ~4,000 keys: something is off
        raise ValueError("t2s dictionaries too small")
    text = "".join(sorted(gate))
    if target is not None:
        with contextlib.suppress(OSError):  # no cache: computed again next time
            write_private(target, text.encode("utf-8"))
    return frozenset(text)


# Pinyin syllables sellers write for a risky character, recognised next to a Chinese character.
_PINYIN = {"zui": "最"}


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _pinyin_at(text: str, i: int) -> tuple[str, int] | None:
    """(replacement, length) when a pinyin evasion starts at text[i]."""
    if i > 0 and text[i - 1].isascii() and text[i - 1].isalpha():
        return None
    for syllable, han in _PINYIN.items():
        end = i + len(syllable)
        if text[i:end].lower() != syllable:
            continue
        if end < len(text) and text[end].isascii() and text[end].isalpha():
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[end] if end < len(text) else ""
        if _is_cjk(after) or (_is_cjk(before) and not after.isalnum()):
            return han, len(syllable)
    return None


def normalize(text: str) -> Normalized:
    """The normalised text with its offset map.  Memoised: several rules look at the same title
    or sentence; a ``Normalized`` is never changed after it is made (its ``spaced`` view is
    computed once, the same for every caller)."""
    if len(text) > 4096:
        return _normalize(text)
    return _normalize_cached(text)


@lru_cache(maxsize=8192)
def _normalize_cached(text: str) -> Normalized:
    return _normalize(text)


# Runs of characters that normalise to themselves (CJK ideographs, ASCII letters and digits; z is
# left out for the pinyin check): copied in one step instead of character by character.
_PLAIN = re.compile(r"[\u4e00-\u9fffA-Ya-y0-9]+")


def _normalize(text: str) -> Normalized:
    pieces: list[str] = []
    offsets: list[int] = []
    wide: dict[int, int] = {}
    n = len(text)
    plain = _PLAIN.match
    i = 0
    while i < n:
        run = plain(text, i)
        if run is not None:
            end = run.end()
            pieces.append(run.group().lower())
            offsets.extend(range(i, end))
            i = end
            continue
        ch = text[i]
        if ch in "zZ" and (hit := _pinyin_at(text, i)) is not None:
            han, length = hit
            wide[len(offsets)] = length
            pieces.append(han)
            offsets.append(i)
            i += length
            continue
        if ch in ".．" and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            mapped = "."
        elif ch.isascii() and (ch.isalnum() or ch in ",;:!?%()[]{}<>"):
            mapped = ch.lower()
        else:
            mapped = _char(ch)
        if mapped:
            pieces.append(mapped)
            offsets.extend([i] * len(mapped))
        i += 1
    folded = "".join(pieces)
    if _needs_t2s(folded):
        simplified = _t2s(folded)
        if len(simplified) != len(folded):
            simplified = "".join(_t2s(c) if len(_t2s(c)) == 1 else c for c in folded)
        folded = simplified
    return Normalized(text, folded, offsets, wide)


def normalize_term(text: str) -> str:
    """The normalised form of a pack term, exception or lexicon word."""
    return normalize(text).text
