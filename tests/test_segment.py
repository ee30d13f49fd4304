"""The segmentation dictionary (listlint.text.segment) cuts exactly as jieba's own algorithm does
over the same frequency table, from its cached trie, after words are added late, and after its
cache files were corrupted."""

from __future__ import annotations

import math
from pathlib import Path

import jieba
import pytest
import yaml

from listlint.api import Linter
from listlint.config import Config
from listlint.text import segment
from listlint.text.normalize import normalize
from listlint.title.lexicon import WORD_FREQ, segmenter

CORPUS = Path(__file__).parent / "corpus"


def corpus_texts() -> list[str]:
    """Every title and snippet of the labelled corpora (written by the team), normalised."""
    texts: list[str] = []
    for file in sorted(CORPUS.rglob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else []:
            if not isinstance(entry, dict):
                continue
            text = entry.get("text") or entry.get("title")
            if text:
                texts.append(normalize(str(text)).text)
    return texts


@pytest.fixture(scope="module")
def shared() -> segment.Segmenter:
    """The packs' segmenter: jieba plus every pack term and protected name."""
    return Linter.cached(Config()).resources.segmenter()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = corpus_texts()
    assert len(found) > 1000
    return found


def reference(tok: object) -> jieba.Tokenizer:
    """jieba's own Tokenizer, run by jieba's own get_DAG/calc over a plain dict holding exactly
    the table of `tok` (words and their prefixes, as jieba's FREQ holds them)."""
    table: dict[str, int] = {}
    trie = tok.FREQ.trie  # type: ignore[attr-defined]
    for word in trie:
        table[word] = tok.FREQ.freqs[trie.key_id(word)]  # type: ignore[attr-defined]
    for word in list(table):
        for i in range(1, len(word)):
            table.setdefault(word[:i], 0)
    table.update(tok.FREQ.overlay)  # words added after the build (other tests' packs)
    ref = jieba.Tokenizer()
    ref.FREQ, ref.total, ref.initialized = table, tok.total, True  # type: ignore[attr-defined]
    return ref


def test_shared_dictionary_cuts_like_jiebas_own_algorithm(
    texts: list[str], shared: segment.Segmenter
) -> None:
    tok = shared.tokenizer()
    assert isinstance(tok.FREQ, segment.Dictionary)
    ref = reference(tok)
    differ = [t for t in texts if list(tok.cut(t)) != list(ref.cut(t))]
    assert differ == []
    # the DAG itself, as jieba's get_DAG gives it (same keys in the same order)
    for t in texts[:300]:
        ours, theirs = tok.get_DAG(t), ref.get_DAG(t)
        assert ours == theirs and list(ours) == list(theirs)


def test_title_segmenter_cuts_like_jieba_with_boosted_words(texts: list[str]) -> None:
    tok = segmenter().tokenizer()
    assert isinstance(tok.FREQ, segment.Dictionary)
    assert tok.FREQ.get("五分裤") == WORD_FREQ  # a lexicon word, boosted
    ref = reference(tok)
    differ = [t for t in texts if list(tok.cut(t)) != list(ref.cut(t))]
    assert differ == []


def test_the_trie_holds_jiebas_frequencies_and_prefixes(shared: segment.Segmenter) -> None:
    tok = shared.tokenizer()
    dict_txt = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    first = dict_txt.splitlines()[:50]
    for line in first:
        word, freq = line.split(" ")[:2]
        if int(freq) > 0:
            assert tok.FREQ.get(word) == int(freq), word
            assert tok.FREQ.logps[tok.FREQ.trie.key_id(word)] == math.log(int(freq))
    assert "中华人民共" in tok.FREQ  # a prefix of 中华人民共和国: jieba's `in`
    assert tok.FREQ.get("中华人民共") is None
    assert tok.FREQ["中华人民共"] == 0
    with pytest.raises(KeyError):
        tok.FREQ["犇犇犇犇"]


def test_words_added_after_the_build_are_cut_as_jieba_would() -> None:
    tok = segment._tokenizer({}, None, "late-words-test")
    ref = reference(tok)
    for t in (tok, ref):
        t.add_word("螺蛳粉自热锅")
    text = "正宗螺蛳粉自热锅速食夜宵"
    assert "螺蛳粉自热锅" in list(tok.cut(text))
    assert list(tok.cut(text)) == list(ref.cut(text))


def test_corrupted_trie_files_are_rebuilt(
    texts: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LISTLINT_CACHE_DIR", str(tmp_path))  # only this test's files get hurt
    good = segment._tokenizer({}, None, "corruption-test")
    assert isinstance(good.FREQ, segment.Dictionary)
    expected = [list(good.cut(t)) for t in texts[:300]]
    del good  # unmapped before its files are overwritten in place
    for junk in (b"", b"garbage", bytes(4096)):
        files = sorted(tmp_path.glob("jieba-*.marisa*"))
        assert [p.name.rsplit(".", 1)[-1] for p in files] == ["marisa", "values"]
        for file in files:
            file.write_bytes(junk)
        again = segment._tokenizer({}, None, "corruption-test")
        assert isinstance(again.FREQ, segment.Dictionary)  # rebuilt, not given up
        assert [list(again.cut(t)) for t in texts[:300]] == expected
        del again


def test_word_boundaries_follow_words_added_to_a_segmenter() -> None:
    text = "这款扫地机器人吸尘器好用"
    seg = segment.Segmenter()
    before = segment.Boundaries(text, seg)
    before.cover(2)
    seg.add_words(["扫地机器人吸尘器"], 50_000)
    after = segment.Boundaries(text, seg)
    after.cover(2)
    assert 2 in after.starts and after.ends.get(10) == 2  # one word now
    assert before.ends.get(10) != 2


@pytest.mark.parametrize("cache", ["folder", "none"])
def test_part_of_speech_tags_are_jiebas_own_with_or_without_a_cache_folder(
    cache: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if cache == "folder":
        monkeypatch.setenv("LISTLINT_CACHE_DIR", str(tmp_path))
    else:
        monkeypatch.setenv("LISTLINT_NO_CACHE", "1")
    words = ["咨询", "加持", "量", "先", "双摄", "24", "abc", "，", " "]
    expected = ["vn", "v", "n", "d", "un", "m", "eng", "x", "x"]
    assert [segment.Segmenter().tag(w) for w in words] == expected
    # a second segmenter reads the cached table (or builds its own)
    assert [segment.Segmenter().tag(w) for w in words] == expected
    assert len(list(tmp_path.glob("postags-*.marisa"))) == (1 if cache == "folder" else 0)


def test_words_around_a_position_come_from_the_same_segmentation() -> None:
    bounds = segment.Boundaries("双摄加持 夜景更清晰", segment.Segmenter())
    assert bounds.word_ending(2) == (0, 2) and bounds.word_at(2) == (2, 4)
    assert bounds.word_at(4) == (4, 5)  # the space is a word by itself
    assert bounds.word_at(1) is None and bounds.word_ending(0) is None
