"""Chinese word segmentation with jieba, started in milliseconds and run at C speed where jieba
spends its time.

jieba's own start-up unmarshals a 9 MB dictionary cache (about 0.5 s here) before the first cut,
and its dynamic programming looks every fragment of a sentence up in a Python dict.  listlint
gives jieba's ``Tokenizer`` a ``Dictionary`` instead: a memory-mapped MARISA trie
(``marisa-trie``) of the words, with their frequencies and log frequencies in a memory-mapped
array beside it, built once from jieba's ``dict.txt`` plus our lexicon and pack words and cached
on disk, so opening it is two ``mmap`` calls.  ``get_DAG`` asks the trie for all the words that
start at a position in one C call, and computes jieba's best route in the same backward pass.
jieba's algorithm (DAG + dynamic programming + HMM for unknown words), dictionary and
arithmetic are unchanged, so the segmentation is exactly ``jieba.cut`` with those words added
(tests/test_segment.py compares the two on real titles).

Callers pass *normalised* text (see ``listlint.text.normalize``), so a Simplified-only
dictionary serves Traditional input too.

Part-of-speech tags (``Segmenter.tag``) are jieba's own: the third column of its ``dict.txt``
(``v`` verb, ``n`` noun, ``d`` adverb …, the ICTCLAS set ``jieba.posseg`` uses), kept in a
second memory-mapped trie that is built on the first question about a tag, so a run that asks
none pays nothing.  ``jieba.posseg`` itself is not imported: its HMM tables alone take about a
second to import.  A word jieba's dictionary does not know is ``un`` (an unknown word: a new
word its HMM found, or a word a pack added), digits are ``m`` and Latin letters ``eng``, as in
``jieba.posseg``; anything else (spaces, punctuation) is ``x``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import mmap
import os
import struct
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from listlint.cache import cache_dir

_FORMAT = "2"
_MAGIC = b"LLJIEBA2"
_HEADER = struct.Struct("<8sQQQ")  # magic, word count, total frequency, longest word
log = logging.getLogger(__name__)

_tokenizer_class: Any = None


class Dictionary:
    """jieba's ``FREQ`` table over a cached trie: ``get``/``in``/``[]`` as jieba uses them, plus
    ``route``, the DAG and best path of a sentence from the trie.

    ``in`` keeps jieba's meaning (the key is a word or the prefix of one).  Words added after
    the trie was built (``jieba.Tokenizer.add_word``) go to ``overlay``; while it holds any,
    jieba's own Python DAG runs over this same table."""

    __slots__ = ("_mm", "freqs", "logps", "maxlen", "overlay", "total", "trie")

    def __init__(self, trie: Any, values: mmap.mmap) -> None:
        magic, count, total, maxlen = _HEADER.unpack_from(values)
        if magic != _MAGIC or count != len(trie) or len(values) != _HEADER.size + 16 * count:
            raise ValueError("segmentation dictionary values do not match the trie")
        view = memoryview(values)
        start = _HEADER.size
        self._mm = values
        self.trie = trie
        self.logps = view[start : start + 8 * count].cast("d")
        self.freqs = view[start + 8 * count :].cast("q")
        self.total = total
        self.maxlen = maxlen
        self.overlay: dict[str, int] = {}

    def get(self, key: str, default: int | None = None) -> int | None:
        if key in self.overlay:
            return self.overlay[key]
        i = self.trie.get(key)
        return default if i is None else self.freqs[i]

    def __contains__(self, key: str) -> bool:
        return key in self.overlay or next(self.trie.iterkeys(key), None) is not None

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            if key in self:
                return 0  # the prefix of a word, as jieba's table holds them
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: int) -> None:
        self.overlay[key] = value

    def route(self, sentence: str, total: int) -> tuple[list[list[int]], dict[int, Any]]:
        """jieba's ``get_DAG`` and ``calc`` in one backward pass over the sentence: for each
        position, the words of the trie that start there (one C call), and the best route
        with jieba's arithmetic ``log(freq) - log(total) + route[next]``.  The DAG comes back
        as a list (the ends of the words at each position)."""
        prefixes = self.trie.iter_prefixes_with_ids
        logps, maxlen = self.logps, self.maxlen
        logtotal = math.log(total)
        n = len(sentence)
        dag: list[list[int]] = [[]] * n
        route: dict[int, Any] = {n: (0, 0)}
        for idx in range(n - 1, -1, -1):
            ends: list[int] = []
            best: tuple[float, int] | None = None
            for word, i in prefixes(sentence[idx : idx + maxlen]):
                x = idx + len(word) - 1
                ends.append(x)
                cand = (logps[i] - logtotal + route[x + 1][0], x)
                if best is None or cand > best:
                    best = cand
            if best is None:  # a character the dictionary does not know: log(1) = 0
                ends.append(idx)
                best = (0.0 - logtotal + route[idx + 1][0], idx)
            dag[idx] = ends
            route[idx] = best
        return dag, route


