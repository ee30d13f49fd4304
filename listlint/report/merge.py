"""``listlint merge``: the reports of a CI matrix's shards as one report.

JSON reports (``--format json``) become one JSON report: the files and every summary count
summed, the diagnostics in report order.  SARIF logs become one log with one run: the rules
of all runs, each once (by id, the first description kept), and every result with its
``ruleIndex`` pointing into that list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

KINDS = ("json", "sarif")


class MergeError(Exception):
    """A report that cannot be merged (the CLI exits 2); the text is Chinese."""


def kind_of(data: Any, name: str) -> str:
    if isinstance(data, dict) and isinstance(data.get("runs"), list) and "version" in data:
        return "sarif"
    if isinstance(data, dict) and isinstance(data.get("diagnostics"), list):
        return "json"
    raise MergeError(f"{name}：既不是 listlint 的 JSON 报告，也不是 SARIF 日志")


def load(paths: Sequence[Path]) -> tuple[str, list[dict[str, Any]]]:
    """(kind, reports) of the files; all of one kind."""
    kinds: set[str] = set()
    reports: list[dict[str, Any]] = []
    for path in paths:
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            from listlint.data import os_problem

            raise MergeError(f"{path}：无法读取：{os_problem(exc)}") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise MergeError(f"{path}：不是有效的 JSON（{exc}）") from None
        kinds.add(kind_of(data, str(path)))
        reports.append(data)
    if len(kinds) > 1:
        raise MergeError("不能把 JSON 报告和 SARIF 日志合并在一起：请分别合并")
    return (kinds.pop() if kinds else "json"), reports


def _order(d: dict[str, Any]) -> str:
    """By path only, and stable: a file is in one shard, so each file's diagnostics keep the
    order its run wrote them in (a catalogue's row order) and the whole is the unsharded run's."""
    return str(d.get("path", ""))


def merge_json(reports: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON report, in chunks (one diagnostic a line, as ``listlint check`` writes it)."""
    files = 0
    summary: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
    diagnostics: list[dict[str, Any]] = []
    for report in reports:
        files += int(report.get("files", 0))
        diagnostics.extend(report.get("diagnostics", []))
        for key, value in (report.get("summary") or {}).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                summary[key] = summary.get(key, 0) + int(value)
    diagnostics.sort(key=_order)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    yield f'{{\n  "version": 1,\n  "files": {files},\n  "diagnostics": ['
    for i, d in enumerate(diagnostics):
        yield ("\n    " if i == 0 else ",\n    ") + dumps(d)
    yield "\n  ]" if diagnostics else "]"
    yield f',\n  "summary": {dumps(summary)}\n}}\n'


def merge_sarif(logs: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One SARIF log with one run."""
    merged: dict[str, Any] | None = None
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    successful = True
    schema = None
    for log in logs:
        schema = schema or log.get("$schema")
        for run in log.get("runs", []):
            if merged is None:
                merged = {k: v for k, v in run.items() if k not in ("results", "invocations")}
            driver = run.get("tool", {}).get("driver", {})
            own = driver.get("rules", [])
            for rule in own:
                if rule.get("id") not in index:
                    index[rule["id"]] = len(rules)
                    rules.append(rule)
            for result in run.get("results", []):
                results.append(_reindex(result, own, index, rules))
            for invocation in run.get("invocations", []):
                successful = successful and bool(invocation.get("executionSuccessful", True))
    run = merged or {"tool": {"driver": {"name": "listlint"}}}
    run["tool"] = {**run["tool"], "driver": {**run["tool"]["driver"], "rules": rules}}
    run["invocations"] = [{"executionSuccessful": successful}]
    run["results"] = results
    out: dict[str, Any] = {"version": "2.1.0", "runs": [run]}
    if schema:
        out = {"$schema": schema, **out}
    return out


def _reindex(
    result: dict[str, Any],
    own: list[dict[str, Any]],
    index: dict[str, int],
    rules: list[dict[str, Any]],
) -> dict[str, Any]:
    result = dict(result)
    rule_id = result.get("ruleId")
    if rule_id is None and isinstance(result.get("ruleIndex"), int):
        i = result["ruleIndex"]
        rule_id = own[i].get("id") if 0 <= i < len(own) else None
    if rule_id is None:
        result.pop("ruleIndex", None)
        return result
    if rule_id not in index:  # a result whose rule its run did not list
        index[rule_id] = len(rules)
        rules.append({"id": rule_id})
    result["ruleIndex"] = index[rule_id]
    return result


def write(paths: Sequence[Path], fmt: str | None, out: Any) -> str:
    """Merge the reports at `paths` into `out` (a text stream); returns the format written."""
    kind, reports = load(paths)
    fmt = fmt or kind
    if fmt != kind:
        shown = {"json": "JSON 报告", "sarif": "SARIF 日志"}
        raise MergeError(f"输入是{shown[kind]}，不能合并为 {fmt}（--format {kind}）")
    if fmt == "json":
        out.writelines(merge_json(reports))
    else:
        out.write(json.dumps(merge_sarif(reports), ensure_ascii=False, indent=2) + "\n")
    return fmt
