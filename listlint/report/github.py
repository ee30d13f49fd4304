"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=drafts/tee.yaml,line=5,col=3,endLine=5,endColumn=5,title=adlaw/absolute-terms::…``

Escaping follows the runner's rules: in the message ``%``, CR and LF are percent-encoded; in
property values ``:`` and ``,`` are encoded as well."""

from __future__ import annotations

from pathlib import Path

from listlint.findings import Finding, Severity
from listlint.report import Output
from listlint.results import Report

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.ADVICE: "notice",
}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = [
        ("file", Path(f.path).as_posix()),
        ("line", str(f.line)),
        ("col", str(f.column)),
        ("endLine", str(f.end_line)),
        ("endColumn", str(f.end_column)),
        ("title", f"listlint {f.rule}"),
    ]
    message = f.message + f.where()
    if f.suggestion:
        message += f"\n建议：{f.suggestion}"
    if f.reference:
        message += f"\n依据：{f.reference}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[f.severity]} {head}::{escape_data(message)}"


def to_github(report: Report) -> str:
    return "".join(annotation(f.printable()) + "\n" for f in report.findings)


def write(report: Report, out: Output) -> None:
    out.stream.write(to_github(report))
