"""Matching a draft's category: path globs (user packs) and families (the category table)."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from functools import lru_cache


def family_matches(
    family: str | None, families: Sequence[str] | None, exclude: Sequence[str] = ()
) -> bool:
    """A family node id against a scope's families (None: any, even an undecided family) and
    excluded families; a node matches a family when it is that family or below it."""
    if families is not None and (family is None or not any(within(family, f) for f in families)):
        return False
    return family is None or not any(within(family, f) for f in exclude)


def within(node: str, ancestor: str) -> bool:
    return node == ancestor or node.startswith(ancestor + ".")


@lru_cache(maxsize=65536)
def category_matches(category: str, pattern: str) -> bool:
    """Category path globs: ``食品/**`` matches 食品 and everything below it, ``**/T恤`` any
    path ending in T恤, ``服装/*/T恤`` exactly one segment in between, ``**/*定制*/**`` any path
    with a segment containing 定制.  Matched segment by segment, without regexes: thousands of
    lexicon and pack globs are tested in a cold process."""
    return _match(_split(category), _split(pattern))


@lru_cache(maxsize=16384)
def _split(path: str) -> tuple[str, ...]:
    return tuple(path.strip("/").split("/"))


@lru_cache(maxsize=65536)
def _match(segments: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Memoised on (segments, pattern), and runs of ``**`` collapse to one, so a glob with many
    ``**`` stays polynomial (hostile packs cannot make this exponential)."""
    if not pattern:
        return not segments
    head = pattern[0]
    if head == "**":
        rest = pattern[1:]
        while rest and rest[0] == "**":
            rest = rest[1:]
        if not rest:
            return True
        return any(_match(segments[i:], rest) for i in range(len(segments) + 1))
    if not segments:
        return False
    seg = segments[0]
    if head != seg and not (("*" in head or "?" in head or "[" in head) and fnmatchcase(seg, head)):
        return False
    return _match(segments[1:], pattern[1:])
