"""Positions of draft fields in the file, down to characters inside scalars.

A ``SourceMap`` is built from the node graph that PyYAML's C composer gives (JSON is composed by
the same parser: it is YAML's flow syntax).  Every field path (``title``, ``skus[1].price``,
``attributes.材质``) maps to its value node; for string scalars the map goes one step further and
maps each character of the *value* to its index in the file, so a span found inside a
``description: |`` block points at the right line and column.

Plain, single-quoted, literal and folded scalars map exactly; a double-quoted YAML scalar that
uses escapes maps every character to the scalar's opening quote (and is marked inexact, so that
``--fix`` never edits it).  JSON is mapped by its own scanner (``build_json``), exactly, escapes
included: libyaml rejects valid JSON in a few places (surrogate-pair escapes such as
``"\\ud83d\\ude00"``, raw DEL/C1 characters, keys longer than 1024 characters, a line break
between a key and its colon).

A key that occurs twice in one mapping maps to its *last* occurrence, like the constructed data.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import yaml

from listlint.safeyaml import NodeBudgetExceeded


@dataclass(slots=True)
class NodeSpan:
    start: int
    end: int
    style: str | None = None
    value: str | None = None  # scalar text, for character-level mapping
    chars: list[int] | None = None  # lazily built: file index of each value character
    ends: list[int] | None = None  # file index just after each value character (JSON escapes)
    exact: bool | None = None  # every value character found where it stands (set with chars)


def line_starts(text: str) -> list[int]:
    """Indexes where the lines of `text` start."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


@dataclass(slots=True)
class SourceMap:
    text: str
    base: int = 0  # index of this document's first character in `text` (JSON lines)
    nodes: dict[str, NodeSpan] = field(default_factory=dict)
    keys: dict[str, NodeSpan] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # (path, key start, end)
    _line_starts: list[int] | None = None

    # -- positions ---------------------------------------------------------------------------
    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character index in the file text."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
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
        if node.ends is None and _escaped(self.text, node):
            return node.start, node.end  # no character map: the whole quoted scalar
        end = max(end if end is not None else len(chars), start + 1)
        first = chars[min(start, len(chars) - 1)]
        last_i = min(end, len(chars)) - 1
        stop = node.ends[last_i] if node.ends is not None else chars[last_i] + 1
        return first, max(stop, first + 1)

    def exact(self, path: str) -> bool:
        """Whether `path` is a scalar whose every value character maps to where it stands in the
        file (no escapes, nothing that could not be aligned): only such spans may be edited."""
        node = self.nodes.get(path)
        if node is None or node.value is None:
            return False
        self._chars(node)
        return bool(node.exact)

    def value_index(self, path: str, start: int, end: int) -> tuple[int, int] | None:
        """The value span [i, j) of `path` whose file span is exactly [start, end), if any."""
        node = self.nodes.get(path)
        if node is None or node.value is None:
            return None
        chars = self._chars(node)
        ends = node.ends if node.ends is not None else [c + 1 for c in chars]
        first = next((i for i, c in enumerate(chars) if c == start), None)
        if first is None:
            return None
        last = next((j for j in range(len(ends) - 1, first - 1, -1) if ends[j] == end), None)
        return None if last is None else (first, last + 1)

    def key_span(self, path: str) -> tuple[int, int]:
        node = self.keys.get(path)
        if node is None:
            return self.span(path)
        return node.start, node.end

    def _chars(self, node: NodeSpan) -> list[int]:
        if node.chars is None:
            node.chars, node.exact = _map_scalar(self.text, node)
        return node.chars


def _trim_end(text: str, start: int, end: int) -> int:
    """Block nodes end after trailing line breaks; keep the span on the node's own lines."""
    while end > start + 1 and text[end - 1] in "\r\n \t":
        end -= 1
    return end


_BREAKS = "\n\r\x85"  # line breaks that YAML turns into "\n" (or a space, when folding)


