"""JUnit XML, the test report most CI systems display (GitLab ``artifacts:reports:junit``,
Jenkins, Azure Pipelines …).

One ``<testsuite>`` per checked file; each finding is a ``<testcase>``: a finding that fails the
run (``--fail-on``, default error) has a ``<failure>`` whose ``type`` is the severity, any other
(a warning under the default) passes with the finding in ``<system-out>``, so a CI dashboard
shows red exactly when the exit status is 1; a file without findings is one passing case."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from listlint.findings import Finding, Severity, printable
from listlint.report import Output
from listlint.results import Report

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    return _XML_INVALID.sub("\ufffd", value)


def _body(f: Finding) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}"]
    if f.field:
        lines.append(f"字段 field: {f.field}")
    if f.match:
        lines.append(f"原文 match: {f.match}")
    if f.row is not None:
        lines.append(f"商品表 row: {f.row}, column: {f.column_name or '-'}")
    if f.suggestion:
        lines.append(f"建议 suggestion: {f.suggestion}")
    if f.reference:
        lines.append(f"依据 reference: {f.reference}")
    return _clean("\n".join(lines))


def to_junit(report: Report) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for path in report.paths:
        by_file.setdefault(printable(path), [])
    for f in report.findings:
        safe = f.printable()
        by_file[safe.path].append(safe)
    root = ET.Element("testsuites", name="listlint")
    total = failures = 0
    level = None if report.fail_on == "never" else Severity.parse(report.fail_on)
    for path in sorted(by_file):
        findings = by_file[path]
        cases = max(1, len(findings))
        failing = sum(1 for f in findings if level is not None and f.severity >= level)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(path),
            tests=str(cases),
            failures=str(failing),
            errors="0",
            skipped="0",
        )
        total += cases
        failures += failing
        if not findings:
            ET.SubElement(suite, "testcase", name="listlint", classname=_clean(path), file=path)
            continue
        for f in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(f"{f.rule} {f.field or '-'} {f.line}:{f.column}"),
                classname=_clean(path),
                file=_clean(path),
                line=str(f.line),
            )
            if level is not None and f.severity >= level:
                failure = ET.SubElement(
                    case, "failure", message=_clean(f.message), type=f.severity.label
                )
                failure.text = _body(f)
            else:
                ET.SubElement(case, "system-out").text = _body(f)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(report: Report, out: Output) -> None:
    out.stream.write(to_junit(report))