class _RoutedDAG(dict[int, list[int]]):
    """A DAG as jieba's ``get_DAG`` returns it, carrying the route already computed for it."""

    __slots__ = ("route", "sentence", "total")


def _make_tokenizer_class() -> Any:
    jieba = _import_jieba()

    class Tokenizer(jieba.Tokenizer):  # type: ignore[misc,name-defined]
        """jieba's tokenizer; over a ``Dictionary`` its DAG and route come from the trie."""

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:
            freq = self.FREQ
            if not isinstance(freq, Dictionary) or freq.overlay:
                return super().get_DAG(sentence)  # type: ignore[no-any-return]
            dag, route = freq.route(sentence, self.total)
            routed = _RoutedDAG(enumerate(dag))
            routed.route, routed.sentence, routed.total = route, sentence, self.total
            return routed

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict[int, Any]) -> None:
            if isinstance(DAG, _RoutedDAG) and DAG.sentence is sentence and DAG.total == self.total:
                route.update(DAG.route)
                return
            super().calc(sentence, DAG, route)

    return Tokenizer


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


def _dict_path() -> Path:
    return Path(_import_jieba().__file__).with_name("dict.txt")


def _build(target: Path, freq: dict[str, int], total: int) -> None:
    """Write the trie of the words (frequency > 0) and their values, atomically."""
    import marisa_trie

    words = {w: f for w, f in freq.items() if f > 0}
    trie = marisa_trie.Trie(words)
    count = len(trie)
    logps = [0.0] * count
    freqs = [0] * count
    for word, f in words.items():
        i = trie.key_id(word)
        logps[i] = math.log(f)
        freqs[i] = f
    values = _HEADER.pack(_MAGIC, count, total, max(map(len, words), default=1))
    values += struct.pack(f"<{count}d", *logps) + struct.pack(f"<{count}q", *freqs)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    trie.save(tmp)
    Path(tmp + ".values").write_bytes(values)
    os.replace(tmp + ".values", str(target) + ".values")
    os.replace(tmp, target)


def _open(target: Path) -> Dictionary:
    import marisa_trie

    trie = marisa_trie.Trie()
    trie.mmap(str(target))
    with open(str(target) + ".values", "rb") as handle:
        values = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return Dictionary(trie, values)


def _prune() -> None:
    from listlint.cache import prune

    prune("jieba-*.marisa", keep=6)
    folder = cache_dir()
    if folder is None:
        return
    for values in folder.glob("jieba-*.marisa.*"):
        if not Path(str(values).rsplit(".", 1)[0]).exists():
            values.unlink(missing_ok=True)


def _tokenizer(
    words: Mapping[str, int], boost: Callable[[], Mapping[str, int]] | None, boost_key: str
) -> Any:
    """A tokenizer over jieba's dictionary plus `words`, with the `boost` words (if any) at
    least as frequent as given; its trie is cached on disk under a digest of all that (in
    memory when there is no usable cache folder)."""
    global _tokenizer_class
    dict_path = _dict_path()
    stat = dict_path.stat()
    digest = hashlib.sha256(
        "\n".join(
            [_FORMAT, str(stat.st_size), str(stat.st_mtime_ns), boost_key, *sorted(words)]
        ).encode()
    ).hexdigest()[:16]
    if _tokenizer_class is None:
        _tokenizer_class = _make_tokenizer_class()
    _import_jieba().setLogLevel(logging.WARNING)
    tok = _tokenizer_class()
    folder = cache_dir()
    table: dict[str, int] | None = None
    total = 0
    for attempt in range(2 if folder is not None else 0):
        assert folder is not None
        target = folder / f"jieba-{digest}.marisa"
        try:
            if attempt or not target.is_file():
                table, total = _freq_table(dict_path, words, boost() if boost else None)
                _build(target, table, total)
                _prune()
            tok.FREQ = _open(target)
            tok.total = tok.FREQ.total
            tok.initialized = True
            return tok
        except (OSError, ValueError, RuntimeError, struct.error) as exc:
            # a corrupt cache entry is rebuilt once; no writable cache: a table in memory
            log.debug("segmentation trie unusable (%s)", exc)
    if table is None:
        table, total = _freq_table(dict_path, words, boost() if boost else None)
    prefixed = dict(table)
    for word in table:
        for i in range(1, len(word)):
            prefixed.setdefault(word[:i], 0)
    tok.FREQ, tok.total, tok.initialized = prefixed, total, True
    return tok