def _map_scalar(text: str, node: NodeSpan) -> tuple[list[int], bool]:
    """File index of each value character, and whether all of them were found in place."""
    value = node.value or ""
    src_start, src_end = node.start, node.end
    if _escaped(text, node):
        return [src_start] * len(value), False
    j = src_start
    if node.style in ("|", ">"):
        nl = _first_break(text, src_start, src_end)
        j = nl + 1 if nl != -1 else src_end
    elif node.style in ("'", '"'):
        j = src_start + 1
    out: list[int] = []
    exact = True
    last = src_start
    for ch in value:
        k = j
        breaks = ch in " \n"
        while k < src_end:
            s = text[k]
            if s == ch and not (s == "\r" and breaks):
                break
            if breaks and s in _BREAKS:
                # "\r\n" is one break: stand on its "\n"; a lone "\r" (old Mac files) or NEL
                # stands for itself
                if s == "\r" and k + 1 < src_end and text[k + 1] == "\n":
                    k += 1
                break
            k += 1
        if k >= src_end:
            out.append(last)  # could not align (e.g. a trailing folded newline): stay put
            exact = False
            # nothing further can align either: do not rescan the rest of the scalar per char
            j = src_end
            continue
        out.append(k)
        last = k
        j = k + 1
    return out, exact


def _escaped(text: str, node: NodeSpan) -> bool:
    """A double-quoted YAML scalar with escapes: its characters cannot be mapped one by one."""
    return node.style == '"' and "\\" in text[node.start : node.end]


def _first_break(text: str, start: int, end: int) -> int:
    for i in range(start, end):
        if text[i] in _BREAKS:
            return i + 1 if text[i] == "\r" and i + 1 < end and text[i + 1] == "\n" else i
    return -1


def build(
    node: yaml.Node | None,
    text: str,
    base: int = 0,
    max_nodes: int = 200_000,
    merged: dict[int, set[int]] | None = None,
) -> SourceMap:
    """Walk the composed node graph (iteratively: deep documents must not recurse).  `merged`
    names the keys that ``<<`` merged into a mapping (``id(mapping) -> {id(key)}``): overriding
    one of those is what merging is for, not a duplicate."""
    merged = merged or {}
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
            continue
        smap.nodes[path] = NodeSpan(start, end, None)
        if isinstance(current, yaml.MappingNode):
            children = _mapping_children(smap, current, path, base, merged)
        elif isinstance(current, yaml.SequenceNode):
            children = [(item, f"{path}[{i}]") for i, item in enumerate(current.value)]
        else:
            children = []
        stack.extend(reversed(children))
    return smap


def _mapping_children(
    smap: SourceMap,
    current: yaml.MappingNode,
    path: str,
    base: int,
    merged: dict[int, set[int]],
) -> list[tuple[yaml.Node, str]]:
    """The values of a mapping with their paths, and its keys' spans; a key written twice is
    recorded at every occurrence (a key merged in with ``<<`` and set here is an override)."""
    pairs = current.value
    names = [k.value if isinstance(k, yaml.ScalarNode) else "?" for k, _ in pairs]
    last: dict[str, int] = {}
    if len(set(names)) != len(names):
        last = _duplicate_keys(smap, pairs, names, path, base, merged.get(id(current), set()))
    children: list[tuple[yaml.Node, str]] = []
    for i, (key, value) in enumerate(pairs):
        name = names[i]
        if last and last[name] != i:
            continue  # an earlier duplicate: the data holds the last one
        child = f"{path}.{name}" if path else name
        smap.keys[child] = NodeSpan(base + key.start_mark.index, base + key.end_mark.index)
        children.append((value, child))
    return children


def _duplicate_keys(
    smap: SourceMap,
    pairs: list[tuple[yaml.Node, yaml.Node]],
    names: list[str],
    path: str,
    base: int,
    from_merge: set[int],
) -> dict[str, int]:
    """Record the keys written more than once; the index of each name's last occurrence."""
    last: dict[str, int] = {}
    own: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if id(pairs[i][0]) not in from_merge:
            own.setdefault(name, []).append(i)
        last[name] = i
    for name, places in own.items():
        if len(places) < 2:
            continue
        child = f"{path}.{name}" if path else name
        for i in places:  # every occurrence, the first one too
            key = pairs[i][0]
            smap.duplicates.append((child, base + key.start_mark.index, base + key.end_mark.index))
    return last


