"""Machine-readable reports: JSON (the contract in the README), JSON lines, concise."""

from __future__ import annotations

import json
from collections.abc import Iterator

from listlint.runner import Report


def iter_json(report: Report) -> Iterator[str]:
    """The JSON contract, in chunks: one object; each diagnostic on a line of its own, encoded
    by json's C encoder and written as it goes (a 10,000-draft report never exists as one
    string)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    yield f'{{\n  "version": 1,\n  "files": {report.files},\n  "diagnostics": ['
    for i, f in enumerate(report.findings):
        yield ("\n    " if i == 0 else ",\n    ") + dumps(f.to_json())
    yield "\n  ]" if report.findings else "]"
    yield f',\n  "summary": {dumps(report.summary())}\n}}\n'


def to_json(report: Report) -> str:
    return "".join(iter_json(report))


def iter_json_lines(report: Report) -> Iterator[str]:
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for f in report.findings:
        yield dumps(f.to_json()) + "\n"


def to_json_lines(report: Report) -> str:
    return "".join(iter_json_lines(report))


def iter_concise(report: Report) -> Iterator[str]:
    for f in report.findings:
        g = f.printable()
        yield f"{g.path}:{g.line}:{g.column}: {g.severity.label} {g.rule} {g.message}\n"


def to_concise(report: Report) -> str:
    return "".join(iter_concise(report))
