"""Chinese word segmentation with jieba, started in milliseconds.

jieba's own start-up unmarshals a 9 MB dictionary cache (about 0.5 s here) before the first cut.
listlint instead gives jieba's ``Tokenizer`` a frequency table backed by a memory-mapped
MARISA trie (``marisa-trie``) built once from jieba's ``dict.txt`` plus our lexicon and pack
words, and cached on disk: opening it is a ``mmap`` call.  jieba's algorithm (DAG + dynamic
programming + HMM for unknown words) and dictionary are unchanged, so segmentation is the same
as ``jieba.cut`` with those words added.

Callers pass *normalised* text (see ``listlint.text.normalize``), so a Simplified-only
dictionary serves Traditional input too.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from listlint.cache import cache_dir

_tokenizer: Any = None
_words: dict[str, int] = {}
_FORMAT = "1"
log = logging.getLogger(__name__)


class TrieFreq:
    """The subset of ``dict`` that jieba's Tokenizer uses for its ``FREQ`` table.  The trie
    holds every word and every prefix of a word (prefixes with frequency 0), like jieba's.
    Lookups are memoised in a plain dict (bounded), so a batch run pays the trie's cost once per
    distinct fragment."""

    __slots__ = ("memo", "overlay", "trie")
    MEMO_MAX = 60_000
    _MISSING = -1

    def __init__(self, trie: Any) -> None:
        self.trie = trie
        self.overlay: dict[str, int] = {}
        self.memo: dict[str, int] = {}

    def _value(self, key: str) -> int:
        value = self.memo.get(key)
        if value is None:
            if key in self.overlay:
                value = self.overlay[key]
            else:
                found = self.trie.get(key)
                value = found[0][0] if found else self._MISSING
            if len(self.memo) >= self.MEMO_MAX:
                self.memo.clear()
            self.memo[key] = value
        return value

    def __contains__(self, key: str) -> bool:
        return self._value(key) != self._MISSING

    def get(self, key: str, default: int | None = None) -> int | None:
        value = self._value(key)
        return default if value == self._MISSING else value

    def __getitem__(self, key: str) -> int:
        value = self._value(key)
        if value == self._MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: int) -> None:
        self.overlay[key] = value
        self.memo.pop(key, None)


def add_words(words: Iterable[str], freq: int | None = None) -> None:
    """Register dictionary words (before the first cut: they are built into the trie)."""
    for word in words:
        word = word.strip()
        if word and " " not in word and word not in _words:
            _words[word] = freq or 0
            if _tokenizer is not None:
                _tokenizer.add_word(word, freq)


def _dict_path() -> Path:
    return Path(_import_jieba().__file__).with_name("dict.txt")


def _build(target: Path, dict_path: Path, extra: dict[str, int]) -> None:
    import marisa_trie

    freq: dict[str, int] = {}
    with dict_path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2:
                freq[parts[0]] = int(parts[1])
    for word, f in extra.items():
        if freq.get(word, 0) == 0:
            # like jieba.add_word(word) with no frequency: just enough to be cut as one word
            freq[word] = max(f, 3)
    table = dict(freq)
    for word in freq:
        for i in range(1, len(word)):
            table.setdefault(word[:i], 0)
    total = sum(freq.values())
    trie = marisa_trie.RecordTrie("<Q", ((k, (v,)) for k, v in table.items()))
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    trie.save(tmp)
    Path(tmp + ".total").write_text(str(total), encoding="ascii")
    os.replace(tmp + ".total", str(target) + ".total")
    os.replace(tmp, target)
    from listlint.cache import prune

    prune("jieba-*.marisa", keep=4)
    for total in cache_dir().glob("jieba-*.marisa.total"):
        if not Path(str(total)[: -len(".total")]).exists():
            total.unlink(missing_ok=True)


def _import_jieba() -> Any:
    """Import jieba without letting it import ``pkg_resources`` (setuptools), which alone costs
    ~50 ms of start-up; jieba falls back to plain file access when that import fails."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    import marisa_trie

    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    dict_path = _dict_path()
    stat = dict_path.stat()
    digest = hashlib.sha256(
        "\n".join([_FORMAT, str(stat.st_size), str(stat.st_mtime_ns), *sorted(_words)]).encode()
    ).hexdigest()[:16]
    target = cache_dir() / f"jieba-{digest}.marisa"
    tok = jieba.Tokenizer()
    try:
        if not target.is_file() or not Path(str(target) + ".total").is_file():
            _build(target, dict_path, _words)
        trie = marisa_trie.RecordTrie("<Q")
        trie.mmap(str(target))
        tok.FREQ = TrieFreq(trie)
        tok.total = int(Path(str(target) + ".total").read_text(encoding="ascii"))
        tok.initialized = True
    except (OSError, ValueError, RuntimeError) as exc:  # no writable cache: jieba's own loading
        log.debug("segmentation trie unavailable (%s); using jieba's loader", exc)
        tok.initialize()
        for word, freq in _words.items():
            tok.add_word(word, freq or None)
    _tokenizer = tok
    return tok


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
