"""Robustness measurements (issue #7): time and peak memory of hostile inputs, and how a very
large rule pack scales.  Prints one table; nothing here is asserted (the tests in
tests/robustness/ hold only generous safety bounds).

    python bench/robustness.py            # everything (~2 minutes on 2 cores)
    python bench/robustness.py --quick    # one repetition, smaller packs

Every figure is a whole ``listlint`` process (``python -c 'from listlint.cli import main'``)
unless marked in-process; peak RSS is the child's ``ru_maxrss``.  Warm runs have the engine
cache ($LISTLINT_CACHE_DIR) but no result cache (``.listlint_cache`` is deleted before each),
so they measure checking, not cache hits.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    proc = subprocess.run(sys.argv[1:], capture_output=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"rc": proc.returncode, "seconds": elapsed, "peak_mb": peak / 1024,
                      "stdout": proc.stdout.decode("utf-8", "replace")}))
    """
)
LISTLINT = [sys.executable, "-c", "from listlint.cli import main; main()"]


def measure(args: list[str], cache: Path, cwd: Path) -> dict:
    env = {"LISTLINT_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *LISTLINT, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=True,
    )
    return json.loads(out.stdout)


def median_run(args: list[str], cache: Path, cwd: Path, reps: int) -> dict:
    runs = []
    for _ in range(reps):
        shutil.rmtree(cwd / ".listlint_cache", ignore_errors=True)
        runs.append(measure(args, cache, cwd))
    best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def rules_in(stdout: str) -> str:
    try:
        found = json.loads(stdout)["diagnostics"]
    except (ValueError, KeyError):
        return "?"
    rules = sorted({d["rule"] for d in found})
    return ", ".join(rules[:3]) + (" …" if len(rules) > 3 else "")


# -- inputs ------------------------------------------------------------------------------------
def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "category: 家居\ntitle: 水杯\n" + "\n".join(lines) + "\n"


def merge_chain(levels: int) -> str:
    lines = ["a0: &a0 {k0: 1}"]
    lines += [f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: 1}}" for i in range(1, levels)]
    return "category: 家居\ntitle: 水杯\n" + "\n".join(lines) + "\n"


