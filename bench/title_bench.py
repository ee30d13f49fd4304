"""Benchmark the title anatomy's core-word detection on real, labelled titles.

Data: ``../shared/data/real-titles/`` next to the repository (not part of it; see its README):
2,000 Taobao titles with gold core-word spans (type HCCX) and 2,000 JD titles (type "4").

A predicted core term counts as correct when it overlaps a gold core span (precision); a gold
span counts as found when some predicted core term overlaps it (recall).  Targets: 0.80 each,
on each set.  Not a test: when the data is absent the script says so and exits 0.

    .venv/bin/python bench/title_bench.py [--data DIR] [--misses N] [--set taobao|jd]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from listlint.title import analyze_title  # noqa: E402

TARGET = 0.80
SETS = {
    "taobao": ("taobao-ecner-labeled.jsonl", "HCCX"),
    "jd": ("jd-gaiic2022-labeled.jsonl", "4"),
}


@dataclass
class Score:
    titles: int = 0
    predicted: int = 0
    predicted_ok: int = 0
    gold: int = 0
    gold_found: int = 0
    seconds: float = 0.0
    false_pos: list[tuple[str, str]] = field(default_factory=list)
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.predicted_ok / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run_set(path: Path, gold_type: str) -> Score:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    score = Score(titles=len(rows))
    analyze_title("预热标题")  # load the lexicons and jieba outside the timing
    started = time.perf_counter()
    anatomies = [analyze_title(row["title"]) for row in rows]
    score.seconds = time.perf_counter() - started
    for row, anatomy in zip(rows, anatomies, strict=True):
        gold = [(e[0], e[1]) for e in row["entities"] if str(e[2]) == gold_type]
        predicted = [(t.start, t.end) for t in anatomy.core]
        score.gold += len(gold)
        score.predicted += len(predicted)
        for span in predicted:
            if any(_overlaps(span, g) for g in gold):
                score.predicted_ok += 1
            else:
                score.false_pos.append((row["title"][span[0] : span[1]], row["title"]))
        for span in gold:
            if any(_overlaps(span, p) for p in predicted):
                score.gold_found += 1
            else:
                score.misses.append((row["title"][span[0] : span[1]], row["title"]))
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data" / "real-titles"
    )
    parser.add_argument("--set", choices=sorted(SETS), action="append")
    parser.add_argument("--misses", type=int, default=0, help="print N misses and false positives")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"title bench: no data at {args.data} (the shared real-titles folder); skipped")
        return 0
    rows = []
    failed = False
    for name in args.set or list(SETS):
        filename, gold_type = SETS[name]
        path = args.data / filename
        if not path.is_file():
            print(f"title bench: {path} missing; set {name} skipped")
            continue
        score = run_set(path, gold_type)
        ok = score.precision >= TARGET and score.recall >= TARGET
        failed |= not ok
        rate = score.titles / score.seconds if score.seconds else 0.0
        rows.append((name, score, ok, rate))
        if args.misses:
            from collections import Counter

            print(f"-- {name}: most frequent missed gold words")
            for word, n in Counter(w for w, _ in score.misses).most_common(args.misses):
                print(f"   {n:4d} {word}")
            print(f"-- {name}: most frequent false-positive core words")
            for word, n in Counter(w for w, _ in score.false_pos).most_common(args.misses):
                print(f"   {n:4d} {word}")
    header = (
        f"{'set':8} {'titles':>6} {'core P':>7} {'core R':>7} {'target':>7} "
        f"{'result':>6} {'titles/s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, score, ok, rate in rows:
        print(
            f"{name:8} {score.titles:6d} {score.precision:7.3f} {score.recall:7.3f} "
            f"{TARGET:7.2f} {'pass' if ok else 'FAIL':>6} {rate:9.0f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
