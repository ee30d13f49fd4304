"""The terminal tree view: file → field → findings, with the offending text in context."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain, groupby
from operator import attrgetter

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.text import Text
from rich.tree import Tree

from listlint.draft.load import decode
from listlint.findings import Finding, Severity, neutralise, printable
from listlint.report import Output
from listlint.results import Report

STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
    Severity.ADVICE: "blue",
}
LABELS = {
    Severity.ERROR: "错误 error",
    Severity.WARNING: "警告 warning",
    Severity.INFO: "提示 info",
    Severity.ADVICE: "建议 advice",
}
CONTEXT = 24  # characters of context on each side of a match


def _lines(report: Report, path: str, cache: dict[str, list[str]]) -> list[str]:
    """The lines of a checked draft, from the bytes its check read (never the file again: it
    may have changed, or be a FIFO or a link to /dev/zero by now)."""
    if path not in cache:
        raw = report.sources.get(path)
        text = decode(raw)[0] if raw is not None else None
        cache[path] = (text or "").split("\n")
    return cache[path]


_CONTROL_TO_MARK = {c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]}


def _snippet(f: Finding, lines: list[str]) -> Text | None:
    if not f.match or f.line > len(lines):
        return None
    # control characters of the file become one visible character each (columns stay aligned)
    line = neutralise(lines[f.line - 1].rstrip("\r").translate(_CONTROL_TO_MARK))
    start = f.column - 1
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    lo, hi = max(0, start - CONTEXT), min(len(line), end + CONTEXT)
    text = Text("  ")
    text.append("…" if lo > 0 else "", style="dim")
    text.append(line[lo:start].lstrip() if lo == 0 else line[lo:start], style="dim")
    text.append(line[start:end], style="bold reverse red")
    text.append(line[end:hi], style="dim")
    text.append("…" if hi < len(line) else "", style="dim")
    # a caret line, so the span stays visible without colours (pipes, CI logs)
    lead = text.plain[: len(text.plain) - len(line[start:hi]) - (1 if hi < len(line) else 0)]
    carets = Text(" " * cell_len(lead) + "^" * max(1, cell_len(line[start:end])), style="red")
    return Text("\n").join([text, carets])


def _groups(report: Report) -> Iterator[tuple[str, Iterable[Finding]]]:
    """Findings by file: a list is grouped whatever its order; a stream (a catalogue run) is in
    report order already, and each file's findings are passed on as they come."""
    if report.streamed:
        yield from groupby(report.findings, key=attrgetter("path"))
        return
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_file[f.path].append(f)
    yield from by_file.items()


def render(report: Report, console: Console, *, show_summary: bool = True) -> None:
    cache: dict[str, list[str]] = {}
    for path, group in _groups(report):
        findings = iter(group)
        first = next(findings, None)
        if first is None:
            continue
        if first.row is not None:
            _render_catalogue(path, chain([first], findings), console)
            continue
        listed = [first, *findings]
        tree = Tree(Text.assemble((printable(path), "bold"), ("  " + _counts(listed), "dim")))
        _add(tree, listed, _lines(report, path, cache))
        console.print(tree)
    if show_summary:
        render_summary(report, console)


def _add(tree: Tree, findings: Iterable[Finding], lines: list[str]) -> None:
    """Findings under `tree`, a branch per field (per column for a catalogue row).  The same
    rule's suggestion and reference are shown once per field (four 迷信 words in one title
    have one 依据)."""
    fields: dict[str, Tree] = {}
    said: set[tuple[str, str, str, str]] = set()  # (field, rule, 建议/依据, text) already shown
    for original in findings:
        f = original.printable()
        name = f.field or "（整个草稿）"
        if f.column_name:
            name = f"{f.column_name} · {name}" if f.field else f.column_name
        elif f.row is not None and not f.field:
            name = "（整行）" if f.row else "（整个文件）"
        branch = fields.get(name)
        if branch is None:
            branch = fields[name] = tree.add(Text(name, style="bold blue"))
        head = Text.assemble(
            (LABELS[f.severity], STYLES[f.severity]),
            "  ",
            (f.rule, "magenta"),
            "  ",
            (f"{f.line}:{f.column}", "dim"),
            "  ",
            f.message,
        )
        parts: list[Text] = [head]
        snippet = _snippet(original, lines)
        if snippet is not None:
            parts.append(snippet)
        elif f.match and f.row is not None:
            parts.append(Text.assemble(("  原文 ", "dim"), (f.match, "bold red")))
        if f.suggestion and (name, f.rule, "建议", f.suggestion) not in said:
            said.add((name, f.rule, "建议", f.suggestion))
            parts.append(_Labelled("建议", "green", Text(f.suggestion)))
        if f.reference and (name, f.rule, "依据", f.reference) not in said:
            said.add((name, f.rule, "依据", f.reference))
            parts.append(_Labelled("依据", "dim", Text(f.reference, style="dim")))
        branch.add(Group(*parts))


