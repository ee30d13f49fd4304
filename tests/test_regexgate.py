"""Literal gates (listlint/kinds/regexgate.py): a pattern runs only on a text that holds one of
the words every match of it must contain.  A gate that is wrong would hide a finding, so the
tests check the computed gates by hand on the syntax it understands, check that what it does not
understand gives no gate, and check soundness on every built-in terms pattern against every text
of the labelled corpora and against generated strings: no match without its gate."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from listlint import Linter
from listlint.kinds.regexgate import gate, matcher
from listlint.text.normalize import normalize_term

CORPUS = Path(__file__).resolve().parent / "corpus"
LISTS = {"endorse": ["推荐", "认证"], "organ": ["卫健委"]}


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:\d+|[一二三]+)项(?:国家|国际)?(?:发明|外观(?:设计)?)?专利", {"专利"}),
        (r"(?:国家|中央)?\L<organ>\L<endorse>", {"卫健委"}),  # the longer word
        (r"(?:好评率|满意度)(?:高达|超过)?\d+%", {"好评率", "满意度"}),
        (r"a|b\d", {"a", "b"}),
        (r"x?y", {"y"}),
        (r"ab+c", {"ab"}),
        (r"a{2}b", {"ab"}),
        (r"最(?!好)", {"最"}),
        (r"(?<![\d一])[一二]成(?!人)", {"成"}),
        (r"\.5折", {".5折"}),
    ],
)
def test_a_gate_holds_the_words_every_match_needs(pattern: str, words: set[str]) -> None:
    assert gate(pattern, LISTS) == frozenset(words)


@pytest.mark.parametrize(
    "pattern",
    [r"(?i)abc", r"[ab]", r"a b", r"\d+", r"(a)\1", r"a?", r"(?:x|\d)", r"\L<unknown>好", r"a{"],
)
def test_what_it_cannot_read_or_what_needs_no_word_gives_no_gate(pattern: str) -> None:
    assert gate(pattern, LISTS) is None


def _texts() -> list[str]:
    out: list[str] = []
    for path in sorted(CORPUS.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and len(item) > 1:
                out.append(item)
    return out


@pytest.fixture(scope="module")
def patterns() -> list[tuple[str, regex.Pattern[str], object]]:
    """(rule id, compiled pattern, gate matcher) of every built-in terms pattern."""
    out = []
    for rule in Linter().resources.rules:
        comp = getattr(rule, "compiled", None)
        if rule.kind != "terms" or not getattr(comp, "regexes", None):
            continue
        first = comp.regexes[0][0]
        for idx, rx in comp.regexes:
            out.append((rule.id, rx, comp.gates[idx - first]))
    assert out
    return out


def test_every_built_in_pattern_has_a_gate(patterns) -> None:
    """Not required for correctness, but the speed of a draft depends on it (bench/)."""
    assert [(rid, rx.pattern) for rid, rx, g in patterns if g is None] == []


def test_no_corpus_text_matches_a_pattern_without_its_gate(patterns) -> None:
    texts = [normalize_term(t) for t in _texts()]
    assert len(texts) > 1000
    for rule_id, rx, words in patterns:
        if words is None:
            continue
        for text in texts:
            for spaced in (text, " ".join(text)):  # the regex also sees a word-spaced view
                if rx.search(spaced) is not None:
                    assert words.search(text) is not None, (rule_id, rx.pattern, text)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_generated_matches_always_contain_their_gate(patterns, data) -> None:
    """Strings built from a pattern's own characters and digits: whenever one matches, it
    holds a gate word."""
    rule_id, rx, words = data.draw(st.sampled_from(patterns))
    if words is None:
        return
    alphabet = sorted({c for c in rx.pattern if not c.isascii()} | set("0123456789%."))
    text = data.draw(st.text(alphabet=alphabet, min_size=1, max_size=30))
    if rx.search(text) is not None:
        assert words.search(text) is not None, (rule_id, rx.pattern, text)


def test_matcher_finds_any_of_its_words() -> None:
    m = matcher(frozenset({"专利", "a.b"}))
    assert m is not None and m.search("本品有专利") and m.search("xa.by")
    assert m.search("axb") is None  # a literal dot
    assert matcher(None) is None
