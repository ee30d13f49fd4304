"""Suppressions written in drafts, and the findings about suppressions that suppress nothing.

YAML drafts use comments::

    title: 全网最好的T恤   # listlint: disable=adlaw/absolute-terms
    # listlint: disable-next-line=adlaw,title/length
    subtitle: 国家级品质
    # listlint: disable-file=image
    description: |   # listlint: disable      (bare: every rule)
      最好的面料……

* ``disable`` covers the findings that start on the comment's line; when a scalar value that
  runs over several lines (a ``|``/``>`` block, a multi-line quoted or plain scalar) starts on
  that line, or belongs to the key on that line, it covers the whole value: a comment after
  ``description: |`` covers the block.
* ``disable-next-line`` covers the next line that is neither blank nor a comment (so several
  directives can be stacked), with the same rule for multi-line values.
* ``disable-file`` covers the whole draft.
* The list after ``=`` holds rule ids or prefixes (``adlaw`` or ``adlaw/absolute-terms``),
  comma-separated; no list means every rule.  Text after `` -- `` is a free-form reason.

Comments are found by a line scan (PyYAML drops comments): a ``#`` counts only at the start of a
line or after whitespace, and only outside every scalar and key of the source map: a ``#`` inside
a quoted string or inside the lines of a block scalar is text, not a comment.  When the draft
cannot be parsed there is no source map, and every ``# listlint:`` after whitespace counts.

JSON drafts have no comments: a top-level ``"listlint-disable": ["adlaw/absolute-terms"]``
disables rules for the whole draft (each line of a ``.jsonl`` catalogue for its own draft); YAML
drafts may use the same key.

A directive, or one entry of its list, that suppresses nothing is reported as
``draft/unused-suppression`` (info): an entry naming a rule that is merely not selected in this run
is not reported, an entry naming no known rule is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from listlint.findings import Finding
from listlint.messages import builtin

if TYPE_CHECKING:
    from listlint.draft.load import LoadedDraft
    from listlint.engine.resources import Resources
    from listlint.engine.select import Selection

RULE = "draft/unused-suppression"
ALL = ""  # the entry of a bare directive
_COMMENT = re.compile(r"(?:^|(?<=\s))#[ \t]*listlint[ \t]*:")
_DIRECTIVE = re.compile(
    r"(?P<kind>disable-next-line|disable-file|disable)"
    r"(?:[ \t]*=[ \t]*(?P<rules>[^\s,#]+(?:[ \t]*,[ \t]*[^\s,#]+)*))?"
    r"[ \t]*(?:(?:--|#).*)?$"
)
_ENTRY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?$")
JSON_SUFFIXES = (".json", ".jsonl")


@dataclass
class Directive:
    kind: str  # "disable", "disable-next-line", "disable-file", "json"
    entries: tuple[str, ...]  # rule ids or prefixes; (ALL,) for a bare directive
    start: int  # file index of the directive (the '#', or the JSON list item)
    end: int
    text: str
    lines: tuple[int, int] = (0, 0)  # first and last finding line covered (line directives)
    field_path: str = ""
    used: set[str] = field(default_factory=set)
    problem: str = ""  # an unparsable directive

    def covers(self, f: Finding) -> str | None:
        """The entry that suppresses `f`, or None."""
        if self.problem:
            return None
        if self.kind in ("disable", "disable-next-line") and not (
            self.lines[0] <= f.line <= self.lines[1]
        ):
            return None
        for entry in self.entries:
            if entry == ALL or _matches(f.rule, entry):
                return entry
        return None


def _matches(rule_id: str, entry: str) -> bool:
    from listlint.engine.select import matches_prefix

    return matches_prefix(rule_id, entry)


def _prefixes(rule_id: str) -> list[str]:
    """The entries that name `rule_id`: every prefix of it, and the bare directive's."""
    parts = rule_id.split("/")
    return [ALL, *("/".join(parts[: i + 1]) for i in range(len(parts)))]


