"""Positions of draft fields in the file, down to characters inside scalars.

A ``SourceMap`` is built from the node graph that PyYAML's C composer gives (JSON is composed by
the same parser: it is YAML's flow syntax).  Every field path (``title``, ``skus[1].price``,
``attributes.材质``) maps to its value node; for string scalars the map goes one step further and
maps each character of the *value* to its index in the file, so a span found inside a
``description: |`` block points at the right line and column.

Plain, single-quoted, literal and folded scalars map exactly; a double-quoted scalar that uses
escapes maps every character to the scalar's opening quote.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import yaml


class NodeBudgetExceeded(Exception):
    """The node graph is larger than allowed once aliases are expanded (an alias bomb)."""


@dataclass(slots=True)
class NodeSpan:
    start: int
    end: int
    style: str | None = None
    value: str | None = None  # scalar text, for character-level mapping
    chars: list[int] | None = None  # lazily built: file index of each value character


@dataclass(slots=True)
class SourceMap:
    text: str
    base: int = 0  # index of this document's first character in `text` (JSON lines)
    nodes: dict[str, NodeSpan] = field(default_factory=dict)
    keys: dict[str, NodeSpan] = field(default_factory=dict)
    _line_starts: list[int] | None = None

    # -- positions ---------------------------------------------------------------------------
    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character index in the file text."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        index = max(0, min(index, len(self.text)))
        line = bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def end_of_text(self) -> int:
        return len(self.text)

    # -- field spans -------------------------------------------------------------------------
    def node(self, path: str) -> NodeSpan | None:
        while path:
            span = self.nodes.get(path)
            if span is not None:
                return span
            # fall back to the closest existing parent: skus[1].price -> skus[1] -> skus
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def span(self, path: str, start: int | None = None, end: int | None = None) -> tuple[int, int]:
        """File indices [start, end) of a field, or of the value characters [start, end)."""
        exact = self.nodes.get(path)
        node = exact or self.node(path)
        if node is None:
            return self.base, self.base
        if start is None or exact is None or node.value is None:
            if start is None and exact is not None and node.style is None and node.value:
                return node.start, node.end
            return node.start, _trim_end(self.text, node.start, node.end)
        chars = self._chars(node)
        if not chars:
            return node.start, node.start
        end = max(end if end is not None else len(chars), start + 1)
        first = chars[min(start, len(chars) - 1)]
        last = chars[min(end, len(chars)) - 1]
        return first, max(last + 1, first + 1)

    def key_span(self, path: str) -> tuple[int, int]:
        node = self.keys.get(path)
        if node is None:
            return self.span(path)
        return node.start, node.end

    def _chars(self, node: NodeSpan) -> list[int]:
        if node.chars is None:
            node.chars = _map_scalar(self.text, node)
        return node.chars


def _trim_end(text: str, start: int, end: int) -> int:
    """Block nodes end after trailing line breaks; keep the span on the node's own lines."""
    while end > start + 1 and text[end - 1] in "\r\n \t":
        end -= 1
    return end


def _map_scalar(text: str, node: NodeSpan) -> list[int]:
    value = node.value or ""
    src_start, src_end = node.start, node.end
    if node.style == '"' and "\\" in text[src_start:src_end]:
        return [src_start] * len(value)
    j = src_start
    if node.style in ("|", ">"):
        nl = text.find("\n", src_start, src_end)
        j = nl + 1 if nl != -1 else src_end
    elif node.style in ("'", '"'):
        j = src_start + 1
    out: list[int] = []
    last = src_start
    for ch in value:
        k = j
        while k < src_end:
            s = text[k]
            if s == ch or (ch in " \n" and s == "\n"):
                break
            k += 1
        if k >= src_end:
            out.append(last)  # could not align (e.g. a trailing folded newline): stay put
            continue
        out.append(k)
        last = k
        j = k + 1
    return out


def build(node: yaml.Node | None, text: str, base: int = 0, max_nodes: int = 200_000) -> SourceMap:
    """Walk the composed node graph (iteratively: deep documents must not recurse)."""
    smap = SourceMap(text=text, base=base)
    if node is None:
        return smap
    budget = max_nodes
    stack: list[tuple[yaml.Node, str]] = [(node, "")]
    while stack:
        current, path = stack.pop()
        budget -= 1
        if budget < 0:
            raise NodeBudgetExceeded
        start = base + current.start_mark.index
        end = base + current.end_mark.index
        if isinstance(current, yaml.ScalarNode):
            smap.nodes[path] = NodeSpan(start, end, current.style, current.value)
        else:
            smap.nodes[path] = NodeSpan(start, end, None)
            if isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                    child = f"{path}.{name}" if path else name
                    smap.keys.setdefault(
                        child,
                        NodeSpan(base + key.start_mark.index, base + key.end_mark.index),
                    )
                    stack.append((value, child))
            elif isinstance(current, yaml.SequenceNode):
                for i, item in enumerate(current.value):
                    stack.append((item, f"{path}[{i}]"))
    return smap
