"""Safe, bounded YAML and bounded file reads: the lowest layer of everything listlint reads
(drafts, packs, config, platform and category data).

PyYAML's safe loader never constructs Python objects; on top of it listlint bounds what libyaml
and PyYAML do not: nesting depth (checked before libyaml's recursive composer runs), the number
of nodes (counted on the event stream before they are composed), merge keys and integer
literals.  Files are read only when they are regular files, and never more than a limit.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class NodeBudgetExceeded(Exception):
    """More nodes than the budget (aliases expanded)."""


@dataclass(slots=True)
class Limits:
    """Resource limits for untrusted drafts (see SECURITY.md); all configurable."""

    max_file_bytes: int = 2 * 1024 * 1024
    max_nodes: int = 100_000
    max_depth: int = 500


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BoundedSafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (never constructs Python objects) with two budgets that libyaml and
    PyYAML lack: merge keys (``<<: *a``) may not copy more than ``max_nodes`` key/value pairs in
    all (a chain of merges is quadratic: a 365 KB file took 38 s and 1.8 GB), and integers are
    at most ``MAX_INT_CHARS`` characters (a sexagesimal ``1:1:1:…`` integer is computed with
    big-number arithmetic, quadratic in its length, and escapes Python's int-digits limit)."""

    MAX_INT_CHARS = 4300

    def __init__(self, stream: str, max_nodes: int = 100_000) -> None:
        super().__init__(stream)
        self.merge_budget = max_nodes
        self.merged: dict[int, set[int]] = {}  # id(mapping) -> ids of keys merged into it

    def flatten_mapping(self, node: Any) -> None:
        own = node.value  # PyYAML replaces the list only when something was merged in
        super().flatten_mapping(node)
        if node.value is not own:
            merged = {id(key) for key, _ in node.value} - {id(key) for key, _ in own}
            self.merged.setdefault(id(node), set()).update(merged)
        self.merge_budget -= len(node.value)
        if self.merge_budget < 0:
            raise NodeBudgetExceeded  # reported as draft/too-large

    def construct_yaml_int(self, node: Any) -> int:
        value = node.value if isinstance(node.value, str) else ""
        if len(value) > self.MAX_INT_CHARS or (":" in value and len(value) > 64):
            raise yaml.constructor.ConstructorError(
                None, None, f"integer too long ({len(value):,} characters)", node.start_mark
            )
        return int(super().construct_yaml_int(node))

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """A date or time as PyYAML reads it; one that does not exist (2026-02-30) stays text,
        so the draft's schema check reports that field instead of the whole file failing."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return str(node.value)


BoundedSafeLoader.add_constructor("tag:yaml.org,2002:int", BoundedSafeLoader.construct_yaml_int)
BoundedSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", BoundedSafeLoader.construct_yaml_timestamp
)

_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))


class _Irregular(Exception):
    """A node the direct construction leaves to PyYAML (alias, merge key, tagged collection)."""


def construct(loader: BoundedSafeLoader, node: Any) -> Any:
    """``loader.construct_document(node)``, faster for the trees drafts are made of.

    Mappings, sequences and text are built directly; every other scalar (numbers, booleans,
    null, dates) by PyYAML's own constructor for it.  A document with anything else (an alias,
    a merge key, a tagged collection, a key that cannot be a dict key) or an error is built by
    PyYAML's ``construct_document`` as a whole, so the result (or error) is always PyYAML's."""
    try:
        return _direct(loader, node, set())
    except (_Irregular, yaml.YAMLError, TypeError, ValueError):
        loader.constructed_objects.clear()
        loader.recursive_objects.clear()
        return loader.construct_document(node)


def _direct(loader: BoundedSafeLoader, node: Any, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Irregular  # an alias: PyYAML shares the object (and bounds alias bombs)
    seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return node.value if tag == _STR else loader.construct_object(node)
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Irregular
            key = _direct(loader, key_node, seen)
            out[key] = _direct(loader, value_node, seen)  # an unhashable key: TypeError
        return out
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_direct(loader, child, seen) for child in node.value]
    raise _Irregular


def read_limited(file: Path, limit: int) -> tuple[bytes | None, int]:
    """Read at most `limit` + 1 bytes of a regular file: (bytes, size), or (None, size) when the
    file is larger than `limit`.  Raises OSError for what is not a regular file (a FIFO would
    block, ``/dev/zero`` never ends: their ``st_size`` is 0)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "目录" if stat.S_ISDIR(info.st_mode) else "设备、管道或套接字"
            raise OSError(0, f"不是普通文件（{kind}）")
        if info.st_size > limit:
            return None, info.st_size
        chunks: list[bytes] = []
        size = 0
        # reads sized by the file (plus one byte, to notice growth): a 1 MB read buffer for a
        # 1 KB draft costs a large allocation per file, a tenth of the time of a batch check
        step = min(1 << 20, info.st_size + 1) if info.st_size else 1 << 16
        while size <= limit:
            chunk = os.read(fd, min(step, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
        return (None, size) if size > limit else (raw, size)
    finally:
        os.close(fd)


class YAMLLimitError(ValueError):
    """A YAML file exceeds a resource limit (nesting, nodes, merge keys)."""


def parse_yaml(text: str, limits: Limits | None = None) -> tuple[Any, Any]:
    """Safe, bounded YAML for files other than drafts (rule packs, config): ``(data, node)``.

    The nesting depth is checked before libyaml's composer runs (it recurses in C and crashes
    the process at ~100,000 levels), nodes are counted on the event stream before they are
    composed, merge keys and integers are bounded (``BoundedSafeLoader``).  Raises
    ``yaml.YAMLError`` for syntax errors and ``YAMLLimitError`` for limits."""
    limits = limits or Limits()
    depth = nesting_estimate(text)
    if depth > limits.max_depth:
        raise YAMLLimitError(f"嵌套超过 {limits.max_depth} 层")
    loader: Any = None
    try:
        if len(text) * 2 >= limits.max_nodes:
            count_nodes(text, limits.max_nodes)
        loader = BoundedSafeLoader(text, limits.max_nodes)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node
    except NodeBudgetExceeded:
        raise YAMLLimitError(f"节点超过 {limits.max_nodes:,} 个（含别名展开）") from None
    except RecursionError:
        raise YAMLLimitError("嵌套过深") from None
    finally:
        if loader is not None:
            loader.dispose()


_FLOW_OPEN = re.compile(r"[\[{]")
_FLOW_CLOSE = re.compile(r"[\]}]")


def nesting_estimate(text: str) -> int:
    """A cheap upper-bound estimate of nesting depth, checked before the C parser runs
    (libyaml recurses per level and crashes on ~100,000 levels): the deepest bracket nesting,
    or half the widest indentation (with ``- ? :``) that starts a line."""
    depth = best = 0
    if "[" in text or "{" in text:
        for m in re.finditer(r"[\[\]{}]", text):
            depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
            best = max(best, depth)
    for line in text.splitlines():
        best = max(best, (len(line) - len(line.lstrip(" -?:"))) // 2)
    return best


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def count_nodes(body: str, limit: int) -> None:
    """Raise NodeBudgetExceeded before composing a document of more than `limit` nodes: the
    composer holds every node (with two marks) in memory, about 500 bytes each, and a 2 MiB
    flow list can hold a million of them."""
    parser = _BaseLoader(body)
    try:
        count = 0
        while parser.check_event():
            if isinstance(parser.get_event(), _NODE_EVENTS):
                count += 1
                if count > limit:
                    raise NodeBudgetExceeded
    finally:
        parser.dispose()