class _Index:
    """Directives by the lines they cover and by entry, so that matching N findings against M
    directives costs about N + M lookups, not N × M (8,000 stacked comments must stay fast).
    Line ranges come from the draft's structure (scalars and their keys), so distinct ranges
    are disjoint or nested, and marking each of their lines is linear in the file."""

    def __init__(self, directives: list[Directive]) -> None:
        self.whole: dict[str, list[Directive]] = {}
        self.ranges: dict[tuple[int, int], dict[str, list[Directive]]] = {}
        self.by_line: dict[int, list[tuple[int, int]]] = {}
        for d in directives:
            if d.problem:
                continue
            if d.kind in ("disable", "disable-next-line"):
                table = self.ranges.get(d.lines)
                if table is None:
                    table = self.ranges[d.lines] = {}
                    for line in range(d.lines[0], d.lines[1] + 1):
                        self.by_line.setdefault(line, []).append(d.lines)
            else:
                table = self.whole
            for entry in d.entries:
                table.setdefault(entry, []).append(d)
        self.hit: set[tuple[tuple[int, int] | None, str]] = set()

    def suppress(self, f: Finding, mark: bool = True) -> bool:
        """Whether a directive covers `f` (recording which entries were used)."""
        found = False
        names = _prefixes(f.rule)
        for where, table in [(None, self.whole)] + [
            (r, self.ranges[r]) for r in self.by_line.get(f.line, ())
        ]:
            for name in names:
                if name in table:
                    found = True
                    if mark:
                        self.hit.add((where, name))
        return found

    def named(self, f: Finding) -> bool:
        """Whether a directive names `f`'s rule (not a bare directive)."""
        names = _prefixes(f.rule)[1:]
        tables = [self.whole] + [self.ranges[r] for r in self.by_line.get(f.line, ())]
        return any(name in table for table in tables for name in names)

    def mark_used(self, directives: list[Directive]) -> None:
        for d in directives:
            where = d.lines if d.kind in ("disable", "disable-next-line") else None
            d.used = {e for e in d.entries if (where, e) in self.hit}


# -- finding directives --------------------------------------------------------------------------
class _Scan:
    """Where the scalars and keys of a YAML draft are, by file index and by line."""

    def __init__(self, doc: LoadedDraft) -> None:
        self.doc = doc
        text = doc.text
        spans: list[tuple[int, int]] = []
        self.extent: dict[int, int] = {}  # line → last line of a scalar value starting on it
        position = doc.source.position
        last_lines: dict[str, int] = {}
        for path, node in doc.source.nodes.items():
            if node.value is None:
                continue
            start, end = node.start, node.end
            if node.style in ("|", ">"):
                nl = text.find("\n", start, end)
                start = nl + 1 if nl != -1 else end  # the header line holds comments
            spans.append((start, end))
            last = end
            while last > node.start + 1 and text[last - 1] in " \t\r\n":
                last -= 1
            last_lines[path] = position(max(node.start, last - 1))[0]
            self._extend(position(node.start)[0], last_lines[path])
        for path, key in doc.source.keys.items():
            spans.append((key.start, key.end))
            if path in last_lines:  # `title:` with its value on the following lines
                self._extend(position(key.start)[0], last_lines[path])
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def _extend(self, first: int, last: int) -> None:
        if last > first:
            self.extent[first] = max(self.extent.get(first, first), last)

    def in_scalar(self, index: int) -> bool:
        i = bisect_right(self.starts, index) - 1
        return i >= 0 and self.spans[i][0] <= index < self.spans[i][1]

    def cover(self, line: int) -> tuple[int, int]:
        return line, self.extent.get(line, line)


def collect(doc: LoadedDraft) -> list[Directive]:
    directives: list[Directive] = []
    if doc.file.suffix.lower() not in JSON_SUFFIXES and "listlint" in doc.text:
        directives.extend(_comments(doc))
    if doc.draft is not None and doc.draft.listlint_disable:
        for i, entry in enumerate(doc.draft.listlint_disable):
            path = f"listlint-disable[{i}]"
            start, end = doc.source.span(path)
            entry = entry.strip().rstrip("/")
            d = Directive("json", (ALL if entry in ("*", "all") else entry,), start, end, entry)
            d.field_path = path
            if not _ENTRY.match(entry) and entry not in ("*", "all"):
                d.problem = builtin().text(RULE, "bad-entry", entries=repr(entry)).message
            directives.append(d)
    return directives