class _Labelled:
    """``  建议 text`` with a hanging indent: a wrapped line continues under the text, inside
    the tree's guide, never back under the label (and no trailing padding in a log)."""

    def __init__(self, label: str, style: str, text: Text) -> None:
        self.label = Text(f"  {label} ", style=style)
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.label.cell_len
        width = max(options.max_width - indent, 8)
        for i, line in enumerate(self.text.wrap(console, width, overflow="fold")):
            line.rstrip()
            yield Text.assemble(self.label if i == 0 else " " * indent, line, end="")
            yield Segment.line()


def _render_catalogue(path: str, findings: Iterable[Finding], console: Console) -> None:
    """A catalogue: a line for the file, then a small tree per row with findings (printed as
    each row comes: a million rows never make one tree)."""
    console.print(Text.assemble((printable(path), "bold"), ("  商品表", "dim")))
    for row, group in groupby(findings, key=attrgetter("row")):
        listed = list(group)
        where = "文件" if not row else f"第 {listed[0].line} 行 · 第 {row} 个商品"
        tree = Tree(Text.assemble((where, "bold"), ("  " + _counts(listed), "dim")))
        _add(tree, listed, [])
        console.print(tree)


def _counts(findings: list[Finding]) -> str:
    c = {s: 0 for s in Severity}
    for f in findings:
        c[f.severity] += 1
    text = f"{c[Severity.ERROR]} 错误 · {c[Severity.WARNING]} 警告 · {c[Severity.INFO]} 提示"
    return text + (f" · {c[Severity.ADVICE]} 建议" if c[Severity.ADVICE] else "")


def render_summary(report: Report, console: Console) -> None:
    """One line: the verdict (the exit status's: 未通过 exactly when a finding fails the run),
    the counts, and the advice left out."""
    s = report.summary()
    failed = report.failed()
    style = "bold red" if failed else ("yellow" if s["error"] or s["warning"] else "bold green")
    files = f"检查 {report.files} 个文件"
    files += f"，{report.failing_files()} 个未通过；" if failed else "；"
    parts: list[str | tuple[str, str]] = [
        ("未通过：" if failed else "通过：", style),
        files,
        (f"{s['error']} 错误", "red"),
        " · ",
        (f"{s['warning']} 警告", "yellow"),
        " · ",
        (f"{s['info']} 提示", "cyan"),
    ]
    if s["advice"]:
        parts += [" · ", (f"{s['advice']} 建议", "blue")]
    rows = _rows(s)
    if rows:
        parts.append(rows)
    if s["skipped_non_drafts"]:
        skipped = s["skipped_non_drafts"]
        parts.append(f"；跳过 {skipped} 个非草稿文件")
    if s["advice_hidden"]:
        parts.append(f"（另有 {s['advice_hidden']} 条建议未显示，加 --advice 查看）")
    console.print(Text.assemble(*parts))


def _rows(summary: dict[str, int]) -> str:
    """The rows of the run's catalogues: read, checked, rejected (nothing is lost)."""
    if "rows_read" not in summary:
        return ""
    return (
        f"；商品表读取 {summary['rows_read']:,} 行，检查 {summary['rows_checked']:,} 行，"
        f"拒绝 {summary['rows_rejected']:,} 行"
    )


def console_for(out: Output) -> Console:
    """A rich console writing to `out`: colours on a terminal, wide lines in pipes and logs."""
    console = Console(
        file=out.stream,
        no_color=not out.color,
        force_terminal=out.color or None,
        highlight=False,
        width=out.width,
    )
    if out.width is None and not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = 200  # pipes and logs: wide lines rather than wrapped ones
    return console


def write(report: Report, out: Output) -> None:
    render(report, console_for(out), show_summary=out.summary)
