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


def write(findings: list[Finding], baseline_file: Path) -> int:
    """Write the baseline atomically; returns the number of findings recorded."""
    text = dumps(findings, baseline_file)
    baseline_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = baseline_file.with_name(baseline_file.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, baseline_file)
    return len(findings)


def load(baseline_file: Path) -> Counter[Key]:
    try:
        data = json.loads(baseline_file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {baseline_file}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {baseline_file}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{baseline_file}: not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f"{baseline_file}: not a listlint baseline (version {VERSION})")
    counts: Counter[Key] = Counter()
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{baseline_file}: `findings` must be a list")
    for i, entry in enumerate(entries):
        try:
            k = (str(entry["path"]), str(entry["rule"]), str(entry["field"]), str(entry["match"]))
            n = int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{baseline_file}: entry {i} is malformed") from None
        counts[k] += max(0, n)
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