def _freq_table(
    dict_path: Path, words: Mapping[str, int], boost: Mapping[str, int] | None
) -> tuple[dict[str, int], int]:
    """The frequency table jieba would hold after ``add_word`` of `words`, and its
    total; `boost` words then get at least their boost frequency without changing the total
    (a view for the title anatomy, not more text)."""
    freq: dict[str, int] = {}
    with dict_path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2:
                freq[parts[0]] = int(parts[1])
    for word, f in words.items():
        if freq.get(word, 0) == 0:
            freq[word] = max(f, 3)  # like jieba.add_word(word) without a frequency
    total = sum(freq.values())
    for word, f in (boost or {}).items():
        freq[word] = max(f, freq.get(word) or 0)
    return freq, total


_TAGS_FORMAT = "1"
_NUMBER = frozenset("0123456789.")


def _tag_table(dict_path: Path) -> Any:
    """jieba's word → part-of-speech table: a memory-mapped ``marisa_trie.BytesTrie`` cached on
    disk (under a digest of jieba's dictionary file), or a dict when there is no cache folder."""
    import marisa_trie

    stat = dict_path.stat()
    digest = hashlib.sha256(
        f"{_TAGS_FORMAT}\n{stat.st_size}\n{stat.st_mtime_ns}".encode()
    ).hexdigest()[:16]
    folder = cache_dir()
    target = folder / f"postags-{digest}.marisa" if folder is not None else None
    if target is not None and target.is_file():
        try:
            trie = marisa_trie.BytesTrie()
            trie.mmap(str(target))
            return trie
        except (OSError, ValueError, RuntimeError) as exc:
            log.debug("tag trie unusable (%s)", exc)
    items: list[tuple[str, bytes]] = []
    with dict_path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 3:
                items.append((parts[0], parts[2].encode("ascii", "replace")))
    if target is not None:
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            os.close(fd)
            marisa_trie.BytesTrie(items).save(tmp)
            os.replace(tmp, target)
            from listlint.cache import prune

            prune("postags-*.marisa", keep=2)
            trie = marisa_trie.BytesTrie()
            trie.mmap(str(target))
            return trie
        except (OSError, ValueError, RuntimeError) as exc:
            log.debug("tag trie not cached (%s)", exc)
    return {word: [tag] for word, tag in items}


