"""Where the time goes: the figures behind the README's profile note.

    python bench/profile.py

Cold run: one ``listlint check one.yaml --format json`` in a fresh interpreter, timed phase by
phase (imports, option parsing, config, the compiled-pack cache, the checks, output), median of
several runs.  Batch: 1,000 generated drafts checked in one process after a warm-up, the time
split by rule kind (plus reading and parsing), per draft.  Drafts come from ``bench/run.py``'s
generator (real titles when ``../shared/data/real-titles/`` exists).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (bench/run.py: the draft generator)

COLD = r"""
import json, sys, time
t0 = time.perf_counter()
marks = {}
import listlint.cli as cli
marks["import listlint.cli (typer, listlint)"] = time.perf_counter()
import listlint.clicheck as clicheck
real_config, real_linter = cli.build_config, cli.linter_for
real_check, real_emit = clicheck._check, clicheck._emit
def timed(name, fn):
    def wrapper(*a, **k):
        marks.setdefault("_before " + name, time.perf_counter())
        try:
            return fn(*a, **k)
        finally:
            marks[name] = time.perf_counter()
    return wrapper
cli.build_config = timed("config", real_config)
cli.linter_for = timed("engine", real_linter)
clicheck._check = timed("checks", real_check)
clicheck._emit = timed("output", real_emit)
cli._exit = lambda code: None
sys.argv = ["listlint", "check", sys.argv[1], "--format", "json"]
cli.main()
end = time.perf_counter()
out = {}
prev = t0
points = [("import listlint.cli (typer, listlint)", marks["import listlint.cli (typer, listlint)"]),
          ("option parsing (typer, pydantic)", marks["_before config"]),
          ("config", marks["config"]),
          ("compiled-resources cache (with the kind modules)", marks["engine"]),
          ("checks (jieba, normalisation, rules)", marks["checks"]),
          ("output", marks["output"])]
for name, t in points:
    out[name] = t - prev
    prev = t
out["total in-process"] = end - t0
print(json.dumps(out), file=sys.stderr)
"""


def cold(one: Path, runs: int) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    samples: list[dict[str, float]] = []
    for i in range(runs + 1):
        proc = subprocess.run(
            [sys.executable, "-c", COLD, str(one)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        if i:  # the first run fills the caches
            samples.append(json.loads(proc.stderr.strip().splitlines()[-1]))
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def batch(folder: Path, count: int) -> tuple[float, Counter[str]]:
    from listlint.api import Linter
    from listlint.config import find_config, load_config, merge
    from listlint.draft.load import load_draft
    from listlint.engine.run import dedupe
    from listlint.engine.suppress import apply as apply_suppressions
    from listlint.files import discover
    from listlint.kinds.base import Context
    from listlint.platforms import Platform

    config = merge(load_config(find_config(folder)))
    linter = Linter.cached(config)
    checker, resources = linter.checker, linter.resources
    files = list(discover([folder], config.exclude))
    spent: Counter[str] = Counter()

    def check(batch: list[Path], spent: Counter[str]) -> None:
        clock = time.perf_counter
        for file in batch:
            t = clock()
            docs = load_draft(file, str(file), resources.limits, None, resources.messages)
            spent["read, parse, validate"] += clock() - t
            for doc in docs:
                if doc.draft is None:
                    continue
                platform = checker.platform_of(doc)
                profile = resources.platforms.get(platform) or Platform(platform)
                ctx = Context(doc, platform, profile, checker.today(), resources)
                found = []
                for rule, fn in checker.plans(platform, ctx.category):
                    t = clock()
                    found.extend(fn(rule, ctx))
                    label = f"kind {rule.kind}"
                    if rule.id == "title/core-missing":  # the first title rule: the anatomy
                        label += " (title/core-missing: the title anatomy)"
                    spent[label] += clock() - t
                t = clock()
                apply_suppressions(
                    resources, resources.selection, doc, dedupe(found), report_unused=True
                )
                spent["suppressions, de-duplication"] += clock() - t

    check(files[:200], Counter())
    start = time.perf_counter()
    check(files[200 : 200 + count], spent)
    return time.perf_counter() - start, spent


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="listlint-profile-"))
    os.environ.setdefault("LISTLINT_CACHE_DIR", str(root / "usercache"))
    one = root / "one.yaml"
    one.write_text(bench.draft_text(random.Random(1), bench.titles()), encoding="utf-8")
    (root / "listlint.yaml").write_text("cache: false\n", encoding="utf-8")
    phases = cold(one, 7)
    print("cold run, one draft (median of 7 processes), in-process phases:")
    for name, seconds in phases.items():
        print(f"  {name:<56} {seconds * 1000:6.1f} ms")
    folder = bench.make_dir(root, 1200)
    count = 1000
    total, spent = batch(folder, count)
    print(f"\nbatch, {count} drafts in one process: {total / count * 1000:.2f} ms per draft")
    for name, seconds in spent.most_common():
        print(f"  {name:<56} {seconds / count * 1000:6.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
