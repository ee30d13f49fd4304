"""Catalogue benchmark: rows per second and peak memory of streamed catalogues.

    python bench/catalogue.py            # 1,000,000-row JSON lines + 200,000-row CSV (long)
    python bench/catalogue.py --quick    # 20,000 + 5,000 rows, for a smoke run
    python bench/catalogue.py --rows 200000 --csv-rows 50000 --skip-dask
    python bench/catalogue.py --runs 1     # only the single-process runs (memory, rate)

Each catalogue is checked by whole ``listlint check … --format json`` processes: with one
process (``--jobs 1``), two (``--jobs 2``), and on a Dask ``LocalCluster(n_workers=2,
processes=True, threads_per_worker=1)`` started by this script (``--scheduler``).  The JSON
report is read from the pipe and hashed, so the three runs are also shown to report the same
bytes.  Peak memory is the largest process of a run (for Dask: the client, and the largest
worker).  Rows are generated deterministically: draft-format JSON lines, and a CSV with the
columns of the ``taobao`` preset, from the real titles in ../shared/data/real-titles/ when that
folder exists.  The figures are printed as a table and written to ``--json FILE`` as they come.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CATEGORIES, LISTLINT, SENTENCES, titles

IMAGES = "https://img.example.com/{}/{}.jpg"


def _row(rng: random.Random, pool: list[str], i: int) -> dict[str, Any]:
    price = rng.choice([19.9, 39, 59, 99, 129, 199, 299])
    return {
        "platform": rng.choice(["taobao", "tmall", "jd", "pdd", "douyin"]),
        "category": rng.choice(CATEGORIES),
        "title": rng.choice(pool)[:60],
        "description": "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))),
        "price": price,
        "stock": rng.randint(0, 500),
        "image": IMAGES.format(i % 997, i),
    }


def make_jsonl(path: Path, count: int, seed: int = 11) -> Path:
    if path.exists():
        return path
    rng, pool = random.Random(seed), titles()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            r = _row(rng, pool, i)
            draft = {
                "platform": r["platform"],
                "category": r["category"],
                "title": r["title"],
                "description": r["description"],
                "skus": [{"name": "默认", "price": r["price"], "stock": r["stock"]}],
                "images": [{"path": r["image"], "role": "main", "alt": "主图"}],
            }
            handle.write(json.dumps(draft, ensure_ascii=False) + "\n")
    return path


def make_csv(path: Path, count: int, seed: int = 13) -> Path:
    if path.exists():
        return path
    rng, pool = random.Random(seed), titles()
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["宝贝名称", "类目名称", "宝贝价格", "宝贝数量", "宝贝描述", "宝贝主图"])
        for i in range(count):
            r = _row(rng, pool, i)
            out.writerow(
                [r["title"], r["category"], r["price"], r["stock"], r["description"], r["image"]]
            )
    return path


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    """(seconds, peak RSS MB of the largest process, hash of stdout, CPU seconds of the run's
    own processes: on a machine shared with other work, wall time alone hides how much of
    the cores a run got)."""
    digest = hashlib.blake2b(digest_size=16)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):  # type: ignore[union-attr]
        digest.update(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode != 0:  # --exit-zero: anything else is a run that did not finish
        print(f"  !! {' '.join(cmd[1:3])}: exit status {proc.returncode}", flush=True)
    return elapsed, usage.ru_maxrss / 1024, digest.hexdigest()[:12], cpu


def _worker_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Cluster:
    def __init__(self) -> None:
        import logging

        from distributed import Client, LocalCluster

        self.cluster = LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
        self.client = Client(self.cluster)

    def fresh(self) -> str:
        self.client.restart()  # new worker processes: their peak memory is this run's
        return str(self.cluster.scheduler_address)

    def peak_mb(self) -> float:
        return max(self.client.run(_worker_peak).values()) / 1024

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


def measure(
    name: str,
    path: Path,
    rows: int,
    env: dict[str, str],
    cluster: Cluster | None,
    runs: set[str],
) -> list[dict[str, Any]]:
    base = [LISTLINT, "check", str(path), "--format", "json", "--exit-zero"]
    out: list[dict[str, Any]] = []
    for label, extra in (("1 process", ["--jobs", "1"]), ("2 processes", ["--jobs", "2"])):
        if label[0] not in runs:
            continue
        seconds, peak, digest, cpu = run(base + extra, env)
        out.append({"catalogue": name, "run": label, "rows": rows, "seconds": seconds,
                    "rows_per_s": rows / seconds, "peak_mb": peak, "report": digest,
                    "cpu_s": cpu, "load": os.getloadavg()[0]})  # fmt: skip
        _show(out[-1])
    if cluster is not None:
        address = cluster.fresh()
        seconds, peak, digest = run([*base, "--scheduler", address], env)
        worker = cluster.peak_mb()
        out.append({"catalogue": name, "run": "Dask LocalCluster, 2 workers", "rows": rows,
                    "seconds": seconds, "rows_per_s": rows / seconds, "peak_mb": peak,
                    "worker_peak_mb": worker, "report": digest})  # fmt: skip
        _show(out[-1])
    return out


def _show(r: dict[str, Any]) -> None:
    worker = f" (workers {r['worker_peak_mb']:.0f} MB)" if "worker_peak_mb" in r else ""
    print(
        f"{r['catalogue']:<28} {r['run']:<30} {r['rows']:>9,} rows {r['seconds']:8.1f} s "
        f"{r['rows_per_s']:7,.0f} rows/s  peak {r['peak_mb']:.0f} MB{worker}  "
        f"cpu {r['cpu_s']:.0f} s  load {r['load']:.1f}  report {r['report']}",
        flush=True,
    )


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for name in dict.fromkeys(r["catalogue"] for r in results):
        runs = {r["run"]: r for r in results if r["catalogue"] == name}
        one, two = runs.get("1 process"), runs.get("2 processes")
        dask = runs.get("Dask LocalCluster, 2 workers")
        if one:
            ok = one["peak_mb"] <= 300
            lines.append(f"{name}: peak memory, 1 process {one['peak_mb']:.0f} MB (≤ 300 MB: "
                         f"{'pass' if ok else 'FAIL'})")  # fmt: skip
        if one and two:
            speed = two["rows_per_s"] / one["rows_per_s"]
            lines.append(f"{name}: 2 processes = {speed:.2f}× 1 process (≥ 1.7×: "
                         f"{'pass' if speed >= 1.7 else 'FAIL'})")  # fmt: skip
        if two and dask:
            gap = dask["seconds"] / two["seconds"] - 1
            lines.append(f"{name}: Dask {gap * 100:+.0f} % vs 2 processes (≤ +25 %: "
                         f"{'pass' if gap <= 0.25 else 'FAIL'})")  # fmt: skip
        reports = {r["report"] for r in runs.values()}
        lines.append(f"{name}: reports identical across runs: {len(reports) == 1}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int, default=None, help="JSON-lines rows")
    parser.add_argument("--csv-rows", type=int, default=None)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument(
        "--runs", default="1,2,dask", help="which runs: 1 (process), 2 (processes), dask"
    )
    parser.add_argument("--dir", type=Path, default=None, help="keep the catalogues here")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args()
    rows = args.rows or (20_000 if args.quick else 1_000_000)
    csv_rows = args.csv_rows or (5_000 if args.quick else 200_000)
    root = args.dir or Path(tempfile.mkdtemp(prefix="listlint-catbench-"))
    root.mkdir(parents=True, exist_ok=True)
    (root / "listlint.yaml").write_text("cache: false\ncatalogues: ['*.jsonl']\n", "utf-8")
    os.environ["LISTLINT_CACHE_DIR"] = str(root / "usercache")  # the cluster's workers too
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"listlint catalogue benchmark: {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    jsonl = make_jsonl(root / f"catalogue-{rows}.jsonl", rows)
    table = make_csv(root / f"catalogue-{csv_rows}.csv", csv_rows)
    subprocess.run(
        [LISTLINT, "check", str(root / "listlint.yaml"), "-f", "json"],
        env=env,
        capture_output=True,
        check=False,
    )  # fmt: skip  (builds the user caches)
    runs = set(args.runs.split(","))
    cluster = None if args.skip_dask or "dask" not in runs else Cluster()
    results: list[dict[str, Any]] = []
    try:
        for name, path, count in (
            (f"JSON lines, {rows:,} rows", jsonl, rows),
            (f"CSV (taobao), {csv_rows:,} rows", table, csv_rows),
        ):
            results += measure(name, path, count, env, cluster, runs)
            if args.json:
                args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    finally:
        if cluster is not None:
            cluster.close()
    print()
    for line in verdicts(results):
        print(line)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
