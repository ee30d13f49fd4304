"""Baselines: accept the findings a catalogue has today, fail only on new ones.

``listlint check drafts/ --write-baseline .listlint-baseline.json`` records every current finding
by (file, rule, field, matched text), without line or column, so edits elsewhere in a draft do not
invalidate the entry.  Identical findings are counted: an entry with ``count: 2`` absorbs at most
two such findings, a third is new.  ``listlint check drafts/ --baseline .listlint-baseline.json``
then reports only findings not absorbed by the baseline.

Paths in the file are relative to the baseline file's folder (POSIX separators), so the baseline
works from any working directory and on any machine that has the same layout."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from listlint import __version__
from listlint.data import os_problem
from listlint.findings import Finding

VERSION = 1
Key = tuple[str, str, str, str]  # path, rule, field, match


class BaselineError(Exception):
    pass


def _relative(path: str, base: Path) -> str:
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive (Windows)
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def key(f: Finding, base: Path) -> Key:
    return (_relative(f.path, base), f.rule, f.field, f.match)


def _base(baseline_file: Path) -> Path:
    return Path(os.path.abspath(baseline_file)).parent


def dumps(findings: Iterable[Finding], baseline_file: Path) -> str:
    counts = Counter(key(f, _base(baseline_file)) for f in findings)
    entries = [
        {"path": p, "rule": r, "field": fld, "match": m, "count": n}
        for (p, r, fld, m), n in sorted(counts.items())
    ]
    data = {
        "version": VERSION,
        "tool": f"listlint {__version__}",
        "comment": "Known findings: `listlint check --baseline FILE` reports only others.",
        "findings": entries,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


MAX_BYTES = 64 << 20


def write(findings: list[Finding], baseline_file: Path) -> int:
    """Write the baseline (``listlint.safewrite``: a new file renamed over the name, never
    written through a link planted there).  Returns the number of findings recorded."""
    from listlint.safewrite import write_file

    if baseline_file.is_dir():
        raise BaselineError(f"{baseline_file} 是一个目录，请给出基线文件的路径")
    write_file(baseline_file, dumps(findings, baseline_file).encode("utf-8"))
    return len(findings)


def load(baseline_file: Path) -> Counter[Key]:
    from listlint.safeyaml import read_limited

    try:
        raw, size = read_limited(baseline_file, MAX_BYTES)
    except FileNotFoundError:
        raise BaselineError(f"找不到基线文件：{baseline_file}") from None
    except OSError as exc:
        raise BaselineError(f"无法读取基线文件 {baseline_file}：{os_problem(exc)}") from None
    if raw is None:
        raise BaselineError(f"基线文件 {baseline_file} 过大（{size:,} 字节，上限 {MAX_BYTES:,}）")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BaselineError(f"{baseline_file} 不是 JSON：{exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f"{baseline_file} 不是 listlint 基线文件（版本 {VERSION}）")
    counts: Counter[Key] = Counter()
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{baseline_file}：`findings` 应为列表")
    for i, entry in enumerate(entries):
        try:
            k = (str(entry["path"]), str(entry["rule"]), str(entry["field"]), str(entry["match"]))
            n = int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"{baseline_file}：第 {i} 项格式不正确") from None
        counts[k] += max(0, min(n, 1 << 30))
    return counts


@dataclass
class Filtered:
    findings: list[Finding]  # the new findings
    hidden: int  # findings absorbed by the baseline
    stale: int  # baseline findings in the checked files that no longer occur: fixed since


def apply(
    findings: list[Finding],
    baseline: Counter[Key],
    baseline_file: Path,
    checked: Iterable[str] | None = None,
) -> Filtered:
    """Drop the findings the baseline absorbs.  `checked` (display paths of the checked files)
    limits the count of stale entries to files that were checked."""
    remaining = Counter(baseline)
    base = _base(baseline_file)
    kept: list[Finding] = []
    hidden = 0
    for f in findings:
        k = key(f, base)
        if remaining[k] > 0:
            remaining[k] -= 1
            hidden += 1
        else:
            kept.append(f)
    if checked is None:
        stale = sum(remaining.values())
    else:
        paths = {_relative(p, base) for p in checked}
        stale = sum(n for k, n in remaining.items() if k[0] in paths)
    return Filtered(kept, hidden, stale)
