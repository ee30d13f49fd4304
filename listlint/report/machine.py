"""Machine-readable reports: JSON (the contract in the README), JSON lines, concise."""

from __future__ import annotations

import json

from listlint.runner import Report


def to_json(report: Report) -> str:
    data = {
        "version": 1,
        "files": report.files,
        "diagnostics": [f.to_json() for f in report.findings],
        "summary": report.summary(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_json_lines(report: Report) -> str:
    return "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in report.findings)


def to_concise(report: Report) -> str:
    lines = [
        f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}"
        for f in (g.printable() for g in report.findings)
    ]
    return "\n".join(lines) + ("\n" if lines else "")
