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
   that a phrase conversion changes the length.

``Normalized.span(start, end)`` turns a span of the normalised text back into the span of the
original text that produced it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original span that covers it."""
        if start >= end or not self.offsets:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


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
    # OpenCC only changes CJK ideographs; skip the call for pure ASCII/kana text.
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def normalize(text: str) -> Normalized:
    pieces: list[str] = []
    offsets: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in ".．" and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            mapped = "."
        elif ch.isascii() and (ch.isalnum() or ch in ",;:!?%()[]{}<>"):
            mapped = ch.lower()
        else:
            mapped = _char(ch)
        if mapped:
            pieces.append(mapped)
            offsets.extend([i] * len(mapped))
    folded = "".join(pieces)
    if _needs_t2s(folded):
        simplified = _t2s(folded)
        if len(simplified) != len(folded):
            simplified = "".join(_t2s(c) if len(_t2s(c)) == 1 else c for c in folded)
        folded = simplified
    return Normalized(text, folded, offsets)


def normalize_term(text: str) -> str:
    """The normalised form of a pack term, exception or lexicon word."""
    return normalize(text).text
