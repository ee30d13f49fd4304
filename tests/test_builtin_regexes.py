"""The built-in packs' regexes run without a per-call time limit on bounded texts
(listlint.kinds.regexes), so every one of them is audited here: no nested quantifiers, no
repeated alternation of overlapping branches, no backreferences.  User packs keep the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from listlint.api import Linter
from listlint.config import Config
from listlint.kinds import conditions, documents
from listlint.kinds.regexes import TRUSTED_TEXT_MAX, finditer, safe_search, search
from listlint.packs.loader import load_pack


def _unit_end(p: str, i: int) -> int:
    """Index after the atom starting at p[i] (an escape, a class, or one character)."""
    if p[i] == "\\":
        if p.startswith(("\\p{", "\\P{", "\\N{"), i) or p.startswith("\\L<", i):
            return p.index("}" if p[i + 2] == "{" else ">", i) + 1
        return i + 2
    if p[i] == "[":
        j = i + 1
        if j < len(p) and p[j] == "^":
            j += 1
        if j < len(p) and p[j] == "]":
            j += 1
        depth = 1
        while depth:
            if p[j] == "\\":
                j += 2
                continue
            if p[j] == "[":
                depth += 1
            elif p[j] == "]":
                depth -= 1
            j += 1
        return j
    return i + 1


def _quantifier(p: str, i: int) -> tuple[int, bool]:
    """(index after a quantifier at p[i], whether it repeats more than once); (i, False) when
    p[i] starts none."""
    if i >= len(p):
        return i, False
    if p[i] in "*+":
        end, repeats = i + 1, True
    elif p[i] == "?":
        end, repeats = i + 1, False
    elif p[i] == "{":
        m = regex.match(r"\{(\d*)(,(\d*))?\}", p[i:])
        if m is None:
            return i, False
        upper = m.group(3) if m.group(2) else m.group(1)
        end, repeats = i + m.end(), (upper == "" or int(upper) > 1)
    else:
        return i, False
    if end < len(p) and p[end] in "?+":
        end += 1  # lazy or possessive
    return end, repeats


def risk(pattern: str) -> str | None:
    """Why `pattern` could backtrack catastrophically, or None."""
    if regex.search(r"\\[1-9]|\\g<|\(\?P=", pattern):
        return "backreference"
    # per open group: (contains a repeating quantifier, has alternation, branches)
    stack: list[list] = [[False, False, [""]]]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "(":
            j = i + 1
            if pattern.startswith("?", j):  # (?:  (?=  (?!  (?<=  (?P<name>  (?i)
                m = regex.match(r"\?(P?<\w+>|[:=!>|]|<[=!]|[a-zA-Z-]+\)?|[a-zA-Z-]*:)", pattern[j:])
                j += m.end() if m else 1
                if pattern[j - 1] == ")":  # an inline flag group, no content
                    i = j
                    continue
            stack.append([False, False, [""]])
            i = j
            continue
        if ch == ")":
            inner = stack.pop()
            end, repeats = _quantifier(pattern, i + 1)
            if repeats and inner[0]:
                return f"nested quantifier before index {i + 1}"
            if repeats and inner[1]:
                branches = inner[2]
                if any(len(b) != 1 for b in branches) or len(set(branches)) != len(branches):
                    return f"repeated alternation before index {i + 1}"
            stack[-1][0] = stack[-1][0] or inner[0] or repeats
            stack[-1][2][-1] += "\0"  # a group: not a single literal character
            i = end
            continue
        if ch == "|":
            stack[-1][1] = True
            stack[-1][2].append("")
            i += 1
            continue
        end = _unit_end(pattern, i)
        stack[-1][2][-1] += pattern[i:end]
        q_end, repeats = _quantifier(pattern, end)
        if repeats:
            stack[-1][0] = True
        if q_end > end:
            stack[-1][2][-1] += "\0"
        i = q_end
    return None


def builtin_patterns() -> list[str]:
    """Every regex the built-in packs compile: building an engine compiles the packs and runs
    every rule's examples (which reach the lazily compiled ones, e.g. ``when: {text: ...}``)."""
    seen: list[str] = []
    real = regex.compile

    def spy(pattern: str, flags: int = 0, *args: object, **kwargs: object) -> regex.Pattern[str]:
        seen.append(pattern)
        return real(pattern, flags, *args, **kwargs)

    conditions._CACHE.clear()
    documents._RX_CACHE.clear()
    regex.compile = spy  # type: ignore[assignment]
    try:
        Linter(Config())
    finally:
        regex.compile = real  # type: ignore[assignment]
    return sorted(set(seen))


def test_every_builtin_pack_regex_is_free_of_catastrophic_backtracking() -> None:
    patterns = builtin_patterns()
    assert len(patterns) > 50
    risky = {p: why for p in patterns if (why := risk(p))}
    assert risky == {}


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(?:\d*)*x", r"(x|xy)*z", r"(?:a{1,5}){2,}", r"(\w)\1", r"(?P<c>.)(?P=c)"],
)
def test_the_audit_catches_classic_catastrophic_patterns(pattern: str) -> None:
    assert risk(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        r"最(?!近|新)",
        r"(?:全网|史上)(?:最低|底价)",
        r"[\d一二]+个?(?:天|日)",
        r"(?:天|日|周)+",
        r"(a+)?b",
    ],
)
def test_the_audit_accepts_linear_patterns(pattern: str) -> None:
    assert risk(pattern) is None


def test_builtin_rules_are_trusted_and_user_rules_are_not(tmp_path: Path) -> None:
    resources = Linter(Config()).resources
    assert resources.rules and all(r.trusted for r in resources.rules)
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\nversion: '1'\ndescription: x\nrules:\n  - id: mine/slow\n"
        "    kind: pattern\n    severity: warning\n    title: t\n    message: m\n"
        "    reference: r\n    patterns:\n      - regex: '(a+)+$'\n",
        encoding="utf-8",
    )
    assert not any(r.trusted for r in load_pack(pack).rules)


def test_limited_searches_time_out_and_trusted_ones_only_on_long_texts() -> None:
    slow = regex.compile(r"(a+)+$", regex.V1)
    hostile = "a" * (TRUSTED_TEXT_MAX // 2) + "!"  # seconds without a limit
    with pytest.raises(TimeoutError):
        search(slow, hostile, trusted=False)
    assert safe_search(slow, hostile, trusted=False) is None
    with pytest.raises(TimeoutError):  # a trusted pattern on a long text is limited too
        list(finditer(slow, "a" * TRUSTED_TEXT_MAX + "!", trusted=True))
    quick = regex.compile(r"最(?!近)", regex.V1)
    assert search(quick, "最好的", trusted=True) is not None
    assert [m.span() for m in finditer(quick, "最近最好", trusted=True, pos=1)] == [(2, 3)]
