"""Chinese word segmentation with jieba, loaded lazily and only once per process.

Words from the lexicons and packs are added to the dictionary (``add_words``) so that jieba
segments 速干, 五分裤, T恤 and our terms as words.  Callers pass *normalised* text (see
``listlint.text.normalize``), so a Simplified-only dictionary serves Traditional input too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

_tokenizer: Any = None
_pending: dict[str, int | None] = {}


def add_words(words: Iterable[str], freq: int | None = None) -> None:
    """Register dictionary words; applied when the tokenizer is first used (or now, if it is)."""
    for word in words:
        word = word.strip()
        if not word or " " in word:
            continue
        if _tokenizer is not None:
            _tokenizer.add_word(word, freq)
        else:
            _pending[word] = freq


def tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        for word, freq in _pending.items():
            tok.add_word(word, freq)
        _pending.clear()
        _tokenizer = tok
    return _tokenizer


def cut(text: str) -> list[str]:
    return list(tokenizer().cut(text, HMM=True))


def token_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every token of `text`."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in tokenizer().cut(text, HMM=True):
        spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans
