"""SARIF 2.1.0 (Static Analysis Results Interchange Format): for GitHub code scanning and other
dashboards that read it.

One run; ``tool.driver.rules`` lists every enabled rule (plus any rule a finding names that is not
among them); each result points at the draft with a path relative to the working directory and a
region whose columns count Unicode code points (``run.columnKind``), as listlint's columns do."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from listlint import __version__
from listlint.findings import Finding, Severity, json_safe
from listlint.report import Output
from listlint.results import Report

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.ADVICE: "note",
}
SRCROOT = "%SRCROOT%"


def artifact_uri(path: str) -> tuple[str, bool]:
    """(uri, relative?) for a display path: relative paths stay relative (percent-encoded)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri(), False
    return quote(p.as_posix(), safe="/"), True


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def rule_descriptor(rule: Any) -> dict[str, Any]:
    spec = rule.spec
    explain = spec.explain.strip() or spec.title
    lines = [explain, "", f"依据 Reference: {spec.general_reference}"]
    md = [f"**{spec.title}**", "", explain, "", f"- 依据 Reference: {spec.general_reference}"]
    if spec.suggestion:
        lines.append(f"建议 Suggestion: {spec.suggestion}")
        md.append(f"- 建议 Suggestion: {spec.suggestion}")
    lines.append(f"listlint explain {spec.id}")
    md.append(f"- `listlint explain {spec.id}`")
    return {
        "id": spec.id,
        "name": spec.id,
        "shortDescription": _text(spec.title),
        "fullDescription": _text(explain),
        "help": {"text": "\n".join(lines), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": True},
        "properties": {
            "tags": list(dict.fromkeys((rule.pack, spec.kind))),  # unique, as SARIF requires
            "reference": spec.general_reference,
        },
    }


def _unknown_descriptor(rule_id: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": _text(rule_id),
        "fullDescription": _text(rule_id),
        "help": {"text": f"listlint explain {rule_id}"},
        "defaultConfiguration": {"level": LEVELS[severity], "enabled": True},
    }


def fingerprint(f: Finding, occurrence: int) -> str:
    """Stable across edits elsewhere in the file (no line numbers), like the baseline key."""
    key = "\0".join((Path(f.path).as_posix(), f.rule, f.field, f.match, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def message_text(f: Finding) -> str:
    text = f.message
    if f.suggestion:
        text += f"\n建议：{f.suggestion}"
    if f.reference:
        text += f"\n依据：{f.reference}"
    return text


def to_sarif_data(report: Report) -> dict[str, Any]:
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    by_id = {rule.id: rule for rule in report.rules}
    for rule in report.rules:
        if rule.spec.enabled and rule.id in report.selected and rule.id not in index:
            index[rule.id] = len(descriptors)
            descriptors.append(rule_descriptor(rule))
    for f in report.findings:
        if f.rule not in index:
            known = by_id.get(f.rule)
            index[f.rule] = len(descriptors)
            descriptors.append(
                rule_descriptor(known) if known else _unknown_descriptor(f.rule, f.severity)
            )

    seen: Counter[tuple[str, str, str, str]] = Counter()
    results: list[dict[str, Any]] = []
    for f in report.findings:
        uri, relative = artifact_uri(f.path)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = SRCROOT
        line, column = max(1, f.line), max(1, f.column)
        end_line = max(line, f.end_line)
        end_column = max(1, f.end_column)
        if end_line == line:
            end_column = max(column, end_column)
        key = (f.path, f.rule, f.field, f.match)
        occurrence = seen[key]
        seen[key] += 1
        properties: dict[str, Any] = {"field": f.field, "match": f.match}
        if f.suggestion:
            properties["suggestion"] = f.suggestion
        if f.reference:
            properties["reference"] = f.reference
        if f.row is not None:  # a catalogue's row and column
            properties["row"] = f.row
            properties["column_name"] = f.column_name
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity],
                "message": _text(message_text(f)),
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": artifact,
                            "region": {
                                "startLine": line,
                                "startColumn": column,
                                "endLine": end_line,
                                "endColumn": end_column,
                            },
                        }
                    }
                ],
                "partialFingerprints": {"listlint/v1": fingerprint(f, occurrence)},
                "properties": properties,
            }
        )

    cwd = Path(os.getcwd()).as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "listlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": cwd}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True}],
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def to_sarif(report: Report) -> str:
    return json_safe(json.dumps(to_sarif_data(report), ensure_ascii=False, indent=2)) + "\n"


def write(report: Report, out: Output) -> None:
    out.stream.write(to_sarif(report))
