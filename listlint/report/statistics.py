"""``--statistics``: the number of findings per rule instead of the findings."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich.table import Table
from rich.text import Text

from listlint.findings import json_safe, printable
from listlint.report import Output
from listlint.report.tree import console_for, render_summary
from listlint.results import Report


def statistics_rows(report: Report) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    fixable: Counter[str] = Counter()
    for f in report.findings:  # one pass: a catalogue run's findings are a stream
        counts[f.rule] += 1
        severity[f.rule] = f.severity.label
        if f.fix is not None:
            fixable[f.rule] += 1
    rows = []
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = report.rule(rule_id)
        rows.append(
            {
                "rule": rule_id,
                "severity": severity[rule_id],
                "count": count,
                "fixable": fixable[rule_id],
                "title": rule.spec.title if rule is not None else "",
            }
        )
    return rows


def write_statistics(report: Report, fmt: str, out: Output) -> None:
    rows = statistics_rows(report)
    if fmt in ("json", "json-lines"):
        out.stream.write(json_safe(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return
    if fmt == "concise":
        for row in rows:
            out.stream.write(f"{row['count']:6d}  {printable(row['rule'])}  [{row['severity']}]\n")
        return
    console = console_for(out)
    table = Table(header_style="bold", show_edge=False)
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("rule", no_wrap=True, min_width=max((len(r["rule"]) for r in rows), default=4))
    table.add_column("severity", no_wrap=True)
    table.add_column("fixable", justify="right", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    for row in rows:
        table.add_row(  # Text, not markup: a pack's title is data
            str(row["count"]),
            Text(printable(row["rule"])),
            row["severity"],
            str(row["fixable"] or ""),
            Text(printable(row["title"])),
        )
    if rows:
        console.print(table)
    render_summary(report, console)