class Segmenter:
    """jieba over its own dictionary plus `words` (and, optionally, `boost` words made at least
    `boost_freq` frequent), built on first use from a trie cached on disk.  An object, passed to
    whatever segments: nothing here changes jieba's global state or a module's.

    Pickled without its tokenizer (an mmap): a copy opens the cached trie again on first use.
    Blocks (runs of Han and alphanumeric characters) are cut once and memoised: a catalogue
    repeats its sentences (delivery, returns, care instructions) from draft to draft."""

    def __init__(
        self,
        words: Iterable[str] = (),
        *,
        boost: Callable[[], Iterable[str]] | None = None,
        boost_freq: int = 0,
        boost_key: str = "",
    ) -> None:
        self.words: dict[str, int] = {}
        for word in words:
            word = word.strip()
            if word and " " not in word:
                self.words.setdefault(word, 0)
        self.boost, self.boost_freq, self.boost_key = boost, boost_freq, boost_key
        self._tok: Any = None
        self._blocks: dict[str, tuple[str, ...]] = {}
        self._tags: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"words": self.words, "boost": None, "boost_freq": self.boost_freq,
                "boost_key": self.boost_key}  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            (), boost=state["boost"], boost_freq=state["boost_freq"], boost_key=state["boost_key"]
        )
        self.words = state["words"]

    def tokenizer(self) -> Any:
        if self._tok is None:
            boost = self.boost
            key = f"boost:{self.boost_freq}:{self.boost_key}" if self.boost_key else ""
            freq = self.boost_freq
            self._tok = _tokenizer(
                self.words, (lambda: dict.fromkeys(boost(), freq)) if boost else None, key
            )
        return self._tok

    def add_words(self, words: Iterable[str], freq: int | None = None) -> None:
        """More words: built into the trie before the first use; afterwards added to the
        tokenizer (which then runs slower) and the memo of cut blocks is dropped."""
        for word in words:
            word = word.strip()
            if word and " " not in word and word not in self.words:
                self.words[word] = freq or 0
                if self._tok is not None:
                    self._tok.add_word(word, freq)
                    self._blocks.clear()

    def tag(self, word: str) -> str:
        """jieba's part-of-speech tag of `word` (see the module's notes): its dictionary tag;
        ``m`` for digits, ``eng`` for Latin letters and digits, ``x`` for a character that is
        no word (space, punctuation), ``un`` for a word the dictionary does not know."""
        if not word or not any(c.isalnum() for c in word):
            return "x"
        if self._tags is None:
            self._tags = _tag_table(_dict_path())
        found = self._tags.get(word)
        if found:
            return str(found[0].decode("ascii", "replace"))
        if all(c in _NUMBER for c in word):
            return "m"
        if word.isascii():
            return "eng"
        return "un"

    def cut(self, text: str, HMM: bool = True) -> Iterable[str]:
        return self.tokenizer().cut(text, HMM=HMM)  # type: ignore[no-any-return]

    def cut_block(self, block: str) -> tuple[str, ...]:
        words = self._blocks.get(block)
        if words is None:
            words = tuple(self.tokenizer().cut(block, HMM=True))
            if len(self._blocks) >= 20_000:
                self._blocks.clear()
            if len(block) <= 200:
                self._blocks[block] = words
        return words


class Boundaries:
    """Where the words of `text` start and end, as ``jieba.cut`` with the shared dictionary
    cuts it, computed one block at a time on demand: jieba cuts each run of Han and
    alphanumeric characters (its ``re_han_default``) on its own and every other character is a
    word by itself, so the words around a position depend only on that run.  A rule that asks
    about two candidates in a long description segments one sentence, not all of them."""

    __slots__ = ("_blocks", "_done", "ends", "segmenter", "spans", "starts", "text")

    def __init__(self, text: str, segmenter: Segmenter) -> None:
        self.text = text
        self.segmenter = segmenter
        self.starts: set[int] = set()
        self.ends: dict[int, int] = {}  # end of a word → its start
        self.spans: dict[int, int] = {}  # start of a word → its end
        self._blocks: list[tuple[int, int]] | None = None
        self._done: set[int] = set()

    def cover(self, pos: int) -> None:
        """Segment the block holding position `pos` (once)."""
        if not 0 <= pos < len(self.text):
            return
        if self._blocks is None:
            han = _import_jieba().re_han_default
            self._blocks = [m.span() for m in han.finditer(self.text)]
        i = bisect_right(self._blocks, (pos, len(self.text) + 1)) - 1
        if i >= 0 and self._blocks[i][0] <= pos < self._blocks[i][1]:
            lo, hi = self._blocks[i]
            if lo in self._done:
                return
            self._done.add(lo)
            for word in self.segmenter.cut_block(self.text[lo:hi]):
                self.starts.add(lo)
                self.ends[lo + len(word)] = lo
                self.spans[lo] = lo + len(word)
                lo += len(word)
        else:  # outside a block: the character is a word by itself
            self.starts.add(pos)
            self.ends[pos + 1] = pos
            self.spans[pos] = pos + 1

    def word_at(self, pos: int) -> tuple[int, int] | None:
        """The span of the word that starts at `pos`; None when no word starts there."""
        self.cover(pos)
        end = self.spans.get(pos)
        return None if end is None else (pos, end)

    def word_ending(self, pos: int) -> tuple[int, int] | None:
        """The span of the word that ends at `pos`; None when no word ends there."""
        if pos <= 0:
            return None
        self.cover(pos - 1)
        start = self.ends.get(pos)
        return None if start is None else (start, pos)
