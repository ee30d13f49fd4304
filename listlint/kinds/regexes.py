"""Pack regexes: bounded when a pack loads, and run with time limits where they are needed.

Every regex a rule kind's parameters declare (the ``Regex`` type) is checked when its pack
loads (``check_pattern``): it compiles, and its size and repetition counts are bounded (the
``regex`` module compiles ``x{n}`` as n copies of x; ``[a-z]{4294967294}`` took 20 GB).

Patterns of user packs always run with ``MATCH_TIMEOUT``: a catastrophic pattern (``(a+)+$``)
times out and counts as no match (the ``pattern`` kind reports it).  The limit is not free: the
``regex`` module spends about 0.7 µs per call on it, more than a typical search of a title takes
(0.3 µs), and a draft makes about 150 such calls.  Patterns of the built-in packs are therefore
audited instead (``tests/test_builtin_regexes.py`` rejects nested quantifiers, quantified
alternations of overlapping branches and backreferences in every one of them) and run without
a limit on texts of up to ``TRUSTED_TEXT_MAX`` characters, where their worst case is polynomial
in a bounded length; on longer texts they get the limit too.

Limited searches also share a budget (``budget``, installed by the engine around each draft):
at most ``FIELD_BUDGET`` seconds on one text and ``DRAFT_BUDGET`` seconds on a whole draft,
whatever the number of patterns (forty catastrophic patterns cost 0.1 s each, per field, per
draft).  A search that finds the budget spent raises TimeoutError at once, like a timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Annotated

import regex
from pydantic import AfterValidator

MATCH_TIMEOUT = 0.1  # seconds per call (one field, one pattern)
TRUSTED_TEXT_MAX = 2_000  # characters
FIELD_BUDGET = 0.25  # seconds of limited searches on one text of a draft
DRAFT_BUDGET = 1.0  # seconds of limited searches on one draft


class Budget:
    """Time left for limited searches in one draft: per text and in all."""

    __slots__ = ("left", "per_text")

    def __init__(self) -> None:
        self.left = DRAFT_BUDGET
        self.per_text: dict[str, float] = {}

    def timeout(self, text: str) -> float:
        """The timeout for the next search on `text`; TimeoutError when nothing is left."""
        allowed = min(MATCH_TIMEOUT, self.left, self.per_text.get(text, FIELD_BUDGET))
        if allowed <= 0:
            raise TimeoutError("regex time budget spent")
        return allowed

    def spend(self, text: str, seconds: float) -> None:
        self.left -= seconds
        self.per_text[text] = self.per_text.get(text, FIELD_BUDGET) - seconds


_BUDGET: ContextVar[Budget | None] = ContextVar("listlint_regex_budget", default=None)


class budget:  # used like a function: ``with budget():``
    """A fresh time budget for the limited searches made inside the block (one draft)."""

    __slots__ = ("token",)

    def __enter__(self) -> Budget:
        current = Budget()
        self.token = _BUDGET.set(current)
        return current

    def __exit__(self, *exc: object) -> None:
        _BUDGET.reset(self.token)


def _limited_search(
    rx: regex.Pattern[str], text: str, pos: int | None, endpos: int | None
) -> regex.Match[str] | None:
    spent = _BUDGET.get()
    if spent is None:
        return rx.search(text, pos, endpos, timeout=MATCH_TIMEOUT)
    timeout = spent.timeout(text)
    start = time.perf_counter()
    try:
        return rx.search(text, pos, endpos, timeout=timeout)
    finally:
        spent.spend(text, time.perf_counter() - start)


def _limited_finditer(
    rx: regex.Pattern[str], text: str, pos: int | None, endpos: int | None
) -> Iterator[regex.Match[str]]:
    spent = _BUDGET.get()
    if spent is None:
        yield from rx.finditer(text, pos, endpos, timeout=MATCH_TIMEOUT)
        return
    matches = rx.finditer(text, pos, endpos, timeout=spent.timeout(text))
    while True:
        start = time.perf_counter()
        try:
            found = next(matches, None)
        finally:
            spent.spend(text, time.perf_counter() - start)
        if found is None:
            return
        yield found


def search(
    rx: regex.Pattern[str],
    text: str,
    trusted: bool,
    pos: int | None = None,
    endpos: int | None = None,
) -> regex.Match[str] | None:
    """``rx.search``; raises TimeoutError when a limited search runs out of time."""
    if trusted and _span(text, pos, endpos) <= TRUSTED_TEXT_MAX:
        return rx.search(text, pos, endpos)
    return _limited_search(rx, text, pos, endpos)


def finditer(
    rx: regex.Pattern[str],
    text: str,
    trusted: bool,
    pos: int | None = None,
    endpos: int | None = None,
) -> Iterator[regex.Match[str]]:
    """``rx.finditer``; the iteration raises TimeoutError when a limited search runs out."""
    if trusted and _span(text, pos, endpos) <= TRUSTED_TEXT_MAX:
        return rx.finditer(text, pos, endpos)  # type: ignore[no-any-return]
    return _limited_finditer(rx, text, pos, endpos)


def _span(text: str, pos: int | None, endpos: int | None) -> int:
    """How many characters a search may look at."""
    return (len(text) if endpos is None else endpos) - (pos or 0)


def safe_search(rx: regex.Pattern[str], text: str, trusted: bool) -> regex.Match[str] | None:
    """``search`` in which a time-out counts as no match (a pathological user regex must not
    stop the rule)."""
    try:
        return search(rx, text, trusted)
    except TimeoutError:
        return None


# -- load-time bounds -----------------------------------------------------------------------
MAX_PATTERN_CHARS = 5_000  # one regex as written in a pack
MAX_REPEAT = 1_000  # a {n,m} count
MAX_EXPANSION = 100_000  # atoms × the counts of the groups around them ({n} is compiled n times)

_COUNT = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")


def _unit_end(p: str, i: int) -> int:
    """Index after the atom starting at p[i] (an escape, a class, or one character)."""
    if p[i] == "\\":
        for opener, closer in (("\\p{", "}"), ("\\P{", "}"), ("\\N{", "}"), ("\\L<", ">")):
            if p.startswith(opener, i):
                end = p.find(closer, i)
                return end + 1 if end > 0 else len(p)
        return i + 2
    if p[i] == "[":
        j = i + 1
        if j < len(p) and p[j] == "^":
            j += 1
        if j < len(p) and p[j] == "]":
            j += 1
        depth = 1
        while depth and j < len(p):
            if p[j] == "\\":
                j += 2
                continue
            depth += {"[": 1, "]": -1}.get(p[j], 0)
            j += 1
        return j
    return i + 1


def quantifier(p: str, i: int) -> tuple[int, int, bool]:
    """(index after a quantifier at p[i], its count, whether it repeats more than once);
    (i, 1, False) when p[i] starts none.  The count of ``{n,m}`` is max(n, m); ``*``, ``+``
    and ``{n,}`` count n (at least 1), ``?`` counts 1."""
    if i >= len(p):
        return i, 1, False
    ch = p[i]
    if ch in "*+":
        end, count, repeats = i + 1, 1, True
    elif ch == "?":
        end, count, repeats = i + 1, 1, False
    elif ch == "{" and (m := _COUNT.match(p, i)) is not None and (m.group(1) or m.group(3)):
        low, comma, high = m.groups()
        upper = high if comma else low
        count = max(int(low or 0), int(high or 0))
        end, repeats = m.end(), (upper == "" or int(upper) > 1)
    else:
        return i, 1, False
    if end < len(p) and p[end] in "?+":
        end += 1  # lazy or possessive
    return end, max(count, 1), repeats


def _group_start(p: str, i: int) -> tuple[int, bool]:
    """(index after the opening of the group at p[i] == "(", whether it is an inline flag
    group with no content such as ``(?i)``)."""
    j = i + 1
    if p.startswith("?", j):  # (?:  (?=  (?!  (?<=  (?P<name>  (?i)
        m = regex.match(r"\?(P?<\w+>|[:=!>|]|<[=!]|[a-zA-Z-]+\)?|[a-zA-Z-]*:)", p[j:])
        j += m.end() if m else 1
        if p[j - 1] == ")":
            return j, True
    return j, False


class _Group:
    __slots__ = ("alternation", "branches", "repeats", "weight")

    def __init__(self) -> None:
        self.repeats = False  # contains a repeating quantifier
        self.alternation = False
        self.branches = [""]
        self.weight = 0  # atoms, each times the counts of the groups inside this one


def _shape(pattern: str) -> tuple[int, int, str | None]:
    """(expansion, largest count, why the pattern could backtrack catastrophically or None)."""
    risky: str | None = None
    if regex.search(r"\\[1-9]|\\g<|\(\?P=", pattern):
        risky = "backreference"
    stack = [_Group()]
    largest = 1
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "(":
            i, flags_only = _group_start(pattern, i)
            if not flags_only:
                stack.append(_Group())
            continue
        if ch == ")" and len(stack) > 1:
            inner = stack.pop()
            end, count, repeats = quantifier(pattern, i + 1)
            largest = max(largest, count)
            if risky is None and repeats and inner.repeats:
                risky = f"nested quantifier before index {i + 1}"
            if risky is None and repeats and inner.alternation:
                branches = inner.branches
                if any(len(b) != 1 for b in branches) or len(set(branches)) != len(branches):
                    risky = f"repeated alternation before index {i + 1}"
            outer = stack[-1]
            outer.repeats = outer.repeats or inner.repeats or repeats
            outer.branches[-1] += "\0"  # a group: not a single literal character
            outer.weight += max(inner.weight, 1) * count
            i = end
            continue
        if ch == "|":
            stack[-1].alternation = True
            stack[-1].branches.append("")
            i += 1
            continue
        end = _unit_end(pattern, i)
        group = stack[-1]
        group.branches[-1] += pattern[i:end]
        q_end, count, repeats = quantifier(pattern, end)
        largest = max(largest, count)
        group.repeats = group.repeats or repeats
        if q_end > end:
            group.branches[-1] += "\0"
        group.weight += count
        i = q_end
    return sum(g.weight for g in stack), largest, risky


def risk(pattern: str) -> str | None:
    """Why `pattern` could backtrack catastrophically (a nested quantifier, a repeated
    alternation of overlapping branches, a backreference), or None.  The built-in packs' regexes
    must all pass (``tests/test_builtin_regexes.py``): they run without a per-call time limit on
    bounded texts.  User packs' regexes may fail it: they always run with the time limits."""
    return _shape(pattern)[2]