# -- JSON ------------------------------------------------------------------------------------------
_JSON_TOKEN = re.compile(
    r'[ \t\n\r]*(?:("[^"\\]*(?:\\.[^"\\]*)*")|([{}\[\],:])|'
    r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null|NaN|-?Infinity))",
    re.S,
)
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)
_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def _json_string(token: str, start: int) -> tuple[str, list[int], list[int]]:
    """Decode a JSON string token that starts at file index `start`: the value, and the file
    span [chars[i], ends[i]) of the source of each value character."""
    out: list[str] = []
    chars: list[int] = []
    ends: list[int] = []
    i, n = 1, len(token) - 1
    while i < n:
        c = token[i]
        if c != "\\":
            out.append(c)
            chars.append(start + i)
            ends.append(start + i + 1)
            i += 1
            continue
        m = _JSON_ESCAPE.match(token, i)
        assert m is not None  # json.loads accepted the document
        if m.group(1) is None:
            out.append(_SIMPLE_ESCAPES.get(token[i + 1], token[i + 1]))
            chars.append(start + i)
            ends.append(start + m.end())
            i = m.end()
            continue
        code = int(m.group(1), 16)
        stop = m.end()
        if 0xD800 <= code < 0xDC00:
            low = _JSON_ESCAPE.match(token, stop)
            if low is not None and low.group(1) and 0xDC00 <= int(low.group(1), 16) < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
                stop = low.end()
        out.append(chr(code))
        chars.append(start + i)
        ends.append(start + stop)
        i = stop
    return "".join(out), chars, ends


def build_json(body: str, text: str, base: int = 0, max_nodes: int = 200_000) -> SourceMap:
    """The source map of a JSON document that ``json.loads`` has accepted (`body` is the
    document, found at index `base` of the file `text`; it may differ from `text` only in
    characters that keep their length, see ``load.py``)."""
    smap = SourceMap(text=text, base=base)
    budget = max_nodes
    children: dict[str, list[str]] = {}  # container path -> child paths (to forget duplicates)
    duplicated: set[str] = set()
    stack: list[_Open] = []
    pos, n = 0, len(body)
    while pos < n:
        m = _JSON_TOKEN.match(body, pos)
        if m is None:
            break  # trailing whitespace
        pos = m.end()
        start, end = base + m.start(m.lastindex or 0), base + m.end()
        string, punct, literal = m.group(1), m.group(2), m.group(3)
        top = stack[-1] if stack else None
        if string is not None and top is not None and top.is_object and top.key is None:
            name = json.loads(string) if "\\" in string else string[1:-1]
            top.key = (name, start, end)
            continue
        if punct is not None and punct in "]}":
            opened = stack.pop()
            opened.span.end = end
            continue
        if punct is not None and punct in ",:":
            continue
        budget -= 1
        if budget < 0:
            raise NodeBudgetExceeded
        # a value: a string, a literal, or the start of a container
        path = _value_path(smap, top, children, duplicated)
        if string is not None:
            smap.nodes[path] = _json_string_span(string, start, end)
        elif literal is not None:
            smap.nodes[path] = NodeSpan(start, end, None, literal)
        else:
            span = smap.nodes[path] = NodeSpan(start, start + 1, None)
            stack.append(_Open(path, span, punct == "{"))
    return smap


def _json_string_span(string: str, start: int, end: int) -> NodeSpan:
    if "\\" in string:
        value, chars, ends = _json_string(string, start)
        return NodeSpan(start, end, '"', value, chars, ends, True)
    return NodeSpan(start, end, '"', string[1:-1])


def _value_path(
    smap: SourceMap,
    top: _Open | None,
    children: dict[str, list[str]],
    duplicated: set[str],
) -> str:
    """The path of the value that starts now, under the container `top` (a key seen twice is
    recorded at both places, and the earlier value's nodes are forgotten)."""
    if top is None:
        return ""
    if not top.is_object:
        path = f"{top.path}[{top.index}]"
        top.index += 1
        children.setdefault(top.path, []).append(path)
        return path
    assert top.key is not None
    name, kstart, kend = top.key
    path = f"{top.path}.{name}" if top.path else name
    top.key = None
    if path in smap.keys:
        first = smap.keys[path]
        if path not in duplicated:
            duplicated.add(path)
            smap.duplicates.append((path, first.start, first.end))
        smap.duplicates.append((path, kstart, kend))
        _forget(smap, children, path)
    smap.keys[path] = NodeSpan(kstart, kend)
    children.setdefault(top.path, []).append(path)
    return path


@dataclass(slots=True)
class _Open:
    path: str
    span: NodeSpan
    is_object: bool
    index: int = 0
    key: tuple[str, int, int] | None = None


def _forget(smap: SourceMap, children: dict[str, list[str]], path: str) -> None:
    """Drop an earlier duplicate and its subtree: the data holds the last occurrence only.
    (Each path is forgotten at most once, so this costs no more than building the map.)"""
    todo = [path]
    while todo:
        current = todo.pop()
        smap.nodes.pop(current, None)
        smap.keys.pop(current, None)
        todo.extend(children.pop(current, ()))
