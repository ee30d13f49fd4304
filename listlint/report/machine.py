"""Machine-readable reports: JSON (the contract in the README), JSON lines, concise."""

from __future__ import annotations

import json
from collections.abc import Iterator

from listlint.findings import Finding, json_safe
from listlint.report import Output
from listlint.results import Report

# json's own string encoder (C), as JSONEncoder(ensure_ascii=False) uses it
_string = json.encoder.encode_basestring


def encode_finding(f: Finding) -> str:
    """``json.dumps(f.to_json(), ensure_ascii=False, separators=(", ", ": "))``, assembled
    directly: the same text (tests/test_cli_formats.py compares them) at less than half the
    cost, which matters for the 60,000 findings of a catalogue run.  ``json_safe``: a ``##[``
    in a value is written ``#\\u0023[`` (the same data, no CI workflow command)."""
    suggestion = "null" if f.suggestion is None else _string(f.suggestion)
    return json_safe(
        f'{{"path": {_string(f.path)}, "line": {f.line:d}, "column": {f.column:d}, '
        f'"end_line": {f.end_line:d}, "end_column": {f.end_column:d}, '
        f'"field": {_string(f.field)}, "rule": {_string(f.rule)}, '
        f'"severity": {_string(f.severity.label)}, "match": {_string(f.match)}, '
        f'"message": {_string(f.message)}, "suggestion": {suggestion}, '
        f'"reference": {_string(f.reference)}, "fixable": {"false" if f.fix is None else "true"}'
        + ("}" if f.row is None else _catalogue_keys(f))
    )


def _catalogue_keys(f: Finding) -> str:
    name = "null" if f.column_name is None else _string(f.column_name)
    return f', "row": {f.row:d}, "column_name": {name}}}'


def iter_json(report: Report) -> Iterator[str]:
    """The JSON contract, in chunks: one object; each diagnostic on a line of its own, written
    as it goes (a 10,000-draft report never exists as one string; a catalogue's findings are
    written as its rows are checked)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    yield f'{{\n  "version": 1,\n  "files": {report.files},\n  "diagnostics": ['
    written = False
    for f in report.findings:
        yield (",\n    " if written else "\n    ") + encode_finding(f)
        written = True
    yield "\n  ]" if written else "]"
    # the summary comes last: a catalogue run counts its findings and rows as it writes them
    yield f',\n  "summary": {dumps(report.summary())}\n}}\n'


def to_json(report: Report) -> str:
    return "".join(iter_json(report))


def iter_json_lines(report: Report) -> Iterator[str]:
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for f in report.findings:
        yield json_safe(dumps(f.to_json())) + "\n"


def to_json_lines(report: Report) -> str:
    return "".join(iter_json_lines(report))


def iter_concise(report: Report) -> Iterator[str]:
    for f in report.findings:
        g = f.printable()
        yield f"{g.path}:{g.line}:{g.column}: {g.severity.label} {g.rule} {g.message}{g.where()}\n"


def to_concise(report: Report) -> str:
    return "".join(iter_concise(report))


def write_json(report: Report, out: Output) -> None:
    out.stream.writelines(iter_json(report))


def write_json_lines(report: Report, out: Output) -> None:
    out.stream.writelines(iter_json_lines(report))


def write_concise(report: Report, out: Output) -> None:
    out.stream.writelines(iter_concise(report))
