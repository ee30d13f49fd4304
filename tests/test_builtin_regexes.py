"""The built-in packs' regexes run without a per-call time limit on bounded texts
(listlint.kinds.regexes), so every one of them is audited here (``risk``): no nested
quantifiers, no repeated alternation of overlapping branches, no backreferences.  User packs
keep the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from listlint.api import Linter
from listlint.config import Config
from listlint.kinds import conditions, documents
from listlint.kinds.regexes import TRUSTED_TEXT_MAX, finditer, risk, safe_search, search
from listlint.packs.loader import load_pack


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