def huge_file(path: Path, megabytes: int) -> None:
    line = "  新疆长绒棉，32支双股织造，透气不闷汗。适合通勤、居家、出游。\n".encode()
    with path.open("wb") as handle:
        handle.write("category: 服装/女装/T恤\ntitle: 纯棉T恤\ndescription: |\n".encode())
        block = line * (MB // len(line))
        for _ in range(megabytes):
            handle.write(block)


def long_line(path: Path, size: int) -> None:
    words = "新疆长绒棉透气不闷汗适合通勤居家出游采用最好工艺，国家级品质舒适柔软。"
    body = (words * (size // (3 * len(words)) + 1))[: size // 3]
    path.write_text(f"category: 服装/女装/T恤\ntitle: 纯棉T恤\ndescription: {body}\n", "utf-8")


def term_pack(path: Path, count: int) -> list[str]:
    rng = random.Random(7)
    terms: set[str] = set()
    while len(terms) < count:
        terms.add("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5))))
    ordered = sorted(terms)
    body = "".join(f"      - {t}\n" for t in ordered)
    path.write_text(
        f"pack: big\nversion: '1.0'\ndescription: generated\nrules:\n"
        f"  - id: big/terms\n    kind: terms\n    severity: warning\n    title: t\n"
        f"    message: 命中 {{match}}\n    reference: generated\n    boundary: none\n"
        f"    terms:\n{body}",
        encoding="utf-8",
    )
    return ordered


def drafts(folder: Path, count: int, hit: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    titles = [
        "北欧简约陶瓷马克杯大容量办公室水杯",
        "新疆长绒棉纯棉短袖T恤女宽松百搭",
        "每日坚果混合装",
    ]
    for i in range(count):
        (folder / f"d{i:02}.yaml").write_text(
            f"category: 家居/水杯\ntitle: {titles[i % 3]}{hit if i % 4 == 0 else ''}\n"
            "description: |\n  适合通勤、居家、出游，透气不闷汗。\n  采用优质材料。\n",
            encoding="utf-8",
        )


def in_process_pack(pack: Path, folder: Path) -> dict[str, float]:
    """Pack load, engine build and checking, timed inside one fresh interpreter."""
    code = textwrap.dedent(
        f"""
        import json, time
        from pathlib import Path
        t0 = time.perf_counter()
        from listlint.packs.loader import load_pack
        p = load_pack(Path({str(pack)!r}))
        t1 = time.perf_counter()
        from listlint.config import Config
        from listlint.engine import Engine
        e = Engine(Config(select=["big"], packs=[{str(pack)!r}], cache=False))
        e.warm()
        t2 = time.perf_counter()
        files = sorted(Path({str(folder)!r}).glob("*.yaml"))
        for f in files:
            e.check_file(f, f.name)
        t3 = time.perf_counter()
        for f in files:
            e.check_file(f, f.name)
        t4 = time.perf_counter()
        print(json.dumps({{"load_pack": t1 - t0, "engine": t2 - t1, "first_check": t3 - t2,
                           "check": t4 - t3}}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"LISTLINT_CACHE_DIR": str(folder.parent / "inproc-cache"), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout)


# -- the table ---------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    reps = 1 if args.quick else 3
    big = 20_000 if args.quick else 100_000
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, run: dict, note: str = "") -> None:
        rows.append((name, f"{run['seconds']:.2f}", f"{run['peak_mb']:.0f}", str(run["rc"]), note))
        print(f"  {name}: {run['seconds']:.2f} s, {run['peak_mb']:.0f} MB", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="listlint-robust-") as tmp_name:
        tmp = Path(tmp_name)
        cache = tmp / "cache"
        (tmp / "d.yaml").write_text("category: 家居/水杯\ntitle: 陶瓷马克杯\n", encoding="utf-8")
        measure(["check", tmp / "d.yaml"], cache, tmp)  # build the caches once
        row("baseline: one small draft", median_run(["check", "d.yaml"], cache, tmp, reps))

        (tmp / "bomb.yaml").write_text(billion_laughs(), encoding="utf-8")
        run = median_run(["check", "bomb.yaml", "--format", "json"], cache, tmp, reps)
        row("alias bomb (9 levels × 9, 387M nodes)", run, rules_in(run["stdout"]))

        (tmp / "merge.yaml").write_text(merge_chain(10_000), encoding="utf-8")
        run = median_run(["check", "merge.yaml", "--format", "json"], cache, tmp, reps)
        row("merge-key chain (10,000 levels, 365 KB)", run, rules_in(run["stdout"]))

        (tmp / "flow.yaml").write_text("[" + "1," * 1_000_000 + "1]", encoding="utf-8")
        run = median_run(["check", "flow.yaml", "--format", "json"], cache, tmp, reps)
        row("1M-node flow list (2 MB)", run, rules_in(run["stdout"]))

        (tmp / "deep.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        run = median_run(["check", "deep.yaml", "--format", "json"], cache, tmp, reps)
        row("100,000 levels of flow nesting", run, rules_in(run["stdout"]))

        huge_file(tmp / "huge.yaml", 50)
        run = median_run(["check", "huge.yaml", "--format", "json"], cache, tmp, reps)
        row("50 MB file", run, rules_in(run["stdout"]))

        long_line(tmp / "line10.yaml", 10 * MB)
        run = median_run(["check", "line10.yaml", "--format", "json"], cache, tmp, reps)
        row("10 MB single-line description (default limit)", run, rules_in(run["stdout"]))
        raised = tmp / "raised"
        raised.mkdir()
        (raised / "listlint.yaml").write_text(f"max-file-bytes: {16 * MB}\n", encoding="utf-8")
        shutil.copy(tmp / "line10.yaml", raised / "line10.yaml")
        run = median_run(["check", "line10.yaml", "--format", "json"], cache, raised, 1)
        row("10 MB single-line description (max-file-bytes 16 MiB)", run, rules_in(run["stdout"]))
        long_line(tmp / "line1.yaml", MB)
        run = median_run(["check", "line1.yaml", "--format", "json"], cache, tmp, reps)
        row("1 MB single-line description (within the limit)", run, rules_in(run["stdout"]))

        # the term-pack scaling: N/10 and N terms, same 20 drafts
        times: dict[int, dict[str, float]] = {}
        for count in (big // 10, big):
            work = tmp / f"pack{count}"
            work.mkdir()
            ordered = term_pack(work / "pack.yaml", count)
            drafts(work / "drafts", 20, ordered[count // 2])
            pcache = work / "cache"
            argv = ["check", "drafts", "--pack", "pack.yaml", "--select", "big", "--format", "json"]
            cold = measure(argv, pcache, work)
            row(f"{count:,}-term pack, cold (builds caches), 20 drafts", cold)
            warm = median_run(argv, pcache, work, reps)
            row(f"{count:,}-term pack, warm, 20 drafts", warm)
            inproc = in_process_pack(work / "pack.yaml", work / "drafts")
            times[count] = {"cold": cold["seconds"], "warm": warm["seconds"], **inproc}
            rows.append(
                (
                    f"  in-process, {count:,} terms",
                    f"{inproc['check']:.3f}",
                    "",
                    "",
                    f"load_pack {inproc['load_pack']:.2f} s, engine {inproc['engine']:.2f} s, "
                    f"first check {inproc['first_check']:.2f} s, check 20 drafts "
                    f"{inproc['check'] * 1000:.0f} ms",
                )
            )
        small, large = times[big // 10], times[big]
        ratios = {k: large[k] / small[k] for k in ("cold", "warm", "check", "load_pack", "engine")}

    width = max(len(r[0]) for r in rows)
    print(f"\n{'input':<{width}}  {'seconds':>8}  {'peak MB':>7}  {'exit':>4}  result")
    for name, seconds, peak, rc, note in rows:
        print(f"{name:<{width}}  {seconds:>8}  {peak:>7}  {rc:>4}  {note}")
    print(
        f"\n{big:,} vs {big // 10:,} terms (target: ≤ 1.3× for 10× the terms): "
        + ", ".join(f"{k} {v:.2f}×" for k, v in ratios.items())
    )


if __name__ == "__main__":
    main()
