"""The ``terms`` kind: lists of banned or risky terms, matched as words in normalised text.

All ``terms`` rules of all packs share one Aho–Corasick automaton (built by the engine), so each
text field is scanned once whatever the number of terms.  A rule may add ``patterns``: regular
expressions over the normalised text whose matches are candidates like the terms' (for families
that need a shape rather than a word: ``N天见效``, ``第1``, ``100%无甲醛``).  A candidate becomes a
finding when

1. its term applies here: the term's own ``categories`` / ``exclude_categories`` / ``fields``
   hold, and neither the term's nor the rule's ``unless`` regex matches the draft's text (e.g. a
   patent claim is fine once the draft gives the patent number somewhere);
2. it does not overlap a protected name (the draft's ``brand``, the pack's ``protected``
   trademarks and product names, the user's ``allow`` list);
3. no exception covers it (an exception is a longer phrase containing the term, e.g. 第一次 for
   第一, a regex over the normalised text, or a condition on the words around it: see
   ``exception_contexts`` below; all three per term and per rule);
4. it is a word in context: jieba's segmentation has a token boundary at its start and its end
   (``boundary: word``), only at its start (``start``), at its start or at its end (``edge``:
   a word, or the beginning or ending of a compound such as 特供酒 or 颈椎治疗仪, but never a
   run that straddles two words such as 特供 in 独特/供应链), or none is required (``none``;
   the default for ``patterns``, whose regex states its own context).  Segmentation keeps the
   word-separating spaces of the original (see ``Normalized.spaced``);
5. no longer candidate of the same rule overlaps it (100%有效 wins over 100%).

``lists`` names word lists that regexes use as ``\\L<name>`` (any word of the list, normalised
like a term): a pattern over the names of state organs stays one line, and the names are data
that a reviewer can extend (``\\L<organ>(?:推荐|指定)``).

``exception_contexts`` are exceptions stated on the neighbouring words, with jieba's segmentation
and part-of-speech tags (``Segmenter.tag``) instead of listed phrases: ``{after: {pos: [v, vn],
skip: [d, t]}}`` holds when the first word after the candidate that is not an adverb or a time
word is a verb (modal 最好 before a verb phrase: 最好先量一下尺寸, 最好咨询医生, 最好当天吃完);
``{before: {pos: [n, nz, un], not_words: [高僧]}}`` when the word before it is a noun that is not
a religious agent (product slang 气垫加持, 科技加持); ``words`` count whatever their tag (jieba tags
量 and 冷藏 as nouns) and ``\\L<name>`` takes a list of the rule.  A word the dictionary does not
know (tag ``un``: jieba's HMM joined it, 最好|选大|一号) that fails a test is read again by its
character next to the candidate.  A context with ``before`` and ``after`` needs both.

A term or pattern may name a message variant of the rule (``variant: superlative`` with
``messages: {superlative: {text, suggestion, severity}}``): its findings take that text,
suggestion and severity (the price superlatives of adlaw/price-fraud are errors, the rest of
the rule warnings).

``qualified_by`` lowers the severity (to ``qualified_severity``) of every finding in a field that
the regex matches: a sales rank that states its period and source is a warning, not an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from listlint.categories.globs import category_matches, family_matches
from listlint.findings import Finding, Severity
from listlint.kinds.base import Context, Rule
from listlint.kinds.regexes import Regex, finditer, safe_search, search
from listlint.kinds.regexgate import gate, matcher
from listlint.packs.model import FIELD_NAMES
from listlint.text.normalize import Normalized, normalize_term
from listlint.text.segment import Boundaries, Segmenter

Boundary = Literal["word", "start", "edge", "none"]
QUALIFIED_NOTE = "（已注明时间、范围或来源，降为提示性警告；该表述仍须能够证实）"


class WordTest(BaseModel):
    """A test on the word next to a candidate (jieba's segmentation and part-of-speech tags).

    Words are read away from the candidate: a word in ``not_words`` fails the test, a word in
    ``words`` or with a tag in ``pos`` passes it, a word with a tag in ``skip`` is stepped over
    (at most ``max_skip`` of them), any other word fails it.  A tag ending in ``*`` is a prefix
    (``v*``: v, vn, vd …).  A word list may be ``\\L<name>``, a list of the rule's ``lists``."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    pos: list[str] = Field(default_factory=list, description="jieba tags that pass (v, vn, n*)")
    words: list[str] = Field(default_factory=list, description="words that pass, whatever tag")
    not_words: list[str] = Field(default_factory=list, description="words that fail the test")
    skip: list[str] = Field(default_factory=list, description="tags of words stepped over")
    max_skip: int = Field(3, ge=0, le=8)


class WordContext(BaseModel):
    """An exception condition on the words around a candidate: ``before`` and/or ``after``
    (both must hold when both are given)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    before: WordTest | None = None
    after: WordTest | None = None

    def model_post_init(self, context: Any, /) -> None:
        if self.before is None and self.after is None:
            raise ValueError("an exception context needs `before` or `after`")


class _Item(BaseModel):
    """What a term and a pattern item share."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    suggestion: str | None = None
    message: str | None = Field(None, description="overrides the rule's message for this item")
    exceptions: list[str] = Field(default_factory=list)
    exception_patterns: list[Regex] = Field(
        default_factory=list, description="regexes that cover the term where it is not a finding"
    )
    exception_contexts: list[WordContext] = Field(
        default_factory=list, description="conditions on the neighbouring words (jieba POS tags)"
    )
    variant: str | None = Field(
        None, description="a message variant of the rule (messages:): its text and severity"
    )
    boundary: Boundary | None = None
    severity: Literal["error", "warning", "info"] | None = None
    fix: Literal["delete"] | str | None = Field(
        None, description="'delete', or the replacement text"
    )
    categories: list[str] | None = Field(None, description="only in these categories (globs)")
    exclude_categories: list[str] = Field(default_factory=list)
    families: list[str] | None = Field(None, description="only in these category families")
    exclude_families: list[str] = Field(default_factory=list)
    fields: list[str] | None = Field(None, description="only in these fields")
    unless: Regex | None = Field(
        None, description="regex over the draft's normalised text: no finding when it matches"
    )

    def _check_fields(self) -> None:
        for name in self.fields or []:
            if name not in FIELD_NAMES:
                raise ValueError(f"unknown field {name!r}; use one of {', '.join(FIELD_NAMES)}")


class Term(_Item):
    term: str


class PatternTerm(_Item):
    regex: Regex


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    terms: list[str | Term] = Field(min_length=1)
    patterns: list[PatternTerm] = Field(
        default_factory=list, description="regexes whose matches are candidates like terms"
    )
    exceptions: list[str] = Field(default_factory=list, description="phrases that contain a term")
    exception_patterns: list[Regex] = Field(default_factory=list, description="regexes")
    exception_contexts: list[WordContext] = Field(
        default_factory=list, description="conditions on the neighbouring words (jieba POS tags)"
    )
    boundary: Boundary = "word"
    qualified_by: Regex | None = Field(
        None, description="regex: when it matches the field, severity drops to qualified_severity"
    )
    qualified_severity: Literal["error", "warning", "info"] = "warning"
    unless: Regex | None = Field(
        None, description="regex over the draft's normalised text: no finding when it matches"
    )
    lists: dict[str, list[str]] = Field(
        default_factory=dict,
        description="named word lists: \\L<name> in any regex of the rule matches one of the words",
    )


_LIST_REF = regex.compile(r"\\L<(\w+)>")


def _rx(pattern: str, lists: dict[str, list[str]] | None = None) -> regex.Pattern[str]:
    """Compile a regex of the rule; ``\\L<name>`` refers to one of the rule's word lists."""
    named: dict[str, list[str]] = {}
    for name in _LIST_REF.findall(pattern):
        if lists is None or name not in lists:
            known = ", ".join(sorted(lists or {})) or "none"
            raise ValueError(f"unknown word list \\L<{name}> in {pattern!r} (lists: {known})")
        named[name] = [w for w in (normalize_term(x) for x in lists[name]) if w]
    return regex.compile(pattern, regex.V1, **named)


def _word_list(entries: list[str], lists: dict[str, list[str]]) -> frozenset[str]:
    """Words of a ``WordTest`` list, normalised; ``\\L<name>`` is a list of the rule."""
    out: set[str] = set()
    for entry in entries:
        ref = _LIST_REF.fullmatch(entry.strip())
        if ref is None:
            out.add(normalize_term(entry))
            continue
        if ref.group(1) not in lists:
            known = ", ".join(sorted(lists)) or "none"
            raise ValueError(f"unknown word list {entry!r} (lists: {known})")
        out.update(normalize_term(w) for w in lists[ref.group(1)])
    out.discard("")
    return frozenset(out)


def _tag_set(tags: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact tags and tag prefixes (``v*``) of a list of jieba tags."""
    return (
        frozenset(t for t in tags if not t.endswith("*")),
        tuple(t[:-1] for t in tags if t.endswith("*")),
    )


class _Test:
    """A compiled ``WordTest``: ``verdict`` says pass (True), fail (False) or step over (None)."""

    __slots__ = ("max_skip", "not_words", "pos", "skip", "words")

    def __init__(self, test: WordTest, lists: dict[str, list[str]]) -> None:
        self.words = _word_list(test.words, lists)
        self.not_words = _word_list(test.not_words, lists)
        self.pos = _tag_set(test.pos)
        self.skip = _tag_set(test.skip)
        self.max_skip = test.max_skip

    def verdict(self, word: str, tag: str) -> bool | None:
        if word in self.not_words:
            return False
        if word in self.words or _tagged(tag, self.pos):
            return True
        return None if _tagged(tag, self.skip) else False


def _tagged(tag: str, tags: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    exact, prefixes = tags
    return tag in exact or any(tag.startswith(p) for p in prefixes)


class _Context:
    __slots__ = ("after", "before")

    def __init__(self, context: WordContext, lists: dict[str, list[str]]) -> None:
        self.before = _Test(context.before, lists) if context.before is not None else None
        self.after = _Test(context.after, lists) if context.after is not None else None


def _with_digit_variants(terms: list[Term]) -> list[Term]:
    """Sellers write 一 as 1 (仅此1天, 销量第1): a term with 一 also matches its digit form."""
    out = list(terms)
    known = {t.term for t in terms}
    for t in terms:
        variant = t.term.replace("一", "1")
        if variant != t.term and variant not in known:
            known.add(variant)
            out.append(t.model_copy(update={"term": variant}))
    return out


class Compiled:
    def __init__(self, params: Params) -> None:
        lists = params.lists
        terms = _with_digit_variants(
            [t if isinstance(t, Term) else Term(term=t) for t in params.terms]
        )
        self.terms: list[_Item] = [*terms, *params.patterns]
        self.labels: list[str] = [t.term for t in terms] + [p.regex for p in params.patterns]
        # automaton keys: one per term (patterns have none); indexes match self.terms
        self.keys: list[str] = [normalize_term(t.term) for t in terms]
        self.regexes: list[tuple[int, regex.Pattern[str]]] = [
            (len(terms) + j, _rx(p.regex, lists)) for j, p in enumerate(params.patterns)
        ]
        # one alternation of all the rule's patterns: most fields match none of them, and one
        # search says so (the patterns are then run one by one only where it matches)
        self.prefilter: regex.Pattern[str] | None = None
        # literal gates (regexgate): a pattern runs only on a text holding one of its words
        named = {k: [w for w in (normalize_term(x) for x in v) if w] for k, v in lists.items()}
        gates = [gate(p.regex, named) for p in params.patterns]
        self.gates: list[re.Pattern[str] | None] = [matcher(g) for g in gates]
        # the union: when none of its words is in a text, none of the patterns can match
        self.gate: re.Pattern[str] | None = None
        if gates and all(g is not None for g in gates):
            self.gate = matcher(frozenset().union(*gates))  # type: ignore[arg-type]
        if len(params.patterns) > 1:
            try:
                self.prefilter = _rx("|".join(f"(?:{p.regex})" for p in params.patterns), lists)
            except (regex.error, ValueError):
                self.prefilter = None
        for item in self.terms:
            item._check_fields()
        self.term_exceptions: list[list[str]] = [
            [normalize_term(e) for e in t.exceptions] for t in self.terms
        ]
        self.term_patterns: list[list[regex.Pattern[str]]] = [
            [_rx(e, lists) for e in t.exception_patterns] for t in self.terms
        ]
        self.term_unless: list[regex.Pattern[str] | None] = [
            _rx(t.unless, lists) if t.unless else None for t in self.terms
        ]
        self.term_contexts: list[list[_Context]] = [
            [_Context(c, lists) for c in t.exception_contexts] for t in self.terms
        ]
        self.exceptions = [normalize_term(e) for e in params.exceptions]
        self.patterns = [_rx(p, lists) for p in params.exception_patterns]
        self.contexts = [_Context(c, lists) for c in params.exception_contexts]
        self.qualified = _rx(params.qualified_by, lists) if params.qualified_by else None
        self.unless = _rx(params.unless, lists) if params.unless else None
        self.scoped = any(
            t.categories is not None
            or t.exclude_categories
            or t.families is not None
            or t.exclude_families
            or t.fields
            or t.unless
            for t in self.terms
        )


def prepare(rule: Rule) -> None:
    rule.compiled = Compiled(rule.params)
    for item in rule.compiled.terms:
        if item.variant is not None and item.variant not in rule.spec.messages:
            known = ", ".join(sorted(rule.spec.messages)) or "none"
            raise ValueError(f"unknown message variant {item.variant!r} (messages: {known})")


def dictionary_words(rule: Rule) -> list[str]:
    """The rule's terms: the segmenter must know them to tell a word from a run of two."""
    return [k for k in rule.compiled.keys if len(k) > 1]


class Shared:
    """What all terms rules of a run share: one Aho–Corasick automaton over every term (of all
    rules, so pack self-tests work whatever is selected) and the protected names (the packs'
    ``data.protected`` and the config's ``allow``)."""

    def __init__(self, rules: list[Rule], protected: dict[str, set[str]]) -> None:
        import ahocorasick

        entries: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for rule in rules:
            for idx, key in enumerate(rule.compiled.keys):
                if key:
                    entries[key].append((rule.id, idx, len(key)))
        self.automaton: Any = None
        if entries:
            self.automaton = ahocorasick.Automaton()
            for key, value in entries.items():
                self.automaton.add_word(key, value)
            self.automaton.make_automaton()
        self.protected = protected


def shared(rules: list[Rule], resources: Any) -> Shared:
    return Shared(rules, resources.protected_words())


def term_hits(ctx: Context, path: str, text: str) -> dict[str, list[tuple[int, int, int]]]:
    """Every terms-rule candidate in one field, from one pass of the shared automaton."""
    cache = ctx.scratch.setdefault("term_hits", {})
    hits = cache.get(path)
    if hits is None:
        automaton = ctx.shared("terms").automaton
        hits = defaultdict(list)
        if automaton is not None:
            for end, value in automaton.iter(ctx.normalized(path, text).text):
                for rule_id, idx, length in value:
                    hits[rule_id].append((end - length + 1, end + 1, idx))
        cache[path] = hits
    return hits


def protected_spans(ctx: Context, pack: str, path: str, text: str) -> list[tuple[int, int]]:
    """Spans of the normalised field text that terms rules must not flag: the draft's brand,
    the pack's protected names, the user's allow list."""
    cache = ctx.scratch.setdefault("protected", {})
    spans = cache.get(path)
    if spans is None:
        ntext = ctx.normalized(path, text).text
        spans = []
        words = dict(ctx.resources.protected_words())
        brand = normalize_term(ctx.draft.brand or "")
        if brand:
            words.setdefault(brand, set()).add("*")
        for word, packs in words.items():
            i = ntext.find(word)
            while i != -1:
                spans.append((i, i + len(word), packs))
                i = ntext.find(word, i + 1)
        cache[path] = spans
    return [(s, e) for s, e, packs in spans if "*" in packs or pack in packs]


def _covered(text: str, phrases: Iterable[str], start: int, end: int) -> bool:
    """Does one of the phrases occur around [start, end)?  Searches only where such an
    occurrence could start, so the cost does not grow with the length of the text."""
    for phrase in phrases:
        n = len(phrase)
        if n < end - start:
            continue
        if text.find(phrase, max(0, end - n), start + n) != -1:
            return True
    return False


def _pattern_covers(
    text: str,
    patterns: list[regex.Pattern[str]],
    start: int,
    end: int,
    trusted: bool,
    broken: set[str] | None = None,
) -> bool:
    """Is [start, end) inside a match of one of the patterns?  A pattern that times out once is
    added to `broken` and skipped from then on (one timeout per draft, not one per candidate)."""
    for pattern in patterns:
        if broken is not None and pattern.pattern in broken:
            continue
        try:
            for m in finditer(pattern, text, trusted, max(0, start - 20), min(len(text), end + 20)):
                if m.start() <= start and m.end() >= end:
                    return True
        except TimeoutError:
            if broken is not None:
                broken.add(pattern.pattern)
            continue
    return False


def _search(rx: regex.Pattern[str], text: str, trusted: bool) -> bool:
    return safe_search(rx, text, trusted) is not None


def _words(ctx: Context, path: str, norm: Normalized) -> _Words:
    """Word boundaries of the normalised text, segmented with word-separating spaces kept (so
    that ``坤沙 特供酒`` is not cut as 沙特), in normalised-text indexes.  Once per field."""
    cache: dict[str, _Words] = ctx.scratch.setdefault("terms_words", {})
    words = cache.get(path)
    if words is None:
        words = cache[path] = _Words(norm, ctx.resources.segmenter())
    return words


class _Words:
    """Token boundaries of one field: where words start, and where each word that ends at a
    position started (segmentation is a partition, so that word is unique).  Positions are
    normalised-text indexes; the segmentation runs on the text with its word-separating spaces
    and only on the blocks that a candidate touches (``segment.Boundaries``)."""

    __slots__ = ("bounds", "index", "segmenter")

    def __init__(self, norm: Normalized, segmenter: Segmenter) -> None:
        spaced, self.index = norm.spaced()
        self.segmenter = segmenter
        self.bounds = Boundaries(spaced, segmenter)

    def around(self, start: int, end: int, context: _Context) -> bool:
        """Do the words around the candidate [start, end) meet the context's tests?"""
        s, e = self.index[start], self.index[end - 1] + 1
        if context.before is not None and not self._walk(s, context.before, forward=False):
            return False
        return context.after is None or self._walk(e, context.after, forward=True)

    def _walk(self, pos: int, test: _Test, forward: bool) -> bool:
        bounds = self.bounds
        for _ in range(test.max_skip + 1):
            span = bounds.word_at(pos) if forward else bounds.word_ending(pos)
            if span is None:
                return False
            word = bounds.text[span[0] : span[1]]
            tag = self.segmenter.tag(word)
            verdict = test.verdict(word, tag)
            if verdict is False and tag == "un" and len(word) > 1:
                # a word jieba's HMM joined from characters it does not know as words here
                # (最好|选大|一号): read it by its character next to the candidate
                part = word[0] if forward else word[-1]
                return test.verdict(part, self.segmenter.tag(part)) is True
            if verdict is not None:
                return verdict
            pos = span[1] if forward else span[0]
        return False

    def fits(self, start: int, end: int, mode: Boundary) -> bool:
        if mode == "none":
            return True
        # in the spaced text: a word starts at `s`, a word ends at `e`
        s, e = self.index[start], self.index[end - 1] + 1
        bounds = self.bounds
        bounds.cover(s)
        bounds.cover(e - 1)
        at_start = s in bounds.starts
        if mode == "edge":
            # a word, a word's beginning (特供 in 特供酒) or a word's ending (治疗仪 in
            # 颈椎治疗仪); never a run that straddles two words (特供 in 独特/供应链)
            began = bounds.ends.get(e)
            return at_start or (began is not None and began <= s)
        if not at_start:
            return False
        return mode == "start" or e in bounds.ends


def _mask(spans: list[tuple[int, int]], length: int) -> bytearray | None:
    if not spans:
        return None
    mask = bytearray(length)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _draft_matches(ctx: Context, rx: regex.Pattern[str], trusted: bool) -> bool:
    """Does the regex match any text field of the draft (normalised)?  Cached per draft."""
    cache: dict[str, bool] = ctx.scratch.setdefault("terms_unless", {})
    hit = cache.get(rx.pattern)
    if hit is None:
        hit = cache[rx.pattern] = any(
            _search(rx, ctx.normalized(p, t).text, trusted) for p, _, t in ctx.fields
        )
    return hit


def _applies(
    item: _Item, unless: regex.Pattern[str] | None, ctx: Context, field: str, trusted: bool
) -> bool:
    if item.fields is not None and field not in item.fields:
        return False
    if item.categories is not None and not any(
        category_matches(ctx.category, g) for g in item.categories
    ):
        return False
    if any(category_matches(ctx.category, g) for g in item.exclude_categories):
        return False
    if not family_matches(ctx.family, item.families, item.exclude_families):
        return False
    return unless is None or not _draft_matches(ctx, unless, trusted)


class _View:
    """One text field as every terms rule sees it: computed once per draft."""

    __slots__ = ("hits", "index", "norm", "path", "scope", "spaced", "text")

    def __init__(self, ctx: Context, path: str, scope: str, text: str) -> None:
        self.path, self.scope, self.text = path, scope, text
        self.norm = ctx.normalized(path, text)
        # the automaton's candidates by rule id
        self.hits: dict[str, list[tuple[int, int, int]]] = term_hits(ctx, path, text)
        # regex candidates see the word-separating spaces (so "NO.1 22.5W" is not read as
        # "no122.5w"); their spans are mapped back to the normalised text
        self.spaced, self.index = self.norm.spaced()


def _views(ctx: Context) -> list[_View]:
    views: list[_View] | None = ctx.scratch.get("terms_views")
    if views is None:
        views = ctx.scratch["terms_views"] = [_View(ctx, p, s, t) for p, s, t in ctx.fields]
    return views


def _regex_candidates(
    rule: Rule, comp: Compiled, view: _View, hits: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """`hits` (the automaton's candidates of the rule) plus those of the rule's patterns."""
    ntext = view.norm.text
    if comp.gate is not None and comp.gate.search(ntext) is None:
        return hits  # none of the words every match needs: most fields
    if comp.prefilter is not None:
        try:
            if search(comp.prefilter, view.spaced, rule.trusted) is None:
                return hits
        except TimeoutError:
            pass  # undecided: run the patterns one by one, each with its own timeout
    back: list[int] = []  # spaced index → normalised index (-1: a space), made when needed
    first = comp.regexes[0][0] if comp.regexes else 0
    for idx, rx in comp.regexes:
        words = comp.gates[idx - first]
        if words is not None and words.search(ntext) is None:
            continue
        try:
            _pattern_hits(rule, rx, idx, view, back, hits)
        except TimeoutError:
            continue
    return hits


def _pattern_hits(
    rule: Rule,
    rx: regex.Pattern[str],
    idx: int,
    view: _View,
    back: list[int],
    hits: list[tuple[int, int, int]],
) -> None:
    """Add the matches of one pattern on the spaced view, mapped back to the normalised text."""
    spaced = view.spaced
    for m in finditer(rx, spaced, rule.trusted):
        if not back:
            back.extend([-1] * len(spaced))
            for i, j in enumerate(view.index):
                back[j] = i
        s, e = m.start(), m.end()
        while s < e and back[s] < 0:
            s += 1
        while e > s and back[e - 1] < 0:
            e -= 1
        if e > s:
            hits.append((back[s], back[e - 1] + 1, idx))


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    comp: Compiled = rule.compiled
    if comp.unless is not None and _draft_matches(ctx, comp.unless, rule.trusted):
        return
    names = rule.scope_fields
    for view in _views(ctx):
        if view.scope not in names:
            continue
        hits = _candidates(rule, comp, view, ctx)
        if not hits:
            continue
        survivors = _survivors(rule, comp, view, ctx, hits)
        if not survivors:
            continue
        chosen = _choose(rule, comp, view, ctx, survivors)
        yield from _findings(rule, comp, view, ctx, chosen)


def _candidates(
    rule: Rule, comp: Compiled, view: _View, ctx: Context
) -> list[tuple[int, int, int]]:
    """The rule's candidates in one field (automaton and regex), those that apply here."""
    found = view.hits.get(rule.id)
    if comp.regexes:
        hits = _regex_candidates(rule, comp, view, list(found or ()))
    elif found:
        hits = list(found)
    else:
        return []  # most fields: nothing of this rule in them
    if hits and comp.scoped:
        field = view.scope
        hits = [
            h
            for h in hits
            if _applies(comp.terms[h[2]], comp.term_unless[h[2]], ctx, field, rule.trusted)
        ]
    return hits


def _survivors(
    rule: Rule,
    comp: Compiled,
    view: _View,
    ctx: Context,
    hits: list[tuple[int, int, int]],
) -> list[tuple[int, int, int]]:
    """Candidates not inside a protected name, an exception phrase or an exception pattern."""
    norm = view.norm
    ntext = norm.text
    protected = _mask(protected_spans(ctx, rule.pack, view.path, view.text), len(ntext))
    survivors: list[tuple[int, int, int]] = []
    for start, end, idx in hits:
        if protected is not None and protected.find(1, start, end) != -1:
            continue
        if _covered(ntext, comp.term_exceptions[idx], start, end) or _covered(
            ntext, comp.exceptions, start, end
        ):
            continue
        patterns = comp.term_patterns[idx] + comp.patterns
        if patterns:
            spaced, index = norm.spaced()
            broken = ctx.scratch.setdefault("timed_out_patterns", set())
            if _pattern_covers(
                spaced, patterns, index[start], index[end - 1] + 1, rule.trusted, broken
            ):
                continue
        contexts = comp.term_contexts[idx] + comp.contexts
        if contexts:
            words = _words(ctx, view.path, norm)
            if any(words.around(start, end, c) for c in contexts):
                continue
        survivors.append((start, end, idx))
    return survivors


def _choose(
    rule: Rule,
    comp: Compiled,
    view: _View,
    ctx: Context,
    survivors: list[tuple[int, int, int]],
) -> list[tuple[int, int, int]]:
    """Longest candidates first, each a word in context; no two overlap."""
    params: Params = rule.params
    words = _words(ctx, view.path, view.norm)
    chosen: list[tuple[int, int, int]] = []
    taken = bytearray(len(view.norm.text))  # characters already in a chosen (longer) candidate
    for start, end, idx in sorted(survivors, key=lambda h: (h[0] - h[1], h[0], h[2])):
        if taken.find(1, start, end) != -1:
            continue
        item = comp.terms[idx]
        default: Boundary = "none" if isinstance(item, PatternTerm) else params.boundary
        if words.fits(start, end, item.boundary or default):
            chosen.append((start, end, idx))
            taken[start:end] = b"\x01" * (end - start)
    return chosen


def _texts(rule: Rule, item: _Item) -> tuple[Severity, str | None, str | None]:
    """Severity, message and suggestion of an item's findings: the item's own, else its message
    variant's (``variant``), else the rule's (None: the rule's text)."""
    severity = Severity.parse(item.severity) if item.severity else None
    message, suggestion = item.message, item.suggestion
    found = rule.spec.messages.get(item.variant) if item.variant is not None else None
    if isinstance(found, str):
        message = message or found
    elif found is not None:
        message = message or found.text
        suggestion = suggestion or found.suggestion
        if severity is None and found.severity is not None:
            severity = Severity.parse(found.severity)
    return severity or rule.severity, message, suggestion


def _fix_text(rule: Rule, item: _Item) -> str | None:
    fix_spec = item.fix or (rule.spec.fix and rule.spec.fix.action)
    if fix_spec == "delete":
        return ""
    if fix_spec == "replace" and rule.spec.fix is not None:
        return rule.spec.fix.with_ or ""
    return fix_spec or None


def _findings(
    rule: Rule,
    comp: Compiled,
    view: _View,
    ctx: Context,
    chosen: list[tuple[int, int, int]],
) -> Iterator[Finding]:
    params: Params = rule.params
    norm = view.norm
    ntext = norm.text
    qualified = comp.qualified is not None and _search(comp.qualified, ntext, rule.trusted)
    for start, end, idx in sorted(chosen):
        item = comp.terms[idx]
        o_start, o_end = norm.span(start, end)
        severity, message, suggestion = _texts(rule, item)
        if qualified and severity > Severity.parse(params.qualified_severity):
            severity = Severity.parse(params.qualified_severity)
            message = (message or rule.spec.message) + QUALIFIED_NOTE
        label = comp.labels[idx] if isinstance(item, Term) else ntext[start:end]
        yield ctx.finding(
            rule,
            view.path,
            start=o_start,
            end=o_end,
            severity=severity,
            message=message,
            suggestion=suggestion,
            fix=_fix_text(rule, item),
            term=label,
        )
