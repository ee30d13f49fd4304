"""Running pack regexes: with a time limit where one is needed, without its cost where not.

Patterns of user packs always run with ``MATCH_TIMEOUT``: a catastrophic pattern (``(a+)+$``)
times out and counts as no match (the ``pattern`` kind reports it).  The limit is not free: the
``regex`` module spends about 0.7 µs per call on it, more than a typical search of a title takes
(0.3 µs), and a draft makes about 150 such calls.  Patterns of the built-in packs are therefore
audited instead (``tests/test_builtin_regexes.py`` rejects nested quantifiers, quantified
alternations of overlapping branches and backreferences in every one of them) and run without
a limit on texts of up to ``TRUSTED_TEXT_MAX`` characters, where their worst case is polynomial
in a bounded length; on longer texts they get the limit too.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

MATCH_TIMEOUT = 0.1  # seconds per call (one field, one pattern)
TRUSTED_TEXT_MAX = 2_000  # characters


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
    return rx.search(text, pos, endpos, timeout=MATCH_TIMEOUT)


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
    return rx.finditer(text, pos, endpos, timeout=MATCH_TIMEOUT)  # type: ignore[no-any-return]


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
