"""Flag rates on real titles: the share of real platform titles each rule flags.

Real titles rarely break the law or a platform's hard limit, so on them a flag rate is a
precision signal (../shared/data/README.md): a violation rule (error or warning) that flags more
than 1 % of real titles is crying wolf, unless it enforces a hard platform limit with a cited
source.  Advice has no budget.

Every title becomes a draft with only a title (``platform: jd`` for the JD titles, ``taobao``
for the Taobao ones; no category, so the family is inferred from the title where it can be).
A rule counts a title when it reports a finding in the ``title`` field; findings about fields
a title-only draft lacks (a missing category, description or parameter table) cannot be judged
on titles and are listed apart.

    python bench/flag_rates.py              # all 25k titles (about a minute)
    python bench/flag_rates.py --limit 2000 # the first 2,000 of each file
    python bench/flag_rates.py --json       # the table as JSON

Needs ../shared/data/real-titles/ (not part of the project); exits 0 with a note without it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from listlint import Linter  # noqa: E402
from listlint.config import Config  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "real-titles"
SETS = {"jd": "jd-gaiic2022-titles.txt", "taobao": "taobao-ecner-titles.txt"}
BUDGET = 0.01  # violations: at most 1 % of real titles
# violation rules that enforce a hard platform limit, with the source that sets it
HARD_LIMITS = {
    "title/length": "taobao.item.add: 60 units (a CJK character counts 2); "
    "抖店 product/add: 30 characters",
}


def titles(name: str, limit: int | None) -> list[str]:
    lines = (DATA / SETS[name]).read_text(encoding="utf-8").splitlines()
    out = [line.strip() for line in lines if line.strip()]
    return out[:limit] if limit else out


def measure(limit: int | None) -> dict[str, object]:
    linter = Linter(Config(advice=True, cache=False))
    severity = {r.id: r.severity.label for r in linter.resources.rules}
    flagged: dict[str, Counter[str]] = {name: Counter() for name in SETS}
    elsewhere: Counter[str] = Counter()
    sizes: dict[str, int] = {}
    started = time.perf_counter()
    for name in SETS:
        rows = titles(name, limit)
        sizes[name] = len(rows)
        for title in rows:
            found = linter.lint_draft({"platform": name, "title": title})
            in_title = {f.rule for f in found if f.field == "title" or f.field.startswith("title")}
            flagged[name].update(in_title)
            elsewhere.update({f.rule for f in found} - in_title)
            severity.update({f.rule: f.severity.label for f in found})
    seconds = time.perf_counter() - started
    rules = sorted(
        set().union(*flagged.values()),
        key=lambda r: -sum(flagged[n][r] for n in SETS) / max(1, sum(sizes.values())),
    )
    rows_out = []
    total = sum(sizes.values())
    for rule in rules:
        share = {n: flagged[n][rule] / sizes[n] for n in SETS}
        overall = sum(flagged[n][rule] for n in SETS) / total
        level = severity.get(rule, "?")
        violation = level in ("error", "warning")
        if not violation:
            status = "advice" if level == "advice" else "note"
        elif overall <= BUDGET:
            status = "ok"
        elif rule in HARD_LIMITS:
            status = "hard limit"
        else:
            status = "OVER"
        rows_out.append(
            {"rule": rule, "severity": level, **share, "all": overall, "status": status}
        )
    return {
        "titles": sizes,
        "seconds": round(seconds, 1),
        "rules": rows_out,
        "not_judged": sorted(elsewhere),
        "hard_limits": HARD_LIMITS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="titles per file")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    args = parser.parse_args()
    if not all((DATA / f).is_file() for f in SETS.values()):
        print(f"no real titles in {DATA}: see ../shared/data/README.md (nothing measured)")
        return 0
    result = measure(args.limit)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    sizes = result["titles"]
    print(f"real titles: jd {sizes['jd']:,}, taobao {sizes['taobao']:,} ({result['seconds']} s)")
    print(f"{'rule':38} {'severity':9} {'jd':>7} {'taobao':>7} {'all':>7}  budget ≤ 1 %")
    print("-" * 86)
    for row in result["rules"]:
        print(
            f"{row['rule']:38} {row['severity']:9} {row['jd']:7.2%} {row['taobao']:7.2%} "
            f"{row['all']:7.2%}  {row['status']}"
        )
    print("\nnot judged on titles (they report fields a title-only draft lacks):")
    print("  " + ", ".join(result["not_judged"]))
    for rule, source in HARD_LIMITS.items():
        print(f"hard limit {rule}: {source}")
    over = [r["rule"] for r in result["rules"] if r["status"] == "OVER"]
    if over:
        print("\nover budget: " + ", ".join(over))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
