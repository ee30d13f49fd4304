"""``listlint explain RULE``: what a rule checks, why, its reference and examples."""

from __future__ import annotations

import yaml
from rich.console import Console
from rich.text import Text

from listlint.findings import printable, printable_lines
from listlint.kinds.base import Rule


def _example(example: object) -> str:
    if isinstance(example, str):
        return printable(example)
    return printable(
        yaml.safe_dump(
            example, allow_unicode=True, default_flow_style=True, sort_keys=False
        ).strip()
    )


def render_rule(rule: Rule, console: Console) -> None:
    """Every text of a pack is data, printed as Text (never as rich markup) through
    ``printable`` (a user pack's ``explain`` must not carry escape sequences or CI workflow
    commands into a log)."""
    spec = rule.spec
    console.print(
        Text.assemble((printable(spec.id), "bold magenta"), "  ", (printable(spec.title), "bold"))
    )
    console.print(
        Text.assemble(
            ("severity: ", "dim"),
            rule.severity.label,
            ("   kind: ", "dim"),
            spec.kind,
            ("   pack: ", "dim"),
            printable(rule.source),
        )
    )
    scope = spec.scope
    bits = []
    if scope.platforms:
        bits.append("platforms " + ", ".join(scope.platforms))
    if scope.categories:
        bits.append("categories " + ", ".join(scope.categories))
    if scope.exclude_categories:
        bits.append("not " + ", ".join(scope.exclude_categories))
    bits.append("fields " + ", ".join(scope.fields))
    console.print(Text.assemble(("scope: ", "dim"), printable("; ".join(bits))))
    console.print()
    console.print(Text("它检查什么 / What it checks", style="bold"))
    console.print(Text(printable_lines(spec.explain.strip()) or printable(spec.title)))
    console.print()
    console.print(Text.assemble(("依据 Reference: ", "bold"), printable(spec.general_reference)))
    console.print(Text.assemble(("提示信息 Message: ", "bold"), printable(spec.message)))
    if spec.suggestion:
        console.print(Text.assemble(("建议 Suggestion: ", "bold"), printable(spec.suggestion)))
    fix = spec.fix
    fixable = fix is not None or any(
        getattr(t, "fix", None)
        for t in getattr(rule.params, "terms", []) or []
        if not isinstance(t, str)
    )
    if fixable:
        console.print(
            Text.assemble(
                ("自动修复 Fix: ", "bold"),
                "listlint check --fix 可自动修复（"
                + (
                    "删除该词"
                    if fix is None or fix.action == "delete"
                    else f"替换为“{printable(fix.with_)}”"
                )
                + "）",
            )
        )
    else:
        console.print(Text.assemble(("自动修复 Fix: ", "bold"), "无（需人工改写）"))
    if spec.examples.bad or spec.examples.good:
        console.print()
    for example in spec.examples.bad:
        console.print(Text.assemble(("  ✗ 违规 bad:  ", "red"), _example(example)))
    for example in spec.examples.good:
        console.print(Text.assemble(("  ✓ 合规 good: ", "green"), _example(example)))