class PatternError(ValueError):
    """A regex a pack may not use (``check_pattern``); ``str()`` is the reason in Chinese."""


def check_pattern(pattern: str) -> str:
    """`pattern` if a pack may use it: compiles, at most ``MAX_PATTERN_CHARS`` characters, no
    count above ``MAX_REPEAT`` and at most ``MAX_EXPANSION`` atoms once counted repetitions
    are expanded (the ``regex`` module compiles ``x{n}`` as n copies: ``[a-z]{4294967294}``
    took 20 GB).  Raises PatternError with the reason in Chinese (a pack error naming the rule
    and the line of the pattern)."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"正则表达式过长：{len(pattern):,} 个字符，上限 {MAX_PATTERN_CHARS:,}")
    expansion, largest, _ = _shape(pattern)
    if largest > MAX_REPEAT:
        raise PatternError(f"正则表达式的重复次数 {largest:,} 超过上限 {MAX_REPEAT:,}")
    if expansion > MAX_EXPANSION:
        raise PatternError(
            f"正则表达式的重复展开后过大（约 {expansion:,} 个单元，上限 {MAX_EXPANSION:,}），"
            "请减少嵌套的重复次数"
        )
    try:  # \L<name> refers to a word list of the rule: compiled with it in the kind's prepare
        regex.compile(_LIST_REF.sub("(?:)", pattern), regex.V1)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise PatternError(f"正则表达式无效：{exc}") from None
    return pattern


_LIST_REF = regex.compile(r"\\L<\w+>")

# a regex field of a rule kind's parameters: checked when the pack loads
Regex = Annotated[str, AfterValidator(check_pattern)]
