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
from typing import TYPE_CHECKING

from listlint.findings import Finding, Severity

if TYPE_CHECKING:
    from listlint.draft.load import LoadedDraft
    from listlint.engine import Engine

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
    from listlint.engine import matches_prefix

    return matches_prefix(rule_id, entry)


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
                d.problem = f"无法识别的规则名 {entry!r}"
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
                d.problem = f"无法识别的 listlint 指令：{body or '（空）'}"
                out.append(d)
                break
            d.kind = parsed.group("kind")
            rules = parsed.group("rules")
            if rules:
                d.entries = tuple(r.strip().rstrip("/") for r in rules.split(",") if r.strip())
                bad = [r for r in d.entries if not _ENTRY.match(r)]
                if bad:
                    d.problem = f"无法识别的规则名 {', '.join(bad)}"
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
    engine: Engine, doc: LoadedDraft, findings: list[Finding], *, report_unused: bool = True
) -> list[Finding]:
    """Drop suppressed findings; add one ``draft/unused-suppression`` per directive that has
    entries which suppressed nothing.  Returns the findings sorted."""
    if "listlint" not in doc.text:
        return findings
    directives = collect(doc)
    if not directives:
        return findings
    kept: list[Finding] = []
    for f in findings:
        suppressed = False
        for d in directives:
            entry = d.covers(f)
            if entry is not None:
                d.used.add(entry)
                suppressed = True
        if not suppressed:
            kept.append(f)
    if report_unused:
        kept.extend(_unused(engine, doc, directives))
        kept.sort(key=Finding.sort_key)
    return kept


def _known(engine: Engine) -> set[str]:
    return {r.id for r in engine.all_rules} | {"listlint/internal-error"}


def _unused(engine: Engine, doc: LoadedDraft, directives: list[Directive]) -> list[Finding]:
    rule = engine.rule(RULE)
    if (rule is not None and not rule.spec.enabled) or not engine.selected(RULE):
        return []
    severity = rule.severity if rule is not None else Severity.INFO
    known = _known(engine)
    out: list[Finding] = []
    for d in directives:
        if d.problem:
            message = d.problem
        else:
            unused: list[str] = []
            unknown: list[str] = []
            for entry in d.entries:
                if entry in d.used:
                    continue
                if entry == ALL:
                    unused.append("所有规则")
                    continue
                matching = [r for r in known if _matches(r, entry)]
                if not matching:
                    unknown.append(entry)
                elif any(engine.selected(r) for r in matching):
                    unused.append(entry)
            if not unused and not unknown:
                continue
            parts = []
            if unused:
                parts.append(f"{'、'.join(unused)} 在此处没有可抑制的问题")
            if unknown:
                parts.append(f"没有名为 {'、'.join(unknown)} 的规则")
            message = "抑制注释未生效：" + "；".join(parts)
        out.append(_finding(doc, d, message, severity))
    # a directive may silence the reports about others (e.g. disable-file=draft/unused-suppression)
    return [
        f
        for f in out
        if not any(d.covers(f) not in (None, ALL) for d in directives if not d.problem)
    ]


def _finding(doc: LoadedDraft, d: Directive, message: str, severity: Severity) -> Finding:
    return doc.finding_at(
        d.start,
        max(d.end, d.start + 1),
        d.field_path,
        RULE,
        severity,
        message,
        match=d.text,
        suggestion="删除该抑制注释或其中无效的规则名"
        if d.kind != "json"
        else "从 listlint-disable 中删除该项",
        reference="listlint 抑制注释：# listlint: disable=规则ID",
    )
