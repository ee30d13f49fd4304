"""Traditional → Simplified in normalisation is skipped for text OpenCC would not change: the
character gate read from OpenCC's own dictionaries must never let a convertible text through."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listlint.text import normalize as norm_module
from listlint.text.normalize import normalize

CORPUS = Path(__file__).parent / "corpus"
_T2S = opencc.OpenCC("t2s")


def test_the_gate_covers_every_key_of_the_t2s_dictionaries() -> None:
    import marisa_trie

    gate = norm_module._t2s_gate()
    assert gate is not None and len(gate) > 4000
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    header = b"OPENCC_MARISA_0.2.5"
    keys = 0
    files = norm_module.t2s_dictionaries(share)[1:]
    assert {f.name for f in files} >= {"TSCharacters.ocd2", "TSPhrases.ocd2"}
    for file in files:
        trie = marisa_trie.Trie()
        trie.frombytes(file.read_bytes()[len(header) :])
        for key in trie:
            keys += 1
            assert not gate.isdisjoint(key), key
    assert keys > 6000


def test_text_outside_the_gate_is_what_opencc_leaves_unchanged() -> None:
    gate = norm_module._t2s_gate()
    assert gate is not None
    texts = [
        line
        for file in sorted(CORPUS.rglob("*.yaml"))
        for line in file.read_text(encoding="utf-8").splitlines()
    ]
    outside = [t for t in texts if gate.isdisjoint(t)]
    assert len(outside) > 1000
    assert [t for t in outside if _T2S.convert(t) != t] == []
    inside = [t for t in texts if not gate.isdisjoint(t)]
    assert any(_T2S.convert(t) != t for t in inside)  # the corpus has Traditional snippets


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF), max_size=12))
def test_random_ideographs_normalise_as_opencc_converts_them(text: str) -> None:
    if norm_module._t2s_gate() is not None and norm_module._t2s_gate().isdisjoint(text):
        assert _T2S.convert(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("國家級", "国家级"), ("乾燥", "干燥"), ("纯棉短袖", "纯棉短袖"), ("ＮＯ．１", "no1")],
)
def test_normalise_still_folds_traditional_and_full_width(text: str, expected: str) -> None:
    assert normalize(text).text == expected
