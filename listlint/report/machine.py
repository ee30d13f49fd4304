"""Machine-readable reports: JSON (the contract in the README), JSON lines, concise."""

from __future__ import annotations

import json

from listlint.runner import Report


def to_json(report: Report) -> str:
    """The JSON contract: one object; each diagnostic on a line of its own (compact, so that
    json's C encoder does the work: 150,000 findings print in well under a second)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    items = ",\n".join("    " + dumps(f.to_json()) for f in report.findings)
    body = f"[\n{items}\n  ]" if items else "[]"
    return (
        "{\n"
        '  "version": 1,\n'
        f'  "files": {report.files},\n'
        f'  "diagnostics": {body},\n'
        f'  "summary": {dumps(report.summary())}\n'
        "}\n"
    )


def to_json_lines(report: Report) -> str:
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    return "".join(dumps(f.to_json()) + "\n" for f in report.findings)


def to_concise(report: Report) -> str:
    lines = [
        f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}"
        for f in (g.printable() for g in report.findings)
    ]
    return "\n".join(lines) + ("\n" if lines else "")