def _comments(doc: LoadedDraft) -> list[Directive]:
    text = doc.text
    scan: _Scan | None = None
    out: list[Directive] = []
    lines = text.split("\n")
    offset = 0
    line_starts: list[int] = []
    for line in lines:
        line_starts.append(offset)
        offset += len(line) + 1
    for lineno, line in enumerate(lines, start=1):
        if "listlint" not in line:
            continue
        for m in _COMMENT.finditer(line):
            index = line_starts[lineno - 1] + m.start()
            if scan is None:
                scan = _Scan(doc)
            if scan.in_scalar(index):
                continue
            body = line[m.end() :].strip().rstrip("\r").strip()
            raw = line[m.start() :].rstrip("\r").rstrip()
            d = Directive("disable", (ALL,), index, index + len(raw), raw)
            parsed = _DIRECTIVE.match(body)
            if parsed is None:
                d.problem = builtin().text(RULE, "unparsable", body=body or "（空）").message
                out.append(d)
                break
            d.kind = parsed.group("kind")
            rules = parsed.group("rules")
            if rules:
                d.entries = tuple(r.strip().rstrip("/") for r in rules.split(",") if r.strip())
                bad = [r for r in d.entries if not _ENTRY.match(r)]
                if bad:
                    d.problem = builtin().text(RULE, "bad-entry", entries=", ".join(bad)).message
            if d.kind == "disable":
                d.lines = scan.cover(lineno)
            elif d.kind == "disable-next-line":
                target = _next_code_line(lines, line_starts, lineno, scan)
                d.lines = scan.cover(target) if target else (0, -1)
            out.append(d)
            break  # one directive per line: the rest of the line is its own text
    return out


def _next_code_line(lines: list[str], starts: list[int], lineno: int, scan: _Scan) -> int:
    for n in range(lineno + 1, len(lines) + 1):
        stripped = lines[n - 1].strip()
        if not stripped:
            continue
        first = starts[n - 1] + (len(lines[n - 1]) - len(lines[n - 1].lstrip()))
        if stripped.startswith("#") and not scan.in_scalar(first):
            continue
        return n
    return 0


# -- applying them -------------------------------------------------------------------------------
def apply(
    resources: Resources,
    selection: Selection,
    doc: LoadedDraft,
    findings: list[Finding],
    *,
    report_unused: bool = True,
) -> list[Finding]:
    """Drop suppressed findings; add one ``draft/unused-suppression`` per directive that has
    entries which suppressed nothing.  Returns the findings sorted."""
    if "listlint" not in doc.text:
        return findings
    directives = collect(doc)
    if not directives:
        return findings
    index = _Index(directives)
    kept = [f for f in findings if not index.suppress(f)]
    index.mark_used(directives)
    if report_unused:
        unused = _unused(resources, selection, doc, directives)
        # a directive may silence the reports about others (disable-file=draft/unused-suppression)
        kept.extend(f for f in unused if not index.named(f))
        kept.sort(key=Finding.sort_key)
    return kept


def _unused(
    resources: Resources, selection: Selection, doc: LoadedDraft, directives: list[Directive]
) -> list[Finding]:
    rule = resources.rule(RULE)
    if (rule is not None and not rule.spec.enabled) or not selection.selected(RULE):
        return []
    known = set(resources.by_id)
    texts = doc.messages or resources.messages
    out: list[Finding] = []
    for d in directives:
        detail = d.problem or _unused_detail(d, known, selection, texts)
        if not detail:
            continue
        variant = "json" if d.kind == "json" else None
        at = (d.start, max(d.end, d.start + 1))
        found = doc.make(RULE, variant, d.field_path, at=at, match=d.text, detail=detail)
        if rule is not None:
            found.severity = rule.severity
        out.append(found)
    return out


def _unused_detail(d: Directive, known: set[str], selection: Selection, texts: Any) -> str:
    """What is wrong with a directive's entries: unused ones, and ones naming no rule (with a
    did-you-mean); "" when every entry was used."""
    unused: list[str] = []
    unknown: list[str] = []
    for entry in d.entries:
        if entry in d.used:
            continue
        if entry == ALL:
            unused.append(texts.text(RULE, "all").message)
            continue
        matching = [r for r in known if _matches(r, entry)]
        if not matching:
            unknown.append(entry)
        elif any(selection.selected(r) for r in matching):
            unused.append(entry)
    parts = []
    if unused:
        parts.append(texts.text(RULE, "unused", entries="、".join(unused)).message)
    if unknown:
        import difflib

        close = [c for e in unknown for c in difflib.get_close_matches(e, known, n=1)]
        hint = f"（是否想写 {'、'.join(close)}？）" if close else ""
        parts.append(texts.text(RULE, "unknown", entries="、".join(unknown), hint=hint).message)
    return "；".join(parts)
