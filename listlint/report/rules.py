"""``listlint rules``: every rule with its severity, scope and title, fitted to the terminal:
a table on a wide terminal, one block per rule on a narrow one (or in a pipe)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from listlint.findings import printable
from listlint.report import Output
from listlint.report.tree import console_for

WIDE = 120  # columns from which the four-column table reads well


def scope_text(rule: Any) -> str:
    scope = rule.spec.scope
    parts = []
    if scope.platforms:
        parts.append(",".join(scope.platforms))
    if scope.categories:
        shown = " ".join(scope.categories[:3])
        more = len(scope.categories) - 3
        parts.append(shown + (f" (+{more})" if more > 0 else ""))
    if scope.exclude_categories:
        shown = " ".join(scope.exclude_categories[:3])
        more = len(scope.exclude_categories) - 3
        parts.append(f"not {shown}" + (f" (+{more})" if more > 0 else ""))
    if scope.fields != ["text"] and rule.kind in ("terms", "pattern"):
        parts.append("fields: " + ",".join(scope.fields))
    return "; ".join(parts) or "all"


def write_rules(resources: Any, out: Output) -> None:
    console = console_for(out)
    selected = resources.selection.selected
    rows = [  # a pack's texts are data: no markup, no control character, no workflow command
        (printable(rule.id), rule.severity.label + ("" if selected(rule.id) else " (off)"),
         printable(scope_text(rule)), printable(rule.spec.title))
        for rule in resources.rules
    ]  # fmt: skip
    if console.is_terminal and console.width >= WIDE:
        table = Table(show_lines=False, header_style="bold", expand=False)
        table.add_column("rule", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("scope", overflow="fold", max_width=40)
        table.add_column("description", overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        return
    for rule_id, severity, scope, title in rows:
        console.print(Text.assemble((rule_id, "bold magenta"), "  ", (severity, "dim")))
        console.print(Text("  " + title), overflow="fold")
        if scope != "all":
            console.print(Text("  范围 " + scope, style="dim"), overflow="fold")
